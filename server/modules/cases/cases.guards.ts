// Guards of the case workflow: each returns verdicts; the engine runs them all and refuses with every failure.
import { QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { formatDateVi, isIsoDate, wholeMonthsBetween } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import { CURRENCY_EXPONENT, decimal, div, floor, frac, mul } from '../../shared/money';
import { policiesAt } from '../policies';
import { lockJobOrder } from '../job-orders';
import { afterDuration, checkAdult, contractEnd, durationWords } from './cases.rules';
import { departureVerdicts } from './cases.facts';
import { verdict } from '../../shared/rules';
import { factsOf } from '../../shared/registry';
import { workingCalendar } from '../reference';
import type { Guard } from '../../shared/workflow';
import { PLACE_STATES, type Case } from './cases.model';

type Entity = Case['_attributes'] & { id: number; state: string; version: number };

/** R3 + R4: selection only while the order is open, and never beyond its headcount, even when requests race. */
export const placeOnOrder: Guard<Entity> = {
  name: 'place-on-order (R3, R4)',
  // Locking the job order row serialises every selection on that order: the count below cannot go stale.
  lock: async ({ entity, transaction }) => {
    await lockJobOrder(Number(entity.jobOrderId), transaction);
  },
  check: async ({ entity, transaction }) => {
    const [o] = await sequelize().query<{ state: string; headcount: number | null; taken: number }>(
      `SELECT o.state, o.headcount, (SELECT count(*)::int FROM cases c WHERE c.job_order_id = o.id AND c.state = ANY($2) AND c.id <> $3) AS taken
       FROM job_order_terms o WHERE o.id = $1`,
      { bind: [entity.jobOrderId, PLACE_STATES, entity.id], type: QueryTypes.SELECT, transaction },
    );
    const open = o.state === 'open';
    const free = (o.headcount ?? 0) - o.taken;
    return [
      verdict(
        'R3',
        open,
        open
          ? 'Đơn hàng đang tuyển.'
          : 'Chỉ tuyển chọn khi đơn hàng đang mở tuyển (đơn hàng đã đóng hoặc còn là nháp).',
        { jobOrderState: o.state },
      ),
      verdict(
        'R4',
        free > 0,
        free > 0
          ? `Còn ${free}/${o.headcount} chỗ trong đơn hàng.`
          : `Đơn hàng đã đủ ${o.headcount} người được tuyển chọn; không được tuyển vượt số lượng đã đăng ký.`,
        { headcount: o.headcount, taken: o.taken },
      ),
    ];
  },
};

/** R2: contracts are signed and liquidated by the head office, never a branch. */
export const headOffice: Guard<Entity> = {
  name: 'head-office (R2)',
  check: ({ actor }) => [
    verdict(
      'R2',
      actor.branchId === null,
      actor.branchId === null
        ? 'Trụ sở chính thực hiện.'
        : 'Chi nhánh không được ký hoặc thanh lý hợp đồng với người lao động; việc này do trụ sở chính thực hiện.',
      { branchId: actor.branchId },
    ),
  ],
};

/** R15: departure within the policy's days (180) of selection; after that, the worker's written agreement to keep waiting. */
export const waitingLimit: Guard<Entity> = {
  name: 'waiting-limit (R15)',
  needsInput: true,
  rules: ['R15'],
  check: async ({ entity, input, date }) => {
    const departedOn = date; // the decision date of `depart` is the departure date
    const p = (await policiesAt(date)).require('waiting.max_days');
    const limit = afterDuration(entity.selectedOn!, p, await workingCalendar());
    const agreement = (input.waitingAgreementOn as string | undefined) ?? entity.waitingAgreementOn;
    const ok = departedOn <= limit || Boolean(agreement);
    return [
      verdict(
        'R15',
        ok,
        departedOn <= limit
          ? `Xuất cảnh ngày ${formatDateVi(departedOn)}, trong thời hạn chờ (đến ${formatDateVi(limit)}).`
          : agreement
            ? `Quá ${durationWords(p)} kể từ ngày trúng tuyển (${formatDateVi(limit)}); người lao động đã đồng ý bằng văn bản tiếp tục chờ ngày ${formatDateVi(agreement)}.`
            : `Quá ${durationWords(p)} kể từ ngày trúng tuyển ${formatDateVi(entity.selectedOn)} (hạn ${formatDateVi(limit)}): cần văn bản người lao động đồng ý tiếp tục chờ.`,
        { selectedOn: entity.selectedOn, limit, departedOn, waitingAgreementOn: agreement ?? null },
        [p.id],
        p.citation,
      ),
    ];
  },
};

/** R20: an absconded worker's contract can only be liquidated unilaterally. */
export const abscondedUnilateral: Guard<Entity> = {
  name: 'absconded-unilateral (R20)',
  check: ({ entity, input }) => {
    const ok = entity.returnOutcome !== 'absconded' || input.unilateral === true;
    return [
      verdict('R20', ok, ok ? 'Hình thức thanh lý phù hợp.' : 'Người lao động bỏ trốn: chỉ được thanh lý đơn phương.', {
        returnOutcome: entity.returnOutcome,
      }),
    ];
  },
};

/** R1: the worker is at least 18 on the day the contract is signed. */
export const adultOnSigning: Guard<Entity> = {
  name: 'adult-on-signing (R1)',
  check: async ({ entity, date, transaction }) => {
    const [w] = await sequelize().query<{ date_of_birth: string }>(
      'SELECT date_of_birth FROM worker_directory WHERE id = $1',
      {
        bind: [entity.workerId],
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    return [checkAdult(w.date_of_birth, date, await policiesAt(date))];
  },
};

/** Papers and payments on the planned departure date (ready_to_depart) or the real one (depart). */
export const papersOnDeparture: Guard<Entity> = {
  name: 'papers-on-departure (R1, R13, R19, R9)',
  check: ({ entity, input, date, transaction }) => {
    const on = input.departedOn
      ? date
      : ((input.plannedDepartureOn as string | undefined) ?? entity.plannedDepartureOn);
    return departureVerdicts(entity, on ?? null, transaction);
  },
};

/** R7 (extension): at most 0.5 month's salary per 12 months of extension, in whole months, floored to đồng. */
export const extensionFee: Guard<Entity> = {
  name: 'extension-fee (R7)',
  needsInput: true,
  rules: ['R7'],
  check: async ({ entity, input, date, transaction }) => {
    const previous = entity.labourContractEndOn;
    const newEnd = String(input.newEndOn);
    if (!previous || !isIsoDate(newEnd) || newEnd <= previous) {
      return [
        verdict('R7', false, 'Ngày kết thúc mới phải sau ngày kết thúc hiện tại của hợp đồng lao động.', {
          previous,
          newEnd,
        }),
      ];
    }
    const months = wholeMonthsBetween(previous, newEnd);
    const [o] = await sequelize().query<{
      salary_minor: string | null;
      fx_rate: string | null;
      salary_currency: string | null;
      destination_country: string | null;
      job_category: string;
    }>(
      'SELECT salary_minor, fx_rate, salary_currency, destination_country, job_category FROM job_order_terms WHERE id = $1',
      { bind: [entity.jobOrderId], type: QueryTypes.SELECT, transaction },
    );
    const policy = await policiesAt(date);
    const rate = policy.require('service_fee.extension_rate', {
      country: o.destination_country,
      jobCategory: o.job_category,
    });
    const exp = CURRENCY_EXPONENT[o.salary_currency ?? ''] ?? 0;
    const salaryVnd =
      o.salary_minor && o.fx_rate
        ? mul(frac(BigInt(o.salary_minor)), div(decimal(String(o.fx_rate)), frac(10n ** BigInt(exp))))
        : frac(0n);
    const cap = floor(mul(mul(decimal(rate.value), frac(BigInt(months), 12n)), salaryVnd));
    const fee = BigInt(Number(input.feeVnd ?? 0));
    const ok = fee <= cap;
    return [
      verdict(
        'R7',
        ok,
        ok
          ? `Tiền dịch vụ gia hạn ${formatMoney(fee)} trong mức trần ${formatMoney(cap)} (${rate.value} tháng lương × ${months}/12 tháng gia hạn).`
          : `Tiền dịch vụ gia hạn ${formatMoney(fee)} vượt mức trần ${formatMoney(cap)} (${rate.value} tháng lương cho mỗi 12 tháng gia hạn; gia hạn ${months} tháng).`,
        {
          months,
          capVnd: Number(cap),
          feeVnd: Number(fee),
          ratePer12Months: rate.value,
          salaryVnd: Number(floor(salaryVnd)),
        },
        [rate.id],
        rate.citation,
      ),
    ];
  },
};

/** R20: a registered-mail notice must be sent inside the policy's days (180) after the labour contract ends. */
export const noticeInWindow: Guard<Entity> = {
  name: 'notice-in-window (R20)',
  needsInput: true,
  rules: ['R20'],
  check: async ({ entity, input, date }) => {
    const p = (await policiesAt(date)).require('liquidation.days_after_end');
    const end = contractEnd(entity);
    const last = end ? afterDuration(end, p, await workingCalendar()) : null;
    const sentOn = String(input.sentOn);
    const ok = Boolean(end) && sentOn >= end! && sentOn <= last!;
    return [
      verdict(
        'R20',
        ok,
        ok
          ? `Thông báo gửi trong thời hạn ${durationWords(p)}.`
          : `Thông báo phải gửi trong ${durationWords(p)} sau khi hợp đồng lao động chấm dứt (${formatDateVi(end)} – ${formatDateVi(last)}).`,
        { end, sentOn, last },
        [p.id],
        p.citation,
      ),
    ];
  },
};

/** R20: unilateral liquidation needs the policy's number (3) of registered-mail notices inside the window. */
export const threeNotices: Guard<Entity> = {
  name: 'three-notices (R20)',
  check: async ({ entity, input, date, transaction }) => {
    if (input.unilateral !== true) return [];
    const policy = await policiesAt(date);
    const window = policy.require('liquidation.days_after_end');
    const needed = policy.require('liquidation.notices');
    const end = contractEnd(entity);
    const last = end ? afterDuration(end, window, await workingCalendar()) : end;
    const [{ n }] = await sequelize().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_notices WHERE case_id = $1 AND sent_on BETWEEN $2 AND $3',
      { bind: [entity.id, end, last], type: QueryTypes.SELECT, transaction },
    );
    const ok = n >= Number(needed.value);
    return [
      verdict(
        'R20',
        ok,
        ok
          ? `Đã gửi ${n} thông báo bằng thư bảo đảm trong ${durationWords(window)}.`
          : `Thanh lý đơn phương cần ${needed.value} thông báo bằng thư bảo đảm trong ${durationWords(window)} sau khi hợp đồng lao động chấm dứt (mới có ${n}).`,
        { notices: n, needed: Number(needed.value), end },
        [needed.id, window.id],
        needed.citation,
      ),
    ];
  },
};

/** R11: a case is closed only when the worker deposit has come back (nothing held in the blocked account). */
export const depositSettled: Guard<Entity> = {
  name: 'deposit-settled (R11)',
  check: async ({ entity, transaction }) => {
    const money = await factsOf('money.forCase', { caseId: Number(entity.id) }, transaction);
    const ok = money.depositHeldVnd === 0;
    return [
      verdict(
        'R11',
        ok,
        ok
          ? money.depositReceivedVnd > 0
            ? 'Tiền ký quỹ đã được hoàn trả hoặc khấu trừ hết theo biên bản thanh lý.'
            : 'Không có tiền ký quỹ.'
          : `Còn ${formatMoney(money.depositHeldVnd)} tiền ký quỹ chưa hoàn trả người lao động: ghi việc hoàn trả ở trang tiền của hồ sơ trước khi đóng.`,
        { depositHeldVnd: money.depositHeldVnd },
      ),
    ];
  },
};
