// Opening the database for a process: the configured server, or the embedded one when DATABASE_URL is unset.
import path from 'node:path';
import fs from 'node:fs';
import type { Sequelize } from 'sequelize';
import { config } from '../config';
import { logger } from '../shared/logger';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { assertUtf8Database } from './encoding';
import { closeSequelize, sequelize, useDatabaseUrl } from './sequelize';
import { initModels } from './models';
import { migrateUp } from './migrate';
import { seedReference } from '../../seeders/reference';
import { seedDemo } from '../../seeders/demo';
import { checkHolidayCoverage, reloadCalendar } from '../modules/reference';

let local: LocalPostgres | null = null;

export async function openDatabase(): Promise<Sequelize> {
  const cfg = config();
  if (!cfg.db.url) {
    local = await startLocalPostgres({
      dir: path.join(cfg.dataDir, 'pg'),
      port: cfg.db.embeddedPort,
      database: 'hanhtrang',
      persistent: true,
      log: (line) => logger.info(line),
    });
    fs.writeFileSync(path.join(cfg.dataDir, 'pg.json'), JSON.stringify({ port: cfg.db.embeddedPort, parentPid: process.pid }));
    useDatabaseUrl(local.url);
    logger.info({ port: cfg.db.embeddedPort, dir: path.join(cfg.dataDir, 'pg') }, 'db.embedded_started');
  }
  const db = sequelize();
  initModels(db);
  await db.authenticate();
  await assertUtf8Database(db, path.join(cfg.dataDir, 'pg'));
  return db;
}

/** Migrate, seed reference data (every start), and demo data when asked. */
export async function prepareDatabase(db: Sequelize, { demo }: { demo: boolean }): Promise<void> {
  // Several app processes may start at once: one prepares the database while the others wait for it.
  const lock = await db.connectionManager.getConnection({ type: 'write' }) as unknown as { query: (sql: string) => Promise<unknown> };
  try {
    await lock.query(`SELECT pg_advisory_lock(${PREPARE_LOCK})`);
    const ran = await migrateUp(db);
    if (ran.length) logger.info({ migrations: ran }, 'db.migrated');
    await seedReference(db);
    if (demo) await seedDemo(db);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${PREPARE_LOCK})`).catch(() => undefined);
    db.connectionManager.releaseConnection(lock as never);
  }
  reloadCalendar();
  await checkHolidayCoverage();
}

/** An arbitrary constant key for pg_advisory_lock, shared by every Hành Trang process. */
const PREPARE_LOCK = 7_206_412_026;

export async function closeDatabase(): Promise<void> {
  await closeSequelize();
  if (local) {
    const l = local;
    local = null;
    await l.stop();
  }
}
