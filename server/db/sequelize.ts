import pg from 'pg';
import { Sequelize, type Transaction } from 'sequelize';
import { config } from '../config';
import { currentTransaction, sequelizeNamespace } from '../shared/context';

// Every query given no transaction runs in the one of the request context, if any (server/shared/context.ts).
Sequelize.useCLS(sequelizeNamespace);

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
    // NOTE: waiting for a pooled connection fails fast (503 with Retry-After, never a 60 s hang).
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: config().db.acquireTimeoutMs },
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

/**
 * Runs fn in the transaction of the request context when there is one (the caller's), otherwise in a new one.
 * A service that writes calls this instead of sequelize().transaction(), so a caller can make it atomic with
 * its own writes.
 */
export function inTransaction<T>(fn: (transaction: Transaction) => Promise<T>): Promise<T> {
  const current = currentTransaction();
  return current ? fn(current) : sequelize().transaction(fn);
}
