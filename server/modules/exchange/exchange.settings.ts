// The matching's house settings (table matching_weights): the points of each soft reason. "Quy ước của Hành Trang":
// practice chosen by this product, not law, so they live here and not in the versioned legal policy table. An admin
// edits them; every change is audited and the matcher reads the new points at once.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { ValidationError } from '../../shared/errors';
import { forgetWeights } from './exchange.matching';

export interface WeightRow {
  key: string;
  label: string;
  points: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function listWeights(): Promise<WeightRow[]> {
  return select<WeightRow>(
    `SELECT m.key, m.label, m.points, m.updated_at AS "updatedAt", u.display_name AS "updatedBy"
     FROM matching_weights m LEFT JOIN user_directory u ON u.id = m.updated_by_user_id ORDER BY m.position`,
  );
}

export async function updateWeights(actor: Actor, values: Record<string, number>): Promise<WeightRow[]> {
  await inTransaction(async () => {
    const before = await select<{ key: string; points: number }>('SELECT key, points FROM matching_weights FOR UPDATE');
    const known = new Set(before.map((b) => b.key));
    const unknown = Object.keys(values).filter((k) => !known.has(k));
    if (unknown.length)
      throw new ValidationError(unknown.map((k) => ({ path: k, message: `Không có lý do ghép nối «${k}»` })));
    for (const [key, points] of Object.entries(values))
      await execute(
        'UPDATE matching_weights SET points = $2, updated_by_user_id = $3, updated_at = now() WHERE key = $1 AND points <> $2',
        [key, points, actor.userId],
      );
    await recordAudit({
      actor,
      action: 'matching_weights.updated',
      entity: 'matching_weights',
      entityId: 'all',
      before: Object.fromEntries(before.map((b) => [b.key, b.points])),
      after: values,
    });
  });
  forgetWeights();
  return listWeights();
}
