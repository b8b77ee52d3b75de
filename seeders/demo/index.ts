// Demo data for `npm start` on a fresh machine (and SEED_DEMO=true): idempotent, never used by tests.
import type { Sequelize } from 'sequelize';

export interface DemoLogin { username: string; password: string; role: string; note: string }

export const DEMO_LOGINS: DemoLogin[] = [];

export async function seedDemo(_db: Sequelize): Promise<void> {
  // Later issues add agencies, users, workers, job orders and cases here.
}
