import { Op, type Transaction } from 'sequelize';
import { inTransaction, sequelize } from '../../db/sequelize';
import { select } from '../../db/sql';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { hashPassword } from '../../shared/auth/passwords';
import type { Actor, Role } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { User } from './users.model';
import type { CreateUserInput, UpdateUserInput, UserScopeInput } from './users.schemas';

type UserRow = Pick<
  User,
  | 'id'
  | 'username'
  | 'displayName'
  | 'role'
  | 'agencyId'
  | 'branchId'
  | 'communeCode'
  | 'provinceCode'
  | 'workerId'
  | 'active'
>;

export function toActor(u: UserRow): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    agencyId: u.agencyId ?? null,
    branchId: u.branchId ?? null,
    communeCode: u.communeCode ?? null,
    provinceCode: u.provinceCode ?? null,
    workerId: u.workerId === null || u.workerId === undefined ? null : Number(u.workerId),
  };
}

export function toUserDto(u: UserRow & Partial<Pick<User, 'email' | 'digestOptOut'>>) {
  const { userId, ...rest } = toActor(u);
  return { id: userId, ...rest, active: u.active, email: u.email ?? null, digestOptOut: u.digestOptOut ?? false };
}

/** A phone number as workers type it ("0912 345 678", "+84 912345678") in the form stored: "0912345678". */
export function normalisePhone(typed: string): string | null {
  const digits = typed.normalize('NFKC').replace(/[\s.()-]/g, '');
  const m = /^(?:\+?84|0)(\d{9,10})$/.exec(digits);
  return m ? `0${m[1]}` : null;
}

/**
 * The account a sign-in names: a username; or, for a worker account, her CCCD (12 digits) or her phone number. A
 * phone number signs in only when it belongs to exactly one active worker account (families share phones); otherwise
 * nobody, and the caller answers as for a wrong password, so the answer tells nothing about the number.
 */
export async function findUserForLogin(identifier: string): Promise<User | null> {
  const id = identifier.normalize('NFKC').trim();
  if (/^\d{12}$/.test(id)) {
    const [row] = await select<{ id: string }>(
      `SELECT u.id FROM users u JOIN worker_directory w ON w.id = u.worker_id
       WHERE w.cccd = $1 AND u.role = 'worker' ORDER BY u.active DESC, u.id LIMIT 1`,
      [id],
    );
    return row ? User.findByPk(Number(row.id)) : null;
  }
  const phone = normalisePhone(id);
  if (phone) {
    const rows = await select<{ id: string }>(
      `SELECT u.id FROM users u JOIN worker_directory w ON w.id = u.worker_id
       WHERE w.phone = $1 AND u.role = 'worker' AND u.active LIMIT 2`,
      [phone],
    );
    return rows.length === 1 ? User.findByPk(Number(rows[0].id)) : null;
  }
  return User.findOne({ where: { username: id.toLowerCase() } });
}

/**
 * Sets the password of a worker's own account, made on first activation (username \`nld.<worker id>\`: she never types
 * it; she signs in by CCCD or phone). A later activation (a forgotten password) replaces the password and revokes her
 * earlier tokens. Runs in the caller's transaction (the activation code is spent in the same one).
 */
export async function activateWorkerAccount(
  worker: { id: number; fullName: string },
  password: string,
  transaction: Transaction,
): Promise<User> {
  const passwordHash = await hashPassword(password);
  const existing = await User.findOne({
    where: { workerId: worker.id, role: 'worker' },
    order: [['id', 'ASC']],
    transaction,
    lock: transaction.LOCK.UPDATE,
  });
  if (existing) {
    const before = snapshot(existing);
    await existing.update({ passwordHash, active: true, tokenVersion: existing.tokenVersion + 1 }, { transaction });
    await recordAudit(
      {
        actor: toActor(existing),
        action: 'user.activated',
        entity: 'user',
        entityId: existing.id,
        before,
        after: snapshot(existing),
      },
      transaction,
    );
    return existing;
  }
  const user = await User.create(
    {
      username: `nld.${worker.id}`,
      displayName: worker.fullName.normalize('NFC'),
      role: 'worker',
      passwordHash,
      agencyId: null,
      branchId: null,
      communeCode: null,
      provinceCode: null,
      workerId: worker.id,
    },
    { transaction },
  );
  await recordAudit(
    { actor: toActor(user), action: 'user.activated', entity: 'user', entityId: user.id, after: snapshot(user) },
    transaction,
  );
  return user;
}

/** The actor of a token, or null when the user is gone, inactive, or the token version was revoked. */
/**
 * The actor of a token, or null when the user is gone, inactive, or the token version was revoked.
 * NOTE: one plain indexed query: it runs on every authenticated request (bench/RESULTS.md).
 */
export async function actorForToken(userId: number, tokenVersion: number): Promise<Actor | null> {
  const [u] = await select<{
    id: string;
    username: string;
    display_name: string;
    role: Role;
    agency_id: string | null;
    branch_id: string | null;
    commune_code: string | null;
    province_code: string | null;
    worker_id: string | null;
  }>(
    `SELECT id, username, display_name, role, agency_id, branch_id, commune_code, province_code, worker_id
     FROM users WHERE id = $1 AND active AND token_version = $2`,
    [userId, tokenVersion],
  );
  if (!u) return null;
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    userId: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: num(u.agency_id),
    branchId: num(u.branch_id),
    communeCode: u.commune_code,
    provinceCode: u.province_code,
    workerId: num(u.worker_id),
  };
}

/** The scope a role needs, and nothing else (the database CHECKs say the same). */
function normaliseScope(role: Role, s: UserScopeInput): Required<UserScopeInput> {
  const problems: FieldProblem[] = [];
  const need = (field: keyof UserScopeInput, label: string) => {
    if (s[field] === undefined || s[field] === null)
      problems.push({ path: field, message: `Vai trò này cần ${label}` });
  };
  if (role === 'agency_staff') need('agencyId', 'doanh nghiệp');
  if (role === 'centre_staff') need('agencyId', 'trung tâm dịch vụ việc làm');
  if (role === 'commune_officer') need('communeCode', 'xã/phường');
  if (role === 'province_officer') need('provinceCode', 'tỉnh/thành phố');
  if (role === 'worker') need('workerId', 'hồ sơ người lao động');
  if (problems.length) throw new ValidationError(problems);
  return {
    agencyId: role === 'agency_staff' || role === 'centre_staff' ? (s.agencyId ?? null) : null,
    branchId: role === 'agency_staff' ? (s.branchId ?? null) : null,
    communeCode: role === 'commune_officer' ? (s.communeCode ?? null) : null,
    provinceCode:
      role === 'province_officer'
        ? (s.provinceCode ?? null)
        : role === 'commune_officer'
          ? (s.provinceCode ?? null)
          : null,
    workerId: role === 'worker' ? (s.workerId ?? null) : null,
  };
}

async function checkScopeRefs(role: Role, scope: Required<UserScopeInput>, transaction: Transaction): Promise<void> {
  // centre staff belong to an employment service centre, agency staff to any other organisation
  const [rows] = await sequelize().query(
    `SELECT
       ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM agency_licences WHERE id = $1 AND (kind = 'employment_centre') = ($6::text = 'centre_staff'))) AS agency_ok,
       ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM agency_branch_directory WHERE id = $2 AND agency_id = $1)) AS branch_ok,
       ($3::text IS NULL OR EXISTS (SELECT 1 FROM communes WHERE code = $3)) AS commune_ok,
       ($4::text IS NULL OR EXISTS (SELECT 1 FROM provinces WHERE code = $4)) AS province_ok,
       ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM worker_directory WHERE id = $5)) AS worker_ok`,
    {
      bind: [scope.agencyId, scope.branchId, scope.communeCode, scope.provinceCode, scope.workerId, role],
      transaction,
    },
  );
  const r = (rows as Record<string, boolean>[])[0];
  const problems: FieldProblem[] = [];
  if (!r.agency_ok)
    problems.push({
      path: 'agencyId',
      message: role === 'centre_staff' ? 'Trung tâm dịch vụ việc làm không tồn tại' : 'Doanh nghiệp không tồn tại',
    });
  if (!r.branch_ok) problems.push({ path: 'branchId', message: 'Chi nhánh không thuộc doanh nghiệp này' });
  if (!r.commune_ok) problems.push({ path: 'communeCode', message: 'Mã xã/phường không tồn tại' });
  if (!r.province_ok) problems.push({ path: 'provinceCode', message: 'Mã tỉnh/thành phố không tồn tại' });
  if (!r.worker_ok) problems.push({ path: 'workerId', message: 'Hồ sơ người lao động không tồn tại' });
  if (problems.length) throw new ValidationError(problems);
}

const snapshot = (u: User) => toUserDto(u);

export async function createUser(actor: Actor | null, input: CreateUserInput) {
  return inTransaction(async (transaction) => {
    const scope = normaliseScope(input.role, input);
    await checkScopeRefs(input.role, scope, transaction);
    if (await User.findOne({ where: { username: input.username }, transaction })) {
      throw new ConflictError('Tên đăng nhập đã được dùng', { field: 'username' });
    }
    const user = await User.create(
      {
        username: input.username,
        displayName: input.displayName.normalize('NFC'),
        role: input.role,
        passwordHash: await hashPassword(input.password),
        email: input.email || null,
        digestOptOut: input.digestOptOut ?? false,
        ...scope,
      },
      { transaction },
    );
    await recordAudit(
      { actor, action: 'user.created', entity: 'user', entityId: user.id, after: snapshot(user) },
      transaction,
    );
    return toUserDto(user);
  });
}

export async function listUsers(q: { q?: string; role?: Role; page: number; pageSize: number }) {
  const where = {
    ...(q.role ? { role: q.role } : {}),
    ...(q.q
      ? { [Op.or]: [{ username: { [Op.iLike]: `%${q.q}%` } }, { displayName: { [Op.iLike]: `%${q.q}%` } }] }
      : {}),
  };
  const { rows, count } = await User.findAndCountAll({
    where,
    order: [['username', 'ASC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { data: rows.map(toUserDto), page: { number: q.page, size: q.pageSize, total: count, totalCapped: false } };
}

export async function getUser(actor: Actor, id: number) {
  const user = await User.findByPk(id);
  if (!user) throw new NotFoundError('Không tìm thấy người dùng');
  await recordAccess(actor, 'user.read', 'user', id);
  return toUserDto(user);
}

export async function updateUser(actor: Actor, id: number, input: UpdateUserInput) {
  return inTransaction(async (transaction) => {
    const user = await User.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError('Không tìm thấy người dùng');
    const before = snapshot(user);
    const role = input.role ?? user.role;
    const scopeChanged = ['role', 'agencyId', 'branchId', 'communeCode', 'provinceCode', 'workerId'].some(
      (k) => k in input,
    );
    const changes: Partial<User> = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName.normalize('NFC');
    if (scopeChanged) {
      const scope = normaliseScope(role, { ...before, ...input });
      await checkScopeRefs(role, scope, transaction);
      Object.assign(changes, { role }, scope);
    }
    if (input.active !== undefined) changes.active = input.active;
    if (input.email !== undefined) changes.email = input.email || null;
    if (input.digestOptOut !== undefined) changes.digestOptOut = input.digestOptOut;
    if (actor.userId === id && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
      throw new ValidationError([
        { path: 'role', message: 'Không thể tự khoá hoặc tự bỏ quyền quản trị của chính mình' },
      ]);
    }
    // A new role or scope, or a deactivation, revokes the tokens that carried the old one.
    if (scopeChanged || changes.active === false) changes.tokenVersion = user.tokenVersion + 1;
    await user.update(changes, { transaction });
    await recordAudit(
      { actor, action: 'user.updated', entity: 'user', entityId: id, before, after: snapshot(user) },
      transaction,
    );
    return toUserDto(user);
  });
}

export async function resetPassword(actor: Actor, id: number, password: string): Promise<void> {
  await inTransaction(async (transaction) => {
    const user = await User.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError('Không tìm thấy người dùng');
    await user.update(
      { passwordHash: await hashPassword(password), tokenVersion: user.tokenVersion + 1 },
      { transaction },
    );
    await recordAudit({ actor, action: 'user.password_reset', entity: 'user', entityId: id }, transaction);
  });
}

/** Revokes every token of the user issued so far (sign-out). */
export async function revokeTokens(userId: number): Promise<void> {
  await User.increment('tokenVersion', { where: { id: userId } });
}

/**
 * Replaces a user's own password after the caller checked the current one (with `check`, inside the user's row
 * lock); earlier tokens are revoked. Returns what a new token needs.
 */
export async function replaceOwnPassword(
  actor: Actor,
  check: (passwordHash: string | null) => Promise<boolean>,
  newPassword: string,
) {
  return inTransaction(async (transaction) => {
    const user = await User.findByPk(actor.userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user || !(await check(user.passwordHash))) {
      throw new ValidationError([{ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng' }]);
    }
    await user.update(
      { passwordHash: await hashPassword(newPassword), tokenVersion: user.tokenVersion + 1 },
      { transaction },
    );
    await recordAudit({ actor, action: 'user.password_changed', entity: 'user', entityId: user.id }, transaction);
    return { id: Number(user.id), tokenVersion: user.tokenVersion };
  });
}

/** The active staff of an agency, by name: who a case can be assigned to. */
/** A user's own settings (the account page): her e-mail address and the daily digest. Audited. */
export async function updateOwnSettings(
  actor: Actor,
  input: { email: string | null; digestOptOut: boolean },
): Promise<ReturnType<typeof toUserDto>> {
  return inTransaction(async (transaction) => {
    const user = await User.findByPk(actor.userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError('Không tìm thấy người dùng');
    const before = snapshot(user);
    await user.update({ email: input.email || null, digestOptOut: input.digestOptOut }, { transaction });
    await recordAudit(
      { actor, action: 'user.settings_updated', entity: 'user', entityId: user.id, before, after: snapshot(user) },
      transaction,
    );
    return toUserDto(user);
  });
}

/** The actor's own account, for the account page. */
export async function ownAccount(actor: Actor): Promise<ReturnType<typeof toUserDto>> {
  const user = await User.findByPk(actor.userId);
  if (!user) throw new NotFoundError('Không tìm thấy người dùng');
  return toUserDto(user);
}

export async function agencyStaff(agencyId: number): Promise<{ id: number; displayName: string }[]> {
  const rows = await User.findAll({
    where: { agencyId, role: 'agency_staff', active: true },
    attributes: ['id', 'displayName'],
    order: [['displayName', 'ASC']],
    raw: true,
  });
  return rows.map((r) => ({ id: Number(r.id), displayName: r.displayName }));
}

/** Display names by user id (pages show who, never a number). */
export async function userNames(ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await User.findAll({ where: { id: [...new Set(ids)] }, attributes: ['id', 'displayName'], raw: true });
  return new Map(rows.map((r) => [Number(r.id), r.displayName]));
}

/** The sign-in accounts linked to a worker's record (the worker page shows them to admins). */
export async function accountsOfWorker(workerId: number): Promise<{ id: number; username: string; active: boolean }[]> {
  const rows = await User.findAll({
    where: { workerId, role: 'worker' },
    attributes: ['id', 'username', 'active'],
    order: [['id', 'ASC']],
    raw: true,
  });
  return rows.map((r) => ({ id: Number(r.id), username: r.username, active: r.active }));
}

/** The actor of an active user by id (a durable job acting for whoever asked for it), or null. */
export async function actorOfUser(userId: number): Promise<Actor | null> {
  const u = await User.findOne({ where: { id: userId, active: true } });
  return u ? toActor(u) : null;
}
