import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { CURRENCY_EXPONENT } from '../../shared/money';
import { JOB_CATEGORIES, JOB_ORDER_STATES } from './job-orders.model';

const dong = (label: string) => Joi.number().integer().min(0).max(Number.MAX_SAFE_INTEGER).label(label);
const country = (label: string) =>
  Joi.string()
    .pattern(/^[A-Z]{2}$/, 'mã nước ISO')
    .allow(null)
    .label(label);
const text = (max: number, label: string) => Joi.string().trim().max(max).allow(null, '').label(label);

// Every field may stay empty in a draft: saving never loses what was typed; opening checks completeness.
export const jobOrderFields = {
  reference: text(100, 'Số hiệu đơn hàng'),
  employerName: text(300, 'Người sử dụng lao động'),
  employerCountry: country('Nước của người sử dụng lao động'),
  employerAddress: text(500, 'Địa chỉ người sử dụng lao động'),
  destinationCountry: country('Nước đến làm việc'),
  jobCategory: Joi.string()
    .valid(...JOB_CATEGORIES)
    .label('Ngành nghề'),
  jobTitle: text(200, 'Công việc'),
  headcount: Joi.number().integer().min(1).max(100_000).allow(null).label('Số lượng'),
  salaryCurrency: Joi.string()
    .valid(...Object.keys(CURRENCY_EXPONENT))
    .allow(null)
    .label('Loại tiền lương'),
  salaryMinor: Joi.number()
    .integer()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .allow(null)
    .label('Lương tháng (đơn vị nhỏ nhất)'),
  fxRate: Joi.string()
    .pattern(/^\d{1,12}(\.\d{1,6})?$/, 'số thập phân, dấu chấm')
    .custom((v: string, h) => (Number(v) > 0 ? v : h.error('number.positive')))
    .allow(null)
    .label('Tỷ giá (đồng/đơn vị ngoại tệ)'),
  fxRateDate: isoDate({ max: 'today' }).allow(null).label('Ngày tỷ giá'),
  fxRateSource: text(200, 'Nguồn tỷ giá'),
  contractMonths: Joi.number().integer().min(1).max(120).allow(null).label('Thời hạn hợp đồng (tháng)'),
  serviceFeeVnd: dong('Tiền dịch vụ thu của người lao động'),
  foreignPaidFeeVnd: dong('Tiền dịch vụ bên nước ngoài trả'),
  brokerageVnd: dong('Tiền môi giới thu của người lao động'),
  depositVnd: dong('Tiền ký quỹ của người lao động'),
  depositHolder: Joi.string().valid('commercial_bank', 'vbsp').allow(null).label('Nơi ký quỹ'),
  airfareVnd: Joi.number()
    .integer()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .allow(null)
    .label('Giá vé máy bay hạng phổ thông'),
  supplyRegNumber: text(100, 'Số văn bản chấp thuận đăng ký hợp đồng cung ứng'),
  supplyRegDate: isoDate({ max: 'today' }).allow(null).label('Ngày chấp thuận'),
  supplyRegStatus: Joi.string().valid('submitted', 'approved', 'rejected').allow(null).label('Tình trạng đăng ký'),
  programmeReference: text(200, 'Chương trình/điều ước'),
  ministryReportDate: isoDate({ max: 'today' }).allow(null).label('Ngày báo cáo Bộ'),
  recruitFrom: isoDate().allow(null).label('Tuyển từ ngày'),
  recruitTo: isoDate().allow(null).label('Tuyển đến ngày'),
  expectedDepartureOn: isoDate().allow(null).label('Dự kiến xuất cảnh'),
};

export type JobOrderInput = { [K in keyof typeof jobOrderFields]?: unknown } & { jobCategory?: string };

export const createJobOrderBody = Joi.object(jobOrderFields).keys({
  jobCategory: jobOrderFields.jobCategory.required(),
});
export const updateJobOrderBody = Joi.object(jobOrderFields).min(1);

export const transitionBody = Joi.object<{ action: string; input?: Record<string, unknown>; expectedVersion: number }>({
  action: Joi.string().max(50).required().label('Thao tác'),
  input: Joi.object().unknown(true).default({}),
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
});

export const listJobOrdersQuery = Joi.object<{
  q?: string;
  state?: string;
  destinationCountry?: string;
  jobCategory?: string;
  page: number;
  pageSize: number;
}>({
  q: Joi.string().trim().max(100).label('Người sử dụng lao động hoặc mã đơn hàng'),
  state: Joi.string().valid(...JOB_ORDER_STATES),
  destinationCountry: Joi.string().pattern(/^[A-Z]{2}$/),
  jobCategory: Joi.string().valid(...JOB_CATEGORIES),
  ...pagination,
});

export const jobOrderIdParams = Joi.object<{ id: number }>({ id: id().required() });

export const verdictOut = Joi.object({
  ok: Joi.boolean(),
  ruleId: Joi.string(),
  message: Joi.string(),
  citation: Joi.string(),
  details: Joi.object().unknown(true),
  policyIds: Joi.array().items(Joi.number()),
});
export const jobOrderOut = Joi.object({
  id: Joi.number(),
  state: Joi.string().valid(...JOB_ORDER_STATES),
  version: Joi.number(),
  agencyId: Joi.number(),
}).unknown(true);
