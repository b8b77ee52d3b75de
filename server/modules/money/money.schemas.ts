import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { COST_CATEGORIES, FORBIDDEN_CATEGORIES, METHODS, POSTABLE_KINDS } from './money.rules';
import { CATEGORY_LABELS, KIND_LABELS, METHOD_LABELS } from './money.labels';

/** At most 1,000,000,000,000 đồng in one entry: far above any real cost, far below where a sum could overflow. */
export const MAX_ENTRY_VND = 1_000_000_000_000;
const dong = (label: string) => Joi.number().integer().min(1).max(MAX_ENTRY_VND).label(label).meta({ unit: 'vnd' });
/** The bank's demand-deposit rate, % a year, up to 3 decimals ("0.5" or "0,5" typed the Vietnamese way). */
const rate = (label: string) =>
  Joi.string()
    .trim()
    .replace(',', '.')
    .pattern(/^(100|[0-9]{1,2})(\.[0-9]{1,3})?$/, 'lãi suất %/năm, ví dụ 0,5')
    .label(label);
const key = () =>
  Joi.string()
    .trim()
    .min(8)
    .max(180)
    .pattern(/^[A-Za-z0-9_.:-]+$/, 'chữ, số, gạch ngang')
    .label('Khóa chống ghi trùng');

export const caseParams = Joi.object<{ id: number }>({ id: id().required() });
export const entryParams = Joi.object<{ id: number; entryId: number }>({
  id: id().required(),
  entryId: id().required(),
});

export interface EntryBody {
  kind: string;
  amountVnd: number;
  occurredOn: string;
  method: string;
  payer?: string;
  payee?: string;
  reference?: string;
  evidenceFileId?: number;
  category?: string;
  deductionIndex?: number;
  interestRatePercent?: string;
  note?: string;
  idempotencyKey?: string;
}
export const entryBody = Joi.object<EntryBody>({
  kind: Joi.string()
    .valid(...POSTABLE_KINDS)
    .required()
    .label('Loại khoản')
    .meta({ labels: KIND_LABELS }),
  amountVnd: dong('Số tiền (đồng)').required(),
  occurredOn: isoDate({ max: 'today' }).required().label('Ngày'),
  method: Joi.string()
    .valid(...METHODS)
    .required()
    .label('Hình thức')
    .meta({ labels: METHOD_LABELS }),
  payer: Joi.string()
    .trim()
    .max(200)
    .label('Người nộp')
    .description('Để trống: người lao động, doanh nghiệp hoặc ngân hàng theo loại khoản'),
  payee: Joi.string()
    .trim()
    .max(200)
    .label('Người nhận')
    .description('Để trống: điền theo loại khoản (tài khoản phong tỏa, doanh nghiệp, Quỹ…)'),
  reference: Joi.string().trim().max(100).label('Số chứng từ, số giao dịch'),
  evidenceFileId: id().label('Chứng từ (tệp đã tải lên)'),
  category: Joi.string()
    .valid(...COST_CATEGORIES, ...FORBIDDEN_CATEGORIES)
    .label('Khoản chi')
    .meta({ labels: CATEGORY_LABELS })
    .when('kind', { is: 'other_cost_paid', then: Joi.required(), otherwise: Joi.forbidden() }),
  deductionIndex: Joi.number()
    .integer()
    .min(0)
    .max(19)
    .label('Khoản khấu trừ trong biên bản')
    .when('kind', { is: 'deposit_deduction', then: Joi.required(), otherwise: Joi.forbidden() }),
  note: Joi.string().trim().max(1000).label('Ghi chú'),
  idempotencyKey: key(),
});

export const reversalBody = Joi.object<{ reason: string; idempotencyKey?: string }>({
  reason: Joi.string().trim().min(5).max(500).required().label('Lý do điều chỉnh'),
  idempotencyKey: key(),
});

export interface AccountBody {
  holder: 'commercial_bank' | 'vbsp';
  bankName: string;
  bankBranch?: string;
  accountNumber: string;
  agreementNumber?: string;
  agreementOn: string;
  employerAcceptedOn?: string | null;
  fromLoan: boolean;
  loanAmountVnd?: number | null;
}
export const accountBody = Joi.object<AccountBody>({
  holder: Joi.string()
    .valid('commercial_bank', 'vbsp')
    .required()
    .label('Nơi ký quỹ')
    .meta({ labels: { commercial_bank: 'Ngân hàng thương mại', vbsp: 'Ngân hàng Chính sách xã hội' } }),
  bankName: Joi.string().trim().min(2).max(200).required().label('Ngân hàng'),
  bankBranch: Joi.string().trim().max(200).allow('').label('Chi nhánh'),
  accountNumber: Joi.string()
    .trim()
    .uppercase()
    .replace(/\s+/g, '')
    .pattern(/^[0-9A-Z-]{4,34}$/, 'số tài khoản')
    .required()
    .label('Số tài khoản phong tỏa'),
  agreementNumber: Joi.string().trim().max(50).allow('').label('Số hợp đồng ký quỹ ba bên'),
  agreementOn: isoDate({ max: 'today' }).required().label('Ngày ký hợp đồng ký quỹ'),
  employerAcceptedOn: isoDate({ max: 'today' })
    .allow(null)
    .label('Ngày chủ sử dụng chấp nhận người lao động')
    .description('R10: ký quỹ sau khi người lao động được chủ sử dụng chấp nhận hoặc có thị thực'),
  fromLoan: Joi.boolean().default(false).label('Ký quỹ bằng tiền vay Ngân hàng Chính sách xã hội'),
  loanAmountVnd: Joi.number().integer().min(0).max(MAX_ENTRY_VND).allow(null).label('Số tiền vay (đồng)'),
});

export interface DepositRefundBody {
  refundOn: string;
  interestRatePercent: string;
  interestVnd?: number;
  reference?: string;
  evidenceFileId?: number;
  idempotencyKey?: string;
}
export const depositRefundBody = Joi.object<DepositRefundBody>({
  refundOn: isoDate({ max: 'today' }).required().label('Ngày hoàn trả'),
  interestRatePercent: rate('Lãi suất không kỳ hạn của ngân hàng (%/năm)').required(),
  interestVnd: Joi.number()
    .integer()
    .min(0)
    .max(MAX_ENTRY_VND)
    .label('Tiền lãi ngân hàng trả (đồng)')
    .description('Để trống: tính theo lãi suất, làm tròn lên đồng'),
  reference: Joi.string().trim().max(100).label('Số chứng từ ngân hàng'),
  evidenceFileId: id().label('Chứng từ'),
  idempotencyKey: key(),
});

export interface FeeRefundBody {
  refundOn: string;
  interestRatePercent: string;
  method: string;
  reference?: string;
  idempotencyKey?: string;
}
export const feeRefundQuery = Joi.object<{ refundOn: string; interestRatePercent: string }>({
  refundOn: isoDate().required().label('Ngày hoàn'),
  interestRatePercent: rate('Lãi suất không kỳ hạn (%/năm)').required(),
});
export const feeRefundBody = Joi.object<FeeRefundBody>({
  refundOn: isoDate({ max: 'today' }).required().label('Ngày hoàn'),
  interestRatePercent: rate('Lãi suất không kỳ hạn (%/năm)').required(),
  method: Joi.string().valid('cash', 'bank_transfer').required().label('Hình thức').meta({ labels: METHOD_LABELS }),
  reference: Joi.string().trim().max(100).label('Số chứng từ'),
  idempotencyKey: key(),
});

export interface ReconciliationQuery {
  show: 'held' | 'due' | 'overdue';
  page: number;
  pageSize: number;
}
export const reconciliationQuery = Joi.object<ReconciliationQuery>({
  show: Joi.string().valid('held', 'due', 'overdue').default('held').label('Hiển thị'),
  ...pagination,
});
