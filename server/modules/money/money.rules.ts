// The worker's money as law (DOMAIN.md §1.6–1.8, §2.2, §2.7, §5.1; R2, R6–R14): pure functions, facts in, verdicts
// out, unit-tested without a database (test/unit/money/rules.test.ts). Every amount is bigint đồng; rates are exact
// decimals (server/shared/money.ts). Rounding is explicit: what the worker is owed (a refund, its interest) rounds UP
// to the next đồng, what she is charged (a cap) rounds DOWN: every rounding is in the worker's favour.
import { daysBetween, formatDateVi } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import { decimal, div, frac, mul, show, type Fraction } from '../../shared/money';
import { verdict, type Verdict } from '../../shared/rules';

export const ENTRY_KINDS = [
  'deposit_received',
  'deposit_interest',
  'deposit_deduction',
  'deposit_refunded',
  'service_fee_due',
  'service_fee_paid',
  'service_fee_refund',
  'fund_contribution_paid',
  'other_cost_paid',
  'support_paid',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * Kinds staff post one by one. The rest have their own forms, so nothing the worker is owed can be left out: the deposit
 * refund always comes with the bank's interest (R11), the fee refund with its R12 arithmetic and interest; State
 * support is the grants' to record.
 */
export const POSTABLE_KINDS: readonly EntryKind[] = [
  'deposit_received',
  'deposit_deduction',
  'service_fee_due',
  'service_fee_paid',
  'fund_contribution_paid',
  'other_cost_paid',
];

/** Costs a worker pays to others; brokerage and a selection fee are listed only to be refused with R8. */
export const COST_CATEGORIES = [
  'passport',
  'visa',
  'health_check',
  'criminal_record',
  'training',
  'airfare',
  'lodging',
  'other',
] as const;
export const FORBIDDEN_CATEGORIES = ['brokerage', 'selection_fee'] as const;
export const METHODS = ['cash', 'bank_transfer', 'blocked_account', 'offset'] as const;

/** Ceiling of a non-negative fraction: an amount owed to the worker never loses its last part-đồng. */
export const ceil = (a: Fraction): bigint => (a.n + a.d - 1n) / a.d;

const vnd = (v: bigint | number) => formatMoney(BigInt(v));
const d = (s: string | null | undefined) => formatDateVi(s ?? null);

export interface Balances {
  depositReceived: bigint;
  depositInterest: bigint;
  depositDeducted: bigint;
  depositRefunded: bigint;
  feeDue: bigint;
  feePaid: bigint;
  feeRefunded: bigint;
  feeRefundInterest: bigint;
  fundPaid: bigint;
  otherCosts: bigint;
  support: bigint;
}
export const held = (b: Balances) => b.depositReceived + b.depositInterest - b.depositDeducted - b.depositRefunded;
export const emptyBalances = (): Balances => ({
  depositReceived: 0n,
  depositInterest: 0n,
  depositDeducted: 0n,
  depositRefunded: 0n,
  feeDue: 0n,
  feePaid: 0n,
  feeRefunded: 0n,
  feeRefundInterest: 0n,
  fundPaid: 0n,
  otherCosts: 0n,
  support: 0n,
});

/** A policy value as the rules need it: the value, its version and its citation. */
export interface PolicyFact {
  value: string;
  unit: string;
  id: number;
  citation: string;
}

export interface MoneyFacts {
  /** the entry's date */
  date: string;
  /** the actor posts from a branch (R2: only the head office collects) */
  fromBranch: boolean;
  case: {
    state: string;
    contractSignedOn: string | null;
    departedOn: string | null;
    returnedOn: string | null;
    returnOutcome: string | null;
    liquidatedOn: string | null;
    deductions: { amountVnd: number; reason: string }[];
  };
  order: {
    market: string | null;
    marketName: string;
    jobCategory: string;
    jobLabel: string;
    /** the deposit written in the order (and so the contract) */
    agreedDepositVnd: bigint;
    /** R9 for the market and job (null: EPS, whose deposit R14 fixes) */
    depositCap: (PolicyFact & { capVnd: bigint }) | null;
    /** R14: the EPS deposit (kr_eps orders only) */
    epsDeposit: (PolicyFact & { amountVnd: bigint }) | null;
    /** R7: what may be charged for the order (cap less the foreign side's part), with its arithmetic; null when unknown */
    feeAllowedVnd: bigint | null;
    feeSteps: string[];
    feeCitation: string;
    /** R6: the day the supply contract was approved (null: not approved); a public unit never charges a fee */
    supplyApprovedOn: string | null;
    publicUnit: boolean;
  };
  /** R7: extension fees recorded with each extension, each already within its own cap */
  extensionFeesVnd: bigint;
  /** R10: the visa's issue date, when the case has one */
  visaIssuedOn: string | null;
  account: {
    holder: 'commercial_bank' | 'vbsp';
    bankName: string;
    accountNumber: string;
    employerAcceptedOn: string | null;
  } | null;
  balances: Balances;
  /** R11: what has been posted against each deduction of the liquidation record, by its index */
  deductionsPosted: Map<number, bigint>;
  /** R13: the worker's contribution per contract */
  fundContribution: PolicyFact | null;
}

export interface EntryInput {
  kind: EntryKind;
  amountVnd: bigint;
  category?: string | null;
  deductionIndex?: number | null;
  method: string;
  component?: 'principal' | 'interest';
}

/** R2: the head office collects fees and deposits; a branch may not. */
function headOffice(f: MoneyFacts): Verdict[] {
  return f.fromBranch
    ? [
        verdict(
          'R2',
          false,
          'Chi nhánh không được thu tiền dịch vụ hay nhận tiền ký quỹ của người lao động; việc này do trụ sở chính thực hiện.',
          {},
        ),
      ]
    : [];
}

/** R6: a service fee only after the supply contract's approval and the worker contract's signing, both on or before the date. */
export function checkFeeTiming(f: MoneyFacts): Verdict {
  const problems: string[] = [];
  if (!f.order.supplyApprovedOn && !f.order.publicUnit)
    problems.push('hợp đồng cung ứng lao động của đơn hàng chưa được chấp thuận');
  else if (f.order.supplyApprovedOn && f.order.supplyApprovedOn > f.date)
    problems.push(`hợp đồng cung ứng được chấp thuận ngày ${d(f.order.supplyApprovedOn)}, sau ngày thu ${d(f.date)}`);
  if (!f.case.contractSignedOn) problems.push('hợp đồng với người lao động chưa ký');
  else if (f.case.contractSignedOn > f.date)
    problems.push(`hợp đồng với người lao động ký ngày ${d(f.case.contractSignedOn)}, sau ngày thu ${d(f.date)}`);
  return verdict(
    'R6',
    problems.length === 0,
    problems.length
      ? `Chưa được thu tiền dịch vụ: ${problems.join('; ')}.`
      : `Hợp đồng cung ứng được chấp thuận ngày ${d(f.order.supplyApprovedOn)}, hợp đồng ký ngày ${d(f.case.contractSignedOn)}: được thu.`,
    { date: f.date, supplyApprovedOn: f.order.supplyApprovedOn, contractSignedOn: f.case.contractSignedOn },
  );
}

/** R10: a deposit only after the contract is signed and the worker is accepted by the employer or holds a visa. */
export function checkDepositTiming(f: MoneyFacts): Verdict {
  const problems: string[] = [];
  if (!f.case.contractSignedOn) problems.push('hợp đồng với người lao động chưa ký');
  else if (f.case.contractSignedOn > f.date)
    problems.push(`hợp đồng ký ngày ${d(f.case.contractSignedOn)}, sau ngày nộp ${d(f.date)}`);
  const accepted = f.account?.employerAcceptedOn ?? null;
  const basis = [accepted, f.visaIssuedOn].filter((x): x is string => x !== null && x <= f.date).sort()[0] ?? null;
  if (!basis)
    problems.push(
      accepted || f.visaIssuedOn
        ? `người lao động được chấp nhận/có thị thực từ ngày ${d([accepted, f.visaIssuedOn].filter(Boolean).sort()[0])}, sau ngày nộp ${d(f.date)}`
        : 'người lao động chưa được chủ sử dụng chấp nhận và chưa có thị thực',
    );
  if (!f.account) problems.push('chưa ghi tài khoản phong tỏa đứng tên người lao động và hợp đồng ký quỹ ba bên');
  return verdict(
    'R10',
    problems.length === 0,
    problems.length
      ? `Chưa được nhận ký quỹ: ${problems.join('; ')}.`
      : `Hợp đồng ký ngày ${d(f.case.contractSignedOn)}; được chấp nhận/có thị thực ngày ${d(basis)}; tài khoản phong tỏa tại ${f.account!.bankName}.`,
    {
      date: f.date,
      contractSignedOn: f.case.contractSignedOn,
      employerAcceptedOn: accepted,
      visaIssuedOn: f.visaIssuedOn,
      account: Boolean(f.account),
    },
  );
}

/** R9 (R14 for EPS): the deposit within the market's cap, the order's agreed amount; EPS exactly its amount at the VBSP. */
export function checkDepositAmount(f: MoneyFacts, amount: bigint): Verdict[] {
  const total = f.balances.depositReceived + amount;
  const so = f.balances.depositReceived > 0n ? `đã nhận ${vnd(f.balances.depositReceived)}, ` : '';
  const eps = f.order.epsDeposit;
  if (eps) {
    const ok = total === eps.amountVnd && f.account?.holder === 'vbsp';
    return [
      verdict(
        'R14',
        ok,
        ok
          ? `EPS: ký quỹ ${vnd(eps.amountVnd)} tại Ngân hàng Chính sách xã hội.`
          : total !== eps.amountVnd
            ? `EPS: tiền ký quỹ phải đúng ${vnd(eps.amountVnd)}; ${so}số nhập ${vnd(amount)}.`
            : 'EPS: ký quỹ tại Ngân hàng Chính sách xã hội nơi người lao động thường trú (tài khoản đang ghi ở ngân hàng khác).',
        {
          requiredVnd: Number(eps.amountVnd),
          amountVnd: Number(amount),
          receivedVnd: Number(f.balances.depositReceived),
        },
        [eps.id],
        eps.citation,
      ),
    ];
  }
  const cap = f.order.depositCap;
  if (!cap)
    // an order whose cap cannot be known at this date (no policy in force, no destination): nothing is taken on trust
    return [
      verdict(
        f.order.jobCategory === 'kr_eps' ? 'R14' : 'R9',
        false,
        f.order.jobCategory === 'kr_eps'
          ? `Chưa có mức ký quỹ EPS có hiệu lực vào ngày ${d(f.date)}: không nhận được ký quỹ.`
          : `Chưa xác định được mức ký quỹ tối đa cho đơn hàng vào ngày ${d(f.date)} (thiếu nước đến hoặc chính sách chưa có hiệu lực): không nhận được ký quỹ.`,
        { date: f.date },
      ),
    ];
  const out: Verdict[] = [];
  const capOk = total <= cap.capVnd;
  out.push(
    verdict(
      'R9',
      capOk,
      cap.capVnd === 0n
        ? capOk
          ? `${f.order.marketName} (${f.order.jobLabel}): không ký quỹ.`
          : `${f.order.marketName} (${f.order.jobLabel}) không được nhận ký quỹ của người lao động; số nhập ${vnd(amount)}.`
        : capOk
          ? `Ký quỹ ${vnd(total)} trong mức tối đa ${vnd(cap.capVnd)} cho ${f.order.marketName}.`
          : `ký quỹ tối đa cho ${f.order.marketName} là ${vnd(cap.capVnd)}; ${so}số nhập ${vnd(amount)}.`,
      { capVnd: Number(cap.capVnd), amountVnd: Number(amount), receivedVnd: Number(f.balances.depositReceived) },
      [cap.id],
      cap.citation,
    ),
  );
  if (capOk && total > f.order.agreedDepositVnd)
    out.push(
      verdict(
        'R9',
        false,
        `Hợp đồng (đơn hàng) ghi tiền ký quỹ ${vnd(f.order.agreedDepositVnd)}; ${so}số nhập ${vnd(amount)}. Tiền ký quỹ phải đúng số ghi trong hợp đồng.`,
        { agreedVnd: Number(f.order.agreedDepositVnd), amountVnd: Number(amount) },
        [cap.id],
        cap.citation,
      ),
    );
  return out;
}

/** R11: deductions and refunds only after liquidation (the record holds the agreed deductions). */
function checkLiquidated(f: MoneyFacts, what: string): Verdict {
  const ok = f.case.liquidatedOn !== null && f.case.liquidatedOn <= f.date;
  return verdict(
    'R11',
    ok,
    ok
      ? `Hợp đồng đã thanh lý ngày ${d(f.case.liquidatedOn)}.`
      : f.case.liquidatedOn
        ? `${what} chỉ sau khi thanh lý hợp đồng: thanh lý ngày ${d(f.case.liquidatedOn)}, ngày ghi ${d(f.date)}.`
        : `${what} chỉ sau khi thanh lý hợp đồng (biên bản thanh lý ghi các khoản khấu trừ đã thỏa thuận); hồ sơ chưa thanh lý.`,
    { liquidatedOn: f.case.liquidatedOn, date: f.date },
  );
}

/** Every verdict on one new entry. An empty failing list means it may be posted. */
export function checkEntry(f: MoneyFacts, e: EntryInput): Verdict[] {
  const out: Verdict[] = [];
  const amount = e.amountVnd;
  const b = f.balances;
  switch (e.kind) {
    case 'deposit_received':
      out.push(...headOffice(f), checkDepositTiming(f), ...checkDepositAmount(f, amount));
      break;
    case 'deposit_interest': {
      const ok = b.depositReceived > 0n;
      out.push(
        verdict('R11', ok, ok ? 'Tiền lãi của tài khoản ký quỹ.' : 'Chưa có tiền ký quỹ nào để ghi lãi.', {
          receivedVnd: Number(b.depositReceived),
        }),
      );
      break;
    }
    case 'deposit_deduction': {
      out.push(checkLiquidated(f, 'Khấu trừ tiền ký quỹ'));
      const i = e.deductionIndex ?? -1;
      const written = f.case.deductions[i];
      if (!written) {
        out.push(
          verdict(
            'R11',
            false,
            f.case.deductions.length
              ? 'Chỉ khấu trừ khoản đã ghi trong biên bản thanh lý: hãy chọn một khoản của biên bản.'
              : 'Biên bản thanh lý không ghi khoản khấu trừ nào: không được khấu trừ tiền ký quỹ.',
            { deductionIndex: e.deductionIndex ?? null },
          ),
        );
      } else {
        const posted = f.deductionsPosted.get(i) ?? 0n;
        const ok = posted + amount <= BigInt(written.amountVnd);
        out.push(
          verdict(
            'R11',
            ok,
            ok
              ? `Khấu trừ «${written.reason}» ${vnd(amount)} theo biên bản thanh lý (ghi ${vnd(written.amountVnd)}).`
              : `Biên bản thanh lý ghi khoản «${written.reason}» ${vnd(written.amountVnd)}; đã khấu trừ ${vnd(posted)}, số nhập ${vnd(amount)}.`,
            { writtenVnd: written.amountVnd, postedVnd: Number(posted), amountVnd: Number(amount) },
          ),
        );
      }
      out.push(overdraw(b, amount, 'khấu trừ'));
      break;
    }
    case 'deposit_refunded': {
      // Decree 112 Art 32.1.b–c: a worker who leaves before departure (withdrawn, not selected) gets it all back;
      // only a deduction needs the liquidation record
      const leftBefore = f.case.state === 'withdrawn' || f.case.state === 'rejected';
      out.push(
        leftBefore
          ? verdict(
              'R11',
              true,
              'Người lao động không đi làm việc ở nước ngoài: hoàn trả toàn bộ tiền ký quỹ (Nghị định 112/2021/NĐ-CP, Điều 32 khoản 1).',
              {
                state: f.case.state,
              },
            )
          : checkLiquidated(f, 'Hoàn trả tiền ký quỹ'),
      );
      out.push(overdraw(b, amount, 'hoàn trả'));
      break;
    }
    case 'service_fee_due': {
      out.push(checkFeeTiming(f), checkFeeCap(f, b.feeDue + amount, amount));
      break;
    }
    case 'service_fee_paid': {
      out.push(...headOffice(f), checkFeeTiming(f), checkFeeCap(f, b.feePaid + amount, amount));
      const ok = b.feePaid + amount <= b.feeDue;
      out.push(
        verdict(
          'R7',
          ok,
          ok
            ? `Thu ${vnd(amount)}; còn phải nộp ${vnd(b.feeDue - b.feePaid - amount)}.`
            : `Số thu vượt tiền dịch vụ phải nộp: phải nộp ${vnd(b.feeDue)}, đã thu ${vnd(b.feePaid)}, số nhập ${vnd(amount)}. Ghi khoản phải nộp trước (trong mức trần).`,
          { dueVnd: Number(b.feeDue), paidVnd: Number(b.feePaid), amountVnd: Number(amount) },
        ),
      );
      break;
    }
    case 'service_fee_refund': {
      if ((e.component ?? 'principal') === 'principal') {
        const ok = b.feeRefunded + amount <= b.feePaid;
        out.push(
          verdict(
            'R12',
            ok,
            ok
              ? `Hoàn tiền dịch vụ ${vnd(amount)}.`
              : `Số hoàn vượt tiền dịch vụ đã thu: đã thu ${vnd(b.feePaid)}, đã hoàn ${vnd(b.feeRefunded)}, số nhập ${vnd(amount)}.`,
            { paidVnd: Number(b.feePaid), refundedVnd: Number(b.feeRefunded), amountVnd: Number(amount) },
          ),
        );
      }
      break;
    }
    case 'fund_contribution_paid': {
      const fund = f.fundContribution;
      const due = fund ? BigInt(fund.value) : 100_000n;
      const ok = b.fundPaid + amount <= due;
      out.push(
        verdict(
          'R13',
          ok,
          ok
            ? `Đóng Quỹ Hỗ trợ việc làm ngoài nước ${vnd(amount)} (mức ${vnd(due)} mỗi hợp đồng).`
            : `Người lao động đóng Quỹ ${vnd(due)} mỗi hợp đồng; đã ghi ${vnd(b.fundPaid)}, số nhập ${vnd(amount)}.`,
          { dueVnd: Number(due), paidVnd: Number(b.fundPaid), amountVnd: Number(amount) },
          fund ? [fund.id] : [],
          fund?.citation,
        ),
      );
      break;
    }
    case 'other_cost_paid': {
      if ((FORBIDDEN_CATEGORIES as readonly string[]).includes(e.category ?? ''))
        out.push(
          verdict(
            'R8',
            false,
            e.category === 'brokerage'
              ? 'Không được thu tiền môi giới của người lao động, dưới bất kỳ tên gọi nào.'
              : 'Không được thu phí tuyển chọn của người lao động.',
            { category: e.category },
          ),
        );
      break;
    }
    case 'support_paid':
      break;
  }
  return out;
}

/** R11: never more out of the deposit than it holds. */
function overdraw(b: Balances, amount: bigint, what: string): Verdict {
  const h = held(b);
  const ok = amount <= h;
  return verdict(
    'R11',
    ok,
    ok
      ? `Số dư ký quỹ ${vnd(h)}; sau khi ${what} còn ${vnd(h - amount)}.`
      : h === 0n
        ? `Tài khoản ký quỹ không còn tiền để ${what} (số dư 0 ₫).`
        : `Số tiền ${what} ${vnd(amount)} vượt số dư ký quỹ ${vnd(h)}.`,
    { heldVnd: Number(h), amountVnd: Number(amount) },
  );
}

/** R7: the fee (due or paid, as a running total) within what the order allows, plus the extensions' own fees. */
export function checkFeeCap(f: MoneyFacts, total: bigint, amount: bigint): Verdict {
  const allowed = f.order.feeAllowedVnd;
  if (allowed === null)
    return verdict(
      'R7',
      false,
      'Đơn hàng chưa đủ thông tin để tính mức trần tiền dịch vụ (lương, tỷ giá, thời hạn hợp đồng): bổ sung đơn hàng trước khi thu.',
      {},
    );
  const cap = allowed + f.extensionFeesVnd;
  const ok = total <= cap;
  const ext = f.extensionFeesVnd > 0n ? ` (đơn hàng ${vnd(allowed)} + gia hạn ${vnd(f.extensionFeesVnd)})` : '';
  return verdict(
    'R7',
    ok,
    ok
      ? `Tiền dịch vụ ${vnd(total)} trong mức trần ${vnd(cap)}${ext}.`
      : `tiền dịch vụ tối đa của đơn hàng là ${vnd(cap)}${ext}; đã ghi ${vnd(total - amount)}, số nhập ${vnd(amount)}.`,
    { capVnd: Number(cap), totalVnd: Number(total), amountVnd: Number(amount), steps: f.order.feeSteps },
    [],
    f.order.feeCitation,
  );
}

export interface FeeRefundQuote {
  ok: boolean;
  reason: string | null;
  paidVnd: bigint;
  alreadyRefundedVnd: bigint;
  totalDays: number;
  remainingDays: number;
  principalVnd: bigint;
  interestDays: number;
  interestVnd: bigint;
  ratePercent: string;
  totalVnd: bigint;
  steps: string[];
}

/**
 * R12: a worker back early through no fault of hers gets the unused part of the fee back, pro rata to the days left of
 * the labour contract, with interest at a bank's demand rate (% a year, on 365 days) from her return to the refund
 * date. Both parts round UP to the đồng (the worker's favour). What was refunded already is taken off the principal.
 */
export function feeRefundQuote(q: {
  feePaidVnd: bigint;
  feeRefundedVnd: bigint;
  contractStartOn: string | null;
  contractEndOn: string | null;
  returnedOn: string | null;
  returnOutcome: string | null;
  refundOn: string;
  ratePercent: string;
}): FeeRefundQuote {
  const base = {
    paidVnd: q.feePaidVnd,
    alreadyRefundedVnd: q.feeRefundedVnd,
    totalDays: 0,
    remainingDays: 0,
    principalVnd: 0n,
    interestDays: 0,
    interestVnd: 0n,
    ratePercent: q.ratePercent,
    totalVnd: 0n,
    steps: [] as string[],
  };
  if (q.returnOutcome !== 'early_not_at_fault')
    return {
      ...base,
      ok: false,
      reason: 'Chỉ hoàn tiền dịch vụ theo R12 khi người lao động về nước trước hạn không do lỗi của mình.',
    };
  if (!q.contractStartOn || !q.contractEndOn || !q.returnedOn)
    return { ...base, ok: false, reason: 'Cần ngày bắt đầu, ngày kết thúc hợp đồng lao động và ngày về nước.' };
  if (q.refundOn < q.returnedOn)
    return {
      ...base,
      ok: false,
      reason: `Ngày hoàn ${d(q.refundOn)} không được trước ngày về nước ${d(q.returnedOn)}.`,
    };
  const totalDays = daysBetween(q.contractStartOn, q.contractEndOn);
  const remainingDays = Math.max(0, Math.min(totalDays, daysBetween(q.returnedOn, q.contractEndOn)));
  if (totalDays <= 0) return { ...base, ok: false, reason: 'Thời hạn hợp đồng lao động không hợp lệ.' };
  const owed = ceil(mul(frac(q.feePaidVnd), frac(BigInt(remainingDays), BigInt(totalDays))));
  const principal = owed > q.feeRefundedVnd ? owed - q.feeRefundedVnd : 0n;
  const interestDays = daysBetween(q.returnedOn, q.refundOn);
  const rate = decimal(q.ratePercent);
  const interest = ceil(mul(mul(frac(principal), div(rate, frac(100n))), frac(BigInt(interestDays), 365n)));
  const steps = [
    `Thời hạn hợp đồng: ${d(q.contractStartOn)} – ${d(q.contractEndOn)} = ${totalDays} ngày; về nước ${d(q.returnedOn)}, còn ${remainingDays} ngày.`,
    `Tiền dịch vụ đã thu ${vnd(q.feePaidVnd)} × ${remainingDays}/${totalDays} = ${vnd(owed)} (làm tròn lên đồng, có lợi cho người lao động).`,
    ...(q.feeRefundedVnd > 0n ? [`Trừ phần đã hoàn ${vnd(q.feeRefundedVnd)}: còn ${vnd(principal)}.`] : []),
    `Lãi không kỳ hạn ${show(rate)}%/năm × ${vnd(principal)} × ${interestDays}/365 ngày (từ ngày về nước đến ngày hoàn) = ${vnd(interest)} (làm tròn lên đồng).`,
    `Tổng hoàn trả: ${vnd(principal)} + ${vnd(interest)} = ${vnd(principal + interest)}.`,
  ];
  return {
    ...base,
    ok: principal > 0n,
    reason: principal > 0n ? null : 'Không còn tiền dịch vụ phải hoàn.',
    totalDays,
    remainingDays,
    principalVnd: principal,
    interestDays,
    interestVnd: interest,
    totalVnd: principal + interest,
    steps,
  };
}

/** R11: the deposit's interest at the bank's demand rate (% a year, 365 days), from receipt to refund, rounded up. */
export function depositInterest(principal: bigint, ratePercent: string, fromOn: string, toOn: string) {
  const days = Math.max(0, daysBetween(fromOn, toOn));
  const rate = decimal(ratePercent);
  const interest = ceil(mul(mul(frac(principal), div(rate, frac(100n))), frac(BigInt(days), 365n)));
  return {
    days,
    interestVnd: interest,
    step: `Lãi không kỳ hạn ${show(rate)}%/năm × ${vnd(principal)} × ${days}/365 ngày (${d(fromOn)} – ${d(toOn)}) = ${vnd(interest)} (làm tròn lên đồng).`,
  };
}
