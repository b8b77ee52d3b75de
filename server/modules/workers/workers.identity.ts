// A worker's identity as verified from the national population database (Decree 318/2025; DOMAIN.md §15.5).
// While verified, full name, CCCD, date of birth and sex change only through re-verification: an edit is refused
// (409 here; the workers_verified_identity trigger refuses any other change of those columns in the database).
// The identity module calls these through the index; it never writes this table itself.
import type { Transaction } from 'sequelize';
import { execute, select, whereSql } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { scoped } from '../../shared/auth/scope';
import { Worker } from './workers.model';
import { fold, nfc } from '../../shared/text';

export const VERIFICATION_METHODS = ['chip_card', 'vneid', 'paper', 'batch_file', 'http'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
export const VERIFICATION_METHOD_LABELS: Record<VerificationMethod, string> = {
  chip_card: 'thẻ CCCD gắn chip',
  vneid: 'ứng dụng VNeID',
  paper: 'giấy tờ bản giấy',
  batch_file: 'tệp đối soát với Cơ sở dữ liệu quốc gia về dân cư',
  http: 'kết nối Cơ sở dữ liệu quốc gia về dân cư',
};

/** The rule a refused edit cites. */
export const VERIFIED_IDENTITY_RULE =
  'Họ tên, số CCCD, ngày sinh và giới tính đã được xác thực với Cơ sở dữ liệu quốc gia về dân cư (Nghị định 318/2025/NĐ-CP): chỉ thay đổi được bằng cách xác thực lại';

export interface Verification {
  method: VerificationMethod;
  at: Date;
  byUserId: number;
}

/** An identity as sent for verification: the worker it was, and the four fields. */
export interface SentIdentity {
  workerId: number;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string;
}

/**
 * Marks workers verified whose identity is still exactly what was sent (one statement for any number; a worker
 * changed since the request stays unverified). Answers the ids marked.
 */
export async function markIdentityVerified(
  rows: SentIdentity[],
  v: Verification,
  transaction?: Transaction,
): Promise<number[]> {
  if (!rows.length) return [];
  const marked = await select<{ id: string }>(
    `UPDATE workers w SET identity_verified_at = $1, identity_verified_method = $2, identity_verified_by_user_id = $3,
            updated_at = $1
     FROM unnest($4::bigint[], $5::text[], $6::date[], $7::text[], $8::text[]) AS s(id, full_name, date_of_birth, sex, cccd)
     WHERE w.id = s.id AND w.full_name = s.full_name AND w.date_of_birth = s.date_of_birth AND w.sex = s.sex
       AND w.cccd = s.cccd
     RETURNING w.id`,
    [
      v.at,
      v.method,
      v.byUserId,
      rows.map((r) => r.workerId),
      rows.map((r) => r.fullName),
      rows.map((r) => r.dateOfBirth),
      rows.map((r) => r.sex),
      rows.map((r) => r.cccd),
    ],
    transaction,
  );
  return marked.map((r) => Number(r.id));
}

/** Registry values to apply: the fields given change, the others stay. */
export interface IdentityCorrection {
  workerId: number;
  fullName?: string | null;
  dateOfBirth?: string | null;
  sex?: 'male' | 'female' | null;
  cccd?: string | null;
}

/**
 * The re-verification path: applies accepted registry values and sets the new verification in the same statement,
 * the only statement the workers_verified_identity trigger lets change a verified worker's identity fields. One
 * statement for any number. A CCCD another worker holds fails the unique index: the caller checks collisions first.
 * Answers the ids changed.
 */
export async function applyVerifiedIdentity(
  rows: IdentityCorrection[],
  v: Verification,
  transaction: Transaction,
): Promise<number[]> {
  if (!rows.length) return [];
  const names = rows.map((r) => (r.fullName ? nfc(r.fullName) : null));
  // the flag the workers_verified_identity trigger reads: raised for this statement only, in this transaction
  await select("SELECT set_config('hanh_trang.identity_reverify', 'on', true)", [], transaction);
  const changed = await select<{ id: string }>(
    `UPDATE workers w SET
       full_name = COALESCE(s.full_name, w.full_name), full_name_folded = COALESCE(s.folded, w.full_name_folded),
       date_of_birth = COALESCE(s.date_of_birth, w.date_of_birth), sex = COALESCE(s.sex, w.sex),
       cccd = COALESCE(s.cccd, w.cccd),
       identity_verified_at = $1, identity_verified_method = $2, identity_verified_by_user_id = $3, updated_at = $1
     FROM unnest($4::bigint[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[])
          AS s(id, full_name, folded, date_of_birth, sex, cccd)
     WHERE w.id = s.id
     RETURNING w.id`,
    [
      v.at,
      v.method,
      v.byUserId,
      rows.map((r) => r.workerId),
      names,
      names.map((n) => (n ? fold(n) : null)),
      rows.map((r) => r.dateOfBirth ?? null),
      rows.map((r) => r.sex ?? null),
      rows.map((r) => r.cccd ?? null),
    ],
    transaction,
  );
  await select("SELECT set_config('hanh_trang.identity_reverify', 'off', true)", [], transaction);
  return changed.map((r) => Number(r.id));
}

/** The workers holding these CCCDs (CCCD → worker id). */
export async function cccdHolders(cccds: string[], transaction?: Transaction): Promise<Map<string, number>> {
  if (!cccds.length) return new Map();
  const rows = await select<{ cccd: string; id: string }>(
    'SELECT cccd, id FROM workers WHERE cccd = ANY($1::text[])',
    [cccds],
    transaction,
  );
  return new Map(rows.map((r) => [r.cccd, Number(r.id)]));
}

/** Clears a worker's verification (an admin's step before correcting by hand; audited by the caller). */
export async function clearIdentityVerification(workerId: number, transaction?: Transaction): Promise<void> {
  await execute(
    `UPDATE workers SET identity_verified_at = NULL, identity_verified_method = NULL, identity_verified_by_user_id = NULL
     WHERE id = $1`,
    [workerId],
    transaction,
  );
}

/**
 * The actor's worker scope as SQL over a relation aliased "Worker" with the workers' columns (the read view
 * worker_identity_facts): agency and centre staff their consent links, an officer her commune or province, an
 * admin all. Another module filters a set-based statement with it without reading this module's tables.
 */
export function workerScopeSql(actor: Actor): string {
  return whereSql(Worker as never, scoped(actor, 'worker', {}));
}
