// The case lifecycle's law as pure functions (no I/O: facts in, verdicts and obligations out), unit-tested without a
// database (test/unit/cases/rules.test.ts). Facts are gathered in cases.facts.ts; guards wire both (cases.guards.ts).
// Every duration is a policy value with its citation (DOMAIN.md §11): a change of law is a new version, not code.
import { addDays, addMonths, formatDateVi } from '../../shared/dates';
import { PolicyMissingError, verdict, type Verdict } from '../../shared/rules';
import type { WorkingCalendar } from '../../shared/working-days';
import type { ObligationSpec, WhoseMove } from '../../shared/obligations';
import type { PolicyRow, PolicySet } from '../policies';
import type { CaseState } from './cases.states';
import { BEFORE_DEPARTURE, WAITING } from './cases.states';

export interface PaperFact {
  kind: string;
  number: string;
  issued_on: string;
  expires_on: string | null;
  sender_agency_id: string | null;
  job_category: string | null;
  market: string | null;
}
export interface DepartureFacts {
  date: string;
  agencyId: number;
  jobCategory: string;
  market: string | null;
  depositRequiredVnd: number;
  fundContributionPaidOn: string | null;
  workerDepositPaidOn: string | null;
  papers: PaperFact[];
}

/**
 * A policy duration from a date: calendar days, working days (the holiday calendar: Tết, make-up Saturdays),
 * months or years, as the policy's unit says. Negative `sign` counts back.
 */
export function afterDuration(from: string, p: PolicyRow, calendar: WorkingCalendar, sign: 1 | -1 = 1): string {
  const n = Number(p.value) * sign;
  switch (p.unit) {
    case 'working_days':
      return calendar.addWorkingDays(from, n);
    case 'months':
      return addMonths(from, n);
    case 'years':
      return addMonths(from, n * 12);
    default:
      return addDays(from, n);
  }
}

const unitWords: Record<string, string> = {
  days: 'ngày',
  working_days: 'ngày làm việc',
  months: 'tháng',
  years: 'năm',
};
export const durationWords = (p: PolicyRow) => `${p.value} ${unitWords[p.unit] ?? p.unit}`;

/** R1: at least the minimum age (18) on the day the worker contract is signed. */
export function checkAdult(dateOfBirth: string, on: string, policy: PolicySet): Verdict {
  const minAge = policy.require('worker.min_age');
  const adultOn = addMonths(dateOfBirth, Number(minAge.value) * 12);
  const ok = on >= adultOn;
  return verdict(
    'R1',
    ok,
    ok
      ? `Người lao động đủ ${minAge.value} tuổi vào ngày ${formatDateVi(on)}.`
      : `Người lao động chưa đủ ${minAge.value} tuổi vào ngày ${formatDateVi(on)} (đủ ${minAge.value} tuổi từ ${formatDateVi(adultOn)}).`,
    { dateOfBirth, on, adultOn, minAge: Number(minAge.value) },
    [minAge.id],
    minAge.citation,
  );
}

/** Every verdict about papers and payments on the departure date. */
export function checkDeparture(f: DepartureFacts, policy: PolicySet, calendar: WorkingCalendar): Verdict[] {
  const latest = (kind: string) =>
    f.papers.filter((p) => p.kind === kind).sort((a, b) => b.issued_on.localeCompare(a.issued_on))[0];
  const out: Verdict[] = [];

  // R19: orientation valid on the date and issued for this sender, job and market. Its validity is the issue date
  // plus the policy's months (24), whatever expiry was typed on the paper.
  const validity = policy.require('orientation.validity');
  const validUntil = (p: PaperFact) => {
    const byPolicy = addMonths(p.issued_on, Number(validity.value));
    return p.expires_on && p.expires_on < byPolicy ? p.expires_on : byPolicy;
  };
  const orientation = f.papers.filter((p) => p.kind === 'orientation_certificate');
  const matching = orientation.filter(
    (p) =>
      Number(p.sender_agency_id) === f.agencyId &&
      p.market === f.market &&
      (!p.job_category || p.job_category === f.jobCategory),
  );
  const valid = matching.filter((p) => p.issued_on <= f.date && validUntil(p) >= f.date);
  out.push(
    verdict(
      'R19',
      valid.length > 0,
      valid.length
        ? `Chứng chỉ giáo dục định hướng số ${valid[0].number} còn giá trị đến ${formatDateVi(validUntil(valid[0]))} (${validity.value} tháng kể từ ngày cấp).`
        : matching.length
          ? `Chứng chỉ giáo dục định hướng đã hết giá trị vào ngày xuất cảnh ${formatDateVi(f.date)} (cấp ngày ${formatDateVi(matching[0].issued_on)}, giá trị ${validity.value} tháng đến ${formatDateVi(validUntil(matching[0]))}): cần học lại.`
          : orientation.length
            ? 'Chứng chỉ giáo dục định hướng được cấp cho doanh nghiệp, công việc hoặc thị trường khác: cần giáo dục định hướng lại phần thay đổi và cấp chứng chỉ mới.'
            : 'Chưa có chứng chỉ giáo dục định hướng.',
      { date: f.date, certificates: orientation.length, validityMonths: validity.value },
      [validity.id],
      'Thông tư 21/2021/TT-BLĐTBXH, Điều 12 khoản 2 điểm b',
    ),
  );

  // passport valid on the date plus the market's margin
  const margin = policy.require('passport.margin', { country: f.market });
  const passport = latest('passport');
  const needUntil = addMonths(f.date, Number(margin.value));
  const passportOk = Boolean(passport) && passport.issued_on <= f.date && (passport.expires_on ?? '') >= needUntil;
  out.push(
    verdict(
      'PAPERS',
      passportOk,
      passportOk
        ? `Hộ chiếu số ${passport.number} còn hạn đến ${formatDateVi(passport.expires_on)} (cần đến ${formatDateVi(needUntil)}).`
        : passport
          ? `Hộ chiếu hết hạn ${formatDateVi(passport.expires_on)}, cần còn hạn ít nhất ${margin.value} tháng sau ngày xuất cảnh (đến ${formatDateVi(needUntil)}).`
          : 'Chưa có hộ chiếu.',
      { passportExpiresOn: passport?.expires_on ?? null, needUntil, marginMonths: margin.value },
      [margin.id],
      margin.citation,
    ),
  );

  const visa = latest('visa');
  out.push(
    verdict(
      'PAPERS',
      Boolean(visa),
      visa ? `Thị thực/giấy phép nhập cảnh số ${visa.number}.` : 'Chưa ghi nhận thị thực hoặc giấy phép nhập cảnh.',
      { visa: visa?.number ?? null },
      [],
      'Luật 69/2020/QH14, Điều 44',
    ),
  );

  // R13: the Fund contribution at least the policy's days (3) before departure
  const fundDays = policy.require('fund.days_before_departure');
  const fundBy = afterDuration(f.date, fundDays, calendar, -1);
  const fundOk = f.fundContributionPaidOn !== null && f.fundContributionPaidOn <= fundBy;
  out.push(
    verdict(
      'R13',
      fundOk,
      fundOk
        ? `Đã đóng Quỹ Hỗ trợ việc làm ngoài nước ngày ${formatDateVi(f.fundContributionPaidOn)}.`
        : f.fundContributionPaidOn
          ? `Đóng Quỹ ngày ${formatDateVi(f.fundContributionPaidOn)} là muộn: phải đóng chậm nhất ngày ${formatDateVi(fundBy)} (${durationWords(fundDays)} trước xuất cảnh).`
          : `Chưa ghi nhận đóng Quỹ Hỗ trợ việc làm ngoài nước (100.000 đồng, chậm nhất ngày ${formatDateVi(fundBy)}).`,
      { fundContributionPaidOn: f.fundContributionPaidOn, latestAllowed: fundBy },
      [fundDays.id],
      fundDays.citation,
    ),
  );

  if (f.depositRequiredVnd > 0) {
    out.push(
      verdict(
        'R9',
        f.workerDepositPaidOn !== null,
        f.workerDepositPaidOn
          ? `Đã ký quỹ ngày ${formatDateVi(f.workerDepositPaidOn)}.`
          : 'Đơn hàng yêu cầu ký quỹ nhưng chưa ghi nhận người lao động đã ký quỹ.',
        { depositRequiredVnd: f.depositRequiredVnd, workerDepositPaidOn: f.workerDepositPaidOn },
      ),
    );
  }
  return out;
}

/** The labour contract's end for R20: an early return ends it early; otherwise the recorded end. */
export function contractEnd(c: { returnedOn: string | null; labourContractEndOn: string | null }): string | null {
  if (c.returnedOn && c.labourContractEndOn)
    return c.returnedOn < c.labourContractEndOn ? c.returnedOn : c.labourContractEndOn;
  return c.labourContractEndOn ?? c.returnedOn ?? null;
}

/** What a case's obligations are computed from. */
export interface ObligationFacts {
  state: CaseState;
  selectedOn: string | null;
  waitingAgreementOn: string | null;
  plannedDepartureOn: string | null;
  /** the day the worker contract was signed (R14: the EPS deposit within 35 days of it) */
  contractSignedOn: string | null;
  /** the job order's category ('kr_eps' for the Korea EPS programme) */
  jobCategory: string | null;
  /** from the ledger: the day the Fund contribution was paid in full (R13) */
  fundContributionPaidOn: string | null;
  /** from the ledger: the worker deposit received (net of reversals), first received on, held now, settled on */
  depositReceivedVnd: number;
  depositReceivedOn: string | null;
  depositHeldVnd: number;
  depositSettledOn: string | null;
  /** the day the case was withdrawn or rejected before departure, when it was */
  exitedOn?: string | null;
  departedOn: string | null;
  labourContractEndOn: string | null;
  returnedOn: string | null;
  liquidatedOn: string | null;
  /** when the worker told the commune of her residence after coming home (R21), as recorded */
  residenceNotifiedOn: string | null;
  /** the last worker-database update the agency confirmed for this case (R17) */
  databaseUpdatedOn: string | null;
  /**
   * reportable changes while abroad (R17): a return, an extension, a contract end; `on` is when it took effect,
   * `recordedOn` when the app learnt of it (an update before that cannot have reported it)
   */
  changes: { on: string; what: string; recordedOn: string }[];
  /** the latest paper of each kind the departure needs, with its expiry */
  papers: { kind: string; expiresOn: string | null }[];
  /** the destination country (the passport's margin depends on it); null when not needed or not known */
  market: string | null;
  today: string;
}

const PAPER_WHOSE: Record<string, WhoseMove> = {
  passport: 'worker',
  health_certificate: 'worker',
  criminal_record: 'worker',
  orientation_certificate: 'agency',
  visa: 'agency',
  work_permit: 'agency',
};
const AFTER_DEPARTURE: readonly CaseState[] = ['departed', 'returned', 'liquidated', 'closed'];

/**
 * Every obligation a case carries, from its facts, the policies and the working-day calendar (pure):
 * - R13 the Fund contribution before departure (the real one once known, else the planned one);
 * - R15 the 180-day wait from selection (waived by the worker's written agreement to wait longer);
 * - R17 the database update within 5 days of departure, then before the 20th of the month after each month with a
 *   reportable change (a return, an extension, a contract end), until liquidation — never a standing monthly duty;
 * - PAPERS papers expiring before the planned departure (the passport: before departure plus the market's margin);
 * - R20 liquidation within 180 days after the labour contract ends;
 * - R21 the worker's residence notice within 15 days of re-entry;
 * - R14 the EPS deposit within 35 days of signing with the public centre;
 * - R11 the deposit given back within the policy's days of liquidation (a design value: Decree 112 sets none).
 * An obligation done after its due date is `met` with its `metOn` after `dueOn`: late, and visible as such. An
 * obligation whose duration has no policy version in force today is left out (it cannot be computed), never an
 * error that would block the case.
 */
export function caseObligations(f: ObligationFacts, policy: PolicySet, calendar: WorkingCalendar): ObligationSpec[] {
  const out: ObligationSpec[] = [];
  const before = BEFORE_DEPARTURE.includes(f.state);
  const after = AFTER_DEPARTURE.includes(f.state);
  const liquidated = f.state === 'liquidated' || f.state === 'closed';
  const need = (key: string, scope?: Parameters<PolicySet['require']>[1]): PolicyRow | null => {
    try {
      return policy.require(key, scope);
    } catch (err) {
      if (err instanceof PolicyMissingError) return null;
      throw err;
    }
  };

  const departure = f.departedOn ?? f.plannedDepartureOn;
  const fund = need('fund.days_before_departure');
  if (fund && departure && (before || after)) {
    const dueOn = afterDuration(departure, fund, calendar, -1);
    out.push({
      kind: 'fund_contribution',
      ruleId: 'R13',
      dueOn,
      whoseMove: 'worker',
      policyId: fund.id,
      ...(f.fundContributionPaidOn
        ? { status: 'met', metOn: f.fundContributionPaidOn }
        : after
          ? {
              status: 'waived',
              waivedReason: 'Đã xuất cảnh khi chưa ghi nhận đóng Quỹ (ghi trong diễn biến hồ sơ)',
            }
          : { status: 'open' }),
    });
  }

  const waiting = need('waiting.max_days');
  if (waiting && f.selectedOn && (WAITING.includes(f.state) || after)) {
    const dueOn = afterDuration(f.selectedOn, waiting, calendar);
    out.push({
      kind: 'waiting_limit',
      ruleId: 'R15',
      dueOn,
      whoseMove: 'agency',
      policyId: waiting.id,
      ...(f.waitingAgreementOn && (!f.departedOn || f.departedOn > dueOn)
        ? {
            status: 'waived',
            waivedReason: `Người lao động đồng ý bằng văn bản tiếp tục chờ ngày ${formatDateVi(f.waitingAgreementOn)}`,
          }
        : f.departedOn
          ? { status: 'met', metOn: f.departedOn }
          : { status: 'open' }),
    });
  }

  const update = need('departure_update.days');
  if (update && f.departedOn && after) {
    const updated = f.databaseUpdatedOn !== null && f.databaseUpdatedOn >= f.departedOn;
    out.push({
      kind: 'departure_update',
      ruleId: 'R17',
      dueOn: afterDuration(f.departedOn, update, calendar),
      whoseMove: 'agency',
      policyId: update.id,
      ...(updated ? { status: 'met', metOn: f.databaseUpdatedOn } : { status: 'open' }),
    });
  }
  // a month with reportable changes is reported before the 20th of the next month, by an update made after the
  // month's last change was known
  const day = need('monthly_update.before_day');
  if (day && f.departedOn && after) {
    const months = new Map<string, string>();
    for (const c of f.changes) {
      if (c.on < f.departedOn || c.on > f.today) continue;
      const month = c.on.slice(0, 7);
      const known = c.recordedOn > c.on ? c.recordedOn : c.on;
      if ((months.get(month) ?? '') < known) months.set(month, known);
    }
    for (const [month, known] of [...months].sort(([a], [b]) => a.localeCompare(b))) {
      const dueOn = addDays(
        `${addMonths(`${month}-01`, 1).slice(0, 7)}-${String(Number(day.value)).padStart(2, '0')}`,
        -1,
      );
      const reported = f.databaseUpdatedOn !== null && f.databaseUpdatedOn >= known;
      if (liquidated && !reported && f.liquidatedOn && f.liquidatedOn < dueOn) continue;
      out.push({
        kind: `monthly_update:${month}`,
        ruleId: 'R17',
        dueOn,
        whoseMove: 'agency',
        policyId: day.id,
        ...(reported ? { status: 'met', metOn: f.databaseUpdatedOn } : { status: 'open' }),
      });
    }
  }

  if (before && f.plannedDepartureOn) {
    const margin = f.market ? need('passport.margin', { country: f.market }) : null;
    for (const paper of f.papers) {
      if (!paper.expiresOn) continue;
      // the passport must stay valid the market's margin after departure (the departure check's rule)
      const needUntil =
        paper.kind === 'passport' && margin
          ? addMonths(f.plannedDepartureOn, Number(margin.value))
          : f.plannedDepartureOn;
      if (paper.expiresOn >= needUntil) continue;
      out.push({
        kind: `paper_expiry:${paper.kind}`,
        ruleId: 'PAPERS',
        dueOn: paper.expiresOn < f.plannedDepartureOn ? paper.expiresOn : f.plannedDepartureOn,
        whoseMove: PAPER_WHOSE[paper.kind] ?? 'agency',
        ...(paper.kind === 'passport' && margin ? { policyId: margin.id } : {}),
        status: 'open',
      });
    }
  }

  const end = contractEnd(f);
  const liquidation = need('liquidation.days_after_end');
  if (liquidation && end && after) {
    out.push({
      kind: 'liquidation',
      ruleId: 'R20',
      dueOn: afterDuration(end, liquidation, calendar),
      whoseMove: 'agency',
      policyId: liquidation.id,
      ...(f.liquidatedOn ? { status: 'met', metOn: f.liquidatedOn } : { status: 'open' }),
    });
  }

  // R14: an EPS worker deposits at the Social Policy Bank within the policy's days (35) of signing
  const eps = f.jobCategory === 'kr_eps' ? need('eps.deposit_days', { country: 'KR', jobCategory: 'kr_eps' }) : null;
  if (eps && f.contractSignedOn && f.state !== 'withdrawn' && f.state !== 'rejected') {
    out.push({
      kind: 'eps_deposit',
      ruleId: 'R14',
      dueOn: afterDuration(f.contractSignedOn, eps, calendar),
      whoseMove: 'worker',
      policyId: eps.id,
      ...(f.depositReceivedVnd > 0 && f.depositReceivedOn
        ? { status: 'met', metOn: f.depositReceivedOn }
        : { status: 'open' }),
    });
  }

  // R11: a deposit received comes back after liquidation, or from the day a worker left before departure
  const refund = need('deposit.refund_days');
  const refundFrom = f.liquidatedOn ?? f.exitedOn ?? null;
  if (refund && f.depositReceivedVnd > 0 && refundFrom) {
    out.push({
      kind: 'deposit_refund',
      ruleId: 'R11',
      dueOn: afterDuration(refundFrom, refund, calendar),
      whoseMove: 'agency',
      policyId: refund.id,
      ...(f.depositHeldVnd === 0 ? { status: 'met', metOn: f.depositSettledOn ?? refundFrom } : { status: 'open' }),
    });
  }

  const residence = need('residence_notice.days');
  if (residence && f.returnedOn && after) {
    out.push({
      kind: 'residence_notice',
      ruleId: 'R21',
      dueOn: afterDuration(f.returnedOn, residence, calendar),
      whoseMove: 'worker',
      policyId: residence.id,
      ...(f.residenceNotifiedOn
        ? { status: 'met', metOn: f.residenceNotifiedOn }
        : f.state === 'closed'
          ? { status: 'waived', waivedReason: 'Hồ sơ đã đóng, chưa ghi nhận người lao động thông báo cư trú' }
          : { status: 'open' }),
    });
  }
  return out;
}

const OBLIGATION_LABELS: Record<string, string> = {
  fund_contribution: 'Đóng Quỹ Hỗ trợ việc làm ngoài nước trước khi xuất cảnh',
  waiting_limit: 'Đưa người lao động xuất cảnh trong thời hạn chờ',
  departure_update: 'Cập nhật cơ sở dữ liệu sau khi xuất cảnh',
  liquidation: 'Thanh lý hợp đồng',
  residence_notice: 'Người lao động thông báo cư trú sau khi về nước',
  eps_deposit: 'Ký quỹ EPS tại Ngân hàng Chính sách xã hội',
  deposit_refund: 'Hoàn trả tiền ký quỹ cho người lao động',
};

/** An obligation's kind in words ("monthly_update:2026-11" → "Cập nhật thay đổi của tháng 11/2026"). */
export function obligationLabel(kind: string): string {
  const [base, arg] = kind.split(':');
  if (base === 'monthly_update' && arg) return `Cập nhật thay đổi của tháng ${arg.slice(5, 7)}/${arg.slice(0, 4)}`;
  if (base === 'paper_expiry') return 'Giấy tờ hết hạn trước ngày xuất cảnh dự kiến';
  return OBLIGATION_LABELS[base] ?? kind;
}
