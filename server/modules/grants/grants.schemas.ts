import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { DECLARABLE_GROUPS, ITEMS, ITEM_LABELS, PROGRAMMES } from './grants.rules';
import { GRANT_STATES } from './grants.model';

export const PROGRAMME_LABELS: Record<string, string> = {
  mtqg: 'MTQG giảm nghèo bền vững, Tiểu dự án 2',
  nd338: 'Nghị định 338/2025/NĐ-CP',
};

export const claim = Joi.object({
  item: Joi.string()
    .valid(...ITEMS)
    .required()
    .label('Khoản')
    .meta({ labels: ITEM_LABELS }),
  quantity: Joi.number().integer().min(1).max(1000).default(1).label('Số lượng (khóa, tháng, lần)'),
  claimedVnd: Joi.number()
    .integer()
    .min(0)
    .max(1_000_000_000)
    .required()
    .label('Số tiền đề nghị (đồng)')
    .meta({ unit: 'vnd' }),
  evidence: Joi.string().trim().max(500).label('Chứng từ kèm theo'),
});

export const applyBody = Joi.object<{
  caseId: number;
  programme?: string;
  declaredGroups?: string[];
  claims: { item: (typeof ITEMS)[number]; quantity: number; claimedVnd: number; evidence?: string }[];
}>({
  caseId: id().required().label('Hồ sơ'),
  programme: Joi.string()
    .valid(...PROGRAMMES)
    .label('Chương trình')
    .meta({ labels: PROGRAMME_LABELS }),
  declaredGroups: Joi.array()
    .items(Joi.string().valid(...DECLARABLE_GROUPS))
    .max(3)
    .unique()
    .label('Nhóm khai báo'),
  claims: Joi.array().items(claim).min(1).max(11).unique('item').required().label('Các khoản đề nghị'),
});

export const transitionBody = Joi.object<{ action: string; input: Record<string, unknown>; expectedVersion: number }>({
  action: Joi.string().max(50).required().label('Thao tác'),
  input: Joi.object().unknown(true).default({}),
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
});

export const idParams = Joi.object<{ id: number }>({ id: id().required() });
export const caseQuery = Joi.object<{ caseId: number }>({ caseId: id().required().label('Hồ sơ') });

export const queueQuery = Joi.object<{ state?: string; programme?: string; page: number; pageSize: number }>({
  state: Joi.string()
    .valid(...GRANT_STATES)
    .label('Trạng thái'),
  programme: Joi.string()
    .valid(...PROGRAMMES)
    .label('Chương trình'),
  ...pagination,
});

export const budgetBody = Joi.object<{
  provinceCode?: string;
  fiscalYear: number;
  programme: string;
  source: 'central' | 'local';
  allocatedVnd: number;
}>({
  provinceCode: Joi.string()
    .pattern(/^\d{2}$/, 'mã tỉnh')
    .label('Tỉnh'),
  fiscalYear: Joi.number().integer().min(2022).max(2100).required().label('Năm ngân sách'),
  programme: Joi.string()
    .valid(...PROGRAMMES)
    .required()
    .label('Chương trình')
    .meta({ labels: PROGRAMME_LABELS }),
  source: Joi.string()
    .valid('central', 'local')
    .required()
    .label('Nguồn kinh phí')
    .meta({ labels: { central: 'Ngân sách trung ương', local: 'Ngân sách địa phương' } }),
  allocatedVnd: Joi.number()
    .integer()
    .min(0)
    .max(1_000_000_000_000_000)
    .required()
    .label('Dự toán (đồng)')
    .meta({ unit: 'vnd' }),
});

export const areaBody = Joi.object<{
  kind: 'poor_district' | 'coastal_commune';
  communeCode?: string;
  oldProvinceName?: string;
  oldDistrictName?: string;
  oldCommuneName?: string;
  note?: string;
}>({
  kind: Joi.string()
    .valid('poor_district', 'coastal_commune')
    .required()
    .label('Loại địa bàn')
    .meta({
      labels: {
        poor_district: 'Huyện nghèo (địa giới cũ)',
        coastal_commune: 'Xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo',
      },
    }),
  communeCode: Joi.string()
    .pattern(/^\d{5}$/, 'mã xã')
    .label('Xã hiện nay'),
  oldProvinceName: Joi.string().trim().max(100).label('Tỉnh cũ'),
  oldDistrictName: Joi.string().trim().max(100).label('Huyện cũ'),
  oldCommuneName: Joi.string().trim().max(100).label('Xã cũ'),
  note: Joi.string().trim().max(300).label('Ghi chú'),
}).or('communeCode', 'oldDistrictName');

// ---- decisions, payments, the budget picture (issue 19)
export const SOURCE_LABELS: Record<string, string> = {
  central: 'Ngân sách trung ương',
  local: 'Ngân sách địa phương',
};
export const PAYMENT_METHOD_LABELS: Record<string, string> = { bank_transfer: 'Chuyển khoản', cash: 'Tiền mặt' };
const SOURCE = Joi.string().valid('central', 'local').label('Nguồn kinh phí').meta({ labels: SOURCE_LABELS });

export const decisionBody = Joi.object<{ applicationIds: number[]; source: 'central' | 'local' }>({
  applicationIds: Joi.array().items(id()).min(1).max(500).unique().required().label('Các đề nghị'),
  source: SOURCE.default('central'),
});

export const correctionBody = Joi.object<{
  reason: string;
  remove?: number[];
  amounts?: { applicationId: number; amountVnd: number }[];
}>({
  reason: Joi.string().trim().min(5).max(1000).required().label('Lý do đính chính'),
  remove: Joi.array().items(id()).max(500).unique().label('Bỏ khỏi quyết định'),
  amounts: Joi.array()
    .items(
      Joi.object({
        applicationId: id().required(),
        amountVnd: Joi.number().integer().min(0).max(1_000_000_000).required().label('Số tiền (đồng)'),
      }),
    )
    .max(500)
    .unique('applicationId')
    .label('Số tiền mới'),
});

/** A payment of support: the same fields for one application (the workflow's `pay`) and for a whole decision. */
export const PAYMENT_FIELDS = {
  method: Joi.string()
    .valid('cash', 'bank_transfer')
    .required()
    .label('Hình thức chi trả')
    .meta({ labels: PAYMENT_METHOD_LABELS }),
  reference: Joi.string().trim().min(1).max(100).required().label('Số chứng từ (phiếu chi, ủy nhiệm chi)'),
  paidOn: isoDate({ max: 'today' }).required().label('Ngày chi trả'),
};

export const paymentBody = Joi.object<{
  method: 'cash' | 'bank_transfer';
  reference: string;
  paidOn: string;
  applicationIds?: number[];
}>({
  ...PAYMENT_FIELDS,
  applicationIds: Joi.array().items(id()).max(500).unique().label('Chỉ những người này'),
});

export const pictureQuery = Joi.object<{ fiscalYear: number; provinceCode?: string }>({
  fiscalYear: Joi.number().integer().min(2022).max(2100).label('Năm ngân sách'),
  provinceCode: Joi.string()
    .pattern(/^\d{2}$/, 'mã tỉnh')
    .label('Tỉnh'),
});

export const decisionsQuery = Joi.object<{ page: number; pageSize: number }>({ ...pagination });
