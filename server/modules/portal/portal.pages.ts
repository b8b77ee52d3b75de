// The worker portal under /toi ("tôi": me), in plain Vietnamese and made for a phone: where her case stands, what
// comes next and who must act, what she must do (papers, sent from the phone), her rights tied to her dates, and who
// looked at her file. Also: activation with a one-time code (/kich-hoat), the public quick lookup (/tra-cuu), and the
// staff side (the printed code slip). Every read here is of the signed-in worker's own record: ids come from her
// account, never from the URL.
import express, { type Request, type Response } from 'express';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { flashNext, checkForm, fieldErrors, formValues, pageContext } from '../../shared/pages';
import { setSessionCookie } from '../../shared/auth/session-cookie';
import { receiveFile, sendBytes } from '../../shared/files';
import { formatDateTimeVi, formatDateVi, addDays } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import { today } from '../../shared/clock';
import { issueToken } from '../auth';
import { toActor } from '../users';
import { getWorker } from '../workers';
import { portalCases, type PortalCase } from '../cases';
import { orderTermsForWorker } from '../job-orders';
import {
  papersOfKindsAgainstDate,
  submitPaper,
  submissionsOfWorker,
  submissionFile,
  SUBMITTABLE_KINDS,
  PAPER_LABELS,
} from '../papers';
import { agencyNames } from '../agencies';
import { countryName } from '../reference';
import * as s from './portal.schemas';
import * as service from './portal.service';

export const portalPages = express.Router();

const STAFF_PAGES = /^\/(today|cases|workers|job-orders|training|reports|agencies)(\/|$)/;

/** A worker who opens a staff page, or the home page, gets her portal (never the staff board). */
portalPages.use((req, res, next) => {
  if (req.method === 'GET' && req.actor?.role === 'worker' && (req.path === '/' || STAFF_PAGES.test(req.path))) {
    return res.redirect(303, '/toi');
  }
  next();
});

/** A path id, or 0 (found by nobody: the service answers 404). */
const idOf = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);

const own = (req: Request) => {
  const a = actorOf(req);
  if (!a.workerId) throw new AppError('FORBIDDEN', 'Tài khoản này chưa gắn với hồ sơ người lao động', 403);
  return a.workerId;
};

const STATUS_WORDS: Record<string, string> = {
  missing: 'Chưa có',
  expired: 'Đã hết hạn',
  expiring: 'Hết hạn trước ngày bay',
  valid: 'Còn hạn',
};

// ---- Hồ sơ của tôi
portalPages.get('/toi', requirePermission('portal:self'), async (req, res) => {
  const cases = await portalCases(own(req));
  const on = today();
  const shown = cases.map((c, i) => ({
    ...c,
    first: i === 0,
    nextSteps: c.nextSteps.map((n) => ({ ...n, due: formatDateVi(n.dueOn), late: n.dueOn < on })),
  }));
  res.render('portal/case', pageContext(req, 'Hồ sơ của tôi', { cases: shown, current: shown[0] ?? null }));
});

// ---- Việc tôi cần làm
async function renderTodo(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) {
  const workerId = own(req);
  const cases = await portalCases(workerId);
  const current = cases.find((c) => c.open) ?? null;
  const flight = current?.plannedDepartureOn ?? null;
  const papers = current
    ? (await papersOfKindsAgainstDate(workerId, null, flight ?? addDays(today(), 1), SUBMITTABLE_KINDS)).map((p) => ({
        label: p.label,
        status: p.status,
        statusWords: STATUS_WORDS[p.status],
        todo: p.status !== 'valid',
        expires: p.paper?.expiresOn ? formatDateVi(p.paper.expiresOn) : null,
      }))
    : [];
  const mine = cases
    .flatMap((c) => c.nextSteps.filter((n) => n.mine))
    .map((n) => ({ ...n, due: formatDateVi(n.dueOn) }));
  const submissions = (await submissionsOfWorker(workerId)).map((x) => ({ ...x, at: formatDateTimeVi(x.submittedAt) }));
  res.status(status).render(
    'portal/todo',
    pageContext(req, 'Việc tôi cần làm', {
      papers,
      flight: flight ? formatDateVi(flight) : null,
      mine,
      submissions,
      kinds: SUBMITTABLE_KINDS.map((k) => ({ value: k, label: PAPER_LABELS[k], selected: values.kind === k })),
      values,
      errors,
      hasCase: Boolean(current),
    }),
  );
}

portalPages.get('/toi/viec-can-lam', requirePermission('portal:self'), (req, res) => renderTodo(req, res));

portalPages.post('/toi/viec-can-lam', requirePermission('portal:self'), async (req, res) => {
  try {
    await receiveFile(req, res, 'file');
    const input = checkForm(s.submitBody, req.body);
    if (!req.file) throw new ValidationError([{ path: 'file', message: 'Hãy chọn ảnh chụp hoặc tệp giấy tờ' }]);
    await submitPaper(actorOf(req), input, { bytes: req.file.buffer, name: req.file.originalname });
    flashNext(res, 'Đã gửi. Doanh nghiệp sẽ xem và báo lại cho bạn.');
    res.redirect(303, '/toi/viec-can-lam');
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 413].includes(err.status)) throw err;
    const errors = err instanceof ValidationError ? fieldErrors(err) : { file: err.message };
    await renderTodo(req, res, err.status, formValues(req.body ?? {}), errors);
  }
});

portalPages.get('/toi/giay-da-gui/:id', requirePermission('portal:self'), async (req, res) => {
  const id = idOf(req.params.id);
  const { file } = await submissionFile(actorOf(req), id);
  if (!file) throw new AppError('NOT_FOUND', 'Không tìm thấy tệp', 404);
  sendBytes(res, file.bytes, file.mime);
});

// ---- Quyền của tôi
async function rightsOf(c: PortalCase) {
  const terms = await orderTermsForWorker(c.jobOrderId);
  return {
    code: c.code,
    country: terms?.destinationCountry ? countryName(terms.destinationCountry) : null,
    employer: terms?.employerName ?? null,
    waitingUntil: c.waitingUntil ? formatDateVi(c.waitingUntil) : null,
    selected: c.selectedOn ? formatDateVi(c.selectedOn) : null,
    departed: Boolean(c.departedOn),
    fee: terms
      ? {
          charged: formatMoney(terms.serviceFeeVnd),
          cap: terms.feeCap ? formatMoney(terms.feeCap.allowedVnd) : null,
          ok: terms.feeCap?.ok ?? true,
          steps: terms.feeCap?.steps ?? [],
        }
      : null,
    deposit: terms && terms.depositVnd > 0 ? formatMoney(terms.depositVnd) : null,
    contractEnd: c.contractEndOn ? formatDateVi(c.contractEndOn) : null,
  };
}

portalPages.get('/toi/quyen-loi', requirePermission('portal:self'), async (req, res) => {
  const cases = await portalCases(own(req));
  const current = cases.find((c) => c.open) ?? cases[0] ?? null;
  res.render('portal/rights', pageContext(req, 'Quyền của tôi', { rights: current ? await rightsOf(current) : null }));
});

// ---- Ai đã xem hồ sơ của tôi
portalPages.get('/toi/ai-da-xem', requirePermission('portal:self'), async (req, res) => {
  const workerId = own(req);
  const [looks, worker] = [await service.whoLooked(workerId), await getWorker(actorOf(req), workerId)];
  const { agencies } = await agencyNames(worker.links.map((l) => l.agencyId));
  res.render(
    'portal/looked',
    pageContext(req, 'Ai đã xem hồ sơ của tôi', {
      looks: looks.map((l) => ({ ...l, when: formatDateTimeVi(l.at) })),
      links: worker.links.map((l) => ({
        agency: agencies.get(l.agencyId) ?? 'Doanh nghiệp',
        consentDate: formatDateVi(l.consentDate),
        since: formatDateVi(l.since),
      })),
    }),
  );
});

// ---- Kích hoạt tài khoản (public): the code from the slip, her date of birth, a new password
function renderActivate(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
  error?: string,
) {
  res
    .status(status)
    .render(
      'portal/activate',
      pageContext(req, 'Kích hoạt tài khoản', { values, errors, error, activationDays: service.ACTIVATION_DAYS }),
    );
}

portalPages.get('/kich-hoat', publicRoute(), (req, res) => renderActivate(req, res, 200, { code: req.query.ma ?? '' }));

portalPages.post('/kich-hoat', publicRoute(), async (req, res) => {
  const typed = formValues(req.body ?? {});
  delete typed.password;
  delete typed.passwordConfirm;
  try {
    const input = checkForm(s.activateBody, req.body);
    const user = await service.activate(input, req.ip ?? 'unknown');
    setSessionCookie(res, issueToken(user));
    flashNext(
      res,
      `Chào ${toActor(user).displayName}! Tài khoản của bạn đã sẵn sàng. Lần sau, đăng nhập bằng số CCCD và mật khẩu vừa đặt.`,
    );
    res.redirect(303, '/toi');
  } catch (err) {
    if (err instanceof ValidationError) return renderActivate(req, res, 400, typed, fieldErrors(err));
    if (err instanceof AppError && [400, 429].includes(err.status))
      return renderActivate(req, res, err.status, typed, {}, err.message);
    throw err;
  }
});

// ---- Tra cứu nhanh (public): case code + date of birth + last 4 digits of the CCCD → stage and next step only
function renderLookup(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
  res.status(status).render('portal/lookup', pageContext(req, 'Tra cứu hồ sơ', { values: {}, errors: {}, ...extra }));
}

portalPages.get('/tra-cuu', publicRoute(), (req, res) => renderLookup(req, res));

portalPages.post('/tra-cuu', publicRoute(), async (req, res) => {
  const typed = formValues(req.body ?? {});
  try {
    const input = checkForm(s.lookupBody, req.body);
    const found = await service.lookup(input, req.ip ?? 'unknown');
    if (!found) return renderLookup(req, res, 404, { values: typed, error: service.LOOKUP_REFUSED });
    renderLookup(req, res, 200, {
      values: typed,
      found: { ...found, next: found.next ? { ...found.next, due: formatDateVi(found.next.dueOn) } : null },
    });
  } catch (err) {
    if (err instanceof ValidationError) return renderLookup(req, res, 400, { values: typed, errors: fieldErrors(err) });
    if (err instanceof AppError && err.status === 429)
      return renderLookup(req, res, 429, { values: typed, error: err.message });
    throw err;
  }
});

// ---- staff: a one-time code printed on its own slip (never inside a stored document)
portalPages.post('/workers/:id/activation-code', requirePermission('portal:issue-code'), async (req, res) => {
  const id = idOf(req.params.id);
  const issued = await service.issueActivationCode(actorOf(req), id);
  const worker = await getWorker(actorOf(req), id);
  const cases = await portalCases(id);
  res.set('Cache-Control', 'no-store').render('portal/slip', {
    ...pageContext(req, 'Phiếu mã kích hoạt'),
    layout: 'print',
    code: issued.code,
    expires: formatDateTimeVi(issued.expiresAt),
    fullName: worker.fullName,
    dateOfBirthHint: 'ngày sinh ghi trên CCCD',
    caseCodes: cases.map((c) => c.code),
    url: `${req.protocol}://${req.get('host')}/kich-hoat`,
    workerId: id,
  });
});
