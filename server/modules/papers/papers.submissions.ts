// Papers a worker sends from her phone (a photo or a scan of her passport, health certificate, criminal record). They
// wait for the agency: accepted, they become a paper with the number and dates staff read off it; returned, they
// carry the reason. Either way the worker is told, by a durable job written in the review's transaction.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { fileStore } from '../../shared/files';
import { defineJob, enqueue } from '../../shared/queue';
import { now, today, type IsoDate } from '../../shared/clock';
import { nfc } from '../../shared/text';
import { notifyWorker } from '../notifications';
import { Worker } from '../workers';
import { refreshWorkerCaseObligations } from '../cases';
import { PAPER_LABELS, Paper, type PaperKind } from './papers.model';

/** What a worker may send herself: the papers she gets from offices (the agency records the rest). */
export const SUBMITTABLE_KINDS = ['passport', 'health_certificate', 'criminal_record'] as const;
export type SubmittableKind = (typeof SUBMITTABLE_KINDS)[number];

export const SUBMISSION_STATUS_LABELS: Record<string, string> = {
  pending: 'Đang chờ doanh nghiệp xem',
  accepted: 'Đã được nhận',
  returned: 'Bị trả lại',
};

export interface Submission {
  id: number;
  workerId: number;
  kind: SubmittableKind;
  label: string;
  note: string | null;
  status: 'pending' | 'accepted' | 'returned';
  statusLabel: string;
  returnReason: string | null;
  submittedAt: Date;
  reviewedAt: Date | null;
  fileId: number;
}

const REVIEWED_JOB = 'paper.submission_reviewed';

defineJob<{ submissionId: number; workerId: number; status: 'accepted' | 'returned'; kind: SubmittableKind }>({
  name: REVIEWED_JOB,
  label: 'Báo cho người lao động khi giấy tờ bạn gửi được nhận hoặc bị trả lại',
  handler: async ({ submissionId, workerId, status, kind }) => {
    const [row] = await select<{ return_reason: string | null }>(
      'SELECT return_reason FROM paper_submissions WHERE id = $1',
      [submissionId],
    );
    return notifyWorker(workerId, {
      kind: `paper.${status}`,
      title:
        status === 'accepted'
          ? `${PAPER_LABELS[kind]} bạn gửi đã được doanh nghiệp nhận.`
          : `${PAPER_LABELS[kind]} bạn gửi bị trả lại. Hãy xem lý do và gửi lại.`,
      body: status === 'returned' ? (row?.return_reason ?? null) : null,
      subject: { type: 'paper_submission', id: submissionId },
      key: `paper-submission:${submissionId}:${status}`,
    });
  },
});

const toSubmission = (r: {
  id: string;
  worker_id: string;
  kind: SubmittableKind;
  note: string | null;
  status: Submission['status'];
  return_reason: string | null;
  submitted_at: Date;
  reviewed_at: Date | null;
  file_id: string;
}): Submission => ({
  id: Number(r.id),
  workerId: Number(r.worker_id),
  kind: r.kind,
  label: PAPER_LABELS[r.kind],
  note: r.note,
  status: r.status,
  statusLabel: SUBMISSION_STATUS_LABELS[r.status],
  returnReason: r.return_reason,
  submittedAt: r.submitted_at,
  reviewedAt: r.reviewed_at,
  fileId: Number(r.file_id),
});

const COLUMNS = 'id, worker_id, kind, note, status, return_reason, submitted_at, reviewed_at, file_id';

/** A worker sends a photo or scan of one of her papers (her own record only: the actor's worker id). */
export async function submitPaper(
  actor: Actor,
  input: { kind: SubmittableKind; note?: string | null },
  scan: { bytes: Buffer; name: string },
): Promise<Submission> {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  const workerId = actor.workerId;
  return inTransaction(async (transaction) => {
    const file = await fileStore().put(
      { bytes: scan.bytes, name: scan.name, uploaderUserId: actor.userId, field: 'file' },
      transaction,
    );
    const [row] = await select<Parameters<typeof toSubmission>[0]>(
      `INSERT INTO paper_submissions (worker_id, kind, file_id, note, submitted_by_user_id, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [workerId, input.kind, file.id, input.note ? nfc(input.note) : null, actor.userId, now()],
      transaction,
    );
    const s = toSubmission(row);
    await recordAudit(
      { actor, action: 'paper.submitted', entity: 'paper_submission', entityId: s.id, after: { kind: s.kind } },
      transaction,
    );
    return s;
  });
}

/** The worker's own submissions, newest first. */
export async function submissionsOfWorker(workerId: number, limit = 20): Promise<Submission[]> {
  const rows = await select<Parameters<typeof toSubmission>[0]>(
    `SELECT ${COLUMNS} FROM paper_submissions WHERE worker_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2`,
    [workerId, limit],
  );
  return rows.map(toSubmission);
}

/** Submissions waiting for review on a worker the actor may see (agency staff linked to her). */
export async function pendingSubmissions(actor: Actor, workerId: number): Promise<Submission[]> {
  const w = await Worker.findOne({ where: scoped(actor, 'worker', { id: workerId }), attributes: ['id'] });
  if (!w) return [];
  const rows = await select<Parameters<typeof toSubmission>[0]>(
    `SELECT ${COLUMNS} FROM paper_submissions WHERE worker_id = $1 AND status = 'pending' ORDER BY submitted_at, id LIMIT 50`,
    [workerId],
  );
  return rows.map(toSubmission);
}

/** The submission's file, for the worker herself or staff who may see her. */
export async function submissionFile(actor: Actor, id: number) {
  const [row] = await select<{ worker_id: string; file_id: string }>(
    'SELECT worker_id, file_id FROM paper_submissions WHERE id = $1',
    [id],
  );
  const own = row && actor.role === 'worker' && actor.workerId === Number(row.worker_id);
  const staff =
    row &&
    actor.role === 'agency_staff' &&
    (await Worker.findOne({ where: scoped(actor, 'worker', { id: Number(row.worker_id) }), attributes: ['id'] }));
  if (!row || (!own && !staff)) throw new NotFoundError('Không tìm thấy giấy tờ đã gửi');
  return { workerId: Number(row.worker_id), file: await fileStore().get(Number(row.file_id)) };
}

export type Review =
  | { decision: 'accept'; number: string; issuingBody: string; issuedOn: IsoDate; expiresOn?: IsoDate | null }
  | { decision: 'return'; reason: string };

/**
 * Agency staff accept a submission (a paper is made from it, with the numbers they read off the scan) or return it
 * with a reason. Once only: the row is locked and must still be pending; a second review answers 409.
 */
export async function reviewSubmission(actor: Actor, id: number, review: Review): Promise<Submission> {
  if (actor.role !== 'agency_staff') throw new ForbiddenError();
  if (review.decision === 'accept') {
    const problems = [];
    if (review.issuedOn > today()) problems.push({ path: 'issuedOn', message: 'Ngày cấp không được sau hôm nay' });
    if (review.expiresOn && review.expiresOn < review.issuedOn)
      problems.push({ path: 'expiresOn', message: 'Ngày hết hạn không được trước ngày cấp' });
    if (problems.length) throw new ValidationError(problems);
  }
  await inTransaction(async (transaction) => {
    const [row] = await select<Parameters<typeof toSubmission>[0]>(
      `SELECT ${COLUMNS} FROM paper_submissions WHERE id = $1 FOR UPDATE`,
      [id],
      transaction,
    );
    const seen =
      row &&
      (await Worker.findOne({
        where: scoped(actor, 'worker', { id: Number(row.worker_id) }),
        attributes: ['id'],
        transaction,
      }));
    if (!row || !seen) throw new NotFoundError('Không tìm thấy giấy tờ đã gửi');
    if (row.status !== 'pending') throw new ConflictError('Giấy tờ này đã được xem xét rồi');
    const at = now();
    let paperId: number | null = null;
    if (review.decision === 'accept') {
      if (row.kind !== 'criminal_record' && !review.expiresOn)
        throw new ValidationError([{ path: 'expiresOn', message: '«Ngày hết hạn» là bắt buộc với giấy tờ này' }]);
      const p = await Paper.create(
        {
          kind: row.kind as PaperKind,
          workerId: Number(row.worker_id),
          caseId: null,
          number: nfc(review.number),
          issuingBody: nfc(review.issuingBody),
          issuedOn: review.issuedOn,
          expiresOn: review.expiresOn ?? null,
          senderAgencyId: null,
          market: null,
          jobCategory: null,
          fileId: Number(row.file_id),
          enrolmentId: null,
          createdByUserId: actor.userId,
        },
        { transaction },
      );
      paperId = Number(p.id);
      await recordAudit(
        { actor, action: 'paper.created', entity: 'paper', entityId: paperId, after: { kind: row.kind, from: id } },
        transaction,
      );
    }
    await execute(
      `UPDATE paper_submissions SET status = $2, return_reason = $3, paper_id = $4, reviewed_by_user_id = $5, reviewed_at = $6
       WHERE id = $1`,
      [
        id,
        review.decision === 'accept' ? 'accepted' : 'returned',
        review.decision === 'return' ? nfc(review.reason) : null,
        paperId,
        actor.userId,
        at,
      ],
      transaction,
    );
    await recordAudit(
      {
        actor,
        action: review.decision === 'accept' ? 'paper.submission_accepted' : 'paper.submission_returned',
        entity: 'paper_submission',
        entityId: id,
        after: { status: review.decision === 'accept' ? 'accepted' : 'returned', paperId },
      },
      transaction,
    );
    const status = review.decision === 'accept' ? 'accepted' : 'returned';
    await enqueue(
      REVIEWED_JOB,
      { submissionId: id, workerId: Number(row.worker_id), status, kind: row.kind },
      { key: `paper-submission:${id}:${status}`, transaction },
    );
    // the new paper moves the obligations of her cases (papers expiring before departure) in the same transaction
    if (review.decision === 'accept') await refreshWorkerCaseObligations(Number(row.worker_id));
  });
  const [row] = await select<Parameters<typeof toSubmission>[0]>(
    `SELECT ${COLUMNS} FROM paper_submissions WHERE id = $1`,
    [id],
  );
  return toSubmission(row);
}
