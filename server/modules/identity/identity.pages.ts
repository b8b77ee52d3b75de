// Pages of the population-database port (/xac-thuc, /admin/nghi-trung-lap): batches with their files, the import's
// progress (a Refresh header and a reload link: no script needed), the reconciliation report, corrections accepted
// after a confirmation step, the manual check form reached from the worker page, and the admin's duplicates.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { checkForm, fieldErrors, isConfirmed, pageContext, refusalMessage, renderConfirm } from '../../shared/pages';
import { flashNext } from '../../shared/flash';
import { discardReceived, receiveUpload } from '../../shared/files';
import { formatDateVi, formatDateTimeVi } from '../../shared/dates';
import { formatNumber } from '../../shared/format';
import { maskCccd } from '../../shared/cccd';
import { dateInVietnam } from '../../shared/clock';
import { idParams } from '../../shared/schemas';
import { VERIFICATION_METHOD_LABELS, type VerificationMethod } from '../workers';
import { listCommunes } from '../reference';
import * as s from './identity.schemas';
import * as batches from './identity.batches';
import * as service from './identity.service';
import * as duplicates from './identity.duplicates';
import { FIELD_LABELS, MANUAL_METHODS, RESULT_LABELS, type IdentityField, type VerifyResult } from './identity.port';

export const identityPages = express.Router();

const idOf = (raw: unknown) => check(idParams, { id: raw }).id;
const METHOD_WORDS: Record<string, string> = {
  chip_card: 'Thẻ CCCD gắn chip (đọc NFC hoặc đối chiếu bằng mắt)',
  vneid: 'Ứng dụng VNeID',
  paper: 'Giấy tờ bản giấy',
};

function batchView(b: batches.Batch) {
  return {
    ...b,
    createdOn: formatDateVi(dateInVietnam(b.createdAt)),
    selectionLabel: batches.SELECTION_LABELS[b.selection],
    statusLabel: batches.IMPORT_STATUS_LABELS[b.importStatus],
    doneText: formatNumber(b.importDone),
    totalText: formatNumber(b.importTotal),
    rowCountText: formatNumber(b.rowCount),
    done: b.importStatus === 'done',
    failed: b.importStatus === 'failed',
    canUpload: b.importStatus === 'none' || b.importStatus === 'failed',
  };
}

// ---- batches ----

async function renderIndex(req: Request, res: Response, status = 200, errors: Record<string, string> = {}) {
  const actor = actorOf(req);
  const list = await batches.listBatches(actor);
  const communes =
    actor.provinceCode || actor.role !== 'commune_officer' ? await listCommunes(actor.provinceCode ?? '38') : [];
  res.status(status).render(
    'identity/index',
    pageContext(req, 'Xác thực với Cơ sở dữ liệu quốc gia về dân cư', {
      batches: list.map(batchView),
      errors,
      selections: batches.SELECTIONS.filter((v) => v !== 'commune' || actor.role !== 'commune_officer').map(
        (value) => ({
          value,
          label: batches.SELECTION_LABELS[value],
          checked: value === ((req.body as Record<string, string> | undefined)?.selection ?? 'unverified'),
        }),
      ),
      communes,
    }),
  );
}

identityPages.get('/xac-thuc', requirePermission('identity:batch'), (req, res) => renderIndex(req, res));

identityPages.post('/xac-thuc/lo', requirePermission('identity:batch'), async (req, res) => {
  try {
    const body = checkForm(s.batchBody, req.body, { numbers: ['limit'] });
    const b = await batches.createBatch(actorOf(req), body);
    flashNext(res, `Đã tạo lô yêu cầu xác thực #${b.id} gồm ${formatNumber(b.rowCount)} người.`);
    res.redirect(303, `/xac-thuc/lo/${b.id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderIndex(req, res, 400, fieldErrors(err));
  }
});

async function renderBatch(req: Request, res: Response, id: number, status = 200, fileError?: string) {
  const actor = actorOf(req);
  const report = await batches.batchReport(actor, id);
  const b = batchView(report.batch);
  if (b.running) res.set('Refresh', '3');
  const corrections = b.done ? await service.listCorrections(actor, { batchId: id, status: 'proposed' }) : [];
  res.status(status).render(
    'identity/batch',
    pageContext(req, `Lô xác thực #${id}`, {
      b,
      report: {
        ...report,
        countsText: Object.fromEntries(Object.entries(report.counts).map(([k, v]) => [k, formatNumber(v)])),
      },
      corrections,
      fileError,
      problems: b.lineProblems.map((p) => `dòng ${p.lineNo}: ${p.message}`),
    }),
  );
}

identityPages.get('/xac-thuc/lo/:id', requirePermission('identity:batch'), (req, res) =>
  renderBatch(req, res, idOf(req.params.id)),
);

identityPages.get('/xac-thuc/lo/:id/tep.:format', requirePermission('identity:batch'), async (req, res) => {
  const { format } = check(s.fileQuery, { format: req.params.format });
  const f = await batches.requestFile(actorOf(req), idOf(req.params.id), format);
  res
    .status(200)
    .set({
      'Content-Type': f.mime,
      'Content-Disposition': `attachment; filename="${f.name}"`,
      'Content-Length': String(f.bytes.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    })
    .end(f.bytes);
});

identityPages.post('/xac-thuc/lo/:id/ket-qua', requirePermission('identity:batch'), async (req, res) => {
  const id = idOf(req.params.id);
  let file = null;
  try {
    file = await receiveUpload(req, res, 'file');
    if (!file) throw new ValidationError([{ path: 'file', message: 'Chọn tệp kết quả (CSV hoặc XLSX)' }]);
    await batches.startImport(actorOf(req), id, file);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    return renderBatch(req, res, id, err.status, refusalMessage(err));
  } finally {
    await discardReceived(file);
  }
  flashNext(res, 'Đã nhận tệp kết quả: đang đối soát.');
  res.redirect(303, `/xac-thuc/lo/${id}`);
});

identityPages.post('/xac-thuc/lo/:id/chap-nhan', requirePermission('identity:batch'), async (req, res) => {
  const id = idOf(req.params.id);
  const actor = actorOf(req);
  const report = await batches.batchReport(actor, id);
  if (!isConfirmed(req.body))
    return renderConfirm(req, res, {
      heading: 'Chấp nhận mọi đính chính của lô',
      subject: `Lô xác thực #${id}`,
      consequence: `${formatNumber(report.openCorrections)} hồ sơ sẽ được sửa theo Cơ sở dữ liệu quốc gia về dân cư và ghi nhận đã xác thực. Số CCCD đúng thuộc về người khác sẽ không được áp dụng mà chuyển quản trị viên.`,
      target: `/xac-thuc/lo/${id}/chap-nhan`,
      back: `/xac-thuc/lo/${id}`,
      confirmLabel: 'Chấp nhận tất cả',
    });
  const out = await service.acceptCorrections(actor, { batchId: id });
  flashNext(
    res,
    `Đã áp dụng ${formatNumber(out.applied)} đính chính.${out.heldAsDuplicates ? ` ${out.heldAsDuplicates} đính chính chuyển quản trị viên vì số CCCD thuộc người khác.` : ''}`,
  );
  res.redirect(303, `/xac-thuc/lo/${id}`);
});

// ---- one correction ----

identityPages.post('/xac-thuc/dinh-chinh/:id/chap-nhan', requirePermission('identity:verify'), async (req, res) => {
  const id = idOf(req.params.id);
  const actor = actorOf(req);
  const c = await service.getCorrection(actor, id);
  const back = c.batchId ? `/xac-thuc/lo/${c.batchId}` : `/xac-thuc/nguoi-lao-dong/${c.workerId}`;
  if (!isConfirmed(req.body))
    return renderConfirm(req, res, {
      heading: 'Chấp nhận đính chính',
      subject: c.workerName,
      consequence: 'Hồ sơ sẽ được sửa theo giá trị dưới đây và ghi nhận đã xác thực.',
      details: c.changes.map((ch) => ({ label: ch.label, value: `${ch.current} → ${ch.proposed}` })),
      target: `/xac-thuc/dinh-chinh/${id}/chap-nhan`,
      back,
      confirmLabel: 'Chấp nhận',
    });
  try {
    const out = await service.acceptCorrections(actor, { ids: [id] });
    flashNext(
      res,
      out.applied
        ? `Đã sửa hồ sơ ${c.workerName} và ghi nhận đã xác thực.`
        : 'Số CCCD đúng thuộc người khác: đã chuyển quản trị viên.',
      out.applied ? 'success' : 'error',
    );
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, refusalMessage(err), 'error');
  }
  res.redirect(303, back);
});

identityPages.post('/xac-thuc/dinh-chinh/:id/tu-choi', requirePermission('identity:verify'), async (req, res) => {
  const id = idOf(req.params.id);
  const actor = actorOf(req);
  const c = await service.getCorrection(actor, id);
  const back = c.batchId ? `/xac-thuc/lo/${c.batchId}` : `/xac-thuc/nguoi-lao-dong/${c.workerId}`;
  try {
    await service.rejectCorrection(actor, id);
    flashNext(res, 'Đã từ chối đề nghị đính chính.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, refusalMessage(err), 'error');
  }
  res.redirect(303, back);
});

// ---- a worker: the manual check ----

async function renderWorker(
  req: Request,
  res: Response,
  workerId: number,
  status = 200,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) {
  const actor = actorOf(req);
  const w = await service.workerIdentity(actor, workerId);
  const log = await service.workerLog(actor, workerId, 50);
  const corrections = await service.listCorrections(actor, { workerId, status: 'proposed' });
  const seen = (values.seen ?? {}) as Record<string, string>;
  res.status(status).render(
    'identity/worker',
    pageContext(req, `Xác thực danh tính: ${w.fullName}`, {
      w: {
        ...w,
        dateOfBirthText: formatDateVi(w.dateOfBirth),
        sexText: w.sex === 'male' ? 'Nam' : 'Nữ',
        cccdMasked: maskCccd(w.cccd),
        verifiedOn: w.verifiedAt ? formatDateVi(dateInVietnam(w.verifiedAt)) : null,
        verifiedMethod: w.verifiedMethod ? VERIFICATION_METHOD_LABELS[w.verifiedMethod as VerificationMethod] : null,
      },
      methods: MANUAL_METHODS.map((value) => ({
        value,
        label: METHOD_WORDS[value],
        checked: value === (values.method ?? 'chip_card'),
      })),
      outcomes: (['verified', 'mismatch', 'not_found'] as VerifyResult[]).map((value) => ({
        value,
        label: RESULT_LABELS[value],
        checked: value === (values.outcome ?? 'verified'),
      })),
      seen: {
        ...seen,
        dateOfBirth:
          typeof seen.dateOfBirth === 'string' && /^\d{4}-/.test(seen.dateOfBirth)
            ? formatDateVi(seen.dateOfBirth)
            : seen.dateOfBirth,
      },
      sexes: [
        { value: '', label: '— (giống hồ sơ)', selected: !seen.sex },
        { value: 'male', label: 'Nam', selected: seen.sex === 'male' },
        { value: 'female', label: 'Nữ', selected: seen.sex === 'female' },
      ],
      errors,
      corrections,
      log: log.map((l) => ({
        ...l,
        atText: formatDateTimeVi(l.at),
        directionLabel: l.direction === 'request' ? 'Yêu cầu' : 'Trả lời',
        adapterLabel:
          l.adapter === 'manual'
            ? 'kiểm tra trực tiếp'
            : l.adapter === 'batch_file'
              ? `tệp theo lô #${l.batchId}`
              : 'kết nối trực tuyến',
        methodLabel: l.method ? (VERIFICATION_METHOD_LABELS[l.method as VerificationMethod] ?? l.method) : '',
        resultLabel: l.result ? RESULT_LABELS[l.result] : '',
        fieldsText: (l.direction === 'request' ? l.fieldsSent : l.fieldsAnswered)
          .map((f) => FIELD_LABELS[f as IdentityField] ?? f)
          .join(', '),
        mismatchedText: l.mismatched.map((f) => FIELD_LABELS[f as IdentityField] ?? f).join(', '),
      })),
    }),
  );
}

identityPages.get('/xac-thuc/nguoi-lao-dong/:id', requirePermission('identity:verify'), (req, res) =>
  renderWorker(req, res, idOf(req.params.id)),
);

identityPages.post('/xac-thuc/nguoi-lao-dong/:id', requirePermission('identity:verify'), async (req, res) => {
  const workerId = idOf(req.params.id);
  // a field sent twice (an array) or as anything but text is no value: Joi then refuses what is missing
  const raw = (req.body ?? {}) as Record<string, unknown>;
  const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string | undefined
  >;
  const seenRaw = {
    fullName: body.seenFullName?.trim() || undefined,
    dateOfBirth: body.seenDateOfBirth?.trim() || undefined,
    sex: body.seenSex || undefined,
    cccd: body.seenCccd?.replace(/\s/g, '') || undefined,
  };
  const seen = {
    ...seenRaw,
    dateOfBirth: seenRaw.dateOfBirth ? (checkDate(seenRaw.dateOfBirth) ?? seenRaw.dateOfBirth) : undefined,
  };
  const values = {
    workerId,
    method: body.method,
    outcome: body.outcome,
    ...(body.outcome === 'mismatch' ? { seen: Object.fromEntries(Object.entries(seen).filter(([, v]) => v)) } : {}),
  };
  try {
    const input = check(s.manualBody, values);
    const { workerId: _w, ...manual } = input;
    const out = await service.verifyManually(actorOf(req), workerId, manual);
    const words =
      out.result === 'verified'
        ? 'Đã ghi nhận: thông tin khớp, hồ sơ đã xác thực.'
        : out.result === 'not_found'
          ? 'Đã ghi nhận: không tìm thấy thông tin.'
          : `Đã ghi nhận sai lệch (${out.mismatched.map((f) => FIELD_LABELS[f]).join(', ')}).${out.correctionId ? ' Đề nghị đính chính chờ chấp nhận.' : ''}${out.duplicateId ? ' Số CCCD thuộc người khác: đã chuyển quản trị viên.' : ''}`;
    flashNext(res, words);
    res.redirect(303, `/xac-thuc/nguoi-lao-dong/${workerId}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors = Object.fromEntries(
      Object.entries(fieldErrors(err)).map(([k, v]) => [k.replace(/^seen\./, 'seen_'), v]),
    );
    await renderWorker(req, res, workerId, 400, { ...values, seen: seenRaw }, errors);
  }
});

function checkDate(typed: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
  return m
    ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(typed)
      ? typed
      : null;
}

// ---- the admin's suspected duplicates ----

identityPages.get('/admin/nghi-trung-lap', requirePermission('identity:duplicates'), async (req, res) => {
  const list = await duplicates.listDuplicates(actorOf(req));
  res.render(
    'identity/duplicates',
    pageContext(req, 'Hồ sơ nghi trùng', {
      rows: list.map((d) => ({ ...d, foundOn: formatDateVi(dateInVietnam(d.foundAt)), open: d.status === 'open' })),
    }),
  );
});

async function renderDuplicate(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  errors: Record<string, string> = {},
) {
  const d = await duplicates.getDuplicate(actorOf(req), id);
  const body = (req.body ?? {}) as Record<string, string>;
  const sideView = (x: duplicates.DuplicateSide) => ({ ...x, dateOfBirthText: formatDateVi(x.dateOfBirth) });
  res.status(status).render(
    'identity/duplicate',
    pageContext(req, `Hồ sơ nghi trùng #${id}`, {
      d: { ...d, worker: sideView(d.worker), other: sideView(d.other), open: d.status === 'open' },
      errors,
      note: body.note ?? '',
      decision: body.decision ?? '',
    }),
  );
}

identityPages.get('/admin/nghi-trung-lap/:id', requirePermission('identity:duplicates'), (req, res) =>
  renderDuplicate(req, res, idOf(req.params.id)),
);

identityPages.post('/admin/nghi-trung-lap/:id', requirePermission('identity:duplicates'), async (req, res) => {
  const id = idOf(req.params.id);
  try {
    const raw = (req.body ?? {}) as Record<string, string>;
    const [decision, kept] = (raw.decision ?? '').split(':');
    const input = check(s.resolveBody, {
      decision: decision || undefined,
      ...(kept ? { keptWorkerId: kept } : {}),
      note: raw.note,
    });
    if (!isConfirmed(req.body)) {
      const d = await duplicates.getDuplicate(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: 'Ghi nhận quyết định về hồ sơ nghi trùng',
        subject: `${d.worker.fullName} và ${d.other.fullName}`,
        consequence:
          input.decision === 'same_person'
            ? `Ghi nhận là cùng một người, giữ hồ sơ #${input.keptWorkerId}. Hệ thống không tự gộp hồ sơ.`
            : 'Ghi nhận là hai người khác nhau. Số CCCD đề nghị không được áp dụng.',
        details: [{ label: 'Ghi chú', value: input.note }],
        target: `/admin/nghi-trung-lap/${id}`,
        back: `/admin/nghi-trung-lap/${id}`,
        confirmLabel: 'Ghi nhận quyết định',
      });
    }
    await duplicates.resolveDuplicate(actorOf(req), id, input);
    flashNext(res, 'Đã ghi nhận quyết định.');
    res.redirect(303, '/admin/nghi-trung-lap');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    await renderDuplicate(
      req,
      res,
      id,
      err.status,
      err instanceof ValidationError ? fieldErrors(err) : { decision: err.message },
    );
  }
});
