// Documents in the pages: the HTML preview (A4 print CSS) with its actions, issuing from the case page, the case
// page's documents panel, the worker's documents in her portal, and the public verify page and published keys.
import express, { type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { checkForm, flashNext, pageContext, refusalMessage } from '../../shared/pages';
import { formatDateVi } from '../../shared/dates';
import { registerPanel } from '../../shared/registry';
import { sendBytes } from '../../shared/files';
import { recordAccess } from '../../shared/audit';
import type { Actor } from '../../shared/auth/permissions';
import { publishedKeys } from './documents.keys';
import * as s from './documents.schemas';
import * as service from './documents.service';
import * as batches from './documents.batches';

export const documentsPages = express.Router();

const idOf = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);

export const STATUS_LABELS: Record<string, string> = {
  rendering: 'Đang tạo PDF',
  issued: 'Có hiệu lực',
  revoked: 'Đã thu hồi',
  superseded: 'Đã được thay thế',
};

/** The templates a case's page offers, in order. */
const CASE_TEMPLATES = ['placement_contract', 'case_summary', 'liquidation_record', 'deposit_agreement'];

export interface DocumentsPanel {
  subjectId: number;
  canIssue: boolean;
  templates: { id: string; label: string }[];
  documents: (service.DocumentRow & { statusLabel: string; issued: string })[];
}

async function casePanel(actor: Actor, caseId: number): Promise<DocumentsPanel> {
  const docs = await service.listDocuments(actor, { subjectType: 'case', subjectId: String(caseId) });
  return {
    subjectId: caseId,
    canIssue: actor.role === 'agency_staff',
    templates: CASE_TEMPLATES.flatMap((id) => {
      const t = service.templateOf(id);
      return t ? [{ id, label: t.label }] : [];
    }),
    documents: docs.map((d) => ({ ...d, statusLabel: STATUS_LABELS[d.status], issued: formatDateVi(d.issuedOn) })),
  };
}
registerPanel('documents.case', casePanel);
registerPanel('documents.caseTemplates', async () =>
  CASE_TEMPLATES.flatMap((id) => {
    const t = service.templateOf(id);
    return t ? [{ id, label: t.label }] : [];
  }),
);

documentsPages.post('/cases/:id/documents', requirePermission('documents:issue'), async (req, res) => {
  const id = idOf(req.params.id);
  try {
    const input = checkForm(s.issueBody, { ...req.body, subjectId: String(id) });
    const doc = await service.issueDocument(actorOf(req), input.template, input.subjectId);
    flashNext(res, `Đã cấp số ${doc.numberText.replace(/^Số: /, '')}. Tệp PDF sẽ có sau ít giây.`);
    res.redirect(303, `/documents/${doc.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa cấp được văn bản: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/cases/${id}#van-ban`);
  }
});

// ---- a receipt for one ledger entry, from the case's money tab
documentsPages.post('/ledger-entries/:id/receipt', requirePermission('documents:issue'), async (req, res) => {
  const id = idOf(req.params.id);
  const back =
    typeof req.body?.back === 'string' && /^\/cases\/\d{1,15}\/tien$/.test(req.body.back) ? req.body.back : '/cases';
  try {
    const doc = await service.issueDocument(actorOf(req), 'ledger_receipt', String(id));
    flashNext(res, `Đã cấp biên nhận số ${doc.numberText.replace(/^Số: /, '')}. Tệp PDF sẽ có sau ít giây.`);
    res.redirect(303, `/documents/${doc.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 404, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa cấp được biên nhận: ${refusalMessage(err)}`, 'error');
    res.redirect(303, back);
  }
});

// ---- an orientation certificate (Mẫu 06) for a passed learner, from the course page
documentsPages.post(
  '/training/enrolments/:id/certificate-document',
  requirePermission('documents:issue'),
  async (req, res) => {
    const id = idOf(req.params.id);
    try {
      const doc = await service.issueDocument(actorOf(req), 'orientation_certificate', String(id));
      flashNext(res, `Đã cấp số ${doc.numberText.replace(/^Số: /, '')}. Tệp PDF sẽ có sau ít giây.`);
      res.redirect(303, `/documents/${doc.id}`);
    } catch (err) {
      if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
      flashNext(res, `Chưa cấp được giấy chứng nhận: ${refusalMessage(err)}`, 'error');
      res.redirect(303, '/training');
    }
  },
);

// ---- the R17 departure list of a period as a numbered document, from the report page
documentsPages.post('/documents/departures-report', requirePermission('documents:issue'), async (req, res) => {
  const from = typeof req.body?.from === 'string' ? req.body.from : '';
  const to = typeof req.body?.to === 'string' ? req.body.to : '';
  const back = `/reports/departures?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  try {
    const doc = await service.issueDocument(actorOf(req), 'departures_report', `${from}..${to}`);
    flashNext(res, `Đã cấp số ${doc.numberText.replace(/^Số: /, '')}. Tệp PDF sẽ có sau ít giây.`);
    res.redirect(303, `/documents/${doc.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa lập được báo cáo: ${refusalMessage(err)}`, 'error');
    res.redirect(303, back);
  }
});

// ---- batches: from the board's ticked cases, a progress page, the ZIP at the end
documentsPages.post('/documents/batches', requirePermission('documents:issue'), async (req, res) => {
  const items = ([] as unknown[]).concat(req.body?.items ?? []);
  const ids = items.flatMap((i) => (typeof i === 'string' && /^\d{1,15}(:\d+)?$/.test(i) ? [i.split(':')[0]] : []));
  try {
    const batch = await batches.startBatch(actorOf(req), String(req.body?.template ?? ''), ids);
    flashNext(res, `Đang cấp ${batch.total} văn bản.`);
    res.redirect(303, `/documents/batches/${batch.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    flashNext(res, `Chưa cấp được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/cases');
  }
});

documentsPages.get('/documents/batches/:id', requirePermission('documents:issue'), async (req, res) => {
  const batch = await batches.getBatch(actorOf(req), idOf(req.params.id));
  if (batch.status !== 'done') res.set('Refresh', '2');
  res.render('documents/batch', pageContext(req, `Cấp văn bản theo lô #${batch.id}`, { batch }));
});

documentsPages.get('/documents/batches/:id/zip', requirePermission('documents:issue'), async (req, res) => {
  await batches.streamBatchZip(actorOf(req), idOf(req.params.id), res);
});

documentsPages.get('/documents/:id', requirePermission('documents:read'), async (req, res) => {
  const actor = actorOf(req);
  const doc = await service.getDocument(actor, idOf(req.params.id));
  const model = await service.modelOf(doc.id);
  await recordAccess(actor, 'document.downloaded', 'document', doc.id);
  const qr = await QRCode.toString(model.verify.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  res.render('documents/preview', {
    ...pageContext(req, `${doc.label} ${doc.numberText}`),
    layout: 'document',
    doc: { ...doc, statusLabel: STATUS_LABELS[doc.status] },
    model,
    qr,
    canAct: actor.role === 'agency_staff' && doc.status === 'issued',
    back:
      doc.subjectType === 'case'
        ? actor.role === 'worker'
          ? '/toi/tai-lieu'
          : `/cases/${doc.subjectId}`
        : doc.subjectType === 'enrolment'
          ? '/training'
          : doc.subjectType === 'agency_period'
            ? `/reports/departures?from=${doc.subjectId.slice(0, 10)}&to=${doc.subjectId.slice(-10)}`
            : '/',
  });
});

documentsPages.get('/documents/:id/pdf', requirePermission('documents:read'), async (req, res) => {
  const { doc, bytes } = await service.documentPdf(actorOf(req), idOf(req.params.id));
  sendBytes(res, bytes, 'application/pdf', `inline; filename="van-ban-${doc.id}.pdf"`);
});

async function changeStatus(req: Request, res: Response, kind: 'revoke' | 'reissue') {
  const id = idOf(req.params.id);
  try {
    const { reason } = checkForm(s.reasonBody, req.body);
    const doc =
      kind === 'revoke'
        ? await service.revokeDocument(actorOf(req), id, reason)
        : await service.reissueDocument(actorOf(req), id, reason);
    flashNext(
      res,
      kind === 'revoke' ? 'Đã thu hồi văn bản.' : `Đã cấp bản thay thế số ${doc.numberText.replace(/^Số: /, '')}.`,
    );
    res.redirect(303, `/documents/${doc.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
    flashNext(
      res,
      `Chưa lưu được: ${err instanceof ValidationError ? 'hãy ghi lý do (ít nhất 5 ký tự)' : refusalMessage(err)}`,
      'error',
    );
    res.redirect(303, `/documents/${id}`);
  }
}
documentsPages.post('/documents/:id/revoke', requirePermission('documents:issue'), (req, res) =>
  changeStatus(req, res, 'revoke'),
);
documentsPages.post('/documents/:id/reissue', requirePermission('documents:issue'), (req, res) =>
  changeStatus(req, res, 'reissue'),
);

// ---- the worker's documents in her portal
documentsPages.get('/toi/tai-lieu', requirePermission('portal:self'), async (req, res) => {
  const actor = actorOf(req);
  const docs = actor.workerId ? await service.listDocuments(actor, { workerId: actor.workerId }) : [];
  res.render(
    'documents/mine',
    pageContext(req, 'Văn bản của tôi', {
      documents: docs.map((d) => ({ ...d, statusLabel: STATUS_LABELS[d.status], issued: formatDateVi(d.issuedOn) })),
    }),
  );
});

// ---- public: the verify page (no login) and the published keys
documentsPages.get('/verify/:code', publicRoute(), async (req, res) => {
  const code = String(req.params.code ?? '')
    .toUpperCase()
    .slice(0, 40);
  const token = typeof req.query.p === 'string' ? req.query.p.slice(0, 2100) : undefined;
  try {
    const found = await service.verify(code, token, req.ip ?? 'unknown');
    res.status(found.result === 'unknown' || found.result === 'bad_signature' ? 404 : 200).render('documents/verify', {
      ...pageContext(req, 'Kiểm tra văn bản'),
      layout: 'portal',
      code,
      found: 'label' in found ? { ...found, issued: formatDateVi(found.issuedOn) } : null,
      result: found.result,
    });
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 429) throw err;
    res.status(429).render('documents/verify', {
      ...pageContext(req, 'Kiểm tra văn bản'),
      layout: 'portal',
      code,
      result: 'limited',
      found: null,
    });
  }
});

documentsPages.get('/.well-known/hanhtrang-keys.json', publicRoute(), (_req, res) => {
  res.set('Cache-Control', 'public, max-age=3600').json(publishedKeys());
});
