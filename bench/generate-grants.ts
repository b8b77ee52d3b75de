// npm run bench:seed -- --grants (or after --cases N): the support grants' data (issue 18) over the cases and
// workers already loaded. ≈ 200,000 applications (GRANT_TARGET), at most one per worker, for cases whose contract was
// signed from 2022 on, by workers who qualify: a resident of one of the province's eligible areas (MTQG: ≈ 65 % of
// the communes of the provinces that send workers, none in the five big cities) or, from 2026, of a poor or
// near-poor household (Decree 338). Each application is what the app would have left behind
// (server/modules/grants/grants.workflow.ts): submitted when it was created (apply submits at once), then the
// commune certifies or returns it, the province approves, rejects or returns it, a returned dossier is resubmitted
// or abandoned; whatever happens after BENCH_TODAY has not happened, so recent applications are still open. The
// events, the claims with their allowed amounts and arithmetic (the app's own allowedFor), the eligibility stored at
// the last evaluation (the app's eligibility/bestGroup), the R26 awards of the approved ones, the province budgets
// (committed = what was approved), and the R27 processing obligation of every submitted application (open, paused
// while returned, met when decided; its due date in working days from the holiday calendar, as
// processingObligation computes it). The commune's certification in 2026 writes the household's year on the
// worker, as certifyHousehold does. The users who acted: the agencies' accountants (bench-staff-<agency>, as
// loadLedgers makes them), one officer per commune (bench-commune-<code>) and per province (bench-province-<code>).
// Deterministic: seeded PRNG per case, dates counted from BENCH_TODAY.
import type pg from 'pg';
import { addDays } from '../server/shared/dates';
import { verdict, type Verdict } from '../server/shared/rules';
import { WorkingCalendar, type HolidayRow } from '../server/shared/working-days';
import { PolicySet, type PolicyRow } from '../server/modules/policies/policies.service';
import { CASE_STATE_TABLE } from '../server/modules/cases/cases.states';
import type { CaseState } from '../server/modules/cases';
import {
  allowedFor,
  bestGroup,
  eligibility,
  type ClaimAllowed,
  type Criterion,
  type EligibilityFacts,
  type Item,
  type Programme,
} from '../server/modules/grants/grants.rules';
import { BENCH_TODAY, copy, dropIndexesAndKeys, idsAreOneToN, seconds } from './generate-cases';
import { rng } from './random';
import { GRANT_PROVINCE } from './scenarios-grants';

/** About this many applications (the issue's "province queue on a seed of 200,000 applications"). */
export const GRANT_TARGET = 200_000;

const N = '\\N';
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');
const opt = (v: string | number | null | undefined) => (v === null || v === undefined ? N : esc(String(v)));
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

/** No eligible area (MTQG lists poor districts and difficult coastal communes; the big cities have none). */
const NO_AREAS = new Set(['01', '79', '48', '31', '92']);
const AREA_SHARE = 0.65;
const DISTRICT_WORDS = [
  'Tương Dương',
  'Kỳ Sơn',
  'Quế Phong',
  'Con Cuông',
  'Quỳ Châu',
  'Mường Lát',
  'Bá Thước',
  'Hương Khê',
];
/** The grant states' whose_move (grants.workflow.ts GRANT_STATE_TABLE). */
const WHOSE_MOVE = {
  draft: 'worker',
  submitted: 'commune',
  certified: 'province',
  returned: 'worker',
  approved: 'province',
  rejected: 'none',
} as const;
type GrantState = keyof typeof WHOSE_MOVE;
/** Items an applicant claims (food needs the training attendance, which the bench does not generate). */
const MTQG_FULL: Item[] = [
  'vocational',
  'lodging',
  'personal_items',
  'travel',
  'passport',
  'visa',
  'criminal_record',
  'health_check',
];
const ND338_ITEMS: Item[] = ['orientation', 'vocational', 'lodging', 'health_check'];
const RETURN_REASONS = [
  'Thiếu bản sao hợp đồng đưa người lao động đi làm việc ở nước ngoài',
  'Chứng từ học phí ngoại ngữ chưa hợp lệ, đề nghị bổ sung hóa đơn',
  'Giấy xác nhận cư trú chưa đúng mẫu',
  'Đề nghị bổ sung chứng từ khám sức khỏe',
];
const REJECT_REASONS = [
  'Người lao động đã được hỗ trợ các khoản này tại địa phương khác',
  'Hợp đồng đã thanh lý trước khi xét duyệt',
  'Không thuộc đối tượng hỗ trợ sau khi xác minh tình trạng hộ',
];

interface Candidate {
  caseId: number;
  workerId: number;
  agencyId: number;
  jobOrderRef: string;
  signed: string;
  departed: string | null;
  returned: string | null;
  dob: string;
  province: string;
  commune: string;
  household: 'poor' | 'near_poor' | 'escaped_poverty' | 'none';
  area: { kind: 'poor_district' | 'coastal_commune'; label: string } | null;
}

interface Step {
  action: 'submit' | 'certify' | 'return' | 'resubmit' | 'approve' | 'reject';
  from: GrantState;
  to: GrantState;
  day: string;
  by: 'applicant' | 'commune' | 'province';
  input: Record<string, unknown>;
}

interface ClaimRow {
  item: Item;
  quantity: number;
  claimed: bigint;
  evidence: string | null;
}

interface Application {
  c: Candidate;
  programme: Programme;
  created: string;
  /** the applicant: the agency's accountant, or the commune officer for the worker */
  byCommune: boolean;
  steps: Step[];
  state: GrantState;
  claims: ClaimRow[];
  source: 'central' | 'local';
}

export interface GrantsLoad {
  applications: number;
  byState: Record<string, number>;
  inProvince: number;
  events: number;
  claims: number;
  awards: number;
  obligations: number;
  areas: number;
  budgets: number;
}

const round = (v: number, to: number) => Math.max(to, Math.round(v / to) * to);

/** The claims an applicant makes for the group she expects (the household as the commune will confirm it). */
function claimsFor(programme: Programme, household: Candidate['household'], r: () => number): ClaimRow[] {
  const pool =
    programme === 'nd338'
      ? ND338_ITEMS
      : household === 'none'
        ? ['vocational' as Item, ...(r() < 0.3 ? [(r() < 0.5 ? 'health_check' : 'passport') as Item] : [])]
        : MTQG_FULL;
  const shuffled = [...pool];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(r() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const extra = programme === 'mtqg' && household === 'none' ? pool.length : 1 + Math.floor(r() * 4);
  const items: Item[] = ['language', ...shuffled.slice(0, Math.min(pool.length, extra))];
  return items.map((item) => {
    const q = item === 'lodging' ? 2 + Math.floor(r() * 5) : 1;
    const claimed = (() => {
      switch (item) {
        case 'language':
          return round(3_000_000 + r() * 3_000_000, 10_000);
        case 'vocational':
          return round(1_500_000 + r() * 3_500_000, 10_000);
        case 'orientation':
          return round(400_000 + r() * 300_000, 1_000);
        case 'lodging':
          return round(q * 400_000 * (0.9 + r() * 0.2), 1_000);
        case 'personal_items':
          return round(500_000 + r() * 300_000, 1_000);
        case 'travel':
          return round(150_000 + r() * 250_000, 1_000);
        case 'visa':
          return round(500_000 + r() * 2_000_000, 1_000);
        case 'health_check':
          return round(500_000 + r() * 700_000, 1_000);
        default: // passport, criminal record: the statutory fee
          return 200_000;
      }
    })();
    const evidence = r() < 0.7 ? `Hóa đơn số ${String(Math.floor(r() * 9_000_000) + 1_000_000)}` : null;
    return { item, quantity: q, claimed: BigInt(claimed), evidence };
  });
}

/** Working days from `from`: mostly a few, sometimes many (the province's backlog). */
function delay(r: () => number, usual: number, slow: number, slowShare: number): number {
  return r() < slowShare ? usual + 1 + Math.floor(r() * (slow - usual)) : 1 + Math.floor(r() * usual);
}

/**
 * What happened to an application submitted on `submitted`: the commune certifies (or returns it), the province
 * decides (or returns it); a returned dossier is resubmitted after a few days, or never. Steps after BENCH_TODAY
 * have not happened.
 */
function history(submitted: string, cal: WorkingCalendar, r: () => number): { steps: Step[]; state: GrantState } {
  const steps: Step[] = [
    { action: 'submit', from: 'draft', to: 'submitted', day: submitted, by: 'applicant', input: {} },
  ];
  let state: GrantState = 'submitted';
  let day = submitted;
  for (let pass = 0; pass < 3; pass += 1) {
    // the commune: certify, or return for correction
    const c = cal.addWorkingDays(day, delay(r, 6, 20, 0.15));
    if (c > BENCH_TODAY) return { steps, state };
    if (r() < (pass === 0 ? 0.08 : 0.03)) {
      steps.push({
        action: 'return',
        from: 'submitted',
        to: 'returned',
        day: c,
        by: 'commune',
        input: { reason: RETURN_REASONS[Math.floor(r() * RETURN_REASONS.length)] },
      });
      state = 'returned';
    } else {
      steps.push({
        action: 'certify',
        from: 'submitted',
        to: 'certified',
        day: c,
        by: 'commune',
        input: {}, // the household as the commune confirms it: filled in with the events
      });
      state = 'certified';
      // the province: approve, reject, or return
      const p = cal.addWorkingDays(c, delay(r, 8, 20, 0.1));
      if (p > BENCH_TODAY) return { steps, state };
      const x = r();
      if (x < 0.87) {
        steps.push({ action: 'approve', from: 'certified', to: 'approved', day: p, by: 'province', input: {} });
        return { steps, state: 'approved' };
      }
      if (x < 0.96) {
        steps.push({
          action: 'reject',
          from: 'certified',
          to: 'rejected',
          day: p,
          by: 'province',
          input: { reason: REJECT_REASONS[Math.floor(r() * REJECT_REASONS.length)] },
        });
        return { steps, state: 'rejected' };
      }
      steps.push({
        action: 'return',
        from: 'certified',
        to: 'returned',
        day: p,
        by: 'province',
        input: { reason: RETURN_REASONS[Math.floor(r() * RETURN_REASONS.length)] },
      });
      state = 'returned';
    }
    // returned: resubmitted after a few days, or abandoned (always, the third time)
    const back = steps.at(-1)!.day;
    if (r() < 0.3 || pass === 2) return { steps, state };
    const again = addDays(back, 2 + Math.floor(r() * 18));
    if (again > BENCH_TODAY) return { steps, state };
    steps.push({ action: 'resubmit', from: 'returned', to: 'submitted', day: again, by: 'applicant', input: {} });
    state = 'submitted';
    day = again;
  }
  return { steps, state };
}

/** grants.workflow.ts processingObligation, as the last transition computed it. */
function processing(
  steps: Step[],
  state: GrantState,
  days: number,
  cal: WorkingCalendar,
): { dueOn: string; whoseMove: string; status: string; metOn: string | null; left: number | null } {
  let left = days;
  let from: string | null = null;
  let decidedOn: string | null = null;
  for (const s of steps) {
    if (s.action === 'submit' || s.action === 'resubmit') from = s.day;
    else if (s.action === 'return' && from) {
      left = Math.max(0, left - cal.workingDaysBetween(from, s.day));
      from = null;
    } else if (s.action === 'approve' || s.action === 'reject') decidedOn = s.day;
  }
  const last = steps.at(-1)!.day;
  if (state === 'returned')
    return { dueOn: cal.addWorkingDays(last, left), whoseMove: 'worker', status: 'paused', metOn: null, left };
  const dueOn = cal.addWorkingDays(from ?? last, left);
  if (decidedOn) return { dueOn, whoseMove: 'province', status: 'met', metOn: decidedOn, left: null };
  return { dueOn, whoseMove: state === 'submitted' ? 'commune' : 'province', status: 'open', metOn: null, left: null };
}

/**
 * Replaces the grants' data (applications, events, claims, awards, budgets, eligible areas, their obligations) over
 * the cases and workers already loaded.
 */
export async function loadGrants(client: pg.Client, log: (line: string) => void): Promise<GrantsLoad> {
  let t = Date.now();
  // with the decisions of part 2 (issue 19): their lines, the budgets' dated movements (documents stay: never deleted)
  await client.query(`TRUNCATE grant_decision_lines, grant_budget_movements, grant_decisions, grant_item_awards, grant_claims,
    grant_application_events, grant_applications, grant_budgets, grant_eligible_areas RESTART IDENTITY`);
  await client.query("DELETE FROM obligations WHERE subject_type = 'grant_application'");
  // the households as the workers' seed left them (a previous run's certifications in 2026 undone)
  await client.query(
    "UPDATE workers SET household_status_year = 2025 WHERE household_status <> 'none' AND household_status_year IS DISTINCT FROM 2025",
  );

  // one statement at a time: a pg.Client runs them in turn anyway
  const { rows: holidays } = await client.query<HolidayRow>(
    'SELECT date::text AS date, kind FROM holidays ORDER BY date',
  );
  const { rows: policyRows } = await client.query<PolicyRow>(
    `SELECT id::int, key, market, job_category AS "jobCategory", beneficiary_group AS "beneficiaryGroup", value::text AS value, unit,
            effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", citation, confirmed, note
     FROM policy_values WHERE withdrawn_at IS NULL ORDER BY key, effective_from`,
  );
  const { rows: communes } = await client.query<{
    code: string;
    name: string;
    province_code: string;
    province: string;
  }>(
    'SELECT c.code, c.name, c.province_code, p.name AS province FROM communes c JOIN provinces p ON p.code = c.province_code ORDER BY c.code',
  );
  const { rows: programmes } = await client.query<{
    code: Programme;
    name: string;
    payable_from: string;
    payable_to: string | null;
    citation: string;
  }>('SELECT code, name, payable_from::text, payable_to::text, citation FROM grant_programmes ORDER BY code');
  const cal = new WorkingCalendar(holidays);
  // as policies.service.ts toRow: '10.00' → '10'
  const rows = policyRows.map((p) => ({ ...p, value: String(p.value).replace(/\.?0+$/, '') || '0' }));
  const policySets = new Map<string, PolicySet>();
  const policyAt = (on: string) => {
    let s = policySets.get(on);
    if (!s) policySets.set(on, (s = new PolicySet(on, rows)));
    return s;
  };
  const processingDays = policyAt(BENCH_TODAY).require('grant.processing_days');
  const programme = new Map(programmes.map((p) => [p.code, p]));
  if (!programme.get('mtqg') || !programme.get('nd338')) throw new Error('the grant programmes are missing: migrate');

  // ---- the eligible areas (MTQG): ≈ 65 % of the communes of each sending province, a few old districts
  const ra = rng(20261218);
  const sending = new Set(
    (
      await client.query<{ p: string }>(
        'SELECT DISTINCT province_code AS p FROM workers WHERE province_code IS NOT NULL',
      )
    ).rows
      .map((x) => x.p)
      .filter((p) => !NO_AREAS.has(p)),
  );
  const areaOf = new Map<string, { kind: 'poor_district' | 'coastal_commune'; label: string }>();
  const areaLines: string[] = [];
  const provincesOf = new Map<string, string>();
  for (const c of communes) {
    provincesOf.set(c.province_code, c.province);
    if (!sending.has(c.province_code) || ra() >= AREA_SHARE) continue;
    const coastal = ra() < 0.3;
    const district = DISTRICT_WORDS[Math.floor(ra() * DISTRICT_WORDS.length)]!;
    const kind = coastal ? 'coastal_commune' : 'poor_district';
    areaOf.set(c.code, {
      kind,
      label: `${coastal ? 'xã đặc biệt khó khăn' : 'xã thuộc huyện nghèo'} ${c.name}`,
    });
    areaLines.push(
      [
        c.province_code,
        c.code,
        kind,
        esc(c.province),
        coastal ? N : `Huyện ${district}`,
        coastal ? esc(c.name) : N,
        coastal
          ? 'Xã đặc biệt khó khăn vùng bãi ngang, ven biển (Quyết định 353/QĐ-TTg)'
          : 'Huyện nghèo (Quyết định 353/QĐ-TTg)',
        `2025-07-0${1 + Math.floor(ra() * 9)} 09:00:00+07`,
      ].join('\t') + '\n',
    );
  }
  for (const p of sending)
    for (const district of DISTRICT_WORDS.slice(0, 2))
      areaLines.push(
        [
          p,
          N,
          'poor_district',
          esc(provincesOf.get(p) ?? p),
          `Huyện ${district}`,
          N,
          'Huyện nghèo theo địa giới cũ (các xã đã sáp nhập)',
          '2025-07-01 09:00:00+07',
        ].join('\t') + '\n',
      );

  // ---- the officers who acted, and the agencies' accountants (as loadLedgers makes them)
  await client.query(
    `INSERT INTO users (username, password_hash, display_name, role, province_code)
     SELECT 'bench-province-' || code, 'not-a-password-hash', 'Cán bộ Sở Nội vụ ' || name, 'province_officer', code FROM provinces
     ON CONFLICT (username) DO UPDATE SET role = 'province_officer', province_code = EXCLUDED.province_code, agency_id = NULL, commune_code = NULL`,
  );
  const provinceOfficer = new Map(
    (
      await client.query<{ code: string; id: string }>(
        "SELECT province_code AS code, id FROM users WHERE username LIKE 'bench-province-%' AND role = 'province_officer'",
      )
    ).rows.map((u) => [u.code, Number(u.id)]),
  );
  await client.query(
    `INSERT INTO users (username, password_hash, display_name, role, agency_id)
     SELECT 'bench-staff-' || a.id, 'not-a-password-hash', 'Kế toán ' || a.name, 'agency_staff', a.id
     FROM agencies a WHERE EXISTS (SELECT 1 FROM cases c WHERE c.agency_id = a.id)
     ON CONFLICT (username) DO UPDATE SET role = 'agency_staff', agency_id = EXCLUDED.agency_id, display_name = EXCLUDED.display_name`,
  );
  const staff = new Map(
    (
      await client.query<{ agency_id: string; id: string }>(
        "SELECT agency_id, id FROM users WHERE username LIKE 'bench-staff-%' AND role = 'agency_staff'",
      )
    ).rows.map((u) => [Number(u.agency_id), Number(u.id)]),
  );
  log(`  ${areaLines.length.toLocaleString('en')} eligible areas, officers and accountants: ${seconds(t)}`);

  // ---- the candidates: one case per worker (her first with a contract signed since the programmes began), in an
  // eligible area or, from 2026, of a poor or near-poor household
  t = Date.now();
  const areaCodes = [...areaOf.keys()];
  const { rows: found } = await client.query<string[]>({
    text: `SELECT DISTINCT ON (c.worker_id) c.id, c.worker_id, c.agency_id, o.reference, c.contract_signed_on::text,
             c.departed_on::text, c.returned_on::text, w.date_of_birth::text, w.province_code, w.commune_code, w.household_status
           FROM cases c JOIN job_orders o ON o.id = c.job_order_id JOIN workers w ON w.id = c.worker_id
           WHERE c.contract_signed_on >= '2022-01-01' AND c.state NOT IN ('withdrawn', 'rejected') AND w.commune_code IS NOT NULL
             AND (w.commune_code = ANY($1::text[])
                  OR (w.household_status IN ('poor', 'near_poor') AND c.contract_signed_on >= '2025-12-01'))
           ORDER BY c.worker_id, c.id`,
    values: [areaCodes],
    rowMode: 'array',
  });
  const candidates: Candidate[] = found.map((x) => ({
    caseId: Number(x[0]),
    workerId: Number(x[1]),
    agencyId: Number(x[2]),
    jobOrderRef: x[3]!,
    signed: x[4]!,
    departed: x[5] ?? null,
    returned: x[6] ?? null,
    dob: x[7]!,
    province: x[8]!,
    commune: x[9]!,
    household: x[10] as Candidate['household'],
    area: areaOf.get(x[9]!) ?? null,
  }));

  // each candidate's plan from its own PRNG: the day it applies (after signing), the programme then payable
  interface Plan {
    c: Candidate;
    r: () => number;
    created: string;
    programme: Programme;
  }
  const plans: Plan[] = [];
  const adultOn = (dob: string, on: string) => `${Number(dob.slice(0, 4)) + 18}${dob.slice(4)}` <= on;
  for (const c of candidates) {
    const r = rng(Math.imul(c.caseId + 1, 0x9e3779b1) ^ 20261219);
    const created = addDays(c.signed, 1 + Math.floor(r() * 25));
    if (created > BENCH_TODAY || !adultOn(c.dob, created)) continue;
    // a worker who has left or come home by then applies no more
    if (c.returned && c.returned <= created) continue;
    const poorish = c.household === 'poor' || c.household === 'near_poor';
    let p: Programme | null = null;
    if (created >= '2026-01-01') p = c.area && (!poorish || r() < 0.55) ? 'mtqg' : poorish ? 'nd338' : null;
    else if (c.area && created >= programme.get('mtqg')!.payable_from) p = 'mtqg';
    if (p) plans.push({ c, r, created, programme: p });
  }
  const share = Math.min(1, GRANT_TARGET / plans.length);
  const chosen = plans.filter((p) => p.r() < share);
  // chronological ids, as a live system would have given them
  chosen.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.c.caseId - b.c.caseId));
  log(
    `  ${candidates.length.toLocaleString('en')} candidate cases, ${plans.length.toLocaleString('en')} could apply, ` +
      `${chosen.length.toLocaleString('en')} did (share ${share.toFixed(3)}): ${seconds(t)}`,
  );

  // ---- each application's history, claims and amounts
  t = Date.now();
  const apps: Application[] = chosen.map(({ c, r, created, programme: p }) => {
    const draft = created >= addDays(BENCH_TODAY, -14) && r() < 0.04;
    const { steps, state } = draft ? { steps: [] as Step[], state: 'draft' as GrantState } : history(created, cal, r);
    return {
      c,
      programme: p,
      created,
      byCommune: r() < 0.15,
      steps,
      state,
      claims: claimsFor(p, c.household, r),
      source: r() < 0.85 ? 'central' : 'local',
    };
  });
  const caseStateOn = (c: Candidate, on: string): CaseState =>
    c.departed && c.departed <= on ? 'departed' : on >= addDays(c.signed, 20) ? 'visa_processing' : 'contract_signed';
  /** evaluate() on a day: the worker's household certified for that year or not */
  const evaluation = (a: Application, on: string, certifiedYear: number | null) => {
    const c = a.c;
    const prog = programme.get(a.programme)!;
    const state = caseStateOn(c, on);
    const facts: EligibilityFacts = {
      on,
      programme: {
        code: prog.code,
        name: prog.name,
        payableFrom: prog.payable_from,
        payableTo: prog.payable_to,
        citation: prog.citation,
      },
      worker: {
        dateOfBirth: c.dob,
        ethnicity: null,
        provinceCode: c.province,
        communeCode: c.commune,
        householdStatus: c.household,
        householdStatusYear: c.household === 'none' ? null : (certifiedYear ?? 2025),
        landRecovered: false,
        meritoriousFamily: false,
      },
      provinceCode: c.province,
      area: c.area,
      case: {
        state,
        stageLabel: CASE_STATE_TABLE[state].label,
        orderApproved: true,
        orderReference: c.jobOrderRef,
      },
      declaredGroups: [],
      awarded: [],
    };
    const policy = policyAt(on);
    const criteria = eligibility(facts, policy.require('worker.min_age'));
    const group = bestGroup(facts);
    const claims = a.claims.map((cl) =>
      allowedFor(
        policy,
        a.programme,
        group?.clause ?? 'none',
        { item: cl.item, quantity: cl.quantity, claimedVnd: cl.claimed },
        { daysPresent: 0, difficultArea: c.area?.kind === 'coastal_commune', awarded: false },
      ),
    );
    return { criteria, group, claims, allowed: claims.reduce((s, x) => s + x.allowedVnd, 0n) };
  };
  log(`  ${apps.length.toLocaleString('en')} histories: ${seconds(t)}`);

  // ---- the commune officers who certified or returned (one per commune with applications)
  const communesWithApps = [...new Set(apps.map((a) => a.c.commune))];
  await client.query(
    `INSERT INTO users (username, password_hash, display_name, role, commune_code, province_code)
     SELECT 'bench-commune-' || c.code, 'not-a-password-hash', 'Cán bộ UBND ' || c.name, 'commune_officer', c.code, c.province_code
     FROM communes c WHERE c.code = ANY($1::text[])
     ON CONFLICT (username) DO UPDATE SET role = 'commune_officer', commune_code = EXCLUDED.commune_code,
       province_code = EXCLUDED.province_code, agency_id = NULL`,
    [communesWithApps],
  );
  const communeOfficer = new Map(
    (
      await client.query<{ code: string; id: string }>(
        "SELECT commune_code AS code, id FROM users WHERE username LIKE 'bench-commune-%' AND role = 'commune_officer'",
      )
    ).rows.map((u) => [u.code, Number(u.id)]),
  );

  // ---- COPY: areas, applications, events, claims, awards, obligations
  t = Date.now();
  await copy(
    client,
    `COPY grant_eligible_areas (province_code, commune_code, kind, old_province_name, old_district_name, old_commune_name, note,
      created_at) FROM STDIN`,
    function* () {
      yield* areaLines;
    },
  );
  const rebuild: string[] = [];
  for (const table of ['grant_applications', 'grant_application_events', 'grant_claims', 'grant_item_awards'])
    rebuild.push(...(await dropIndexesAndKeys(client, table)));
  // the application's own pass computes what the claims, awards and obligations need: kept per id
  const stamp = (day: string, id: number, n: number) =>
    `${day} ${String(8 + ((id + n * 3) % 9)).padStart(2, '0')}:${String((id * 7 + n * 13) % 60).padStart(2, '0')}:00+07`;
  const byState: Record<string, number> = {};
  let inProvince = 0;
  const committed = new Map<string, bigint>(); // province|year|programme|source → amount
  const certified2026: number[] = [];
  const finals: { claims: ClaimAllowed[]; approvedOn: string | null }[] = new Array(apps.length);
  await copy(
    client,
    `COPY grant_applications (worker_id, case_id, agency_id, programme_code, beneficiary_group, province_code, commune_code, state,
      version, whose_move, next_deadline_on, next_deadline_rule, fiscal_year, funding_source, claimed_vnd, allowed_vnd, approved_vnd,
      eligibility, created_by_user_id, submitted_by_user_id, submitted_on, certified_by_user_id, certified_on, decided_by_user_id,
      decided_on, return_reason, reject_reason, created_at, updated_at) FROM STDIN`,
    function* () {
      for (let i = 0; i < apps.length; i += 1) {
        const a = apps[i]!;
        const id = i + 1;
        const c = a.c;
        byState[a.state] = (byState[a.state] ?? 0) + 1;
        if (c.province === GRANT_PROVINCE) inProvince += 1;
        const applicant = a.byCommune ? communeOfficer.get(c.commune)! : staff.get(c.agencyId)!;
        // the evaluations that wrote the stored amounts: at creation, at certification, at approval
        const certify = a.steps.filter((s) => s.action === 'certify').at(-1) ?? null;
        const decided = a.steps.find((s) => s.action === 'approve' || s.action === 'reject') ?? null;
        const certYear = certify ? Number(certify.day.slice(0, 4)) : null;
        if (certify && certYear === 2026 && c.household !== 'none') certified2026.push(c.workerId);
        const first = evaluation(a, a.created, null);
        const atCert = certify ? evaluation(a, certify.day, certYear) : null;
        const atApproval = decided?.action === 'approve' ? evaluation(a, decided.day, certYear) : null;
        const last = atApproval ?? atCert ?? first;
        finals[i] = { claims: last.claims, approvedOn: atApproval ? decided!.day : null };
        const group = (atCert ?? first).group?.group ?? 'pending';
        const claimed = a.claims.reduce((s, x) => s + x.claimed, 0n);
        const year = decided ? Number(decided.day.slice(0, 4)) : null;
        if (atApproval) {
          const key = `${c.province}|${year}|${a.programme}|${a.source}`;
          committed.set(key, (committed.get(key) ?? 0n) + atApproval.allowed);
        }
        const open = a.state === 'submitted' || a.state === 'certified';
        const due = open ? processing(a.steps, a.state, Number(processingDays.value), cal).dueOn : null;
        const returned = a.state === 'returned' ? a.steps.at(-1)!.input.reason : null;
        const rejected = a.state === 'rejected' ? decided!.input.reason : null;
        const lastDay = a.steps.at(-1)?.day ?? a.created;
        yield (
          [
            c.workerId,
            c.caseId,
            c.agencyId,
            a.programme,
            group,
            c.province,
            c.commune,
            a.state,
            1 + a.steps.length,
            WHOSE_MOVE[a.state],
            opt(due),
            due ? 'R27' : N,
            atApproval ? year : N,
            atApproval ? a.source : N,
            claimed,
            last.allowed,
            atApproval ? atApproval.allowed : N,
            esc(JSON.stringify(last.criteria)),
            applicant,
            a.state === 'draft' ? N : applicant,
            a.state === 'draft' ? N : a.created,
            certify ? communeOfficer.get(c.commune)! : N,
            certify ? certify.day : N,
            decided ? provinceOfficer.get(c.province)! : N,
            decided ? decided.day : N,
            opt(returned as string | null),
            opt(rejected as string | null),
            stamp(a.created, id, 0),
            stamp(lastDay, id, a.steps.length),
          ].join('\t') + '\n'
        );
      }
    },
  );
  await idsAreOneToN(client, 'grant_applications', apps.length);
  log(`  COPY ${apps.length.toLocaleString('en')} applications: ${seconds(t)}`);

  t = Date.now();
  let events = 0;
  const actorOf = (a: Application, by: Step['by']) =>
    by === 'province'
      ? provinceOfficer.get(a.c.province)!
      : by === 'commune' || a.byCommune
        ? communeOfficer.get(a.c.commune)!
        : staff.get(a.c.agencyId)!;
  await copy(
    client,
    `COPY grant_application_events (grant_application_id, at, actor_user_id, action, from_state, to_state, input, verdicts, policy_ids)
     FROM STDIN`,
    function* () {
      for (let i = 0; i < apps.length; i += 1) {
        const a = apps[i]!;
        const id = i + 1;
        let n = 0;
        for (const s of a.steps) {
          n += 1;
          let verdicts: Verdict[] = [];
          let input = s.input;
          if (s.action === 'submit' || s.action === 'resubmit') {
            // completeDossier: the worker, the case and the programme pass; at least one item claimed (the household
            // as last certified, if a round before this one certified it)
            const before = a.steps
              .slice(0, n - 1)
              .filter((x) => x.action === 'certify')
              .at(-1);
            const ev = evaluation(a, s.day, before ? Number(before.day.slice(0, 4)) : null);
            verdicts = [
              ...ev.criteria
                .filter((k: Criterion) => ['age', 'residence', 'area', 'case', 'programme'].includes(k.key))
                .map((k) => verdict(k.ruleId, k.ok, k.message, { key: k.key, evidence: k.evidence })),
              verdict('R27', true, `${a.claims.length} khoản đề nghị hỗ trợ.`, { claims: a.claims.length }),
            ];
          } else if (s.action === 'certify') {
            input = { householdStatus: a.c.household, cvChecked: true };
          } else if (s.action === 'approve') {
            input = { source: a.source };
            const applicant = a.byCommune ? communeOfficer.get(a.c.commune)! : staff.get(a.c.agencyId)!;
            verdicts = [
              verdict('R27', true, 'Người phê duyệt khác người lập và người xác nhận hồ sơ.', {
                submittedBy: applicant,
                certifiedBy: communeOfficer.get(a.c.commune)!,
              }),
            ];
          }
          events += 1;
          yield (
            [
              id,
              stamp(s.day, id, n),
              actorOf(a, s.by),
              s.action,
              s.from,
              s.to,
              esc(JSON.stringify(input)),
              esc(JSON.stringify(verdicts)),
              '{}',
            ].join('\t') + '\n'
          );
        }
      }
    },
  );
  log(`  COPY ${events.toLocaleString('en')} application events: ${seconds(t)}`);

  t = Date.now();
  let claimCount = 0;
  let awards = 0;
  await copy(
    client,
    'COPY grant_claims (grant_application_id, item, quantity, claimed_vnd, evidence, allowed_vnd, arithmetic) FROM STDIN',
    function* () {
      for (let i = 0; i < apps.length; i += 1) {
        const a = apps[i]!;
        const computed = finals[i]!.claims;
        for (let k = 0; k < a.claims.length; k += 1) {
          const cl = a.claims[k]!;
          const x = computed[k]!;
          claimCount += 1;
          yield (
            [i + 1, cl.item, cl.quantity, cl.claimed, opt(cl.evidence), x.allowedVnd, esc(pgArray(x.arithmetic))].join(
              '\t',
            ) + '\n'
          );
        }
      }
    },
  );
  await copy(
    client,
    'COPY grant_item_awards (worker_id, item, grant_application_id, amount_vnd, awarded_on) FROM STDIN',
    function* () {
      for (let i = 0; i < apps.length; i += 1) {
        const f = finals[i]!;
        if (!f.approvedOn) continue;
        for (const x of f.claims.filter((y) => y.allowedVnd > 0n)) {
          awards += 1;
          yield `${apps[i]!.c.workerId}\t${x.item}\t${i + 1}\t${x.allowedVnd}\t${f.approvedOn}\n`;
        }
      }
    },
  );
  log(
    `  COPY ${claimCount.toLocaleString('en')} claims, ${awards.toLocaleString('en')} item awards (R26): ${seconds(t)}`,
  );

  t = Date.now();
  let obligations = 0;
  await copy(
    client,
    `COPY obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, met_on, paused_days_left, policy_id,
      agency_id, province_code, commune_code, created_at, updated_at) FROM STDIN`,
    function* () {
      for (let i = 0; i < apps.length; i += 1) {
        const a = apps[i]!;
        if (a.state === 'draft') continue;
        const o = processing(a.steps, a.state, Number(processingDays.value), cal);
        obligations += 1;
        yield (
          [
            'grant_application',
            i + 1,
            'processing',
            'R27',
            o.dueOn,
            o.whoseMove,
            o.status,
            opt(o.metOn),
            opt(o.left),
            processingDays.id,
            a.c.agencyId,
            a.c.province,
            a.c.commune,
            stamp(a.created, i + 1, 0),
            stamp(a.steps.at(-1)!.day, i + 1, a.steps.length),
          ].join('\t') + '\n'
        );
      }
    },
  );
  log(`  COPY ${obligations.toLocaleString('en')} processing obligations (R27): ${seconds(t)}`);

  // ---- the budgets: what was approved is committed; allocations leave 3–30 % free (none paid yet: part 2)
  t = Date.now();
  const rb = rng(20261220);
  const budgetLines: string[] = [];
  for (const p of [...sending].sort())
    for (let year = 2022; year <= 2026; year += 1)
      for (const prog of year >= 2026 ? ['mtqg', 'nd338'] : ['mtqg'])
        for (const source of ['central', 'local']) {
          const c = committed.get(`${p}|${year}|${prog}|${source}`) ?? 0n;
          const free = year === 2026 ? 0.03 + rb() * 0.12 : 0.05 + rb() * 0.25;
          const allocated = BigInt(Math.ceil(Number(c) / (1 - free) / 1e6) * 1e6) || 200_000_000n;
          budgetLines.push(
            `${p}\t${year}\t${prog}\t${source}\t${allocated}\t${c}\t0\t${provinceOfficer.get(p)}\t${year}-01-15 09:00:00+07\n`,
          );
        }
  await copy(
    client,
    `COPY grant_budgets (province_code, fiscal_year, programme_code, source, allocated_vnd, committed_vnd, paid_vnd,
      updated_by_user_id, updated_at) FROM STDIN`,
    function* () {
      yield* budgetLines;
    },
  );
  // each approval's commitment, dated (issue 19: the budget picture sums the movements), as the migration made them
  // for the approvals of part 1
  const { rowCount: movements } = await client.query(
    `INSERT INTO grant_budget_movements (budget_id, on_date, kind, amount_vnd, grant_application_id, at)
     SELECT b.id, g.decided_on, 'commit', g.approved_vnd, g.id, g.updated_at
     FROM grant_applications g JOIN grant_budgets b ON b.province_code = g.province_code
       AND b.fiscal_year = g.fiscal_year AND b.programme_code = g.programme_code AND b.source = g.funding_source
     WHERE g.state = 'approved' AND g.approved_vnd > 0 ORDER BY g.id`,
  );
  // certifyHousehold: the commune's word on the household, for 2026
  await client.query(
    "UPDATE workers SET household_status_year = 2026 WHERE id = ANY($1::bigint[]) AND household_status <> 'none'",
    [certified2026],
  );
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const sql of rebuild) await client.query(sql);
  log(
    `  ${budgetLines.length} budgets, ${(movements ?? 0).toLocaleString('en')} budget movements, ` +
      `${certified2026.length.toLocaleString('en')} households certified for 2026, ` +
      `${rebuild.length} indexes and foreign keys rebuilt: ${seconds(t)}`,
  );
  t = Date.now();
  await client.query(
    `VACUUM (ANALYZE) grant_applications, grant_application_events, grant_claims, grant_item_awards, grant_budgets,
      grant_budget_movements, grant_eligible_areas, obligations, users, workers`,
  );
  log(`  vacuum analyze: ${seconds(t)}`);
  return {
    applications: apps.length,
    byState,
    inProvince,
    events,
    claims: claimCount,
    awards,
    obligations,
    areas: areaLines.length,
    budgets: budgetLines.length,
  };
}
