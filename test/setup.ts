// Root hooks for `npm test`: a real PostgreSQL (throwaway when DATABASE_URL is unset), migrated and seeded
// with reference data once; every other table truncated before each test; the clock reset.
process.env.NODE_ENV ??= 'test';

import type { Sequelize } from 'sequelize';
import { useDatabaseUrl, sequelize, closeSequelize } from '../server/db/sequelize';
import { initModels } from '../server/models';
import { migrateUp } from '../server/db/migrate';
import { seedReference } from '../seeders/reference';
import { seedPolicies } from '../seeders/reference/policies';
import { loadSyntheticOccupations } from '../seeders/demo/occupations-synthetic';
import { reloadPolicies } from '../server/modules/policies';
import { loadReferenceNames, reloadCalendar } from '../server/modules/reference';
import { setClock } from '../server/shared/clock';
import { assertTestDatabase, startThrowawayPostgres, truncateAll } from './helpers/db';
import { closePlainPool } from '../server/db/sql';
import { startQueue, stopQueue } from '../server/shared/queue';
import { assertUtf8Database } from '../server/db/encoding';
import type { LocalPostgres } from '../server/db/local-postgres';

let throwaway: LocalPostgres | null = null;

/** The day every test starts on. */
export const TEST_TODAY = '2026-11-27';
let db: Sequelize;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    process.stdout.write(`Node ${process.version}\n`);
    let url = process.env.DATABASE_URL;
    if (!url) {
      throwaway = await startThrowawayPostgres('hanhtrang_test');
      url = throwaway.url;
    }
    assertTestDatabase(url);
    process.env.TEST_DATABASE_URL = url;
    useDatabaseUrl(url);
    db = sequelize();
    await assertUtf8Database(db);
    initModels(db);
    await migrateUp(db);
    await seedReference(db);
    // tests code their records under the synthetic occupation codes (levels 3–4 invented; never truncated)
    await loadSyntheticOccupations({ activate: true });
    reloadCalendar();
    await loadReferenceNames();
    // the job queue's schema; nothing works it in tests: a test runs the jobs it means to (test/helpers/queue.ts)
    await startQueue({ workers: false });
  },
  async beforeEach() {
    // Every test starts at the same instant (09:00 in Vietnam on 27/11/2026), never the real date: policy values
    // change with dates (36 rows on 30/06/2026), so a verdict reached today must be the same one next year.
    // A test that needs another day sets it.
    setClock(TEST_TODAY);
    await truncateAll(db);
    // a test that takes the migrations down and up again (money.pages) drops the tables of the later ones: their
    // reference rows (sectors, occupation codes) are seeded again
    const [[occupations]] = (await db.query(
      "SELECT EXISTS (SELECT 1 FROM occupation_versions WHERE status = 'active') AS seeded",
    )) as [{ seeded: boolean }[], unknown];
    if (!occupations.seeded) {
      await seedReference(db);
      await loadSyntheticOccupations({ activate: true });
    }
    await db.query('DELETE FROM pgboss.job');
    // policy_values is truncated too (tests add versions) and seeded again: the legal values every test expects
    await seedPolicies(db);
    reloadPolicies();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopQueue();
    await closePlainPool();
    await closeSequelize();
    if (throwaway) await throwaway.stop();
  },
};
