import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, openOrder, papersForDeparture, setFundPaid, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { setClock } from '../../../server/shared/clock';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const toVisa: [string, Record<string, unknown>?][] = [
  ['prescreen'],
  ['select', { selectedOn: '2026-10-01' }],
  ['sign_contract', { signedOn: '2026-10-05' }],
  ['start_visa'],
];

describe('papers, departure, return and liquidation', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('when papers are missing, then mark_ready is refused with every reason; recorded, it passes', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await walk(staff.auth, caseId, toVisa);
    const refused = await act(staff.auth, caseId, 'mark_ready', { plannedDepartureOn: '2026-12-10' }).expect(422);
    expect(refused.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal([
      'R19',
      'PAPERS',
      'PAPERS',
      'R13',
    ]);
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-12-10');
    await act(staff.auth, caseId, 'mark_ready', {}).expect(200);
  });

  it('when the contract is signed with a worker one day short of 18, then R1 refuses it', async () => {
    const staff = await makeUser('agency_staff');
    const order = await openOrder(staff);
    const young = await makeWorker({ linkTo: staff.user.agencyId!, dateOfBirth: '2008-10-06', sex: 'male' });
    const c = (
      await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: young.id, jobOrderId: order.id })
        .expect(201)
    ).body.data.id;
    await walk(staff.auth, c, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
    const res = await act(staff.auth, c, 'sign_contract', { signedOn: '2026-10-05' }).expect(422);
    expect(res.body.error.details.verdicts[0].ruleId).to.equal('R1');
    await act(staff.auth, c, 'sign_contract', { signedOn: '2026-10-06' }).expect(200);
  });

  it('when a check fails on the real departure date, then the departure is still recorded with the reason and the failing verdicts', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [...toVisa, ['mark_ready']]);
    await setFundPaid(caseId, '2026-11-19');
    await act(staff.auth, caseId, 'depart', { departedOn: '2026-11-20' }).expect(422);
    const res = await act(staff.auth, caseId, 'depart', {
      departedOn: '2026-11-20',
      flight: 'VN300',
      destination: 'Aichi',
      overrideReason: 'Người lao động đã bay theo lịch của đối tác',
    }).expect(200);
    expect(res.body.data.case).to.include({
      state: 'departed',
      departureOverrideReason: 'Người lao động đã bay theo lịch của đối tác',
      labourContractStartOn: '2026-11-20',
    });
    const [event] = await rows("SELECT verdicts FROM case_events WHERE case_id = $1 AND action = 'depart'", [caseId]);
    expect(
      (event.verdicts as { ruleId: string; ok: boolean }[]).filter((v) => !v.ok).map((v) => v.ruleId),
    ).to.deep.equal(['R13']);
  });

  it('when a contract is extended, then the fee is capped at 0.5 month per 12 months of extension (R7)', async () => {
    const { staff, caseId, worker, order } = await agencyWithCase();
    await sequelize().query(
      "UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, contract_months = 36 WHERE id = $1",
      { bind: [order.id] },
    );
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
    const detail = (await request(testApp()).get(`/api/v1/cases/${caseId}`).set(staff.auth)).body.data;
    expect(detail).to.include({
      labourContractEndOn: '2029-11-20',
      nextDeadlineOn: '2026-11-25',
      nextDeadlineRule: 'R17',
    });
    expect(detail.obligations.find((o: { kind: string }) => o.kind === 'liquidation')).to.include({
      dueOn: '2030-05-19',
      status: 'open',
      ruleId: 'R20',
    });
    // 24 months of extension: 0.5 × 2 × 34,000,000 = 34,000,000
    const over = await act(staff.auth, caseId, 'extend', { newEndOn: '2031-11-20', feeVnd: 34_000_001 }).expect(422);
    expect(over.body.error.details.verdicts[0].details).to.include({ months: 24, capVnd: 34_000_000 });
    await act(staff.auth, caseId, 'extend', { newEndOn: '2031-11-20', feeVnd: 34_000_000 }).expect(200);
    expect((await rows('SELECT new_end_on, fee_vnd FROM case_extensions'))[0]).to.deep.equal({
      new_end_on: '2031-11-20',
      fee_vnd: '34000000',
    });
  });

  it('the departure list shows who left in the period with the R17 due date, and exports XLSX with the full CCCD', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [
      ...toVisa,
      ['mark_ready'],
      ['depart', { departedOn: '2026-11-20', flight: 'VN300' }],
    ]);
    const list = await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2026-11-01', to: '2026-11-30' })
      .set(staff.auth)
      .expect(200);
    expect(list.body.data).to.have.length(1);
    expect(list.body.data[0]).to.include({
      caseId,
      departedOn: '2026-11-20',
      reportDueOn: '2026-11-25',
      overdue: true,
      flight: 'VN300',
    });
    expect(list.body.data[0].cccd).to.match(/^\d{3}\*{6}\d{3}$/);
    const other = await makeUser('agency_staff');
    expect(
      (
        await request(testApp())
          .get('/api/v1/reports/departures')
          .query({ from: '2026-11-01', to: '2026-11-30' })
          .set(other.auth)
      ).body.data,
    ).to.deep.equal([]);

    const xlsx = await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2026-11-01', to: '2026-11-30', format: 'xlsx' })
      .set(staff.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('Xuất cảnh')!;
    expect(sheet.getRow(2).getCell(3).value).to.equal(worker.cccd);
    expect(sheet.getRow(2).getCell(6).value).to.equal('20/11/2026');
    expect((await rows('SELECT subject_type FROM access_log')).map((r) => r.subject_type)).to.include('departure_list');
  });
});
