import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { fieldErrors, formValues, pageContext, pageFilters, dateKeys } from '../../shared/pages';
import { flashNext } from '../../shared/flash';
import { idParams } from '../../shared/schemas';
import { listProvinces } from '../reference';
import { AGENCY_KINDS } from './agencies.model';
import * as s from './agencies.schemas';
import * as service from './agencies.service';

export const agenciesPages = express.Router();

export const KIND_LABELS: Record<string, string> = {
  service_enterprise: 'Doanh nghiệp dịch vụ',
  public_unit: 'Đơn vị sự nghiệp công lập',
  other_sender: 'Tổ chức đưa người lao động khác',
  employment_centre: 'Trung tâm dịch vụ việc làm',
};
const STATUS_LABELS: Record<string, string> = {
  active: 'Đang hoạt động',
  suspended: 'Tạm đình chỉ',
  revoked: 'Bị thu hồi giấy phép',
};
const NULLABLE = [
  'licenceNumber',
  'licenceIssuedOn',
  'licenceExpiresOn',
  'taxCode',
  'address',
  'provinceCode',
  'depositBank',
  'depositConfirmedOn',
];

const withLabels = <T extends { kind: string; status: string }>(a: T) => ({
  ...a,
  kindLabel: KIND_LABELS[a.kind],
  statusLabel: STATUS_LABELS[a.status],
});

async function renderForm(
  req: Request,
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
) {
  const provinces = (await listProvinces()).map((p) => ({ ...p, selected: p.code === values.provinceCode }));
  const kinds = AGENCY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], selected: k === values.kind }));
  res
    .status(status)
    .render(
      'agencies/form',
      pageContext(req, values.id ? 'Sửa doanh nghiệp' : 'Thêm doanh nghiệp', { values, errors, provinces, kinds }),
    );
}

function agencyForm(body: unknown, forUpdate: boolean) {
  const values = formValues(body, { nullable: forUpdate ? NULLABLE : [], dates: dateKeys(s.createAgencyBody) });
  values.depositConfirmed = (body as Record<string, unknown>)?.depositConfirmed === 'on';
  return values;
}

agenciesPages.get('/agencies', requirePermission('agencies:read'), async (req, res) => {
  const { query, notice } = pageFilters(s.listAgenciesQuery, req.query);
  const result = await service.listAgencies(actorOf(req), query);
  res.render(
    'agencies/list',
    pageContext(req, 'Doanh nghiệp', {
      ...(notice ? { flash: notice } : {}),
      ...result,
      agencies: result.data.map(withLabels),
      q: query.q,
      isAdmin: req.actor?.role === 'admin',
    }),
  );
});

agenciesPages.get('/agencies/new', requirePermission('agencies:manage'), async (req, res) => {
  await renderForm(req, res, 200, { kind: 'service_enterprise' });
});

agenciesPages.post('/agencies', requirePermission('agencies:manage'), async (req, res) => {
  const values = agencyForm(req.body, false);
  try {
    const a = await service.createAgency(actorOf(req), check(s.createAgencyBody, values));
    flashNext(res, 'Đã thêm doanh nghiệp.');
    res.redirect(303, `/agencies/${a.id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, values, fieldErrors(err));
  }
});

agenciesPages.get('/agencies/:id', requirePermission('agencies:read'), async (req, res) => {
  const { id } = check(idParams, req.params);
  const agency = withLabels(await service.getAgency(actorOf(req), id));
  res.render('agencies/detail', pageContext(req, agency.name, { agency, isAdmin: req.actor?.role === 'admin' }));
});

agenciesPages.get('/agencies/:id/edit', requirePermission('agencies:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  await renderForm(req, res, 200, await service.getAgency(actorOf(req), id));
});

agenciesPages.post('/agencies/:id', requirePermission('agencies:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  const values = agencyForm(req.body, true);
  try {
    await service.updateAgency(actorOf(req), id, check(s.updateAgencyBody, values));
    flashNext(res, 'Đã lưu.');
    res.redirect(303, `/agencies/${id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, { ...values, id }, fieldErrors(err));
  }
});

agenciesPages.post('/agencies/:id/branches', requirePermission('agencies:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  await service.addBranch(actorOf(req), id, check(s.branchBody, formValues(req.body)));
  flashNext(res, 'Đã lưu.');
  res.redirect(303, `/agencies/${id}`);
});
