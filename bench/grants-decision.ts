// `npx tsx bench/grants-decision.ts`: support decisions (issue 19) on the bench database (`npm run bench:seed -- --cases
// 1000000`, or `-- --grants` over the cases already loaded). The target: "a batch approval of 500 applications into one
// decision, budget, transitions and number included, takes under 10 s before rendering; the PDF rendering job's
// throughput is reported as well".
// Each round makes 500 certified applications of province 40 (Nghệ An, GRANT_PROVINCE) directly in SQL, as the app
// would have left them after `certify` (the submit and certify events, the claims with the allowed amounts and
// arithmetic of the app's own allowedFor, the stored eligibility and group of its eligibility/bestGroup, the open R27
// processing obligation): MTQG, residents of the province's eligible communes (the seed's grant_eligible_areas), a
// contract signed under an approved order, no earlier application or award, submitted by the agency's accountant
// (bench-staff-<agency>) and certified by the commune (bench-commune-<code>); the decider is its own province officer
// (bench-grants-decision). Then, per round:
// 1. app: startDecision (the decision row, the job), then workDecision timed end to end, split by the statements it
//    sends (pg's Client.query is wrapped: each statement's time and text) into the judging pass and the commit
//    transaction, and the commit into its parts (lock and checks, the 500 approve transitions, budget and lines, the
//    decision document's collect and number, COMMIT). Then workExtracts (one extract document per worker, numbered),
//    renderDocument of the decision (its 500-line annex) and of every extract (the 'document.render' job's work, one
//    at a time as one worker process does it): PDFs per second.
// 2. bare, per row: one pg.Client, one transaction writing the same rows with plain statements (the rows locked; per
//    application its awards, its claims' amounts, the application, the event, the obligation met; then the budget,
//    its movements, the lines, the annex read, the number, the document row, the audit row). No judging, no ORM.
// 3. bare, set-based: the same rows with one statement per table (unnest arrays): the floor.
// Every round ends by removing what it made (triggers off inside that one transaction): its applications and all that
// hangs on them, its decisions, documents, files, jobs and audit rows; the numbers, the budget put back.
// Then the renderer alone, 3 rounds alternating: the decision's PDF against bare pdfkit writing the same strings in the
// same faces (fonts parsed once, none of our layout: no table, no QR), and the one-page extract against the case
// summary (issue 16's one-page template), each on its own model.
// BENCH_ROUNDS (default 5), BENCH_EXTRACTS (extracts rendered per round, default 500), BENCH_RECORD=0 (print only),
// BENCH_PROFILE=1 (a V8 CPU profile of round 1's workDecision in bench/.tmp/prof, summed by package and file).
// The clock is set to the seed's day (2026-11-27), so the fiscal year and the dates are the seed's. Pinned to core 0
// with taskset when available (PostgreSQL is not pinned).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { headCommit, median, range, trace, type Sent } from './trace';
import PDFDocument from 'pdfkit';

import type * as PdfMod from '../server/modules/documents/documents.pdf';
import type * as SummaryMod from '../server/modules/documents/templates/case-summary';
import type * as DocumentsMod from '../server/modules/documents/documents.service';
import type * as DbMod from './db';
import type * as BootMod from '../server/boot';
import type * as QueueMod from '../server/shared/queue';
import type * as ReferenceMod from '../server/modules/reference';
import type * as DatabaseMod from '../server/db/database';
import type * as ContextMod from '../server/shared/context';
import type * as ClockMod from '../server/shared/clock';
import type * as UsersMod from '../server/modules/users';
import type * as PoliciesMod from '../server/modules/policies';
import type * as DecisionsMod from '../server/modules/grants/grants.decisions';
import type * as RulesMod from '../server/modules/grants/grants.rules';
import type * as CaseStatesMod from '../server/modules/cases/cases.states';
import type { DocModel } from '../server/modules/documents/documents.model';
import { rng } from './random';

/** A module loaded now, not at start: the app's configuration must see the bench database's URL first. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(id: string): T => require(id) as T;

const RESULTS = path.join(__dirname, 'RESULTS.md');
const TMP = path.join(__dirname, '.tmp');
/** The seed's day (generate-cases.ts BENCH_TODAY): dates, fiscal year, ages and the programme's window. */
const TODAY = '2026-11-27';
const SUBMITTED_ON = '2026-11-16';
const CERTIFIED_ON = '2026-11-20';
/** The bench province (scenarios-grants.ts GRANT_PROVINCE): Nghệ An, the largest sender. */
const PROVINCE = '40';
const PROGRAMME = 'mtqg';
const SOURCE = 'central';
const N = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EXTRACTS = Number(process.env.BENCH_EXTRACTS ?? N);
/** The claims the bench makes carry this evidence text: how a later run finds an interrupted run's rows. */
const MARK = 'bench-grants-decision';
const DECIDER = 'bench-grants-decision';
/** What the bench lends the seed and gives back (also after an interrupted run): the budget's allocation, the households. */
const STATE_FILE = path.join(TMP, 'grants-decision-state.json');
const CONTEXT = { requestId: 'bench:grants-decision', route: 'BENCH grants-decision' };
const ELIGIBLE_CASE_STATES = ['contract_signed', 'visa_processing', 'ready_to_depart', 'departed'];

if (!process.env.BENCH_PINNED && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0) {
  const r = spawnSync(
    'taskset',
    ['-c', '0', process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, BENCH_PINNED: '1' } },
  );
  process.exit(r.status ?? 1);
}

const shape = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 90);

const s = (ms: number) => (ms / 1000).toFixed(2);

interface Candidate {
  workerId: number;
  caseId: number;
  agencyId: number;
  communeCode: string;
  household: string;
  group: string;
  criteria: unknown[];
  claims: { item: string; quantity: number; claimed: bigint; allowed: bigint; arithmetic: string[] }[];
  claimed: bigint;
  allowed: bigint;
  staffId: number;
  communeOfficerId: number;
}

interface Split {
  totalMs: number;
  judgeMs: number;
  commitMs: number;
  parts: { name: string; ms: number; statements: number; dbMs: number }[];
  statements: number;
  dbMs: number;
  judgeStatements: number;
  commitStatements: number;
  topJudge: Shape[];
  topTransitions: Shape[];
}

interface Shape {
  shape: string;
  n: number;
  ms: number;
}

/** The statements by their text's start, most time first. */
function topShapes(sent: Sent[], n = 12): Shape[] {
  const byShape = new Map<string, { n: number; ms: number }>();
  for (const x of sent) {
    const k = shape(x.text);
    const v = byShape.get(k) ?? { n: 0, ms: 0 };
    v.n += 1;
    v.ms += x.ms;
    byShape.set(k, v);
  }
  return [...byShape]
    .map(([k, v]) => ({ shape: k, ...v }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);
}

/** The phases of one workDecision, from the statements it sent (marks: the first statement of each part). */
function splitOf(sent: Sent[], start: number, end: number): Split {
  const after = (from: number, re: RegExp) => {
    for (let i = from; i < sent.length; i += 1) if (re.test(sent[i]!.text)) return i;
    return -1;
  };
  const committing = after(0, /SET status = 'committing'/);
  const budgetLock = after(
    committing,
    /FROM grant_budgets\s+WHERE province_code = \$1 AND fiscal_year = \$2 AND programme_code = \$3 AND source = \$4 FOR UPDATE/,
  );
  const writes = after(budgetLock, /UPDATE grant_budgets SET committed_vnd = committed_vnd \+/);
  const doc = after(writes, /FROM grant_decisions d JOIN grant_programmes p/);
  let commit = -1;
  for (let i = sent.length - 1; i > doc; i -= 1)
    if (/^\s*COMMIT/i.test(sent[i]!.text)) {
      commit = i;
      break;
    }
  if ([committing, budgetLock, writes, doc, commit].some((i) => i < 0))
    throw new Error(
      'workDecision sent other statements than the bench expects: update splitOf in bench/grants-decision.ts',
    );
  const at = (i: number) => sent[i]!.at;
  const part = (name: string, from: number, to: number, t0: number, t1: number) => {
    const xs = sent.slice(from, to);
    return { name, ms: t1 - t0, statements: xs.length, dbMs: xs.reduce((n, x) => n + x.ms, 0) };
  };
  const parts = [
    part('judge (reads, each application evaluated, progress)', 0, committing, start, at(committing)),
    part(
      'commit: lock the 500, R26 check, budget lock',
      committing,
      budgetLock + 1,
      at(committing),
      at(budgetLock + 1),
    ),
    part('commit: 500 approve transitions', budgetLock + 1, writes, at(budgetLock + 1), at(writes)),
    part('commit: budget, movements, lines, decision row', writes, doc, at(writes), at(doc)),
    part('commit: decision document (collect 500 lines, number, audit, jobs)', doc, commit, at(doc), at(commit)),
    part('commit: COMMIT and after', commit, sent.length, at(commit), end),
  ];
  return {
    totalMs: end - start,
    judgeMs: at(committing) - start,
    commitMs: end - at(committing),
    parts,
    statements: sent.length,
    dbMs: sent.reduce((n, x) => n + x.ms, 0),
    judgeStatements: committing,
    commitStatements: sent.length - committing,
    topJudge: topShapes(sent.slice(0, committing)),
    topTransitions: topShapes(sent.slice(budgetLock + 1, writes)),
  };
}

async function main() {
  const { openBenchDatabase } = load<typeof DbMod>('./db');
  const opened = await openBenchDatabase();
  process.env.DATABASE_URL = opened.url;
  process.env.JOB_WORKERS = 'false';
  process.env.LOG_LEVEL = 'warn';
  const db = new pg.Client({ connectionString: opened.url });
  let closeApp: (() => Promise<void>) | null = null;
  try {
    const { openAppDatabase, prepareAppDatabase } = load<typeof BootMod>('../server/boot');
    load('../server/app');
    const { startQueue, stopQueue } = load<typeof QueueMod>('../server/shared/queue');
    const { loadReferenceNames, workingCalendar, communeName } =
      load<typeof ReferenceMod>('../server/modules/reference');
    const { closeDatabase } = load<typeof DatabaseMod>('../server/db/database');
    const { runInContext } = load<typeof ContextMod>('../server/shared/context');
    const { setClock } = load<typeof ClockMod>('../server/shared/clock');
    const appDb = await openAppDatabase();
    await prepareAppDatabase(appDb, { demo: false });
    await loadReferenceNames();
    await startQueue({ workers: false });
    closeApp = async () => {
      await stopQueue();
      await closeDatabase();
    };
    setClock(TODAY);
    await db.connect();
    const q = async <T extends object>(text: string, values?: unknown[]) => (await db.query<T>(text, values)).rows;

    const { actorOfUser } = load<typeof UsersMod>('../server/modules/users');
    const { policiesAt } = load<typeof PoliciesMod>('../server/modules/policies');
    const { startDecision, workDecision, workExtracts } = load<typeof DecisionsMod>(
      '../server/modules/grants/grants.decisions',
    );
    const { renderDocument, modelOf } = load<typeof DocumentsMod>('../server/modules/documents/documents.service');
    const { eligibility, bestGroup, allowedFor } = load<typeof RulesMod>('../server/modules/grants/grants.rules');
    const { CASE_STATE_TABLE } = load<typeof CaseStatesMod>('../server/modules/cases/cases.states');

    // ---- the decider, and whatever an interrupted run left behind
    const [decider] = await q<{ id: string }>(
      `INSERT INTO users (username, password_hash, display_name, role, province_code)
       VALUES ($1, 'not-a-password-hash', 'Bench: quyết định hỗ trợ', 'province_officer', $2)
       ON CONFLICT (username) DO UPDATE SET role = 'province_officer', province_code = EXCLUDED.province_code, agency_id = NULL,
         branch_id = NULL, commune_code = NULL, worker_id = NULL, active = true
       RETURNING id`,
      [DECIDER, PROVINCE],
    );
    const deciderId = Number(decider!.id);
    const hasBoss = (await q<{ t: string | null }>("SELECT to_regclass('pgboss.job')::text AS t"))[0]!.t !== null;

    const teardown = async () => {
      await db.query('BEGIN');
      try {
        // triggers (append-only events and movements, documents never deleted) and foreign keys off for this one
        // transaction: everything below is the bench's own
        await db.query("SET LOCAL session_replication_role = 'replica'");
        await db.query(
          'CREATE TEMP TABLE bd ON COMMIT DROP AS SELECT id FROM grant_decisions WHERE requested_by_user_id = $1',
          [deciderId],
        );
        await db.query(
          'CREATE TEMP TABLE ba ON COMMIT DROP AS SELECT DISTINCT grant_application_id AS id FROM grant_claims WHERE evidence = $1',
          [MARK],
        );
        await db.query(
          `CREATE TEMP TABLE bdoc ON COMMIT DROP AS SELECT id, file_id FROM documents
           WHERE (subject_type = 'grant_decision' AND subject_id IN (SELECT id::text FROM bd))
              OR (subject_type = 'grant_application' AND subject_id IN (SELECT id::text FROM ba))
              OR id IN (SELECT document_id FROM grant_decisions WHERE id IN (SELECT id FROM bd))`,
        );
        await db.query(
          `UPDATE grant_budgets b SET committed_vnd = b.committed_vnd - m.amount
           FROM (SELECT budget_id, sum(CASE kind WHEN 'commit' THEN amount_vnd WHEN 'release' THEN -amount_vnd ELSE 0 END) AS amount
                 FROM grant_budget_movements WHERE decision_id IN (SELECT id FROM bd) GROUP BY budget_id) m
           WHERE b.id = m.budget_id`,
        );
        for (const sql of [
          'DELETE FROM grant_budget_movements WHERE decision_id IN (SELECT id FROM bd)',
          'DELETE FROM grant_decision_lines WHERE decision_id IN (SELECT id FROM bd)',
          'DELETE FROM grant_item_awards WHERE grant_application_id IN (SELECT id FROM ba)',
          'DELETE FROM grant_application_events WHERE grant_application_id IN (SELECT id FROM ba)',
          "DELETE FROM obligations WHERE subject_type = 'grant_application' AND subject_id IN (SELECT id FROM ba)",
          'DELETE FROM grant_claims WHERE grant_application_id IN (SELECT id FROM ba)',
          'DELETE FROM grant_applications WHERE id IN (SELECT id FROM ba)',
          'DELETE FROM grant_decisions WHERE id IN (SELECT id FROM bd)',
          'DELETE FROM documents WHERE id IN (SELECT id FROM bdoc)',
          'DELETE FROM files WHERE id IN (SELECT file_id FROM bdoc WHERE file_id IS NOT NULL)',
          // the province's numbers: back to the last one still held (gapless)
          `UPDATE document_counters c SET last_number = m.n
           FROM (SELECT issuer_key, doc_type, year, max(number) AS n FROM documents WHERE issuer_key = 'province:${PROVINCE}' GROUP BY 1, 2, 3) m
           WHERE c.issuer_key = m.issuer_key AND c.doc_type = m.doc_type AND c.year = m.year`,
          `DELETE FROM document_counters c WHERE c.issuer_key = 'province:${PROVINCE}'
             AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.issuer_key = c.issuer_key AND d.doc_type = c.doc_type AND d.year = c.year)`,
          `DELETE FROM audit_log WHERE request_id = '${CONTEXT.requestId}'`,
          ...(hasBoss
            ? [
                `DELETE FROM pgboss.job WHERE (name = 'document.render' AND data->>'documentId' IN (SELECT id::text FROM bdoc))
                   OR (name IN ('grants.decision', 'grants.extracts') AND data->>'decisionId' IN (SELECT id::text FROM bd))`,
              ]
            : []),
        ])
          await db.query(sql);
        await db.query('COMMIT');
      } catch (err) {
        await db.query('ROLLBACK');
        throw err;
      }
    };
    const restoreSeed = async () => {
      if (!fs.existsSync(STATE_FILE)) return;
      const b = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as {
        budgetId: string;
        allocated: string;
        workers: number[];
      };
      await db.query('UPDATE grant_budgets SET allocated_vnd = $2 WHERE id = $1', [b.budgetId, b.allocated]);
      // the seed's households carry 2025 (generate.ts); certifying in 2026 wrote 2026
      await db.query(
        "UPDATE workers SET household_status_year = 2025 WHERE id = ANY($1::bigint[]) AND household_status <> 'none'",
        [b.workers],
      );
      fs.unlinkSync(STATE_FILE);
    };
    await teardown();
    await restoreSeed();

    // ---- the 500: workers of the province's eligible communes, judged by the app's own pure rules
    const [programme] = await q<{
      code: 'mtqg';
      name: string;
      payable_from: string;
      payable_to: string | null;
      citation: string;
    }>('SELECT code, name, payable_from::text, payable_to::text, citation FROM grant_programmes WHERE code = $1', [
      PROGRAMME,
    ]);
    if (!programme) throw new Error('no MTQG programme: the database is not migrated');
    const found = await q<{
      worker_id: string;
      case_id: string;
      agency_id: string;
      case_state: string;
      reference: string | null;
      dob: string;
      ethnicity: string | null;
      commune_code: string;
      household_status: 'poor' | 'near_poor' | 'escaped_poverty' | 'none';
      household_status_year: number | null;
      land_recovered: boolean;
      meritorious_family: boolean;
      area_kind: 'poor_district' | 'coastal_commune';
    }>(
      `SELECT DISTINCT ON (w.id) w.id AS worker_id, c.id AS case_id, c.agency_id, c.state AS case_state, o.reference,
         w.date_of_birth::text AS dob, w.ethnicity, w.commune_code, w.household_status, w.household_status_year,
         w.land_recovered, w.meritorious_family, a.kind AS area_kind
       FROM workers w
         JOIN grant_eligible_areas a ON a.province_code = w.province_code AND a.commune_code = w.commune_code
         JOIN cases c ON c.worker_id = w.id
         JOIN job_orders o ON o.id = c.job_order_id
         JOIN agencies g ON g.id = c.agency_id
       WHERE w.province_code = $1 AND c.state = ANY($2::text[])
         AND (g.kind = 'public_unit' OR (o.supply_reg_status = 'approved' AND o.supply_reg_date <= $3::date))
         AND w.date_of_birth <= ($3::date - interval '18 years')
         AND NOT EXISTS (SELECT 1 FROM grant_applications x WHERE x.worker_id = w.id)
         AND NOT EXISTS (SELECT 1 FROM grant_item_awards x WHERE x.worker_id = w.id)
       ORDER BY w.id, c.id
       LIMIT ${N * 2}`,
      [PROVINCE, ELIGIBLE_CASE_STATES, TODAY],
    );
    const communes = [...new Set(found.map((f) => f.commune_code))];
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, commune_code, province_code)
       SELECT 'bench-commune-' || c.code, 'not-a-password-hash', 'Cán bộ UBND ' || c.name, 'commune_officer', c.code, c.province_code
       FROM communes c WHERE c.code = ANY($1::text[])
       ON CONFLICT (username) DO UPDATE SET role = 'commune_officer', commune_code = EXCLUDED.commune_code,
         province_code = EXCLUDED.province_code, agency_id = NULL`,
      [communes],
    );
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, agency_id)
       SELECT 'bench-staff-' || a.id, 'not-a-password-hash', 'Kế toán ' || a.name, 'agency_staff', a.id FROM agencies a WHERE a.id = ANY($1::bigint[])
       ON CONFLICT (username) DO UPDATE SET role = 'agency_staff', agency_id = EXCLUDED.agency_id`,
      [[...new Set(found.map((f) => f.agency_id))]],
    );
    const officer = new Map(
      (
        await q<{ code: string; id: string }>(
          "SELECT commune_code AS code, id FROM users WHERE username = ANY($1::text[]) AND role = 'commune_officer'",
          [communes.map((c) => `bench-commune-${c}`)],
        )
      ).map((u) => [u.code, Number(u.id)]),
    );
    const staff = new Map(
      (
        await q<{ agency_id: string; id: string }>(
          "SELECT agency_id, id FROM users WHERE username LIKE 'bench-staff-%' AND role = 'agency_staff'",
        )
      ).map((u) => [u.agency_id, Number(u.id)]),
    );
    const policy = await policiesAt(TODAY);
    const minAge = policy.require('worker.min_age');
    const processingDays = policy.require('grant.processing_days');
    const calendar = await workingCalendar();
    const dueOn = calendar.addWorkingDays(SUBMITTED_ON, Number(processingDays.value));
    const candidates: Candidate[] = [];
    const groups: Record<string, number> = {};
    for (const f of found) {
      if (candidates.length === N) break;
      const area = {
        kind: f.area_kind,
        label: `${f.area_kind === 'coastal_commune' ? 'xã đặc biệt khó khăn' : 'xã thuộc huyện nghèo'} ${communeName(f.commune_code)}`,
      };
      const facts = {
        on: TODAY,
        programme: {
          code: programme.code,
          name: programme.name,
          payableFrom: programme.payable_from,
          payableTo: programme.payable_to,
          citation: programme.citation,
        },
        worker: {
          dateOfBirth: f.dob,
          ethnicity: f.ethnicity,
          provinceCode: PROVINCE,
          communeCode: f.commune_code,
          householdStatus: f.household_status,
          // the commune's certification (certifyHousehold) writes this year for a poor, near-poor or escaped household
          householdStatusYear: f.household_status === 'none' ? f.household_status_year : Number(TODAY.slice(0, 4)),
          landRecovered: f.land_recovered,
          meritoriousFamily: f.meritorious_family,
        },
        provinceCode: PROVINCE,
        area,
        case: {
          state: f.case_state,
          stageLabel: CASE_STATE_TABLE[f.case_state as keyof typeof CASE_STATE_TABLE]?.label ?? f.case_state,
          orderApproved: true,
          orderReference: f.reference ?? '',
        },
        declaredGroups: [],
        awarded: [],
      };
      const criteria = eligibility(facts, minAge);
      const group = bestGroup(facts);
      if (!group || criteria.some((c) => !c.ok)) continue;
      // the claims an applicant makes (generate-grants.ts claimsFor's kinds and ranges), from the worker's own PRNG
      const r = rng(Number(f.worker_id) ^ 20261219);
      const pool = ['personal_items', 'travel', 'passport', 'health_check', 'lodging', 'visa'];
      for (let i = pool.length - 1; i > 0; i -= 1) {
        const j = Math.floor(r() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      const items = [
        'language',
        'vocational',
        ...pool.slice(0, group.clause === 'clause3' ? Math.floor(r() * 2) : 1 + Math.floor(r() * 4)),
      ];
      const claims = items.map((item) => {
        const quantity = item === 'lodging' ? 2 + Math.floor(r() * 5) : 1;
        const round = (v: number, to: number) => Math.max(to, Math.round(v / to) * to);
        const claimed = BigInt(
          item === 'language'
            ? round(3_000_000 + r() * 3_000_000, 10_000)
            : item === 'vocational'
              ? round(1_500_000 + r() * 3_500_000, 10_000)
              : item === 'lodging'
                ? round(quantity * 400_000 * (0.9 + r() * 0.2), 1_000)
                : item === 'personal_items'
                  ? round(500_000 + r() * 300_000, 1_000)
                  : item === 'travel'
                    ? round(150_000 + r() * 250_000, 1_000)
                    : item === 'visa'
                      ? round(500_000 + r() * 2_000_000, 1_000)
                      : item === 'health_check'
                        ? round(500_000 + r() * 700_000, 1_000)
                        : 200_000,
        );
        const a = allowedFor(
          policy,
          PROGRAMME,
          group.clause,
          { item: item as RulesMod.Item, quantity, claimedVnd: claimed },
          { daysPresent: 0, difficultArea: f.area_kind === 'coastal_commune', awarded: false },
        );
        return { item, quantity, claimed, allowed: a.allowedVnd, arithmetic: a.arithmetic };
      });
      const allowed = claims.reduce((n, c) => n + c.allowed, 0n);
      const staffId = staff.get(f.agency_id);
      const communeOfficerId = officer.get(f.commune_code);
      if (allowed <= 0n || !staffId || !communeOfficerId) continue;
      groups[group.group] = (groups[group.group] ?? 0) + 1;
      candidates.push({
        workerId: Number(f.worker_id),
        caseId: Number(f.case_id),
        agencyId: Number(f.agency_id),
        communeCode: f.commune_code,
        household: f.household_status,
        group: group.group,
        criteria,
        claims,
        claimed: claims.reduce((n, c) => n + c.claimed, 0n),
        allowed,
        staffId,
        communeOfficerId,
      });
    }
    if (candidates.length < N)
      throw new Error(
        `only ${candidates.length} eligible workers without an application in province ${PROVINCE}: run \`npm run bench:seed -- --cases 1000000\``,
      );
    const totalAllowed = candidates.reduce((n, c) => n + c.allowed, 0n);
    const claimCount = candidates.reduce((n, c) => n + c.claims.length, 0);
    const awardCount = candidates.reduce((n, c) => n + c.claims.filter((x) => x.allowed > 0n).length, 0);
    process.stdout.write(
      `grants-decision: ${N} certified MTQG applications in province ${PROVINCE} (${Object.entries(groups)
        .map(([g, n]) => `${g} ${n}`)
        .join(
          ', ',
        )}), ${claimCount} claims, ${awardCount} items awarded, ${(Number(totalAllowed) / 1e9).toFixed(3)} bn ₫\n`,
    );

    // the budget: the seed leaves 3–15 % of 2026 free; the bench lends it what the 500 need (given back at the end)
    const [budget] = await q<{ id: string; allocated_vnd: string; committed_vnd: string; paid_vnd: string }>(
      `SELECT id, allocated_vnd, committed_vnd, paid_vnd FROM grant_budgets
       WHERE province_code = $1 AND fiscal_year = $2 AND programme_code = $3 AND source = $4`,
      [PROVINCE, Number(TODAY.slice(0, 4)), PROGRAMME, SOURCE],
    );
    if (!budget) throw new Error('no 2026 MTQG budget for the province: run `npm run bench:seed -- --grants`');
    fs.mkdirSync(TMP, { recursive: true });
    fs.writeFileSync(
      STATE_FILE,
      JSON.stringify({
        budgetId: budget.id,
        allocated: budget.allocated_vnd,
        workers: candidates.map((c) => c.workerId),
      }),
    );
    await db.query('UPDATE grant_budgets SET allocated_vnd = allocated_vnd + $2 WHERE id = $1', [
      budget.id,
      String(totalAllowed),
    ]);
    await db.query(
      "UPDATE workers SET household_status_year = $2 WHERE id = ANY($1::bigint[]) AND household_status <> 'none'",
      [candidates.map((c) => c.workerId), Number(TODAY.slice(0, 4))],
    );

    /** The 500 as `certify` leaves them: the application, its submit and certify events, its claims, its obligation. */
    const prepare = async (): Promise<number[]> => {
      const c = candidates;
      const rows = await q<{ id: string; worker_id: string }>(
        `INSERT INTO grant_applications (worker_id, case_id, agency_id, programme_code, beneficiary_group, province_code, commune_code,
           state, version, whose_move, next_deadline_on, next_deadline_rule, claimed_vnd, allowed_vnd, eligibility, created_by_user_id,
           submitted_by_user_id, submitted_on, certified_by_user_id, certified_on, created_at, updated_at)
         SELECT w, k, a, $1, g, $2, cm, 'certified', 3, 'province', $3::date, 'R27', cl, al, e::jsonb, s, s, $4::date, co, $5::date,
           $6::timestamptz, $7::timestamptz
         FROM unnest($8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::bigint[], $14::bigint[], $15::text[],
           $16::bigint[], $17::bigint[]) AS x(w, k, a, g, cm, cl, al, e, s, co)
         RETURNING id, worker_id`,
        [
          PROGRAMME,
          PROVINCE,
          dueOn,
          SUBMITTED_ON,
          CERTIFIED_ON,
          `${SUBMITTED_ON} 09:00:00+07`,
          `${CERTIFIED_ON} 10:00:00+07`,
          c.map((x) => x.workerId),
          c.map((x) => x.caseId),
          c.map((x) => x.agencyId),
          c.map((x) => x.group),
          c.map((x) => x.communeCode),
          c.map((x) => String(x.claimed)),
          c.map((x) => String(x.allowed)),
          c.map((x) => JSON.stringify(x.criteria)),
          c.map((x) => x.staffId),
          c.map((x) => x.communeOfficerId),
        ],
      );
      const idOf = new Map(rows.map((r) => [Number(r.worker_id), Number(r.id)]));
      const ids = c.map((x) => idOf.get(x.workerId)!);
      await db.query(
        `INSERT INTO grant_application_events (grant_application_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
         SELECT g, $1::timestamptz, s, 'submit', 'draft', 'submitted', '{}'::jsonb, '[]'::jsonb FROM unnest($3::bigint[], $4::bigint[]) AS x(g, s)
         UNION ALL
         SELECT g, $2::timestamptz, co, 'certify', 'submitted', 'certified',
           jsonb_build_object('householdStatus', h, 'cvChecked', true), '[]'::jsonb
         FROM unnest($3::bigint[], $5::bigint[], $6::text[]) AS x(g, co, h)`,
        [
          `${SUBMITTED_ON} 09:00:00+07`,
          `${CERTIFIED_ON} 10:00:00+07`,
          ids,
          c.map((x) => x.staffId),
          c.map((x) => x.communeOfficerId),
          c.map((x) => x.household),
        ],
      );
      const flat = c.flatMap((x, i) => x.claims.map((cl) => ({ id: ids[i]!, ...cl })));
      await db.query(
        `INSERT INTO grant_claims (grant_application_id, item, quantity, claimed_vnd, evidence, allowed_vnd, arithmetic)
         SELECT g, i, q, cl, $1, al, ARRAY(SELECT json_array_elements_text(ar::json))
         FROM unnest($2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::text[]) AS x(g, i, q, cl, al, ar)`,
        [
          MARK,
          flat.map((x) => x.id),
          flat.map((x) => x.item),
          flat.map((x) => x.quantity),
          flat.map((x) => String(x.claimed)),
          flat.map((x) => String(x.allowed)),
          flat.map((x) => JSON.stringify(x.arithmetic)),
        ],
      );
      await db.query(
        `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, policy_id, agency_id,
           province_code, commune_code, created_at, updated_at)
         SELECT 'grant_application', g, 'processing', 'R27', $1::date, 'province', 'open', $2, a, $3, cm, $4::timestamptz, $5::timestamptz
         FROM unnest($6::bigint[], $7::bigint[], $8::text[]) AS x(g, a, cm)`,
        [
          dueOn,
          processingDays.id,
          PROVINCE,
          `${SUBMITTED_ON} 09:00:00+07`,
          `${CERTIFIED_ON} 10:00:00+07`,
          ids,
          c.map((x) => x.agencyId),
          c.map((x) => x.communeCode),
        ],
      );
      await db.query('ANALYZE grant_applications, grant_claims, grant_application_events, obligations');
      return [...ids].sort((a, b) => a - b);
    };

    const actor = (await actorOfUser(deciderId))!;
    const inContext = <T>(fn: () => Promise<T>) => runInContext(CONTEXT, fn);

    /** The app: startDecision, then workDecision timed and split; the extracts; the PDFs. */
    const appRound = async (round: number, profile: boolean) => {
      const ids = await prepare();
      const t0 = performance.now();
      const started = await inContext(() => startDecision(actor, { applicationIds: ids, source: SOURCE }));
      const t1 = performance.now();
      let session: import('node:inspector/promises').Session | null = null;
      if (profile) {
        const inspector = await import('node:inspector/promises');
        session = new inspector.Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
      }
      trace.sent = [];
      trace.on = true;
      const w0 = performance.now();
      await inContext(() => workDecision(started.id));
      const w1 = performance.now();
      trace.on = false;
      if (session) {
        const { profile: cpu } = await session.post('Profiler.stop');
        session.disconnect();
        summariseProfile(cpu as unknown as CpuProfile);
      }
      const [d] = await q<{
        status: string;
        refusal: unknown;
        document_id: string | null;
        lines: number;
        number_text: string | null;
      }>(
        `SELECT d.status, d.refusal, d.document_id, (SELECT count(*)::int FROM grant_decision_lines l WHERE l.decision_id = d.id) AS lines,
           doc.number_text
         FROM grant_decisions d LEFT JOIN documents doc ON doc.id = d.document_id WHERE d.id = $1`,
        [started.id],
      );
      if (!d || d.status !== 'issued' || d.lines !== N) {
        process.stdout.write(`refusal ${JSON.stringify(d?.refusal ?? null, null, 1).slice(0, 4000)}\n`);
        throw new Error(`decision ${started.id}: ${d?.status}, ${d?.lines} lines (expected issued, ${N})`);
      }
      const split = splitOf(trace.sent, w0, w1);
      trace.sent = [];
      trace.on = true;
      const e0 = performance.now();
      await inContext(() => workExtracts(started.id));
      const e1 = performance.now();
      trace.on = false;
      const extractsSent = trace.sent;
      trace.sent = [];
      const extracts = (
        await q<{ id: string }>(
          'SELECT extract_document_id AS id FROM grant_decision_lines WHERE decision_id = $1 ORDER BY grant_application_id',
          [started.id],
        )
      ).map((r) => Number(r.id));
      if (extracts.length !== N || extracts.some((x) => !x))
        throw new Error(`${extracts.length} extracts, some missing`);
      const r0 = performance.now();
      if (!(await renderDocument(Number(d.document_id)))) throw new Error('the decision PDF was not rendered');
      const r1 = performance.now();
      for (const id of extracts.slice(0, EXTRACTS)) await renderDocument(id);
      const r2 = performance.now();
      const [sizes] = await q<{ decision: number; extract: number }>(
        `SELECT (SELECT f.size FROM files f JOIN documents d ON d.file_id = f.id WHERE d.id = $1)::int AS decision,
                (SELECT avg(f.size) FROM files f JOIN documents d ON d.file_id = f.id WHERE d.id = ANY($2::bigint[]))::int AS extract`,
        [d.document_id, extracts.slice(0, EXTRACTS)],
      );
      const out = {
        startMs: t1 - t0,
        split,
        extractsMs: e1 - e0,
        extractsStatements: extractsSent.length,
        extractsDbMs: extractsSent.reduce((n, x) => n + x.ms, 0),
        extractsTop: topShapes(extractsSent, 10),
        decisionPdfMs: r1 - r0,
        extractRate: (Math.min(EXTRACTS, extracts.length) * 1000) / (r2 - r1),
        decisionBytes: sizes!.decision,
        extractBytes: sizes!.extract,
        numberText: d.number_text,
        decisionDoc: Number(d.document_id),
        extractDoc: extracts[0]!,
      };
      process.stdout.write(
        `  round ${round} app: workDecision ${s(split.totalMs)} s (judge ${s(split.judgeMs)} s, ${split.judgeStatements} statements; ` +
          `commit ${s(split.commitMs)} s, ${split.commitStatements} statements), startDecision ${out.startMs.toFixed(0)} ms; ` +
          `extracts ${s(out.extractsMs)} s; decision PDF ${out.decisionPdfMs.toFixed(0)} ms; extracts ${out.extractRate.toFixed(1)} PDFs/s\n`,
      );
      return out;
    };

    /** The bare transaction: the same rows written by plain statements, per row ('rows') or per table ('set'). */
    const bareRound = async (round: number, mode: 'rows' | 'set') => {
      const ids = await prepare();
      const c = candidates;
      const byWorker = new Map(c.map((x) => [x.workerId, x]));
      const t0 = performance.now();
      await db.query('BEGIN');
      try {
        const locked = await q<{ id: string; worker_id: string; version: number }>(
          'SELECT id, worker_id, version FROM grant_applications WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
          [ids],
        );
        const [b] = await q<{ id: string; allocated_vnd: string; committed_vnd: string; paid_vnd: string }>(
          `SELECT id, allocated_vnd, committed_vnd, paid_vnd FROM grant_budgets
           WHERE province_code = $1 AND fiscal_year = $2 AND programme_code = $3 AND source = $4 FOR UPDATE`,
          [PROVINCE, Number(TODAY.slice(0, 4)), PROGRAMME, SOURCE],
        );
        if (BigInt(b!.allocated_vnd) - BigInt(b!.committed_vnd) - BigInt(b!.paid_vnd) < totalAllowed)
          throw new Error('bare: the budget does not cover the 500');
        const [dec] = await q<{ id: string }>(
          `INSERT INTO grant_decisions (province_code, programme_code, funding_source, status, application_ids, total, checked, requested_by_user_id)
           VALUES ($1, $2, $3, 'committing', $4, $5, $5, $6) RETURNING id`,
          [PROVINCE, PROGRAMME, SOURCE, ids, N, deciderId],
        );
        const decisionId = dec!.id;
        const apps = locked.map((r) => ({
          id: Number(r.id),
          version: r.version,
          c: byWorker.get(Number(r.worker_id))!,
        }));
        const eventAt = new Date(`${TODAY}T09:00:00+07:00`);
        const approvedInput = JSON.stringify({ source: SOURCE });
        if (mode === 'rows') {
          for (const a of apps) {
            for (const cl of a.c.claims.filter((x) => x.allowed > 0n)) {
              const inserted = await q(
                `INSERT INTO grant_item_awards (worker_id, item, grant_application_id, amount_vnd, awarded_on)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (worker_id, item) DO NOTHING RETURNING item`,
                [a.c.workerId, cl.item, a.id, String(cl.allowed), TODAY],
              );
              if (!inserted.length) throw new Error('bare: an item awarded twice');
            }
            for (const cl of a.c.claims)
              await db.query(
                'UPDATE grant_claims SET allowed_vnd = $3, arithmetic = $4 WHERE grant_application_id = $1 AND item = $2',
                [a.id, cl.item, String(cl.allowed), cl.arithmetic],
              );
            await db.query(
              `UPDATE grant_applications SET state = 'approved', version = version + 1, whose_move = 'province', decided_by_user_id = $2,
                 decided_on = $3, approved_vnd = $4, allowed_vnd = $4, fiscal_year = $5, funding_source = $6, eligibility = $7,
                 decision_id = $8, next_deadline_on = NULL, next_deadline_rule = NULL, updated_at = now()
               WHERE id = $1`,
              [a.id, deciderId, TODAY, String(a.c.allowed), 2026, SOURCE, JSON.stringify(a.c.criteria), decisionId],
            );
            await db.query(
              `INSERT INTO grant_application_events (grant_application_id, at, actor_user_id, action, from_state, to_state, input, verdicts, policy_ids)
               VALUES ($1, $2, $3, 'approve', 'certified', 'approved', $4, '[]', '{}')`,
              [a.id, eventAt, deciderId, approvedInput],
            );
            await db.query(
              `UPDATE obligations SET status = 'met', met_on = $2, whose_move = 'province', updated_at = now()
               WHERE subject_type = 'grant_application' AND subject_id = $1 AND kind = 'processing'`,
              [a.id, TODAY],
            );
          }
        } else {
          const awards = apps.flatMap((a) => a.c.claims.filter((x) => x.allowed > 0n).map((cl) => ({ a, cl })));
          const n = await db.query(
            `INSERT INTO grant_item_awards (worker_id, item, grant_application_id, amount_vnd, awarded_on)
             SELECT w, i, g, m, $1 FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) AS x(w, i, g, m)
             ON CONFLICT (worker_id, item) DO NOTHING`,
            [
              TODAY,
              awards.map((x) => x.a.c.workerId),
              awards.map((x) => x.cl.item),
              awards.map((x) => x.a.id),
              awards.map((x) => String(x.cl.allowed)),
            ],
          );
          if (n.rowCount !== awards.length) throw new Error('bare: an item awarded twice');
          const claims = apps.flatMap((a) => a.c.claims.map((cl) => ({ a, cl })));
          await db.query(
            `UPDATE grant_claims c SET allowed_vnd = x.m, arithmetic = ARRAY(SELECT json_array_elements_text(x.ar::json))
             FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS x(g, i, m, ar)
             WHERE c.grant_application_id = x.g AND c.item = x.i`,
            [
              claims.map((x) => x.a.id),
              claims.map((x) => x.cl.item),
              claims.map((x) => String(x.cl.allowed)),
              claims.map((x) => JSON.stringify(x.cl.arithmetic)),
            ],
          );
          await db.query(
            `UPDATE grant_applications g SET state = 'approved', version = version + 1, whose_move = 'province', decided_by_user_id = $1,
               decided_on = $2, approved_vnd = x.m, allowed_vnd = x.m, fiscal_year = $3, funding_source = $4, eligibility = x.e::jsonb,
               decision_id = $5, next_deadline_on = NULL, next_deadline_rule = NULL, updated_at = now()
             FROM unnest($6::bigint[], $7::bigint[], $8::text[]) AS x(id, m, e) WHERE g.id = x.id`,
            [
              deciderId,
              TODAY,
              2026,
              SOURCE,
              decisionId,
              apps.map((a) => a.id),
              apps.map((a) => String(a.c.allowed)),
              apps.map((a) => JSON.stringify(a.c.criteria)),
            ],
          );
          await db.query(
            `INSERT INTO grant_application_events (grant_application_id, at, actor_user_id, action, from_state, to_state, input, verdicts, policy_ids)
             SELECT g, $1, $2, 'approve', 'certified', 'approved', $3, '[]', '{}' FROM unnest($4::bigint[]) AS g`,
            [eventAt, deciderId, approvedInput, apps.map((a) => a.id)],
          );
          await db.query(
            `UPDATE obligations SET status = 'met', met_on = $1, whose_move = 'province', updated_at = now()
             WHERE subject_type = 'grant_application' AND subject_id = ANY($2::bigint[]) AND kind = 'processing'`,
            [TODAY, apps.map((a) => a.id)],
          );
        }
        await db.query(
          'UPDATE grant_budgets SET committed_vnd = committed_vnd + $2, updated_at = now() WHERE id = $1',
          [b!.id, String(totalAllowed)],
        );
        await db.query(
          `INSERT INTO grant_budget_movements (budget_id, on_date, kind, amount_vnd, grant_application_id, decision_id)
           SELECT $1, $2, 'commit', a, g, $5 FROM unnest($3::bigint[], $4::bigint[]) AS x(g, a)`,
          [b!.id, TODAY, apps.map((a) => a.id), apps.map((a) => String(a.c.allowed)), decisionId],
        );
        await db.query(
          `INSERT INTO grant_decision_lines (decision_id, grant_application_id, worker_id, amount_vnd)
           SELECT $1, g, w, a FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS x(g, w, a)`,
          [decisionId, apps.map((a) => a.id), apps.map((a) => a.c.workerId), apps.map((a) => String(a.c.allowed))],
        );
        await db.query('UPDATE grant_decisions SET fiscal_year = $2, decided_on = $3, total_vnd = $4 WHERE id = $1', [
          decisionId,
          2026,
          TODAY,
          String(totalAllowed),
        ]);
        // the annex as the template's collect reads it (grants.templates.ts linesOf), the number, the document row
        const lines = await q(
          `SELECT l.grant_application_id, l.amount_vnd, g.beneficiary_group, w.full_name, w.date_of_birth, w.commune_code,
             (SELECT json_agg(json_build_object('item', c.item, 'allowed_vnd', c.allowed_vnd) ORDER BY c.id)
                FROM grant_claims c WHERE c.grant_application_id = g.id AND c.allowed_vnd > 0) AS items
           FROM grant_decision_lines l JOIN grant_applications g ON g.id = l.grant_application_id
             JOIN worker_directory w ON w.id = l.worker_id
           WHERE l.decision_id = $1 ORDER BY l.grant_application_id`,
          [decisionId],
        );
        const snapshot = JSON.stringify({ province: PROVINCE, lines });
        const [{ last_number: number }] = (await q<{ last_number: number }>(
          `INSERT INTO document_counters AS c (issuer_key, doc_type, year, last_number) VALUES ($1, 'QĐ', 2026, 1)
           ON CONFLICT (issuer_key, doc_type, year) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number`,
          [`province:${PROVINCE}`],
        )) as [{ last_number: number }];
        const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        const code = Array.from(crypto.randomBytes(12), (x) => alphabet[x % 32]).join('');
        const [doc] = await q<{ id: string }>(
          `INSERT INTO documents (template, template_version, issuer_key, doc_type, year, number, number_text, subject_type, subject_id,
             snapshot, snapshot_digest, verify_code, key_id, signature, issued_on, issued_at, issued_by_user_id)
           VALUES ('grant_decision', 1, $1, 'QĐ', 2026, $2, $3, 'grant_decision', $4, $5, $6, $7, 'bench', 'bench', $8, now(), $9) RETURNING id`,
          [
            `province:${PROVINCE}`,
            number,
            `Số: ${number}/2026/QĐ-UBND`,
            String(decisionId),
            snapshot,
            crypto.createHash('sha256').update(snapshot).digest('hex'),
            code,
            TODAY,
            deciderId,
          ],
        );
        await db.query(
          `UPDATE grant_decisions SET status = 'issued', document_id = $2, series_id = id, finished_at = now() WHERE id = $1`,
          [decisionId, doc!.id],
        );
        await db.query(
          `INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, entity_id, after, request_id)
           VALUES (now(), $1, 'province_officer', 'grant_decision.issued', 'grant_decision', $2, $3, $4)`,
          [
            deciderId,
            decisionId,
            JSON.stringify({ applications: N, totalVnd: Number(totalAllowed) }),
            CONTEXT.requestId,
          ],
        );
        await db.query('COMMIT');
      } catch (err) {
        await db.query('ROLLBACK');
        throw err;
      }
      const ms = performance.now() - t0;
      process.stdout.write(`  round ${round} bare (${mode === 'rows' ? 'per row' : 'set-based'}): ${s(ms)} s\n`);
      return ms;
    };

    // ---- the rounds: app, bare per row, bare set-based; each on fresh copies of the same 500
    const app: Awaited<ReturnType<typeof appRound>>[] = [];
    const bareRows: number[] = [];
    const bareSet: number[] = [];
    let models: { decision: DocModel; extract: DocModel } | null = null;
    try {
      for (let round = 1; round <= ROUNDS; round += 1) {
        const a = await appRound(round, round === 1 && process.env.BENCH_PROFILE === '1');
        app.push(a);
        if (round === ROUNDS) models = { decision: await modelOf(a.decisionDoc), extract: await modelOf(a.extractDoc) };
        await teardown();
        bareRows.push(await bareRound(round, 'rows'));
        await teardown();
        bareSet.push(await bareRound(round, 'set'));
        await teardown();
      }
    } finally {
      await teardown();
      await restoreSeed();
    }

    // ---- the renderer alone
    process.stdout.write('grants-decision: the renderer alone (3 rounds alternating)\n');
    const r = await renderAlone(models!);

    // ---- the report
    const total = app.map((a) => a.split.totalMs);
    const judge = app.map((a) => a.split.judgeMs);
    const commit = app.map((a) => a.split.commitMs);
    const ratioRows = app.map((a, i) => bareRows[i]! / a.split.commitMs);
    const ratioSet = app.map((a, i) => bareSet[i]! / a.split.commitMs);
    const mid = app[app.indexOf(app.find((a) => a.split.totalMs === median(total))!)]!;
    const list = (title: string, xs: Shape[]) => {
      process.stdout.write(`${title} (count, time waiting on them):\n`);
      for (const t of xs)
        process.stdout.write(`  ${String(t.n).padStart(6)} ${t.ms.toFixed(0).padStart(6)} ms  ${t.shape}\n`);
    };
    list("\nthe median round's judging pass, statements by time", mid.split.topJudge);
    list('its 500 approve transitions', mid.split.topTransitions);
    list(
      `its workExtracts (${mid.extractsStatements} statements, ${s(mid.extractsDbMs)} s waiting on them)`,
      mid.extractsTop,
    );
    process.stdout.write('parts of the median round:\n');
    for (const p of mid.split.parts)
      process.stdout.write(
        `  ${(p.ms / 1000).toFixed(2).padStart(6)} s  ${String(p.statements).padStart(6)} statements  ${(p.dbMs / 1000).toFixed(2).padStart(6)} s waiting on them  ${p.name}\n`,
      );
    const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');
    const section = [
      '',
      `## ${new Date().toISOString()} — Support decisions (issue 19)`,
      '',
      `- commit: ${headCommit()} (working tree as run)`,
      `- machine: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores; Node ${process.version}; pinned to core 0 (PostgreSQL unpinned)`,
      `- database: ${opened.label}; the clock at ${TODAY}`,
      `- data: ${N} certified MTQG applications of province ${PROVINCE} made per round (${Object.entries(groups)
        .map(([g, n]) => `${g} ${n}`)
        .join(
          ', ',
        )}; ${claimCount} claims, ${awardCount} items awarded, ${Number(totalAllowed).toLocaleString('en')} ₫), over the seed`,
      `- method: \`npx tsx bench/grants-decision.ts\`: ${ROUNDS} rounds, each the app then the two bare transactions on fresh copies of the same 500; medians (min–max); the renderer alone 3 rounds alternating`,
      '',
      '| scenario | app | baseline | ratio (rounds) | target | result |',
      '|---|---|---|---|---|---|',
      `| grants-decision-500: workDecision (judge + commit) | ${s(median(total))} s (${range(total.map((x) => x / 1000))}) | — | — | < 10 s | ${pass(median(total) < 10_000)} |`,
      `| … judging pass (${mid.split.judgeStatements} statements) | ${s(median(judge))} s (${range(judge.map((x) => x / 1000))}) | — | — | — | — |`,
      `| … commit transaction (${mid.split.commitStatements} statements) | ${s(median(commit))} s (${range(commit.map((x) => x / 1000))}) | bare per row ${s(median(bareRows))} s (${range(bareRows.map((x) => x / 1000))}) | ${median(ratioRows).toFixed(2)} (${range(ratioRows)}) | — | — |`,
      `| … commit transaction | | bare set-based ${s(median(bareSet))} s (${range(bareSet.map((x) => x / 1000))}) | ${median(ratioSet).toFixed(2)} (${range(ratioSet)}) | — | — |`,
      `| startDecision (the row, the job) | ${median(app.map((a) => a.startMs)).toFixed(0)} ms | — | — | — | — |`,
      `| grants-extracts-500: workExtracts (500 numbered extracts) | ${s(median(app.map((a) => a.extractsMs)))} s (${range(app.map((a) => a.extractsMs / 1000))}) | — | — | — | — |`,
      `| document.render: the decision (${r.decisionPages} pages, ${Math.round(mid.decisionBytes / 1024)} kB) | ${median(app.map((a) => a.decisionPdfMs)).toFixed(0)} ms (${range(
        app.map((a) => a.decisionPdfMs),
        0,
      )}) | — | — | — | — |`,
      `| document.render: extracts, one at a time (${EXTRACTS} a round, ${Math.round(mid.extractBytes / 1024)} kB) | ${median(app.map((a) => a.extractRate)).toFixed(1)} PDFs/s (${range(
        app.map((a) => a.extractRate),
        1,
      )}) | — | — | — | — |`,
      `| renderPdf: the decision, ${r.decisionPages} pages | ${r.decisionMs.toFixed(0)} ms (${(r.decisionMs / r.decisionPages).toFixed(1)} ms/page) | bare pdfkit, same strings: ${r.bareMs.toFixed(0)} ms (${r.barePages} pages) | ${r.decisionRatio.toFixed(2)} (${range(r.decisionRatios)}) | — | — |`,
      `| renderPdf: the extract, one page | ${r.extractRate.toFixed(1)} docs/s | case summary (issue 16): ${r.summaryRate.toFixed(1)} docs/s | ${r.extractRatio.toFixed(2)} (${range(r.extractRatios)}) | — | — |`,
      '',
      `Ratios are bare time ÷ app time (the share of the bare stack's speed the app keeps), per round. The median round's parts: ${mid.split.parts
        .map((p) => `${p.name} ${s(p.ms)} s (${p.statements} statements)`)
        .join('; ')}.`,
      '',
    ].join('\n');
    if (process.env.BENCH_RECORD !== '0') fs.appendFileSync(RESULTS, section);
    process.stdout.write(section);
  } finally {
    await db.end().catch(() => undefined);
    await closeApp?.().catch(() => undefined);
    await opened.local?.stop();
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per package or app file (and idle, GC), written to bench/.tmp/prof. */
function summariseProfile(p: CpuProfile) {
  const dir = path.join(TMP, 'prof');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `grants-decision-${Date.now()}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(p));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const url = n.callFrame.url;
    const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    const key = pkg
      ? pkg
      : url.includes('/server/')
        ? `app ${url.slice(url.indexOf('/server/') + 1)}`
        : url
          ? url.startsWith('node:')
            ? 'node internals'
            : url
          : `(${n.callFrame.functionName || 'native'})`;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  process.stdout.write(`  CPU profile of workDecision: ${file}\n`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18))
    process.stdout.write(`    ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}\n`);
}

/** The renderer alone: the decision against bare pdfkit with the same strings; the extract against the case summary. */
async function renderAlone(models: { decision: DocModel; extract: DocModel }) {
  const { renderPdf, fonts, collect } = load<typeof PdfMod>('../server/modules/documents/documents.pdf');
  const { caseSummaryTemplate } = load<typeof SummaryMod>('../server/modules/documents/templates/case-summary');
  const m = models.decision;
  // the bare loop: the same strings in the same faces, the fonts parsed once; pdfkit flows them over the pages
  const lines: [string, number, string][] = [
    ['regular', 12, m.issuer.parent ?? ''],
    ['bold', 12, m.issuer.name],
    ['bold', 12, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    ['bold', 13, 'Độc lập - Tự do - Hạnh phúc'],
    ['regular', 13, m.numberText],
    ['italic', 13, m.placeDate],
    ['bold', 14, m.title.toUpperCase()],
    ['bold', 13, m.summary ?? ''],
    ...m.basis.map((b): [string, number, string] => ['italic', 13, b]),
    ...m.blocks.flatMap((b): [string, number, string][] =>
      b.kind === 'para' || b.kind === 'heading'
        ? [['regular', 13, b.text]]
        : b.kind === 'list'
          ? b.items.map((i): [string, number, string] => ['regular', 13, i])
          : b.kind === 'table'
            ? [b.head, ...b.rows].map((r): [string, number, string] => ['regular', 10.5, r.join('  ')])
            : [],
    ),
    ...m.signatures.flatMap((x): [string, number, string][] => [
      ['bold', 13, x.title],
      ['bold', 13, x.name],
    ]),
    ['boldItalic', 12, 'Nơi nhận:'],
    ...(m.recipients ?? []).map((x): [string, number, string] => ['regular', 11, x]),
  ];
  const bare = async () => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
    for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as never);
    for (const [face, size, text] of lines) doc.font(face).fontSize(size).text(text);
    return collect(doc);
  };
  const pages = (bytes: Buffer) => (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  const summary = caseSummaryTemplate.build(CASE_SUMMARY as never, {
    numberText: 'Số: 01/2026/TT-NLHT',
    issuedOn: TODAY,
    verifyCode: 'ABCDEFGHJKMN',
    verifyUrl: models.extract.verify.url,
  });
  const timeOne = async (fn: () => Promise<Buffer>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const rate = async (fn: () => Promise<Buffer>, ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    const t = performance.now();
    while (performance.now() < end) {
      await fn();
      n += 1;
    }
    return (n * 1000) / (performance.now() - t);
  };
  const decisionPages = pages(await renderPdf(m));
  const barePages = pages(await bare());
  await rate(() => renderPdf(models.extract), 1000);
  await rate(() => renderPdf(summary), 1000);
  const decisionMs: number[] = [];
  const bareMs: number[] = [];
  const extractRates: number[] = [];
  const summaryRates: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const d: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      d.push(await timeOne(() => renderPdf(m)));
      b.push(await timeOne(bare));
    }
    decisionMs.push(median(d));
    bareMs.push(median(b));
    extractRates.push(await rate(() => renderPdf(models.extract), 3000));
    summaryRates.push(await rate(() => renderPdf(summary), 3000));
    process.stdout.write(
      `  round ${round + 1}/3  decision ${decisionMs[round]!.toFixed(0)} ms, bare ${bareMs[round]!.toFixed(0)} ms; ` +
        `extract ${extractRates[round]!.toFixed(1)} docs/s, case summary ${summaryRates[round]!.toFixed(1)} docs/s\n`,
    );
  }
  const decisionRatios = decisionMs.map((x, i) => bareMs[i]! / x);
  const extractRatios = extractRates.map((x, i) => x / summaryRates[i]!);
  return {
    decisionPages,
    barePages,
    decisionMs: median(decisionMs),
    bareMs: median(bareMs),
    decisionRatio: median(decisionRatios),
    decisionRatios,
    extractRate: median(extractRates),
    summaryRate: median(summaryRates),
    extractRatio: median(extractRatios),
    extractRatios,
  };
}

/** The case summary's snapshot as bench/documents.ts draws it (issue 16's one-page template). */
const CASE_SUMMARY = {
  issuer: {
    name: 'Công ty CP Nhân lực Hành Trang',
    licenceNumber: '123/LĐTBXH-GP',
    address: 'Số 1 Lê Lợi',
    province: 'Thanh Hóa',
  },
  worker: {
    fullName: 'Lò Thị Mai',
    dateOfBirth: '2000-05-12',
    cccd: '038300012345',
    sex: 'Nữ',
    address: 'Xã Hồi Xuân, Thanh Hóa',
    phone: null,
  },
  case: {
    code: 'EFVEKHEYVP',
    stage: 'Trúng tuyển',
    selectedOn: '2026-10-01',
    contractSignedOn: null,
    plannedDepartureOn: '2027-01-15',
    departedOn: null,
    returnedOn: null,
    liquidatedOn: null,
    contractStartOn: null,
    contractEndOn: null,
    deductions: [],
  },
  order: {
    reference: 'JP-TTS-2026-07',
    employer: 'Nghiệp đoàn Sakura',
    country: 'Nhật Bản',
    job: 'Chế biến thực phẩm',
    category: null,
    contractMonths: 36,
    salary: '200.000 JPY',
    serviceFeeVnd: 40000000,
    serviceFeeCapVnd: 95016000,
    feeSteps: [],
    brokerageVnd: 0,
    depositVnd: 0,
    depositCapVnd: 0,
    verdicts: [],
  },
  nextSteps: [
    { text: 'Doanh nghiệp phải đưa bạn đi làm việc trước ngày này.', who: 'Doanh nghiệp', dueOn: '2027-03-30' },
  ],
};

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
