import { Op, type Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { select } from '../../db/sql';
import { NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { scoped } from '../../shared/auth/scope';
import { recordAccess, recordAudit } from '../../shared/audit';
import { fileStore, type FileInfo, type StoredFile } from '../../shared/files';
import { today, type IsoDate } from '../../shared/clock';
import { nfc } from '../../shared/text';
import { addMonths } from '../../shared/dates';
import { policiesAt } from '../policies';
import { Worker } from '../workers';
import { Case, refreshWorkerCaseObligations } from '../cases';
import { getCountry } from '../reference';
import { CASE_PAPER_KINDS, PAPER_KINDS, PAPER_LABELS, Paper, WORKER_PAPER_KINDS, type PaperKind } from './papers.model';
import type { CasePaperInput, PaperFields, WorkerPaperInput } from './papers.schemas';

export interface Scan {
  bytes: Buffer;
  name: string;
}
export type PaperStatus = 'missing' | 'valid' | 'expiring' | 'expired';

const NOT_FOUND = 'Không tìm thấy giấy tờ';

/** The key a sensitive paper's number and issuer go under in the audit, so the diff names it without its values. */
const SENSITIVE_AUDIT_KEY: Partial<Record<PaperKind, string>> = {
  health_certificate: 'healthCertificate',
  criminal_record: 'criminalRecord',
};

function toOut(p: Paper, files: Map<number, FileInfo>) {
  const f = p.fileId ? files.get(p.fileId) : undefined;
  return {
    id: Number(p.id),
    kind: p.kind,
    label: PAPER_LABELS[p.kind],
    workerId: Number(p.workerId),
    caseId: p.caseId === null ? null : Number(p.caseId),
    number: p.number,
    issuingBody: p.issuingBody,
    issuedOn: p.issuedOn,
    expiresOn: p.expiresOn,
    senderAgencyId: p.senderAgencyId,
    market: p.market,
    jobCategory: p.jobCategory,
    scan: f
      ? { mime: f.mime, size: f.size, sha256: f.sha256, name: f.name, url: `/api/v1/papers/${Number(p.id)}/file` }
      : null,
  };
}
export type PaperOut = ReturnType<typeof toOut>;

async function present(papers: Paper[]): Promise<PaperOut[]> {
  const files = await fileStore().info(papers.flatMap((p) => (p.fileId ? [p.fileId] : [])));
  return papers.map((p) => toOut(p, files));
}

const kindOrder = (k: PaperKind) => PAPER_KINDS.indexOf(k);
const byKindThenLatest = (a: Paper, b: Paper) =>
  kindOrder(a.kind) - kindOrder(b.kind) || b.issuedOn.localeCompare(a.issuedOn) || Number(b.id) - Number(a.id);

async function scopedWorker(actor: Actor, id: number): Promise<Worker> {
  const w = await Worker.findOne({ where: scoped(actor, 'worker', { id }), attributes: ['id'] });
  if (!w) throw new NotFoundError('Không tìm thấy người lao động');
  return w;
}

async function scopedCase(actor: Actor, id: number): Promise<Case> {
  const c = await Case.findOne({ where: scoped(actor, 'case', { id }), attributes: ['id', 'workerId', 'agencyId'] });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  return c;
}

/** A worker's own papers and the papers of their cases the actor may see (agency staff: their agency's cases). */
export async function listWorkerPapers(actor: Actor, workerId: number): Promise<PaperOut[]> {
  await scopedWorker(actor, workerId);
  await recordAccess(actor, 'papers.listed', 'worker', workerId);
  const cases = await Case.findAll({ where: scoped(actor, 'case', { workerId }), attributes: ['id'] });
  const papers = await Paper.findAll({
    where: { workerId, [Op.or]: [{ caseId: null }, { caseId: { [Op.in]: cases.map((c) => Number(c.id)) } }] },
  });
  return present(papers.sort(byKindThenLatest));
}

/** Dates and references the schema cannot judge alone. */
async function checkFields(
  input: PaperFields & { kind: PaperKind; market?: string; jobCategory?: string },
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.kind === 'orientation_certificate') {
    if (!input.market)
      problems.push({ path: 'market', message: '«Thị trường» là bắt buộc với chứng chỉ giáo dục định hướng' });
    if (!input.jobCategory)
      problems.push({ path: 'jobCategory', message: '«Ngành nghề» là bắt buộc với chứng chỉ giáo dục định hướng' });
  }
  if (input.issuedOn > today()) problems.push({ path: 'issuedOn', message: 'Ngày cấp không được sau hôm nay' });
  if (input.expiresOn && input.expiresOn < input.issuedOn)
    problems.push({ path: 'expiresOn', message: 'Ngày hết hạn không được trước ngày cấp' });
  if (input.kind === 'orientation_certificate' && input.market && !(await getCountry(input.market)))
    problems.push({ path: 'market', message: 'Mã nước không có trong danh mục' });
  if (problems.length) throw new ValidationError(problems);
}

/** The audit picture of a paper: a health or criminal-record paper's number and issuer only under a sensitive key. */
function auditView(p: Paper, file: StoredFile | null) {
  const identifying = { number: p.number, issuingBody: p.issuingBody };
  const sensitiveKey = SENSITIVE_AUDIT_KEY[p.kind];
  return {
    kind: p.kind,
    workerId: Number(p.workerId),
    caseId: p.caseId,
    issuedOn: p.issuedOn,
    expiresOn: p.expiresOn,
    senderAgencyId: p.senderAgencyId,
    market: p.market,
    jobCategory: p.jobCategory,
    file: file ? { id: file.id, sha256: file.sha256, mime: file.mime, size: file.size } : null,
    ...(sensitiveKey ? { [sensitiveKey]: identifying } : identifying),
  };
}

type NewPaper = Pick<
  Paper,
  | 'kind'
  | 'workerId'
  | 'caseId'
  | 'number'
  | 'issuingBody'
  | 'issuedOn'
  | 'expiresOn'
  | 'senderAgencyId'
  | 'market'
  | 'jobCategory'
>;

async function store(
  actor: Actor,
  fields: NewPaper,
  scan: Scan | undefined,
  transaction: Transaction,
  enrolmentId: number | null = null,
) {
  const file = scan
    ? await fileStore().put(
        { bytes: scan.bytes, name: scan.name, uploaderUserId: actor.userId, field: 'scan' },
        transaction,
      )
    : null;
  const p = await Paper.create(
    { ...fields, fileId: file?.id ?? null, enrolmentId, createdByUserId: actor.userId },
    { transaction },
  );
  await recordAudit(
    { actor, action: 'paper.created', entity: 'paper', entityId: Number(p.id), after: auditView(p, file) },
    transaction,
  );
  return Number(p.id);
}

async function getOne(id: number): Promise<PaperOut> {
  const p = await Paper.findByPk(id);
  if (!p) throw new NotFoundError(NOT_FOUND);
  return (await present([p]))[0];
}

/** Records a worker's paper (with its scan, when one came). An orientation certificate is issued for the actor's agency. */
export async function createWorkerPaper(
  actor: Actor,
  workerId: number,
  input: WorkerPaperInput,
  scan?: Scan,
): Promise<PaperOut> {
  await scopedWorker(actor, workerId);
  await checkFields(input);
  const orientation = input.kind === 'orientation_certificate';
  // R19: an orientation certificate is valid for the policy's months from its issue date (24), whatever is typed
  const expiresOn = orientation
    ? addMonths(input.issuedOn, Number((await policiesAt(input.issuedOn)).require('orientation.validity').value))
    : (input.expiresOn ?? null);
  // the paper and the obligations it moves (papers expiring before departure) commit together
  const id = await inTransaction(async (transaction) => {
    const stored = await store(
      actor,
      {
        kind: input.kind,
        workerId,
        caseId: null,
        number: nfc(input.number),
        issuingBody: nfc(input.issuingBody),
        issuedOn: input.issuedOn,
        expiresOn,
        senderAgencyId: orientation ? actor.agencyId : null,
        market: orientation ? (input.market ?? null) : null,
        jobCategory: orientation ? (input.jobCategory ?? null) : null,
      },
      scan,
      transaction,
    );
    await refreshWorkerCaseObligations(workerId);
    return stored;
  });
  return getOne(id);
}

/** Records a visa or work permit of a case in scope; the paper belongs to the case's worker. */
export async function createCasePaper(
  actor: Actor,
  caseId: number,
  input: CasePaperInput,
  scan?: Scan,
): Promise<PaperOut> {
  const c = await scopedCase(actor, caseId);
  await checkFields(input);
  const id = await inTransaction(async (transaction) => {
    const stored = await store(
      actor,
      {
        kind: input.kind,
        workerId: Number(c.workerId),
        caseId,
        number: nfc(input.number),
        issuingBody: nfc(input.issuingBody),
        issuedOn: input.issuedOn,
        expiresOn: input.expiresOn ?? null,
        senderAgencyId: null,
        market: null,
        jobCategory: null,
      },
      scan,
      transaction,
    );
    await refreshWorkerCaseObligations(Number(c.workerId));
    return stored;
  });
  return getOne(id);
}

/**
 * A paper's scan for someone who may see the paper: its worker in the actor's worker scope, or for a case paper
 * its case in the actor's case scope. Anything else answers exactly like a missing id. Reading a health or
 * criminal-record scan is written to the access log.
 */
export async function paperFile(actor: Actor, id: number) {
  const p = await Paper.findByPk(id, { attributes: ['id', 'kind', 'workerId', 'caseId', 'fileId'] });
  if (!p || !p.fileId) throw new NotFoundError(NOT_FOUND);
  const visible =
    p.caseId === null
      ? await Worker.findOne({ where: scoped(actor, 'worker', { id: p.workerId }), attributes: ['id'] })
      : await Case.findOne({ where: scoped(actor, 'case', { id: p.caseId }), attributes: ['id'] });
  if (!visible) throw new NotFoundError(NOT_FOUND);
  const file = await fileStore().get(p.fileId);
  if (!file) throw new NotFoundError(NOT_FOUND);
  await recordAccess(actor, 'scan.downloaded', 'paper', id);
  return file;
}

export interface PaperAgainstDate {
  kind: PaperKind;
  label: string;
  status: PaperStatus;
  paper?: PaperOut;
}

/** valid / expiring (before `date`, the planned departure, but not before today) / expired (before today). */
export function paperStatus(
  expiresOn: IsoDate | null,
  date: IsoDate | null,
  on: IsoDate = today(),
): Exclude<PaperStatus, 'missing'> {
  if (expiresOn === null) return 'valid';
  if (expiresOn < on) return 'expired';
  if (date && expiresOn < date) return 'expiring';
  return 'valid';
}

/** The latest paper of each kind (by issue date) and its status against `date`, for the given kinds. */
export async function papersOfKindsAgainstDate(
  workerId: number,
  caseId: number | null,
  date: IsoDate | null,
  kinds: readonly PaperKind[],
): Promise<PaperAgainstDate[]> {
  const workerKinds = kinds.filter((k) => (WORKER_PAPER_KINDS as readonly string[]).includes(k));
  const caseKinds = kinds.filter((k) => (CASE_PAPER_KINDS as readonly string[]).includes(k));
  const where = [
    ...(workerKinds.length ? [{ workerId, caseId: null, kind: { [Op.in]: workerKinds } }] : []),
    ...(caseId !== null && caseKinds.length ? [{ caseId, kind: { [Op.in]: caseKinds } }] : []),
  ];
  const papers = where.length ? await Paper.findAll({ where: { [Op.or]: where } }) : [];
  const latest = new Map<PaperKind, Paper>();
  for (const p of papers.sort(byKindThenLatest)) if (!latest.has(p.kind)) latest.set(p.kind, p);
  const shown = await present([...latest.values()]);
  const on = today();
  return kinds.map((kind) => {
    const paper = shown.find((p) => p.kind === kind);
    if (!paper) return { kind, label: PAPER_LABELS[kind], status: 'missing' as const };
    return { kind, label: PAPER_LABELS[kind], status: paperStatus(paper.expiresOn, date, on), paper };
  });
}

/**
 * Every paper a departure needs (the four of the worker, visa and work permit of the case) against a date (the
 * planned departure): missing, valid, expiring before that date, or already expired. No scope check: callers
 * (the case page, workflow guards) have already found the case in the actor's scope.
 */
export function papersAgainstDate(
  workerId: number,
  caseId: number | null,
  date: IsoDate | null,
): Promise<PaperAgainstDate[]> {
  return papersOfKindsAgainstDate(workerId, caseId, date, PAPER_KINDS);
}

export { scopedCase, scopedWorker };

/**
 * A worker's own papers and the papers of one case, as the departure checks read them (the facts registry hands
 * them to the cases module's guards, inside the transition's transaction).
 */
export async function papersForDeparture(input: { workerId: number; caseId: number }, transaction?: Transaction) {
  return select<{
    kind: string;
    number: string;
    issued_on: string;
    expires_on: string | null;
    sender_agency_id: string | null;
    job_category: string | null;
    market: string | null;
  }>(
    `SELECT kind, number, issued_on, expires_on, sender_agency_id, job_category, market FROM papers
     WHERE worker_id = $1 AND (case_id IS NULL OR case_id = $2)`,
    [input.workerId, input.caseId],
    transaction,
  );
}

/**
 * The orientation certificate of a passed enrolment, issued by the training module through here (papers are this
 * module's rows): valid for the policy's months from its date (R19), for the course's sender, job and market; one per
 * enrolment (a unique index backs it). Runs in the caller's transaction.
 */
export async function issueOrientationCertificate(
  actor: Actor,
  c: {
    workerId: number;
    enrolmentId: number;
    number: string;
    issuingBody: string;
    issuedOn: string;
    senderAgencyId: number;
    jobCategory: string | null;
    market: string | null;
  },
): Promise<number> {
  const validity = (await policiesAt(c.issuedOn)).require('orientation.validity');
  return inTransaction(async (transaction) => {
    const stored = await store(
      actor,
      {
        kind: 'orientation_certificate',
        workerId: c.workerId,
        caseId: null,
        number: nfc(c.number),
        issuingBody: nfc(c.issuingBody),
        issuedOn: c.issuedOn,
        expiresOn: addMonths(c.issuedOn, Number(validity.value)),
        senderAgencyId: c.senderAgencyId,
        market: c.market,
        jobCategory: c.jobCategory,
      },
      undefined,
      transaction,
      c.enrolmentId,
    );
    // a new certificate moves the papers obligations of the worker's open cases
    await refreshWorkerCaseObligations(c.workerId);
    return stored;
  });
}
