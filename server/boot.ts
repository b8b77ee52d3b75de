// Boot's knowledge of the modules: their models on the one Sequelize instance, and the data every start seeds.
// server/db holds only the connection, migrations and SQL helpers (it knows no module: .dependency-cruiser.cjs).
import type { Sequelize } from 'sequelize';
import { openDatabase, prepareDatabase } from './db/database';
import { initModels } from './models';
import { seedReference } from '../seeders/reference';
import { seedDemo } from '../seeders/demo';
import { checkHolidayCoverage, loadReferenceNames, reloadCalendar } from './modules/reference';
import { startQueue } from './shared/queue';

/** Opens the database (embedded when DATABASE_URL is unset) with every module's models registered. */
export async function openAppDatabase(): Promise<Sequelize> {
  const db = await openDatabase();
  initModels(db);
  return db;
}

/**
 * Migrate, start the job queue (its schema; demo transitions write their effects as jobs), seed reference data
 * (every start) and demo data when asked; then the working-day calendar.
 */
export async function prepareAppDatabase(db: Sequelize, { demo }: { demo: boolean }): Promise<void> {
  await prepareDatabase(db, async () => {
    await startQueue({ workers: false });
    await seedReference(db);
    if (demo) await seedDemo(db);
  });
  reloadCalendar();
  await loadReferenceNames();
  await checkHolidayCoverage();
}
