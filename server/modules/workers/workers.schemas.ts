import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { CONSENT_PURPOSES, EDUCATION_LEVELS, HOUSEHOLD_STATUSES, type HouseholdStatus } from './workers.model';
import {
  GENERAL_EDUCATION,
  GENERAL_EDUCATION_LABELS,
  TECHNICAL_LEVELS,
  TECHNICAL_LEVEL_LABELS,
} from '../../shared/labour-scales';

export interface ConsentInput {
  consentDate: string;
  purposes: string[];
  evidence: string;
  fileId: number;
}
export interface WorkerInput {
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string;
  cccdIssuedOn?: string | null;
  phone?: string | null;
  email?: string | null;
  ethnicity?: string | null;
  provinceCode?: string | null;
  communeCode?: string | null;
  street?: string | null;
  oldProvinceName?: string | null;
  oldDistrictName?: string | null;
  education?: string | null;
  generalEducation?: string | null;
  technicalLevel?: string | null;
  languages?: string[];
  householdStatus?: HouseholdStatus;
  householdStatusYear?: number | null;
  landRecovered?: boolean;
  meritoriousFamily?: boolean;
}

// NOTE: a custom check, not .pattern(): \p{…} needs the Unicode flag, which an OpenAPI pattern cannot carry
// (clients validating with it refused every name). The document states the rule in words.
const NAME_LETTERS = /^[\p{L}\p{M}\s'.-]+$/u;
const personName = () =>
  Joi.string()
    .trim()
    .min(2)
    .max(200)
    .custom((v: string, h) => (NAME_LETTERS.test(v) ? v : h.error('string.pattern.name', { name: 'chữ cái' })))
    .description(
      "Letters of any script with their diacritics (Vietnamese: Nguyễn Thị Ánh), spaces, apostrophe ('), dot and hyphen; 2–200 characters",
    );

const text = (max: number, label: string) => Joi.string().trim().max(max).allow(null).label(label);

const fields = {
  fullName: personName().label('Họ và tên'),
  dateOfBirth: isoDate({ max: 'today' }).label('Ngày sinh'),
  sex: Joi.string().valid('male', 'female').label('Giới tính'),
  cccd: Joi.string().trim().label('Số CCCD'),
  cccdIssuedOn: isoDate({ max: 'today' }).allow(null).label('Ngày cấp CCCD'),
  phone: Joi.string().trim().max(20).allow(null).label('Số điện thoại'),
  email: Joi.string().trim().email({ tlds: false }).max(200).allow(null).label('E-mail'),
  ethnicity: text(50, 'Dân tộc'),
  provinceCode: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh')
    .allow(null)
    .label('Tỉnh/thành phố'),
  communeCode: Joi.string()
    .pattern(/^[0-9]{5}$/, 'mã xã')
    .allow(null)
    .label('Xã/phường'),
  street: text(300, 'Số nhà, thôn, đường'),
  oldProvinceName: text(100, 'Tỉnh cũ'),
  oldDistrictName: text(100, 'Huyện cũ'),
  education: Joi.string()
    .valid(...EDUCATION_LEVELS)
    .allow(null)
    .label('Trình độ học vấn'),
  // the employment forms' scales (Decree 352 Mẫu 01), stored once on the worker
  generalEducation: Joi.string()
    .valid(...GENERAL_EDUCATION)
    .allow(null)
    .label('Trình độ giáo dục phổ thông')
    .meta({ labels: GENERAL_EDUCATION_LABELS }),
  technicalLevel: Joi.string()
    .valid(...TECHNICAL_LEVELS)
    .allow(null)
    .label('Trình độ chuyên môn kỹ thuật')
    .meta({ labels: TECHNICAL_LEVEL_LABELS }),
  languages: Joi.array().items(Joi.string().trim().max(50)).max(10).label('Ngoại ngữ'),
  householdStatus: Joi.string()
    .valid(...HOUSEHOLD_STATUSES)
    .label('Hộ gia đình'),
  householdStatusYear: Joi.number().integer().min(2000).max(2100).allow(null).label('Năm xác nhận hộ'),
  landRecovered: Joi.boolean().label('Bị thu hồi đất'),
  meritoriousFamily: Joi.boolean().label('Gia đình có công'),
};

export const consentFields = {
  consentDate: isoDate({ max: 'today' }).required().label('Ngày đồng ý'),
  purposes: Joi.array()
    .items(Joi.string().valid(...CONSENT_PURPOSES))
    .min(1)
    .unique()
    .required()
    .label('Mục đích xử lý dữ liệu'),
  evidence: Joi.string().trim().min(3).max(500).required().label('Bằng chứng đồng ý'),
  fileId: id()
    .required()
    .label('Bản quét phiếu đồng ý')
    .description('id of the scanned consent form, uploaded first with POST /api/v1/files'),
};

export const createWorkerBody = Joi.object<WorkerInput & { consent?: ConsentInput }>({
  ...fields,
  fullName: fields.fullName.required(),
  dateOfBirth: fields.dateOfBirth.required(),
  sex: fields.sex.required(),
  cccd: fields.cccd.required(),
  // Every registration records the person's consent to the processing of their data (Decree 13/2023); agency
  // staff are linked to the worker with it.
  consent: Joi.object<ConsentInput>(consentFields).required().label('Sự đồng ý'),
});

export const updateWorkerBody = Joi.object<Partial<WorkerInput>>(fields).min(1);

export const linkBody = Joi.object<ConsentInput & { cccd: string; fullName: string; dateOfBirth: string }>({
  ...consentFields,
  // Proof that the agency already knows the person: the same three facts the duplicate answer matched.
  cccd: fields.cccd.required(),
  fullName: fields.fullName.required(),
  dateOfBirth: fields.dateOfBirth.required(),
});

export interface WorkerQuery {
  q?: string;
  provinceCode?: string;
  communeCode?: string;
  householdStatus?: HouseholdStatus;
  page: number;
  pageSize: number;
}
export const listWorkersQuery = Joi.object<WorkerQuery>({
  q: Joi.string().trim().max(100).allow(''),
  provinceCode: Joi.string().pattern(/^[0-9]{2}$/, 'mã tỉnh'),
  communeCode: Joi.string().pattern(/^[0-9]{5}$/, 'mã xã'),
  householdStatus: Joi.string().valid(...HOUSEHOLD_STATUSES),
  ...pagination,
});

export const workerIdParams = Joi.object<{ id: number }>({ id: id().required() });

export const workerListItem = Joi.object({
  id: Joi.number(),
  fullName: Joi.string(),
  dateOfBirth: Joi.string(),
  sex: Joi.string(),
  cccdMasked: Joi.string(),
  provinceCode: Joi.string().allow(null),
  communeCode: Joi.string().allow(null),
  householdStatus: Joi.string(),
});
const nullableText = () => Joi.string().allow(null);
export const workerOut = Joi.object({
  id: Joi.number(),
  fullName: Joi.string(),
  dateOfBirth: Joi.string(),
  sex: Joi.string(),
  cccd: Joi.string(),
  cccdIssuedOn: nullableText(),
  phone: nullableText(),
  email: nullableText(),
  ethnicity: nullableText(),
  provinceCode: nullableText(),
  communeCode: nullableText(),
  street: nullableText(),
  oldProvinceName: nullableText(),
  oldDistrictName: nullableText(),
  education: nullableText(),
  generalEducation: nullableText(),
  technicalLevel: nullableText(),
  languages: Joi.array().items(Joi.string()),
  householdStatus: Joi.string(),
  householdStatusYear: Joi.number().allow(null),
  landRecovered: Joi.boolean(),
  meritoriousFamily: Joi.boolean(),
  createdByAgencyId: Joi.number().allow(null),
  identityVerification: Joi.object({
    at: Joi.string(),
    on: Joi.string(),
    method: Joi.string(),
    methodLabel: Joi.string(),
  }).allow(null),
  links: Joi.array().items(
    Joi.object({
      agencyId: Joi.number(),
      since: Joi.string(),
      consentDate: Joi.string(),
      purposes: Joi.array().items(Joi.string()),
      evidence: Joi.string(),
      consentFileId: Joi.number().allow(null),
    }),
  ),
});
