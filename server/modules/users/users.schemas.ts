import Joi from 'joi';
import { ROLES, type Role } from '../../shared/auth/permissions';
import { id, pagination } from '../../shared/schemas';

export const username = () => Joi.string().trim().lowercase().pattern(/^[a-z0-9._-]{3,64}$/, 'chữ thường, số, . _ -, 3–64 ký tự');
export const password = () => Joi.string().min(8).max(128);

const scopeFields = {
  agencyId: id().allow(null),
  branchId: id().allow(null),
  communeCode: Joi.string().pattern(/^[0-9]{5}$/, 'mã xã 5 chữ số').allow(null),
  provinceCode: Joi.string().pattern(/^[0-9]{2}$/, 'mã tỉnh 2 chữ số').allow(null),
};

export interface UserScopeInput { agencyId?: number | null; branchId?: number | null; communeCode?: string | null; provinceCode?: string | null }
export interface CreateUserInput extends UserScopeInput { username: string; displayName: string; role: Role; password: string }
export interface UpdateUserInput extends UserScopeInput { displayName?: string; role?: Role; active?: boolean }

export const createUserBody = Joi.object<CreateUserInput>({
  username: username().required(),
  displayName: Joi.string().trim().min(1).max(200).required(),
  role: Joi.string().valid(...ROLES).required(),
  password: password().required(),
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
  id: Joi.number(), username: Joi.string(), displayName: Joi.string(), role: Joi.string().valid(...ROLES),
  agencyId: Joi.number().allow(null), branchId: Joi.number().allow(null), communeCode: Joi.string().allow(null),
  provinceCode: Joi.string().allow(null), workerId: Joi.number().allow(null), active: Joi.boolean(),
});
