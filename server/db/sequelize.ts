import pg from 'pg';
import { Sequelize } from 'sequelize';
import { config } from '../config';

// DATE columns stay 'YYYY-MM-DD' strings (business dates), never JS Dates shifted by a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

let instance: Sequelize | null = null;
let databaseUrl: string | null = null;

/** Boot (or the test setup) says which server to use: DATABASE_URL, or the embedded one it started. */
export function useDatabaseUrl(url: string): void {
  if (instance) throw new Error('the database is already open');
  databaseUrl = url;
}

export function currentDatabaseUrl(): string {
  const url = databaseUrl ?? config().db.url;
  if (!url) throw new Error('no database: DATABASE_URL is unset and the embedded server has not started');
  return url;
}

export function createSequelize(url: string, poolMax = config().db.poolMax): Sequelize {
  return new Sequelize(url, {
    dialect: 'postgres',
    logging: false,
    pool: { max: poolMax, min: 0, idle: 10_000 },
    define: { underscored: true },
    timezone: '+00:00',
  });
}

/** The process-wide Sequelize instance; DATABASE_URL must be known (index.ts sets it for the embedded server). */
export function sequelize(): Sequelize {
  if (!instance) {
    instance = createSequelize(currentDatabaseUrl());
  }
  return instance;
}

export async function closeSequelize(): Promise<void> {
  if (instance) {
    const s = instance;
    instance = null;
    await s.close();
  }
}
