// Upload forms on the worker and case pages, and the view models of the two partials they include:
// views/partials/papers-table.hbs and views/partials/paper-upload.hbs.
import express, { type Request, type Response } from 'express';
import { QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { actorOf, requirePermission } from '../../shared/auth/access';
import type { Actor } from '../../shared/auth/permissions';
import { AppError, type FieldProblem } from '../../shared/errors';
import { receiveFile, sendBytes } from '../../shared/files';
import { recordAccess } from '../../shared/audit';
import { flashNext, checkForm, pageContext, refusalMessage } from '../../shared/pages';
import { today, type IsoDate } from '../../shared/clock';
import { check } from '../../shared/validate';
import { JOB_CATEGORIES } from '../job-orders';
import { registerFacts, registerPanel } from '../../shared/registry';
import { CATEGORY_LABELS } from '../job-orders';
import { listCountries } from '../reference';
import { CASE_PAPER_KINDS, PAPER_LABELS, WORKER_PAPER_KINDS, type PaperKind } from './papers.model';
import * as s from './papers.schemas';
import * as service from './papers.service';
import { pendingSubmissions, reviewSubmission, submissionFile, type Submission } from './papers.submissions';
import { formatDateTimeVi } from '../../shared/dates';

export const papersPages = express.Router();

const kindOptions = (kinds: readonly PaperKind[]) => kinds.map((value) => ({ value, label: PAPER_LABELS[value] }));

async function uploadForm(
  actor: Actor,
  action: string,
  kinds: readonly PaperKind[],
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  if (actor.role !== 'agency_staff') return null;
  const orientation = kinds.includes('orientation_certificate');
  const mark = <T extends { value: string }>(list: T[], chosen?: string) =>
    list.map((o) => ({ ...o, selected: o.value === chosen }));
  return {
    action,
    values,
    errors,
    open: Object.keys(errors).length > 0,
    kinds: mark(kindOptions(kinds), values.kind),
    today: today(),
    orientation,
    markets: orientation
      ? mark(
          (await listCountries()).map((c) => ({ value: c.code, label: c.nameVi })),
          values.market,
        )
      : [],
    jobCategories: orientation
      ? mark(
          JOB_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] ?? value })),
          values.jobCategory,
        )
      : [],
  };
}

export interface PapersPanel {
  /** the planned departure the statuses are judged against (null: only expiry against today) */
  departureOn: IsoDate | null;
  papers: service.PaperAgainstDate[];
  /** null when the actor may not upload */
  upload: Awaited<ReturnType<typeof uploadForm>>;
  /** each paper's status only (officers): no number, issuer or scan */
  statusOnly?: boolean;
  /** papers the worker sent from her phone, waiting for agency staff to accept or return */
  submissions?: (Submission & { at: string })[];
}

/** The worker page's panel: the worker's four papers (their status against today), and the form for agency staff. */
export async function workerPapersPanel(actor: Actor, workerId: number): Promise<PapersPanel> {
  await service.scopedWorker(actor, workerId);
  await recordAccess(actor, 'papers.listed', 'worker', workerId);
  return {
    departureOn: null,
    papers: await service.papersOfKindsAgainstDate(workerId, null, null, WORKER_PAPER_KINDS),
    upload: await uploadForm(actor, `/workers/${workerId}/papers`, WORKER_PAPER_KINDS),
    submissions:
      actor.role === 'agency_staff'
        ? (await pendingSubmissions(actor, workerId)).map((x) => ({ ...x, at: formatDateTimeVi(x.submittedAt) }))
        : [],
  };
}

/** The case page's panel: all six papers against the case's planned departure, and the visa/work-permit form. */
export async function casePapersPanel(actor: Actor, caseId: number): Promise<PapersPanel> {
  const c = await service.scopedCase(actor, caseId);
  await recordAccess(actor, 'papers.listed', 'case', caseId);
  const [row] = await sequelize().query<{ planned_departure_on: string | null }>(
    'SELECT planned_departure_on FROM case_placements WHERE id = $1',
    { bind: [caseId], type: QueryTypes.SELECT },
  );
  const departureOn = row?.planned_departure_on ?? null;
  const papers = await service.papersAgainstDate(Number(c.workerId), caseId, departureOn);
  // officers see each paper's status only: no number, no issuer, never a scan
  const officer = actor.role === 'commune_officer' || actor.role === 'province_officer';
  return {
    departureOn,
    statusOnly: officer,
    papers: officer ? papers.map(({ kind, label, status }) => ({ kind, label, status }) as never) : papers,
    upload: await uploadForm(actor, `/cases/${caseId}/papers`, CASE_PAPER_KINDS),
  };
}

const scanOf = (req: Request): service.Scan | undefined =>
  req.file ? { bytes: req.file.buffer, name: req.file.originalname } : undefined;

/**
 * A refused upload is shown again on a page of its own: everything typed kept, each error beside its field (the file
 * must be chosen again: a browser never refills a file input). Anything else (404…) is the error page.
 */
async function refused(
  req: Request,
  res: Response,
  err: unknown,
  form: { action: string; kinds: readonly PaperKind[]; back: string; subject: string },
): Promise<void> {
  if (!(err instanceof AppError) || ![400, 413].includes(err.status)) throw err;
  const errors: Record<string, string> = {};
  if (err.status === 413) errors.scan = err.message;
  for (const d of err.status === 400 ? ((err.details as FieldProblem[] | undefined) ?? []) : [])
    errors[d.path in FIELD_OF ? FIELD_OF[d.path] : d.path] ??= d.message;
  const values = Object.fromEntries(
    Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  const upload = await uploadForm(actorOf(req), form.action, form.kinds, values, errors);
  res.status(err.status).render(
    'papers/upload',
    pageContext(req, 'Thêm giấy tờ', {
      flash: { kind: 'error', message: 'Chưa lưu giấy tờ: xem các mục được đánh dấu bên dưới.' },
      errors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [`paper-${k}`, m])),
      upload,
      back: form.back,
      subject: form.subject,
    }),
  );
}
/** Problems whose path is not a field of the form (the file, its name) stand beside the file input. */
const FIELD_OF: Record<string, string> = { file: 'scan', filename: 'scan' };

// The CSRF token of these multipart forms travels in the action URL (?_csrf=), since the body is parsed here,
// after the permission check.
papersPages.post('/workers/:id/papers', requirePermission('papers:write'), async (req, res) => {
  const { id } = check(s.idParams, req.params);
  const back = `/workers/${id}`;
  try {
    await receiveFile(req, res, 'scan');
    await service.createWorkerPaper(actorOf(req), id, checkForm(s.workerPaperBody, req.body), scanOf(req));
    flashNext(res, 'Đã lưu giấy tờ.');
    res.redirect(303, back);
  } catch (err) {
    await refused(req, res, err, {
      action: back + '/papers',
      kinds: WORKER_PAPER_KINDS,
      back,
      subject: 'giấy tờ của người lao động',
    });
  }
});

papersPages.post('/cases/:id/papers', requirePermission('papers:write'), async (req, res) => {
  const { id } = check(s.idParams, req.params);
  const back = `/cases/${id}`;
  try {
    await receiveFile(req, res, 'scan');
    await service.createCasePaper(actorOf(req), id, checkForm(s.casePaperBody, req.body), scanOf(req));
    flashNext(res, 'Đã lưu giấy tờ.');
    res.redirect(303, back);
  } catch (err) {
    await refused(req, res, err, { action: back + '/papers', kinds: CASE_PAPER_KINDS, back, subject: `hồ sơ #${id}` });
  }
});

// ---- papers a worker sent from her phone: staff open the scan, then accept (typing what they read) or return
const submissionId = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);

papersPages.get('/papers/submissions/:id/file', requirePermission('papers:review'), async (req, res) => {
  const id = submissionId(req.params.id);
  const { file } = await submissionFile(actorOf(req), id);
  if (!file) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp', 404);
  await recordAccess(actorOf(req), 'scan.downloaded', 'paper_submission', id);
  sendBytes(res, file.bytes, file.mime);
});

papersPages.post('/papers/submissions/:id/review', requirePermission('papers:review'), async (req, res) => {
  const id = submissionId(req.params.id);
  const { workerId } = await submissionFile(actorOf(req), id);
  const back = `/workers/${workerId}`;
  try {
    const review = checkForm(s.reviewBody, req.body);
    const done = await reviewSubmission(
      actorOf(req),
      id,
      review.decision === 'accept'
        ? {
            decision: 'accept',
            number: review.number!,
            issuingBody: review.issuingBody!,
            issuedOn: review.issuedOn!,
            expiresOn: review.expiresOn ?? null,
          }
        : { decision: 'return', reason: review.reason! },
    );
    flashNext(
      res,
      done.status === 'accepted'
        ? `Đã nhận ${done.label.toLowerCase()}; người lao động được báo.`
        : 'Đã trả lại; người lao động được báo lý do.',
    );
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 404, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, back);
});

registerPanel('papers.worker', workerPapersPanel);
registerPanel('papers.case', casePapersPanel);
registerFacts('papers.forDeparture', service.papersForDeparture);
