// Commune and province officers see their area: their residents' cases read-only (papers as status only, never a
// scan), the departures report through the case scope, and a dashboard with its numbers as tables and XLSX.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

async function residentDeparted() {
  const made = await agencyWithCase({ headcount: 5 });
  const { staff, caseId, worker } = made;
  await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
  await walk(staff.auth, caseId, [
    ['prescreen'],
    ['select', { selectedOn: '2026-10-01' }],
    ['sign_contract', { signedOn: '2026-10-05' }],
    ['start_visa'],
    ['mark_ready'],
    ['depart', { departedOn: '2026-11-20' }],
  ]);
  return made;
}

describe("officers see their area's cases, read-only", () => {
  it("a commune officer reads a resident's case: no action, papers by status only, no scan; others' residents are 404", async () => {
    const { staff, caseId, order } = await residentDeparted();
    const officer = await makeUser('commune_officer'); // Xã Hồi Xuân, where the factory's workers live
    const page = new PageSession(officer);
    const html = (await page.get(`/cases/${caseId}`)).text;
    expect(html).to.contain('Đã xuất cảnh');
    expect(html).not.to.contain('action-form');
    expect(html).not.to.contain('/api/v1/files/');
    const papers = /data-testid="papers"[\s\S]*?<\/table>/.exec(html)![0];
    expect(papers).to.contain('Còn hạn').and.not.to.contain('C1234567').and.not.to.contain('Tải về');
    expect(html).not.to.contain(`href="/agencies/`);
    // the API agrees: read yes, act no
    await request(testApp()).get(`/api/v1/cases/${caseId}`).set(officer.auth).expect(200);
    await act(officer.auth, caseId, 'extend', { newEndOn: '2030-01-01' }).expect(403);
    // a worker living elsewhere is not hers
    const elsewhere = await makeWorker({
      linkTo: staff.user.agencyId!,
      provinceCode: '01',
      communeCode: '00004',
    } as never);
    const other = await request(testApp())
      .post('/api/v1/cases')
      .set(staff.auth)
      .send({ workerId: elsewhere.id, jobOrderId: order.id });
    await request(testApp()).get(`/api/v1/cases/${other.body.data.id}`).set(officer.auth).expect(404);
    const list = await request(testApp()).get('/api/v1/cases').set(officer.auth).expect(200);
    expect(list.body.data.map((c: { id: number }) => c.id)).to.deep.equal([caseId]);
    // the departures report, through the same scope
    const report = await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2026-11-01', to: '2026-11-30' })
      .set(officer.auth)
      .expect(200);
    expect(report.body.data.map((r: { caseId: number }) => r.caseId)).to.deep.equal([caseId]);
  });

  it("a province officer's dashboard: departures and returns per month, abroad by market, R15 and R20 overdue, XLSX", async () => {
    const { staff, caseId } = await residentDeparted();
    // a second resident selected 200 days ago, still waiting: past the 180-day wait (R15)
    const { order } = await agencyWithCase();
    void order;
    const waiting = await agencyWithCase();
    await walk(waiting.staff.auth, waiting.caseId, [['prescreen'], ['select', { selectedOn: '2026-05-01' }]]);
    await act(staff.auth, caseId, 'return', { returnedOn: '2026-11-25', outcome: 'early_not_at_fault' }).expect(200);
    const officer = await makeUser('province_officer');
    const page = new PageSession(officer);
    const html = (await page.get('/reports/area')).text;
    expect(html).to.contain('Tỉnh Thanh Hóa');
    expect(html).to.match(/<th scope="row">11\/2026<\/th><td>1<\/td><td>1<\/td>/);
    expect(html).to.match(/<strong>1<\/strong> hồ sơ quá 180 ngày chờ xuất cảnh \(R15\)/);
    expect(html).to.match(new RegExp(`data-testid="area-r15"[\\s\\S]*?href="/cases/${waiting.caseId}"`));
    expect(html).to.contain('<canvas id="chart-months"');
    expect(html).to.contain('<script type="application/json" id="chart-data">');
    const xlsx = await request(testApp())
      .get('/reports/area?format=xlsx')
      .set('cookie', `ht_session=${officer.token}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal([
      'Theo tháng',
      'Đang ở nước ngoài',
      'Quá 180 ngày chờ (R15)',
      'Quá hạn thanh lý (R20)',
    ]);
    expect(wb.worksheets[2].rowCount).to.equal(2);
    const [log] = (
      await sequelize().query("SELECT event, subject_id FROM access_log WHERE event = 'area.exported'")
    )[0] as Record<string, unknown>[];
    expect(log).to.deep.equal({ event: 'area.exported', subject_id: '38' });
    // agency staff have no dashboard of an area
    expect((await new PageSession(staff).get('/reports/area')).status).to.equal(403);
  });
});
