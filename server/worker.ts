// `npm run worker`: a process that only works the job queue (durable effects, scheduled jobs) and fires the
// schedules, beside or instead of the app processes. It expects a migrated database (an app start migrates).
import { config } from './config';
import { logger } from './shared/logger';
import { closeDatabase } from './db/database';
import { openAppDatabase } from './boot';
import { startQueue, stopQueue, jobNames } from './shared/queue';
import { reloadCalendar } from './modules/reference';
import { startSchedules, stopSchedules } from './jobs';
import './app'; // every module loads, and with it every job it declares

async function main(): Promise<void> {
  process.stdout.write(`Node ${process.version}\n`);
  config();
  await openAppDatabase();
  reloadCalendar();
  await startQueue({ workers: true });
  startSchedules();
  process.stdout.write(`  Hành Trang worker: ${jobNames().join(', ')}\n  Ctrl-C để dừng.\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopSchedules();
    await stopQueue().catch((err) => logger.error({ err }, 'queue.stop_failed'));
    await closeDatabase().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(async (err) => {
  process.stderr.write(`Không khởi động được worker: ${err instanceof Error ? err.message : String(err)}\n`);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
});
