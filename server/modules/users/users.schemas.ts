import Joi from '../../shared/joi';
import { ROLES, type Role } from '../../shared/auth/permissions';
import { id, pagination } from '../../shared/schemas';

export const username = () =>
  Joi.string()
    .trim()
    .lowercase()
    .pattern(/^[a-z0-9._-]{3,64}$/, 'chữ thường, số, . _ -, 3–64 ký tự');
export const password = () => Joi.string().min(8).max(128);

const scopeFields = {
  agencyId: id().allow(null).label('Mã doanh nghiệp'),
  branchId: id().allow(null).label('Mã chi nhánh'),
  communeCode: Joi.string()
    .pattern(/^[0-9]{5}$/, 'mã xã 5 chữ số')
    .allow(null)
    .label('Mã xã/phường'),
  provinceCode: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh 2 chữ số')
    .allow(null)
    .label('Mã tỉnh/thành phố'),
  workerId: id().allow(null).label('Mã hồ sơ người lao động'),
};

/** An e-mail address (the daily alert digest's); empty clears it. */
export const email = () =>
  Joi.string()
    .trim()
    .lowercase()
    .max(254)
    .email({ tlds: { allow: false } })
    .allow('', null)
    .messages({ 'string.email': 'Địa chỉ thư không hợp lệ (ví dụ: ten@donvi.gov.vn)' })
    .label('Địa chỉ thư điện tử');

export interface UserScopeInput {
  agencyId?: number | null;
  branchId?: number | null;
  communeCode?: string | null;
  provinceCode?: string | null;
  workerId?: number | null;
}
export interface CreateUserInput extends UserScopeInput {
  email?: string | null;
  digestOptOut?: boolean;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}
export interface UpdateUserInput extends UserScopeInput {
  email?: string | null;
  digestOptOut?: boolean;
  displayName?: string;
  role?: Role;
  active?: boolean;
}

export const createUserBody = Joi.object<CreateUserInput>({
  username: username().required().label('Tên đăng nhập'),
  displayName: Joi.string().trim().min(1).max(200).required().label('Họ tên'),
  role: Joi.string()
    .valid(...ROLES)
    .required()
    .label('Vai trò'),
  password: password().required().label('Mật khẩu'),
  email: email(),
  digestOptOut: Joi.boolean().label('Không nhận thư tổng hợp'),
  ...scopeFields,
});

export const updateUserBody = Joi.object<UpdateUserInput>({
  displayName: Joi.string().trim().min(1).max(200),
  role: Joi.string().valid(...ROLES),
  active: Joi.boolean(),
  email: email(),
  digestOptOut: Joi.boolean().label('Không nhận thư tổng hợp'),
  ...scopeFields,
}).min(1);

export const ownSettingsBody = Joi.object<{ email: string | null; digestOptOut: boolean }>({
  email: email(),
  digestOptOut: Joi.boolean().default(false).label('Không nhận thư tổng hợp'),
});

export const resetPasswordBody = Joi.object<{ password: string }>({ password: password().required() });

export const listUsersQuery = Joi.object<{ q?: string; role?: Role; page: number; pageSize: number }>({
  q: Joi.string().trim().max(100).allow(''),
  role: Joi.string().valid(...ROLES),
  ...pagination,
});

export const userOut = Joi.object({
  id: Joi.number(),
  username: Joi.string(),
  displayName: Joi.string(),
  role: Joi.string().valid(...ROLES),
  agencyId: Joi.number().allow(null),
  branchId: Joi.number().allow(null),
  communeCode: Joi.string().allow(null),
  provinceCode: Joi.string().allow(null),
  workerId: Joi.number().allow(null),
  active: Joi.boolean(),
  email: Joi.string().allow(null),
  digestOptOut: Joi.boolean(),
});
