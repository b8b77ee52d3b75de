import express, { type Request, type Response } from 'express';
import { agencyChoices, agencyNames } from '../agencies';
import { listCommunes, listProvinces } from '../reference';
import { listWorkers, workerLabel } from '../workers';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { ROLES, roleHas } from '../../shared/auth/permissions';
import { registerPanel } from '../../shared/registry';
import { ConflictError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { fieldErrors, formValues, pageContext, pageFilters } from '../../shared/pages';
import { flashNext } from '../../shared/flash';
import { idParams } from '../../shared/schemas';
import * as s from './users.schemas';
import * as service from './users.service';

export const usersPages = express.Router();

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Quản trị hệ thống',
  agency_staff: 'Nhân viên doanh nghiệp',
  commune_officer: 'Cán bộ xã/phường',
  province_officer: 'Cán bộ tỉnh/thành phố',
  worker: 'Người lao động',
  centre_staff: 'Cán bộ trung tâm dịch vụ việc làm',
};
const SCOPE = ['agencyId', 'branchId', 'communeCode', 'provinceCode', 'workerId'];

async function renderForm(
  req: Request,
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  flash?: string,
) {
  const roles = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === values.role }));
  // pickers by name: agencies with their branches, provinces, the chosen province's communes, the linked worker
  const same = (a: unknown, b: unknown) => a !== undefined && a !== null && String(a) === String(b);
  const agencies = (await agencyChoices()).map((a) => ({
    ...a,
    selected: same(values.agencyId, a.id),
    branches: a.branches.map((b) => ({ ...b, selected: same(values.branchId, b.id) })),
  }));
  const provinces = (await listProvinces()).map((p) => ({ ...p, selected: same(values.provinceCode, p.code) }));
  const communes =
    typeof values.provinceCode === 'string' && values.provinceCode
      ? (await listCommunes(values.provinceCode)).map((c) => ({ ...c, selected: same(values.communeCode, c.code) }))
      : [];
  const worker =
    values.workerId && /^\d+$/.test(String(values.workerId)) ? await workerLabel(Number(values.workerId)) : null;
  res.status(status).render(
    'users/form',
    pageContext(req, values.id ? `Người dùng ${String(values.username)}` : 'Thêm người dùng', {
      values,
      errors,
      roles,
      agencies,
      provinces,
      communes,
      worker,
      ...(flash ? { flash: { kind: 'success', message: flash } } : {}),
    }),
  );
}

usersPages.get('/admin/users', requirePermission('users:manage'), async (req, res) => {
  const { query, notice } = pageFilters(s.listUsersQuery, req.query);
  const result = await service.listUsers(query);
  const names = await agencyNames(
    result.data.flatMap((u) => (u.agencyId ? [u.agencyId] : [])),
    result.data.flatMap((u) => (u.branchId ? [u.branchId] : [])),
  );
  const users = result.data.map((u) => ({
    ...u,
    roleLabel: ROLE_LABELS[u.role],
    agencyName: u.agencyId ? names.agencies.get(u.agencyId) : null,
    branchName: u.branchId ? names.branches.get(u.branchId) : null,
  }));
  res.render(
    'users/list',
    pageContext(req, 'Người dùng', { ...(notice ? { flash: notice } : {}), users, page: result.page, q: query.q }),
  );
});

usersPages.get('/admin/users/new', requirePermission('users:manage'), async (req, res) => {
  // from a worker's page: a worker account for her, prefilled
  const workerId =
    typeof req.query.workerId === 'string' && /^\d{1,15}$/.test(req.query.workerId) ? req.query.workerId : null;
  await renderForm(req, res, 200, workerId ? { role: 'worker', workerId } : { role: 'agency_staff' });
});

/** The form names the worker by CCCD (or keeps the linked one): found in the whole registry (admins see it all). */
async function withWorker(req: Request, values: Record<string, unknown>): Promise<void> {
  const typed = typeof values.workerCccd === 'string' ? values.workerCccd.replace(/\s/g, '') : '';
  delete values.workerCccd;
  if (!typed) return;
  const found = /^[0-9]{12}$/.test(typed)
    ? (await listWorkers(actorOf(req), { q: typed, page: 1, pageSize: 1 })).data[0]
    : undefined;
  if (!found)
    throw new ValidationError([
      {
        path: 'workerCccd',
        message: /^[0-9]{12}$/.test(typed) ? 'Không có người lao động với số CCCD này' : 'Số CCCD gồm 12 chữ số',
      },
    ]);
  values.workerId = found.id;
}

usersPages.post('/admin/users', requirePermission('users:manage'), async (req, res) => {
  const values = formValues(req.body);
  try {
    await withWorker(req, values);
    const u = await service.createUser(
      actorOf(req),
      check(s.createUserBody, { ...values, digestOptOut: values.digestOptOut === 'on' }),
    );
    flashNext(res, 'Đã tạo tài khoản.');
    res.redirect(303, `/admin/users/${u.id}`);
  } catch (err) {
    if (err instanceof ConflictError) return renderForm(req, res, 409, values, { username: err.message });
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, values, fieldErrors(err));
  }
});

usersPages.get('/admin/users/:id', requirePermission('users:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  await renderForm(req, res, 200, await service.getUser(actorOf(req), id));
});

usersPages.post('/admin/users/:id', requirePermission('users:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  // an emptied e-mail address is cleared (the digests stop), not left as it was
  const values = formValues(req.body, { nullable: [...SCOPE, 'email'] });
  try {
    await withWorker(req, values);
    await service.updateUser(
      actorOf(req),
      id,
      check(s.updateUserBody, {
        ...values,
        active: values.active === 'on',
        digestOptOut: values.digestOptOut === 'on',
      }),
    );
    flashNext(res, 'Đã lưu.');
    res.redirect(303, `/admin/users/${id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, { ...(await service.getUser(actorOf(req), id)), ...values }, fieldErrors(err));
  }
});

usersPages.post('/admin/users/:id/password', requirePermission('users:manage'), async (req, res) => {
  const { id } = check(idParams, req.params);
  try {
    await service.resetPassword(actorOf(req), id, check(s.resetPasswordBody, formValues(req.body)).password);
    await renderForm(
      req,
      res,
      200,
      await service.getUser(actorOf(req), id),
      {},
      'Đã đặt mật khẩu mới; các phiên đăng nhập cũ của người này đã bị thu hồi.',
    );
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, await service.getUser(actorOf(req), id), { password: fieldErrors(err).password });
  }
});

// the account page: every signed-in user's own e-mail address (for the daily alert digest) and the digest's opt-out
async function renderAccount(
  req: Request,
  res: Response,
  status: number,
  values?: Record<string, unknown>,
  errors: Record<string, string> = {},
) {
  const me = await service.ownAccount(actorOf(req));
  res.status(status).render(
    'users/account',
    pageContext(req, 'Tài khoản của tôi', {
      me: { ...me, roleLabel: ROLE_LABELS[me.role] },
      // a worker's alerts reach her portal inbox, not an e-mail digest
      isWorker: me.role === 'worker',
      values: values ?? { email: me.email ?? '', digestOptOut: me.digestOptOut },
      errors,
    }),
  );
}

usersPages.get('/tai-khoan', requirePermission('session:self'), (req, res) => renderAccount(req, res, 200));

usersPages.post('/tai-khoan', requirePermission('session:self'), async (req, res) => {
  if (req.actor!.role === 'worker') return res.redirect(303, '/tai-khoan');
  const values = formValues(req.body);
  try {
    const input = check(s.ownSettingsBody, { email: values.email, digestOptOut: values.digestOptOut === 'on' });
    await service.updateOwnSettings(actorOf(req), { email: input.email || null, digestOptOut: input.digestOptOut });
    flashNext(res, 'Đã lưu cài đặt tài khoản.');
    res.redirect(303, '/tai-khoan');
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderAccount(req, res, 400, { ...values, digestOptOut: values.digestOptOut === 'on' }, fieldErrors(err));
  }
});

// the worker page's account panel (admins): her sign-in accounts, or the way to make one for her
registerPanel('users.worker', async (actor, workerId) => {
  if (!roleHas(actor.role, 'users:manage')) return null;
  return { workerId, accounts: await service.accountsOfWorker(workerId) };
});
