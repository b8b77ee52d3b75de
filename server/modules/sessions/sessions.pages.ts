// The sessions' pages (Handlebars, thin; every form works without JavaScript): centre staff plan a session, add its
// booths, register people, print their slips, check them in at the door (/viec-lam/phien/:id/diem-danh, made for a
// 360 px phone: one box for a code, a CCCD or a name; a camera scanner only where the browser has BarcodeDetector),
// record what happens for each person, and read the counts; the counselling log outside sessions (/viec-lam/tu-van).
import express, { type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  checkForm,
  fieldErrors,
  flashNext,
  formValues,
  isConfirmed,
  pageContext,
  refusalMessage,
  renderConfirm,
  attemptAction,
} from '../../shared/pages';
import { formFile, receiveFile } from '../../shared/files';
import { today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { listCommunes } from '../reference';
import * as s from './sessions.schemas';
import * as service from './sessions.service';

export const sessionsPages = express.Router();

const idOf = (raw: unknown) => check(s.idParam, { id: raw }).id;
const regOf = (id: unknown, regId: unknown) => check(s.regParams, { id, regId });
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

const options = (labels: Record<string, string>, chosen?: string) =>
  Object.entries(labels).map(([value, label]) => ({ value, label, selected: value === chosen }));

// ---- the list ----

sessionsPages.get('/viec-lam/phien', requirePermission('sessions:read'), async (req, res) => {
  const actor = actorOf(req);
  const [upcoming, past] = await Promise.all([
    service.listSessions(actor, { when: 'upcoming', page: 1, pageSize: 100 }),
    service.listSessions(actor, { when: 'past', page: 1, pageSize: 50 }),
  ]);
  res.render(
    'sessions/list',
    pageContext(req, 'Phiên giao dịch việc làm', { upcoming, past, canWrite: actor.role === 'centre_staff' }),
  );
});

// ---- plan and edit ----

async function renderForm(
  req: Request,
  res: Response,
  o: { status?: number; values?: Record<string, unknown>; errors?: Record<string, string>; session?: service.Session },
) {
  const centre = await service.centreOf(actorOf(req));
  const v = o.values ?? {};
  const communes = (await listCommunes(centre.provinceCode)).map((c) => ({
    value: c.code,
    label: c.name,
    selected: c.code === v.communeCode,
  }));
  res.status(o.status ?? 200).render(
    'sessions/form',
    pageContext(req, o.session ? `Sửa phiên: ${o.session.name}` : 'Lên kế hoạch phiên giao dịch việc làm', {
      session: o.session ?? null,
      v: { ...v, heldOn: typeof v.heldOn === 'string' && /^\d{4}-/.test(v.heldOn) ? formatDateVi(v.heldOn) : v.heldOn },
      errors: o.errors ?? {},
      kinds: options(s.SESSION_KIND_LABELS, str(v.kind) || 'fixed'),
      communes,
      centre,
      action: o.session ? `/viec-lam/phien/${o.session.id}/sua` : '/viec-lam/phien',
      ...(Object.keys(o.errors ?? {}).length
        ? { flash: { kind: 'error', message: 'Chưa lưu được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

sessionsPages.get('/viec-lam/phien/moi', requirePermission('sessions:write'), (req, res) =>
  renderForm(req, res, { values: { heldOn: today(), startsAt: '07:30', endsAt: '11:30', kind: 'fixed' } }),
);

sessionsPages.post('/viec-lam/phien', requirePermission('sessions:write'), async (req, res) => {
  const b = body(req);
  try {
    const created = await service.createSession(actorOf(req), checkForm(s.createSessionBody, b));
    flashNext(res, `Đã lên kế hoạch phiên «${created.name}» ngày ${formatDateVi(created.heldOn)}.`);
    res.redirect(303, `/viec-lam/phien/${created.id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return renderForm(req, res, { status: 400, values: b, errors: fieldErrors(err) });
  }
});

sessionsPages.get('/viec-lam/phien/:id/sua', requirePermission('sessions:write'), async (req, res) => {
  const session = await service.getSession(actorOf(req), idOf(req.params.id));
  return renderForm(req, res, { session, values: { ...session } });
});

sessionsPages.post('/viec-lam/phien/:id/sua', requirePermission('sessions:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const b = body(req);
  try {
    await service.updateSession(
      actorOf(req),
      id,
      checkForm(s.updateSessionBody, { ...b }, { nullable: ['communeCode', 'note'] }),
    );
    flashNext(res, 'Đã lưu thay đổi của phiên.');
    res.redirect(303, `/viec-lam/phien/${id}`);
  } catch (err) {
    if (err instanceof ValidationError)
      return renderForm(req, res, {
        status: 400,
        values: b,
        errors: fieldErrors(err),
        session: await service.getSession(actorOf(req), id),
      });
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/viec-lam/phien/${id}`);
  }
});

for (const [path, to, heading, consequence, label] of [
  [
    'da-to-chuc',
    'held',
    'Ghi nhận phiên đã tổ chức?',
    'Phiên chuyển sang «Đã tổ chức»: không nhận đăng ký trước nữa; vẫn điểm danh, ghi nhận và theo dõi kết quả tuyển dụng. Không quay lại được.',
    'Xác nhận: phiên đã tổ chức',
  ],
  [
    'huy',
    'cancelled',
    'Hủy phiên?',
    'Phiên bị hủy: vé của người đã đăng ký không còn dùng được và không điểm danh được nữa. Không quay lại được.',
    'Xác nhận: hủy phiên',
  ],
] as const) {
  sessionsPages.post(`/viec-lam/phien/:id/${path}`, requirePermission('sessions:write'), async (req, res) => {
    const id = idOf(req.params.id);
    const b = body(req);
    if (!isConfirmed(b)) {
      const session = await service.getSession(actorOf(req), id);
      return renderConfirm(req, res, {
        heading,
        subject: `${session.name} – ${formatDateVi(session.heldOn)} ${session.startsAt}`,
        consequence,
        details: str(b.reason) ? [{ label: 'Lý do', value: str(b.reason) }] : [],
        target: `/viec-lam/phien/${id}/${path}`,
        back: `/viec-lam/phien/${id}`,
        confirmLabel: label,
      });
    }
    await attemptAction(
      res,
      `/viec-lam/phien/${id}`,
      async () => {
        await service.moveSession(actorOf(req), id, to, check(s.sessionActionBody, formValues(b)));
      },
      to === 'held' ? 'Đã ghi nhận phiên đã tổ chức.' : 'Đã hủy phiên.',
    );
  });
}

// ---- the session's page ----

sessionsPages.get('/viec-lam/phien/:id', requirePermission('sessions:read'), async (req, res) => {
  const actor = actorOf(req);
  const id = idOf(req.params.id);
  const session = await service.getSession(actor, id);
  const [booths, registrations, counts] = await Promise.all([
    service.listBooths(actor, id),
    service.listRegistrations(actor, id),
    service.countsOf(actor, id),
  ]);
  const own = actor.role === 'centre_staff' && actor.agencyId === session.centreId;
  const picks = own && session.state === 'planned' ? await service.pickLists(actor) : null;
  const registered = new Set(registrations.map((r) => r.jobSeekerId));
  res.render(
    'sessions/detail',
    pageContext(req, session.name, {
      session,
      booths,
      registrations,
      counts,
      own,
      seekers: picks?.seekers.filter((p) => !registered.has(p.id)) ?? [],
      errors: {},
    }),
  );
});

// ---- booths ----

sessionsPages.get('/viec-lam/phien/:id/gian/moi', requirePermission('sessions:write'), async (req, res) => {
  const actor = actorOf(req);
  const id = idOf(req.params.id);
  const session = await service.getSession(actor, id);
  const choices = await service.boothChoices(actor, session.heldOn);
  const employerId = Number(req.query.employerId) || null;
  const senderId = Number(req.query.senderId) || null;
  const employer = employerId ? choices.employers.find((e) => e.id === employerId) : undefined;
  const sender = senderId ? choices.senders.find((x) => x.id === senderId) : undefined;
  res.render(
    'sessions/booth',
    pageContext(req, `Thêm gian: ${session.name}`, { session, choices, employer, sender, errors: {} }),
  );
});

sessionsPages.post('/viec-lam/phien/:id/gian', requirePermission('sessions:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const b = body(req);
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
  const back = b.employerId
    ? `/viec-lam/phien/${id}/gian/moi?employerId=${encodeURIComponent(str(b.employerId))}`
    : `/viec-lam/phien/${id}/gian/moi?senderId=${encodeURIComponent(str(b.senderAgencyId))}`;
  await attemptAction(
    res,
    back,
    async () => {
      const v = formValues(
        { ...b, vacancyIds: undefined, jobOrderIds: undefined },
        {
          numbers: ['demandInProvince', 'demandOutOfProvince', 'demandAbroad'],
        },
      );
      await service.addBooth(
        actorOf(req),
        id,
        check(s.boothBody, { ...v, vacancyIds: list(b.vacancyIds), jobOrderIds: list(b.jobOrderIds) }),
      );
      return `/viec-lam/phien/${id}#gian`;
    },
    'Đã thêm gian vào phiên.',
  );
});

// ---- registrations ----

sessionsPages.post('/viec-lam/phien/:id/dang-ky', requirePermission('sessions:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const b = formValues(body(req));
  const input = b.cccd ? { cccd: b.cccd } : { jobSeekerId: b.jobSeekerId };
  await attemptAction(
    res,
    `/viec-lam/phien/${id}#dang-ky`,
    async () => {
      const r = await service.registerByStaff(actorOf(req), id, check(s.registerBody, input));
      return `/viec-lam/phien/${id}#nguoi-${r.id}`;
    },
    'Đã đăng ký người tham gia phiên: in phiếu dự phiên từ danh sách.',
  );
});

async function qrSvg(code: string): Promise<string> {
  return QRCode.toString(code.replace(/-/g, ''), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** The printable slip: name, session, time, venue, the code and its QR (inline SVG). */
export async function renderSlip(req: Request, res: Response, regId: number, back: string) {
  const slip = await service.slipOf(actorOf(req), regId);
  res.render(
    'sessions/slip',
    pageContext(req, `Phiếu dự phiên: ${slip.registration.fullName}`, {
      ...slip,
      qr: await qrSvg(slip.code),
      back,
      layout: 'print',
    }),
  );
}

sessionsPages.get('/viec-lam/phien/:id/ve/:regId', requirePermission('sessions:read'), async (req, res) => {
  const { id, regId } = regOf(req.params.id, req.params.regId);
  await service.getRegistration(actorOf(req), id, regId);
  await renderSlip(req, res, regId, `/viec-lam/phien/${id}`);
});

// ---- check-in ----

async function renderCheckIn(
  req: Request,
  res: Response,
  id: number,
  o: {
    status?: number;
    q?: string;
    errors?: Record<string, string>;
    matches?: service.Registration[];
    walkIn?: Record<string, unknown>;
    walkInErrors?: Record<string, string>;
    scan?: { id: number; name: string } | null;
  } = {},
) {
  const actor = actorOf(req);
  const session = await service.getSession(actor, id);
  const centre = await service.centreOf(actor);
  const registrations = await service.listRegistrations(actor, id);
  const recent = registrations
    .filter((r) => r.checkedInAt)
    .sort((a, b) => new Date(b.checkedInAt!).getTime() - new Date(a.checkedInAt!).getTime())
    .slice(0, 10);
  const w = o.walkIn ?? {};
  const last = Number(req.query.last) || null;
  res.status(o.status ?? 200).render(
    'sessions/checkin',
    pageContext(req, `Điểm danh: ${session.name}`, {
      session,
      q: o.q ?? '',
      errors: o.errors ?? {},
      matches: o.matches ?? null,
      attended: registrations.filter((r) => r.checkedInAt).length,
      registered: registrations.length,
      recent,
      last: last ? registrations.find((r) => r.id === last) : null,
      w: {
        ...w,
        dateOfBirth:
          typeof w.dateOfBirth === 'string' && /^\d{4}-/.test(w.dateOfBirth)
            ? formatDateVi(w.dateOfBirth)
            : w.dateOfBirth,
        consentDate:
          typeof w.consentDate === 'string' && /^\d{4}-/.test(w.consentDate)
            ? formatDateVi(w.consentDate)
            : (w.consentDate ?? formatDateVi(today())),
      },
      sexes: options({ female: 'Nữ', male: 'Nam' }, str(w.sex)),
      communes: (await listCommunes(centre.provinceCode)).map((c) => ({
        value: c.code,
        label: c.name,
        selected: c.code === w.communeCode,
      })),
      walkInErrors: o.walkInErrors ?? {},
      scan: o.scan ?? null,
      walkInOpen: Boolean(o.walkInErrors && Object.keys(o.walkInErrors).length) || Boolean(o.walkIn),
    }),
  );
}

sessionsPages.get('/viec-lam/phien/:id/diem-danh', requirePermission('sessions:write'), (req, res) =>
  renderCheckIn(req, res, idOf(req.params.id)),
);

sessionsPages.post('/viec-lam/phien/:id/diem-danh', requirePermission('sessions:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const b = formValues(body(req));
  const q = str(b.q);
  try {
    const input = b.registrationId ? { registrationId: b.registrationId } : { q };
    const r = await service.checkIn(actorOf(req), id, check(s.checkInBody, input));
    if (r.outcome === 'choose') return renderCheckIn(req, res, id, { q, matches: r.matches });
    const reg = r.registration;
    flashNext(
      res,
      r.outcome === 'checked_in'
        ? `Đã điểm danh: ${reg.fullName} (${reg.cccdMasked}) lúc ${reg.checkedInTime}.`
        : `${reg.fullName} đã điểm danh lúc ${reg.checkedInTime}: không ghi nhận lại.`,
      r.outcome === 'checked_in' ? 'success' : 'notice',
    );
    res.redirect(303, `/viec-lam/phien/${id}/diem-danh?last=${reg.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return renderCheckIn(req, res, id, { status: err.status, q, errors: { q: refusalMessage(err) } });
  }
});

sessionsPages.post('/viec-lam/phien/:id/tai-cua', requirePermission('sessions:write'), async (req, res) => {
  const id = idOf(req.params.id);
  await receiveFile(req, res, 'consentScan');
  const b = body(req);
  let scan: { id: number; name: string } | null;
  try {
    scan = await formFile(req, 'consentScan', 'consentFileId', actorOf(req).userId);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return renderCheckIn(req, res, id, {
      status: err.status,
      walkIn: b,
      walkInErrors: { consentFileId: refusalMessage(err) },
    });
  }
  try {
    const input = checkForm(s.walkInBody, { ...b, ...(scan ? { consentFileId: String(scan.id) } : {}) });
    const reg = await service.walkIn(actorOf(req), id, input);
    flashNext(res, `Đã đăng ký tại cửa và điểm danh: ${reg.fullName} (${reg.cccdMasked}) lúc ${reg.checkedInTime}.`);
    res.redirect(303, `/viec-lam/phien/${id}/diem-danh?last=${reg.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const errors: Record<string, string> =
      err instanceof ValidationError ? fieldErrors(err) : { cccd: refusalMessage(err) };
    if (errors.consentFileId && !scan) errors.consentFileId = 'Cần ảnh chụp hoặc bản quét phiếu đồng ý đã ký (E1)';
    // the registry's own field names (consent.fileId) beside the form's
    if (errors['consent.fileId']) errors.consentFileId = errors['consent.fileId'];
    return renderCheckIn(req, res, id, { status: err.status, walkIn: b, walkInErrors: errors, scan });
  }
});

// ---- a person at the session ----

sessionsPages.get('/viec-lam/phien/:id/nguoi/:regId', requirePermission('sessions:read'), async (req, res) => {
  const actor = actorOf(req);
  const { id, regId } = regOf(req.params.id, req.params.regId);
  const session = await service.getSession(actor, id);
  const p = await service.personAtSession(actor, id, regId);
  const employerBooths = p.booths.filter((b) => !b.sender);
  res.render(
    'sessions/person',
    pageContext(req, `${p.registration.fullName} – ${session.name}`, {
      session,
      p,
      own: actor.role === 'centre_staff' && actor.agencyId === session.centreId,
      canRecord: session.checkInOpen && Boolean(p.registration.checkedInAt),
      topics: options(s.TOPIC_LABELS),
      booths: p.booths,
      employerBooths,
      senderBooths: p.booths.filter((b) => b.sender),
      vacancies: employerBooths.flatMap((b) => b.vacancies.filter((v) => v.open).map((v) => ({ ...v, booth: b.name }))),
    }),
  );
});

sessionsPages.post('/viec-lam/phien/:id/nguoi/:regId/ghi', requirePermission('sessions:write'), async (req, res) => {
  const { id, regId } = regOf(req.params.id, req.params.regId);
  const b = formValues(body(req));
  const back = `/viec-lam/phien/${id}/nguoi/${regId}`;
  const kind = str(b.kind);
  await attemptAction(
    res,
    back,
    async () => {
      const r = await service.recordActivity(actorOf(req), id, regId, check(s.activityBody, b));
      if (r.kind === 'introduction') return back;
    },
    kind === 'introduction'
      ? 'Đã giới thiệu người lao động với nhà tuyển dụng (ghi nhận tại phiên).'
      : `Đã ghi nhận: ${s.ACTIVITY_LABELS[kind] ?? ''}.`,
  );
});

// ---- the counselling log ----

async function renderCounselling(
  req: Request,
  res: Response,
  o: { status?: number; values?: Record<string, unknown>; errors?: Record<string, string>; form?: string } = {},
) {
  const actor = actorOf(req);
  const picks = await service.pickLists(actor);
  const rows = await service.listCounselling(actor, { page: 1, pageSize: 100 });
  const v = o.values ?? {};
  res.status(o.status ?? 200).render(
    'sessions/counselling',
    pageContext(req, 'Sổ tư vấn', {
      rows,
      seekers: picks.seekers.map((x) => ({ ...x, selected: String(x.id) === v.jobSeekerId })),
      employers: picks.employers.map((x) => ({ ...x, selected: String(x.id) === v.employerId })),
      personTopics: options(s.TOPIC_LABELS, str(v.topic)),
      employerTopics: options({ job: s.TOPIC_LABELS.job, policy: s.TOPIC_LABELS.policy }, str(v.topic)),
      v: { ...v, counselledOn: v.counselledOn ?? formatDateVi(today()) },
      errors: o.errors ?? {},
      form: o.form ?? null,
    }),
  );
}

sessionsPages.get('/viec-lam/tu-van', requirePermission('sessions:write'), (req, res) => renderCounselling(req, res));

sessionsPages.post('/viec-lam/tu-van', requirePermission('sessions:write'), async (req, res) => {
  const b = body(req);
  try {
    const input = checkForm(s.counsellingBody, b);
    await service.recordCounselling(actorOf(req), input);
    flashNext(res, 'Đã ghi vào sổ tư vấn.');
    res.redirect(303, '/viec-lam/tu-van');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const errors = err instanceof ValidationError ? fieldErrors(err) : { note: refusalMessage(err) };
    return renderCounselling(req, res, { status: err.status, values: b, errors, form: str(b.subject) });
  }
});
