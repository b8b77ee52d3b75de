// The support-grant pages as their users work them: the agency applies on a worker's behalf (a bad amount refused
// beside its row, everything typed kept), the commune certifies (a refusal keeps what was chosen), the province sets a
// budget (never below what is committed) and keeps the list of eligible areas; the worker applies from her portal.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { area, signedWorker as signedWorkerOf } from '../../helpers/grants';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';

/** A poor-household Kinh worker of 2025 (another resident of the area meanwhile), contract signed, her commune listed. */
async function signedWorker() {
  const r = await signedWorkerOf({ worker: { householdStatusYear: 2025, ethnicity: 'Kinh' } });
  await area();
  return r;
}

const state = async (id: number) =>
  (
    (await sequelize().query('SELECT state FROM grant_applications WHERE id = $1', { bind: [id] }))[0] as {
      state: string;
    }[]
  )[0]?.state;

describe('support grant pages', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('the agency applies for a worker: a bad amount is refused beside its row with all typed kept; then a message', async () => {
    const { staff, caseId } = await signedWorker();
    const page = new PageSession(staff);
    const form = await page.get(`/grants/new?caseId=${caseId}`);
    expect(form.status).to.equal(200);
    // the explanation before applying: a Kinh poor household of 2025, another resident of the area meanwhile
    expect(form.text).to.contain('Người lao động khác cư trú tại địa bàn');
    const refused = await page.post('/grants', {
      caseId: String(caseId),
      amount_language: '4.500.000',
      evidence_language: 'Hóa đơn học phí 77',
      amount_health_check: '-5',
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.match(/id="amount-health_check-error"[^>]*>[^<]*Số tiền đề nghị/);
    expect(refused.text).to.contain('value="4.500.000"');
    expect(refused.text).to.contain('value="Hóa đơn học phí 77"');
    expect(refused.text).to.contain('value="-5"');
    const [{ n }] = (await sequelize().query('SELECT count(*)::int AS n FROM grant_applications'))[0] as {
      n: number;
    }[];
    expect(n).to.equal(0);

    const ok = await page.post('/grants', {
      caseId: String(caseId),
      amount_language: '4.500.000',
      evidence_language: 'Hóa đơn học phí 77',
    });
    expect(ok.status).to.equal(303);
    const id = Number(/\/grants\/(\d+)$/.exec(ok.headers.location)![1]);
    expect(await state(id)).to.equal('submitted');
    const detail = await page.get(ok.headers.location);
    expect(detail.text).to.contain('Đã gửi đề nghị hỗ trợ');
    // no programme named: the one that gives her the most once the commune certifies her household (Decree 338,
    // 4,000,000, against MTQG clause 3's 2,000,000 meanwhile)
    const [g] = (
      await sequelize().query('SELECT programme_code, allowed_vnd FROM grant_applications WHERE id = $1', {
        bind: [id],
      })
    )[0] as { programme_code: string; allowed_vnd: string }[];
    expect(g).to.deep.equal({ programme_code: 'nd338', allowed_vnd: '4000000' });
    expect(detail.text).to.contain('4.000.000 ₫');
  });

  it('the commune certifies: without the CV checked it is refused beside the form, the status chosen kept', async () => {
    const { staff, caseId } = await signedWorker();
    const a = (
      await request(testApp())
        .post('/api/v1/grants')
        .set(staff.auth)
        .send({ caseId, programme: 'mtqg', claims: [{ item: 'language', quantity: 1, claimedVnd: 4_000_000 }] })
        .expect(201)
    ).body.data;
    const commune = new PageSession(await makeUser('commune_officer'));
    const queue = await commune.get('/grants');
    expect(queue.text).to.contain(`href="/grants/${a.id}"`);
    const refused = await commune.post(`/grants/${a.id}/transitions`, {
      action: 'certify',
      expectedVersion: String(a.version),
      householdStatus: 'near_poor',
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('data-testid="action-error"');
    expect(refused.text).to.contain('<option value="near_poor" selected>');
    expect(await state(a.id)).to.equal('submitted');
    const done = await commune.post(`/grants/${a.id}/transitions`, {
      action: 'certify',
      expectedVersion: String(a.version),
      householdStatus: 'poor',
      cvChecked: 'on',
    });
    expect(done.status).to.equal(303);
    expect(await state(a.id)).to.equal('certified');
    const after = await commune.get(done.headers.location);
    expect(after.text).to.contain('Chờ tỉnh phê duyệt');
    // certified poor for 2026: clause 1 now, the full 4,000,000
    expect(after.text).to.contain('4.000.000 ₫');
  });

  it('the province sets a budget (a figure below the committed refused beside the field) and adds an area', async () => {
    const province = new PageSession(await makeUser('province_officer'));
    const saved = await province.post('/grants/budgets', {
      fiscalYear: '2026',
      programme: 'mtqg',
      source: 'local',
      allocatedVnd: '50.000.000',
    });
    expect(saved.status).to.equal(303);
    expect((await province.get('/grants/budgets')).text).to.contain('Đã lưu dự toán năm 2026: 50.000.000 ₫');
    await sequelize().query("UPDATE grant_budgets SET committed_vnd = 30000000 WHERE source = 'local'");
    const low = await province.post('/grants/budgets', {
      fiscalYear: '2026',
      programme: 'mtqg',
      source: 'local',
      allocatedVnd: '29.999.999',
    });
    expect(low.status).to.equal(400);
    expect(low.text).to.match(/id="b-amount-error"[^>]*>Dự toán không được thấp hơn số đã cam kết/);
    expect(low.text).to.contain('value="29.999.999"');
    expect(low.text).to.contain('<option value="local" selected>');
    const [b] = (await sequelize().query('SELECT allocated_vnd FROM grant_budgets'))[0] as { allocated_vnd: string }[];
    expect(b.allocated_vnd).to.equal('50000000');

    expect((await province.post('/grants/areas', { kind: 'coastal_commune', communeCode: '14869' })).status).to.equal(
      303,
    );
    const dup = await province.post('/grants/areas', { kind: 'coastal_commune', communeCode: '14869', note: 'x' });
    expect(dup.status).to.equal(409);
    expect(dup.text).to.match(/id="a-commune-error"[^>]*>Xã này đã có trong danh sách/);
    const other = await province.post('/grants/areas', { kind: 'coastal_commune', communeCode: '16702' });
    expect(other.status).to.equal(400);
    expect(other.text).to.contain('Xã không thuộc tỉnh của bạn');
    expect(other.text).to.contain('value="16702"');
  });

  it('the worker sees why she is eligible and applies from her portal', async () => {
    const { worker, caseId } = await signedWorker();
    const me = await makeUser('worker', { workerId: worker.id });
    const page = new PageSession(me);
    const mine = await page.get('/toi/ho-tro');
    expect(mine.status).to.equal(200);
    expect(mine.text).to.contain('Tôi có được hỗ trợ không?');
    expect(mine.text).to.contain('Nơi bạn ở thuộc địa bàn được hỗ trợ');
    const sent = await page.post('/toi/ho-tro', { caseId: String(caseId), amount_language: '2.000.000' });
    expect(sent.status).to.equal(303);
    const after = await page.get('/toi/ho-tro');
    expect(after.text).to.contain('data-state="submitted"');
    expect(after.text).to.contain('Đã gửi đề nghị hỗ trợ');
  });
});
