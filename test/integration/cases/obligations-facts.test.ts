// What meets a case's obligations from the pages and the API: the agency's explicit confirmation that it updated the
// worker database (R17), never a download; the worker's residence notice after her return (R21).
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const obligation = async (caseId: number, kind: string) =>
  (await rows('SELECT status, met_on, due_on FROM obligations WHERE subject_id = $1 AND kind = $2', [caseId, kind]))[0];

async function departed() {
  const made = await agencyWithCase();
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

describe('R17 and R21: what meets them', () => {
  it('downloading the departures XLSX changes nothing (a GET any link could trigger); the confirmation is a POST', async () => {
    const { staff, caseId } = await departed();
    await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2026-11-01', to: '2026-11-30', format: 'xlsx' })
      .set(staff.auth)
      .expect(200);
    expect(await obligation(caseId, 'departure_update')).to.include({ status: 'open' });
    expect(
      (await rows('SELECT database_updated_on FROM cases WHERE id = $1', [caseId]))[0].database_updated_on,
    ).to.equal(null);
    // the page's form: confirmed on 26/11 (the 5-day limit was 25/11: met, late)
    const page = new PageSession(staff);
    const report = (await page.get('/reports/departures?from=01%2F11%2F2026&to=30%2F11%2F2026')).text;
    expect(report).to.contain('data-testid="confirm-update"');
    expect(report).to.contain('Ghi nhận đã cập nhật cho 1 người');
    const res = await page.post('/reports/departures/database-update', {
      from: '2026-11-01',
      to: '2026-11-30',
      on: '26/11/2026',
    });
    expect(res.status).to.equal(303);
    expect((await page.get(res.headers.location)).text).to.contain(
      'Đã ghi nhận cập nhật cơ sở dữ liệu ngày 26/11/2026 cho 1 người.',
    );
    expect(await obligation(caseId, 'departure_update')).to.deep.equal({
      status: 'met',
      met_on: '2026-11-26',
      due_on: '2026-11-25',
    });
    expect((await page.get(`/cases/${caseId}`)).text).to.match(
      /data-kind="departure_update" data-status="met">[\s\S]*?Đã xong, trễ hạn 26\/11\/2026/,
    );
    const [audit] = await rows("SELECT entity_id FROM audit_log WHERE action = 'case.database_updated'");
    expect(audit.entity_id).to.equal(String(caseId));
    // an older confirmation never moves a newer one back
    await request(testApp())
      .post('/api/v1/reports/departures/database-update')
      .set(staff.auth)
      .send({ from: '2026-11-01', to: '2026-11-30', on: '2026-11-21' })
      .expect(200);
    expect(
      (await rows('SELECT database_updated_on FROM cases WHERE id = $1', [caseId]))[0].database_updated_on,
    ).to.equal('2026-11-26');
  });

  it('the confirmation form needs its CSRF token; a page without one is refused and nothing is recorded', async () => {
    const { staff, caseId } = await departed();
    const res = await request(testApp())
      .post('/reports/departures/database-update')
      .set('cookie', `ht_session=${staff.token}`)
      .type('form')
      .send({ from: '2026-11-01', to: '2026-11-30', on: '26/11/2026' });
    expect(res.status).to.equal(403);
    expect(await obligation(caseId, 'departure_update')).to.include({ status: 'open' });
  });

  it('a period is at most 366 days and never backwards: 400 naming «Đến ngày», in the API and the confirmation', async () => {
    const { staff } = await departed();
    const long = await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2025-01-01', to: '2026-11-30' })
      .set(staff.auth);
    expect(long.status).to.equal(400);
    expect(JSON.stringify(long.body)).to.contain('tối đa 366 ngày');
    const backwards = await request(testApp())
      .post('/api/v1/reports/departures/database-update')
      .set(staff.auth)
      .send({ from: '2026-11-30', to: '2026-11-01', on: '2026-11-26' });
    expect(backwards.status).to.equal(400);
    // the page falls back to the last 30 days and says why
    const page = await new PageSession(staff).get('/reports/departures?from=01%2F01%2F2020&to=30%2F11%2F2026');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('đang hiển thị 30 ngày gần nhất');
  });

  it('R21: the residence notice is met by the date the worker notified, recorded after her return and not before it', async () => {
    const { staff, caseId } = await departed();
    const page = new PageSession(staff);
    // before the return the form does not offer it, and the API refuses it
    expect((await page.get(`/cases/${caseId}`)).text).not.to.contain('name="residenceNotifiedOn"');
    const early = await request(testApp())
      .patch(`/api/v1/cases/${caseId}`)
      .set(staff.auth)
      .send({ residenceNotifiedOn: '2026-11-21' });
    expect(early.status).to.equal(400);
    expect(JSON.stringify(early.body)).to.contain('sau khi người lao động đã về nước');
    await act(staff.auth, caseId, 'return', { returnedOn: '2026-11-24', outcome: 'early_not_at_fault' }).expect(200);
    expect(await obligation(caseId, 'residence_notice')).to.include({ status: 'open', due_on: '2026-12-09' });
    const html = (await page.get(`/cases/${caseId}`)).text;
    expect(html).to.contain('name="residenceNotifiedOn"');
    const before = await page.post(`/cases/${caseId}/facts`, { residenceNotifiedOn: '23/11/2026' });
    expect(before.status).to.equal(400);
    expect(before.text).to.contain('không được trước ngày về nước (24/11/2026)');
    expect(before.text).to.match(/name="residenceNotifiedOn" value="23\/11\/2026"/);
    const ok = await page.post(`/cases/${caseId}/facts`, { residenceNotifiedOn: '26/11/2026' });
    expect(ok.status).to.equal(303);
    expect(await obligation(caseId, 'residence_notice')).to.include({ status: 'met', met_on: '2026-11-26' });
    expect((await page.get(`/cases/${caseId}`)).text).to.contain('Đã thông báo cư trú ngày 26/11/2026');
  });
});
