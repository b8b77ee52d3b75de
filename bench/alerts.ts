// `npm run bench:alerts` (`npx tsx bench/alerts.ts [--obligations]`): the deadline-alert scan (issue 20) on the bench
// database (`npm run bench:seed -- --workers 1000000 --cases 1000000`). Targets: "a full scan of all rules ≤ 10 s; a
// rerun with nothing changed ≤ 3 s, creating 0 alerts" on a million cases with their obligations, ledgers and papers.
// 1. The cases' obligations (bench/generate-obligations.ts, one set-based INSERT per kind) are generated when the
//    database holds none of them, or always with --obligations; the seed's own (R11 deposit_refund, R27 processing)
//    stay.
// 2. Per round (BENCH_ROUNDS, default 3): the alerts reset (their notifications, then the alerts; VACUUM ANALYZE), then
//    the app's own scanAlerts('2026-11-27') in-process, timed (the full scan), and again (the rerun: nothing changed,
//    must create 0), each split by the statements it sends (pg's Client.query is wrapped).
// 3. A bare baseline with a plain pg client: the candidate SELECT alone (open obligations due by the farthest horizon,
//    joined to their case), as count(*), timed 3 times: how far from the floor the scan is.
// The last round's alerts are left in place: the `alerts-inbox` scenario of `npm run bench` (bench/scenarios-alerts.ts)
// reads the largest agency's accountant's inbox after them. BENCH_RECORD=0 prints without appending to RESULTS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { headCommit, median, range, trace, type Sent } from './trace';

import type * as DbMod from './db';
import type * as BootMod from '../server/boot';
import type * as QueueMod from '../server/shared/queue';
import type * as DatabaseMod from '../server/db/database';
import type * as ClockMod from '../server/shared/clock';
import type * as NotificationsMod from '../server/modules/notifications';
// (no app module is imported at the top: the app's configuration must see the bench database's URL first)
import { generatedObligations, loadObligations, type ObligationsLoad } from './generate-obligations';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(id: string): T => require(id) as T;

const RESULTS = path.join(__dirname, 'RESULTS.md');
/** The seed's day (generate-cases.ts BENCH_TODAY). */
const TODAY = '2026-11-27';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FULL_TARGET_MS = 10_000;
const RERUN_TARGET_MS = 3_000;

/** A statement's part of the scan, named by its text. */
function partOf(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  if (/^INSERT INTO alert_now SELECT \* FROM \(/.test(t)) return 'collect: obligations (all obligation rules)';
  if (/^INSERT INTO alert_now .*labour_contract_end_on/.test(t)) return 'collect: contracts ending';
  if (/^INSERT INTO alert_now .*agency_licences/.test(t)) return 'collect: agency licences';
  if (/^INSERT INTO alert_now .*grant_budget_directory/.test(t)) return 'collect: province budgets';
  if (/^CREATE TEMP TABLE alert_now|^CREATE INDEX ON alert_now|^ANALYZE alert_now/.test(t))
    return 'collect: temp table, index, analyze';
  if (/^UPDATE alert_now n SET reopen/.test(t)) return 'apply: what each alert was told';
  if (/^SELECT count\(\*\)::int AS candidates/.test(t)) return 'apply: count candidates';
  if (/^WITH up AS \( INSERT INTO alerts/.test(t)) return 'apply: upsert alerts';
  if (/^UPDATE alerts a SET status = 'resolved'/.test(t)) return 'apply: resolve cleared';
  if (/^CREATE TEMP TABLE alert_due|^ANALYZE alert_due/.test(t)) return 'announce: the alerts to tell';
  if (/^WITH staff AS/.test(t)) return 'announce: notifications';
  if (/^(START TRANSACTION|BEGIN|COMMIT)/i.test(t)) return 'transaction (begin, commit)';
  return 'other (rules, policies, calendar, lock)';
}

function split(sent: Sent[]): Map<string, { ms: number; n: number }> {
  const out = new Map<string, { ms: number; n: number }>();
  for (const x of sent) {
    const k = partOf(x.text);
    const v = out.get(k) ?? { ms: 0, n: 0 };
    v.ms += x.ms;
    v.n += 1;
    out.set(k, v);
  }
  return out;
}

const fmt = (n: number) => n.toLocaleString('en');

interface Summary {
  candidates: number;
  created: number;
  changed: number;
  resolved: number;
  notifications: number;
  ms: number;
  rules: number;
  skippedRules: string[];
}

async function main() {
  const { openBenchDatabase } = load<typeof DbMod>('./db');
  const opened = await openBenchDatabase();
  process.env.DATABASE_URL = opened.url;
  process.env.JOB_WORKERS = 'false';
  process.env.LOG_LEVEL = 'warn';
  const db = new pg.Client({ connectionString: opened.url });
  let closeApp: (() => Promise<void>) | null = null;
  const wall = Date.now();
  try {
    const { openAppDatabase, prepareAppDatabase } = load<typeof BootMod>('../server/boot');
    load('../server/app');
    const { startQueue, stopQueue } = load<typeof QueueMod>('../server/shared/queue');
    const { closeDatabase } = load<typeof DatabaseMod>('../server/db/database');
    const { setClock } = load<typeof ClockMod>('../server/shared/clock');
    // migrate, seed the reference data (the policies: seedPolicies inserts the missing alert.* rows), the calendar
    const appDb = await openAppDatabase();
    const { currentDatabaseUrl } = load<{ currentDatabaseUrl: () => string }>('../server/db/sequelize');
    if (currentDatabaseUrl() !== opened.url) throw new Error('the app opened another database than the bench one');
    await prepareAppDatabase(appDb, { demo: false });
    await startQueue({ workers: false });
    closeApp = async () => {
      await stopQueue();
      await closeDatabase();
    };
    setClock(TODAY);
    await db.connect();
    const q = async <T extends object>(text: string, values?: unknown[]) => (await db.query<T>(text, values)).rows;
    const { scanAlerts } = load<typeof NotificationsMod>('../server/modules/notifications');

    const [{ n: policies }] = await q<{ n: number }>(
      "SELECT count(DISTINCT key)::int AS n FROM policy_values WHERE key LIKE 'alert.%' AND withdrawn_at IS NULL",
    );
    const [{ n: rules }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM alert_rules');
    console.log(`alert rules: ${rules}, alert.* policy keys in force: ${policies}`);
    const [{ n: cases }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    if (cases < 100_000)
      throw new Error(`${cases} cases: run \`npm run bench:seed -- --workers 1000000 --cases 1000000\``);

    // ---- the cases' obligations
    let generated: ObligationsLoad | null = null;
    if (process.argv.includes('--obligations') || (await generatedObligations(db)) === 0) {
      console.log("generating the cases' obligations (bench/generate-obligations.ts)");
      generated = await loadObligations(db, (line) => console.log(line));
    }
    const byKind = await q<{ kind: string; total: number; open: number; soon: number; overdue: number }>(
      `SELECT split_part(kind, ':', 1) || CASE WHEN kind LIKE 'paper_expiry:%' THEN ':*' ELSE '' END AS kind, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'open' AND due_on >= $1::date AND due_on <= $1::date + 60)::int AS soon,
              count(*) FILTER (WHERE status = 'open' AND due_on < $1::date)::int AS overdue
       FROM obligations GROUP BY 1 ORDER BY 1`,
      [TODAY],
    );
    const totalObligations = byKind.reduce((n, r) => n + r.total, 0);
    const openObligations = byKind.reduce((n, r) => n + r.open, 0);
    console.table(byKind);

    // ---- rounds: reset, full scan, rerun
    const reset = async () => {
      await db.query('DELETE FROM notifications WHERE alert_id IS NOT NULL');
      await db.query('DELETE FROM alerts');
      await db.query('VACUUM (ANALYZE) alerts, notifications');
    };
    const full: Summary[] = [];
    const rerun: Summary[] = [];
    const fullSplits: Map<string, { ms: number; n: number }>[] = [];
    const rerunSplits: Map<string, { ms: number; n: number }>[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      await reset();
      trace.sent = [];
      trace.on = true;
      const a = (await scanAlerts(TODAY)) as Summary;
      trace.on = false;
      fullSplits.push(split(trace.sent));
      trace.sent = [];
      trace.on = true;
      const b = (await scanAlerts(TODAY)) as Summary;
      trace.on = false;
      rerunSplits.push(split(trace.sent));
      full.push(a);
      rerun.push(b);
      console.log(
        `round ${round}: full ${a.ms} ms (candidates ${fmt(a.candidates)}, created ${fmt(a.created)}, notifications ` +
          `${fmt(a.notifications)}); rerun ${b.ms} ms (created ${b.created}, changed ${b.changed}, resolved ${b.resolved}, ` +
          `notifications ${b.notifications})`,
      );
    }
    const skipped = full[0]!.skippedRules;

    // ---- the bare candidate SELECT
    const farthest = await q<{ d: string }>(`SELECT ($1::date + 60)::text AS d`, [TODAY]);
    const bareSql = `SELECT count(*) FROM obligations o LEFT JOIN cases c ON o.subject_type = 'case' AND c.id = o.subject_id
       WHERE o.status = 'open' AND o.due_on <= $1::date`;
    const bare: number[] = [];
    let bareCount = 0;
    for (let i = 0; i < 3; i += 1) {
      const t0 = performance.now();
      const { rows } = await db.query<{ count: string }>(bareSql, [farthest[0]!.d]);
      bare.push(performance.now() - t0);
      bareCount = Number(rows[0]!.count);
    }

    // the largest agency's accountant's inbox after the last round
    const [largest] = await q<{ agency_id: string; n: number }>(
      'SELECT agency_id, count(*)::int AS n FROM cases GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1',
    );
    const [inbox] = await q<{ n: number; alerts: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT alert_id)::int AS alerts FROM notifications n JOIN users u ON u.id = n.recipient_user_id
       WHERE u.username = $1`,
      [`bench-staff-${largest!.agency_id}`],
    );
    const [totals] = await q<{ alerts: number; open: number }>(
      "SELECT count(*)::int AS alerts, count(*) FILTER (WHERE status = 'open')::int AS open FROM alerts",
    );
    const stages = await q<{ stage: number; n: number }>(
      'SELECT stage, count(*)::int AS n FROM alerts GROUP BY stage ORDER BY stage',
    );
    const perRule = await q<{ rule: string; n: number }>(
      'SELECT rule, count(*)::int AS n FROM alerts GROUP BY rule ORDER BY n DESC',
    );

    // ---- report
    const fm = median(full.map((x) => x.ms));
    const rm = median(rerun.map((x) => x.ms));
    const bm = median(bare);
    const mid = full.findIndex((x) => x.ms === fm);
    const midR = rerun.findIndex((x) => x.ms === rm);
    const parts = (m: Map<string, { ms: number; n: number }>) =>
      [...m]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, v]) => `${k} ${(v.ms / 1000).toFixed(2)} s (${v.n})`)
        .join('; ');
    const rerunCreated = rerun.map((x) => x.created);
    const lines = [
      `## ${new Date().toISOString()} — Deadline alerts scan (issue 20)`,
      '',
      `- commit: ${headCommit()} (working tree as run)`,
      `- machine: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores; Node ${process.version}; not pinned (the scan is PostgreSQL's work)`,
      `- database: ${opened.label}; the clock at ${TODAY}`,
      `- data: ${fmt(cases)} cases; ${fmt(totalObligations)} obligations, ${fmt(openObligations)} open (` +
        byKind
          .map(
            (r) => `${r.kind} ${fmt(r.total)}/${fmt(r.open)} open/${fmt(r.soon)} due ≤ 60 d/${fmt(r.overdue)} overdue`,
          )
          .join('; ') +
        `)${generated ? `; the cases' obligations generated this run in ${(generated.ms / 1000).toFixed(1)} s` : ''}`,
      `- method: \`npx tsx bench/alerts.ts\`: ${ROUNDS} rounds, each: alerts and their notifications deleted (VACUUM ANALYZE), ` +
        `then \`scanAlerts('${TODAY}')\` in-process (full), then again (rerun); medians (min–max). Bare: the candidate SELECT ` +
        `alone (count of open obligations due ≤ ${farthest[0]!.d}, joined to their case), plain pg client, 3 runs`,
      '',
      '| scenario | app | baseline | ratio | target | result |',
      '|---|---|---|---|---|---|',
      `| alerts-scan-full: ${full[mid]!.rules} rules, ${fmt(full[mid]!.candidates)} candidates → ${fmt(full[mid]!.created)} alerts, ` +
        `${fmt(full[mid]!.notifications)} notifications | ${fm} ms (${range(
          full.map((x) => x.ms),
          0,
        )}) | candidate SELECT ${bm.toFixed(0)} ms ` +
        `(${fmt(bareCount)} rows) | ${(bm / fm).toPrecision(2)} | ≤ 10 s | ${fm <= FULL_TARGET_MS ? 'pass' : 'FAIL'} |`,
      `| alerts-scan-rerun: nothing changed, created ${rerunCreated.join('/')}, changed ${rerun.map((x) => x.changed).join('/')}, ` +
        `resolved ${rerun.map((x) => x.resolved).join('/')}, notifications ${rerun.map((x) => x.notifications).join('/')} | ` +
        `${rm} ms (${range(
          rerun.map((x) => x.ms),
          0,
        )}) | candidate SELECT ${bm.toFixed(0)} ms | ${(bm / rm).toPrecision(2)} | ≤ 3 s, 0 created | ` +
        `${rm <= RERUN_TARGET_MS && rerunCreated.every((n) => n === 0) ? 'pass' : 'FAIL'} |`,
      '',
      `Ratios are bare time ÷ app time. Skipped rules: ${skipped.length ? skipped.join(', ') : 'none'}. Alerts after a full ` +
        `scan: ${fmt(totals!.alerts)} (${fmt(totals!.open)} open); by stage ${stages.map((s) => `${s.stage}: ${fmt(s.n)}`).join(', ')}; ` +
        `by rule ${perRule.map((r) => `${r.rule} ${fmt(r.n)}`).join(', ')}. The largest agency's accountant ` +
        `(bench-staff-${largest!.agency_id}, ${fmt(largest!.n)} cases) holds ${fmt(inbox!.n)} notifications of ${fmt(inbox!.alerts)} alerts.`,
      '',
      `The median full scan's statements (time waiting on each, count): ${parts(fullSplits[mid]!)}.`,
      '',
      `The median rerun's: ${parts(rerunSplits[midR]!)}.`,
      '',
    ];
    const section = lines.join('\n') + '\n';
    console.log(`\n${section}`);
    console.log(`wall: ${((Date.now() - wall) / 1000).toFixed(0)} s`);
    if (process.env.BENCH_RECORD !== '0') fs.appendFileSync(RESULTS, section);
  } finally {
    await db.end().catch(() => undefined);
    if (closeApp) await closeApp().catch(() => undefined);
    if (opened.local) await opened.local.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
