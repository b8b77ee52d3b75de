// Suspected duplicates (/admin/nghi-trung-lap): a corrected CCCD from the population database that belongs to another
// worker is never applied; the admin compares the two records side by side (masked) and records a decision — "not the
// same person", or "the same person" with the record kept. Records are never merged here: the decision is recorded.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now } from '../../shared/clock';

export const DUPLICATE_STATUS_LABELS = {
  open: 'chờ quyết định',
  not_same_person: 'không phải cùng một người',
  same_person: 'cùng một người',
} as const;
export type DuplicateStatus = keyof typeof DUPLICATE_STATUS_LABELS;

export interface DuplicateSide {
  id: number;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  cccdMasked: string;
  provinceCode: string | null;
  communeCode: string | null;
  verified: boolean;
}
export interface Duplicate {
  id: number;
  status: DuplicateStatus;
  statusLabel: string;
  cccdMasked: string;
  batchId: number | null;
  batchRowNo: number | null;
  foundAt: Date;
  keptWorkerId: number | null;
  note: string | null;
  decidedAt: Date | null;
  worker: DuplicateSide;
  other: DuplicateSide;
}

type Raw = {
  id: string;
  status: DuplicateStatus;
  cccd: string;
  batch_id: string | null;
  batch_row_no: number | null;
  found_at: Date;
  kept_worker_id: string | null;
  note: string | null;
  decided_at: Date | null;
} & Record<
  `${'a' | 'b'}_${'id' | 'full_name' | 'date_of_birth' | 'sex' | 'cccd' | 'province_code' | 'commune_code'}`,
  string | null
> & {
    a_verified: boolean;
    b_verified: boolean;
  };

const side = (r: Raw, p: 'a' | 'b'): DuplicateSide => ({
  id: Number(r[`${p}_id`]),
  fullName: r[`${p}_full_name`] ?? '',
  dateOfBirth: r[`${p}_date_of_birth`] ?? '',
  sex: r[`${p}_sex`] === 'male' ? 'Nam' : 'Nữ',
  cccdMasked: maskCccd(r[`${p}_cccd`] ?? ''),
  provinceCode: r[`${p}_province_code`],
  communeCode: r[`${p}_commune_code`],
  verified: p === 'a' ? r.a_verified : r.b_verified,
});

const SELECT = `SELECT d.id, d.status, d.cccd, d.batch_id, d.batch_row_no, d.found_at, d.kept_worker_id, d.note, d.decided_at,
  a.id AS a_id, a.full_name AS a_full_name, a.date_of_birth AS a_date_of_birth, a.sex AS a_sex, a.cccd AS a_cccd,
  a.province_code AS a_province_code, a.commune_code AS a_commune_code, a.identity_verified_at IS NOT NULL AS a_verified,
  b.id AS b_id, b.full_name AS b_full_name, b.date_of_birth AS b_date_of_birth, b.sex AS b_sex, b.cccd AS b_cccd,
  b.province_code AS b_province_code, b.commune_code AS b_commune_code, b.identity_verified_at IS NOT NULL AS b_verified
  FROM identity_duplicates d
  JOIN worker_identity_facts a ON a.id = d.worker_id
  JOIN worker_identity_facts b ON b.id = d.other_worker_id`;

const toDuplicate = (r: Raw): Duplicate => ({
  id: Number(r.id),
  status: r.status,
  statusLabel: DUPLICATE_STATUS_LABELS[r.status],
  cccdMasked: maskCccd(r.cccd),
  batchId: r.batch_id === null ? null : Number(r.batch_id),
  batchRowNo: r.batch_row_no,
  foundAt: r.found_at,
  keptWorkerId: r.kept_worker_id === null ? null : Number(r.kept_worker_id),
  note: r.note,
  decidedAt: r.decided_at,
  worker: side(r, 'a'),
  other: side(r, 'b'),
});

/** Suspected duplicates, open first then the newest decided (admin only: the route checks the permission). */
export async function listDuplicates(_actor: Actor, status?: DuplicateStatus, limit = 100): Promise<Duplicate[]> {
  const rows = await select<Raw>(
    `${SELECT} WHERE ($1::text IS NULL OR d.status = $1) ORDER BY (d.status = 'open') DESC, d.id DESC LIMIT $2`,
    [status ?? null, limit],
  );
  return rows.map(toDuplicate);
}

export async function getDuplicate(_actor: Actor, id: number): Promise<Duplicate> {
  const [row] = await select<Raw>(`${SELECT} WHERE d.id = $1`, [id]);
  if (!row) throw new NotFoundError('Không tìm thấy cặp hồ sơ nghi trùng');
  return toDuplicate(row);
}

/** Records the admin's decision (no merge: the records stay as they are). */
export async function resolveDuplicate(
  actor: Actor,
  id: number,
  input: { decision: 'not_same_person' | 'same_person'; keptWorkerId?: number; note: string },
): Promise<Duplicate> {
  await inTransaction(async (t) => {
    const [d] = await select<{ status: DuplicateStatus; worker_id: string; other_worker_id: string }>(
      'SELECT status, worker_id, other_worker_id FROM identity_duplicates WHERE id = $1 FOR UPDATE',
      [id],
      t,
    );
    if (!d) throw new NotFoundError('Không tìm thấy cặp hồ sơ nghi trùng');
    if (d.status !== 'open') throw new ConflictError('Cặp hồ sơ này đã có quyết định');
    const kept = input.decision === 'same_person' ? (input.keptWorkerId ?? null) : null;
    if (input.decision === 'same_person' && ![Number(d.worker_id), Number(d.other_worker_id)].includes(kept ?? -1))
      throw new ValidationError([{ path: 'keptWorkerId', message: 'Chọn hồ sơ được giữ lại (một trong hai hồ sơ)' }]);
    await execute(
      `UPDATE identity_duplicates SET status = $2, kept_worker_id = $3, note = $4, decided_by_user_id = $5, decided_at = $6
       WHERE id = $1`,
      [id, input.decision, kept, input.note, actor.userId, now()],
      t,
    );
    await recordAudit(
      {
        actor,
        action: 'identity.duplicate_resolved',
        entity: 'identity_duplicate',
        entityId: id,
        after: { decision: input.decision, keptWorkerId: kept, note: input.note },
      },
      t,
    );
  });
  return getDuplicate(actor, id);
}
