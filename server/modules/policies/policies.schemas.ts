import Joi from '../../shared/joi';
import { isoDate } from '../../shared/schemas';
import { POLICY_UNITS } from './policies.model';
import type { NewVersion } from './policies.service';

const market = Joi.string().pattern(/^([A-Z]{2}|region:[a-z_]+)$/, 'mã nước (JP) hoặc khu vực (region:east_asia)');

export const listPoliciesQuery = Joi.object<{
  key?: string;
  q?: string;
  market?: string;
  jobCategory?: string;
  at?: string;
}>({
  key: Joi.string()
    .trim()
    .max(100)
    .pattern(/^[a-z0-9_.]+$/, 'khóa')
    .allow(''),
  q: Joi.string()
    .trim()
    .max(100)
    .allow('')
    .description('words in the key, the citation or the note, with or without accents'),
  market,
  jobCategory: Joi.string().max(50),
  at: isoDate(),
});

export const newVersionBody = Joi.object<NewVersion>({
  key: Joi.string()
    .pattern(/^[a-z0-9_.]+$/, 'khóa')
    .required()
    .label('Khóa'),
  market: market.allow(null).label('Thị trường'),
  jobCategory: Joi.string().max(50).allow(null).label('Ngành nghề'),
  beneficiaryGroup: Joi.string().max(50).allow(null).label('Nhóm đối tượng'),
  value: Joi.string()
    .pattern(/^\d{1,14}(\.\d{1,6})?$/, 'số thập phân không âm')
    .required()
    .label('Giá trị'),
  unit: Joi.string()
    .valid(...POLICY_UNITS)
    .required()
    .label('Đơn vị'),
  effectiveFrom: isoDate().required().label('Hiệu lực từ'),
  citation: Joi.string().trim().min(5).max(500).required().label('Căn cứ pháp lý'),
  confirmed: Joi.boolean().required().label('Đã đối chiếu văn bản gốc'),
  note: Joi.string().trim().max(1000).allow(null, '').label('Ghi chú'),
  reason: Joi.string().trim().min(5).max(1000).required().label('Lý do thay đổi'),
});

export const policyOut = Joi.object({
  id: Joi.number(),
  key: Joi.string(),
  market: Joi.string().allow(null),
  jobCategory: Joi.string().allow(null),
  value: Joi.string(),
  unit: Joi.string(),
  effectiveFrom: Joi.string(),
  effectiveTo: Joi.string().allow(null),
  citation: Joi.string(),
  confirmed: Joi.boolean(),
  label: Joi.string(),
  beneficiaryGroup: Joi.string().allow(null),
  note: Joi.string().allow(null),
  reason: Joi.string().allow(null),
  supersedesId: Joi.number().allow(null),
  withdrawnAt: Joi.string().allow(null),
  createdByUserId: Joi.number().allow(null),
});
