// Use cases of the population-database port outside batches: a recorded manual verification (adapter 1), the
// corrections an answer proposes and an officer accepts (the re-verification path: only then do verified identity
// fields change), the verification log of a worker, and the suspected duplicates held for the admin.
import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now } from '../../shared/clock';
import {
  VERIFICATION_METHOD_LABELS,
  applyVerifiedIdentity,
  markIdentityVerified,
  workerScopeSql,
  type IdentityCorrection,
  type VerificationMethod,
} from '../workers';
import {
  FIELD_LABELS,
  IDENTITY_FIELDS,
  fieldKey,
  logExchange,
  manualAdapter,
  type Identity,
  type IdentityField,
  type ManualInput,
  type RegistryValues,
  type VerifyResult,
} from './identity.port';

export interface WorkerIdentity extends Identity {
  provinceCode: string | null;
  communeCode: string | null;
  verifiedAt: Date | null;
  verifiedMethod: VerificationMethod | null;
}

/** A worker in the actor's worker scope, as the identity module reads it (worker_identity_facts); else 404. */
export async function workerIdentity(
  actor: Actor,
  workerId: number,
  transaction?: Transaction,
): Promise<WorkerIdentity> {
  const [w] = await select<{
    id: string;
    full_name: string;
    date_of_birth: string;
    sex: 'male' | 'female';
    cccd: string;
    province_code: string | null;
    commune_code: string | null;
    identity_verified_at: Date | null;
    identity_verified_method: VerificationMethod | null;
  }>(
    `SELECT id, full_name, date_of_birth, sex, cccd, province_code, commune_code, identity_verified_at, identity_verified_method
     FROM worker_identity_facts AS "Worker" WHERE "Worker".id = $1 AND (${workerScopeSql(actor)})`,
    [workerId],
    transaction,
  );
  if (!w) throw new NotFoundError('Không tìm thấy người lao động');
  return {
    workerId: Number(w.id),
    fullName: w.full_name,
    dateOfBirth: w.date_of_birth,
    sex: w.sex,
    cccd: w.cccd,
    provinceCode: w.province_code,
    communeCode: w.commune_code,
    verifiedAt: w.identity_verified_at,
    verifiedMethod: w.identity_verified_method,
  };
}

export interface ManualOutcome {
  result: VerifyResult;
  mismatched: IdentityField[];
  correctionId: number | null;
  duplicateId: number | null;
  verified: boolean;
}

/**
 * Adapter 1 through the port: the officer's check of the chip card, VNeID or paper. The request (the four fields we
 * hold) and the answer are logged (Art 45). Verified marks the worker verified; a mismatch becomes a proposed
 * correction another step accepts; a corrected CCCD held by another worker goes to the admin instead.
 */
export async function verifyManually(actor: Actor, workerId: number, input: ManualInput): Promise<ManualOutcome> {
  return inTransaction(async (t) => {
    const w = await workerIdentity(actor, workerId, t);
    const at = now();
    const who = { actor, at };
    await logExchange(
      who,
      { workerId, direction: 'request', adapter: 'manual', method: input.method, fieldsSent: IDENTITY_FIELDS },
      t,
    );
    const answer = await manualAdapter.verify(w, input);
    if (input.outcome === 'mismatch' && answer.result !== 'mismatch')
      throw new ValidationError([
        {
          path: 'seen',
          message:
            'Ghi giá trị đã thấy trên thẻ/VNeID của ít nhất một trường khác với hồ sơ (nếu tất cả giống, chọn «Khớp»)',
        },
      ]);
    await logExchange(
      who,
      {
        workerId,
        direction: 'answer',
        adapter: 'manual',
        method: input.method,
        fieldsSent: IDENTITY_FIELDS,
        fieldsAnswered: answer.answered,
        result: answer.result,
        mismatched: answer.mismatched,
      },
      t,
    );
    let verified = false;
    let correctionId: number | null = null;
    let duplicateId: number | null = null;
    if (answer.result === 'verified')
      verified = (await markIdentityVerified([w], { method: input.method, at, byUserId: actor.userId }, t)).length > 0;
    if (answer.result === 'mismatch') {
      let fields = answer.mismatched;
      if (fields.includes('cccd')) {
        const [holder] = await select<{ id: string }>(
          'SELECT id FROM worker_identity_facts WHERE cccd = $1 AND id <> $2',
          [answer.values.cccd, workerId],
          t,
        );
        if (holder) {
          duplicateId = await holdDuplicate(workerId, Number(holder.id), answer.values.cccd!, at, t);
          fields = fields.filter((f) => f !== 'cccd');
        }
      }
      if (fields.length)
        correctionId = await proposeCorrection(actor, workerId, 'manual', input.method, fields, answer.values, at, t);
    }
    await recordAudit(
      {
        actor,
        action: 'identity.verified_manually',
        entity: 'worker',
        entityId: workerId,
        after: {
          method: input.method,
          result: answer.result,
          mismatched: answer.mismatched,
          correctionId,
          duplicateId,
        },
      },
      t,
    );
    return { result: answer.result, mismatched: answer.mismatched, correctionId, duplicateId, verified };
  });
}

async function holdDuplicate(
  workerId: number,
  otherId: number,
  cccd: string,
  at: Date,
  t: Transaction,
  batch: { batchId: number; rowNo: number } | null = null,
): Promise<number> {
  const [row] = await select<{ id: string }>(
    `INSERT INTO identity_duplicates (worker_id, other_worker_id, cccd, batch_id, batch_row_no, found_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [workerId, otherId, cccd, batch?.batchId ?? null, batch?.rowNo ?? null, at],
    t,
  );
  return Number(row.id);
}

/** A proposed correction (an older open one of the worker is set aside: the newest answer counts). */
async function proposeCorrection(
  actor: Actor,
  workerId: number,
  source: 'manual' | 'batch_file',
  method: string,
  fields: IdentityField[],
  values: RegistryValues,
  at: Date,
  t: Transaction,
): Promise<number> {
  await execute(
    `UPDATE identity_corrections SET status = 'rejected', decided_at = $2 WHERE worker_id = $1 AND status = 'proposed'`,
    [workerId, at],
    t,
  );
  const pick = (f: IdentityField) => (fields.includes(f) ? (values[fieldKey(f)] ?? null) : null);
  const [row] = await select<{ id: string }>(
    `INSERT INTO identity_corrections (worker_id, source, method, fields, full_name, date_of_birth, sex, cccd,
       proposed_by_user_id, proposed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      workerId,
      source,
      method,
      fields,
      pick('full_name'),
      pick('date_of_birth'),
      pick('sex'),
      pick('cccd'),
      actor.userId,
      at,
    ],
    t,
  );
  return Number(row.id);
}

// ---- corrections ----

export interface CorrectionView {
  id: number;
  workerId: number;
  workerName: string;
  batchId: number | null;
  batchRowNo: number | null;
  method: string;
  methodLabel: string;
  status: 'proposed' | 'accepted' | 'rejected';
  changes: { field: IdentityField; label: string; current: string; proposed: string }[];
  proposedAt: Date;
}

type CorrectionRow = {
  id: string;
  worker_id: string;
  batch_id: string | null;
  batch_row_no: number | null;
  method: string;
  status: CorrectionView['status'];
  fields: IdentityField[];
  full_name: string | null;
  date_of_birth: string | null;
  sex: 'male' | 'female' | null;
  cccd: string | null;
  proposed_at: Date;
  w_full_name: string;
  w_date_of_birth: string;
  w_sex: 'male' | 'female';
  w_cccd: string;
};

const SEX_WORDS: Record<string, string> = { male: 'Nam', female: 'Nữ' };
const shown = (f: IdentityField, v: string | null) =>
  v === null
    ? '—'
    : f === 'cccd'
      ? maskCccd(v)
      : f === 'sex'
        ? (SEX_WORDS[v] ?? v)
        : f === 'date_of_birth'
          ? v.split('-').reverse().join('/')
          : v;

function toCorrection(r: CorrectionRow): CorrectionView {
  const current: Record<IdentityField, string> = {
    full_name: r.w_full_name,
    date_of_birth: r.w_date_of_birth,
    sex: r.w_sex,
    cccd: r.w_cccd,
  };
  const proposed: Record<IdentityField, string | null> = {
    full_name: r.full_name,
    date_of_birth: r.date_of_birth,
    sex: r.sex,
    cccd: r.cccd,
  };
  return {
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: r.w_full_name,
    batchId: r.batch_id === null ? null : Number(r.batch_id),
    batchRowNo: r.batch_row_no,
    method: r.method,
    methodLabel: VERIFICATION_METHOD_LABELS[r.method as VerificationMethod] ?? r.method,
    status: r.status,
    changes: r.fields.map((f) => ({
      field: f,
      label: FIELD_LABELS[f],
      current: shown(f, current[f]),
      proposed: shown(f, proposed[f]),
    })),
    proposedAt: r.proposed_at,
  };
}

const CORRECTION_SELECT = `SELECT c.id, c.worker_id, c.batch_id, c.batch_row_no, c.method, c.status, c.fields, c.full_name,
    c.date_of_birth, c.sex, c.cccd, c.proposed_at, "Worker".full_name AS w_full_name,
    "Worker".date_of_birth AS w_date_of_birth, "Worker".sex AS w_sex, "Worker".cccd AS w_cccd
  FROM identity_corrections c JOIN worker_identity_facts AS "Worker" ON "Worker".id = c.worker_id`;

/** Corrections in the actor's worker scope: of a worker, of a batch, or all open ones (first `limit`). */
export async function listCorrections(
  actor: Actor,
  filter: { workerId?: number; batchId?: number; status?: CorrectionView['status'] },
  limit = 200,
): Promise<CorrectionView[]> {
  const rows = await select<CorrectionRow>(
    `${CORRECTION_SELECT}
     WHERE (${workerScopeSql(actor)}) AND ($1::bigint IS NULL OR c.worker_id = $1) AND ($2::bigint IS NULL OR c.batch_id = $2)
       AND ($3::text IS NULL OR c.status = $3)
     ORDER BY c.batch_row_no NULLS LAST, c.id DESC LIMIT $4`,
    [filter.workerId ?? null, filter.batchId ?? null, filter.status ?? null, limit],
  );
  return rows.map(toCorrection);
}

export async function getCorrection(actor: Actor, id: number): Promise<CorrectionView> {
  const [row] = await select<CorrectionRow>(`${CORRECTION_SELECT} WHERE c.id = $1 AND (${workerScopeSql(actor)})`, [
    id,
  ]);
  if (!row) throw new NotFoundError('Không tìm thấy đề nghị đính chính');
  return toCorrection(row);
}

export interface AcceptOutcome {
  applied: number;
  /** corrections whose CCCD another worker holds by now: held for the admin, not applied */
  heldAsDuplicates: number;
}

/**
 * Accepts proposed corrections (given ids, or every open one of a batch) in the actor's scope and applies them
 * through the workers module's re-verification path, in one statement whatever their number. A corrected CCCD that
 * belongs to another worker is never applied: the correction is set aside and the pair goes to the admin.
 */
export async function acceptCorrections(
  actor: Actor,
  which: { ids: number[] } | { batchId: number },
): Promise<AcceptOutcome> {
  return inTransaction(async (t) => {
    const byIds = 'ids' in which;
    const rows = await select<{
      id: string;
      worker_id: string;
      method: string;
      fields: IdentityField[];
      full_name: string | null;
      date_of_birth: string | null;
      sex: 'male' | 'female' | null;
      cccd: string | null;
      batch_id: string | null;
      batch_row_no: number | null;
      holder: string | null;
    }>(
      `SELECT c.id, c.worker_id, c.method, c.fields, c.full_name, c.date_of_birth, c.sex, c.cccd, c.batch_id, c.batch_row_no,
              (SELECT o.id FROM worker_identity_facts o WHERE o.cccd = c.cccd AND o.id <> c.worker_id) AS holder
       FROM identity_corrections c JOIN worker_identity_facts AS "Worker" ON "Worker".id = c.worker_id
       WHERE c.status = 'proposed' AND (${workerScopeSql(actor)})
         AND ${byIds ? 'c.id = ANY($1::bigint[])' : 'c.batch_id = $1'}
       ORDER BY c.id FOR UPDATE OF c`,
      [byIds ? which.ids : which.batchId],
      t,
    );
    if (byIds && rows.length !== new Set(which.ids).size)
      throw new NotFoundError('Không tìm thấy đề nghị đính chính đang chờ (có thể đã được xử lý)');
    const at = now();
    const held = rows.filter((r) => r.holder !== null && r.fields.includes('cccd'));
    const apply = rows.filter((r) => !held.includes(r));
    if (held.length)
      await execute(
        `INSERT INTO identity_duplicates (worker_id, other_worker_id, cccd, found_at)
         SELECT w, o, c, $4 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS s(w, o, c)`,
        [held.map((h) => h.worker_id), held.map((h) => h.holder), held.map((h) => h.cccd), at],
        t,
      );
    const corrections: IdentityCorrection[] = apply.map((r) => ({
      workerId: Number(r.worker_id),
      fullName: r.fields.includes('full_name') ? r.full_name : null,
      dateOfBirth: r.fields.includes('date_of_birth') ? r.date_of_birth : null,
      sex: r.fields.includes('sex') ? r.sex : null,
      cccd: r.fields.includes('cccd') ? r.cccd : null,
    }));
    // one verification per method (a batch's corrections share theirs)
    for (const method of [...new Set(apply.map((r) => r.method))])
      await applyVerifiedIdentity(
        corrections.filter((_c, i) => apply[i].method === method),
        { method: method as VerificationMethod, at, byUserId: actor.userId },
        t,
      );
    await execute(
      `UPDATE identity_corrections SET status = CASE WHEN id = ANY($4::bigint[]) THEN 'rejected' ELSE 'accepted' END,
         decided_by_user_id = $2, decided_at = $3
       WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => r.id), actor.userId, at, held.map((r) => r.id)],
      t,
    );
    await recordAudit(
      {
        actor,
        action: 'identity.corrections_accepted',
        entity: byIds ? 'identity_correction' : 'identity_batch',
        entityId: byIds ? which.ids.join(',') : which.batchId,
        after: { applied: apply.map((r) => Number(r.id)), heldAsDuplicates: held.map((r) => Number(r.id)) },
      },
      t,
    );
    return { applied: apply.length, heldAsDuplicates: held.length };
  });
}

export async function rejectCorrection(actor: Actor, id: number): Promise<void> {
  await inTransaction(async (t) => {
    const c = await getCorrection(actor, id);
    if (c.status !== 'proposed') throw new ConflictError('Đề nghị đính chính này đã được xử lý');
    await execute(
      `UPDATE identity_corrections SET status = 'rejected', decided_by_user_id = $2, decided_at = $3 WHERE id = $1`,
      [id, actor.userId, now()],
      t,
    );
    await recordAudit(
      { actor, action: 'identity.correction_rejected', entity: 'identity_correction', entityId: id },
      t,
    );
  });
}

// ---- the log ----

export interface LogView {
  id: number;
  at: Date;
  direction: 'request' | 'answer';
  adapter: string;
  method: string | null;
  actorName: string;
  batchId: number | null;
  batchRowNo: number | null;
  fieldsSent: string[];
  fieldsAnswered: string[];
  result: VerifyResult | null;
  mismatched: string[];
}

/** A worker's verification log (requests and answers), newest first; the worker must be in scope (else 404). */
export async function workerLog(actor: Actor, workerId: number, limit = 100): Promise<LogView[]> {
  await workerIdentity(actor, workerId);
  const rows = await select<{
    id: string;
    at: Date;
    direction: LogView['direction'];
    adapter: string;
    method: string | null;
    actor_name: string | null;
    batch_id: string | null;
    batch_row_no: number | null;
    fields_sent: string[];
    fields_answered: string[];
    result: VerifyResult | null;
    mismatched_fields: string[];
  }>(
    `SELECT l.id, l.at, l.direction, l.adapter, l.method, u.display_name AS actor_name, l.batch_id, l.batch_row_no,
            l.fields_sent, l.fields_answered, l.result, l.mismatched_fields
     FROM identity_verification_log l LEFT JOIN user_directory u ON u.id = l.actor_user_id
     WHERE l.worker_id = $1 ORDER BY l.id DESC LIMIT $2`,
    [workerId, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    direction: r.direction,
    adapter: r.adapter,
    method: r.method,
    actorName: r.actor_name ?? '',
    batchId: r.batch_id === null ? null : Number(r.batch_id),
    batchRowNo: r.batch_row_no,
    fieldsSent: r.fields_sent,
    fieldsAnswered: r.fields_answered,
    result: r.result,
    mismatched: r.mismatched_fields,
  }));
}
