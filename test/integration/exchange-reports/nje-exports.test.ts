// Batch exports to the National Job Exchange (E4; DOMAIN §15.2): a batch records exactly the rows it carries; the
// E4 obligation of each Mẫu 04 row stays open while the batch is merely created and is met when the batch is marked
// sent (through the exchange's record_nje transition); CSV with BOM, comma, header row; no sensitive field; scope.
// And the report's pages walked as a browser would (errors kept beside their cells, a confirmation before issuing).
import request from 'supertest';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { makeCentre, makeUser, type TestUser } from '../../helpers/factories';
import { HIRE, introduce, makeVacancy, registerSeeker } from '../../helpers/exchange';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];
const bytes = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function hired(staff: TestUser) {
  const s = await registerSeeker(app, staff, { technicalLevel: 'college' });
  const v = await makeVacancy(app, staff);
  const r = await introduce(app, staff, s.id, v.id);
  const h = await request(app)
    .post(`/api/v1/referrals/${r.id}/transitions`)
    .set(staff.auth)
    .send({ action: 'hire', input: HIRE, expectedVersion: r.version });
  expect(h.status, JSON.stringify(h.body)).to.equal(200);
  return { seeker: s, referralId: r.id };
}

const nje = (referralId: number) =>
  q<{ status: string; met_on: string | null }>(
    `SELECT status, met_on FROM obligations WHERE subject_type = 'referral' AND subject_id = $1 AND kind = 'nje_report'`,
    [referralId],
  ).then((r) => r[0]);

describe('E4 batch exports to the National Job Exchange', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
  });

  it('E4: an export merely created leaves each Mẫu 04 row’s obligation open; marked sent, it meets each one', async () => {
    const a = await hired(staff);
    const b = await hired(staff);
    expect(await nje(a.referralId)).to.deep.equal({ status: 'open', met_on: null });

    const created = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.data.id as number;
    expect(created.body.data.rowCount).to.equal(2);
    // exactly the rows it carries
    const carried = await q<{ row_id: string }>(
      'SELECT row_id FROM nje_export_rows WHERE export_id = $1 ORDER BY position',
      [id],
    );
    expect(carried.map((r) => Number(r.row_id))).to.deep.equal([a.referralId, b.referralId].sort((x, y) => x - y));
    // a hire after the batch is not in it
    const c = await hired(staff);

    // created, downloaded, not yet sent: the obligations stay open
    const csv = await bytes(
      request(app).get(`/api/v1/nje-exports/${id}/file`).query({ format: 'csv' }).set(staff.auth),
    );
    expect(csv.status).to.equal(200);
    expect(await nje(a.referralId)).to.deep.equal({ status: 'open', met_on: null });
    expect(await nje(b.referralId)).to.deep.equal({ status: 'open', met_on: null });

    const sent = await request(app)
      .post(`/api/v1/nje-exports/${id}/sent`)
      .set(staff.auth)
      .send({ sentOn: '2026-11-27', reference: 'SGDVL-2026-0042', expectedVersion: 1 });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.data).to.include({ state: 'sent', sentOn: '2026-11-27', sentReference: 'SGDVL-2026-0042' });
    expect(await nje(a.referralId)).to.deep.equal({ status: 'met', met_on: '2026-11-27' });
    expect(await nje(b.referralId)).to.deep.equal({ status: 'met', met_on: '2026-11-27' });
    expect(await nje(c.referralId)).to.deep.equal({ status: 'open', met_on: null });
    const [ref] = await q('SELECT nje_entered_on, nje_reference FROM referrals WHERE id = $1', [a.referralId]);
    expect(ref).to.deep.equal({ nje_entered_on: '2026-11-27', nje_reference: 'SGDVL-2026-0042' });
    // the exchange's own event records it
    const [ev] = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM referral_events WHERE referral_id = $1 AND action = 'record_nje'",
      [a.referralId],
    );
    expect(ev.n).to.equal(1);

    // a second marking is refused; the next batch carries only the hire not yet reported
    const again = await request(app)
      .post(`/api/v1/nje-exports/${id}/sent`)
      .set(staff.auth)
      .send({ sentOn: '2026-11-27', reference: 'X-2', expectedVersion: 2 });
    expect(again.status).to.equal(409);
    const next = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    expect(next.body.data.rowCount).to.equal(1);
  });

  it('E4: a sent date before the employer’s notice is refused and nothing is met (all rows or none)', async () => {
    const a = await hired(staff);
    const e = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    const r = await request(app)
      .post(`/api/v1/nje-exports/${e.body.data.id}/sent`)
      .set(staff.auth)
      .send({ sentOn: '2026-11-27', reference: 'REF-1', expectedVersion: 1 });
    expect(r.status).to.equal(200);
    // a referral notified later than the sent day (forged by SQL) makes the whole marking fail
    const b = await hired(staff);
    await q("UPDATE referrals SET notified_on = '2026-11-27' WHERE id = $1", [b.referralId]);
    const e2 = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    const bad = await request(app)
      .post(`/api/v1/nje-exports/${e2.body.data.id}/sent`)
      .set(staff.auth)
      .send({ sentOn: '2026-11-26', reference: 'REF-2', expectedVersion: 1 });
    expect(bad.status).to.be.oneOf([400, 422]);
    const [state] = await q('SELECT state FROM nje_exports WHERE id = $1', [e2.body.data.id]);
    expect(state).to.deep.equal({ state: 'created' });
    expect(await nje(b.referralId)).to.deep.equal({ status: 'open', met_on: null });
    expect(await nje(a.referralId)).to.deep.equal({ status: 'met', met_on: '2026-11-27' });
  });

  it('the files: CSV with BOM, comma and header row, XLSX with the same columns; never ethnicity, groups or contacts', async () => {
    const s = await registerSeeker(app, staff, { priorityGroups: ['disability'] });
    const e = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'job_seekers' });
    expect(e.status, JSON.stringify(e.body)).to.equal(201);
    const csv = await bytes(
      request(app).get(`/api/v1/nje-exports/${e.body.data.id}/file`).query({ format: 'csv' }).set(staff.auth),
    );
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    const [head, row] = text.split('\r\n');
    expect(head.split(',')[2]).to.equal('Số định danh cá nhân');
    expect(row).to.include(s.cccd);
    for (const word of ['Thái', 'Dân tộc', 'khuyết tật', 'disability', '0912345678', 'Bản Chiềng'])
      expect(text).not.to.include(word);
    const x = await bytes(
      request(app).get(`/api/v1/nje-exports/${e.body.data.id}/file`).query({ format: 'xlsx' }).set(staff.auth),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(header.join(',')).to.equal(head);
    // the page shows the batch with personal IDs masked
    const page = await new PageSession(staff).get(`/viec-lam/bao-cao/san-viec-lam/${e.body.data.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.include(s.cccd);
    const layouts = await new PageSession(staff).get('/viec-lam/bao-cao/san-viec-lam/dinh-dang');
    expect(layouts.text).to.include('Mã mức lương');
    // nothing to export: a clear refusal
    const none = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    expect(none.status).to.equal(409);
    const bad = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'everything' });
    expect(bad.status).to.equal(400);
  });

  it('scope: another province’s centre staff get 404 on a batch, its file and its marking', async () => {
    await hired(staff);
    const e = await request(app).post('/api/v1/nje-exports').set(staff.auth).send({ kind: 'connections' });
    const id = e.body.data.id as number;
    const [{ code }] = await q<{ code: string }>("SELECT code FROM provinces WHERE code <> '38' ORDER BY code LIMIT 1");
    const far = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: code } as never)).id });
    expect((await request(app).get(`/api/v1/nje-exports/${id}`).set(far.auth)).status).to.equal(404);
    expect((await request(app).get(`/api/v1/nje-exports/${id}/file`).set(far.auth)).status).to.equal(404);
    expect((await new PageSession(far).get(`/viec-lam/bao-cao/san-viec-lam/${id}`)).status).to.equal(404);
    const mark = await request(app)
      .post(`/api/v1/nje-exports/${id}/sent`)
      .set(far.auth)
      .send({ sentOn: '2026-11-27', reference: 'REF', expectedVersion: 1 });
    expect(mark.status).to.equal(404);
    expect((await request(app).get('/api/v1/nje-exports').set(far.auth)).body.data).to.deep.equal([]);
    const officer = await makeUser('province_officer');
    expect((await request(app).get(`/api/v1/nje-exports/${id}`).set(officer.auth)).status).to.equal(200);
  });

  it('the pages: mark sent after a confirmation; a draft saved with a bad cell keeps what was typed; issue after a confirmation', async () => {
    const a = await hired(staff);
    const page = new PageSession(staff);
    await page.get('/viec-lam/bao-cao/san-viec-lam');
    const created = await page.post('/viec-lam/bao-cao/san-viec-lam', { kind: 'connections' });
    expect(created.status).to.equal(303);
    const batchUrl = created.headers.location as string;
    await page.get(batchUrl);
    const bad = await page.post(`${batchUrl}/da-gui`, { sentOn: '31/02/2026', reference: 'R-1', expectedVersion: '1' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.include('R-1');
    const ask = await page.post(`${batchUrl}/da-gui`, { sentOn: '27/11/2026', reference: 'R-1', expectedVersion: '1' });
    expect(ask.status).to.equal(200);
    expect(ask.text).to.include('Xác nhận đã gửi');
    expect(await nje(a.referralId)).to.deep.equal({ status: 'open', met_on: null });
    const done = await page.post(`${batchUrl}/da-gui`, {
      sentOn: '27/11/2026',
      reference: 'R-1',
      expectedVersion: '1',
      confirmed: 'yes',
    });
    expect(done.status).to.equal(303);
    expect(await nje(a.referralId)).to.deep.equal({ status: 'met', met_on: '2026-11-27' });

    const draft = await page.post('/viec-lam/bao-cao', { year: '2026', period: 'annual' });
    expect(draft.status).to.equal(303);
    const reportUrl = draft.headers.location as string;
    const form = await page.get(reportUrl);
    expect(form.text).to.include('name="current:4.1"');
    const refused = await page.post(reportUrl, { expectedVersion: '1', 'current:4.1': 'mười', 'plan:1.1': '1.200' });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.include('value="mười"');
    expect(refused.text).to.include('Nhập một số nguyên không âm');
    const saved = await page.post(reportUrl, {
      expectedVersion: '1',
      'current:4.1': '12',
      'plan:1.1': '1.200',
      labourMarketInfo: 'Thiếu thợ hàn.',
    });
    expect(saved.status).to.equal(303);
    const [row] = await q<{ entered: { plan: Record<string, number> } }>('SELECT entered FROM exchange_reports');
    expect(row.entered.plan['1.1']).to.equal(1200);
    const confirm = await page.post(`${reportUrl}/ban-hanh`, { expectedVersion: '2' });
    expect(confirm.text).to.include('Ban hành báo cáo');
    expect((await q('SELECT state FROM exchange_reports'))[0]).to.deep.equal({ state: 'draft' });
    const issued = await page.post(`${reportUrl}/ban-hanh`, { expectedVersion: '2', confirmed: 'yes' });
    expect(issued.status).to.equal(303);
    const shown = await page.get(reportUrl);
    expect(shown.text).to.include('Đã ban hành');
    expect(shown.text).to.include('nhập tay');
    expect(shown.text).to.include('Thiếu thợ hàn.');
  });
});
