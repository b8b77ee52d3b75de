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
  'matching_weights',
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

interface ForeignKey {
  child: string;
  parent: string;
  columns: string[];
  nullable: boolean;
}

/** The statements that empty the tables, by the list of tables (a migration taken down and up again keeps it). */
const plans = new Map<string, string>();

async function emptyingPlan(db: Sequelize, emptied: string[]): Promise<string> {
  const kept = new Set(KEPT_TABLES);
  const isEmptied = new Set(emptied);
  const [fkRows] = await db.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_agg(a.attname::text ORDER BY k.i) AS columns, bool_and(NOT a.attnotnull) AS nullable
     FROM pg_constraint c
     CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k (attnum, i)
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
     WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
     GROUP BY c.oid, c.conrelid, c.confrelid`,
  );
  const fks = fkRows as ForeignKey[];
  const keptLinks = fks.filter((f) => kept.has(f.child) && isEmptied.has(f.parent));
  // the tables a kept row may point at, and every table those point at
  const deleted = new Set<string>();
  const queue = keptLinks.map((f) => f.parent);
  while (queue.length) {
    const t = queue.pop()!;
    if (deleted.has(t)) continue;
    deleted.add(t);
    for (const f of fks) if (f.child === t && isEmptied.has(f.parent)) queue.push(f.parent);
  }
  const truncated = emptied.filter((t) => !deleted.has(t)).map((t) => `"${t}"`);
  if (!deleted.size) return truncated.length ? `TRUNCATE ${truncated.join(', ')} RESTART IDENTITY CASCADE` : '';
  // children before parents (a link from a table to itself is checked at the end of its statement)
  const order: string[] = [];
  const pending = new Set(deleted);
  // links inside a cycle (users ↔ workers: a user's worker, a worker verified by a user) are cleared before the deletes
  const cleared: ForeignKey[] = [];
  const live = (f: ForeignKey) => !cleared.includes(f);
  while (pending.size) {
    const ready = [...pending].filter(
      (t) => !fks.some((f) => live(f) && f.parent === t && f.child !== t && pending.has(f.child)),
    );
    if (!ready.length) {
      // a user's own links are bound by CHECKs (a centre's staff has its centre): clear the other side's link first
      const inCycle = fks.filter(
        (f) => live(f) && f.nullable && f.child !== f.parent && pending.has(f.child) && pending.has(f.parent),
      );
      const link = inCycle.find((f) => f.child !== 'users') ?? inCycle[0];
      if (!link) throw new Error(`truncateAll: the tables ${[...pending].join(', ')} point at each other`);
      cleared.push(link);
      continue;
    }
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  const [sequences] = await db.query(
    `SELECT DISTINCT s.oid::regclass::text AS name FROM pg_class s JOIN pg_depend d ON d.objid = s.oid
     WHERE s.relkind = 'S' AND d.refobjid = ANY($1::regclass[])`,
    { bind: [[...deleted]] },
  );
  // one statement string: PostgreSQL runs it as one implicit transaction (all of it, or on an error none)
  return [
    ...[...keptLinks, ...cleared].map((f) => {
      const cols = f.columns.map((c) => `"${c}"`);
      return `UPDATE "${f.child}" SET ${cols.map((c) => `${c} = NULL`).join(', ')} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' OR ')}`;
    }),
    // no CASCADE: what points at these tables is in the list, or among the tables deleted below
    ...(truncated.length ? [`TRUNCATE ${truncated.join(', ')} RESTART IDENTITY`] : []),
    ...order.map((t) => `DELETE FROM "${t}"`),
    ...(sequences as { name: string }[]).map(({ name }) => `ALTER SEQUENCE ${name} RESTART`),
  ].join(';\n');
}

/**
 * Empties every table but the kept ones. TRUNCATE … CASCADE also empties every table that points at an emptied one,
 * kept or not: a kept table that names a user (an occupation version's importer, a matching weight's editor) would
 * lose its rows. So the tables such a link reaches (users, and what users point at) are emptied with DELETE instead,
 * children first, after the kept tables' links to them are cleared; everything else is truncated in one statement.
 * The statements are worked out once per list of tables and sent in one round trip.
 */
export async function truncateAll(db: Sequelize): Promise<void> {
  const [rows] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY tablename`,
    { bind: [KEPT_TABLES] },
  );
  const emptied = (rows as { tablename: string }[]).map((r) => r.tablename);
  const key = emptied.join(',');
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = await emptyingPlan(db, emptied);
    plans.set(key, plan);
  }
  if (plan)
    await db.query(plan).catch((e: Error & { parent?: Error }) => {
      throw new Error(`truncateAll: ${e.parent?.message ?? e.message}\n${plan}`);
    });
}
