// The case lifecycle as data (DOMAIN.md §12): registered → … → closed; withdrawn and rejected exit before departure.
import Joi from '../../shared/joi';
import { today } from '../../shared/clock';
import { isoDate } from '../../shared/schemas';
import type { Workflow } from '../../shared/workflow';
import type { Case, CaseState } from './cases.model';
import { RETURN_OUTCOMES } from './cases.model';
import { QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { requireReadableFile } from '../../shared/files';
import { addMonths } from '../../shared/dates';
import {
  abscondedUnilateral,
  adultOnSigning,
  depositSettled,
  extensionFee,
  headOffice,
  noticeInWindow,
  papersOnDeparture,
  placeOnOrder,
  threeNotices,
  waitingLimit,
} from './cases.guards';
import { BEFORE_DEPARTURE, CASE_STATE_TABLE, RETURN_OUTCOME_LABELS } from './cases.states';
import { computeCaseObligations } from './cases.facts';
import { STAGE_JOB } from './cases.effects';

type Entity = Case['_attributes'] & { id: number; state: CaseState; version: number };

/** A dated fact that has already happened: not after today. */
const notAfterToday = (label: string) => isoDate({ max: 'today' }).label(label);
/** The end of a labour contract: within 10 years from today (DOMAIN.md: contracts of at most 10 years). */
const contractEnd10y = (label: string) => isoDate({ maxYearsAhead: 10 }).label(label);

const reason = Joi.object({ reason: Joi.string().trim().min(3).max(500).required().label('Lý do') });
/** Money in đồng, typed the Vietnamese way on pages (17.000.000). */
const dong = (label: string) =>
  Joi.number().integer().min(0).max(Number.MAX_SAFE_INTEGER).label(label).meta({ unit: 'vnd' });

export const caseWorkflow: Workflow<Entity, CaseState> = {
  name: 'Hồ sơ người lao động',
  uniqueConflictMessage: 'Người lao động đã trúng tuyển ở một đơn hàng khác; mỗi người chỉ giữ một chỗ.',
  states: CASE_STATE_TABLE,
  // R13, R15, R17, R20, R21 and papers: every deadline the case carries, kept current by the engine
  obligations: {
    subjectType: 'case',
    compute: ({ entity, transaction }) => computeCaseObligations(entity as never, transaction),
  },
  // the worker is told when her case reaches a stage she sees (a durable job, idempotent by its event)
  effects: [
    {
      job: STAGE_JOB,
      key: (_c, e) => `case-stage:${e.id}`,
      data: (c, e) => ({ caseId: c.id, workerId: c.workerId, eventId: e.id, toState: e.toState }),
      when: (_c, e) =>
        e.fromState !== e.toState &&
        CASE_STATE_TABLE[e.toState as keyof typeof CASE_STATE_TABLE]?.portalVisible === true,
    },
  ],
  transitions: [
    {
      action: 'prescreen',
      label: 'Sơ tuyển đạt',
      from: ['registered'],
      to: 'prescreened',
      permission: 'cases:transition',
      guards: [],
    },
    {
      action: 'select',
      label: 'Trúng tuyển',
      from: ['prescreened'],
      to: 'selected',
      permission: 'cases:transition',
      guards: [placeOnOrder],
      input: Joi.object({ selectedOn: notAfterToday('Ngày trúng tuyển').required() }),
      decisionDate: (i) => i.selectedOn as string,
      apply: ({ input }) => ({ selectedOn: input.selectedOn }),
    },
    {
      action: 'sign_contract',
      label: 'Ký hợp đồng',
      from: ['selected'],
      to: 'contract_signed',
      permission: 'cases:transition',
      guards: [headOffice, adultOnSigning],
      input: Joi.object({ signedOn: notAfterToday('Ngày ký').required() }),
      decisionDate: (i) => i.signedOn as string,
      apply: ({ input }) => ({ contractSignedOn: input.signedOn }),
    },
    {
      action: 'start_visa',
      label: 'Nộp hồ sơ thị thực',
      from: ['contract_signed'],
      to: 'visa_processing',
      permission: 'cases:transition',
      guards: [],
    },
    {
      // papers checked against the planned departure date (recorded here or before with PATCH /cases/:id)
      action: 'mark_ready',
      label: 'Sẵn sàng xuất cảnh',
      from: ['visa_processing'],
      to: 'ready_to_depart',
      permission: 'cases:transition',
      guards: [papersOnDeparture],
      input: Joi.object({
        plannedDepartureOn: isoDate()
          .label('Ngày xuất cảnh dự kiến')
          .description('Để trống nếu đã ghi ở mục ngày xuất cảnh dự kiến; giấy tờ được kiểm tra theo ngày này'),
      }),
      apply: ({ input, entity }) => ({ plannedDepartureOn: input.plannedDepartureOn ?? entity.plannedDepartureOn }),
    },
    {
      // records what happened: a failing check on the real date is overridden with a reason, never lost (R17 reports)
      action: 'depart',
      label: 'Xuất cảnh',
      from: ['ready_to_depart'],
      to: 'departed',
      permission: 'cases:transition',
      guards: [waitingLimit, papersOnDeparture],
      overridable: true,
      input: Joi.object({
        departedOn: notAfterToday('Ngày xuất cảnh').required(),
        flight: Joi.string().trim().max(50).label('Chuyến bay'),
        destination: Joi.string().trim().max(200).label('Nơi đến'),
        contractStartOn: contractEnd10y('Ngày bắt đầu hợp đồng lao động').description(
          'Để trống: tính từ ngày xuất cảnh',
        ),
        // after the contract's start (the departure unless given): the CHECK on cases says the same
        contractEndOn: contractEnd10y('Ngày kết thúc hợp đồng lao động')
          .custom((v: string, h) => {
            const parent = h.state.ancestors[0] as { departedOn?: unknown; contractStartOn?: unknown };
            const start = typeof parent.contractStartOn === 'string' ? parent.contractStartOn : parent.departedOn;
            return typeof start === 'string' && v <= start
              ? h.error('date.after', { limit: 'ngày bắt đầu hợp đồng' })
              : v;
          })
          .description('Để trống: theo thời hạn hợp đồng của đơn hàng'),
        waitingAgreementOn: notAfterToday('Ngày người lao động đồng ý tiếp tục chờ').description(
          'Chỉ khi thời gian chờ xuất cảnh đã vượt thời hạn luật định (R15) và người lao động đồng ý bằng văn bản',
        ),
        overrideReason: Joi.string()
          .trim()
          .min(5)
          .max(500)
          .label('Lý do ghi nhận dù chưa đạt')
          .description('Chỉ điền khi ghi nhận một lần xuất cảnh đã diễn ra trong khi còn điều kiện chưa đạt'),
      }),
      decisionDate: (i) => i.departedOn as string,
      apply: async ({ input, entity, transaction }) => {
        const [o] = await sequelize().query<{ contract_months: number | null }>(
          'SELECT contract_months FROM job_order_terms WHERE id = $1',
          { bind: [entity.jobOrderId], type: QueryTypes.SELECT, transaction },
        );
        const start = (input.contractStartOn as string | undefined) ?? (input.departedOn as string);
        return {
          departedOn: input.departedOn,
          flight: input.flight ?? null,
          destination: input.destination ?? null,
          waitingAgreementOn: input.waitingAgreementOn ?? entity.waitingAgreementOn,
          departureOverrideReason: input.overrideReason ?? null,
          labourContractStartOn: start,
          labourContractEndOn:
            (input.contractEndOn as string | undefined) ??
            (o.contract_months ? addMonths(start, o.contract_months) : null),
        };
      },
    },
    {
      action: 'extend',
      label: 'Gia hạn hợp đồng',
      from: ['departed'],
      to: 'departed',
      permission: 'cases:transition',
      guards: [extensionFee],
      input: Joi.object({
        newEndOn: contractEnd10y('Ngày kết thúc mới').required(),
        feeVnd: dong('Tiền dịch vụ gia hạn (đồng)')
          .default(0)
          .description('Tối đa theo thời gian gia hạn (R7); để trống nếu không thu'),
      }),
      apply: async ({ input, entity, transaction }) => {
        await sequelize().query(
          'INSERT INTO case_extensions (case_id, previous_end_on, new_end_on, fee_vnd) VALUES ($1, $2, $3, $4)',
          { bind: [entity.id, entity.labourContractEndOn, input.newEndOn, input.feeVnd], transaction },
        );
        return { labourContractEndOn: input.newEndOn };
      },
    },
    {
      action: 'return',
      label: 'Về nước',
      from: ['departed'],
      to: 'returned',
      permission: 'cases:transition',
      guards: [],
      input: Joi.object({
        returnedOn: notAfterToday('Ngày về nước').required(),
        outcome: Joi.string()
          .valid(...RETURN_OUTCOMES)
          .required()
          .label('Tình trạng về nước')
          .meta({ labels: RETURN_OUTCOME_LABELS }),
        reason: Joi.string().trim().max(1000).label('Lý do'),
        // an uploaded file's id: sent by API clients after POST /api/v1/files, not typed on the page
        evidenceFileId: Joi.number().integer().positive().label('Bằng chứng').meta({ form: false }),
      }),
      decisionDate: (i) => i.returnedOn as string,
      apply: async ({ input, actor }) => {
        // the evidence must be a file the actor may read (uploaded by their agency): another agency's file is 404
        if (input.evidenceFileId) await requireReadableFile(actor, input.evidenceFileId as number, 'evidenceFileId');
        return {
          returnedOn: input.returnedOn,
          returnOutcome: input.outcome,
          returnReason: input.reason ?? null,
          returnEvidenceFileId: input.evidenceFileId ?? null,
        };
      },
    },
    {
      action: 'record_notice',
      label: 'Ghi nhận thông báo thanh lý (thư bảo đảm)',
      from: ['returned'],
      to: 'returned',
      permission: 'cases:transition',
      guards: [noticeInWindow],
      input: Joi.object({
        sentOn: notAfterToday('Ngày gửi').required(),
        postalReceiptNumber: Joi.string()
          .trim()
          .min(3)
          .max(50)
          .required()
          .label('Số biên nhận bưu điện')
          .description('Số in trên biên nhận thư bảo đảm, ví dụ RR123456789VN (R20)'),
      }),
      decisionDate: (i) => i.sentOn as string,
      apply: async ({ input, entity, transaction }) => {
        await sequelize().query(
          'INSERT INTO case_notices (case_id, sent_on, postal_receipt_number) VALUES ($1, $2, $3)',
          { bind: [entity.id, input.sentOn, input.postalReceiptNumber], transaction },
        );
        return {};
      },
    },
    {
      action: 'liquidate',
      label: 'Thanh lý hợp đồng',
      from: ['returned'],
      to: 'liquidated',
      permission: 'cases:transition',
      guards: [headOffice, abscondedUnilateral, threeNotices],
      confirm:
        'Hợp đồng với người lao động được thanh lý (R20): ngày thanh lý và các khoản khấu trừ đã nhập được ghi vào hồ sơ và không sửa được nữa; tiền ký quỹ được hoàn trả theo biên bản thanh lý.',
      input: Joi.object({
        liquidatedOn: notAfterToday('Ngày thanh lý').required(),
        unilateral: Joi.boolean()
          .default(false)
          .label('Thanh lý đơn phương')
          .description('Khi người lao động không đến thanh lý sau 3 lần thông báo (R20), hoặc đã bỏ trốn'),
        deductions: Joi.array()
          .items(
            Joi.object({
              amountVnd: dong('Số tiền khấu trừ (đồng)').min(1).required(),
              reason: Joi.string().trim().min(3).max(500).required().label('Lý do khấu trừ'),
              // R11: the evidence of the damage the deduction compensates (an uploaded file's id, API clients)
              evidenceFileId: Joi.number().integer().positive().label('Chứng từ khấu trừ').meta({ form: false }),
            }),
          )
          .max(20)
          .default([])
          .label('Khoản khấu trừ đã thỏa thuận')
          .description('Chỉ những khoản người lao động đã đồng ý; để trống nếu không có')
          .meta({ rows: 3 }),
      }),
      decisionDate: (i) => i.liquidatedOn as string,
      apply: async ({ input, actor }) => {
        // each deduction's evidence must be a file the actor may read (its agency's): another agency's file is 404
        const deductions = input.deductions as { evidenceFileId?: number }[];
        for (const [i, d] of deductions.entries())
          if (d.evidenceFileId) await requireReadableFile(actor, d.evidenceFileId, `deductions.${i}.evidenceFileId`);
        return {
          liquidatedOn: input.liquidatedOn,
          liquidatedUnilaterally: input.unilateral,
          liquidationDeductions: input.deductions,
        };
      },
    },
    {
      action: 'close',
      label: 'Đóng hồ sơ',
      from: ['liquidated'],
      to: 'closed',
      permission: 'cases:transition',
      guards: [depositSettled],
      apply: () => ({ closedOn: today() }),
    },
    {
      action: 'withdraw',
      label: 'Rút hồ sơ',
      from: BEFORE_DEPARTURE,
      to: 'withdrawn',
      permission: 'cases:transition',
      guards: [],
      confirm:
        'Hồ sơ kết thúc ở bước «Rút hồ sơ»: không tiếp tục tuyển chọn được nữa, chỗ của người lao động trong đơn hàng được trả lại.',
      input: reason,
      apply: ({ input }) => ({ exitReason: input.reason }),
    },
    {
      action: 'reject',
      label: 'Không đạt',
      from: BEFORE_DEPARTURE,
      to: 'rejected',
      permission: 'cases:transition',
      guards: [],
      confirm:
        'Hồ sơ kết thúc ở bước «Không đạt»: không tiếp tục tuyển chọn được nữa, chỗ của người lao động trong đơn hàng được trả lại.',
      input: reason,
      apply: ({ input }) => ({ exitReason: input.reason }),
    },
  ],
  events: { table: 'case_events', foreignKey: 'case_id' },
};
