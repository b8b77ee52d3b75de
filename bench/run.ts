// npm run bench [-- scenario…]: the app against the bare baseline (bench/baseline.ts), scenario by scenario.
// Both servers are pinned to core 0 and the load generator to core 1, so the load never steals CPU from the
// server being measured; only one server is loaded at a time. Results are appended to bench/RESULTS.md.
//
// The database is bench/db.ts openBenchDatabase(): BENCH_DATABASE_URL, or the persistent embedded PostgreSQL in
// bench/.tmp/data that `npm run bench:seed -- --workers 1000000` fills (the worker scenarios need it).
//
// Env: BENCH_DATABASE_URL, BENCH_DURATION (s per round, 10), BENCH_ROUNDS (3), BENCH_WARMUP (s, 3),
// DATABASE_POOL_MAX (10, given to both servers), BENCH_RECORD=0 (print only, do not append to RESULTS.md),
// BENCH_PROFILE=1 (the app writes a CPU profile to bench/.tmp/prof), BENCH_CONNECTIONS (overrides every scenario's).
import { spawn, execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, type LocalPostgres } from '../server/db/local-postgres';
import { openBenchDatabase } from './db';
import { DEFAULT_CONNECTIONS, scenarios, type Scenario, type ScenarioContext } from './scenarios';
import type { LoadResult } from './load';

const ROOT = path.resolve(__dirname, '..');
const TMP = path.join(__dirname, '.tmp');
// Both servers get it; scenarios mint their tokens with it (ScenarioContext.jwtSecret).
const JWT_SECRET = crypto.randomBytes(36).toString('base64url'); // 48 characters
const RESULTS = path.join(__dirname, 'RESULTS.md');

const DURATION = positive('BENCH_DURATION', 10);
const ROUNDS = positive('BENCH_ROUNDS', 3);
const WARMUP = positive('BENCH_WARMUP', 3);
const POOL_MAX = String(positive('DATABASE_POOL_MAX', 10));
const RECORD = process.env.BENCH_RECORD !== '0';
// BENCH_CONNECTIONS overrides every scenario's connection count (e.g. to see latency below saturation)
const CONNECTIONS = process.env.BENCH_CONNECTIONS ? positive('BENCH_CONNECTIONS', DEFAULT_CONNECTIONS) : null;
const connectionsOf = (s: Scenario) => CONNECTIONS ?? s.connections ?? DEFAULT_CONNECTIONS;

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

// ---- child processes: every one is tracked so an error or Ctrl-C never leaves a server behind ----

const children = new Set<ChildProcess>();
const PIN = canPin();

function canPin(): boolean {
  if (os.cpus().length < 2) {
    console.warn('warning: fewer than 2 cores; running unpinned (load and server share the CPU, figures are rougher)');
    return false;
  }
  if (spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status !== 0) {
    console.warn('warning: taskset not found (apt-get install util-linux); running unpinned, figures are rougher');
    return false;
  }
  return true;
}

interface Child {
  proc: ChildProcess;
  output: () => string;
}

/** Starts `node --import tsx <args>` (pinned to `core` when possible), keeping the tail of its output for errors. */
function startNode(core: number | null, args: string[], env: NodeJS.ProcessEnv): Child {
  const node = [process.execPath, '--import', 'tsx', ...args];
  const [cmd, ...rest] = PIN && core !== null ? ['taskset', '-c', String(core), ...node] : node;
  const proc = spawn(cmd!, rest, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let tail = '';
  proc.on('error', (err) => {
    tail += `\n${err.message}`;
  }); // e.g. spawn failed: reported by exited()
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  return { proc, output: () => tail };
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => {
    proc.once('exit', (code) => resolve(code));
    proc.once('error', () => resolve(null)); // never started: no 'exit' follows
  });
}

/** Runs a node script to completion; its stdout, or an error with its output. */
async function runNode(core: number | null, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = startNode(core, args, env);
  let stdout = '';
  child.proc.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  const code = await exited(child.proc);
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}:\n${child.output()}`);
  return stdout;
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited(proc);
  clearTimeout(timer);
}

const alive = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;

async function waitReady(name: string, url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(child)) {
      throw new Error(`${name} exited (${child.proc.exitCode ?? child.proc.signalCode}):\n${child.output()}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${child.output()}`);
}

// ---- measuring ----

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}
interface Outcome {
  scenario: Scenario;
  app: Figures;
  baseline: Figures;
  ratio: number;
  /** app/baseline of each round (adjacent in time), to show how noisy the run was */
  roundRatios: number[];
  pass: boolean;
  notes: string[];
}

/** Values handed out once each across every load of a scenario (SetupResult.feed), from a file load.ts reads. */
interface Feed {
  file: string;
  size: number;
  offset: number;
}

async function load(
  baseUrl: string,
  s: Scenario,
  headers: Record<string, string>,
  seconds: number,
  feed?: Feed,
): Promise<LoadResult> {
  const options = {
    url: typeof s.requests === 'string' ? baseUrl + s.requests : baseUrl,
    requests: typeof s.requests === 'string' ? undefined : s.requests,
    connections: connectionsOf(s),
    duration: seconds,
    headers,
    ...(feed ? { feed: { file: feed.file, offset: feed.offset } } : {}),
  };
  const out = await runNode(1, ['bench/load.ts', JSON.stringify(options)]);
  const result = JSON.parse(out) as LoadResult;
  if (feed) {
    feed.offset += result.fed ?? 0;
    if (feed.offset > feed.size)
      console.warn(
        `  warning: the feed ran out (${feed.offset} of ${feed.size} values taken): later requests reused values`,
      );
  }
  return result;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const medians = (rs: LoadResult[]): Figures => ({
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
});

/** Both servers must answer the scenario's GETs with the same body, or the comparison means nothing. */
async function sameAnswers(
  s: Scenario,
  appUrl: string,
  baselineUrl: string,
  headers: Record<string, string>,
): Promise<string[]> {
  const reqs = typeof s.requests === 'string' ? [{ path: s.requests, method: 'GET' as const }] : s.requests;
  const problems: string[] = [];
  for (const r of reqs.filter((x) => (x.method ?? 'GET') === 'GET')) {
    // a request's own headers (e.g. the token of the centre that holds its row) over the scenario's, as autocannon sends them
    const own = { ...headers, ...((r as { headers?: Record<string, string> }).headers ?? {}) };
    const [a, b] = await Promise.all([appUrl, baselineUrl].map((u) => fetch(u + r.path, { headers: own })));
    const [ab, bb] = await Promise.all([a!.text(), b!.text()]);
    if (a!.status !== 200 || b!.status !== 200) problems.push(`GET ${r.path}: app ${a!.status}, baseline ${b!.status}`);
    else if (s.compare !== 'status' && ab !== bb) problems.push(`GET ${r.path}: bodies differ`);
  }
  return problems;
}

/** A JSON value's structure: keys in order and value types (ids, times and versions differ between two writes). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, shape(x)]);
  return v === null ? 'null' : typeof v;
}

/**
 * Writes cannot be repeated, so a scenario's non-GET requests are compared only when a feed gives each a fresh
 * value: one request to each server (two feed values), both 2xx, bodies of the same JSON shape.
 */
async function sameWrites(
  s: Scenario,
  appUrl: string,
  baselineUrl: string,
  headers: Record<string, string>,
  feed: Feed | undefined,
  values: string[],
): Promise<string[]> {
  if (!feed || typeof s.requests === 'string') return [];
  const problems: string[] = [];
  for (const r of s.requests.filter((x) => (x.method ?? 'GET') !== 'GET')) {
    const answers = [];
    for (const u of [appUrl, baselineUrl]) {
      const v = values[feed.offset++]!;
      const fill = (t: string) => t.split('{feed}').join(v);
      const own = Object.entries((r.headers ?? {}) as Record<string, string>).map(([k, h]) => [k, fill(String(h))]);
      const res = await fetch(u + fill(r.path), {
        method: r.method,
        headers: { ...headers, ...Object.fromEntries(own) },
        body: r.body === undefined ? undefined : fill(r.body),
      });
      answers.push({ status: res.status, body: await res.text() });
    }
    const [a, b] = answers as [{ status: number; body: string }, { status: number; body: string }];
    const shapeOf = (t: string) => {
      try {
        return JSON.stringify(shape(JSON.parse(t)));
      } catch {
        return t;
      }
    };
    if (a.status >= 300 || b.status >= 300)
      problems.push(`${r.method} ${r.path}: app ${a.status}, baseline ${b.status}`);
    else if (shapeOf(a.body) !== shapeOf(b.body)) problems.push(`${r.method} ${r.path}: bodies differ in shape`);
  }
  return problems;
}

interface Server {
  url: string;
  child: Child;
}

/**
 * Waits until the servers' queries have finished: when a load ends, requests still queued in a server (slow
 * scenarios) keep PostgreSQL busy for a while, and the next round must not pay for them.
 */
async function quiesce(db: pg.Pool, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    if (rows[0]!.n === '0') break;
    if (Date.now() - started > timeoutMs)
      throw new Error(`the database is still busy ${timeoutMs / 1000} s after the load ended`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const waited = Date.now() - started;
  if (waited > 1000) console.log(`  (waited ${fmt(waited / 1000)} s for queued queries to finish)`);
}

async function measure(scenario: Scenario, servers: { app: Server; baseline: Server }, db: pg.Pool): Promise<Outcome> {
  const appUrl = servers.app.url;
  const baselineUrl = servers.baseline.url;
  const ctx: ScenarioContext = {
    appUrl,
    baselineUrl,
    db,
    jwtSecret: JWT_SECRET,
    loadSeconds: WARMUP + ROUNDS * DURATION,
  };
  try {
    return await setUpAndMeasure(scenario, servers, db, ctx);
  } finally {
    await scenario.teardown?.(ctx);
  }
}

async function setUpAndMeasure(
  scenario: Scenario,
  servers: { app: Server; baseline: Server },
  db: pg.Pool,
  ctx: ScenarioContext,
): Promise<Outcome> {
  const { appUrl, baselineUrl } = ctx;
  const prepared = (await scenario.setup?.(ctx)) ?? {};
  const headers = prepared.headers ?? {};
  const s: Scenario = { ...scenario, requests: prepared.requests ?? scenario.requests };
  let feed: Feed | undefined;
  if (prepared.feed) {
    fs.mkdirSync(TMP, { recursive: true });
    feed = { file: path.join(TMP, `feed-${scenario.name}.json`), size: prepared.feed.length, offset: 0 };
    fs.writeFileSync(feed.file, JSON.stringify(prepared.feed));
  }
  const notes = [
    ...(await sameAnswers(s, appUrl, baselineUrl, headers)),
    ...(await sameWrites(s, appUrl, baselineUrl, headers, feed, prepared.feed ?? [])),
  ];
  for (const n of notes) console.warn(`  warning: ${n}`);

  // JIT, pool connections and PostgreSQL's caches warm up on the first seconds of load: not measured.
  console.log(`  warm-up ${WARMUP} s each`);
  await load(appUrl, s, headers, WARMUP, feed);
  await quiesce(db);
  await load(baselineUrl, s, headers, WARMUP, feed);
  await quiesce(db);

  const runs = { app: [] as LoadResult[], baseline: [] as LoadResult[] };
  const failed = { app: [] as LoadResult[], baseline: [] as LoadResult[] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternating spreads any drift of the machine (other tenants, thermal) over both sides alike.
    for (const side of ['app', 'baseline'] as const) {
      const r = await load(servers[side].url, s, headers, DURATION, feed);
      await quiesce(db);
      // A server that died mid-run is a crash, not a slow round.
      const { child } = servers[side];
      if (!alive(child))
        throw new Error(
          `${side} exited during the run (${child.proc.exitCode ?? child.proc.signalCode}):\n${child.output()}`,
        );
      runs[side].push(r);
      console.log(
        `  round ${round}/${ROUNDS} ${side.padEnd(8)} ${fmt(r.rps, 0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms` +
          (side === 'baseline' ? `  ratio ${fmt(runs.app[round - 1]!.rps / r.rps, 2)}` : '') +
          (r.non2xx || r.errors ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : ''),
      );
      if (r.non2xx || r.errors) failed[side].push(r);
    }
  }
  // one note per side, not per round, so the table stays readable
  for (const side of ['app', 'baseline'] as const) {
    const f = failed[side];
    if (!f.length) continue;
    const sum = (k: 'non2xx' | 'errors' | 'timeouts') => f.reduce((a, r) => a + r[k], 0);
    notes.push(
      `${side}: ${f.length} of ${ROUNDS} rounds with errors (${sum('errors')} errors of which ${sum('timeouts')} timeouts, ${sum('non2xx')} non-2xx)`,
    );
  }
  const app = medians(runs.app);
  const baseline = medians(runs.baseline);
  const ratio = app.rps / baseline.rps;
  const roundRatios = runs.app.map((r, i) => r.rps / runs.baseline[i]!.rps);
  if (feed) console.log(`  feed: ${feed.offset} of ${feed.size} values used`);
  const pass =
    notes.length === 0 && ratio >= s.targetRatio && (s.p99TargetMs === undefined || app.p99 <= s.p99TargetMs);
  return { scenario, app, baseline, ratio, roundRatios, pass, notes };
}

// ---- reporting ----

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const target = (s: Scenario) => `≥ ${s.targetRatio}${s.p99TargetMs !== undefined ? `, p99 ≤ ${s.p99TargetMs} ms` : ''}`;

function columns(o: Outcome): string[] {
  return [
    o.scenario.name,
    String(connectionsOf(o.scenario)),
    fmt(o.app.rps, 0),
    fmt(o.baseline.rps, 0),
    ratioCell(o),
    `${o.app.p50} / ${o.app.p99}`,
    `${o.baseline.p50} / ${o.baseline.p99}`,
    target(o.scenario),
    o.pass ? 'pass' : `FAIL${o.notes.length ? ` (${o.notes.join('; ')})` : ''}`,
  ];
}
function ratioCell(o: Outcome): string {
  const finite = o.roundRatios.filter(Number.isFinite);
  const range = finite.length ? ` (${fmt(Math.min(...finite), 2)}–${fmt(Math.max(...finite), 2)})` : '';
  return `${Number.isFinite(o.ratio) ? fmt(o.ratio, 2) : '–'}${range}`;
}
const HEAD = [
  'scenario',
  'conns',
  'app req/s',
  'baseline req/s',
  'ratio (rounds)',
  'app p50/p99 ms',
  'baseline p50/p99 ms',
  'target',
  'result',
];

function printTable(outcomes: Outcome[]): void {
  const rows = [HEAD, ...outcomes.map(columns)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'uncommitted';
  }
}

function appendResults(outcomes: Outcome[], notRun: string[], machine: string, database: string): void {
  if (!fs.existsSync(RESULTS))
    fs.writeFileSync(RESULTS, '# Benchmark results\n\nAppended by `npm run bench` (bench/run.ts).\n');
  const md = [
    '',
    `## ${new Date().toISOString()}`,
    '',
    `- commit: ${gitCommit()}`,
    `- machine: ${machine}`,
    `- database: ${database}`,
    `- method: servers on core 0, autocannon on core ${PIN ? '1' : '(unpinned)'}; ${WARMUP} s warm-up each; ` +
      `${ROUNDS} rounds × ${DURATION} s alternating app/baseline; medians; pool ${POOL_MAX} each`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...outcomes.map((o) => `| ${columns(o).join(' | ')} |`),
    ...(notRun.length ? ['', ...notRun.map((n) => `- not run: ${n}`)] : []),
    '',
  ];
  fs.appendFileSync(RESULTS, md.join('\n'));
}

// ---- main ----

let local: LocalPostgres | null = null;
let pool: pg.Pool | null = null;
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stopChild));
    await pool?.end().catch(() => undefined);
    await local?.stop().catch(() => undefined);
  })();
  return cleaning;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const selected = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;

  // Persistent (the seeded workers stay between runs); the embedded one runs with fsync off, as the app's tests
  // do: we measure request handling, not the disk.
  const opened = await openBenchDatabase();
  local = opened.local;
  const databaseUrl = opened.url;
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: POOL_MAX,
    NODE_ENV: 'production',
    JWT_SECRET,
    AUDIT_HASH_KEY: crypto.randomBytes(36).toString('base64url'),
    DOCUMENT_SIGNING_KEY: crypto
      .generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64'),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // the effects a transition enqueues are measured as enqueued (in its transaction); working them is a worker's
    // job, in its own process (npm run worker), not part of the request being compared
    JOB_WORKERS: 'false',
    HOST: '127.0.0.1',
    DATA_DIR: TMP, // never the developer's .data
  };
  console.log('migrating and seeding reference data');
  await runNode(null, ['scripts/db.ts', 'setup'], env);

  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // an idle client losing its server (e.g. PostgreSQL stopped) must not crash the run: the next query reports it
  pool.on('error', (err) => {
    if (!cleaning) console.error(`bench database: ${err.message}`);
  });
  const pgVersion = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}; PostgreSQL ${pgVersion}`;
  const {
    rows: [facts],
  } = await pool.query<{ workers: string; shared_buffers: string; work_mem: string; jit: string }>(
    `SELECT (SELECT count(*) FROM workers) AS workers, current_setting('shared_buffers') AS shared_buffers,
            current_setting('work_mem') AS work_mem, current_setting('jit') AS jit`,
  );
  const database =
    `${opened.label}, unpinned; ${Number(facts!.workers).toLocaleString('en')} workers; ` +
    `shared_buffers ${facts!.shared_buffers}, work_mem ${facts!.work_mem}, jit ${facts!.jit}`;

  const [appPort, basePort] = [await freePort(), await freePort()];
  // BENCH_PROFILE=1: the app writes a V8 CPU profile to bench/.tmp/prof when it stops (open it in Chrome DevTools)
  const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', path.join(TMP, 'prof')] : [];
  const app = startNode(0, [...profile, 'server/index.ts'], { ...env, PORT: String(appPort) });
  const base = startNode(0, ['bench/baseline.ts'], { ...env, PORT: String(basePort) });
  const servers = {
    app: { url: `http://127.0.0.1:${appPort}`, child: app },
    baseline: { url: `http://127.0.0.1:${basePort}`, child: base },
  };
  await Promise.all([waitReady('app', servers.app.url, app), waitReady('baseline', servers.baseline.url, base)]);
  console.log(`${machine}\napp ${servers.app.url}, baseline ${servers.baseline.url}`);

  const outcomes: Outcome[] = [];
  const notRun: string[] = [];
  for (const s of selected) {
    console.log(`\n${s.name}: ${s.description}`);
    try {
      outcomes.push(await measure(s, servers, pool));
    } catch (err) {
      // a scenario whose data is missing (e.g. workers not seeded) is reported, and the others still run
      if (!alive(app) || !alive(base)) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      console.error(`  FAIL: ${reason}`);
      notRun.push(`${s.name}: ${reason}`);
    }
  }
  console.log('');
  if (outcomes.length) printTable(outcomes);
  for (const n of notRun) console.log(`not run: ${n}`);
  if (outcomes.length && RECORD) {
    appendResults(outcomes, notRun, machine, database);
    console.log(`\nappended to ${path.relative(ROOT, RESULTS)}`);
  }
  if (notRun.length) process.exitCode = 1;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches us twice (from the terminal and forwarded by the tsx wrapper): act once.
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping`);
    void cleanup().then(() => process.exit(130));
  });
}

main()
  .then(cleanup)
  .catch(async (err) => {
    await cleanup();
    if (interrupted) return; // the signal handler exits
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
