import express, { type Request, type Response } from 'express';
import { agencyNames } from '../agencies';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { fileStore, receiveFile } from '../../shared/files';
import { check } from '../../shared/validate';
import { fieldErrors, formValues, pageContext, pageFilters, refusalMessage } from '../../shared/pages';
import { flashNext } from '../../shared/flash';
import { today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { roleHas } from '../../shared/auth/permissions';
import { listCommunes, listProvinces } from '../reference';
import { CONSENT_PURPOSES, EDUCATION_LEVELS, HOUSEHOLD_STATUSES } from './workers.model';
import * as s from './workers.schemas';
import * as service from './workers.service';
import { panel } from '../../shared/registry';

export const workersPages = express.Router();

export const LABELS = {
  sex: { male: 'Nam', female: 'Nữ' } as Record<string, string>,
  household: {
    poor: 'Hộ nghèo',
    near_poor: 'Hộ cận nghèo',
    escaped_poverty: 'Hộ mới thoát nghèo',
    none: 'Không thuộc diện',
  } as Record<string, string>,
  education: {
    none: 'Chưa qua trường lớp',
    primary: 'Tiểu học',
    lower_secondary: 'Trung học cơ sở',
    upper_secondary: 'Trung học phổ thông',
    vocational: 'Trung cấp / nghề',
    college: 'Cao đẳng',
    university: 'Đại học',
    postgraduate: 'Sau đại học',
  } as Record<string, string>,
  purposes: {
    recruitment: 'Tuyển chọn',
    placement_abroad: 'Đưa đi làm việc ở nước ngoài',
    support_grants: 'Đề nghị hỗ trợ của Nhà nước',
    training: 'Đào tạo, giáo dục định hướng',
    data_sharing_abroad: 'Chia sẻ dữ liệu với đối tác nước ngoài',
    job_matching: 'Tư vấn, giới thiệu và kết nối việc làm (trung tâm dịch vụ việc làm)',
  } as Record<string, string>,
};

const NULLABLE = [
  'cccdIssuedOn',
  'phone',
  'email',
  'ethnicity',
  'provinceCode',
  'communeCode',
  'street',
  'oldProvinceName',
  'oldDistrictName',
  'education',
  'householdStatusYear',
];
const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Form fields → API input: checkboxes to booleans, languages from a comma list, consent grouped. */
function workerForm(body: Record<string, unknown>, forUpdate: boolean) {
  const v = formValues(body, {
    nullable: forUpdate ? NULLABLE : [],
    dates: ['dateOfBirth', 'cccdIssuedOn', 'consentDate'],
  });
  v.landRecovered = body.landRecovered === 'on';
  v.meritoriousFamily = body.meritoriousFamily === 'on';
  if (typeof v.languages === 'string')
    v.languages = v.languages
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  else if (forUpdate) v.languages = [];
  if (!forUpdate) {
    const fileId =
      typeof v.consentFileId === 'string' && /^\d{1,15}$/.test(v.consentFileId) ? Number(v.consentFileId) : undefined;
    v.consent = { consentDate: v.consentDate, purposes: asArray(body.purposes), evidence: v.evidence, fileId };
  }
  delete v.consentDate;
  delete v.purposes;
  delete v.evidence;
  delete v.consentFileId;
  return v;
}

async function renderForm(
  req: Request,
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  // the form's own values come back as typed: a province code only when it is one (a forged form may send anything)
  const provinceCode =
    typeof values.provinceCode === 'string' && /^[0-9]{2}$/.test(values.provinceCode) ? values.provinceCode : '38';
  const provinces = (await listProvinces()).map((p) => ({ ...p, selected: p.code === provinceCode }));
  const communes = (await listCommunes(provinceCode)).map((c) => ({ ...c, selected: c.code === values.communeCode }));
  const consent = (values.consent ?? {}) as Record<string, unknown>;
  const verification = values.identityVerification as { on: string; methodLabel: string } | null | undefined;
  const chosen = asArray(consent.purposes ?? ['recruitment', 'placement_abroad']);
  res.status(status).render(
    'workers/form',
    pageContext(req, values.id ? 'Sửa hồ sơ người lao động' : 'Đăng ký người lao động', {
      values: {
        ...values,
        languagesText: asArray(values.languages).join(', '),
        consentDate: consent.consentDate ?? today(),
        evidence: consent.evidence ?? '',
        consentFileId: consent.fileId ?? '',
        consentFileName: consent.fileId
          ? (await fileStore().info([consent.fileId as number])).get(consent.fileId as number)?.name
          : undefined,
      },
      // verified identity fields are shown, not edited: they change only through re-verification
      verified: verification
        ? {
            on: formatDateVi(verification.on),
            method: verification.methodLabel,
            sexLabel: LABELS.sex[values.sex as string] ?? '',
          }
        : null,
      errors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [k.replace(/^consent\./, ''), m])),
      provinces,
      communes,
      sexes: Object.entries(LABELS.sex).map(([value, label]) => ({ value, label, selected: value === values.sex })),
      households: HOUSEHOLD_STATUSES.map((value) => ({
        value,
        label: LABELS.household[value],
        selected: value === (values.householdStatus ?? 'none'),
      })),
      educations: EDUCATION_LEVELS.map((value) => ({
        value,
        label: LABELS.education[value],
        selected: value === values.education,
      })),
      purposes: CONSENT_PURPOSES.map((value) => ({
        value,
        label: LABELS.purposes[value],
        checked: chosen.includes(value),
      })),
      ...extra,
    }),
  );
}

workersPages.get('/workers', requirePermission('workers:read'), async (req, res) => {
  const actor = actorOf(req);
  if (actor.role === 'worker') return res.redirect(303, `/workers/${actor.workerId}`);
  const { query, notice } = pageFilters(s.listWorkersQuery, req.query);
  const result = await service.listWorkers(actor, query);
  const provinces = (await listProvinces()).map((p) => ({ ...p, selected: p.code === query.provinceCode }));
  const households = HOUSEHOLD_STATUSES.map((value) => ({
    value,
    label: LABELS.household[value],
    selected: value === query.householdStatus,
  }));
  const workers = result.data.map((w) => ({
    ...w,
    sexLabel: LABELS.sex[w.sex],
    householdLabel: LABELS.household[w.householdStatus],
  }));
  const pages = {
    prev: query.page > 1 ? query.page - 1 : null,
    next: query.page * query.pageSize < result.page.total ? query.page + 1 : null,
  };
  const qs = (page: number | null) =>
    page &&
    new URLSearchParams({
      ...Object.fromEntries(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ),
      page: String(page),
    }).toString();
  res.render(
    'workers/list',
    pageContext(req, 'Người lao động', {
      ...(notice ? { flash: notice } : {}),
      workers,
      page: result.page,
      query,
      provinces,
      households,
      prevQs: qs(pages.prev),
      nextQs: qs(pages.next),
      canCreate: actor.role === 'agency_staff' || actor.role === 'admin',
    }),
  );
});

workersPages.get('/workers/new', requirePermission('workers:create'), async (req, res) => {
  await renderForm(req, res, 200, { householdStatus: 'none' });
});

/** The consent scan of a registration form: stored as soon as it arrives, so a refused form keeps it (its id rides along). */
async function consentScan(req: Request): Promise<{ id: number; name: string } | null> {
  if (!req.file) return null;
  const stored = await fileStore().put({
    bytes: req.file.buffer,
    name: req.file.originalname,
    uploaderUserId: actorOf(req).userId,
    field: 'fileId',
  });
  return { id: stored.id, name: (await fileStore().info([stored.id])).get(stored.id)!.name };
}

workersPages.post('/workers', requirePermission('workers:create'), async (req, res) => {
  await receiveFile(req, res, 'consentScan');
  let scan: { id: number; name: string } | null;
  try {
    scan = await consentScan(req);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const values = workerForm(req.body ?? {}, false);
    return renderForm(req, res, err.status, values, {
      fileId: err instanceof ValidationError ? (fieldErrors(err).fileId ?? err.message) : err.message,
    });
  }
  const values = workerForm({ ...(req.body ?? {}), ...(scan ? { consentFileId: String(scan.id) } : {}) }, false);
  try {
    const w = await service.createWorker(actorOf(req), check(s.createWorkerBody, values));
    flashNext(res, 'Đã đăng ký người lao động.');
    res.redirect(303, `/workers/${w.id}`);
  } catch (err) {
    if (err instanceof ConflictError) {
      const details = err.details as { existingWorkerId?: number };
      return renderForm(req, res, 409, values, { cccd: err.message }, { existingWorkerId: details?.existingWorkerId });
    }
    if (err instanceof ForbiddenError) return renderForm(req, res, 403, values, { fullName: err.message });
    if (err instanceof NotFoundError)
      return renderForm(req, res, 400, values, { fileId: 'Không tìm thấy bản quét phiếu đồng ý: hãy chọn lại tệp' });
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, values, fieldErrors(err));
  }
});

workersPages.post('/workers/:id/links', requirePermission('workers:link'), async (req, res) => {
  const { id } = check(s.workerIdParams, req.params);
  const body = req.body ?? {};
  try {
    const input = check(s.linkBody, {
      ...formValues(body, { dates: ['dateOfBirth', 'consentDate'] }),
      purposes: asArray(body.purposes),
    });
    await service.linkWorker(actorOf(req), id, input);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa liên kết được: ${refusalMessage(err)}`, 'error');
    return res.redirect(303, '/workers/new');
  }
  flashNext(res, 'Đã liên kết hồ sơ với doanh nghiệp.');
  res.redirect(303, `/workers/${id}`);
});

workersPages.get('/workers/:id', requirePermission('workers:read'), async (req, res) => {
  const { id } = check(s.workerIdParams, req.params);
  const actor = actorOf(req);
  const w = await service.getWorker(actor, id);
  const communes = w.provinceCode ? await listCommunes(w.provinceCode) : [];
  const provinces = await listProvinces();
  const names = await agencyNames(w.links.map((l) => l.agencyId));
  res.render(
    'workers/detail',
    pageContext(req, w.fullName, {
      w: {
        ...w,
        sexLabel: LABELS.sex[w.sex],
        householdLabel: LABELS.household[w.householdStatus],
        educationLabel: w.education ? LABELS.education[w.education] : '',
        communeName: communes.find((c) => c.code === w.communeCode)?.name,
        provinceName: provinces.find((p) => p.code === w.provinceCode)?.name,
        links: w.links.map((l) => ({
          ...l,
          agencyName: names.agencies.get(l.agencyId) ?? '',
          purposesText: l.purposes.map((p) => LABELS.purposes[p] ?? p).join(', '),
        })),
      },
      canEdit: actor.role === 'agency_staff' || actor.role === 'admin',
      // Decree 318/2025: verified identity fields, and the manual check against the chip card or VNeID (/xac-thuc)
      verified: w.identityVerification
        ? { on: formatDateVi(w.identityVerification.on), method: w.identityVerification.methodLabel }
        : null,
      canVerify: roleHas(actor.role, 'identity:verify'),
      // her portal account: a one-time code on a printed slip (agency staff linked to her, her commune's officer)
      canIssueCode: actor.role === 'agency_staff' || actor.role === 'commune_officer',
      casesPanel: await panel('cases.worker', actor, id),
      accountsPanel: await panel('users.worker', actor, id),
      coursesPanel: await panel('training.worker', actor, id),
      papersPanel:
        actor.role === 'commune_officer' || actor.role === 'province_officer'
          ? null
          : await panel('papers.worker', actor, id),
    }),
  );
});

workersPages.get('/workers/:id/edit', requirePermission('workers:update'), async (req, res) => {
  const { id } = check(s.workerIdParams, req.params);
  const w = await service.getWorker(actorOf(req), id);
  await renderForm(req, res, 200, w);
});

workersPages.post('/workers/:id', requirePermission('workers:update'), async (req, res) => {
  const { id } = check(s.workerIdParams, req.params);
  const typed = workerForm(req.body ?? {}, true);
  let values = typed;
  try {
    await service.updateWorker(actorOf(req), id, check(s.updateWorkerBody, typed));
    flashNext(res, 'Đã lưu.');
    res.redirect(303, `/workers/${id}`);
  } catch (err) {
    // a verified worker's form shows her identity as verified again (the fields were not sent)
    const current = await service.getWorker(actorOf(req), id).catch(() => null);
    if (current?.identityVerification)
      values = {
        ...typed,
        identityVerification: current.identityVerification,
        fullName: current.fullName,
        dateOfBirth: current.dateOfBirth,
        sex: current.sex,
        cccd: current.cccd,
      };
    if (err instanceof ForbiddenError) return renderForm(req, res, 403, { ...values, id }, { fullName: err.message });
    if (err instanceof ConflictError) return renderForm(req, res, 409, { ...values, id }, { cccd: err.message });
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, { ...values, id }, fieldErrors(err));
  }
});
