// `npm run job -- <name>`: runs one scheduled job now, in this process, and prints its summary.
import { closeDatabase } from './db/database';
import { openAppDatabase } from './boot';
import { runInContext } from './shared/context';
import { reloadCalendar } from './modules/reference';
import { SCHEDULES } from './jobs';
import { startQueue, stopQueue } from './shared/queue';
import { recordedRun } from './shared/job-runs';
import './app';

async function main(): Promise<void> {
  const name = process.argv[2];
  const schedule = SCHEDULES.find((s) => s.job === name);
  if (!schedule) {
    process.stderr.write(`usage: npm run job -- <name>; jobs: ${SCHEDULES.map((s) => s.job).join(', ')}\n`);
    process.exit(2);
  }
  await openAppDatabase();
  reloadCalendar();
  // a job may queue others (the digest, one per user): the queue, without working it here
  await startQueue({ workers: false });
  try {
    const started = Date.now();
    // recorded like a scheduled run (the admin page lists it, trigger "manual")
    const summary = await runInContext({ requestId: `job:${name}:manual`, route: `JOB ${name}` }, () =>
      recordedRun(name, { trigger: 'manual' }, () => schedule.run()),
    );
    process.stdout.write(`${name}: ${JSON.stringify(summary)} (${Date.now() - started} ms)\n`);
  } finally {
    await stopQueue().catch(() => undefined);
    await closeDatabase();
  }
}

main().catch(async (err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
});
