// Plain statements on the hot read paths (token check, list pages, details, the access log), through supported APIs
// only. Outside a transaction they go to a `pg` pool of their own (Sequelize's Query machinery, a stack trace per
// statement and option cloning, was about a third of a simple request's CPU: bench/RESULTS.md); inside one (given,
// or the request context's) they run on that transaction through sequelize.query, so a plain statement never waits
// for a second connection while its transaction holds one. DATABASE_POOL_MAX and DATABASE_ACQUIRE_TIMEOUT_MS size
// and bound both pools. Same type parsers (DATE stays 'YYYY-MM-DD', BIGINT a string).
import pg from 'pg';
import { Op, QueryTypes, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import { config } from '../config';
import { currentDatabaseUrl, sequelize } from './sequelize';
import { currentTransaction } from '../shared/context';

let pool: pg.Pool | null = null;

function plainPool(): pg.Pool {
  if (!pool) {
    const { poolMax, acquireTimeoutMs } = config().db;
    pool = new pg.Pool({
      connectionString: currentDatabaseUrl(),
      max: poolMax,
      connectionTimeoutMillis: acquireTimeoutMs,
      idleTimeoutMillis: 10_000,
    });
    // an idle client losing its server (PostgreSQL restarting) must not crash the process: the next query reports it
    pool.on('error', () => undefined);
  }
  return pool;
}

export async function closePlainPool(): Promise<void> {
  if (pool) {
    const p = pool;
    pool = null;
    await p.end();
  }
}

async function run(
  text: string,
  values: unknown[] | undefined,
  given: Transaction | undefined,
  type: 'SELECT' | 'WRITE',
) {
  const transaction = given ?? currentTransaction();
  if (transaction) {
    if (type === 'SELECT')
      return {
        rows: await sequelize().query(text, { bind: values, transaction, type: QueryTypes.SELECT }),
        rowCount: null,
      };
    const [, meta] = await sequelize().query(text, { bind: values, transaction, type: QueryTypes.RAW });
    // NOTE: Sequelize answers an INSERT/UPDATE with the row count itself, anything else with pg's result
    const rowCount = typeof meta === 'number' ? meta : ((meta as { rowCount?: number } | undefined)?.rowCount ?? null);
    return { rows: [], rowCount };
  }
  return plainPool().query(text, values);
}

/** Rows of one SELECT; values bound as $1, $2… */
export async function select<T>(text: string, values?: unknown[], transaction?: Transaction): Promise<T[]> {
  return (await run(text, values, transaction, 'SELECT')).rows as T[];
}

/** One INSERT/UPDATE whose failure is a server error (no constraint to report to the user); the row count. */
export async function execute(text: string, values?: unknown[], transaction?: Transaction): Promise<number> {
  return (await run(text, values, transaction, 'WRITE')).rowCount ?? 0;
}

type Where = Record<string | symbol, unknown>;
const isLiteral = (v: unknown): v is { val: string } =>
  Boolean(
    v &&
    typeof v === 'object' &&
    (v as { constructor?: { name?: string } }).constructor?.name === 'Literal' &&
    typeof (v as { val?: unknown }).val === 'string',
  );

/**
 * The WHERE text of a where object on `model`, with the table aliased as the model's name: scopes and filters stay
 * one definition, used by Sequelize's finders and by plain statements alike. It reads the subset of where objects
 * the app writes: equality, null, arrays (IN), Op.eq/ne/in/notIn/gt/gte/lt/lte, Op.and/Op.or, and literals.
 * Columns come from the model's attribute definitions (Model.getAttributes), values are escaped by sequelize.escape.
 */
export function whereSql(model: ModelStatic<Model>, where: WhereOptions): string {
  const attrs = model.getAttributes() as Record<string, { field?: string }>;
  const alias = `"${model.name}"`;
  const escape = (v: unknown) => sequelize().escape(v as string);
  const column = (attr: string) => {
    const def = attrs[attr];
    if (!def) throw new Error(`whereSql: ${model.name} has no attribute ${attr}`);
    return `${alias}."${def.field ?? attr}"`;
  };
  const list = (v: unknown) => (isLiteral(v) ? v.val : `(${(v as unknown[]).map(escape).join(', ') || 'NULL'})`);
  const ops: [symbol, (c: string, v: unknown) => string][] = [
    [Op.eq, (c, v) => (v === null ? `${c} IS NULL` : `${c} = ${escape(v)}`)],
    [Op.ne, (c, v) => (v === null ? `${c} IS NOT NULL` : `${c} <> ${escape(v)}`)],
    [Op.in, (c, v) => `${c} IN ${list(v)}`],
    [Op.notIn, (c, v) => `${c} NOT IN ${list(v)}`],
    [Op.gt, (c, v) => `${c} > ${escape(v)}`],
    [Op.gte, (c, v) => `${c} >= ${escape(v)}`],
    [Op.lt, (c, v) => `${c} < ${escape(v)}`],
    [Op.lte, (c, v) => `${c} <= ${escape(v)}`],
  ];
  const attribute = (attr: string, v: unknown): string => {
    const c = column(attr);
    if (v === null) return `${c} IS NULL`;
    if (Array.isArray(v)) return `${c} IN ${list(v)}`;
    if (isLiteral(v)) return `${c} = ${v.val}`;
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      const parts = ops.filter(([op]) => op in (v as object)).map(([op, f]) => f(c, (v as Where)[op]));
      if (parts.length !== Object.getOwnPropertySymbols(v).length || Object.keys(v).length)
        throw new Error(`whereSql: unsupported condition on ${attr}`);
      return parts.join(' AND ') || 'TRUE';
    }
    return `${c} = ${escape(v)}`;
  };
  const clause = (w: unknown): string => {
    if (isLiteral(w)) return `(${w.val})`;
    if (Array.isArray(w)) return w.map(clause).join(' AND ') || 'TRUE';
    const obj = (w ?? {}) as Where;
    const parts: string[] = [];
    for (const sym of Object.getOwnPropertySymbols(obj)) {
      const inner = obj[sym];
      const items = Array.isArray(inner) ? inner : [inner];
      if (sym === Op.and) parts.push(`(${items.map(clause).join(' AND ') || 'TRUE'})`);
      else if (sym === Op.or) parts.push(`(${items.map(clause).join(' OR ') || 'FALSE'})`);
      else throw new Error('whereSql: unsupported operator at the top of a where');
    }
    for (const [attr, v] of Object.entries(obj)) parts.push(attribute(attr, v));
    return parts.join(' AND ') || 'TRUE';
  };
  return clause(where);
}

/** The quoted table of a model (with its alias) for a plain statement's FROM. */
export function fromSql(model: ModelStatic<Model>): string {
  return `"${model.getTableName() as string}" AS "${model.name}"`;
}
