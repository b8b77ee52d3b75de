// List pages answer `page: { number, size, total, totalCapped }`; totals are counted up to a cap so a common
// filter never costs a full count (ARCHITECTURE.md, API).
import { QueryTypes, literal, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
// mapWhereFieldNames turns attribute names into column names, as findAll does before building its WHERE.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mapWhereFieldNames } = require('sequelize/lib/utils') as { mapWhereFieldNames: (w: WhereOptions, m: ModelStatic<Model>) => WhereOptions };

export const TOTAL_CAP = 10_000;

interface QueryGenerator { selectQuery: (table: string, options: object, model: ModelStatic<Model>) => string }

/**
 * How many rows match, counting at most TOTAL_CAP + 1 of them, in the database: one row comes back, not 10,001
 * (shipping and parsing them was most of a common-name search's cost).
 */
export async function cappedCount(model: ModelStatic<Model>, where: WhereOptions): Promise<number> {
  const qg = (model.sequelize!.getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;
  const inner = qg.selectQuery(model.getTableName() as string, {
    tableAs: model.name, attributes: [[literal('1'), 'one']], where: mapWhereFieldNames(where, model), limit: TOTAL_CAP + 1,
  }, model).replace(/;\s*$/, '');
  const [row] = await model.sequelize!.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${inner}) AS capped`, { type: QueryTypes.SELECT });
  return row!.n;
}

/** The page block for a count that may exceed the cap. */
export function pageBlock(q: { page: number; pageSize: number }, n: number) {
  const capped = n > TOTAL_CAP;
  return { number: q.page, size: q.pageSize, total: capped ? TOTAL_CAP : n, totalCapped: capped };
}

/** A first page shorter than the page size is its own count; otherwise count (capped). */
export async function countFor(model: ModelStatic<Model>, where: WhereOptions, q: { page: number; pageSize: number }, found: number): Promise<number> {
  return found < q.pageSize && q.page === 1 ? found : cappedCount(model, where);
}
