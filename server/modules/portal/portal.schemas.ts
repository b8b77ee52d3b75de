import Joi from '../../shared/joi';
import { isoDate } from '../../shared/schemas';
import { passwordSchema } from '../users';
import { SUBMITTABLE_KINDS, type SubmittableKind } from '../papers';

export const activateBody = Joi.object<{
  code: string;
  dateOfBirth: string;
  password: string;
  passwordConfirm: string;
}>({
  code: Joi.string().trim().max(20).required().label('Mã kích hoạt'),
  dateOfBirth: isoDate({ max: 'today' }).required().label('Ngày sinh'),
  password: passwordSchema().required().label('Mật khẩu mới'),
  passwordConfirm: Joi.string()
    .valid(Joi.ref('password'))
    .required()
    .label('Nhập lại mật khẩu')
    .messages({ 'any.only': 'Hai lần nhập mật khẩu chưa giống nhau' }),
});

export const lookupBody = Joi.object<{ caseCode: string; dateOfBirth: string; cccdLast4: string }>({
  caseCode: Joi.string().trim().max(20).required().label('Mã hồ sơ'),
  dateOfBirth: isoDate({ max: 'today' }).required().label('Ngày sinh'),
  cccdLast4: Joi.string()
    .trim()
    .pattern(/^\d{4}$/, '4 chữ số')
    .required()
    .label('4 số cuối CCCD'),
});

export const submitBody = Joi.object<{ kind: SubmittableKind; note?: string }>({
  kind: Joi.string()
    .valid(...SUBMITTABLE_KINDS)
    .required()
    .label('Loại giấy tờ'),
  note: Joi.string().trim().max(500).allow('').label('Ghi chú'),
});
