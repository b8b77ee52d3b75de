// umzug runs the TypeScript migrations (under tsx) and the compiled ones (from dist/) alike.
import path from 'node:path';
import { Umzug, SequelizeStorage } from 'umzug';
import type { QueryInterface, Sequelize } from 'sequelize';
import { logger } from '../shared/logger';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

export function migrator(sequelize: Sequelize) {
  return new Umzug<QueryInterface>({
    migrations: {
      glob: ['*.{ts,js}', { cwd: MIGRATIONS_DIR, ignore: ['**/*.d.ts'] }],
      // NOTE: the stored name has no extension, so .ts and compiled .js runs agree on what is done.
      resolve: ({ name, path: file, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a migration file found at run time (tsx or dist)
        const mod = require(file!) as { up: Migration; down: Migration };
        return {
          name: name.replace(/\.(ts|js)$/, ''),
          up: () => mod.up({ context }),
          down: () => mod.down({ context }),
        };
      },
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'migration_meta' }),
    logger: {
      info: (m) => logger.debug(m, 'migration'),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
      debug: () => undefined,
    },
  });
}

export type Migration = (params: { context: QueryInterface }) => Promise<unknown>;

export async function migrateUp(sequelize: Sequelize): Promise<string[]> {
  const done = await migrator(sequelize).up();
  return done.map((m) => m.name);
}

export async function pendingMigrations(sequelize: Sequelize): Promise<string[]> {
  return (await migrator(sequelize).pending()).map((m) => m.name);
}
