// Boot: config → database (embedded when DATABASE_URL is unset) → migrate and seed → listen; graceful stop.
import type { Server } from 'node:http';
import { config } from './config';
import { logger } from './shared/logger';
import { closeDatabase } from './db/database';
import { openAppDatabase, prepareAppDatabase } from './boot';
import { createApp } from './app';
import { startQueue, stopQueue } from './shared/queue';
import { startSchedules, stopSchedules } from './jobs';
import { DEMO_LOGINS } from '../seeders/demo';

async function main(): Promise<void> {
  process.stdout.write(`Node ${process.version}\n`);
  const cfg = config();
  let server: Server | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'app.stopping');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stopSchedules();
    await stopQueue().catch((err) => logger.error({ err }, 'queue.stop_failed'));
    await closeDatabase().catch((err) => logger.error({ err }, 'db.close_failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const db = await openAppDatabase();
  await prepareAppDatabase(db, { demo: cfg.seedDemo });
  // durable effects and scheduled jobs are worked here too (and by any `npm run worker`)
  await startQueue({ workers: cfg.jobWorkers });
  startSchedules();
  const app = createApp();
  server = app.listen(cfg.port, cfg.host, () => {
    const lines = [
      '',
      `  Hành Trang đang chạy: ${cfg.publicUrl}`,
      `  API: ${cfg.publicUrl}/api/docs`,
      `  Người lao động: ${cfg.publicUrl}/toi (kích hoạt bằng mã: /kich-hoat, tra cứu không cần tài khoản: /tra-cuu)`,
      cfg.db.url
        ? '  Cơ sở dữ liệu: DATABASE_URL'
        : `  Cơ sở dữ liệu: PostgreSQL nhúng (${cfg.dataDir}/pg, cổng ${cfg.db.embeddedPort})`,
    ];
    if (cfg.seedDemo && DEMO_LOGINS.length) {
      lines.push('  Tài khoản demo (mật khẩu / password):');
      for (const l of DEMO_LOGINS)
        lines.push(`    ${l.username.padEnd(10)} ${l.password}  ${l.role.padEnd(17)} ${l.note}`);
    }
    lines.push('  Ctrl-C để dừng.', '');
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

main().catch(async (err) => {
  logger.fatal({ err }, 'app.start_failed');
  process.stderr.write(`Không khởi động được: ${err instanceof Error ? err.message : String(err)}\n`);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
});
