// What the worker portal shows of a worker's own cases: the stage in plain words, the stages she has passed with
// their dates (only states the state table marks portalVisible), and what comes next, who must act and by when, read
// from the open obligations when the page is drawn. Callers pass the signed-in worker's own id, never one from a URL.
import { select } from '../../db/sql';
import { formatDateTimeVi } from '../../shared/dates';
import type { IsoDate } from '../../shared/clock';

/** The day of a moment in Vietnam, dd/mm/yyyy. */
const dayVi = (at: Date) => formatDateTimeVi(at).slice(0, 10);
import { today } from '../../shared/clock';
import { CASE_STATE_TABLE, type CaseState } from './cases.states';

export interface PortalStep {
  text: string;
  who: string;
  mine: boolean;
  dueOn: IsoDate;
  overdue: boolean;
}

export interface PortalCase {
  id: number;
  code: string;
  state: CaseState;
  stage: string;
  stageText: string | null;
  open: boolean;
  jobOrderId: number;
  agencyId: number;
  selectedOn: IsoDate | null;
  plannedDepartureOn: IsoDate | null;
  departedOn: IsoDate | null;
  returnedOn: IsoDate | null;
  contractEndOn: IsoDate | null;
  liquidatedOn: IsoDate | null;
  /** R15: the last day of the wait for departure, from the case's obligation */
  waitingUntil: IsoDate | null;
  timeline: { stage: string; on: string }[];
  nextSteps: PortalStep[];
}

/** Who must act, as a worker says it. */
export const WHO_IN_WORDS: Record<string, string> = {
  worker: 'Bạn',
  agency: 'Doanh nghiệp',
  commune: 'UBND xã',
  province: 'Sở Nội vụ tỉnh',
};

const PAPER_WORDS: Record<string, string> = {
  passport: 'Hộ chiếu',
  health_certificate: 'Giấy khám sức khỏe',
  criminal_record: 'Lý lịch tư pháp',
  orientation_certificate: 'Chứng chỉ giáo dục định hướng',
  visa: 'Thị thực (visa)',
  work_permit: 'Giấy phép lao động',
};

/** An obligation in short sentences a worker understands (no rule ids, no codes). */
export function obligationForWorker(kind: string): string {
  const [base, arg] = kind.split(':');
  switch (base) {
    case 'fund_contribution':
      return 'Đóng tiền vào Quỹ Hỗ trợ việc làm ngoài nước trước khi đi.';
    case 'waiting_limit':
      return 'Doanh nghiệp phải đưa bạn đi làm việc trước ngày này.';
    case 'departure_update':
      return 'Doanh nghiệp báo thông tin chuyến đi của bạn lên hệ thống của nhà nước.';
    case 'monthly_update':
      return 'Doanh nghiệp báo các thay đổi trong công việc của bạn lên hệ thống của nhà nước.';
    case 'paper_expiry':
      return `${PAPER_WORDS[arg] ?? 'Giấy tờ'} hết hạn trước ngày bay: cần làm lại.`;
    case 'liquidation':
      return 'Doanh nghiệp thanh lý hợp đồng với bạn và trả lại tiền ký quỹ.';
    case 'residence_notice':
      return 'Bạn báo với UBND xã nơi bạn đang ở sau khi về nước.';
    default:
      return 'Một việc cần làm trong hồ sơ của bạn.';
  }
}

/** The worker's cases, the open one first, then the latest. */
export async function portalCases(workerId: number): Promise<PortalCase[]> {
  const rows = await select<{
    id: string;
    code: string;
    state: CaseState;
    job_order_id: string;
    agency_id: string;
    selected_on: IsoDate | null;
    planned_departure_on: IsoDate | null;
    departed_on: IsoDate | null;
    returned_on: IsoDate | null;
    labour_contract_end_on: IsoDate | null;
    liquidated_on: IsoDate | null;
    created_at: Date;
  }>(
    `SELECT id, code, state, job_order_id, agency_id, selected_on, planned_departure_on, departed_on, returned_on,
            labour_contract_end_on, liquidated_on, created_at
     FROM cases WHERE worker_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20`,
    [workerId],
  );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [events, obligations] = [
    await select<{ case_id: string; to_state: CaseState; at: Date }>(
      `SELECT case_id, to_state, at FROM case_events WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, id`,
      [ids],
    ),
    await select<{ subject_id: string; kind: string; due_on: IsoDate; whose_move: string; status: string }>(
      `SELECT subject_id, kind, due_on, whose_move, status FROM obligations
       WHERE subject_type = 'case' AND subject_id = ANY($1::bigint[]) AND status IN ('open', 'met')
       ORDER BY due_on, kind`,
      [ids],
    ),
  ];
  const on = today();
  const cases = rows.map((r): PortalCase => {
    const s = CASE_STATE_TABLE[r.state];
    const timeline = [
      { stage: CASE_STATE_TABLE.registered.label, on: dayVi(r.created_at) },
      ...events
        .filter((e) => e.case_id === r.id && CASE_STATE_TABLE[e.to_state]?.portalVisible && e.to_state !== 'registered')
        .map((e) => ({ stage: CASE_STATE_TABLE[e.to_state].label, on: dayVi(e.at) })),
    ];
    return {
      id: Number(r.id),
      code: r.code,
      state: r.state,
      stage: s.portalVisible ? s.label : 'Đã kết thúc',
      stageText: 'portalText' in s ? s.portalText : null,
      open: !s.terminal,
      jobOrderId: Number(r.job_order_id),
      agencyId: Number(r.agency_id),
      selectedOn: r.selected_on,
      plannedDepartureOn: r.planned_departure_on,
      departedOn: r.departed_on,
      returnedOn: r.returned_on,
      contractEndOn: r.labour_contract_end_on,
      liquidatedOn: r.liquidated_on,
      timeline,
      waitingUntil: obligations.find((o) => o.subject_id === r.id && o.kind === 'waiting_limit')?.due_on ?? null,
      nextSteps: obligations
        .filter((o) => o.subject_id === r.id && o.status === 'open' && o.whose_move !== 'none')
        .map((o) => ({
          text: obligationForWorker(o.kind),
          who: WHO_IN_WORDS[o.whose_move] ?? 'Doanh nghiệp',
          mine: o.whose_move === 'worker',
          dueOn: o.due_on,
          overdue: o.due_on < on,
        })),
    };
  });
  return cases.sort((a, b) => Number(b.open) - Number(a.open));
}

/**
 * The public quick lookup: the case of a code, only when the date of birth and the CCCD's last four digits match.
 * Answers the stage and the next step, nothing else; null for any mismatch (the caller cannot tell which part).
 */
export async function lookupCase(
  code: string,
  dateOfBirth: IsoDate,
  cccdLast4: string,
): Promise<{ stage: string; stageText: string | null; next: PortalStep | null } | null> {
  const [row] = await select<{ id: string; worker_id: string }>(
    `SELECT c.id, c.worker_id FROM cases c JOIN worker_directory w ON w.id = c.worker_id
     WHERE c.code = $1 AND w.date_of_birth = $2 AND right(w.cccd, 4) = $3`,
    [code, dateOfBirth, cccdLast4],
  );
  if (!row) return null;
  const found = (await portalCases(Number(row.worker_id))).find((c) => c.id === Number(row.id));
  if (!found) return null;
  return { stage: found.stage, stageText: found.stageText, next: found.nextSteps[0] ?? null };
}
