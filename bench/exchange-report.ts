// npm run bench:exchange-report: the annual Decree 352 Annex III Mẫu 01 (E6) for the province with the most sessions,
// on the bench seed (`bench:seed -- --workers 1000000`, then `--exchange`, then `--sessions`). Times the app's own
// computation of every line 1–3 for the current and prior period (computeLines: one statement) over the province's
// centres, five times after one warm-up, and prints each with the median; the target is under 2 s.
// `-- --explain` also prints the statement's plan (EXPLAIN ANALYZE, BUFFERS).
import { closeSequelize, useDatabaseUrl } from '../server/db/sequelize';
import { closePlainPool, select } from '../server/db/sql';
import { today } from '../server/shared/clock';
import { computeLines, LINES } from '../server/modules/exchange-reports/exchange-reports.lines';
import { priorPeriod, reportPeriod, reportYearOf } from '../server/modules/exchange-reports/exchange-reports.periods';
import { openBenchDatabase } from './db';

async function main(): Promise<void> {
  const { url, local, label } = await openBenchDatabase();
  useDatabaseUrl(url);
  try {
    const [big] = await select<{ province_code: string; n: string }>(
      `SELECT province_code, count(*) AS n FROM exchange_sessions GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    if (!big) throw new Error('no sessions: run `npm run bench:seed -- --sessions` first');
    const centres = (
      await select<{ id: string }>(
        "SELECT id FROM agencies WHERE kind = 'employment_centre' AND province_code = $1 ORDER BY id",
        [big.province_code],
      )
    ).map((c) => Number(c.id));
    const year = reportYearOf(today());
    const p = reportPeriod(year, 'annual');
    const prior = priorPeriod(year, 'annual');
    process.stdout.write(
      `${label}\nannual Mẫu 01 ${year} (${p.from} – ${p.to}; prior ${prior.from} – ${prior.to}) for province ${big.province_code}: ` +
        `${Number(big.n).toLocaleString('en')} sessions, centres ${centres.join(', ')}\n`,
    );
    const run = async () => {
      const t = process.hrtime.bigint();
      const f = await computeLines(centres, { from: p.from, to: p.to }, prior);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, f };
    };
    const warm = await run();
    process.stdout.write(`warm-up ${warm.ms.toFixed(0)} ms\n`);
    for (const l of LINES)
      process.stdout.write(
        `  ${l.key.padEnd(6)} current ${String(warm.f[l.key].current.n).padStart(8)} (${warm.f[l.key].current.plus ?? '–'})` +
          `  prior ${String(warm.f[l.key].prior.n).padStart(8)} (${warm.f[l.key].prior.plus ?? '–'})\n`,
      );
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) times.push((await run()).ms);
    const sorted = [...times].sort((a, b) => a - b);
    process.stdout.write(
      `runs: ${times.map((x) => `${x.toFixed(0)} ms`).join(', ')}; median ${sorted[2].toFixed(0)} ms (target < 2000 ms)\n`,
    );
  } finally {
    await closePlainPool().catch(() => undefined);
    await closeSequelize().catch(() => undefined);
    await local?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
