import Joi from '../../shared/joi';
import { REGIONS } from './reference.model';

export const provinceCodeParams = Joi.object<{ code: string }>({
  code: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh 2 chữ số')
    .required(),
});

export const holidaysQuery = Joi.object<{ year: number }>({
  year: Joi.number().integer().min(2000).max(2100).required(),
});

export const provinceOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    name: Joi.string(),
    kind: Joi.string().valid('tinh', 'thanh_pho'),
  }),
);
export const communeOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    name: Joi.string(),
    kind: Joi.string().valid('xa', 'phuong', 'dac_khu'),
  }),
);
export const countryOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    nameVi: Joi.string(),
    nameEn: Joi.string(),
    region: Joi.string().valid(...REGIONS),
  }),
);
export const holidayOut = Joi.array().items(
  Joi.object({
    date: Joi.string().meta({ format: 'date' }),
    name: Joi.string(),
    kind: Joi.string().valid('holiday', 'compensatory', 'makeup_workday'),
  }),
);
