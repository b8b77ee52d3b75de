// Guards of the case workflow: each returns verdicts; the engine runs them all and refuses with every failure.
import { QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { addDays, formatDateVi } from '../../shared/dates';
import { verdict } from '../../shared/rules';
import type { Guard } from '../../shared/workflow';
import { PLACE_STATES, type Case } from './cases.model';

type Entity = Case['_attributes'] & { id: number; state: string; version: number };

export const WAITING_LIMIT_DAYS = 180;

/** R3 + R4: selection only while the order is open, and never beyond its headcount, even when requests race. */
export const placeOnOrder: Guard<Entity> = {
  name: 'place-on-order (R3, R4)',
  // Locking the job order row serialises every selection on that order: the count below cannot go stale.
  lock: async ({ entity, transaction }) => {
    await sequelize().query('SELECT id FROM job_orders WHERE id = $1 FOR UPDATE', { bind: [entity.jobOrderId], transaction });
  },
  check: async ({ entity, transaction }) => {
    const [o] = await sequelize().query<{ state: string; headcount: number | null; taken: number }>(
      `SELECT o.state, o.headcount, (SELECT count(*)::int FROM cases c WHERE c.job_order_id = o.id AND c.state = ANY($2) AND c.id <> $3) AS taken
       FROM job_orders o WHERE o.id = $1`,
      { bind: [entity.jobOrderId, PLACE_STATES, entity.id], type: QueryTypes.SELECT, transaction },
    );
    const open = o.state === 'open';
    const free = (o.headcount ?? 0) - o.taken;
    return [
      verdict('R3', open, open ? 'Đơn hàng đang tuyển.' : 'Chỉ tuyển chọn khi đơn hàng đang mở tuyển (đơn hàng đã đóng hoặc còn là nháp).', { jobOrderState: o.state }),
      verdict('R4', free > 0, free > 0
        ? `Còn ${free}/${o.headcount} chỗ trong đơn hàng.`
        : `Đơn hàng đã đủ ${o.headcount} người được tuyển chọn; không được tuyển vượt số lượng đã đăng ký.`, { headcount: o.headcount, taken: o.taken }),
    ];
  },
};

/** R2: contracts are signed and liquidated by the head office, never a branch. */
export const headOffice: Guard<Entity> = {
  name: 'head-office (R2)',
  check: ({ actor }) => [verdict('R2', actor.branchId === null, actor.branchId === null
    ? 'Trụ sở chính thực hiện.'
    : 'Chi nhánh không được ký hoặc thanh lý hợp đồng với người lao động; việc này do trụ sở chính thực hiện.', { branchId: actor.branchId })],
};

/** R15: departure within 180 days of selection; from day 181 the worker's written agreement to keep waiting. */
export const waitingLimit: Guard<Entity> = {
  name: 'waiting-limit (R15)',
  check: ({ entity, input, date }) => {
    const departedOn = date; // the decision date of `depart` is the departure date
    const limit = addDays(entity.selectedOn!, WAITING_LIMIT_DAYS);
    const agreement = (input.waitingAgreementOn as string | undefined) ?? entity.waitingAgreementOn;
    const ok = departedOn <= limit || Boolean(agreement);
    return [verdict('R15', ok, departedOn <= limit
      ? `Xuất cảnh ngày ${formatDateVi(departedOn)}, trong thời hạn chờ (đến ${formatDateVi(limit)}).`
      : agreement
        ? `Quá 180 ngày kể từ ngày trúng tuyển (${formatDateVi(limit)}); người lao động đã đồng ý bằng văn bản tiếp tục chờ ngày ${formatDateVi(agreement)}.`
        : `Quá 180 ngày kể từ ngày trúng tuyển ${formatDateVi(entity.selectedOn)} (hạn ${formatDateVi(limit)}): cần văn bản người lao động đồng ý tiếp tục chờ.`,
    { selectedOn: entity.selectedOn, limit, departedOn, waitingAgreementOn: agreement ?? null })];
  },
};

/** R20: an absconded worker's contract can only be liquidated unilaterally. */
export const abscondedUnilateral: Guard<Entity> = {
  name: 'absconded-unilateral (R20)',
  check: ({ entity, input }) => {
    const ok = entity.returnOutcome !== 'absconded' || input.unilateral === true;
    return [verdict('R20', ok, ok ? 'Hình thức thanh lý phù hợp.' : 'Người lao động bỏ trốn: chỉ được thanh lý đơn phương.', { returnOutcome: entity.returnOutcome })];
  },
};
