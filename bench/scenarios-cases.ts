// The case lifecycle's scenarios (issue #6), appended to bench/scenarios.ts's list: the largest agency's board
// (a page of a job order's departed cases, sorted by next deadline) and a transition moving each pre-created case
// once. They need `npm run bench:seed -- --cases 1000000`; the baseline's side is bench/baseline-cases.ts.
import { bearerHeaders } from './baseline-auth';
import type pg from 'pg';
import type { Scenario, ScenarioContext } from './scenarios';

/** Fewer cases would measure nothing: the board's page 50 needs a job order with ≥ 981 cases in one state. */
export const MIN_CASES = 100_000;
/** The board the list scenarios read: one job order's cases abroad, sorted by the labour contract's end (R20). */
const BOARD_STATE = 'departed';
const BOARD_PAGE_SIZE = 20; // the API's default page size
/** The job order the transition scenario's cases are made on (created by its setup, removed by its teardown). */
const TRANSITION_ORDER = 'BENCH-TRANSITIONS';
/**
 * Transitions per second neither server is expected to exceed on this machine, to make enough cases: each is
 * moved once, and run.ts warns if they run out.
 */
const MAX_TRANSITIONS_PER_S = 1200;

async function requireCases(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM cases LIMIT ${MIN_CASES}) t`,
  );
  const n = Number(rows[0]!.n);
  if (n < MIN_CASES) {
    throw new Error(
      `the cases table has ${n.toLocaleString('en')} rows, fewer than ${MIN_CASES.toLocaleString('en')}: ` +
        'run `npm run bench:seed -- --cases 1000000` first',
    );
  }
}

/** The agency with the most cases (the generator's largest, ≈ 8 % of them). */
export async function largestAgency(db: pg.Pool): Promise<number> {
  await requireCases(db);
  const { rows } = await db.query<{ agency_id: string }>(
    'SELECT agency_id FROM cases GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1',
  );
  return Number(rows[0]!.agency_id);
}

/**
 * A head-office staff member of `agencyId` ('bench-agency', made or moved there) and a token minted as
 * adminHeaders does.
 */
export async function agencyStaffHeaders(ctx: ScenarioContext, agencyId: number): Promise<Record<string, string>> {
  const { rows } = await ctx.db.query<{ id: string; token_version: number }>(
    `INSERT INTO users (username, password_hash, display_name, role, agency_id)
     VALUES ('bench-agency', 'not-a-password-hash', 'Bench agency', 'agency_staff', $1)
     ON CONFLICT (username) DO UPDATE SET role = 'agency_staff', agency_id = EXCLUDED.agency_id, branch_id = NULL, commune_code = NULL,
       province_code = NULL, worker_id = NULL, active = true
     RETURNING id, token_version`,
    [agencyId],
  );
  const u = rows[0]!;
  return bearerHeaders(ctx.jwtSecret, u);
}

/** The largest agency's job order with the most cases in BOARD_STATE: page 50 must exist. */
async function caseBoard(
  ctx: ScenarioContext,
): Promise<{ headers: Record<string, string>; path: (page: number) => string }> {
  const agencyId = await largestAgency(ctx.db);
  const { rows } = await ctx.db.query<{ job_order_id: string; n: number }>(
    'SELECT job_order_id, count(*)::int AS n FROM cases WHERE agency_id = $1 AND state = $2 GROUP BY job_order_id ORDER BY n DESC, job_order_id LIMIT 1',
    [agencyId, BOARD_STATE],
  );
  const best = rows[0];
  if (!best || best.n <= 49 * BOARD_PAGE_SIZE)
    throw new Error(
      `no job order of agency ${agencyId} has ${49 * BOARD_PAGE_SIZE + 1} ${BOARD_STATE} cases: reseed the cases`,
    );
  return {
    headers: await agencyStaffHeaders(ctx, agencyId),
    path: (page) => `/api/v1/cases?state=${BOARD_STATE}&jobOrderId=${best.job_order_id}&page=${page}`,
  };
}

/** The transition scenario's job order of the largest agency (open, one place per case). */
async function transitionOrder(db: pg.Pool, agencyId: number, headcount: number): Promise<number> {
  const { rows: found } = await db.query<{ id: string }>(
    'SELECT id FROM job_orders WHERE agency_id = $1 AND reference = $2',
    [agencyId, TRANSITION_ORDER],
  );
  if (found[0]) {
    await db.query('UPDATE job_orders SET headcount = $2 WHERE id = $1', [found[0].id, headcount]);
    return Number(found[0].id);
  }
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO job_orders (agency_id, reference, employer_name, employer_country, destination_country, job_category, job_title, headcount,
       contract_months, supply_reg_status, state, version, opened_on)
     VALUES ($1, $2, 'Bench K.K.', 'JP', 'JP', 'jp_tts_1_2', 'Chế biến thực phẩm', $3, 36, 'approved', 'open', 1, current_date) RETURNING id`,
    [agencyId, TRANSITION_ORDER, headcount],
  );
  return Number(rows[0]!.id);
}

/**
 * Removes the transition scenario's cases and their events. case_events is append-only (a trigger refuses
 * DELETE): the trigger is switched off inside this one transaction, for these benchmark rows only.
 */
async function removeTransitionCases(db: pg.Pool): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM job_orders WHERE reference = $1', [
      TRANSITION_ORDER,
    ]);
    const ids = rows.map((r) => r.id);
    if (ids.length) {
      await client.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
      await client.query(
        'DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE job_order_id = ANY($1::bigint[]))',
        [ids],
      );
      await client.query('ALTER TABLE case_events ENABLE TRIGGER case_events_append_only');
      await client.query(
        "DELETE FROM obligations WHERE subject_type = 'case' AND subject_id IN (SELECT id FROM cases WHERE job_order_id = ANY($1::bigint[]))",
        [ids],
      );
      await client.query('DELETE FROM cases WHERE job_order_id = ANY($1::bigint[])', [ids]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The transition scenarios: each pre-created registered case moved once by prescreen. With `plannedDeparture`, each
 * case has a planned departure, so the transition also computes and writes an obligation (R13, the Fund
 * contribution before it) and moves the case's next deadline; both enqueue the stage effect (a job for the worker).
 */
function transitionScenario(name: string, description: string, plannedDeparture: boolean): Scenario {
  return {
    name,
    description,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/cases/{feed}/transitions',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'prescreen', expectedVersion: 0 }),
      },
    ],
    targetRatio: 0.4,
    setup: async (ctx) => {
      const agencyId = await largestAgency(ctx.db);
      await removeTransitionCases(ctx.db); // what a killed run left behind
      // both servers, warm-up included, at the fastest expected rate; + 2 for run.ts's check of the answers
      const count = Math.ceil(2 * ctx.loadSeconds * MAX_TRANSITIONS_PER_S) + 2;
      const orderId = await transitionOrder(ctx.db, agencyId, count);
      // fresh registered cases (state, version, whose move: the table's defaults), one per worker, in id order
      const { rows } = await ctx.db.query<{ id: string }>(
        `INSERT INTO cases (worker_id, job_order_id, agency_id, planned_departure_on)
         SELECT id, $1, $2, ${plannedDeparture ? 'current_date + 60' : 'NULL'} FROM workers ORDER BY id LIMIT $3 RETURNING id`,
        [orderId, agencyId, count],
      );
      if (rows.length < count) throw new Error(`only ${rows.length} workers for ${count} cases`);
      await ctx.db.query('ANALYZE cases');
      return {
        headers: await agencyStaffHeaders(ctx, agencyId),
        feed: rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b)),
      };
    },
    teardown: async (ctx) => {
      await removeTransitionCases(ctx.db);
      await ctx.db.query('DELETE FROM job_orders WHERE reference = $1', [TRANSITION_ORDER]);
      // the effects' jobs both servers wrote (nothing works them in the bench: JOB_WORKERS=false)
      await ctx.db.query("DELETE FROM pgboss.job WHERE name = 'case.stage_changed'");
      // now, rather than autovacuum in the middle of the next scenario
      await ctx.db.query('VACUUM (ANALYZE) cases');
      await ctx.db.query('VACUUM case_events');
      await ctx.db.query('VACUUM obligations');
    },
  };
}

export const caseScenarios: Scenario[] = [
  {
    name: 'cases-board-page',
    description:
      'GET /cases — the board page (HTML) of the largest agency, every open column with its count and first 30 cards, ' +
      'against the bare list API answering the same board statement as JSON (agency staff, 8 connections)',
    requests: '/cases',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 300,
    compare: 'status',
    setup: async (ctx) => {
      const agencyId = await largestAgency(ctx.db);
      const bearer = await agencyStaffHeaders(ctx, agencyId);
      // the page signs in with its cookie, the baseline's API with the bearer token: the same token
      const token = bearer.authorization!.replace(/^Bearer /, '');
      return { headers: { ...bearer, cookie: `ht_session=${token}` } };
    },
  },
  {
    name: 'cases-list-p1',
    description:
      `GET /api/v1/cases?state=${BOARD_STATE}&jobOrderId=<id>&page=1 — the largest agency's biggest board, by next deadline ` +
      '(agency staff; token lookup, a page of 20 with worker and order, capped count)',
    requests: '/api/v1/cases', // replaced by setup
    targetRatio: 0.6,
    p99TargetMs: 50,
    setup: async (ctx) => {
      const board = await caseBoard(ctx);
      return { headers: board.headers, requests: board.path(1) };
    },
  },
  {
    name: 'cases-list-p50',
    description: `GET /api/v1/cases?state=${BOARD_STATE}&jobOrderId=<id>&page=50 — the same board, rows 981–1,000 (agency staff)`,
    requests: '/api/v1/cases', // replaced by setup
    targetRatio: 0.6,
    p99TargetMs: 50,
    setup: async (ctx) => {
      const board = await caseBoard(ctx);
      return { headers: board.headers, requests: board.path(50) };
    },
  },
  transitionScenario(
    'cases-transition',
    'POST /api/v1/cases/<id>/transitions {prescreen} — registered → prescreened, each of the pre-created cases moved once ' +
      "(agency staff; token lookup and the agency's status, then in one transaction: lock, update, event insert, the " +
      "case's obligation facts read (none apply yet), and the stage effect's job written)",
    false,
  ),
  transitionScenario(
    'cases-transition-obligation',
    'POST /api/v1/cases/<id>/transitions {prescreen} on cases with a planned departure — the same, and the transition ' +
      'also writes an obligation (R13 Fund contribution, due 3 days before departure) and moves the next deadline',
    true,
  ),
];
