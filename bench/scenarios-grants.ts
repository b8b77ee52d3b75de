// The support grants' scenarios (issue 18), appended to bench/scenarios.ts's list: the eligibility of one
// application (both programmes' criteria for a case, as the agency sees them before applying) against a bare
// baseline sending the same reads, and the province queue (a province officer's applications, earliest processing
// deadline first) on ≈ 200,000 applications, without and with a state filter, at 8 connections. They need the grants
// (`npm run bench:seed -- --cases 1000000`, or `-- --grants` over cases already loaded: bench/generate-grants.ts); the
// baseline's side is bench/baseline-grants.ts.
import type pg from 'pg';
import { bearerHeaders } from './baseline-auth';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios';
import { agencyStaffHeaders, largestAgency } from './scenarios-cases';

/** The bench province officer's province (Nghệ An, the largest sender: ≈ 18 % of the applications). */
export const GRANT_PROVINCE = '40';
/** Fewer applications would measure nothing (the issue: "a seed of 200,000 applications"). */
const MIN_APPLICATIONS = 150_000;
/** The province's share: a busy province's queue, not a handful. */
const MIN_IN_PROVINCE = 20_000;
/** grants.model.ts GRANT_STATES: the queue's filter cycles through them. */
const STATES = ['certified', 'submitted', 'returned', 'approved', 'rejected', 'draft'];

async function requireGrants(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ n: number; p: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM grant_applications LIMIT ${MIN_APPLICATIONS}) t) AS n,
            (SELECT count(*)::int FROM (SELECT 1 FROM grant_applications WHERE province_code = $1 LIMIT ${MIN_IN_PROVINCE}) t) AS p`,
    [GRANT_PROVINCE],
  );
  const { n, p } = rows[0]!;
  if (n < MIN_APPLICATIONS || p < MIN_IN_PROVINCE)
    throw new Error(
      `${n.toLocaleString('en')} grant applications (${p.toLocaleString('en')} in province ${GRANT_PROVINCE}), fewer than ` +
        `${MIN_APPLICATIONS.toLocaleString('en')} (${MIN_IN_PROVINCE.toLocaleString('en')}): run \`npm run bench:seed -- --grants\``,
    );
}

/** A province officer of `province` ('bench-province', made or moved there) and a token minted as adminHeaders does. */
async function provinceOfficerHeaders(ctx: ScenarioContext, province: string): Promise<Record<string, string>> {
  const { rows } = await ctx.db.query<{ id: string; token_version: number }>(
    `INSERT INTO users (username, password_hash, display_name, role, province_code)
     VALUES ('bench-province', 'not-a-password-hash', 'Bench province', 'province_officer', $1)
     ON CONFLICT (username) DO UPDATE SET role = 'province_officer', province_code = EXCLUDED.province_code, agency_id = NULL,
       branch_id = NULL, commune_code = NULL, worker_id = NULL, active = true
     RETURNING id, token_version`,
    [province],
  );
  return bearerHeaders(ctx.jwtSecret, rows[0]!);
}

const get = (path: string): BenchRequest => ({ method: 'GET', path });

export const grantScenarios: Scenario[] = [
  {
    name: 'grants-eligibility',
    description:
      'GET /api/v1/grants/eligibility?caseId=<id> — both programmes judged for 32 cases of the largest agency, cycled ' +
      '(24 with an application in any state, 8 open ones without): the token lookup, the case, then per programme the ' +
      'programme, the worker, the eligible area, the stage and order, the order money terms (order, agency, market), ' +
      'the awards anywhere (R26), the training days: 22 statements (agency staff)',
    requests: '/api/v1/grants/eligibility?caseId=1', // replaced by setup
    targetRatio: 0.5,
    setup: async (ctx) => {
      await requireGrants(ctx.db);
      const agencyId = await largestAgency(ctx.db);
      // a fixed spread: every run reads the same cases in the same order
      const { rows: applied } = await ctx.db.query<{ case_id: string }>(
        `SELECT case_id FROM grant_applications WHERE agency_id = $1 ORDER BY (case_id * 2654435761) % 4294967296, case_id LIMIT 24`,
        [agencyId],
      );
      const { rows: open } = await ctx.db.query<{ id: string }>(
        `SELECT c.id FROM cases c WHERE c.agency_id = $1 AND c.state IN ('contract_signed', 'visa_processing', 'ready_to_depart')
           AND NOT EXISTS (SELECT 1 FROM grant_applications g WHERE g.case_id = c.id)
         ORDER BY (c.id * 2654435761) % 4294967296, c.id LIMIT 8`,
        [agencyId],
      );
      const ids = [...applied.map((r) => r.case_id), ...open.map((r) => r.id)];
      if (ids.length < 32) throw new Error(`agency ${agencyId} has too few cases with applications: reseed the grants`);
      return {
        headers: await agencyStaffHeaders(ctx, agencyId),
        requests: ids.map((id) => get(`/api/v1/grants/eligibility?caseId=${id}`)),
      };
    },
  },
  {
    name: 'grants-queue',
    description:
      `GET /api/v1/grants — the province queue of province ${GRANT_PROVINCE} (≈ 35,000 of ≈ 200,000 applications), ` +
      'earliest processing deadline first, page 1, no filter: the token lookup, the page with the worker, the capped ' +
      'count (province officer, 8 connections)',
    requests: '/api/v1/grants',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireGrants(ctx.db);
      return { headers: await provinceOfficerHeaders(ctx, GRANT_PROVINCE) };
    },
  },
  {
    name: 'grants-queue-p50',
    description:
      'GET /api/v1/grants?page=50 — the same queue, page 50 (OFFSET 980: the last of the ≈ 1,000 open ' +
      'applications; each skipped row is read from the heap and joined to its worker) (province officer, 8 connections)',
    requests: '/api/v1/grants?page=50',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireGrants(ctx.db);
      return { headers: await provinceOfficerHeaders(ctx, GRANT_PROVINCE) };
    },
  },
  {
    name: 'grants-queue-state',
    description:
      `GET /api/v1/grants?state=<state> — the same queue filtered by each of the six states in turn (certified: ` +
      'awaiting the province; approved: ≈ 30,000), page 1 (province officer, 8 connections)',
    requests: STATES.map((s) => get(`/api/v1/grants?state=${s}`)),
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireGrants(ctx.db);
      return { headers: await provinceOfficerHeaders(ctx, GRANT_PROVINCE) };
    },
  },
];
