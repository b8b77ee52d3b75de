// The benchmark scenarios. A scenario names requests that both the app and bench/baseline.ts answer with the
// same data; bench/run.ts loads each server in turn and compares them. Add entries at the end of the list.
import type autocannon from 'autocannon';
import type pg from 'pg';

/** JSON-serialisable, since the load generator runs in its own process: no setupRequest/onResponse callbacks. */
export type BenchRequest = Pick<autocannon.Request, 'method' | 'path' | 'headers'> & { path: string; body?: string };

export interface ScenarioContext {
  /** base URLs of the two servers under test, e.g. http://127.0.0.1:40123 */
  appUrl: string;
  baselineUrl: string;
  /** the bench database, migrated and seeded with reference data (create users, fixtures… here) */
  db: pg.Pool;
}

export interface Scenario {
  name: string;
  description: string;
  /** one path ('/api/…'), or an autocannon request list cycled by every connection */
  requests: string | BenchRequest[];
  /** concurrent connections (default 32) */
  connections?: number;
  /** pass when app req/s ≥ targetRatio × baseline req/s */
  targetRatio: number;
  /** and, when set, app p99 latency ≤ this */
  p99TargetMs?: number;
  /** runs once before the scenario; the headers it returns go with every request to both servers (e.g. a bearer token) */
  setup?: (ctx: ScenarioContext) => Promise<Record<string, string> | void>;
}

export const DEFAULT_CONNECTIONS = 32;

export const scenarios: Scenario[] = [
  {
    name: 'communes',
    description: 'GET /api/v1/provinces/38/communes — 166 communes of one province (public, one indexed SELECT)',
    requests: '/api/v1/provinces/38/communes',
    targetRatio: 0.6,
  },
];
