// Plain statements on the hot read paths (token check, list pages, details, the access log): sent straight to a
// connection of Sequelize's own pool, skipping its Query machinery (a stack trace captured per query, option
// cloning, logging hooks), about a third of a simple request's CPU (bench/RESULTS.md). Same pool, same type
// parsers (DATE stays 'YYYY-MM-DD', BIGINT a string), same transaction when one is given.
// Writes that must map constraint errors (UniqueConstraintError…) keep going through Sequelize.
import type { Transaction, WhereOptions, Model, ModelStatic } from 'sequelize';
import { sequelize } from './sequelize';
import { currentTransaction } from '../shared/context';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mapWhereFieldNames } = require('sequelize/lib/utils') as { mapWhereFieldNames: (w: WhereOptions, m: ModelStatic<Model>) => WhereOptions };

interface PgConnection { query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }> }
interface Pool { getConnection: (o: { type: string }) => Promise<PgConnection>; releaseConnection: (c: PgConnection) => void }
interface QueryGenerator {
  getWhereConditions: (where: WhereOptions, tableName: string, model: ModelStatic<Model>, options: object) => string;
  quoteTable: (t: string) => string;
  selectQuery: (table: string, options: object, model: ModelStatic<Model>) => string;
}

async function run(text: string, values: unknown[] | undefined, given: Transaction | undefined, type: 'SELECT' | 'INSERT') {
  // the transaction of the request context when none is given: never a second connection inside a transaction
  const transaction = given ?? currentTransaction();
  if (transaction) return (transaction as unknown as { connection: PgConnection }).connection.query(text, values);
  const pool = sequelize().connectionManager as unknown as Pool;
  const connection = await pool.getConnection({ type });
  try {
    return await connection.query(text, values);
  } finally {
    pool.releaseConnection(connection);
  }
}

/** Rows of one SELECT; values bound as $1, $2… */
export async function select<T>(text: string, values?: unknown[], transaction?: Transaction): Promise<T[]> {
  return (await run(text, values, transaction, 'SELECT')).rows as T[];
}

/** One INSERT/UPDATE whose failure is a server error (no constraint to report to the user); the row count. */
export async function execute(text: string, values?: unknown[], transaction?: Transaction): Promise<number> {
  return (await run(text, values, transaction, 'INSERT')).rowCount ?? 0;
}

function generator(): QueryGenerator {
  return (sequelize().getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;
}

/**
 * The WHERE text Sequelize would build for `where` on `model` (attribute names mapped to columns, values inlined
 * and escaped), with the table aliased as the model's name: scopes and filters stay one definition.
 */
export function whereSql(model: ModelStatic<Model>, where: WhereOptions): string {
  const qg = generator();
  return qg.getWhereConditions(mapWhereFieldNames(where, model), qg.quoteTable(model.name), model, {}) || 'TRUE';
}

/** The SELECT findAll would send (Sequelize's own generator), for a statement run elsewhere (e.g. wrapped in a count). */
export function selectSql(model: ModelStatic<Model>, options: { attributes: unknown[]; where: WhereOptions; limit?: number }): string {
  return generator().selectQuery(model.getTableName() as string, { tableAs: model.name, ...options, where: mapWhereFieldNames(options.where, model) }, model)
    .replace(/;\s*$/, '');
}
