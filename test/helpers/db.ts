import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { startLocalPostgres, freePort, type LocalPostgres } from '../../server/db/local-postgres';
import { REFERENCE_TABLES } from '../../seeders/reference';

/**
 * Tables the per-test cleanup never truncates: reference data is seeded once per run, umzug keeps its meta, and the
 * grant programmes are rows of their migration (their rates are policy values, seeded again before each test).
 */
export const KEPT_TABLES: readonly string[] = [
  ...REFERENCE_TABLES,
  'grant_programmes',
  'alert_rules',
  'migration_meta',
];

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** Refuses any database whose name does not end in `_test`: tests truncate tables. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!name.endsWith('_test')) {
    throw new Error(`refusing to run tests on database "${name}": its name must end in _test`);
  }
}

/** A throwaway PostgreSQL in a temporary folder, deleted when stopped. */
export async function startThrowawayPostgres(database: string): Promise<LocalPostgres> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-test-'));
  fs.chmodSync(parent, 0o755);
  const server = await startLocalPostgres({
    dir: path.join(parent, 'pg'),
    port: await freePort(),
    database,
    persistent: false,
    fast: true,
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

export async function truncateAll(db: Sequelize): Promise<void> {
  const [rows] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1))`,
    { bind: [KEPT_TABLES] },
  );
  const tables = (rows as { tablename: string }[]).map((r) => `"${r.tablename}"`);
  if (tables.length) await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
}
