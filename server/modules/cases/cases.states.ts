// The one list of a case's states (DOMAIN.md §12): label, whose move, terminal, what the worker sees. Everything
// else (the model's CHECK-mirroring type, the board's columns, the workflow, the portal) reads this table.
import type { StateDef } from '../../shared/workflow';

export const CASE_STATE_TABLE = {
  registered: {
    label: 'Đăng ký',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Doanh nghiệp đã nhận hồ sơ đăng ký của bạn.',
  },
  prescreened: {
    label: 'Sơ tuyển đạt',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã qua vòng sơ tuyển.',
  },
  selected: {
    label: 'Trúng tuyển',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã trúng tuyển. Doanh nghiệp phải đưa bạn xuất cảnh trong 180 ngày.',
  },
  contract_signed: {
    label: 'Đã ký hợp đồng',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã ký hợp đồng với doanh nghiệp.',
  },
  visa_processing: {
    label: 'Làm thị thực',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Doanh nghiệp đang làm thị thực cho bạn.',
  },
  ready_to_depart: {
    label: 'Sẵn sàng xuất cảnh',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Giấy tờ đã đủ, bạn sắp xuất cảnh.',
  },
  departed: {
    label: 'Đã xuất cảnh',
    whoseMove: 'worker',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đang làm việc ở nước ngoài.',
  },
  returned: {
    label: 'Đã về nước',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã về nước. Hãy báo nơi cư trú trong 15 ngày.',
  },
  liquidated: {
    label: 'Đã thanh lý',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Hợp đồng đã được thanh lý.',
  },
  closed: { label: 'Đã đóng', whoseMove: 'none', terminal: true, portalVisible: false },
  withdrawn: {
    label: 'Rút hồ sơ',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Hồ sơ đã rút.',
  },
  rejected: {
    label: 'Không đạt',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Hồ sơ không đạt.',
  },
} as const satisfies Record<string, StateDef>;

export type CaseState = keyof typeof CASE_STATE_TABLE;
export const CASE_STATES = Object.keys(CASE_STATE_TABLE) as CaseState[];

/** Before departure (withdraw and reject apply here; the R15 clock runs from selection). */
export const BEFORE_DEPARTURE: readonly CaseState[] = [
  'registered',
  'prescreened',
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
];
/** Selected and not yet departed: the 180-day wait (R15). */
export const WAITING: readonly CaseState[] = ['selected', 'contract_signed', 'visa_processing', 'ready_to_depart'];
/** States that hold a place on the order (R4); the partial unique index cases_one_place says the same. */
export const PLACE_STATES: readonly CaseState[] = [
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
  'departed',
  'returned',
  'liquidated',
  'closed',
];
/** Open states, in board order. */
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !CASE_STATE_TABLE[s].terminal);

/** How a worker came home, in words (the return form's choices and the case page). */
export const RETURN_OUTCOME_LABELS: Record<string, string> = {
  on_time: 'Về đúng hạn',
  early_not_at_fault: 'Về trước hạn, không do lỗi người lao động',
  early_at_fault: 'Về trước hạn do lỗi người lao động',
  absconded: 'Bỏ trốn',
};
