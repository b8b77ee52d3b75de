// Adapter 2 of the population-database port: batch files (DOMAIN.md §15.5; Decree 47/2020 allows batch exchange).
// An officer selects records and exports a request file; the registry's result file comes back and is reconciled
// (đối soát) by a durable job: the file is read as a stream in chunks into identity_result_rows (one multi-row INSERT
// per chunk, progress counted for the page), then compared with the request in one set-based statement. Matches
// verify the worker; mismatches become corrections an officer accepts; a corrected CCCD that belongs to another
// worker is held for the admin as a suspected duplicate, never applied. Every request row and every answer is logged.
import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now } from '../../shared/clock';
import { fileStore, type ReceivedFile } from '../../shared/files';
import { defineJob, enqueue } from '../../shared/queue';
import { actorOfUser } from '../users';
import { markIdentityVerified, workerScopeSql } from '../workers';
import {
  ResultFileError,
  readResultCsv,
  readResultXlsx,
  requestCsv,
  requestXlsx,
  type LineProblem,
  type RequestRow,
  type ResultRow,
} from './identity.files';
import { FIELD_LABELS, type IdentityField } from './identity.port';

export const IMPORT_JOB = 'identity.import_result';
/** the largest request file: a province's job seekers at most (and a 50 MB result file holds ~400,000 lines) */
export const BATCH_MAX_ROWS = 200_000;
const CHUNK = 5_000;
const PROBLEMS_KEPT = 50;

export type ImportStatus = 'none' | 'queued' | 'reading' | 'comparing' | 'done' | 'failed';
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  none: 'chờ tệp kết quả',
  queued: 'đang chờ xử lý',
  reading: 'đang đọc tệp kết quả',
  comparing: 'đang đối soát',
  done: 'đã đối soát',
  failed: 'không đọc được tệp kết quả',
};
export const SELECTIONS = ['scope', 'unverified', 'commune'] as const;
export type Selection = (typeof SELECTIONS)[number];
export const SELECTION_LABELS: Record<Selection, string> = {
  scope: 'tất cả người lao động trong phạm vi',
  unverified: 'những người chưa được xác thực',
  commune: 'cư dân của một xã/phường',
};

export interface Batch {
  id: number;
  createdAt: Date;
  createdBy: string;
  selection: Selection;
  selectionCommuneCode: string | null;
  rowCount: number;
  importStatus: ImportStatus;
  importTotal: number;
  importDone: number;
  importError: string | null;
  badLines: number;
  lineProblems: LineProblem[];
  unknownRows: number;
  resultFileId: number | null;
  percent: number;
  running: boolean;
}

type BatchRaw = {
  id: string;
  created_at: Date;
  created_by: string | null;
  selection: Selection;
  selection_commune_code: string | null;
  row_count: number;
  import_status: ImportStatus;
  import_total: number;
  import_done: number;
  import_error: string | null;
  bad_lines: number;
  line_problems: LineProblem[];
  unknown_rows: number;
  result_file_id: string | null;
};
const BATCH_COLUMNS = `b.id, b.created_at, u.display_name AS created_by, b.selection, b.selection_commune_code, b.row_count,
  b.import_status, b.import_total, b.import_done, b.import_error, b.bad_lines, b.line_problems, b.unknown_rows, b.result_file_id`;

const toBatch = (r: BatchRaw): Batch => ({
  id: Number(r.id),
  createdAt: r.created_at,
  createdBy: r.created_by ?? '',
  selection: r.selection,
  selectionCommuneCode: r.selection_commune_code,
  rowCount: r.row_count,
  importStatus: r.import_status,
  importTotal: r.import_total,
  importDone: Math.min(r.import_done, Math.max(r.import_total, r.import_done)),
  importError: r.import_error,
  badLines: r.bad_lines,
  lineProblems: r.line_problems,
  unknownRows: r.unknown_rows,
  resultFileId: r.result_file_id === null ? null : Number(r.result_file_id),
  percent: r.import_total ? Math.min(100, Math.floor((r.import_done * 100) / r.import_total)) : 0,
  running: ['queued', 'reading', 'comparing'].includes(r.import_status),
});

/** Batches the actor may see: an admin all; staff their organisation's; a commune officer her commune's. */
function batchScope(actor: Actor, alias = 'b'): { sql: string; values: unknown[] } {
  if (actor.role === 'admin') return { sql: 'TRUE', values: [] };
  if ((actor.role === 'centre_staff' || actor.role === 'agency_staff') && actor.agencyId)
    return { sql: `${alias}.agency_id = $SCOPE`, values: [actor.agencyId] };
  if (actor.role === 'commune_officer' && actor.communeCode)
    return { sql: `${alias}.commune_code = $SCOPE`, values: [actor.communeCode] };
  return { sql: 'FALSE', values: [] };
}
/** The scope condition with its value bound at position `n` (or no value). */
function scopeAt(actor: Actor, n: number): { sql: string; values: unknown[] } {
  const s = batchScope(actor);
  return { sql: s.sql.replace('$SCOPE', `$${n}`), values: s.values };
}

export async function getBatch(actor: Actor, id: number, transaction?: Transaction): Promise<Batch> {
  const scope = scopeAt(actor, 2);
  const [row] = await select<BatchRaw>(
    `SELECT ${BATCH_COLUMNS} FROM identity_batches b LEFT JOIN user_directory u ON u.id = b.created_by_user_id
     WHERE b.id = $1 AND ${scope.sql}`,
    [id, ...scope.values],
    transaction,
  );
  if (!row) throw new NotFoundError('Không tìm thấy lô xác thực');
  return toBatch(row);
}

export async function listBatches(actor: Actor, limit = 50): Promise<Batch[]> {
  const scope = scopeAt(actor, 2);
  const rows = await select<BatchRaw>(
    `SELECT ${BATCH_COLUMNS} FROM identity_batches b LEFT JOIN user_directory u ON u.id = b.created_by_user_id
     WHERE ${scope.sql} ORDER BY b.id DESC LIMIT $1`,
    [limit, ...scope.values],
  );
  return rows.map(toBatch);
}

/**
 * Makes a request batch from the actor's workers (all, those not yet verified, or one commune's), in one statement:
 * the batch, its numbered rows (the identity as sent) and one logged request per row (Art 45).
 */
export async function createBatch(
  actor: Actor,
  input: { selection: Selection; communeCode?: string; limit?: number },
): Promise<Batch> {
  if (input.selection === 'commune' && !input.communeCode)
    throw new ValidationError([{ path: 'communeCode', message: 'Chọn xã/phường' }]);
  const limit = Math.min(input.limit ?? BATCH_MAX_ROWS, BATCH_MAX_ROWS);
  const at = now();
  const id = await inTransaction(async (t) => {
    const [row] = await select<{ id: string | null }>(
      `WITH picked AS (
         SELECT "Worker".id, "Worker".cccd, "Worker".full_name, "Worker".date_of_birth, "Worker".sex,
                row_number() OVER (ORDER BY "Worker".id) AS row_no
         FROM worker_identity_facts AS "Worker"
         WHERE (${workerScopeSql(actor)})
           AND ($1::text <> 'unverified' OR "Worker".identity_verified_at IS NULL)
           AND ($2::text IS NULL OR "Worker".commune_code = $2)
         ORDER BY "Worker".id LIMIT $3
       ), batch AS (
         INSERT INTO identity_batches (agency_id, commune_code, created_by_user_id, created_at, selection,
           selection_commune_code, row_count)
         SELECT $4, $5, $6, $7, $1, $2, count(*) FROM picked HAVING count(*) > 0
         RETURNING id
       ), batch_rows AS (
         INSERT INTO identity_batch_rows (batch_id, row_no, worker_id, cccd, full_name, date_of_birth, sex)
         SELECT batch.id, p.row_no, p.id, p.cccd, p.full_name, p.date_of_birth, p.sex FROM picked p, batch
       ), logged AS (
         INSERT INTO identity_verification_log (at, actor_user_id, actor_role, agency_id, commune_code, worker_id,
           direction, adapter, method, batch_id, batch_row_no, fields_sent)
         SELECT $7, $6, $8, $4, $5, p.id, 'request', 'batch_file', 'batch_file', batch.id, p.row_no,
                ARRAY['full_name', 'date_of_birth', 'sex', 'cccd']
         FROM picked p, batch
       )
       SELECT (SELECT id FROM batch) AS id`,
      [
        input.selection,
        input.selection === 'commune' ? input.communeCode : null,
        limit,
        actor.role === 'commune_officer' ? null : actor.agencyId,
        actor.role === 'commune_officer' ? actor.communeCode : null,
        actor.userId,
        at,
        actor.role,
      ],
      t,
    );
    if (!row?.id)
      throw new ValidationError(
        [{ path: 'selection', message: 'Không có người lao động nào phù hợp để gửi yêu cầu xác thực' }],
        'Không có người lao động nào phù hợp',
      );
    await recordAudit(
      { actor, action: 'identity.batch_created', entity: 'identity_batch', entityId: Number(row.id), after: input },
      t,
    );
    return Number(row.id);
  });
  return getBatch(actor, id);
}

/** The request rows of a batch, in order (what the request file carries). */
async function requestRows(batchId: number): Promise<RequestRow[]> {
  const rows = await select<{
    row_no: number;
    cccd: string;
    full_name: string;
    date_of_birth: string;
    sex: 'male' | 'female';
  }>(
    'SELECT row_no, cccd, full_name, date_of_birth, sex FROM identity_batch_rows WHERE batch_id = $1 ORDER BY row_no',
    [batchId],
  );
  return rows.map((r) => ({
    rowNo: r.row_no,
    cccd: r.cccd,
    fullName: r.full_name,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
  }));
}

/** The request file (CSV or XLSX) of a batch in scope; the download is audited (it carries full personal IDs). */
export async function requestFile(
  actor: Actor,
  batchId: number,
  format: 'csv' | 'xlsx',
): Promise<{ bytes: Buffer; name: string; mime: string }> {
  await getBatch(actor, batchId);
  const rows = await requestRows(batchId);
  await recordAudit({
    actor,
    action: 'identity.request_file_downloaded',
    entity: 'identity_batch',
    entityId: batchId,
    after: { format, rows: rows.length },
  });
  const name = `yeu-cau-xac-thuc-lo-${batchId}.${format}`;
  return format === 'csv'
    ? { bytes: requestCsv(batchId, rows), name, mime: 'text/csv; charset=utf-8' }
    : {
        bytes: await requestXlsx(batchId, rows),
        name,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
}

/**
 * Receives a result file (CSV or XLSX, ≤ 50 MB, typed from its content) for a batch in scope and queues its import.
 * A batch takes one result file (again only after a failed read).
 */
export async function startImport(actor: Actor, batchId: number, file: ReceivedFile): Promise<Batch> {
  await inTransaction(async (t) => {
    const b = await getBatch(actor, batchId, t);
    const [locked] = await select<{ import_status: ImportStatus }>(
      'SELECT import_status FROM identity_batches WHERE id = $1 FOR UPDATE',
      [batchId],
      t,
    );
    if (locked.import_status !== 'none' && locked.import_status !== 'failed')
      throw new ConflictError('Lô này đã nhận tệp kết quả', { reason: 'RESULT_ALREADY_RECEIVED' });
    const stored = await fileStore().putReceived(
      file,
      { uploaderUserId: actor.userId, accept: 'data', field: 'file' },
      t,
    );
    await execute(
      `UPDATE identity_batches SET result_file_id = $2, import_status = 'queued', import_total = $3, import_done = 0,
         import_error = NULL, bad_lines = 0, line_problems = '[]', unknown_rows = 0, imported_by_user_id = $4,
         import_started_at = $5, import_finished_at = NULL
       WHERE id = $1`,
      [batchId, stored.id, b.rowCount, actor.userId, now()],
      t,
    );
    await recordAudit(
      {
        actor,
        action: 'identity.result_file_received',
        entity: 'identity_batch',
        entityId: batchId,
        after: { file: { id: stored.id, sha256: stored.sha256, mime: stored.mime, size: stored.size } },
      },
      t,
    );
    await enqueue(
      IMPORT_JOB,
      { batchId, fileId: stored.id },
      { key: `identity-import:${batchId}:${stored.id}`, transaction: t },
    );
  });
  return getBatch(actor, batchId);
}

/** One chunk of result rows in one statement. */
async function insertResultRows(batchId: number, rows: ResultRow[]): Promise<void> {
  if (!rows.length) return;
  await execute(
    `INSERT INTO identity_result_rows (batch_id, line_no, row_no, cccd, found, full_name, date_of_birth, sex, corrected_cccd)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::boolean[], $6::text[], $7::date[], $8::text[], $9::text[])`,
    [
      batchId,
      rows.map((r) => r.lineNo),
      rows.map((r) => r.rowNo),
      rows.map((r) => r.cccd),
      rows.map((r) => r.found),
      rows.map((r) => r.fullName),
      rows.map((r) => r.dateOfBirth),
      rows.map((r) => r.sex),
      rows.map((r) => r.correctedCccd),
    ],
  );
}

/**
 * The import job: reads the result file in chunks (progress counted after each), then reconciles in one
 * transaction. A re-delivered job starts the reading again (the rows read so far are dropped first).
 */
export async function workImport(batchId: number): Promise<void> {
  const [b] = await select<{
    import_status: ImportStatus;
    result_file_id: string | null;
    imported_by_user_id: string | null;
  }>('SELECT import_status, result_file_id, imported_by_user_id FROM identity_batches WHERE id = $1', [batchId]);
  if (!b || b.import_status === 'done' || b.import_status === 'none' || !b.result_file_id) return;
  const actor = b.imported_by_user_id ? await actorOfUser(Number(b.imported_by_user_id)) : null;
  const file = await fileStore().get(Number(b.result_file_id));
  if (!file || !actor) return failImport(batchId, 'Không còn tệp kết quả hoặc người gửi tệp');
  await execute('DELETE FROM identity_result_rows WHERE batch_id = $1', [batchId]);
  const total = file.mime === 'text/csv' ? Math.max(0, lineCount(file.bytes) - 1) : null;
  await execute(
    `UPDATE identity_batches SET import_status = 'reading', import_done = 0, bad_lines = 0, line_problems = '[]',
       import_total = COALESCE($2, import_total) WHERE id = $1`,
    [batchId, total],
  );
  let kept = 0;
  let sinkError: unknown = null;
  const sink = async (rows: ResultRow[], problems: LineProblem[]) => {
    try {
      await insertResultRows(batchId, rows);
    } catch (err) {
      sinkError = err;
      throw err;
    }
    const keep = problems.slice(0, Math.max(0, PROBLEMS_KEPT - kept));
    kept += keep.length;
    await execute(
      `UPDATE identity_batches SET import_done = import_done + $2, bad_lines = bad_lines + $3,
         line_problems = line_problems || $4::jsonb WHERE id = $1`,
      [batchId, rows.length + problems.length, problems.length, JSON.stringify(keep)],
    );
  };
  try {
    if (file.mime === 'text/csv') await readResultCsv(file.bytes, sink, CHUNK);
    else await readResultXlsx(file.bytes, sink, CHUNK);
  } catch (err) {
    // a database failure is retried by the queue; a file that cannot be read is reported on the batch page
    if (sinkError || !(err instanceof Error)) throw err;
    return failImport(
      batchId,
      err instanceof ResultFileError ? err.message : `Không đọc được tệp kết quả: ${err.message}`,
    );
  }
  await execute(`UPDATE identity_batches SET import_status = 'comparing', import_total = import_done WHERE id = $1`, [
    batchId,
  ]);
  await inTransaction((t) => reconcile(actor, batchId, t));
}

/** Lines of a text file (the progress bar's total for a CSV: its lines but the header). */
function lineCount(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) n += 1;
  return bytes.length && bytes[bytes.length - 1] !== 0x0a ? n + 1 : n;
}

async function failImport(batchId: number, message: string): Promise<void> {
  await execute(
    `UPDATE identity_batches SET import_status = 'failed', import_error = $2, import_finished_at = $3 WHERE id = $1`,
    [batchId, message.slice(0, 500), now()],
  );
}

/**
 * The đối soát, set-based: the answers joined to the request by row number (or by the personal ID when a line gives
 * none), each row's outcome and mismatched fields in one statement; then duplicates held, corrections proposed,
 * matches verified, and one logged answer per row (Art 45).
 */
async function reconcile(actor: Actor, batchId: number, t: Transaction): Promise<void> {
  const at = now();
  await execute(
    `UPDATE identity_result_rows s SET row_no = r.row_no FROM identity_batch_rows r
     WHERE s.batch_id = $1 AND s.row_no IS NULL AND r.batch_id = $1 AND r.cccd = s.cccd`,
    [batchId],
    t,
  );
  await execute(
    `UPDATE identity_batch_rows r SET outcome = NULL, mismatched_fields = '{}' WHERE r.batch_id = $1 AND r.outcome IS NOT NULL`,
    [batchId],
    t,
  );
  // the comparison: the first answer of each row counts; a corrected ID held by another worker is a collision
  await execute(
    `WITH answer AS (
       SELECT DISTINCT ON (row_no) row_no, found, full_name, date_of_birth, sex, corrected_cccd
       FROM identity_result_rows WHERE batch_id = $1 AND row_no IS NOT NULL ORDER BY row_no, line_no
     ), compared AS (
       SELECT r.row_no, a.found,
              array_remove(ARRAY[
                CASE WHEN a.full_name IS NOT NULL AND lower(a.full_name) <> lower(r.full_name) THEN 'full_name' END,
                CASE WHEN a.date_of_birth IS NOT NULL AND a.date_of_birth <> r.date_of_birth THEN 'date_of_birth' END,
                CASE WHEN a.sex IS NOT NULL AND a.sex <> r.sex THEN 'sex' END,
                CASE WHEN a.corrected_cccd IS NOT NULL AND a.corrected_cccd <> r.cccd THEN 'cccd' END
              ], NULL) AS fields,
              EXISTS (SELECT 1 FROM worker_identity_facts o
                      WHERE a.corrected_cccd IS NOT NULL AND a.corrected_cccd <> r.cccd
                        AND o.cccd = a.corrected_cccd AND o.id <> r.worker_id) AS collision
       FROM identity_batch_rows r JOIN answer a ON a.row_no = r.row_no
       WHERE r.batch_id = $1
     )
     UPDATE identity_batch_rows r
     SET outcome = CASE WHEN NOT c.found THEN 'not_found' WHEN c.collision THEN 'collision'
                        WHEN cardinality(c.fields) > 0 THEN 'mismatch' ELSE 'matched' END,
         mismatched_fields = CASE WHEN c.found THEN c.fields ELSE '{}' END
     FROM compared c WHERE r.batch_id = $1 AND r.row_no = c.row_no`,
    [batchId],
    t,
  );
  // held for the admin: never applied
  await execute(
    `INSERT INTO identity_duplicates (worker_id, other_worker_id, cccd, batch_id, batch_row_no, found_at)
     SELECT r.worker_id, o.id, a.corrected_cccd, $1, r.row_no, $2
     FROM identity_batch_rows r
     JOIN LATERAL (SELECT corrected_cccd FROM identity_result_rows s WHERE s.batch_id = $1 AND s.row_no = r.row_no
                   ORDER BY s.line_no LIMIT 1) a ON TRUE
     JOIN worker_identity_facts o ON o.cccd = a.corrected_cccd AND o.id <> r.worker_id
     WHERE r.batch_id = $1 AND r.outcome = 'collision'
     ON CONFLICT (batch_id, batch_row_no) DO NOTHING`,
    [batchId, at],
    t,
  );
  // proposed corrections (a newer answer sets aside an older open proposal of the same worker)
  await execute(
    `UPDATE identity_corrections c SET status = 'rejected', decided_at = $2
     FROM identity_batch_rows r
     WHERE r.batch_id = $1 AND r.outcome = 'mismatch' AND c.worker_id = r.worker_id AND c.status = 'proposed'
       AND c.batch_id IS DISTINCT FROM $1`,
    [batchId, at],
    t,
  );
  await execute(
    `INSERT INTO identity_corrections (worker_id, source, method, batch_id, batch_row_no, fields, full_name, date_of_birth,
       sex, cccd, proposed_by_user_id, proposed_at)
     SELECT r.worker_id, 'batch_file', 'batch_file', $1, r.row_no, r.mismatched_fields,
            CASE WHEN 'full_name' = ANY(r.mismatched_fields) THEN a.full_name END,
            CASE WHEN 'date_of_birth' = ANY(r.mismatched_fields) THEN a.date_of_birth END,
            CASE WHEN 'sex' = ANY(r.mismatched_fields) THEN a.sex END,
            CASE WHEN 'cccd' = ANY(r.mismatched_fields) THEN a.corrected_cccd END,
            $3, $2
     FROM identity_batch_rows r
     JOIN LATERAL (SELECT * FROM identity_result_rows s WHERE s.batch_id = $1 AND s.row_no = r.row_no
                   ORDER BY s.line_no LIMIT 1) a ON TRUE
     WHERE r.batch_id = $1 AND r.outcome = 'mismatch'
     ON CONFLICT (batch_id, batch_row_no) DO NOTHING`,
    [batchId, at, actor.userId],
    t,
  );
  // matches verify the worker (when the worker still holds exactly what was sent)
  const matched = await select<{
    worker_id: string;
    full_name: string;
    date_of_birth: string;
    sex: 'male' | 'female';
    cccd: string;
  }>(
    `SELECT worker_id, full_name, date_of_birth, sex, cccd FROM identity_batch_rows WHERE batch_id = $1 AND outcome = 'matched'`,
    [batchId],
    t,
  );
  await markIdentityVerified(
    matched.map((m) => ({
      workerId: Number(m.worker_id),
      fullName: m.full_name,
      dateOfBirth: m.date_of_birth,
      sex: m.sex,
      cccd: m.cccd,
    })),
    { method: 'batch_file', at, byUserId: actor.userId },
    t,
  );
  // one logged answer per answered row (Decree 47/2020 Art 45)
  await execute(
    `INSERT INTO identity_verification_log (at, actor_user_id, actor_role, agency_id, commune_code, worker_id, direction,
       adapter, method, batch_id, batch_row_no, fields_sent, fields_answered, result, mismatched_fields)
     SELECT $2, $3, $4, $5, $6, r.worker_id, 'answer', 'batch_file', 'batch_file', $1, r.row_no,
            ARRAY['full_name', 'date_of_birth', 'sex', 'cccd'],
            CASE WHEN r.outcome = 'not_found' THEN '{}'::text[]
                 WHEN 'cccd' = ANY(r.mismatched_fields) THEN ARRAY['full_name', 'date_of_birth', 'sex', 'cccd']
                 ELSE ARRAY['full_name', 'date_of_birth', 'sex'] END,
            CASE r.outcome WHEN 'matched' THEN 'verified' WHEN 'not_found' THEN 'not_found' ELSE 'mismatch' END,
            r.mismatched_fields
     FROM identity_batch_rows r WHERE r.batch_id = $1 AND r.outcome IS NOT NULL`,
    [batchId, at, actor.userId, actor.role, actor.agencyId, actor.communeCode],
    t,
  );
  await execute(
    `UPDATE identity_batches SET import_status = 'done', import_finished_at = $2,
       unknown_rows = (SELECT count(*) FROM identity_result_rows s WHERE s.batch_id = $1
                       AND (s.row_no IS NULL OR NOT EXISTS (SELECT 1 FROM identity_batch_rows r WHERE r.batch_id = $1 AND r.row_no = s.row_no)))
     WHERE id = $1`,
    [batchId, at],
    t,
  );
  await recordAudit(
    {
      actor,
      action: 'identity.batch_reconciled',
      entity: 'identity_batch',
      entityId: batchId,
      after: { matched: matched.length },
    },
    t,
  );
}

defineJob<{ batchId: number }>({
  name: IMPORT_JOB,
  label: 'Đối soát tệp kết quả với Cơ sở dữ liệu quốc gia về dân cư',
  expireInSeconds: 900,
  retryLimit: 3,
  handler: async ({ batchId }) => {
    await workImport(batchId);
    return true;
  },
});

// ---- the reconciliation report (đối soát) ----

export interface ReportRow {
  rowNo: number;
  workerId: number;
  fullName: string;
  cccdMasked: string;
  fields: { field: IdentityField; label: string }[];
}
export interface Report {
  batch: Batch;
  counts: { matched: number; mismatch: number; notFound: number; collision: number; noAnswer: number };
  byField: { field: IdentityField; label: string; count: number; rows: number[] }[];
  rows: { mismatch: ReportRow[]; notFound: ReportRow[]; collision: ReportRow[] };
  openCorrections: number;
}

const ROWS_SHOWN = 200;

/** The reconciliation report of a batch in scope: counts by outcome, mismatches by field, the rows (first 200 each). */
export async function batchReport(actor: Actor, batchId: number): Promise<Report> {
  const batch = await getBatch(actor, batchId);
  const counts = await select<{ outcome: string | null; n: string }>(
    'SELECT outcome, count(*) AS n FROM identity_batch_rows WHERE batch_id = $1 GROUP BY outcome',
    [batchId],
  );
  const count = (o: string | null) => Number(counts.find((c) => c.outcome === o)?.n ?? 0);
  const byField = await select<{ field: IdentityField; n: string; rows: number[] }>(
    `SELECT f AS field, count(*) AS n, (array_agg(row_no ORDER BY row_no))[1:${ROWS_SHOWN}] AS rows
     FROM identity_batch_rows, unnest(mismatched_fields) AS f
     WHERE batch_id = $1 AND outcome = 'mismatch' GROUP BY f ORDER BY f`,
    [batchId],
  );
  const rows = await select<{
    outcome: string;
    row_no: number;
    worker_id: string;
    full_name: string;
    cccd: string;
    mismatched_fields: IdentityField[];
  }>(
    `SELECT outcome, row_no, worker_id, full_name, cccd, mismatched_fields FROM (
       SELECT outcome, row_no, worker_id, full_name, cccd, mismatched_fields,
              row_number() OVER (PARTITION BY outcome ORDER BY row_no) AS k
       FROM identity_batch_rows WHERE batch_id = $1 AND outcome IN ('mismatch', 'not_found', 'collision')
     ) x WHERE k <= ${ROWS_SHOWN} ORDER BY outcome, row_no`,
    [batchId],
  );
  const view = (o: string) =>
    rows
      .filter((r) => r.outcome === o)
      .map((r) => ({
        rowNo: r.row_no,
        workerId: Number(r.worker_id),
        fullName: r.full_name,
        cccdMasked: maskCccd(r.cccd),
        fields: r.mismatched_fields.map((f) => ({ field: f, label: FIELD_LABELS[f] })),
      }));
  const [open] = await select<{ n: string }>(
    `SELECT count(*) AS n FROM identity_corrections WHERE batch_id = $1 AND status = 'proposed'`,
    [batchId],
  );
  return {
    batch,
    counts: {
      matched: count('matched'),
      mismatch: count('mismatch'),
      notFound: count('not_found'),
      collision: count('collision'),
      noAnswer: batch.importStatus === 'done' ? count(null) : 0,
    },
    byField: byField.map((f) => ({ field: f.field, label: FIELD_LABELS[f.field], count: Number(f.n), rows: f.rows })),
    rows: { mismatch: view('mismatch'), notFound: view('not_found'), collision: view('collision') },
    openCorrections: Number(open.n),
  };
}
