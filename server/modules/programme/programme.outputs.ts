// Programme outputs: the tag on each successful connection of an eligible worker (DOMAIN.md §15.2; E2).
//
// Choice (issue 22): a table filled idempotently, not a view. A view would re-judge every connection each time it is
// read, so a household certified, moved or struck off later would silently change last year's results; the table keeps
// what was decided, with the facts in words and the policy version of the funding source. Tagging runs nightly
// (programme.jobs.ts) and before the dashboard reads. It is set-based: hires with no tag are read in keyset batches
// through the owners' read views (exchange_hires, worker_programme_facts, grant_area_directory, agency_licences),
// judged by the pure rules, and inserted with ON CONFLICT DO NOTHING, so two runs at once still make one row per
// connection. Once made, a tag never changes (a trigger refuses it), except the procurement mode, filled once when
// the province enters the mode of the centre's period later.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { maskCccd } from '../../shared/cccd';
import { TOTAL_CAP } from '../../shared/paging';
import { communeName } from '../reference';
import { policiesAt, type PolicySet } from '../policies';
import { classify, fundingOf, type HouseholdStatus } from './programme.rules';
import { programmeScope } from './programme.scope';
import type { FundingSource, OutputGroup, ProcurementMode } from './programme.labels';

const BATCH = 1000;
const DECLARED_GROUPS = ['poor_household', 'near_poor_household', 'escaped_poverty'];

interface HireRow {
  referral_id: string;
  centre_id: string;
  worker_id: string;
  abroad: boolean;
  signed_on: string;
  declared_groups: string[];
  province_code: string | null;
  household_status: HouseholdStatus;
  household_status_year: number | null;
  area_kind: 'poor_district' | 'coastal_commune' | null;
  area_commune: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
}

/** Untagged hires after `after` whose worker might be eligible (a status, a declared group or an eligible area). */
function untagged(after: number): Promise<HireRow[]> {
  return select<HireRow>(
    `SELECT h.referral_id, h.centre_id, h.worker_id, h.abroad, h.signed_on, h.declared_groups, a.province_code,
            w.household_status, w.household_status_year,
            ar.kind AS area_kind, ar.commune_code AS area_commune, ar.old_district_name, ar.old_province_name
     FROM exchange_hires h
     JOIN agency_licences a ON a.id = h.centre_id
     JOIN worker_programme_facts w ON w.id = h.worker_id
     LEFT JOIN LATERAL (
       SELECT g.kind, g.commune_code, g.old_district_name, g.old_province_name FROM grant_area_directory g
       WHERE g.province_code = w.province_code
         AND (g.commune_code = w.commune_code
              OR (g.commune_code IS NULL AND g.old_province_name = w.old_province_name AND g.old_district_name = w.old_district_name))
       ORDER BY g.kind DESC LIMIT 1) ar ON true
     WHERE h.referral_id > $1
       AND NOT EXISTS (SELECT 1 FROM programme_outputs o WHERE o.referral_id = h.referral_id)
       AND (w.household_status <> 'none' OR ar.kind IS NOT NULL OR h.declared_groups && $2::text[])
     ORDER BY h.referral_id LIMIT ${BATCH}`,
    [after, DECLARED_GROUPS],
  );
}

const placeOf = (r: HireRow) =>
  r.area_commune
    ? `xã ${communeName(r.area_commune)}`
    : `huyện ${r.old_district_name ?? '—'}, tỉnh ${r.old_province_name ?? '—'}`;

/**
 * Tags every successful connection not yet tagged whose worker is eligible; then fills the procurement mode of tags
 * made before the province entered it. Idempotent: a second run finds nothing to do.
 */
export async function tagOutputs(): Promise<{ tagged: number; modesFilled: number }> {
  const policyCache = new Map<string, PolicySet>();
  const policies = async (date: string) => {
    let p = policyCache.get(date);
    if (!p) policyCache.set(date, (p = await policiesAt(date)));
    return p;
  };
  let after = 0;
  let tagged = 0;
  for (;;) {
    const rows = await untagged(after);
    if (!rows.length) break;
    after = Number(rows[rows.length - 1].referral_id);
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    for (const r of rows) {
      if (!r.province_code) continue;
      const c = classify({
        signedOn: r.signed_on,
        householdStatus: r.household_status,
        householdStatusYear: r.household_status_year,
        declaredGroups: r.declared_groups ?? [],
        area: r.area_kind ? { kind: r.area_kind, place: placeOf(r) } : null,
      });
      if (!c) continue;
      const funding = fundingOf(await policies(r.signed_on));
      if (!funding) continue;
      const values = [
        r.referral_id,
        r.worker_id,
        r.centre_id,
        r.province_code,
        r.abroad,
        r.signed_on,
        c.group,
        c.certified,
        c.areaKind,
        c.householdStatusYear,
        c.evidence,
        funding.source,
        funding.policy.id,
      ];
      values.forEach((v, i) => cols[i].push(v));
    }
    if (!cols[0].length) continue;
    tagged += await inTransaction(() =>
      execute(
        `INSERT INTO programme_outputs (referral_id, worker_id, centre_id, province_code, abroad, signed_on, output_group,
                                        certified, area_kind, household_status_year, evidence, funding_source, funding_policy_id)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::varchar[], $5::boolean[], $6::date[], $7::text[],
                              $8::boolean[], $9::text[], $10::int[], $11::text[], $12::text[], $13::bigint[])
         ON CONFLICT (referral_id) DO NOTHING`,
        cols,
      ),
    );
  }
  const modesFilled = await fillProcurementModes();
  return { tagged, modesFilled };
}

/** The mode of the centre's period on the signed date, for tags that have none yet (set once, never changed). */
export function fillProcurementModes(): Promise<number> {
  return inTransaction(() =>
    execute(
      `UPDATE programme_outputs o
       SET procurement_mode = m.mode, procurement_mode_id = m.id, procurement_set_at = now()
       FROM programme_procurement_modes m
       WHERE o.procurement_mode IS NULL AND m.centre_id = o.centre_id
         AND o.signed_on >= m.valid_from AND (m.valid_to IS NULL OR o.signed_on <= m.valid_to)`,
    ),
  );
}

export interface OutputQuery {
  provinceCode?: string;
  year?: number;
  month?: number;
  group?: OutputGroup | 'uncertified';
  abroad?: boolean;
  fundingSource?: FundingSource;
  page: number;
  pageSize: number;
}

export interface OutputItem {
  referralId: number;
  workerId: number;
  fullName: string;
  cccdMasked: string;
  centreId: number;
  centreName: string;
  signedOn: string;
  abroad: boolean;
  group: OutputGroup;
  certified: boolean;
  areaKind: string | null;
  evidence: string;
  fundingSource: FundingSource;
  procurementMode: ProcurementMode | null;
  taggedAt: string;
}

/** The outputs of the actor's province (centre staff: their centre's), filtered, newest first, CCCD masked; new ones
 * tagged first. */
export async function listOutputs(actor: Actor, q: OutputQuery) {
  const scope = await programmeScope(actor, q.provinceCode);
  await tagOutputs();
  const bind: unknown[] = [];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  const where = [`o.province_code = ${p(scope.provinceCode)}`];
  if (scope.centreId) where.push(`o.centre_id = ${p(scope.centreId)}`);
  if (q.year && q.month) {
    const from = `${q.year}-${String(q.month).padStart(2, '0')}-01`;
    where.push(`o.signed_on >= ${p(from)}::date AND o.signed_on < ${p(from)}::date + interval '1 month'`);
  } else if (q.year) where.push(`o.signed_on BETWEEN ${p(`${q.year}-01-01`)} AND ${p(`${q.year}-12-31`)}`);
  if (q.group === 'uncertified') where.push('NOT o.certified');
  else if (q.group) where.push(`o.certified AND o.output_group = ${p(q.group)}`);
  if (q.abroad !== undefined) where.push(`o.abroad = ${p(q.abroad)}`);
  if (q.fundingSource) where.push(`o.funding_source = ${p(q.fundingSource)}`);
  const from = `FROM programme_outputs o WHERE ${where.join(' AND ')}`;
  const countBind = [...bind];
  const rows = await select<Record<string, unknown>>(
    `SELECT o.*, w.full_name, w.cccd, a.name AS centre_name
     FROM (SELECT o.* ${from} ORDER BY o.signed_on DESC, o.referral_id DESC
           LIMIT ${p(q.pageSize)} OFFSET ${p((q.page - 1) * q.pageSize)}) o
     JOIN worker_programme_facts w ON w.id = o.worker_id
     JOIN agency_licences a ON a.id = o.centre_id
     ORDER BY o.signed_on DESC, o.referral_id DESC`,
    bind,
  );
  const [count] = await select<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${TOTAL_CAP + 1}) x`,
    countBind,
  );
  const total = Number(count.n);
  const data: OutputItem[] = rows.map((r) => ({
    referralId: Number(r.referral_id),
    workerId: Number(r.worker_id),
    fullName: r.full_name as string,
    cccdMasked: maskCccd(r.cccd as string),
    centreId: Number(r.centre_id),
    centreName: r.centre_name as string,
    signedOn: r.signed_on as string,
    abroad: r.abroad as boolean,
    group: r.output_group as OutputGroup,
    certified: r.certified as boolean,
    areaKind: (r.area_kind as string | null) ?? null,
    evidence: r.evidence as string,
    fundingSource: r.funding_source as FundingSource,
    procurementMode: (r.procurement_mode as ProcurementMode | null) ?? null,
    taggedAt: (r.tagged_at as Date).toISOString(),
  }));
  return {
    scope,
    data,
    page: { number: q.page, size: q.pageSize, total: Math.min(total, TOTAL_CAP), totalCapped: total > TOTAL_CAP },
  };
}
