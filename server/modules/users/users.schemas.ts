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

export interface UserScopeInput {
  agencyId?: number | null;
  branchId?: number | null;
  communeCode?: string | null;
  provinceCode?: string | null;
  workerId?: number | null;
}
export interface CreateUserInput extends UserScopeInput {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}
export interface UpdateUserInput extends UserScopeInput {
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
  ...scopeFields,
});

export const updateUserBody = Joi.object<UpdateUserInput>({
  displayName: Joi.string().trim().min(1).max(200),
  role: Joi.string().valid(...ROLES),
  active: Joi.boolean(),
  ...scopeFields,
}).min(1);

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
});
