// The job exchange's pages (Handlebars, thin): centre staff work the registries, vacancies with their candidates,
// the referral board and today's work; a commune officer reads her residents' records; an admin sets the matching's
// points. The worker's own "Tìm việc" is in exchange.portal.ts. Forms are generated from the Joi schemas (labels,
// required marks, errors beside their fields, what was typed kept); places and codes are picked by name.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  fieldErrors,
  flashNext,
  isConfirmed,
  pageContext,
  pageFilters,
  refusalMessage,
  renderConfirm,
  sendXlsx,
  attemptAction,
} from '../../shared/pages';
import { fieldViews, formFields, inputInWords, readForm } from '../../shared/forms';
import { formFile, receiveFile } from '../../shared/files';
import { today } from '../../shared/clock';
import type { Verdict } from '../../shared/rules';
import * as L from './exchange.labels';
import {
  SEEKER_SECTIONS,
  VACANCY_SECTIONS,
  formViewsFor,
  loadSectorNames,
  readCheckedForm,
  sectionsOf,
  typedValues,
  wageWords,
} from './exchange.forms';
import * as s from './exchange.schemas';
import * as service from './exchange.service';
import { exportJobSeekers, exportVacancies } from './exchange.export';
import { listWeights, updateWeights } from './exchange.settings';
import { REFERRAL_STATE_TABLE, VACANCY_STATE_TABLE, referralWorkflow, vacancyWorkflow } from './exchange.workflow';
import {
  centreAbroadToday,
  getHandoff,
  listHandoffs,
  pendingHandoffRequests,
  referableOrders,
} from './exchange.handoff';
import { handoffPages } from './exchange.handoff-pages';

export const exchangePages = express.Router();

function summaryOf(errors: Record<string, string>, idPrefix: string) {
  return Object.fromEntries(Object.entries(errors).map(([k, m]) => [`${idPrefix}-${k.replace(/\./g, '-')}`, m]));
}

const idOf = (raw: unknown) => check(s.idParam, { id: raw }).id;

// ---- today's work ----

exchangePages.get('/viec-lam', requirePermission('exchange:read'), (req, res) =>
  res.redirect(303, actorOf(req).role === 'centre_staff' ? '/viec-lam/hom-nay' : '/viec-lam/nguoi-tim-viec'),
);

exchangePages.get('/viec-lam/hom-nay', requirePermission('exchange:write'), async (req, res) => {
  const t = await service.centreToday(actorOf(req));
  // the overseas hand-off (Decree 352 Art 7.1.b), counted apart from domestic work
  const abroad = await centreAbroadToday(t.centre.id);
  res.render('exchange/today', pageContext(req, 'Việc hôm nay – sàn việc làm', { t, abroad, today: today() }));
});

// ---- job seekers ----

exchangePages.get('/viec-lam/nguoi-tim-viec', requirePermission('exchange:read'), async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.listQuery, req.query);
  const result = await service.listJobSeekers(actor, query);
  res.render(
    'exchange/seekers',
    pageContext(req, 'Người tìm việc', {
      ...(notice ? { flash: notice } : {}),
      rows: result.data,
      page: result.page,
      q: query.q ?? '',
      status: query.status ?? '',
      statuses: Object.entries(L.JOB_SEEKER_STATUS_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === query.status,
      })),
      next: result.data.length === query.pageSize ? query.page + 1 : null,
      prev: query.page > 1 ? query.page - 1 : null,
      canWrite: actor.role === 'centre_staff',
      canExportFull: actor.role === 'admin',
      readOnly: actor.role === 'commune_officer',
    }),
  );
});

async function renderRegister(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
  scan?: { id: number; name: string } | null,
) {
  const centre = await service.centreOf(actorOf(req));
  const defaults = {
    provinceCode: centre.provinceCode,
    province1: centre.provinceCode,
    consentDate: today(),
    availableAfterMonths: 0,
    experience: 'none',
    fullTime: true,
  };
  res.status(status).render(
    'exchange/seeker-new',
    pageContext(req, 'Đăng ký người tìm việc', {
      sections: sectionsOf(
        await formViewsFor(s.registerJobSeekerBody, 'js', { values, errors, defaults }),
        SEEKER_SECTIONS,
      ),
      errors,
      summary: summaryOf(errors, 'js'),
      scan: scan ?? null,
      scanError: errors.consentFileId ?? null,
      centre,
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa đăng ký được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

exchangePages.get('/viec-lam/nguoi-tim-viec/moi', requirePermission('exchange:write'), (req, res) =>
  renderRegister(req, res),
);

exchangePages.post('/viec-lam/nguoi-tim-viec', requirePermission('exchange:write'), async (req, res) => {
  await receiveFile(req, res, 'consentScan');
  const body = (req.body ?? {}) as Record<string, unknown>;
  let scan: { id: number; name: string } | null;
  try {
    scan = await formFile(req, 'consentScan', 'consentFileId', actorOf(req).userId);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return renderRegister(req, res, err.status, typedValues(err, body), { consentFileId: refusalMessage(err) });
  }
  try {
    const { value } = readCheckedForm<s.JobSeekerInput>(
      s.registerJobSeekerBody,
      body,
      scan ? { consentFileId: scan.id } : {},
    );
    const created = await service.registerJobSeeker(actorOf(req), value);
    flashNext(res, `Đã đăng ký người tìm việc ${created.fullName}.`);
    res.redirect(303, `/viec-lam/nguoi-tim-viec/${created.id}`);
  } catch (err) {
    const typed = typedValues(err, body);
    if (err instanceof ConflictError) {
      const existing = (err.details as { jobSeekerId?: number } | undefined)?.jobSeekerId;
      if (existing) {
        flashNext(res, err.message, 'error');
        return res.redirect(303, `/viec-lam/nguoi-tim-viec/${existing}`);
      }
      return renderRegister(req, res, 409, typed, { cccd: err.message }, scan);
    }
    if (err instanceof NotFoundError)
      return renderRegister(req, res, 400, typed, { consentFileId: 'Không tìm thấy bản chụp: hãy chọn lại tệp' }, scan);
    if (!(err instanceof ValidationError)) throw err;
    return renderRegister(req, res, 400, typed, fieldErrors(err), scan);
  }
});

async function renderSeeker(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  withdrawErrors: Record<string, string> = {},
) {
  const actor = actorOf(req);
  const p = await service.getJobSeeker(actor, id);
  const own = actor.role === 'centre_staff' && p.centreId === actor.agencyId;
  const matches = own ? await service.matchJobSeeker(actor, id) : [];
  const referrals = (await service.listReferrals(actor, { page: 1, pageSize: 100 })).filter(
    (r) => r.jobSeekerId === id,
  );
  // overseas orders she may be referred to (Decree 352 Art 7.1.b): she wants to work abroad and is 18 or older (R1)
  const abroadOrders =
    own && p.status === 'active' && (await service.overseasApplies(actor, p)) ? await referableOrders() : [];
  res.status(status).render(
    'exchange/seeker',
    pageContext(req, p.fullName, {
      p: { ...p, wage: wageWords(p), withdrawn: p.status === 'withdrawn', active: p.status === 'active' },
      own,
      readOnly: !own,
      matches,
      referrals,
      abroadOrders,
      withdrawFields: fieldViews(formFields(s.withdrawConsentBody), {
        idPrefix: 'wd',
        errors: withdrawErrors,
        defaults: { withdrawnOn: today() },
      }),
      origins: Object.entries(L.ORIGIN_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === 'person',
      })),
    }),
  );
}

exchangePages.get('/viec-lam/nguoi-tim-viec/:id', requirePermission('exchange:read'), async (req, res) =>
  renderSeeker(req, res, idOf(req.params.id)),
);

async function renderEdit(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const p = await service.getJobSeeker(actorOf(req), id);
  res.status(status).render(
    'exchange/seeker-edit',
    pageContext(req, `Cập nhật: ${p.fullName}`, {
      p,
      fields: await formViewsFor(s.updateJobSeekerBody, 'ed', { values, errors, defaults: p as never }),
      errors,
      summary: summaryOf(errors, 'ed'),
    }),
  );
}

exchangePages.get('/viec-lam/nguoi-tim-viec/:id/sua', requirePermission('exchange:write'), (req, res) =>
  renderEdit(req, res, idOf(req.params.id)),
);

exchangePages.post('/viec-lam/nguoi-tim-viec/:id/sua', requirePermission('exchange:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { value } = readCheckedForm<Partial<s.JobSeekerInput>>(s.updateJobSeekerBody, body);
    await service.updateJobSeeker(actorOf(req), id, value);
    flashNext(res, 'Đã cập nhật hồ sơ người tìm việc.');
    res.redirect(303, `/viec-lam/nguoi-tim-viec/${id}`);
  } catch (err) {
    if (err instanceof ValidationError) return renderEdit(req, res, id, 400, typedValues(err, body), fieldErrors(err));
    if (err instanceof ConflictError) {
      flashNext(res, err.message, 'error');
      return res.redirect(303, `/viec-lam/nguoi-tim-viec/${id}`);
    }
    throw err;
  }
});

exchangePages.post('/viec-lam/nguoi-tim-viec/:id/rut-dong-y', requirePermission('exchange:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { value } = readCheckedForm<{ withdrawnOn: string; reason?: string }>(s.withdrawConsentBody, body);
    if (!isConfirmed(body)) {
      const p = await service.getJobSeeker(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: 'Ghi nhận rút lại sự đồng ý?',
        subject: `${p.fullName} (${p.cccd.slice(0, 3)}******${p.cccd.slice(9)})`,
        consequence:
          'Người tìm việc rời khỏi việc ghép nối ngay; các giới thiệu đang mở dừng lại; trung tâm không còn xem được thông tin liên hệ. Kết quả kết nối đã có vẫn được giữ cho báo cáo (E1).',
        details: inputInWords(formFields(s.withdrawConsentBody), value),
        target: `/viec-lam/nguoi-tim-viec/${id}/rut-dong-y`,
        back: `/viec-lam/nguoi-tim-viec/${id}`,
        confirmLabel: 'Xác nhận: rút lại sự đồng ý',
      });
    }
    await service.withdrawConsent(actorOf(req), id, value);
    flashNext(res, 'Đã ghi nhận người tìm việc rút lại sự đồng ý: dừng ghép nối và giới thiệu.');
    res.redirect(303, `/viec-lam/nguoi-tim-viec/${id}`);
  } catch (err) {
    if (err instanceof ValidationError) return renderSeeker(req, res, id, 400, fieldErrors(err));
    if (err instanceof ConflictError) {
      flashNext(res, err.message, 'error');
      return res.redirect(303, `/viec-lam/nguoi-tim-viec/${id}`);
    }
    throw err;
  }
});

exchangePages.get('/viec-lam/nguoi-tim-viec.xlsx', requirePermission('exchange:export'), async (req, res) => {
  const bytes = await exportJobSeekers(actorOf(req), { unmasked: false });
  sendXlsx(res, bytes, `nguoi-tim-viec-${today()}.xlsx`);
});

exchangePages.post(
  '/viec-lam/nguoi-tim-viec/xuat-day-du',
  requirePermission('exchange:export-unmasked'),
  async (req, res) => {
    if (!isConfirmed(req.body))
      return renderConfirm(req, res, {
        heading: 'Xuất danh sách đầy đủ?',
        subject: 'Người tìm việc: số CCCD đầy đủ, số điện thoại, thư điện tử',
        consequence:
          'Tệp chứa dữ liệu cá nhân chưa che; việc xuất được ghi vào nhật ký truy cập với tên người xuất. Chỉ dùng cho việc đối soát theo quy định.',
        target: '/viec-lam/nguoi-tim-viec/xuat-day-du',
        back: '/viec-lam/nguoi-tim-viec',
        confirmLabel: 'Xác nhận: xuất đầy đủ',
      });
    const bytes = await exportJobSeekers(actorOf(req), { unmasked: true });
    sendXlsx(res, bytes, `nguoi-tim-viec-day-du-${today()}.xlsx`);
  },
);

// ---- employers ----

exchangePages.get('/viec-lam/nha-tuyen-dung', requirePermission('exchange:vacancies'), async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.listQuery, req.query);
  await loadSectorNames();
  res.render(
    'exchange/employers',
    pageContext(req, 'Người sử dụng lao động', {
      ...(notice ? { flash: notice } : {}),
      rows: await service.listEmployers(actor, query),
      q: query.q ?? '',
      canWrite: actor.role === 'centre_staff',
    }),
  );
});

async function renderEmployerForm(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const centre = await service.centreOf(actorOf(req));
  res.status(status).render(
    'exchange/employer-new',
    pageContext(req, 'Đăng ký người sử dụng lao động', {
      fields: await formViewsFor(s.createEmployerBody, 'em', {
        values,
        errors,
        defaults: { provinceCode: centre.provinceCode, kind: 'enterprise', ownership: 'non_state' },
      }),
      errors,
      summary: summaryOf(errors, 'em'),
    }),
  );
}

exchangePages.get('/viec-lam/nha-tuyen-dung/moi', requirePermission('exchange:write'), (req, res) =>
  renderEmployerForm(req, res),
);

exchangePages.post('/viec-lam/nha-tuyen-dung', requirePermission('exchange:write'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { value } = readCheckedForm<s.EmployerInput>(s.createEmployerBody, body);
    const e = await service.createEmployer(actorOf(req), value);
    flashNext(res, `Đã đăng ký người sử dụng lao động ${e.name}.`);
    res.redirect(303, `/viec-lam/nha-tuyen-dung/${e.id}`);
  } catch (err) {
    if (err instanceof ConflictError)
      return renderEmployerForm(req, res, 409, typedValues(err, body), { enterpriseCode: err.message });
    if (!(err instanceof ValidationError)) throw err;
    return renderEmployerForm(req, res, 400, typedValues(err, body), fieldErrors(err));
  }
});

exchangePages.get('/viec-lam/nha-tuyen-dung/:id', requirePermission('exchange:vacancies'), async (req, res) => {
  const actor = actorOf(req);
  const e = await service.getEmployer(actor, idOf(req.params.id));
  await loadSectorNames();
  res.render('exchange/employer', pageContext(req, e.name, { e, canWrite: actor.role === 'centre_staff' }));
});

// ---- vacancies ----

exchangePages.get('/viec-lam/viec-trong', requirePermission('exchange:vacancies'), async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.vacancyListQuery, {
    mine: actor.role === 'centre_staff' ? 'true' : 'false',
    ...req.query,
  });
  res.render(
    'exchange/vacancies',
    pageContext(req, 'Việc làm trống', {
      ...(notice ? { flash: notice } : {}),
      rows: await service.listVacancies(actor, query),
      q: query.q ?? '',
      mine: query.mine,
      states: Object.entries(VACANCY_STATE_TABLE).map(([value, st]) => ({
        value,
        label: st.label,
        selected: value === query.state,
      })),
      canWrite: actor.role === 'centre_staff',
    }),
  );
});

async function renderVacancyForm(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const actor = actorOf(req);
  const centre = await service.centreOf(actor);
  const employers = await service.listEmployers(actor, { page: 1, pageSize: 100 });
  const employerId = typeof req.query.employerId === 'string' ? req.query.employerId : undefined;
  res.status(status).render(
    'exchange/vacancy-new',
    pageContext(req, 'Đăng việc làm trống', {
      noEmployers: employers.length === 0,
      sections: sectionsOf(
        await formViewsFor(s.createVacancyBody, 'vc', {
          values,
          errors,
          employers,
          defaults: {
            employerId,
            provinceCode: centre.provinceCode,
            fullTime: true,
            generalEducation: 'none',
            technicalLevel: 'untrained',
            experience: 'none',
            recruitmentMode: 'in_person',
            numberToHire: 1,
          },
        }),
        VACANCY_SECTIONS,
      ),
      errors,
      summary: summaryOf(errors, 'vc'),
    }),
  );
}

exchangePages.get('/viec-lam/viec-trong/moi', requirePermission('exchange:write'), (req, res) =>
  renderVacancyForm(req, res),
);

exchangePages.post('/viec-lam/viec-trong', requirePermission('exchange:write'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { value } = readCheckedForm<s.VacancyInput>(s.createVacancyBody, body);
    const v = await service.createVacancy(actorOf(req), value);
    flashNext(res, `Đã đăng việc làm «${v.title}». Xem người phù hợp bên dưới.`);
    res.redirect(303, `/viec-lam/viec-trong/${v.id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return renderVacancyForm(req, res, 400, typedValues(err, body), fieldErrors(err));
  }
});

interface ActionRefusal {
  action: string;
  typed: Record<string, string>;
  errors: Record<string, string>;
  verdicts?: Verdict[];
  other?: string[];
}

async function renderVacancy(req: Request, res: Response, id: number, refused?: ActionRefusal, status = 200) {
  const actor = actorOf(req);
  const v = await service.getVacancy(actor, id);
  await loadSectorNames();
  const candidates = v.own && actor.role === 'centre_staff' ? await service.matchVacancy(actor, id) : [];
  const forms = v.allowedActions.map((a) => {
    const t = vacancyWorkflow.transitions.find((x) => x.action === a.action)!;
    const mine = refused?.action === a.action ? refused : undefined;
    return {
      ...a,
      confirm: t.confirm,
      fields: fieldViews(formFields(t.input), {
        idPrefix: `va-${a.action}`,
        values: mine?.typed,
        errors: mine?.errors,
      }),
      other: mine?.other ?? [],
    };
  });
  res.status(status).render(
    'exchange/vacancy',
    pageContext(req, v.title, {
      v: {
        ...v,
        wage: wageWords(v),
        left: v.numberToHire - v.hiredCount,
        stateLabel: VACANCY_STATE_TABLE[v.state as 'open'].label,
      },
      candidates,
      referrals: await service.vacancyReferrals(actor, id),
      forms,
      timeline: await service.vacancyTimeline(actor, id),
      origins: Object.entries(L.ORIGIN_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === 'employer',
      })),
    }),
  );
}

exchangePages.get('/viec-lam/viec-trong/:id', requirePermission('exchange:vacancies'), async (req, res) =>
  renderVacancy(req, res, idOf(req.params.id)),
);

exchangePages.post('/viec-lam/viec-trong/:id/hanh-dong', requirePermission('exchange:transition'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const action = typeof body.action === 'string' ? body.action : '';
  const t = vacancyWorkflow.transitions.find((x) => x.action === action);
  const fields = formFields(t?.input);
  const { input, typed } = readForm(fields, body);
  try {
    if (t?.input) check(t.input, input);
    if (t?.confirm && !isConfirmed(body)) {
      const v = await service.getVacancy(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: `${t.label}?`,
        subject: `${v.title} – ${v.employer.name}`,
        consequence: t.confirm,
        details: inputInWords(fields, input),
        target: `/viec-lam/viec-trong/${id}/hanh-dong`,
        back: `/viec-lam/viec-trong/${id}`,
        confirmLabel: `Xác nhận: ${t.label}`,
      });
    }
    await service.transitionVacancy(actorOf(req), id, {
      action,
      input,
      expectedVersion: Number(body.expectedVersion ?? -1),
    });
    flashNext(res, `Đã ${t?.label.toLowerCase() ?? 'lưu'}.`);
    res.redirect(303, `/viec-lam/viec-trong/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    const errors = err instanceof ValidationError ? fieldErrors(err) : {};
    return renderVacancy(
      req,
      res,
      id,
      { action, typed, errors, other: err instanceof ValidationError ? [] : [refusalMessage(err)] },
      err.status,
    );
  }
});

exchangePages.get('/viec-lam/viec-trong.xlsx', requirePermission('exchange:vacancies'), async (req, res) => {
  const bytes = await exportVacancies(actorOf(req));
  sendXlsx(res, bytes, `viec-lam-trong-${today()}.xlsx`);
});

// ---- introductions and requests ----

exchangePages.post('/viec-lam/gioi-thieu', requirePermission('exchange:write'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  const back =
    typeof body.back === 'string' && /^\/viec-lam\/[a-z0-9/-]+$/.test(body.back) ? body.back : '/viec-lam/gioi-thieu';
  await attemptAction(
    res,
    back,
    async () => {
      const r = await service.introduce(
        actorOf(req),
        check(s.introduceBody, { jobSeekerId: body.jobSeekerId, vacancyId: body.vacancyId, origin: body.origin }),
      );
      return `/viec-lam/gioi-thieu/${r.id}`;
    },
    'Đã giới thiệu người tìm việc với nhà tuyển dụng.',
  );
});

exchangePages.post('/viec-lam/yeu-cau', requirePermission('exchange:write'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  const back =
    typeof body.back === 'string' && /^\/viec-lam\/[a-z0-9/-]+$/.test(body.back) ? body.back : '/viec-lam/yeu-cau';
  await attemptAction(
    res,
    back,
    async () => {
      await service.requestIntroduction(
        actorOf(req),
        check(s.requestIntroductionBody, {
          jobSeekerId: body.jobSeekerId,
          vacancyId: body.vacancyId,
          note: body.note || undefined,
        }),
      );
    },
    'Đã gửi đề nghị tới trung tâm đang quản lý người tìm việc; trung tâm đó sẽ quyết định.',
  );
});

exchangePages.get('/viec-lam/yeu-cau', requirePermission('exchange:write'), async (req, res) => {
  const rows = await service.listRequests(actorOf(req));
  res.render(
    'exchange/requests',
    pageContext(req, 'Đề nghị giới thiệu', {
      incoming: rows.filter((r) => r.incoming),
      outgoing: rows.filter((r) => !r.incoming),
    }),
  );
});

exchangePages.post('/viec-lam/yeu-cau/:id', requirePermission('exchange:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, string>;
  await attemptAction(
    res,
    '/viec-lam/yeu-cau',
    async () => {
      const r = await service.decideRequest(
        actorOf(req),
        id,
        check(s.decideRequestBody, { decision: body.decision, note: body.note || undefined }),
      );
      return r.referralId ? `/viec-lam/gioi-thieu/${r.referralId}` : '/viec-lam/yeu-cau';
    },
    body.decision === 'accept' ? 'Đã nhận giới thiệu: giới thiệu được tạo.' : 'Đã từ chối đề nghị.',
  );
});

// ---- referrals ----

exchangePages.get('/viec-lam/gioi-thieu', requirePermission('exchange:write'), async (req, res) => {
  const actor = actorOf(req);
  // two tabs: domestic vacancies, and overseas orders handed to sending organisations (Decree 352 Art 7.1.b)
  const abroad = req.query.noi === 'nuoc-ngoai';
  const rows = abroad
    ? (await listHandoffs(actor, { page: 1, pageSize: 200 })).map((h) => ({
        ...h,
        vacancyTitle: h.orderJobTitle,
        vacancyEmployer: `${h.orderEmployer ?? ''} · ${h.senderName}`,
        nextDeadlineOn: null,
        nextDeadlineRule: null,
      }))
    : (await service.listReferrals(actor, { page: 1, pageSize: 100 })).filter((r) => r.vacancyId !== null);
  const columns = (Object.keys(REFERRAL_STATE_TABLE) as (keyof typeof REFERRAL_STATE_TABLE)[]).map((state) => ({
    state,
    label: REFERRAL_STATE_TABLE[state].label,
    items: rows.filter((r) => r.state === state),
  }));
  res.render(
    'exchange/board',
    pageContext(req, 'Giới thiệu việc làm', {
      columns,
      total: rows.length,
      abroad,
      requests: abroad ? await pendingHandoffRequests(actor) : [],
    }),
  );
});

async function renderReferral(req: Request, res: Response, id: number, refused?: ActionRefusal, status = 200) {
  const actor = actorOf(req);
  const r = await service.getReferral(actor, id);
  await loadSectorNames();
  // an overseas referral follows the sending organisation's case: only what the centre still does by hand is offered
  const handoff = r.vacancyId === null ? await getHandoff(actor, id).catch(() => null) : null;
  const byHand = handoff
    ? r.allowedActions.filter((a) =>
        handoff.caseId === null ? a.action === 'withdraw' : ['record_follow_up', 'record_nje'].includes(a.action),
      )
    : r.allowedActions;
  const forms = await Promise.all(
    byHand.map(async (a) => {
      const t = referralWorkflow.transitions.find((x) => x.action === a.action)!;
      const mine = refused?.action === a.action ? refused : undefined;
      const defaults: Record<string, unknown> = {};
      for (const f of formFields(t.input)) if (f.kind === 'date' && f.required && f.past) defaults[f.name] = today();
      return {
        ...a,
        confirm: t.confirm,
        fields: t.input
          ? await formViewsFor(t.input, `rf-${a.action}`, { values: mine?.typed, errors: mine?.errors, defaults })
          : [],
        verdicts: mine?.verdicts ?? [],
        other: mine?.other ?? [],
        error: Boolean(mine),
      };
    }),
  );
  res.status(status).render(
    'exchange/referral',
    pageContext(req, `Giới thiệu #${id}`, {
      r: { ...r, stateLabel: REFERRAL_STATE_TABLE[r.state as 'introduced'].label, hired: r.state === 'hired' },
      handoff,
      forms,
      obligations: r.obligations.map((o) => ({
        ...o,
        statusLabel: { open: 'Đang chờ', met: 'Đã xong', waived: 'Không áp dụng', paused: 'Tạm dừng' }[o.status],
        overdue: o.status === 'open' && o.dueOn < today(),
        label:
          o.kind === 'follow_up'
            ? 'Theo dõi người lao động sau tuyển dụng (E3)'
            : 'Cập nhật lên Sàn giao dịch việc làm quốc gia (E4)',
      })),
      timeline: await service.referralTimeline(actor, id),
    }),
  );
}

exchangePages.get('/viec-lam/gioi-thieu/:id', requirePermission('exchange:write'), (req, res) =>
  renderReferral(req, res, idOf(req.params.id)),
);

exchangePages.post('/viec-lam/gioi-thieu/:id/hanh-dong', requirePermission('exchange:transition'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const action = typeof body.action === 'string' ? body.action : '';
  const t = referralWorkflow.transitions.find((x) => x.action === action);
  const fields = formFields(t?.input);
  const { input, problems, typed } = readForm(fields, body);
  try {
    if (problems.length) {
      const named = new Set(problems.map((p) => p.path));
      try {
        if (t?.input) check(t.input, input);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const p of e.details as FieldProblem[]) if (!named.has(p.path)) problems.push(p);
      }
      throw new ValidationError(problems);
    }
    if (t?.input) check(t.input, input);
    if (t?.confirm && !isConfirmed(body)) {
      const r = await service.getReferral(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: `${t.label}?`,
        subject: `${r.fullName} – ${r.vacancyTitle ?? ''} (${r.vacancyEmployer ?? ''})`,
        consequence: t.confirm,
        details: inputInWords(fields, input),
        target: `/viec-lam/gioi-thieu/${id}/hanh-dong`,
        back: `/viec-lam/gioi-thieu/${id}`,
        confirmLabel: `Xác nhận: ${t.label}`,
      });
    }
    const moved = await service.transitionReferral(actorOf(req), id, {
      action,
      input,
      expectedVersion: Number(body.expectedVersion ?? -1),
    });
    flashNext(
      res,
      moved.event.fromState === moved.event.toState
        ? 'Đã ghi nhận.'
        : `Đã chuyển sang «${REFERRAL_STATE_TABLE[moved.event.toState as 'hired'].label}».`,
    );
    res.redirect(303, `/viec-lam/gioi-thieu/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    const errors: Record<string, string> = {};
    const other: string[] = [];
    if (err instanceof ValidationError) {
      for (const p of (err.details as FieldProblem[]) ?? []) {
        const key = p.path.replace(/^input\./, '');
        if (fields.some((f) => key.split('.')[0] === f.name)) errors[key] ??= p.message;
        else other.push(p.message);
      }
    } else if (err.status !== 422) other.push(refusalMessage(err));
    const verdicts = err.status === 422 ? ((err.details as { verdicts?: Verdict[] } | undefined)?.verdicts ?? []) : [];
    return renderReferral(req, res, id, { action, typed, errors, verdicts, other }, err.status);
  }
});

// the overseas hand-off: the sending organisation's inbox and the centre's overseas actions (exchange.handoff-pages.ts)
exchangePages.use(handoffPages);

// ---- the house settings of the matching (admin) ----

exchangePages.get('/viec-lam/quy-uoc', requirePermission('exchange:read'), async (req, res) => {
  res.render(
    'exchange/weights',
    pageContext(req, 'Quy ước ghép nối việc làm', { rows: await listWeights(), errors: {}, readOnly: true }),
  );
});

exchangePages.get('/admin/quy-uoc-ghep-noi', requirePermission('exchange:settings'), async (req, res) => {
  res.render(
    'exchange/weights',
    pageContext(req, 'Quy ước ghép nối việc làm', { rows: await listWeights(), errors: {} }),
  );
});

exchangePages.post('/admin/quy-uoc-ghep-noi', requirePermission('exchange:settings'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  const rows = await listWeights();
  const values: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const r of rows) {
    const raw = body[r.key] as unknown;
    const typed = String((Array.isArray(raw) ? raw[0] : raw) ?? '').trim();
    if (!/^[0-9]{1,3}$/.test(typed) || Number(typed) > 100) errors[r.key] = `«${r.label}»: nhập số điểm từ 0 đến 100`;
    else values[r.key] = Number(typed);
  }
  if (Object.keys(errors).length)
    return res.status(400).render(
      'exchange/weights',
      pageContext(req, 'Quy ước ghép nối việc làm', {
        rows: rows.map((r) => ({ ...r, points: body[r.key] ?? r.points })),
        errors,
        flash: { kind: 'error', message: 'Chưa lưu được: xem các mục được đánh dấu.' },
      }),
    );
  await updateWeights(actorOf(req), values);
  flashNext(res, 'Đã lưu điểm của các lý do ghép nối. Kết quả ghép nối dùng ngay điểm mới.');
  res.redirect(303, '/admin/quy-uoc-ghep-noi');
});
