// The case lifecycle as data (DOMAIN.md §12): registered → … → closed; withdrawn and rejected exit before departure.
import Joi from 'joi';
import { today } from '../../shared/clock';
import { addDays } from '../../shared/dates';
import { isoDate } from '../../shared/schemas';
import type { Workflow } from '../../shared/workflow';
import type { Case, CaseState } from './cases.model';
import { RETURN_OUTCOMES } from './cases.model';
import { abscondedUnilateral, headOffice, placeOnOrder, WAITING_LIMIT_DAYS, waitingLimit } from './cases.guards';

type Entity = Case['_attributes'] & { id: number; state: CaseState; version: number };

const notAfterToday = (label: string) => isoDate().label(label)
  .custom((v: string, h) => (v > today() ? h.error('date.max', { limit: 'hôm nay' }) : v));

/** R15: while waiting for departure, the deadline is selection + 180 days (none once the worker agreed to wait). */
const waitingDeadline = (c: Entity) => (c.selectedOn && !c.waitingAgreementOn ? { on: addDays(c.selectedOn, WAITING_LIMIT_DAYS), ruleId: 'R15' } : null);
/** R20: liquidation within 180 days after the labour contract ends (the return until papers record the end). */
const liquidationDeadline = (c: Entity) => (c.returnedOn ? { on: addDays(c.returnedOn, 180), ruleId: 'R20' } : null);

const BEFORE_DEPARTURE: CaseState[] = ['registered', 'prescreened', 'selected', 'contract_signed', 'visa_processing', 'ready_to_depart'];
const reason = Joi.object({ reason: Joi.string().trim().min(3).max(500).required().label('Lý do') });

export const caseWorkflow: Workflow<Entity, CaseState> = {
  name: 'Hồ sơ người lao động',
  tracksDeadlines: true,
  uniqueConflictMessage: 'Người lao động đã trúng tuyển ở một đơn hàng khác; mỗi người chỉ giữ một chỗ.',
  states: {
    registered: { label: 'Đăng ký', whoseMove: 'agency', terminal: false },
    prescreened: { label: 'Sơ tuyển đạt', whoseMove: 'agency', terminal: false },
    selected: { label: 'Trúng tuyển', whoseMove: 'agency', terminal: false, deadline: waitingDeadline },
    contract_signed: { label: 'Đã ký hợp đồng', whoseMove: 'agency', terminal: false, deadline: waitingDeadline },
    visa_processing: { label: 'Làm thị thực', whoseMove: 'agency', terminal: false, deadline: waitingDeadline },
    ready_to_depart: { label: 'Sẵn sàng xuất cảnh', whoseMove: 'agency', terminal: false, deadline: waitingDeadline },
    departed: { label: 'Đã xuất cảnh', whoseMove: 'worker', terminal: false },
    returned: { label: 'Đã về nước', whoseMove: 'agency', terminal: false, deadline: liquidationDeadline },
    liquidated: { label: 'Đã thanh lý', whoseMove: 'agency', terminal: false },
    closed: { label: 'Đã đóng', whoseMove: 'none', terminal: true },
    withdrawn: { label: 'Rút hồ sơ', whoseMove: 'none', terminal: true },
    rejected: { label: 'Không đạt', whoseMove: 'none', terminal: true },
  },
  transitions: [
    { action: 'prescreen', label: 'Sơ tuyển đạt', from: ['registered'], to: 'prescreened', permission: 'cases:transition', guards: [] },
    {
      action: 'select', label: 'Trúng tuyển', from: ['prescreened'], to: 'selected', permission: 'cases:transition', guards: [placeOnOrder],
      input: Joi.object({ selectedOn: notAfterToday('Ngày trúng tuyển').required() }),
      decisionDate: (i) => i.selectedOn as string, apply: ({ input }) => ({ selectedOn: input.selectedOn }),
    },
    {
      action: 'sign_contract', label: 'Ký hợp đồng', from: ['selected'], to: 'contract_signed', permission: 'cases:transition', guards: [headOffice],
      input: Joi.object({ signedOn: notAfterToday('Ngày ký').required() }),
      decisionDate: (i) => i.signedOn as string, apply: ({ input }) => ({ contractSignedOn: input.signedOn }),
    },
    { action: 'start_visa', label: 'Nộp hồ sơ thị thực', from: ['contract_signed'], to: 'visa_processing', permission: 'cases:transition', guards: [] },
    { action: 'mark_ready', label: 'Sẵn sàng xuất cảnh', from: ['visa_processing'], to: 'ready_to_depart', permission: 'cases:transition', guards: [] },
    {
      action: 'depart', label: 'Xuất cảnh', from: ['ready_to_depart'], to: 'departed', permission: 'cases:transition', guards: [waitingLimit],
      input: Joi.object({
        departedOn: notAfterToday('Ngày xuất cảnh').required(),
        waitingAgreementOn: isoDate().label('Ngày người lao động đồng ý tiếp tục chờ'),
      }),
      decisionDate: (i) => i.departedOn as string,
      apply: ({ input, entity }) => ({ departedOn: input.departedOn, waitingAgreementOn: input.waitingAgreementOn ?? entity.waitingAgreementOn }),
    },
    {
      action: 'return', label: 'Về nước', from: ['departed'], to: 'returned', permission: 'cases:transition', guards: [],
      input: Joi.object({ returnedOn: notAfterToday('Ngày về nước').required(), outcome: Joi.string().valid(...RETURN_OUTCOMES).required().label('Tình trạng về nước') }),
      decisionDate: (i) => i.returnedOn as string, apply: ({ input }) => ({ returnedOn: input.returnedOn, returnOutcome: input.outcome }),
    },
    {
      action: 'liquidate', label: 'Thanh lý hợp đồng', from: ['returned'], to: 'liquidated', permission: 'cases:transition', guards: [headOffice, abscondedUnilateral],
      input: Joi.object({ liquidatedOn: notAfterToday('Ngày thanh lý').required(), unilateral: Joi.boolean().default(false).label('Thanh lý đơn phương') }),
      decisionDate: (i) => i.liquidatedOn as string,
      apply: ({ input }) => ({ liquidatedOn: input.liquidatedOn, liquidatedUnilaterally: input.unilateral }),
    },
    { action: 'close', label: 'Đóng hồ sơ', from: ['liquidated'], to: 'closed', permission: 'cases:transition', guards: [], apply: () => ({ closedOn: today() }) },
    { action: 'withdraw', label: 'Rút hồ sơ', from: BEFORE_DEPARTURE, to: 'withdrawn', permission: 'cases:transition', guards: [], input: reason, apply: ({ input }) => ({ exitReason: input.reason }) },
    { action: 'reject', label: 'Không đạt', from: BEFORE_DEPARTURE, to: 'rejected', permission: 'cases:transition', guards: [], input: reason, apply: ({ input }) => ({ exitReason: input.reason }) },
  ],
  events: { table: 'case_events', foreignKey: 'case_id' },
};
