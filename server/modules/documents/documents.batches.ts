// A batch issue for many cases (up to 500): one durable job issues and draws each document in turn, each in its own
// short transaction (the numbering lock never spans the batch), counting progress the page reads. The PDFs are zipped
// when downloaded, never stored as one file (the file store takes PDFs, JPEGs and PNGs of at most 10 MB).
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import { execute, select } from '../../db/sql';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { fileStore } from '../../shared/files';
import { defineJob, enqueue } from '../../shared/queue';
import { now } from '../../shared/clock';
import { actorOfUser } from '../users';
import { issueDocument, renderDocument, templateOf } from './documents.service';

export const BATCH_JOB = 'documents.batch';
export const BATCH_MAX = 500;

export interface Batch {
  id: number;
  template: string;
  label: string;
  total: number;
  done: number;
  failed: number;
  status: 'queued' | 'running' | 'done';
  errors: { subjectId: string; message: string }[];
  percent: number;
}

type Raw = {
  id: string;
  template: string;
  total: number;
  done: number;
  failed: number;
  status: Batch['status'];
  errors: Batch['errors'];
};
const toBatch = (r: Raw): Batch => ({
  id: Number(r.id),
  template: r.template,
  label: templateOf(r.template)?.label ?? r.template,
  total: r.total,
  done: r.done,
  failed: r.failed,
  status: r.status,
  errors: r.errors,
  percent: Math.floor(((r.done + r.failed) * 100) / r.total),
});

/** Starts a batch for the actor's agency: the job issues each document as the actor would, in scope. */
export async function startBatch(actor: Actor, template: string, subjectIds: string[]): Promise<Batch> {
  const def = templateOf(template);
  if (!def || def.subjectType !== 'case')
    throw new ValidationError([{ path: 'template', message: 'Mẫu này không cấp theo lô cho hồ sơ' }]);
  const ids = [...new Set(subjectIds)];
  if (!ids.length || ids.length > BATCH_MAX)
    throw new ValidationError([{ path: 'subjectIds', message: `Chọn từ 1 đến ${BATCH_MAX} hồ sơ` }]);
  const [row] = await select<Raw>(
    `INSERT INTO document_batches (template, agency_id, requested_by_user_id, subject_ids, total, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, template, total, done, failed, status, errors`,
    [template, actor.agencyId, actor.userId, ids, ids.length, now()],
  );
  await recordAudit({
    actor,
    action: 'document.batch_started',
    entity: 'document_batch',
    entityId: Number(row.id),
    after: { template, total: ids.length },
  });
  await enqueue(BATCH_JOB, { batchId: Number(row.id) }, { key: `document-batch:${row.id}` });
  return toBatch(row);
}

/** A batch the actor asked for (or of the actor's agency). */
export async function getBatch(actor: Actor, id: number): Promise<Batch> {
  const [row] = await select<Raw>(
    `SELECT id, template, total, done, failed, status, errors FROM document_batches
     WHERE id = $1 AND (requested_by_user_id = $2 OR ($3::bigint IS NOT NULL AND agency_id = $3))`,
    [id, actor.userId, actor.agencyId],
  );
  if (!row) throw new NotFoundError('Không tìm thấy lô văn bản');
  return toBatch(row);
}

/**
 * The batch's work: from where it stopped (a restarted job resumes), each case issued and drawn, progress counted
 * after each one. A case that cannot be issued (out of scope, not yet liquidated …) is counted failed with the reason.
 */
export async function workBatch(batchId: number): Promise<void> {
  const [b] = await select<{
    template: string;
    requested_by_user_id: string;
    subject_ids: string[];
    done: number;
    failed: number;
    status: string;
  }>('SELECT template, requested_by_user_id, subject_ids, done, failed, status FROM document_batches WHERE id = $1', [
    batchId,
  ]);
  if (!b || b.status === 'done') return;
  const actor = await actorOfUser(Number(b.requested_by_user_id));
  await execute(`UPDATE document_batches SET status = 'running' WHERE id = $1`, [batchId]);
  // resume after the subjects already issued in this batch
  const issued = new Set(
    (await select<{ subject_id: string }>('SELECT subject_id FROM documents WHERE batch_id = $1', [batchId])).map(
      (r) => r.subject_id,
    ),
  );
  for (const subjectId of b.subject_ids.slice(b.done + b.failed)) {
    if (issued.has(subjectId)) continue;
    try {
      if (!actor) throw new ConflictError('Người yêu cầu không còn hoạt động');
      const doc = await issueDocument(actor, b.template, subjectId, { batchId });
      await renderDocument(doc.id);
      await execute('UPDATE document_batches SET done = done + 1 WHERE id = $1', [batchId]);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await execute(
        `UPDATE document_batches SET failed = failed + 1, errors = errors || jsonb_build_array(jsonb_build_object('subjectId', $2::text, 'message', $3::text))
         WHERE id = $1`,
        [batchId, subjectId, err.message],
      );
    }
  }
  await execute(`UPDATE document_batches SET status = 'done', finished_at = $2 WHERE id = $1`, [batchId, now()]);
}

defineJob<{ batchId: number }>({
  name: BATCH_JOB,
  label: 'Cấp văn bản theo lô',
  handler: async ({ batchId }) => {
    await workBatch(batchId);
    return true;
  },
});

/** Streams the batch's PDFs as one ZIP (read one by one from the file store; nothing stored). */
export async function streamBatchZip(actor: Actor, id: number, res: Response): Promise<void> {
  const batch = await getBatch(actor, id);
  if (batch.status !== 'done') throw new ConflictError('Lô văn bản chưa xong');
  const docs = await select<{ id: string; number: number; year: number; doc_type: string; file_id: string | null }>(
    'SELECT id, number, year, doc_type, file_id FROM documents WHERE batch_id = $1 AND file_id IS NOT NULL ORDER BY id',
    [id],
  );
  await recordAccess(actor, 'document.downloaded', 'document_batch', id);
  res.status(200).set({
    'Content-Type': 'application/zip',
    'Content-Disposition': `attachment; filename="lo-van-ban-${id}.zip"`,
    'Cache-Control': 'private, no-store',
  });
  const zip = new ZipArchive({ zlib: { level: 1 } });
  zip.pipe(res);
  for (const d of docs) {
    const file = await fileStore().get(Number(d.file_id));
    if (file) zip.append(file.bytes, { name: `${d.year}-${String(d.number).padStart(3, '0')}-${d.id}.pdf` });
  }
  await zip.finalize();
}
