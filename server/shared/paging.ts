// List pages answer `page: { number, size, total, totalCapped }`; totals are counted up to a cap so a common
// filter never costs a full count (ARCHITECTURE.md, API).
import type { Model, ModelStatic, WhereOptions } from 'sequelize';
import { fromSql, select, whereSql } from '../db/sql';

import { TOTAL_CAP } from './page-cap';

export { TOTAL_CAP };

/**
 * How many rows match, counting at most TOTAL_CAP + 1 of them, in the database: one row comes back, not 10,001
 * (shipping and parsing them was most of a common-name search's cost).
 */
export async function cappedCount(model: ModelStatic<Model>, where: WhereOptions): Promise<number> {
  const inner = `SELECT 1 FROM ${fromSql(model)} WHERE ${whereSql(model, where)} LIMIT ${TOTAL_CAP + 1}`;
  const [row] = await select<{ n: number }>(`SELECT count(*)::int AS n FROM (${inner}) AS capped`);
  return row!.n;
}

/** The page block for a count that may exceed the cap. */
export function pageBlock(q: { page: number; pageSize: number }, n: number) {
  const capped = n > TOTAL_CAP;
  return { number: q.page, size: q.pageSize, total: capped ? TOTAL_CAP : n, totalCapped: capped };
}

/** A first page shorter than the page size is its own count; otherwise count (capped). */
export async function countFor(
  model: ModelStatic<Model>,
  where: WhereOptions,
  q: { page: number; pageSize: number },
  found: number,
): Promise<number> {
  return found < q.pageSize && q.page === 1 ? found : cappedCount(model, where);
}
