// Issuing, rendering, revoking and verifying documents. Issuing takes the number from a counter row locked in the
// issuing transaction (gapless per issuer, type and year; a unique index behind it) and commits only the number, the
// snapshot and the signed QR payload: the lock is held for milliseconds. The PDF is drawn afterwards by a durable job
// (status "rendering", then "issued"). An issued document never changes (a trigger); a correction supersedes it.
import crypto from 'node:crypto';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { config } from '../../config';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { fileStore } from '../../shared/files';
import { defineJob, enqueue } from '../../shared/queue';
import { now, today } from '../../shared/clock';
import { maskCccd } from '../../shared/cccd';
import type { DocModel } from './documents.model';
import { renderPdf } from './documents.pdf';
import { signPayload, verifyToken } from './documents.keys';

/** What a template gathers about its subject: the snapshot it is drawn from, and who issues it for whom. */
export interface Collected<S> {
  snapshot: S;
  agencyId: number | null;
  workerId: number | null;
  holderName: string | null;
  /** the issuer's key in the numbering ("agency:12") and the symbol printed after the type ("HT") */
  issuerKey: string;
  issuerSymbol: string;
}

export interface IssuedMeta {
  numberText: string;
  issuedOn: string;
  verifyUrl: string;
  verifyCode: string;
}

/** What the caller of an issue already knows and the subject's rows do not show yet (its own transaction's writes). */
export interface IssueHint {
  /** an enrolment being passed now: its certificate is issued in the same transaction, before the result is saved */
  passingOn?: string;
  /** a support decision being committed now (its series is the subject; this is the decision drawn) */
  decisionId?: number;
}

/** A template: one file under templates/, registered by its id. */
export interface TemplateDef<S = Record<string, unknown>> {
  id: string;
  version: number;
  /** Decree 30's abbreviation of the document type (HĐ, BB, BC, GCN …) */
  docType: string;
  label: string;
  subjectType: 'case' | 'enrolment' | 'agency_period' | 'ledger_entry' | 'grant_decision' | 'grant_application';
  /** gathers the snapshot, checking the actor's scope (404 outside it) */
  collect(actor: Actor, subjectId: string, hint?: IssueHint): Promise<Collected<S>>;
  /** the model, from the snapshot and the issue's own facts only: the same input gives the same PDF */
  build(snapshot: S, meta: IssuedMeta): DocModel;
}

const templates = new Map<string, TemplateDef>();
export function defineTemplate<S>(def: TemplateDef<S>): TemplateDef<S> {
  templates.set(def.id, def as unknown as TemplateDef);
  return def;
}
export const templateOf = (id: string) => templates.get(id);
export const templateIds = () => [...templates.keys()].sort();

/** JSON with sorted keys and NFC text: the digest of a snapshot does not depend on key order or Unicode form. */
export function canonical(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.normalize('NFC'));
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}
const nfcDeep = (v: unknown): unknown => JSON.parse(canonical(v));

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newVerifyCode = () => [...crypto.randomBytes(12)].map((b) => CROCKFORD[b % 32]).join('');

/** The snapshot's SHA-256 as the QR carries it: its first 16 bytes, base64url (the signature covers it). */
export const shortDigest = (hex: string) => Buffer.from(hex, 'hex').subarray(0, 16).toString('base64url');

export const verifyUrl = (code: string, token: string) => `${config().publicUrl}/verify/${code}?p=${token}`;

export interface DocumentRow {
  id: number;
  template: string;
  label: string;
  numberText: string;
  status: 'rendering' | 'issued' | 'revoked' | 'superseded';
  statusReason: string | null;
  subjectType: string;
  subjectId: string;
  holderName: string | null;
  issuedOn: string;
  issuedAt: Date;
  verifyCode: string;
  pdfSha256: string | null;
  supersededById: number | null;
  supersedesId: number | null;
}

const COLUMNS = `id, template, number_text, status, status_reason, subject_type, subject_id, holder_name, issued_on,
  issued_at, verify_code, pdf_sha256, superseded_by_id, supersedes_id, agency_id, worker_id`;
type Raw = {
  id: string;
  template: string;
  number_text: string;
  status: DocumentRow['status'];
  status_reason: string | null;
  subject_type: string;
  subject_id: string;
  holder_name: string | null;
  issued_on: string;
  issued_at: Date;
  verify_code: string;
  pdf_sha256: string | null;
  superseded_by_id: string | null;
  supersedes_id: string | null;
  agency_id: string | null;
  worker_id: string | null;
};
const toRow = (r: Raw): DocumentRow => ({
  id: Number(r.id),
  template: r.template,
  label: templates.get(r.template)?.label ?? r.template,
  numberText: r.number_text,
  status: r.status,
  statusReason: r.status_reason,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  holderName: r.holder_name,
  issuedOn: r.issued_on,
  issuedAt: r.issued_at,
  verifyCode: r.verify_code,
  pdfSha256: r.pdf_sha256,
  supersededById: r.superseded_by_id === null ? null : Number(r.superseded_by_id),
  supersedesId: r.supersedes_id === null ? null : Number(r.supersedes_id),
});

/** The WHERE of documents an actor may see: an agency its own, a worker hers, officers their residents'. */
function scopeSql(actor: Actor, params: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  // an agency's staff, or an employment centre's (its reports, issue 22), read the documents their organisation issued
  if ((actor.role === 'agency_staff' || actor.role === 'centre_staff') && actor.agencyId) {
    params.push(actor.agencyId);
    return `agency_id = $${params.length}`;
  }
  if (actor.role === 'worker' && actor.workerId) {
    params.push(actor.workerId);
    return `worker_id = $${params.length}`;
  }
  // officers read their residents' documents, but not the bank papers (account numbers): receipts, deposit agreements.
  // EXISTS per row, not IN (the residents): beside an OR, IN made PostgreSQL build the province's whole list of workers
  // on every call (153,734 rows, ≈ 82 ms; 0.12 ms as EXISTS: bench/RESULTS.md, support decisions)
  if (actor.role === 'commune_officer' && actor.communeCode) {
    params.push(actor.communeCode);
    return `EXISTS (SELECT 1 FROM worker_directory w WHERE w.id = documents.worker_id AND w.commune_code = $${params.length}) AND NOT (template = ANY('{${BANK_TEMPLATES.join(',')}}'))`;
  }
  // a province officer also reads the province's own decisions (issued by the province, for many workers)
  if (actor.role === 'province_officer' && actor.provinceCode) {
    params.push(actor.provinceCode, `province:${actor.provinceCode}`);
    // …and the reports of the province's employment centres (Mẫu 01, issue 22)
    return `((EXISTS (SELECT 1 FROM worker_directory w WHERE w.id = documents.worker_id AND w.province_code = $${params.length - 1}) AND NOT (template = ANY('{${BANK_TEMPLATES.join(',')}}'))) OR issuer_key = $${params.length}
      OR (template = 'exchange_report' AND EXISTS (SELECT 1 FROM agency_licences c WHERE c.id = documents.agency_id AND c.province_code = $${params.length - 1})))`;
  }
  return 'FALSE';
}

/** Documents that carry a worker's bank account: agency staff and the worker only. */
const BANK_TEMPLATES = ['deposit_agreement', 'ledger_receipt'];

export async function getDocument(actor: Actor, id: number): Promise<DocumentRow> {
  const params: unknown[] = [id];
  const where = scopeSql(actor, params);
  const [r] = await select<Raw>(`SELECT ${COLUMNS} FROM documents WHERE id = $1 AND ${where}`, params);
  if (!r) throw new NotFoundError('Không tìm thấy văn bản');
  return toRow(r);
}

/** Documents of a subject (a case's tab) or of a worker (her portal), newest first, in the actor's scope. */
export async function listDocuments(
  actor: Actor,
  of: { subjectType: string; subjectId: string } | { workerId: number },
): Promise<DocumentRow[]> {
  const params: unknown[] = [];
  let filter: string;
  if ('workerId' in of) {
    params.push(of.workerId);
    filter = `worker_id = $1`;
  } else {
    params.push(of.subjectType, of.subjectId);
    filter = `subject_type = $1 AND subject_id = $2`;
  }
  const where = scopeSql(actor, params);
  const rows = await select<Raw>(
    `SELECT ${COLUMNS} FROM documents WHERE ${filter} AND ${where} ORDER BY id DESC LIMIT 100`,
    params,
  );
  return rows.map(toRow);
}

export const RENDER_JOB = 'document.render';

/**
 * Issues a document: gathers the snapshot (scope checked), then in one short transaction takes the number, signs
 * the QR payload, writes the record (status "rendering") and queues its rendering. With `supersedes`, the earlier
 * document of the same template and subject is marked superseded in the same transaction.
 */
export async function issueDocument(
  actor: Actor,
  templateId: string,
  subjectId: string,
  opts: { supersedes?: { id: number; reason: string }; batchId?: number; hint?: IssueHint } = {},
): Promise<DocumentRow> {
  const def = templates.get(templateId);
  if (!def) throw new ValidationError([{ path: 'template', message: 'Không có mẫu văn bản này' }]);
  const collected = await def.collect(actor, subjectId, opts.hint);
  const snapshot = nfcDeep(collected.snapshot);
  const digest = crypto.createHash('sha256').update(canonical(snapshot)).digest('hex');
  const issuedOn = today();
  const year = Number(issuedOn.slice(0, 4));
  const code = newVerifyCode();
  const id = await inTransaction(async (transaction) => {
    if (opts.supersedes) {
      const [old] = await select<{ status: string; template: string; subject_id: string }>(
        'SELECT status, template, subject_id FROM documents WHERE id = $1 FOR UPDATE',
        [opts.supersedes.id],
        transaction,
      );
      if (!old || old.template !== templateId || old.subject_id !== subjectId)
        throw new NotFoundError('Không tìm thấy văn bản');
      if (old.status !== 'issued') throw new ConflictError('Chỉ văn bản đang có hiệu lực mới được thay thế');
    }
    // the number: the counter row stays locked until this transaction commits (gapless, consecutive)
    const [{ last_number: number }] = await select<{ last_number: number }>(
      `INSERT INTO document_counters AS c (issuer_key, doc_type, year, last_number) VALUES ($1, $2, $3, 1)
       ON CONFLICT (issuer_key, doc_type, year) DO UPDATE SET last_number = c.last_number + 1
       RETURNING last_number`,
      [collected.issuerKey, def.docType, year],
      transaction,
    );
    const numberText = `Số: ${String(number).padStart(2, '0')}/${year}/${def.docType}-${collected.issuerSymbol}`;
    const { token, kid } = signPayload({
      c: code,
      t: def.id,
      n: numberText,
      d: issuedOn,
      h: collected.holderName,
      s: shortDigest(digest),
    });
    const [row] = await select<{ id: string }>(
      `INSERT INTO documents (template, template_version, issuer_key, doc_type, year, number, number_text, subject_type,
         subject_id, agency_id, worker_id, holder_name, snapshot, snapshot_digest, verify_code, key_id, signature,
         issued_on, issued_at, issued_by_user_id, supersedes_id, batch_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
      [
        def.id,
        def.version,
        collected.issuerKey,
        def.docType,
        year,
        number,
        numberText,
        def.subjectType,
        subjectId,
        collected.agencyId,
        collected.workerId,
        collected.holderName,
        JSON.stringify(snapshot),
        digest,
        code,
        kid,
        token,
        issuedOn,
        now(),
        actor.userId,
        opts.supersedes?.id ?? null,
        opts.batchId ?? null,
      ],
      transaction,
    );
    const newId = Number(row.id);
    if (opts.supersedes) {
      await execute(
        `UPDATE documents SET status = 'superseded', status_reason = $2, superseded_by_id = $3, status_changed_at = $4,
           status_changed_by_user_id = $5 WHERE id = $1`,
        [opts.supersedes.id, opts.supersedes.reason, newId, now(), actor.userId],
        transaction,
      );
    }
    await recordAudit(
      {
        actor,
        action: opts.supersedes ? 'document.reissued' : 'document.issued',
        entity: 'document',
        entityId: newId,
        after: { template: def.id, numberText, subject: `${def.subjectType}:${subjectId}` },
      },
      transaction,
    );
    await enqueue(RENDER_JOB, { documentId: newId }, { key: `document-render:${newId}`, transaction });
    return newId;
  });
  return getDocument(actor, id);
}

/** The model of a stored document (its snapshot and its issue's facts): what both renderers draw. */
export async function modelOf(id: number): Promise<DocModel> {
  const [d] = await select<{
    template: string;
    snapshot: unknown;
    number_text: string;
    issued_on: string;
    verify_code: string;
    signature: string;
  }>('SELECT template, snapshot, number_text, issued_on, verify_code, signature FROM documents WHERE id = $1', [id]);
  if (!d) throw new NotFoundError('Không tìm thấy văn bản');
  const def = templates.get(d.template);
  if (!def) throw new NotFoundError('Không có mẫu văn bản này');
  return def.build(d.snapshot as never, {
    numberText: d.number_text,
    issuedOn: d.issued_on,
    verifyCode: d.verify_code,
    verifyUrl: verifyUrl(d.verify_code, d.signature),
  });
}

/** Draws a document's PDF and stores it (status rendering → issued). Once: a second call finds the file. */
export async function renderDocument(documentId: number): Promise<boolean> {
  const [d] = await select<{ file_id: string | null; issued_by_user_id: string | null }>(
    'SELECT file_id, issued_by_user_id FROM documents WHERE id = $1',
    [documentId],
  );
  if (!d || d.file_id) return false;
  const bytes = await renderPdf(await modelOf(documentId));
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  return inTransaction(async (transaction) => {
    // the row lock makes two deliveries draw one file
    const [locked] = await select<{ file_id: string | null }>(
      'SELECT file_id FROM documents WHERE id = $1 FOR UPDATE',
      [documentId],
      transaction,
    );
    if (locked.file_id) return false;
    const file = await fileStore().put(
      {
        bytes,
        name: `van-ban-${documentId}.pdf`,
        uploaderUserId: d.issued_by_user_id === null ? null : Number(d.issued_by_user_id),
        field: 'pdf',
      },
      transaction,
    );
    await execute(
      `UPDATE documents SET file_id = $2, pdf_sha256 = $3, status = CASE WHEN status = 'rendering' THEN 'issued' ELSE status END
       WHERE id = $1`,
      [documentId, file.id, sha],
      transaction,
    );
    return true;
  });
}

defineJob<{ documentId: number }>({
  name: RENDER_JOB,
  label: 'Tạo tệp PDF của văn bản đã cấp số',
  handler: async ({ documentId }) => renderDocument(documentId),
});

/** The PDF bytes of a document in scope (logged: it holds personal data). */
export async function documentPdf(actor: Actor, id: number) {
  const doc = await getDocument(actor, id);
  const [r] = await select<{ file_id: string | null }>('SELECT file_id FROM documents WHERE id = $1', [id]);
  if (!r?.file_id) throw new ConflictError('Văn bản đang được tạo, vui lòng thử lại sau ít giây');
  const file = await fileStore().get(Number(r.file_id));
  if (!file) throw new NotFoundError('Không tìm thấy tệp');
  await recordAccess(actor, 'document.downloaded', 'document', id);
  return { doc, bytes: file.bytes };
}

/** Revokes an issued document, with the reason (agency staff of its agency). */
export async function revokeDocument(actor: Actor, id: number, reason: string): Promise<DocumentRow> {
  await getDocument(actor, id);
  await inTransaction(async (transaction) => {
    const [d] = await select<{ status: string }>(
      'SELECT status FROM documents WHERE id = $1 FOR UPDATE',
      [id],
      transaction,
    );
    if (d.status !== 'issued') throw new ConflictError('Chỉ văn bản đang có hiệu lực mới thu hồi được');
    await execute(
      `UPDATE documents SET status = 'revoked', status_reason = $2, status_changed_at = $3, status_changed_by_user_id = $4 WHERE id = $1`,
      [id, reason.normalize('NFC'), now(), actor.userId],
      transaction,
    );
    await recordAudit(
      { actor, action: 'document.revoked', entity: 'document', entityId: id, after: { reason } },
      transaction,
    );
  });
  return getDocument(actor, id);
}

/** A correction: a new version from today's data, superseding this one. */
export async function reissueDocument(actor: Actor, id: number, reason: string): Promise<DocumentRow> {
  const d = await getDocument(actor, id);
  return issueDocument(actor, d.template, d.subjectId, { supersedes: { id, reason: reason.normalize('NFC') } });
}

export type VerifyResult =
  | { result: 'unknown' | 'bad_signature' | 'limited' }
  | {
      result: 'valid' | 'revoked' | 'superseded' | 'rendering';
      signature: 'valid' | 'absent';
      label: string;
      numberText: string;
      issuedOn: string;
      issuer: string;
      holderName: string | null;
      holderCccd: string | null;
      reason: string | null;
      supersededBy: { numberText: string; code: string } | null;
      pdfSha256: string | null;
    };

const VERIFY_LIMIT_PER_MINUTE = 30;

/**
 * The public check of a code (and of the QR's signed payload when given): live status and the few facts it shows.
 * Every check is logged (time, address, result); an address gets 30 a minute.
 */
export async function verify(code: string, token: string | undefined, client: string): Promise<VerifyResult> {
  const [{ n }] = await select<{ n: string }>(
    `SELECT count(*) AS n FROM document_verifications WHERE client_address = $1 AND at > $2`,
    [client, new Date(now().getTime() - 60_000)],
  );
  const log = (result: string, documentId: number | null = null) =>
    execute(
      'INSERT INTO document_verifications (at, client_address, code, result, document_id) VALUES ($1, $2, $3, $4, $5)',
      [now(), client, code.slice(0, 40), result, documentId],
    );
  if (Number(n) >= VERIFY_LIMIT_PER_MINUTE) {
    await log('limited');
    throw new RateLimitedError('Bạn đã kiểm tra quá nhiều lần. Vui lòng đợi một phút.', {}, 60);
  }
  const [d] = /^[0-9A-HJKMNP-TV-Z]{12}$/.test(code)
    ? await select<{
        id: string;
        template: string;
        number_text: string;
        issued_on: string;
        status: DocumentRow['status'];
        status_reason: string | null;
        snapshot: { issuer?: { name?: string }; worker?: { cccd?: string } };
        holder_name: string | null;
        signature: string;
        snapshot_digest: string;
        superseded_by_id: string | null;
        pdf_sha256: string | null;
      }>(
        `SELECT id, template, number_text, issued_on, status, status_reason, snapshot, holder_name, signature, snapshot_digest,
                superseded_by_id, pdf_sha256 FROM documents WHERE verify_code = $1`,
        [code],
      )
    : [];
  if (!d) {
    await log('unknown');
    return { result: 'unknown' };
  }
  if (token !== undefined) {
    const p = verifyToken(token);
    if (!p || p.c !== code || p.s !== shortDigest(d.snapshot_digest) || p.n !== d.number_text) {
      await log('bad_signature', Number(d.id));
      return { result: 'bad_signature' };
    }
  }
  let supersededBy = null;
  if (d.superseded_by_id) {
    const [s] = await select<{ number_text: string; verify_code: string }>(
      'SELECT number_text, verify_code FROM documents WHERE id = $1',
      [d.superseded_by_id],
    );
    supersededBy = s ? { numberText: s.number_text, code: s.verify_code } : null;
  }
  await log(d.status === 'issued' ? 'valid' : d.status, Number(d.id));
  const cccd = d.snapshot?.worker?.cccd;
  return {
    result: d.status === 'issued' ? 'valid' : d.status,
    signature: token === undefined ? 'absent' : 'valid',
    label: templates.get(d.template)?.label ?? d.template,
    numberText: d.number_text,
    issuedOn: d.issued_on,
    issuer: d.snapshot?.issuer?.name ?? '',
    holderName: d.holder_name,
    holderCccd: typeof cccd === 'string' ? maskCccd(cccd) : null,
    reason: d.status_reason,
    supersededBy,
    pdfSha256: d.pdf_sha256,
  };
}
