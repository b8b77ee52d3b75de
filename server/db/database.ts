// Opening the database for a process: the configured server, or the embedded one when DATABASE_URL is unset.
import path from 'node:path';
import fs from 'node:fs';
import type { Sequelize } from 'sequelize';
import { config } from '../config';
import { logger } from '../shared/logger';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { assertUtf8Database } from './encoding';
import pg from 'pg';
import { closeSequelize, currentDatabaseUrl, sequelize, useDatabaseUrl } from './sequelize';
import { migrateUp } from './migrate';
import { closePlainPool } from './sql';

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
    fs.writeFileSync(
      path.join(cfg.dataDir, 'pg.json'),
      JSON.stringify({ port: cfg.db.embeddedPort, parentPid: process.pid }),
    );
    useDatabaseUrl(local.url);
    logger.info({ port: cfg.db.embeddedPort, dir: path.join(cfg.dataDir, 'pg') }, 'db.embedded_started');
  }
  const db = sequelize();
  await db.authenticate();
  await assertUtf8Database(db, path.join(cfg.dataDir, 'pg'));
  return db;
}

/**
 * Migrates, then runs `seed` (reference data, demo data: boot's business), under a PostgreSQL advisory lock on a
 * connection of its own: several app processes may start at once, one prepares the database, the others wait.
 */
export async function prepareDatabase(db: Sequelize, seed: () => Promise<void>): Promise<void> {
  const lock = new pg.Client({ connectionString: currentDatabaseUrl() });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${PREPARE_LOCK})`);
    const ran = await migrateUp(db);
    if (ran.length) logger.info({ migrations: ran }, 'db.migrated');
    await seed();
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${PREPARE_LOCK})`).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/** An arbitrary constant key for pg_advisory_lock, shared by every Hành Trang process. */
const PREPARE_LOCK = 7_206_412_026;

export async function closeDatabase(): Promise<void> {
  await closePlainPool();
  await closeSequelize();
  if (local) {
    const l = local;
    local = null;
    await l.stop();
  }
}
