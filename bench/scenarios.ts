// The benchmark scenarios. A scenario names requests that both the app and bench/baseline.ts answer with the
// same data; bench/run.ts loads each server in turn and compares them. Add entries at the end of the list.
import type autocannon from 'autocannon';
import { bearerHeaders } from './baseline-auth';
import type pg from 'pg';
import { caseScenarios } from './scenarios-cases';
import { moneyScenarios } from './scenarios-money';
import { grantScenarios } from './scenarios-grants';
import { alertScenarios } from './scenarios-alerts';
import { exchangeScenarios } from './scenarios-exchange';

/** JSON-serialisable, since the load generator runs in its own process: no setupRequest/onResponse callbacks. */
export type BenchRequest = Pick<autocannon.Request, 'method' | 'path' | 'headers'> & { path: string; body?: string };

export interface ScenarioContext {
  /** base URLs of the two servers under test, e.g. http://127.0.0.1:40123 */
  appUrl: string;
  baselineUrl: string;
  /** the bench database (bench/db.ts), migrated and seeded with reference data (create users, fixtures… here) */
  db: pg.Pool;
  /** the JWT_SECRET both servers were started with (to mint tokens exactly as the app does) */
  jwtSecret: string;
  /** seconds each server will be loaded, warm-up included (to size a feed) */
  loadSeconds: number;
}

export interface SetupResult {
  /** sent with every request to both servers (e.g. a bearer token) */
  headers?: Record<string, string>;
  /** replaces the scenario's `requests` (e.g. ids or CCCDs read from the database) */
  requests?: string | BenchRequest[];
  /**
   * Values for writes that must not repeat (e.g. ids of cases to move once): each request sent, to either server,
   * takes the next one in place of `{feed}` in its path, body and header values (bench/load.ts). Make it long enough for
   * ctx.loadSeconds on each server at the fastest expected rate; run.ts warns when it runs out.
   */
  feed?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** one path ('/api/…'), or an autocannon request list cycled by every connection; `setup` may replace it */
  requests: string | BenchRequest[];
  /** concurrent connections (default 32) */
  connections?: number;
  /** pass when app req/s ≥ targetRatio × baseline req/s */
  targetRatio: number;
  /** and, when set, app p99 latency ≤ this */
  p99TargetMs?: number;
  /**
   * 'status' when the two servers answer the same data in different forms (a page's HTML against the list API's
   * JSON): only both statuses are checked, not the bodies
   */
  compare?: 'body' | 'status';
  /** runs once before the scenario; throw to skip the scenario with a message (it is reported as FAIL) */
  setup?: (ctx: ScenarioContext) => Promise<SetupResult | void>;
  /** runs once after it, even when it failed (e.g. removes the rows the setup made) */
  teardown?: (ctx: ScenarioContext) => Promise<void>;
}

export const DEFAULT_CONNECTIONS = 32;

// ---- helpers for scenarios behind a login ----

/** The worker scenarios need the registry that `npm run bench:seed` loads; fewer rows would measure nothing. */
export const MIN_WORKERS = 100_000;

async function requireWorkers(db: pg.Pool): Promise<void> {
  // counts at most MIN_WORKERS rows, so the check stays cheap on a million
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM workers LIMIT ${MIN_WORKERS}) t`,
  );
  const n = Number(rows[0]!.n);
  if (n < MIN_WORKERS) {
    throw new Error(
      `the workers table has ${n.toLocaleString('en')} rows, fewer than ${MIN_WORKERS.toLocaleString('en')}: ` +
        'run `npm run bench:seed -- --workers 1000000` first',
    );
  }
}

/**
 * An admin (scope: every worker) and a bearer token minted exactly as server/modules/auth/auth.tokens.ts
 * issueToken does: HS256, iss/aud 'hanh-trang', sub = user id, { tv: token_version, typ: 'access' }.
 */
async function adminHeaders(ctx: ScenarioContext): Promise<Record<string, string>> {
  await ctx.db.query(`INSERT INTO users (username, password_hash, display_name, role)
    VALUES ('bench-admin', 'not-a-password-hash', 'Bench', 'admin') ON CONFLICT DO NOTHING`);
  const { rows } = await ctx.db.query<{ id: string; token_version: number; active: boolean; role: string }>(
    `SELECT id, token_version, active, role FROM users WHERE username = 'bench-admin'`,
  );
  const u = rows[0]!;
  if (!u.active || u.role !== 'admin') throw new Error('user bench-admin exists but is not an active admin');
  return bearerHeaders(ctx.jwtSecret, u);
}

/** `count` worker ids spread evenly over the table (the generator numbers them 1…N), all existing. */
async function spreadWorkerIds(db: pg.Pool, count: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM workers WHERE id IN (
       SELECT lo + (hi - lo) * g / $1::int FROM (SELECT min(id) AS lo, max(id) AS hi FROM workers) b, generate_series(0, $1::int - 1) g
     ) ORDER BY id`,
    [count],
  );
  if (rows.length < count / 2) throw new Error(`found only ${rows.length} of ${count} spread worker ids`);
  return rows.map((r) => Number(r.id));
}

const get = (path: string): BenchRequest => ({ method: 'GET', path });

/** A folded full name the seeded registry holds (common enough to exist, rare enough to be a real lookup). */
const FULL_NAME = 'tran van hung';

export const scenarios: Scenario[] = [
  {
    name: 'communes',
    description: 'GET /api/v1/provinces/38/communes — 166 communes of one province (public, one indexed SELECT)',
    requests: '/api/v1/provinces/38/communes',
    targetRatio: 0.6,
  },
  {
    name: 'workers-common-name',
    description:
      'GET /api/v1/workers?q=nguyen — the surname of ~40 % of a million workers (admin; token lookup, page, capped count)',
    requests: '/api/v1/workers?q=nguyen',
    targetRatio: 0.6,
    p99TargetMs: 200,
    setup: async (ctx) => {
      await requireWorkers(ctx.db);
      return { headers: await adminHeaders(ctx) };
    },
  },
  {
    name: 'workers-full-name',
    description: `GET /api/v1/workers?q=${FULL_NAME} — an unaccented full name (250 exact, 328 in any word order, of a million; admin)`,
    requests: `/api/v1/workers?q=${encodeURIComponent(FULL_NAME)}`,
    targetRatio: 0.6,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireWorkers(ctx.db);
      const { rowCount } = await ctx.db.query('SELECT 1 FROM workers WHERE full_name_folded = $1 LIMIT 1', [FULL_NAME]);
      if (!rowCount)
        throw new Error(`no worker is named "${FULL_NAME}": reseed with npm run bench:seed -- --workers 1000000`);
      return { headers: await adminHeaders(ctx) };
    },
  },
  {
    name: 'workers-cccd',
    description:
      'GET /api/v1/workers?q=<CCCD> — exact CCCD of 16 existing workers, cycled (admin; token lookup, one indexed row)',
    requests: '/api/v1/workers?q=000000000000', // replaced by setup
    targetRatio: 0.6,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireWorkers(ctx.db);
      const ids = await spreadWorkerIds(ctx.db, 16);
      const { rows } = await ctx.db.query<{ cccd: string }>(
        'SELECT cccd FROM workers WHERE id = ANY($1::bigint[]) ORDER BY id',
        [ids],
      );
      return { headers: await adminHeaders(ctx), requests: rows.map((r) => get(`/api/v1/workers?q=${r.cccd}`)) };
    },
  },
  {
    name: 'workers-by-id',
    description:
      'GET /api/v1/workers/<id> — detail of 16 existing workers, cycled (admin; token lookup, worker, links, access_log INSERT)',
    requests: '/api/v1/workers/1', // replaced by setup
    targetRatio: 0.6,
    p99TargetMs: 50,
    setup: async (ctx) => {
      await requireWorkers(ctx.db);
      const ids = await spreadWorkerIds(ctx.db, 16);
      return { headers: await adminHeaders(ctx), requests: ids.map((id) => get(`/api/v1/workers/${id}`)) };
    },
  },
];

// the case lifecycle (issue #6): bench/scenarios-cases.ts
scenarios.push(...caseScenarios);
// the money ledger (issue 17): bench/scenarios-money.ts
scenarios.push(...moneyScenarios);
// the support grants (issue 18): bench/scenarios-grants.ts
scenarios.push(...grantScenarios);
// the deadline alerts' inbox (issue 20): bench/scenarios-alerts.ts (after `npm run bench:alerts`)
scenarios.push(...alertScenarios);
// the job exchange's matching (issue 21): bench/scenarios-exchange.ts (after `npm run bench:seed -- --exchange`)
scenarios.push(...exchangeScenarios);
