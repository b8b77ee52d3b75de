import Joi from '../../shared/joi';
import { isoDate, pagination } from '../../shared/schemas';
import { AGENCY_KINDS, AGENCY_STATUSES, type AgencyKind, type AgencyStatus } from './agencies.model';

export interface AgencyInput {
  kind: AgencyKind;
  name: string;
  licenceNumber?: string | null;
  licenceIssuedOn?: string | null;
  licenceExpiresOn?: string | null;
  taxCode?: string | null;
  address?: string | null;
  provinceCode?: string | null;
  status?: AgencyStatus;
  depositConfirmed?: boolean;
  depositBank?: string | null;
  depositConfirmedOn?: string | null;
}

const fields = {
  kind: Joi.string()
    .valid(...AGENCY_KINDS)
    .label('Loại'),
  name: Joi.string().trim().min(2).max(300).label('Tên'),
  licenceNumber: Joi.string().trim().max(50).allow(null).label('Số giấy phép'),
  licenceIssuedOn: isoDate({ max: 'today' }).allow(null).label('Ngày cấp'),
  licenceExpiresOn: isoDate().allow(null).label('Ngày hết hạn'),
  taxCode: Joi.string()
    .trim()
    .pattern(/^[0-9]{10}(-[0-9]{3})?$/, 'mã số thuế 10 hoặc 13 chữ số')
    .allow(null)
    .label('Mã số thuế'),
  address: Joi.string().trim().max(500).allow(null).label('Địa chỉ'),
  provinceCode: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh')
    .allow(null)
    .label('Tỉnh/thành phố'),
  status: Joi.string()
    .valid(...AGENCY_STATUSES)
    .label('Trạng thái'),
  depositConfirmed: Joi.boolean().label('Xác nhận ký quỹ'),
  depositBank: Joi.string().trim().max(200).allow(null).label('Ngân hàng'),
  depositConfirmedOn: isoDate({ max: 'today' }).allow(null).label('Ngày xác nhận ký quỹ'),
};

export const createAgencyBody = Joi.object<AgencyInput>({
  ...fields,
  kind: fields.kind.required(),
  name: fields.name.required(),
  licenceNumber: fields.licenceNumber
    .when('kind', { is: 'service_enterprise', then: Joi.required().invalid(null) })
    .messages({
      'any.required': 'Doanh nghiệp dịch vụ phải có số giấy phép (Luật 69/2020, Điều 10)',
      'any.invalid': 'Doanh nghiệp dịch vụ phải có số giấy phép (Luật 69/2020, Điều 10)',
    }),
  // a centre serves one province (Decree 352: one public centre per province, sometimes with branches)
  provinceCode: fields.provinceCode
    .when('kind', { is: 'employment_centre', then: Joi.required().invalid(null) })
    .messages({
      'any.required': 'Trung tâm dịch vụ việc làm cần tỉnh/thành phố nơi hoạt động',
      'any.invalid': 'Trung tâm dịch vụ việc làm cần tỉnh/thành phố nơi hoạt động',
    }),
});

export const updateAgencyBody = Joi.object<Partial<AgencyInput>>(fields).min(1);

export const branchBody = Joi.object<{ name: string; address?: string | null; provinceCode?: string | null }>({
  name: Joi.string().trim().min(2).max(300).required(),
  address: Joi.string().trim().max(500).allow(null),
  provinceCode: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh')
    .allow(null),
});

export const listAgenciesQuery = Joi.object<{ q?: string; kind?: AgencyKind; page: number; pageSize: number }>({
  q: Joi.string().trim().max(100).allow(''),
  kind: Joi.string().valid(...AGENCY_KINDS),
  ...pagination,
});

export const agencyOut = Joi.object({
  id: Joi.number(),
  kind: Joi.string().valid(...AGENCY_KINDS),
  name: Joi.string(),
  licenceNumber: Joi.string().allow(null),
  licenceIssuedOn: Joi.string().allow(null),
  licenceExpiresOn: Joi.string().allow(null),
  taxCode: Joi.string().allow(null),
  address: Joi.string().allow(null),
  provinceCode: Joi.string().allow(null),
  status: Joi.string(),
  depositConfirmed: Joi.boolean(),
  depositBank: Joi.string().allow(null),
  depositConfirmedOn: Joi.string().allow(null),
  branches: Joi.array().items(
    Joi.object({
      id: Joi.number(),
      name: Joi.string(),
      address: Joi.string().allow(null),
      provinceCode: Joi.string().allow(null),
      status: Joi.string(),
    }),
  ),
});
