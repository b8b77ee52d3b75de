import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { CASE_STATES } from './cases.model';

export const createCaseBody = Joi.object<{ workerId: number; jobOrderId: number }>({
  workerId: id().required().label('Người lao động'),
  jobOrderId: id().required().label('Đơn hàng'),
});

export const caseTransitionBody = Joi.object<{
  action: string;
  input: Record<string, unknown>;
  expectedVersion: number;
}>({
  action: Joi.string().max(50).required().label('Thao tác'),
  input: Joi.object().unknown(true).default({}),
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
});

export const bulkTransitionBody = Joi.object<{
  action: string;
  input: Record<string, unknown>;
  items: { id: number; expectedVersion: number }[];
}>({
  action: Joi.string().max(50).required().label('Thao tác'),
  input: Joi.object().unknown(true).default({}),
  items: Joi.array()
    .items(Joi.object({ id: id().required(), expectedVersion: Joi.number().integer().min(0).required() }))
    .min(1)
    .max(200)
    .unique('id')
    .required()
    .label('Hồ sơ'),
});

export interface CaseQuery {
  /** a worker's name (the beginnings of its words, accents ignored) or CCCD */
  q?: string;
  workerId?: number;
  /** the staff member looking after the case: 'me', 'none', or a user id */
  assignee?: string;
  /** cases with an open obligation under this rule (e.g. PAPERS: papers expiring before departure) */
  rule?: string;
  state?: string;
  jobOrderId?: number;
  market?: string;
  whoseMove?: string;
  deadlineFrom?: string;
  deadlineTo?: string;
  page: number;
  pageSize: number;
}
export const listCasesQuery = Joi.object<CaseQuery>({
  q: Joi.string().trim().max(100).label('Tên hoặc CCCD người lao động'),
  workerId: id().label('Người lao động'),
  assignee: Joi.string()
    .pattern(/^(me|none|[1-9][0-9]{0,15})$/, 'me, none hoặc mã người dùng')
    .label('Người phụ trách'),
  rule: Joi.string()
    .pattern(/^(R[0-9]{1,2}|PAPERS)$/, 'mã quy định')
    .label('Quy định'),
  state: Joi.string().valid(...CASE_STATES),
  jobOrderId: id(),
  market: Joi.string().pattern(/^[A-Z]{2}$/, 'mã nước'),
  whoseMove: Joi.string().valid('agency', 'worker', 'commune', 'province', 'none'),
  deadlineFrom: isoDate(),
  deadlineTo: isoDate(),
  ...pagination,
});

export const caseIdParams = Joi.object<{ id: number }>({ id: id().required() });

export const caseOut = Joi.object({
  id: Joi.number(),
  workerId: Joi.number(),
  jobOrderId: Joi.number(),
  state: Joi.string().valid(...CASE_STATES),
  version: Joi.number(),
  whoseMove: Joi.string(),
  nextDeadlineOn: Joi.string().allow(null),
  nextDeadlineRule: Joi.string().allow(null),
}).unknown(true);

export interface CaseFactsInput {
  plannedDepartureOn?: string | null;
  residenceNotifiedOn?: string | null;
}
/**
 * Dated facts recorded on a case. The Fund contribution (R13) and the worker deposit are ledger entries now
 * (POST /cases/:id/ledger): their typed dates left this body in issue 17 (a breaking change).
 */
export const caseFactsBody = Joi.object<CaseFactsInput>({
  plannedDepartureOn: isoDate().allow(null).label('Ngày xuất cảnh dự kiến'),
  residenceNotifiedOn: isoDate({ max: 'today' })
    .allow(null)
    .label('Ngày người lao động thông báo cư trú sau khi về nước')
    .description('R21: trong 15 ngày kể từ ngày nhập cảnh; chỉ ghi sau khi người lao động đã về nước'),
}).min(1);

export const assignBody = Joi.object<{ userId: number | null }>({
  userId: id().allow(null).required().label('Người phụ trách'),
});
