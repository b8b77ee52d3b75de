// The money rules as pure functions (no database): the edges the law cares about, and the rounding that is always in
// the worker's favour.
import { expect } from 'chai';
import {
  ceil,
  checkEntry,
  depositInterest,
  emptyBalances,
  feeRefundQuote,
  type MoneyFacts,
} from '../../../server/modules/money/money.rules';

const facts = (over: Partial<MoneyFacts> = {}): MoneyFacts => ({
  date: '2026-10-12',
  fromBranch: false,
  case: {
    state: 'contract_signed',
    contractSignedOn: '2026-10-05',
    departedOn: null,
    returnedOn: null,
    returnOutcome: null,
    liquidatedOn: null,
    deductions: [],
  },
  order: {
    market: 'TW',
    marketName: 'Đài Loan (Trung Quốc)',
    jobCategory: 'home_caregiver',
    jobLabel: 'Khán hộ công',
    agreedDepositVnd: 12_000_000n,
    depositCap: { capVnd: 12_000_000n, value: '12000000', unit: 'vnd', id: 1, citation: 'Nghị định 112/2021/NĐ-CP' },
    epsDeposit: null,
    feeAllowedVnd: 23_600_000n,
    feeSteps: [],
    feeCitation: 'Luật 69/2020/QH14, Điều 23',
    supplyApprovedOn: '2026-09-15',
    publicUnit: false,
  },
  extensionFeesVnd: 0n,
  visaIssuedOn: null,
  account: {
    holder: 'commercial_bank',
    bankName: 'VCB',
    accountNumber: '001100012345',
    employerAcceptedOn: '2026-10-08',
  },
  balances: emptyBalances(),
  deductionsPosted: new Map(),
  fundContribution: { value: '100000', unit: 'vnd', id: 2, citation: 'Quyết định 40/2021/QĐ-TTg, Điều 8' },
  ...over,
});
const failing = (f: MoneyFacts, e: Parameters<typeof checkEntry>[1]) =>
  checkEntry(f, e)
    .filter((v) => !v.ok)
    .map((v) => v.ruleId);

describe('money rules (pure)', () => {
  it('ceil rounds any part of a đồng up; whole amounts stay', () => {
    expect(ceil({ n: 10n, d: 3n })).to.equal(4n);
    expect(ceil({ n: 9n, d: 3n })).to.equal(3n);
    expect(ceil({ n: 0n, d: 7n })).to.equal(0n);
  });

  it('R9: the cap exactly passes, 1 đồng over fails; the agreed amount of the contract binds too', () => {
    const dep = (n: bigint) => ({ kind: 'deposit_received' as const, amountVnd: n, method: 'blocked_account' });
    expect(failing(facts(), dep(12_000_000n))).to.deep.equal([]);
    expect(failing(facts(), dep(12_000_001n))).to.deep.equal(['R9']);
    const agreedLess = facts({ order: { ...facts().order, agreedDepositVnd: 10_000_000n } });
    expect(failing(agreedLess, dep(10_000_001n))).to.deep.equal(['R9']);
  });

  it('R10: the day the employer accepted passes, the day before fails; a visa is enough on its own', () => {
    const dep = { kind: 'deposit_received' as const, amountVnd: 1n, method: 'blocked_account' };
    expect(failing(facts({ date: '2026-10-08' }), dep)).to.deep.equal([]);
    expect(failing(facts({ date: '2026-10-07' }), dep)).to.deep.equal(['R10']);
    const visaOnly = facts({
      date: '2026-10-07',
      visaIssuedOn: '2026-10-07',
      account: { ...facts().account!, employerAcceptedOn: null },
    });
    expect(failing(visaOnly, dep)).to.deep.equal([]);
  });

  it('R6: a fee on the day of signing passes, the day before fails; an unapproved supply contract fails', () => {
    const fee = { kind: 'service_fee_due' as const, amountVnd: 1n, method: 'offset' };
    expect(failing(facts({ date: '2026-10-05' }), fee)).to.deep.equal([]);
    expect(failing(facts({ date: '2026-10-04' }), fee)).to.deep.equal(['R6']);
    expect(failing(facts({ order: { ...facts().order, supplyApprovedOn: null } }), fee)).to.deep.equal(['R6']);
  });

  it('R7: the fee cap plus the extensions’ own fees; 1 đồng over fails', () => {
    const fee = (n: bigint) => ({ kind: 'service_fee_due' as const, amountVnd: n, method: 'offset' });
    expect(failing(facts(), fee(23_600_000n))).to.deep.equal([]);
    expect(failing(facts(), fee(23_600_001n))).to.deep.equal(['R7']);
    expect(failing(facts({ extensionFeesVnd: 1n }), fee(23_600_001n))).to.deep.equal([]);
  });

  it('R12: the worked example (36,000,000 đồng, 730 of 1,095 days left, 0.5 %/year for 30 days)', () => {
    const q = feeRefundQuote({
      feePaidVnd: 36_000_000n,
      feeRefundedVnd: 0n,
      contractStartOn: '2025-01-01',
      contractEndOn: '2028-01-01',
      returnedOn: '2026-01-01',
      returnOutcome: 'early_not_at_fault',
      refundOn: '2026-01-31',
      ratePercent: '0.5',
    });
    expect(q).to.include({ ok: true, totalDays: 1095, remainingDays: 730, interestDays: 30 });
    expect(q.principalVnd).to.equal(24_000_000n);
    expect(q.interestVnd).to.equal(9_864n); // 9,863.01… rounded up
    // a return at the worker's fault: no R12 refund
    expect(
      feeRefundQuote({
        ...q,
        feePaidVnd: 36_000_000n,
        feeRefundedVnd: 0n,
        contractStartOn: '2025-01-01',
        contractEndOn: '2028-01-01',
        returnedOn: '2026-01-01',
        returnOutcome: 'early_at_fault',
        refundOn: '2026-01-31',
        ratePercent: '0.5',
      }).ok,
    ).to.equal(false);
  });

  it('R11: deposit interest rounds up: 12,000,000 × 0.5 % × 44/365 = 7,232.87 → 7,233', () => {
    expect(depositInterest(12_000_000n, '0.5', '2026-10-12', '2026-11-25')).to.include({
      days: 44,
      interestVnd: 7_233n,
    });
  });

  it('R11: a refund needs the liquidation, the day of it or later; a worker who left before departure gets it back at once', () => {
    const refund = { kind: 'deposit_refunded' as const, amountVnd: 12_000_000n, method: 'blocked_account' };
    const balances = { ...emptyBalances(), depositReceived: 12_000_000n };
    const liquidated = (on: string | null, date: string) =>
      facts({ date, balances, case: { ...facts().case, state: 'liquidated', liquidatedOn: on } });
    expect(failing(liquidated('2026-11-20', '2026-11-20'), refund)).to.deep.equal([]);
    expect(failing(liquidated('2026-11-20', '2026-11-19'), refund)).to.deep.equal(['R11']);
    expect(failing(facts({ balances }), refund)).to.deep.equal(['R11']);
    expect(failing(facts({ balances, case: { ...facts().case, state: 'withdrawn' } }), refund)).to.deep.equal([]);
    // but never more than is held
    expect(
      failing(facts({ balances, case: { ...facts().case, state: 'withdrawn' } }), {
        ...refund,
        amountVnd: 12_000_001n,
      }),
    ).to.deep.equal(['R11']);
  });
});
