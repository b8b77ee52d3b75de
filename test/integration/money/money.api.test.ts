// The worker's money on the ledger (issue 17): every rule at its edge (1 đồng over a cap, one day early), idempotent
// replays, concurrent refunds that never overdraw, reversals, the database's own refusals, scope.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, makeUser, makeWorker, openOrder, papersForDeparture, walk } from '../../helpers/cases';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import type { TestUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { issueToken } from '../../../server/modules/auth';

// Taiwan home caregiver: 29,500 TWD × 800 = 23,600,000 đồng a month; fee cap 0.4 × 36/12 = 1.2 → at most 1 month
// (23,600,000 đồng); deposit cap for Taiwan 12,000,000 đồng (Decree 112 Annex II).
const TW = {
  jobCategory: 'home_caregiver',
  reference: 'TW-2026-01',
  employerName: 'Gia đình Trần',
  employerCountry: 'TW',
  destinationCountry: 'TW',
  jobTitle: 'Khán hộ công gia đình',
  headcount: 20,
  salaryCurrency: 'TWD',
  salaryMinor: 29_500,
  fxRate: '800',
  fxRateDate: '2026-10-01',
  fxRateSource: 'Tỷ giá trung tâm NHNN',
  contractMonths: 36,
  serviceFeeVnd: 23_600_000,
  depositVnd: 12_000_000,
  depositHolder: 'commercial_bank',
  supplyRegStatus: 'approved',
  supplyRegNumber: '456/QLLĐNN-ĐH',
  supplyRegDate: '2026-09-15',
} as const;

let keySeq = 0;
const key = () => `test-key-${Date.now()}-${(keySeq += 1)}`;

async function twCase(staff?: TestUser, order?: { id: number }) {
  staff ??= await makeUser('agency_staff');
  order ??= await openOrder(staff, TW as never);
  const worker = await makeWorker({ linkTo: staff.user.agencyId! });
  const res = await request(testApp())
    .post('/api/v1/cases')
    .set(staff.auth)
    .send({ workerId: worker.id, jobOrderId: order.id })
    .expect(201);
  const caseId = res.body.data.id as number;
  await walk(staff.auth, caseId, [
    ['prescreen'],
    ['select', { selectedOn: '2026-10-01' }],
    ['sign_contract', { signedOn: '2026-10-05' }],
  ]);
  return { staff, order, worker, caseId };
}

const post = (auth: Record<string, string>, caseId: number, body: Record<string, unknown>, k = key()) =>
  request(testApp()).post(`/api/v1/cases/${caseId}/ledger`).set(auth).set('Idempotency-Key', k).send(body);

const account = (auth: Record<string, string>, caseId: number, extra: Record<string, unknown> = {}) =>
  request(testApp())
    .put(`/api/v1/cases/${caseId}/deposit-account`)
    .set(auth)
    .send({
      holder: 'commercial_bank',
      bankName: 'Vietcombank',
      accountNumber: '0011 0000 12345',
      agreementOn: '2026-10-10',
      employerAcceptedOn: '2026-10-08',
      ...extra,
    });

const ledger = async (auth: Record<string, string>, caseId: number) =>
  (await request(testApp()).get(`/api/v1/cases/${caseId}/ledger`).set(auth).expect(200)).body.data;

const deposit = (amountVnd: number, occurredOn = '2026-10-12') => ({
  kind: 'deposit_received',
  amountVnd,
  occurredOn,
  method: 'blocked_account',
  reference: 'GD-001',
});

/** A TW case walked to liquidation with its deposit received (and the Fund paid through the ledger). */
async function liquidatedWithDeposit(deductions: { amountVnd: number; reason: string }[] = []) {
  const c = await twCase();
  await account(c.staff.auth, c.caseId).expect(200);
  await post(c.staff.auth, c.caseId, deposit(12_000_000)).expect(201);
  await papersForDeparture(
    {
      caseId: c.caseId,
      workerId: c.worker.id,
      agencyId: c.staff.user.agencyId!,
      market: 'TW',
      jobCategory: 'home_caregiver',
    },
    '2026-11-05',
  );
  await walk(c.staff.auth, c.caseId, [
    ['start_visa'],
    ['mark_ready'],
    ['depart', { departedOn: '2026-11-05' }],
    ['return', { returnedOn: '2026-11-15', outcome: 'early_not_at_fault', reason: 'Chủ sử dụng phá sản' }],
    ['liquidate', { liquidatedOn: '2026-11-20', deductions }],
  ]);
  return c;
}

describe('money: the append-only ledger', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('R9: a Taiwan deposit of 12,000,000 đồng is taken; 12,000,001 is refused naming the rule and both figures', async () => {
    const { staff, caseId } = await twCase();
    await account(staff.auth, caseId).expect(200);
    const over = await post(staff.auth, caseId, deposit(12_000_001)).expect(422);
    expect(over.body.error.code).to.equal('RULES_VIOLATED');
    expect(over.body.error.message).to.equal(
      'R9 — Mức ký quỹ tối đa: ký quỹ tối đa cho Đài Loan (Trung Quốc) là 12.000.000 ₫; số nhập 12.000.001 ₫.',
    );
    expect((await ledger(staff.auth, caseId)).entries).to.have.length(0);
    const ok = await post(staff.auth, caseId, deposit(12_000_000)).expect(201);
    expect(ok.body.data).to.include({ kind: 'deposit_received', amountVnd: 12_000_000, method: 'blocked_account' });
    expect((await ledger(staff.auth, caseId)).balances.depositHeldVnd).to.equal(12_000_000);
    // and one đồng more on top of a full deposit is over the cap too
    await post(staff.auth, caseId, deposit(1)).expect(422);
  });

  it('R9: a market without worker deposit (Japan) refuses any amount', async () => {
    const staff = await makeUser('agency_staff');
    const order = await openOrder(staff, {
      ...TW,
      destinationCountry: 'JP',
      employerCountry: 'JP',
      jobCategory: 'general',
      depositVnd: 0,
      salaryCurrency: 'JPY',
      salaryMinor: 180_000,
      fxRate: '170',
    } as never);
    const { caseId } = await twCase(staff, order);
    await account(staff.auth, caseId).expect(200);
    const r = await post(staff.auth, caseId, deposit(1_000_000)).expect(422);
    expect(r.body.error.message).to.match(/^R9 — .*Nhật Bản.*không được nhận ký quỹ/);
  });

  it('R10: a deposit dated the day before the employer accepted the worker is refused with both dates; on the day it passes', async () => {
    const { staff, caseId } = await twCase();
    // no account yet: refused, naming the blocked account
    const none = await post(staff.auth, caseId, deposit(12_000_000, '2026-10-12')).expect(422);
    expect(none.body.error.message).to.contain('tài khoản phong tỏa');
    await account(staff.auth, caseId, { employerAcceptedOn: '2026-10-12' }).expect(200);
    const early = await post(staff.auth, caseId, deposit(12_000_000, '2026-10-11')).expect(422);
    expect(early.body.error.message).to.contain('12/10/2026').and.to.contain('11/10/2026');
    await post(staff.auth, caseId, deposit(12_000_000, '2026-10-12')).expect(201);
  });

  it('R10: cash kept by the enterprise is never a deposit; the database refuses it too', async () => {
    const { staff, caseId } = await twCase();
    await account(staff.auth, caseId).expect(200);
    const r = await post(staff.auth, caseId, { ...deposit(12_000_000), method: 'cash' }).expect(422);
    expect(r.body.error.message).to.match(/^R10 — /);
    let refused = '';
    await sequelize()
      .query(
        `INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, migrated, idempotency_key, request_digest)
         SELECT id, agency_id, worker_id, 'deposit_received', 1, '2026-10-12', 'a', 'b', 'cash', true, 'sql-cash-1', repeat('0', 64) FROM cases WHERE id = $1`,
        { bind: [caseId] },
      )
      .catch((e: Error) => (refused = e.message));
    expect(refused).to.match(/check constraint/);
  });

  it('R6: a service fee dated the day before the contract was signed is refused with both dates; on the day it is taken', async () => {
    const { staff, caseId } = await twCase();
    const early = await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 23_600_000,
      occurredOn: '2026-10-04',
      method: 'offset',
    }).expect(422);
    expect(early.body.error.message)
      .to.match(/^R6 — /)
      .and.to.contain('05/10/2026')
      .and.to.contain('04/10/2026');
    await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 23_600_000,
      occurredOn: '2026-10-05',
      method: 'offset',
    }).expect(201);
  });

  it('R7: the fee due and paid stay within the order cap: 1 đồng over is refused; paying more than is due is refused', async () => {
    const { staff, caseId } = await twCase();
    const over = await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 23_600_001,
      occurredOn: '2026-10-06',
      method: 'offset',
    }).expect(422);
    expect(over.body.error.message)
      .to.match(/^R7 — /)
      .and.to.contain('23.600.000 ₫')
      .and.to.contain('23.600.001 ₫');
    await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 20_000_000,
      occurredOn: '2026-10-06',
      method: 'offset',
    }).expect(201);
    await post(staff.auth, caseId, {
      kind: 'service_fee_paid',
      amountVnd: 20_000_001,
      occurredOn: '2026-10-07',
      method: 'cash',
    }).expect(422);
    await post(staff.auth, caseId, {
      kind: 'service_fee_paid',
      amountVnd: 20_000_000,
      occurredOn: '2026-10-07',
      method: 'cash',
    }).expect(201);
    const l = await ledger(staff.auth, caseId);
    expect(l.balances).to.include({ feeDueVnd: 20_000_000, feePaidVnd: 20_000_000, feeOutstandingVnd: 0 });
  });

  it('R8: brokerage is never charged to the worker, whatever the entry calls it', async () => {
    const { staff, caseId } = await twCase();
    const r = await post(staff.auth, caseId, {
      kind: 'other_cost_paid',
      category: 'brokerage',
      amountVnd: 1,
      occurredOn: '2026-10-06',
      method: 'cash',
    }).expect(422);
    expect(r.body.error.message).to.match(/^R8 — /);
  });

  it('R2: a branch may not collect the fee; the head office may', async () => {
    const staff = await makeUser('agency_staff');
    const order = await openOrder(staff, TW as never);
    const { caseId } = await twCase(staff, order);
    const [[branch]] = (await sequelize().query(
      "INSERT INTO agency_branches (agency_id, name, created_at, updated_at) VALUES ($1, 'Chi nhánh Nghệ An', now(), now()) RETURNING id",
      { bind: [staff.user.agencyId] },
    )) as [{ id: number }[], unknown];
    const clerk = await makeUser('agency_staff', { agencyId: staff.user.agencyId, branchId: branch.id });
    await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 1_000_000,
      occurredOn: '2026-10-06',
      method: 'offset',
    }).expect(201);
    const r = await post(clerk.auth, caseId, {
      kind: 'service_fee_paid',
      amountVnd: 1_000_000,
      occurredOn: '2026-10-07',
      method: 'cash',
    }).expect(422);
    expect(r.body.error.message).to.match(/^R2 — /);
  });

  it('R13: the Fund contribution is 100,000 đồng per contract, 1 đồng more refused; paid the day after the last day it is late', async () => {
    const { staff, caseId } = await twCase();
    await request(testApp())
      .patch(`/api/v1/cases/${caseId}`)
      .set(staff.auth)
      .send({ plannedDepartureOn: '2026-11-25' })
      .expect(200);
    const fund = (l: { obligations: { kind: string }[] }) => l.obligations.find((o) => o.kind === 'fund_contribution');
    // 3 days before a departure on 25/11: 22/11 at the latest
    expect(fund(await ledger(staff.auth, caseId))).to.include({ ruleId: 'R13', dueOn: '2026-11-22', status: 'open' });
    const over = await post(staff.auth, caseId, {
      kind: 'fund_contribution_paid',
      amountVnd: 100_001,
      occurredOn: '2026-11-20',
      method: 'bank_transfer',
    }).expect(422);
    expect(over.body.error.message)
      .to.match(/^R13 — /)
      .and.to.contain('100.000 ₫')
      .and.to.contain('100.001 ₫');
    const late = (
      await post(staff.auth, caseId, {
        kind: 'fund_contribution_paid',
        amountVnd: 100_000,
        occurredOn: '2026-11-23',
        method: 'bank_transfer',
      }).expect(201)
    ).body.data;
    // met, but after its due date: late, and visible as such
    expect(fund(await ledger(staff.auth, caseId))).to.include({
      status: 'met',
      metOn: '2026-11-23',
      dueOn: '2026-11-22',
    });
    // the typed date is gone from the API (a breaking change): the facts body refuses it
    await request(testApp())
      .patch(`/api/v1/cases/${caseId}`)
      .set(staff.auth)
      .send({ fundContributionPaidOn: '2026-11-20' })
      .expect(400);
    // corrected: the late entry reversed, the payment on the last day recorded
    await request(testApp())
      .post(`/api/v1/cases/${caseId}/ledger/${late.id}/reversal`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ reason: 'Sai ngày nộp' })
      .expect(201);
    expect(fund(await ledger(staff.auth, caseId))).to.include({ status: 'open' });
    await post(staff.auth, caseId, {
      kind: 'fund_contribution_paid',
      amountVnd: 100_000,
      occurredOn: '2026-11-22',
      method: 'bank_transfer',
    }).expect(201);
    expect(fund(await ledger(staff.auth, caseId))).to.include({ status: 'met', metOn: '2026-11-22' });
  });

  it('idempotency: the same key and body answer 200 with the original entry; another case, kind or amount 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const { staff, caseId, order } = await twCase();
    const other = await twCase(staff, order);
    const body = {
      kind: 'fund_contribution_paid',
      amountVnd: 100_000,
      occurredOn: '2026-10-20',
      method: 'bank_transfer',
    };
    const k = key();
    const first = await post(staff.auth, caseId, body, k).expect(201);
    const again = await post(staff.auth, caseId, body, k).expect(200);
    expect(again.body.data.id).to.equal(first.body.data.id);
    expect(again.body.replayed).to.equal(true);
    for (const [id, b] of [
      [other.caseId, body],
      [caseId, { ...body, kind: 'other_cost_paid', category: 'visa' }],
      [caseId, { ...body, amountVnd: 99_999 }],
    ] as const) {
      const r = await post(staff.auth, id, b, k).expect(409);
      expect(r.body.error.details.reason).to.equal('IDEMPOTENCY_KEY_REUSED');
    }
    expect((await ledger(staff.auth, caseId)).entries).to.have.length(1);
    expect((await ledger(staff.auth, other.caseId)).entries).to.have.length(0);
    // no key: 400 naming the header
    const none = await request(testApp()).post(`/api/v1/cases/${caseId}/ledger`).set(staff.auth).send(body).expect(400);
    expect(none.body.error.details[0].path).to.equal('Idempotency-Key');
  });

  it('ten concurrent full refunds of a 12,000,000 deposit: exactly one succeeds, nine get 409/422, the balance is 0', async () => {
    const { staff, caseId } = await liquidatedWithDeposit();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(testApp())
          .post(`/api/v1/cases/${caseId}/deposit-refund`)
          .set(staff.auth)
          .set('Idempotency-Key', key())
          .send({ refundOn: '2026-11-25', interestRatePercent: '0', reference: 'UNC-1' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 409 || s === 422)).to.have.length(9);
    const l = await ledger(staff.auth, caseId);
    expect(l.balances.depositHeldVnd).to.equal(0);
    expect(l.entries.filter((e: { kind: string }) => e.kind === 'deposit_refunded')).to.have.length(1);
    // R11 met: nothing held any more
    expect(l.obligations.find((o: { kind: string }) => o.kind === 'deposit_refund')).to.include({ status: 'met' });
  });

  it('R11: before liquidation no refund nor deduction; a deduction only as written in the liquidation record', async () => {
    const c = await twCase();
    await account(c.staff.auth, c.caseId).expect(200);
    await post(c.staff.auth, c.caseId, deposit(12_000_000)).expect(201);
    const early = await request(testApp())
      .post(`/api/v1/cases/${c.caseId}/deposit-refund`)
      .set(c.staff.auth)
      .set('Idempotency-Key', key())
      .send({ refundOn: '2026-10-20', interestRatePercent: '0.5' })
      .expect(422);
    expect(early.body.error.message).to.match(/^R11 — /);
    // nothing the worker is owed is posted piecemeal: a bare refund, interest or fee refund is not a postable kind
    for (const kind of ['deposit_refunded', 'deposit_interest', 'service_fee_refund', 'support_paid'])
      await post(c.staff.auth, c.caseId, {
        kind,
        amountVnd: 1,
        occurredOn: '2026-10-20',
        method: 'blocked_account',
      }).expect(400);

    const l = await liquidatedWithDeposit([{ amountVnd: 2_000_000, reason: 'Vé máy bay về nước doanh nghiệp đã trả' }]);
    // not in the record: refused
    await post(l.staff.auth, l.caseId, {
      kind: 'deposit_deduction',
      deductionIndex: 1,
      amountVnd: 100,
      occurredOn: '2026-11-21',
      method: 'blocked_account',
    }).expect(422);
    // 1 đồng over the written amount: refused
    const over = await post(l.staff.auth, l.caseId, {
      kind: 'deposit_deduction',
      deductionIndex: 0,
      amountVnd: 2_000_001,
      occurredOn: '2026-11-21',
      method: 'blocked_account',
    }).expect(422);
    expect(over.body.error.message).to.contain('2.000.000 ₫').and.to.contain('2.000.001 ₫');
    // a day before the liquidation: refused with both dates
    const before = await post(l.staff.auth, l.caseId, {
      kind: 'deposit_deduction',
      deductionIndex: 0,
      amountVnd: 2_000_000,
      occurredOn: '2026-11-19',
      method: 'blocked_account',
    }).expect(422);
    expect(before.body.error.message).to.contain('20/11/2026').and.to.contain('19/11/2026');
    await post(l.staff.auth, l.caseId, {
      kind: 'deposit_deduction',
      deductionIndex: 0,
      amountVnd: 2_000_000,
      occurredOn: '2026-11-21',
      method: 'blocked_account',
    }).expect(201);
    expect((await ledger(l.staff.auth, l.caseId)).balances.depositHeldVnd).to.equal(10_000_000);
  });

  it('R11: the refund is principal plus the bank demand-rate interest, rounded up, recorded with the rate; closing needs it', async () => {
    const { staff, caseId } = await liquidatedWithDeposit();
    // the case cannot close while the deposit is held
    const blocked = await act(staff.auth, caseId, 'close').expect(422);
    expect(JSON.stringify(blocked.body)).to.contain('R11');
    // 12,000,000 × 0.5 % × 44 days (12/10 → 25/11) / 365 = 7,232.87… → 7,233 đồng
    const r = await request(testApp())
      .post(`/api/v1/cases/${caseId}/deposit-refund`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ refundOn: '2026-11-25', interestRatePercent: '0,5', reference: 'UNC-77' })
      .expect(201);
    const [interest, refund] = r.body.data;
    expect(interest).to.include({
      kind: 'deposit_interest',
      amountVnd: 7_233,
      interestRatePercent: '0.5',
      interestDays: 44,
    });
    expect(refund).to.include({ kind: 'deposit_refunded', amountVnd: 12_007_233 });
    const l = await ledger(staff.auth, caseId);
    expect(l.balances).to.include({ depositHeldVnd: 0, depositInterestVnd: 7_233, depositRefundedVnd: 12_007_233 });
    await act(staff.auth, caseId, 'close').expect(200);
  });

  it('R11: a worker who withdraws before departure gets the deposit back without a liquidation; it is due from her withdrawal', async () => {
    const { staff, caseId } = await twCase();
    await account(staff.auth, caseId).expect(200);
    await post(staff.auth, caseId, deposit(12_000_000)).expect(201);
    await act(staff.auth, caseId, 'withdraw', { reason: 'Gia đình không đồng ý nữa' }).expect(200);
    const l = await ledger(staff.auth, caseId);
    // withdrawn today (27/11) + 15 days
    expect(l.obligations.find((o: { kind: string }) => o.kind === 'deposit_refund')).to.include({
      ruleId: 'R11',
      dueOn: '2026-12-12',
      status: 'open',
    });
    const r = await request(testApp())
      .post(`/api/v1/cases/${caseId}/deposit-refund`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ refundOn: '2026-11-27', interestRatePercent: '0.2' })
      .expect(201);
    expect(r.body.data.at(-1)).to.include({ kind: 'deposit_refunded' });
    expect((await ledger(staff.auth, caseId)).balances.depositHeldVnd).to.equal(0);
  });

  it('R9: when the cap cannot be known at the date (no policy in force yet), no deposit is taken on trust', async () => {
    const { staff, caseId } = await twCase();
    await account(staff.auth, caseId, { employerAcceptedOn: '2026-10-06' }).expect(200);
    // the order's salary figures exist, but the contract was signed on 05/10/2026: a deposit dated in 2021 is both early
    // (R10) and before any deposit cap version (2022-01-01)
    const r = await post(staff.auth, caseId, deposit(1_000, '2021-06-01')).expect(422);
    expect(r.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.include('R9');
  });

  it('R12: an early return not at fault refunds the unused fee pro rata with interest, as the worked example says', async () => {
    // Worked example. Fee paid 36,000,000 đồng. Labour contract 01/01/2025 → 01/01/2028 = 1,095 days. Back on
    // 01/01/2026: 730 days left. Unused fee = 36,000,000 × 730 / 1,095 = 24,000,000 đồng. Interest at 0.5 %/year
    // from the return to the refund (31/01/2026, 30 days): 24,000,000 × 0.005 × 30 / 365 = 9,863.01… → 9,864 đồng
    // (rounded up: the worker's favour). Total 24,009,864 đồng.
    setClock('2026-02-15');
    const staff = await makeUser('agency_staff');
    const order = await openOrder(staff, {
      ...TW,
      supplyRegDate: '2024-06-01',
      fxRateDate: '2024-06-01',
      salaryMinor: 60_000,
    } as never);
    const worker = await makeWorker({ linkTo: staff.user.agencyId! });
    const c = await request(testApp())
      .post('/api/v1/cases')
      .set(staff.auth)
      .send({ workerId: worker.id, jobOrderId: order.id })
      .expect(201);
    const caseId = c.body.data.id as number;
    await walk(staff.auth, caseId, [
      ['prescreen'],
      ['select', { selectedOn: '2024-09-01' }],
      ['sign_contract', { signedOn: '2024-09-05' }],
    ]);
    await post(staff.auth, caseId, {
      kind: 'service_fee_due',
      amountVnd: 36_000_000,
      occurredOn: '2024-09-06',
      method: 'offset',
    }).expect(201);
    await post(staff.auth, caseId, {
      kind: 'service_fee_paid',
      amountVnd: 36_000_000,
      occurredOn: '2024-09-06',
      method: 'cash',
    }).expect(201);
    await sequelize().query(
      `UPDATE cases SET state = 'returned', departed_on = '2025-01-01', labour_contract_start_on = '2025-01-01',
         labour_contract_end_on = '2028-01-01', returned_on = '2026-01-01', return_outcome = 'early_not_at_fault' WHERE id = $1`,
      { bind: [caseId] },
    );
    const q = await request(testApp())
      .get(`/api/v1/cases/${caseId}/service-fee-refund?refundOn=2026-01-31&interestRatePercent=0.5`)
      .set(staff.auth)
      .expect(200);
    expect(q.body.data).to.include({
      totalDays: 1095,
      remainingDays: 730,
      principalVnd: 24_000_000,
      interestDays: 30,
      interestVnd: 9_864,
      totalVnd: 24_009_864,
    });
    expect(q.body.data.steps.join(' ')).to.contain('36.000.000 ₫ × 730/1095 = 24.000.000 ₫');
    const posted = await request(testApp())
      .post(`/api/v1/cases/${caseId}/service-fee-refund`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ refundOn: '2026-01-31', interestRatePercent: '0.5', method: 'bank_transfer' })
      .expect(201);
    expect(posted.body.data.map((e: { amountVnd: number }) => e.amountVnd)).to.deep.equal([24_000_000, 9_864]);
    const l = await ledger(staff.auth, caseId);
    expect(l.balances).to.include({ feeRefundedVnd: 24_000_000, feeRefundInterestVnd: 9_864 });
    // a second refund finds nothing left to give back
    await request(testApp())
      .post(`/api/v1/cases/${caseId}/service-fee-refund`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ refundOn: '2026-02-01', interestRatePercent: '0.5', method: 'bank_transfer' })
      .expect(422);
  });

  it('reversals: a correction is a new entry counted negative; the original stays; UPDATE and DELETE are refused', async () => {
    const { staff, caseId } = await twCase();
    const e = (
      await post(staff.auth, caseId, {
        kind: 'other_cost_paid',
        category: 'passport',
        amountVnd: 200_000,
        occurredOn: '2026-10-06',
        method: 'cash',
      }).expect(201)
    ).body.data;
    const rev = await request(testApp())
      .post(`/api/v1/cases/${caseId}/ledger/${e.id}/reversal`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ reason: 'Ghi nhầm số tiền' })
      .expect(201);
    expect(rev.body.data).to.include({ reversesId: e.id, amountVnd: 200_000, signedVnd: -200_000 });
    const l = await ledger(staff.auth, caseId);
    expect(l.entries).to.have.length(2);
    expect(l.balances.otherCostsVnd).to.equal(0);
    // a second reversal of the same entry: 409
    await request(testApp())
      .post(`/api/v1/cases/${caseId}/ledger/${e.id}/reversal`)
      .set(staff.auth)
      .set('Idempotency-Key', key())
      .send({ reason: 'Lần nữa' })
      .expect(409);
    for (const sql of [
      'UPDATE ledger_entries SET amount_vnd = 1 WHERE id = $1',
      'DELETE FROM ledger_entries WHERE id = $1',
    ]) {
      let refused = '';
      await sequelize()
        .query(sql, { bind: [e.id] })
        .catch((err: Error) => (refused = err.message));
      expect(refused, sql).to.match(/append-only|not allowed|refuse/i);
    }
  });

  it('EPS: the deposit is exactly 100,000,000 đồng at the Social Policy Bank, due within 35 days of signing (R14)', async () => {
    const staff = await makeUser('agency_staff');
    await sequelize().query("UPDATE agencies SET kind = 'public_unit' WHERE id = $1", { bind: [staff.user.agencyId] });
    const order = await openOrder(staff, {
      ...TW,
      jobCategory: 'kr_eps',
      destinationCountry: 'KR',
      employerCountry: 'KR',
      salaryCurrency: 'KRW',
      salaryMinor: 2_096_270,
      fxRate: '18.5',
      serviceFeeVnd: 0,
      depositVnd: 100_000_000,
      depositHolder: 'vbsp',
      programmeReference: 'EPS-2026',
      ministryReportDate: '2026-09-01',
    } as never);
    const { caseId } = await twCase(staff, order);
    const l0 = await ledger(staff.auth, caseId);
    // signed 05/10: the 35th day is 09/11
    expect(l0.obligations.find((o: { kind: string }) => o.kind === 'eps_deposit')).to.include({
      ruleId: 'R14',
      dueOn: '2026-11-09',
      status: 'open',
      overdue: true,
    });
    await account(staff.auth, caseId, {
      holder: 'vbsp',
      bankName: 'Ngân hàng Chính sách xã hội chi nhánh Thanh Hóa',
      fromLoan: true,
      loanAmountVnd: 100_000_000,
    }).expect(200);
    const short = await post(staff.auth, caseId, deposit(99_999_999)).expect(422);
    expect(short.body.error.message)
      .to.match(/^R14 — /)
      .and.to.contain('100.000.000 ₫');
    await post(staff.auth, caseId, deposit(100_000_001)).expect(422);
    await post(staff.auth, caseId, deposit(100_000_000, '2026-11-09')).expect(201);
    const l1 = await ledger(staff.auth, caseId);
    expect(l1.obligations.find((o: { kind: string }) => o.kind === 'eps_deposit')).to.include({
      status: 'met',
      metOn: '2026-11-09',
    });
  });

  it("scope: another agency's ledger is 404 for reading and writing; a worker reads only her own", async () => {
    const { staff, caseId, worker } = await twCase();
    const stranger = await makeUser('agency_staff');
    await request(testApp()).get(`/api/v1/cases/${caseId}/ledger`).set(stranger.auth).expect(404);
    await post(stranger.auth, caseId, {
      kind: 'fund_contribution_paid',
      amountVnd: 100_000,
      occurredOn: '2026-10-20',
      method: 'cash',
    }).expect(404);
    await account(stranger.auth, caseId).expect(404);
    const her = await makeUser('worker', { workerId: worker.id });
    await request(testApp()).get(`/api/v1/cases/${caseId}/ledger`).set(her.auth).expect(200);
    const other = await makeUser('worker');
    await request(testApp()).get(`/api/v1/cases/${caseId}/ledger`).set(other.auth).expect(404);
    await post(her.auth, caseId, {
      kind: 'fund_contribution_paid',
      amountVnd: 100_000,
      occurredOn: '2026-10-20',
      method: 'cash',
    }).expect(403);
    const officer = await makeUser('province_officer');
    await request(testApp()).get(`/api/v1/cases/${caseId}/ledger`).set(officer.auth).expect(403);
    expect((await ledger(staff.auth, caseId)).entries).to.have.length(0);
  });

  it('the reconciliation lists deposits held, refunds due and overdue; the province sees its residents per agency', async () => {
    const { staff, caseId } = await liquidatedWithDeposit();
    // liquidated 20/11 + 15 days = 05/12: due, not yet overdue on 27/11
    let r = (await request(testApp()).get('/api/v1/money/reconciliation?show=due').set(staff.auth).expect(200)).body;
    expect(r.totals).to.include({ cases: 1, heldVnd: 12_000_000, refundsDue: 1, refundsOverdue: 0 });
    expect(r.data[0]).to.include({ caseId, refundDueOn: '2026-12-05', overdue: false });
    setClock('2026-12-06');
    // a week later: a fresh sign-in
    staff.token = issueToken(staff.user);
    staff.auth = { authorization: `Bearer ${staff.token}` };
    r = (await request(testApp()).get('/api/v1/money/reconciliation?show=overdue').set(staff.auth).expect(200)).body;
    expect(r.totals.refundsOverdue).to.equal(1);
    expect(r.data[0]).to.include({ caseId, overdue: true });
    const page = new PageSession(staff);
    const html = (await page.get('/money/reconciliation?show=overdue')).text;
    expect(html).to.contain('12.000.000 ₫').and.to.contain('quá hạn');
    const xlsx = await page.get('/money/reconciliation.xlsx?show=held');
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers['content-type']).to.contain('spreadsheetml');
    // another agency sees none of it
    const stranger = await makeUser('agency_staff');
    expect(
      (await request(testApp()).get('/api/v1/money/reconciliation').set(stranger.auth).expect(200)).body.totals.cases,
    ).to.equal(0);
    // the province of the worker's residence (38, Thanh Hóa) sees it per agency; another province does not
    const officer = await makeUser('province_officer');
    const rows = (await request(testApp()).get('/api/v1/money/province').set(officer.auth).expect(200)).body.data;
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ heldVnd: 12_000_000, refundsOverdue: 1 });
    const elsewhere = await makeUser('province_officer', { provinceCode: '01' });
    expect(
      (await request(testApp()).get('/api/v1/money/province').set(elsewhere.auth).expect(200)).body.data,
    ).to.have.length(0);
  });
});
