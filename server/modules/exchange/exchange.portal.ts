// "Tìm việc" in the worker portal (/toi/tim-viec), mobile-first and in plain words: her profile, the vacancies that
// fit her with why each fits (and what is missing, never hidden), the overseas orders when she wants to work abroad
// and is 18 or older (R1), asking her centre to introduce her, her referrals and where each stands, and her consent
// (E1) which she can withdraw at any time.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { fieldErrors, flashNext, isConfirmed, pageContext, refusalMessage, renderConfirm } from '../../shared/pages';
import { fieldViews, formFields } from '../../shared/forms';
import { today } from '../../shared/clock';
import { openOverseasOrders } from '../job-orders';
import { countryName } from '../reference';
import { CURRENCY_EXPONENT } from '../../shared/money';
import * as s from './exchange.schemas';
import * as service from './exchange.service';
import { REFERRAL_STATE_TABLE } from './exchange.workflow';
import { formViewsFor, readCheckedForm, typedValues, wageWords } from './exchange.forms';
import { myHandoffRequests } from './exchange.handoff';
import { handoffPortalPages } from './exchange.handoff-pages';

export const exchangePortalPages = express.Router();

async function renderMine(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const actor = actorOf(req);
  const profile = await service.myProfile(actor);
  const active = profile?.status === 'active';
  const centres = await service.listCentres();
  const matches = active ? await service.matchJobSeeker(actor, profile!.id) : [];
  const overseas = active && (await service.overseasApplies(actor, profile)) ? await openOverseasOrders(10) : [];
  const referrals = (await service.listReferrals(actor, { page: 1, pageSize: 50 })).map((r) => ({
    ...r,
    // an overseas referral has no vacancy: it names the work abroad
    vacancyTitle: r.vacancyTitle ?? 'Việc làm ở nước ngoài',
    stateLabel: REFERRAL_STATE_TABLE[r.state as 'introduced'].label,
    portalText: REFERRAL_STATE_TABLE[r.state as 'introduced'].portalText,
  }));
  const requests = profile ? await service.myRequests(actor) : [];
  // the overseas orders she already asked her centre for (Decree 352 Art 7.1.b)
  const askedAbroad = new Set(
    overseas.length
      ? (await myHandoffRequests(actor)).filter((q) => q.status === 'pending').map((q) => q.jobOrderId)
      : [],
  );
  const asked = new Set(requests.filter((q) => q.status === 'pending').map((q) => q.vacancyId));
  const referred = new Set(
    referrals.filter((r) => ['introduced', 'interviewed', 'hired'].includes(r.state)).map((r) => r.vacancyId),
  );
  res.status(status).render(
    'exchange/portal',
    pageContext(req, 'Tìm việc', {
      profile: profile ? { ...profile, wage: wageWords(profile) } : null,
      active,
      withdrawn: profile?.status === 'withdrawn',
      placed: profile?.status === 'inactive',
      matches: matches.map((m) => ({
        ...m,
        asked: asked.has(m.vacancyId),
        referred: referred.has(m.vacancyId),
        missing: m.hard.filter((h) => !h.ok),
      })),
      overseas: overseas.map((o) => ({
        ...o,
        asked: askedAbroad.has(o.id),
        countryLabel: o.destinationCountry ? countryName(o.destinationCountry) : '',
        // a salary in its currency's minor units (yen and won have none, dollars have cents)
        salary:
          o.salaryMinor !== null && o.salaryCurrency
            ? `${(o.salaryMinor / 10 ** (CURRENCY_EXPONENT[o.salaryCurrency] ?? 2)).toLocaleString('vi-VN')} ${o.salaryCurrency}/tháng`
            : null,
      })),
      wantsAbroad: profile?.wantsAbroad ?? false,
      referrals,
      requests,
      registerFields: !active
        ? await formViewsFor(s.portalRegisterBody, 'pt', {
            values,
            errors,
            defaults: {
              centreId: centres.find((c) => c.provinceCode === profile?.province1)?.id,
              availableAfterMonths: 0,
              fullTime: true,
              experience: 'none',
              recruitmentMode: 'any',
            },
            centres,
          })
        : [],
      errors,
      withdrawFields: fieldViews(formFields(s.withdrawConsentBody), {
        idPrefix: 'wd',
        defaults: { withdrawnOn: today() },
      }),
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa gửi được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

exchangePortalPages.get('/toi/tim-viec', requirePermission('portal:self'), (req, res) => renderMine(req, res));
// asking for an overseas order (exchange.handoff-pages.ts)
exchangePortalPages.use(handoffPortalPages);

exchangePortalPages.post('/toi/tim-viec/dang-ky', requirePermission('portal:self'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { value } = readCheckedForm<Parameters<typeof service.registerInPortal>[1]>(s.portalRegisterBody, body);
    await service.registerInPortal(actorOf(req), value);
    flashNext(res, 'Đã đăng ký tìm việc. Trung tâm sẽ liên hệ với bạn; các việc làm phù hợp hiện bên dưới.');
    res.redirect(303, '/toi/tim-viec');
  } catch (err) {
    if (err instanceof ValidationError) return renderMine(req, res, 400, typedValues(err, body), fieldErrors(err));
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa đăng ký được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/toi/tim-viec');
  }
});

exchangePortalPages.post('/toi/tim-viec/de-nghi', requirePermission('portal:self'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  try {
    await service.requestFromPortal(
      actorOf(req),
      check(s.portalRequestBody, { vacancyId: body.vacancyId, note: body.note || undefined }),
    );
    flashNext(res, 'Đã gửi đề nghị. Trung tâm sẽ xem xét và giới thiệu bạn với nhà tuyển dụng.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa gửi được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, '/toi/tim-viec');
});

exchangePortalPages.post('/toi/tim-viec/rut-dong-y', requirePermission('portal:self'), async (req, res) => {
  const actor = actorOf(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const profile = await service.myProfile(actor);
  if (!profile) return res.redirect(303, '/toi/tim-viec');
  if (!isConfirmed(body))
    return renderConfirm(req, res, {
      heading: 'Rút lại sự đồng ý?',
      subject: `Hồ sơ tìm việc của bạn tại ${profile.centreName}`,
      consequence:
        'Trung tâm sẽ ngừng giới thiệu việc làm cho bạn ngay, các giới thiệu đang chờ sẽ dừng. Kết quả đã có vẫn được lưu cho báo cáo theo quy định, không kèm số điện thoại hay địa chỉ của bạn. Bạn có thể đăng ký lại khi muốn.',
      target: '/toi/tim-viec/rut-dong-y',
      back: '/toi/tim-viec',
      confirmLabel: 'Xác nhận: rút lại sự đồng ý',
    });
  try {
    await service.withdrawConsent(actor, profile.id, {
      withdrawnOn: today(),
      reason: 'Người lao động tự rút trên cổng thông tin',
    });
    flashNext(res, 'Đã rút lại sự đồng ý. Trung tâm không còn giới thiệu việc làm cho bạn.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, '/toi/tim-viec');
});

/** The fields she keeps herself: the job wanted and her profile (identity stays with the registry). */
const PORTAL_EDIT_OMIT = [
  'workedAbroadIn',
  'zone1',
  'zone2',
  'trainingField',
  'skillCertificate',
  'softSkills',
  'itLevel',
];

async function renderEdit(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const profile = await service.myProfile(actorOf(req));
  if (!profile || profile.status !== 'active') return res.redirect(303, '/toi/tim-viec');
  res.status(status).render(
    'exchange/portal-edit',
    pageContext(req, 'Sửa hồ sơ tìm việc', {
      fields: await formViewsFor(s.updateJobSeekerBody, 'pe', {
        values,
        errors,
        defaults: profile as never,
        omit: PORTAL_EDIT_OMIT,
      }),
      errors,
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa lưu được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

exchangePortalPages.get('/toi/tim-viec/sua', requirePermission('portal:self'), (req, res) => renderEdit(req, res));

exchangePortalPages.post('/toi/tim-viec/sua', requirePermission('portal:self'), async (req, res) => {
  const actor = actorOf(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const profile = await service.myProfile(actor);
  if (!profile) return res.redirect(303, '/toi/tim-viec');
  try {
    const { value } = readCheckedForm<Partial<s.JobSeekerInput>>(s.updateJobSeekerBody, body);
    await service.updateJobSeeker(actor, profile.id, value);
    flashNext(res, 'Đã lưu hồ sơ tìm việc của bạn. Các việc làm phù hợp được tính lại ngay.');
    res.redirect(303, '/toi/tim-viec');
  } catch (err) {
    if (err instanceof ValidationError) return renderEdit(req, res, 400, typedValues(err, body), fieldErrors(err));
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/toi/tim-viec');
  }
});

exchangePortalPages.get('/toi/tim-viec/viec/:id', requirePermission('portal:self'), async (req, res) => {
  const actor = actorOf(req);
  const v = await service.getVacancy(actor, check(s.idParam, { id: req.params.id }).id);
  const profile = await service.myProfile(actor);
  const requests = profile ? await service.myRequests(actor) : [];
  const centre = profile ? (await service.listCentres()).find((c) => c.id === profile.centreId) : undefined;
  res.render(
    'exchange/portal-vacancy',
    pageContext(req, v.title, {
      v: { ...v, wage: wageWords(v), left: v.numberToHire - v.hiredCount },
      centre,
      canAsk:
        profile?.status === 'active' &&
        v.state === 'open' &&
        !requests.some((q) => q.vacancyId === v.id && q.status !== 'declined'),
    }),
  );
});
