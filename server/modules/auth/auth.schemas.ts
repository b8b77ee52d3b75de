import Joi from '../../shared/joi';
import { passwordSchema } from '../users';

export const loginBody = Joi.object<{ username: string; password: string }>({
  username: Joi.string().trim().max(64).required(),
  password: Joi.string().max(256).required(),
});

export const changePasswordBody = Joi.object<{ currentPassword: string; newPassword: string }>({
  currentPassword: Joi.string().max(256).required(),
  newPassword: passwordSchema()
    .invalid(Joi.ref('currentPassword'))
    .required()
    .messages({ 'any.invalid': 'Mật khẩu mới phải khác mật khẩu hiện tại' }),
});

export const actorOut = Joi.object({
  userId: Joi.number(),
  username: Joi.string(),
  displayName: Joi.string(),
  role: Joi.string(),
  agencyId: Joi.number().allow(null),
  branchId: Joi.number().allow(null),
  communeCode: Joi.string().allow(null),
  provinceCode: Joi.string().allow(null),
  workerId: Joi.number().allow(null),
});
