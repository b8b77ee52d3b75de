// The money pages as staff and workers use them: a refusal beside the form with what was typed kept, a message after
// each save, a double submit written once, receipts and the deposit agreement through the documents mechanism, the
// worker's statement answering "did I pay more than the law allows?", and the migration of the typed dates.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker, openOrder, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import { migrator } from '../../../server/db/migrate';
import { setClock } from '../../../server/shared/clock';

const TW = {
  jobCategory: 'home_caregiver',
  reference: 'TW-2026-02',
  employerName: 'Gia đình Lâm',
  employerCountry: 'TW',
  destinationCountry: 'TW',
  jobTitle: 'Khán hộ công gia đình',
  headcount: 5,
  salaryCurrency: 'TWD',
  salaryMinor: 29_500,
  fxRate: '800',
  fxRateDate: '2026-10-01',
  fxRateSource: 'NHNN',
  contractMonths: 36,
  serviceFeeVnd: 23_600_000,
  depositVnd: 12_000_000,
  depositHolder: 'commercial_bank',
  supplyRegStatus: 'approved',
  supplyRegNumber: '1/QLLĐNN',
  supplyRegDate: '2026-09-15',
};

async function signedCase() {
  const staff = await makeUser('agency_staff');
  const order = await openOrder(staff, TW as never);
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
  return { staff, worker, caseId };
}

const entries = async (caseId: number) =>
  (
    await sequelize().query('SELECT kind, amount_vnd FROM ledger_entries WHERE case_id = $1 ORDER BY id', {
      bind: [caseId],
    })
  )[0] as { kind: string; amount_vnd: string }[];

describe('money pages', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('a refused entry comes back beside its form with the rule, the figures and what was typed; a double submit is written once', async () => {
    const { staff, caseId } = await signedCase();
    const page = new PageSession(staff);
    const tab = await page.get(`/cases/${caseId}/tien`);
    expect(tab.status).to.equal(200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(tab.text)![1];
    await page.post(`/cases/${caseId}/tien/account`, {
      holder: 'commercial_bank',
      bankName: 'Vietcombank',
      accountNumber: '0011001234567',
      agreementOn: '10/10/2026',
      employerAcceptedOn: '08/10/2026',
    });
    const refused = await page.post(`/cases/${caseId}/tien/entries`, {
      idempotencyKey: key,
      kind: 'deposit_received',
      amountVnd: '12.000.001',
      occurredOn: '12/10/2026',
      method: 'blocked_account',
      reference: 'GD-77',
    });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.contain('data-testid="entry-refusal"');
    expect(refused.text).to.contain('R9 — Mức ký quỹ tối đa');
    expect(refused.text).to.contain('12.000.001');
    expect(refused.text).to.match(/id="entry-reference"[^>]*value="GD-77"|value="GD-77"[^>]*id="entry-reference"/);
    expect(await entries(caseId)).to.deep.equal([]);

    const fields = {
      idempotencyKey: key,
      kind: 'deposit_received',
      amountVnd: '12.000.000',
      occurredOn: '12/10/2026',
      method: 'blocked_account',
    };
    const ok = await page.post(`/cases/${caseId}/tien/entries`, fields);
    expect(ok.status).to.equal(303);
    const after = await page.get(`/cases/${caseId}/tien`);
    expect(after.text).to.contain('Đã ghi: Nhận tiền ký quỹ 12.000.000 ₫ ngày 12/10/2026');
    // the same form again (a double click, a reload): the same key, nothing new
    await page.post(`/cases/${caseId}/tien/entries`, fields);
    expect((await page.get(`/cases/${caseId}/tien`)).text).to.contain('không ghi lần hai');
    expect(await entries(caseId)).to.deep.equal([{ kind: 'deposit_received', amount_vnd: '12000000' }]);
  });

  it('the tab says what the law allows now, kind by kind, before anything is typed', async () => {
    const { staff, caseId } = await signedCase();
    const html = (await new PageSession(staff).get(`/cases/${caseId}/tien`)).text;
    const item = (kind: string) => new RegExp(`<li data-kind="${kind}">([\\s\\S]*?)</li>`).exec(html)![1];
    // no blocked account yet: R10 says so; the fee may be recorded (approved supply contract, contract signed)
    expect(item('deposit_received'))
      .to.contain('chưa được')
      .and.to.contain('R10')
      .and.to.contain('tài khoản phong tỏa');
    expect(item('service_fee_due')).to.contain('được ghi');
    // nothing due yet: a payment would be more than is due (R7)
    expect(item('service_fee_paid')).to.contain('R7');
  });

  it('a deduction written in the liquidation record is posted from its own button on the tab', async () => {
    const { staff, caseId } = await signedCase();
    const page = new PageSession(staff);
    await page.post(`/cases/${caseId}/tien/account`, {
      holder: 'commercial_bank',
      bankName: 'Vietcombank',
      accountNumber: '0011001234567',
      agreementOn: '10/10/2026',
      employerAcceptedOn: '08/10/2026',
    });
    await page.post(`/cases/${caseId}/tien/entries`, {
      idempotencyKey: 'page-deposit-0001',
      kind: 'deposit_received',
      amountVnd: '12.000.000',
      occurredOn: '12/10/2026',
      method: 'blocked_account',
    });
    await sequelize().query(
      `UPDATE cases SET state = 'liquidated', departed_on = '2026-10-20', labour_contract_start_on = '2026-10-20',
         labour_contract_end_on = '2026-11-10', returned_on = '2026-11-10', return_outcome = 'early_at_fault',
         liquidated_on = '2026-11-20', liquidation_deductions = '[{"amountVnd": 2000000, "reason": "Vé máy bay về nước"}]'
       WHERE id = $1`,
      { bind: [caseId] },
    );
    const tab = (await page.get(`/cases/${caseId}/tien`)).text;
    expect(tab).to.contain('data-testid="deductions"').and.to.contain('Vé máy bay về nước');
    const res = await page.post(`/cases/${caseId}/tien/entries`, {
      idempotencyKey: 'page-deduction-01',
      kind: 'deposit_deduction',
      deductionIndex: '0',
      amountVnd: '2000000',
      method: 'blocked_account',
      occurredOn: '21/11/2026',
    });
    expect(res.status).to.equal(303);
    expect(await entries(caseId)).to.deep.equal([
      { kind: 'deposit_received', amount_vnd: '12000000' },
      { kind: 'deposit_deduction', amount_vnd: '2000000' },
    ]);
    expect((await page.get(`/cases/${caseId}/tien`)).text).to.contain('(đã khấu trừ)');
  });

  it('a receipt and the tripartite deposit agreement are issued as numbered documents; a reversed entry gets no receipt', async () => {
    const { staff, caseId } = await signedCase();
    const page = new PageSession(staff);
    await page.post(`/cases/${caseId}/tien/account`, {
      holder: 'commercial_bank',
      bankName: 'Vietcombank',
      accountNumber: '0011001234567',
      agreementOn: '10/10/2026',
    });
    await page.post(`/cases/${caseId}/tien/entries`, {
      idempotencyKey: 'page-fund-000001',
      kind: 'fund_contribution_paid',
      amountVnd: '100.000',
      occurredOn: '20/10/2026',
      method: 'cash',
    });
    const [[entry]] = (await sequelize().query('SELECT id FROM ledger_entries WHERE case_id = $1', {
      bind: [caseId],
    })) as [{ id: string }[], unknown];
    const receipt = await page.post(`/ledger-entries/${entry.id}/receipt`, { back: `/cases/${caseId}/tien` });
    expect(receipt.status).to.equal(303);
    expect(receipt.headers.location).to.match(/^\/documents\/\d+$/);
    const agreement = await page.post(`/cases/${caseId}/documents`, { template: 'deposit_agreement' });
    expect(agreement.headers.location).to.match(/^\/documents\/\d+$/);
    const docs = (
      await sequelize().query('SELECT template, number_text, subject_type FROM documents ORDER BY id')
    )[0] as { template: string; number_text: string; subject_type: string }[];
    expect(docs.map((d) => [d.template, d.subject_type])).to.deep.equal([
      ['ledger_receipt', 'ledger_entry'],
      ['deposit_agreement', 'case'],
    ]);
    expect(docs[0].number_text).to.match(/^Số: 01\/2026\/BN-/);
    // reversed: no receipt for it
    await page.post(`/cases/${caseId}/tien/entries/${entry.id}/reversal`, { reason: 'Ghi nhầm ngày' });
    const again = await page.post(`/ledger-entries/${entry.id}/receipt`, { back: `/cases/${caseId}/tien` });
    expect(again.headers.location).to.equal(`/cases/${caseId}/tien`);
    // another agency cannot print it
    const stranger = new PageSession(await makeUser('agency_staff'));
    const foreign = await stranger.post(`/ledger-entries/${entry.id}/receipt`, {});
    expect(foreign.headers.location).to.equal('/cases');
  });

  it("the worker's statement lists each cost beside its legal cap and says plainly when she paid more than the law allows", async () => {
    const { staff, worker, caseId } = await signedCase();
    const me = await makeUser('worker', { workerId: worker.id });
    const phone = new PageSession(me);
    let html = (await phone.get('/toi/tien')).text;
    expect(html).to.contain('Bạn chưa trả khoản nào cao hơn mức luật cho phép');
    expect(html).to.contain('Tiền môi giới').and.to.contain('23.600.000 ₫');
    // an entry from before the ledger checked anything (migrated, no evidence): a fee above the order's cap
    await sequelize().query(
      `INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, migrated, idempotency_key, request_digest)
       SELECT id, agency_id, worker_id, k, 30000000, '2026-10-06', 'Người lao động', 'Doanh nghiệp', 'migrated', true, 'old:' || k || ':' || id, repeat('0', 64)
       FROM cases, unnest(ARRAY['service_fee_due', 'service_fee_paid']) AS k WHERE id = $1`,
      { bind: [caseId] },
    );
    html = (await phone.get('/toi/tien')).text;
    expect(html).to.contain('Có khoản bạn đã trả cao hơn mức luật cho phép');
    expect(html).to.contain('Vượt 6.400.000 ₫');
    // another worker sees none of it
    const other = new PageSession(await makeUser('worker'));
    expect((await other.get('/toi/tien')).text).not.to.contain('30.000.000');
    // staff are sent to the case's tab, not the portal
    expect((await new PageSession(staff).get('/toi/tien')).status).to.equal(403);
  });

  it('the migration turns the typed Fund and deposit dates into entries marked "migrated, no evidence"', async function () {
    this.timeout(60_000);
    const { caseId } = await signedCase();
    const umzug = migrator(sequelize());
    await umzug.down({ to: '2026.12.01T22.00.00.money-ledger' });
    try {
      await sequelize().query(
        "UPDATE cases SET fund_contribution_paid_on = '2026-10-20', worker_deposit_paid_on = '2026-10-12' WHERE id = $1",
        { bind: [caseId] },
      );
      await umzug.up();
    } catch (err) {
      await umzug.up();
      throw err;
    }
    const rows = (
      await sequelize().query(
        'SELECT kind, amount_vnd, occurred_on, method, migrated, actor_user_id FROM ledger_entries WHERE case_id = $1 ORDER BY kind',
        { bind: [caseId] },
      )
    )[0];
    expect(rows).to.deep.equal([
      {
        kind: 'deposit_received',
        amount_vnd: '12000000',
        occurred_on: '2026-10-12',
        method: 'migrated',
        migrated: true,
        actor_user_id: null,
      },
      {
        kind: 'fund_contribution_paid',
        amount_vnd: '100000',
        occurred_on: '2026-10-20',
        method: 'migrated',
        migrated: true,
        actor_user_id: null,
      },
    ]);
    const [[cols]] = (await sequelize().query(
      "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'cases' AND column_name IN ('fund_contribution_paid_on', 'worker_deposit_paid_on')",
    )) as [{ n: number }[], unknown];
    expect(cols.n).to.equal(0);
  });
});
