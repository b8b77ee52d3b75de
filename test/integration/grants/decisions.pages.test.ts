// The decision pages as a province officer works them (issue 19): pick certified applications in the queue, watch
// the decision's progress, see a refusal with what fits and decide those; record a payment (a bad date refused beside
// its field, what was typed kept); correct a decision; the budget picture with its table and XLSX; the worker's
// "Hỗ trợ của tôi" lists her decision and payment.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/cases';
import { applyFor, area, budget, move, signedWorker } from '../../helpers/grants';
import { PageSession } from '../../helpers/pages';
import { drainJobs } from '../../helpers/queue';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';

async function certified(n: number) {
  const staff = await makeUser('agency_staff');
  const commune = await makeUser('commune_officer');
  const out: { id: number; workerId: number }[] = [];
  for (let i = 0; i < n; i += 1) {
    const { worker, caseId } = await signedWorker({ staff });
    const a = (
      await applyFor(staff.auth, caseId, [{ item: 'personal_items', quantity: 1, claimedVnd: 600_000 }]).expect(201)
    ).body.data;
    await move(commune.auth, a.id, 'certify', { householdStatus: 'poor', cvChecked: true }, 200);
    out.push({ id: a.id, workerId: worker.id });
  }
  return out;
}

describe('decision pages', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('the queue picks applications into one decision; a refusal says what fits and decides those; payment and picture', async () => {
    await area();
    await budget(1_200_000);
    const apps = await certified(3);
    const province = new PageSession(await makeUser('province_officer'));
    const queue = await province.get('/grants');
    expect(queue.text).to.contain('data-testid="decide-form"');
    for (const a of apps) expect(queue.text).to.contain(`id="pick-${a.id}"`);
    // nothing picked: back to the queue with the message
    const none = await province.post('/grants/decisions', { source: 'central' });
    expect(none.status).to.equal(303);
    expect((await province.get(none.headers.location)).text).to.contain('Chọn ít nhất một đề nghị');
    // three of 600,000 against 1,200,000: refused whole, two fit
    const started = await province.post('/grants/decisions', { ids: apps.map((a) => String(a.id)), source: 'central' });
    expect(started.status).to.equal(303);
    const running = await province.get(started.headers.location);
    expect(running.headers.refresh).to.equal('1');
    expect(running.text).to.contain('data-testid="decision-progress"');
    await drainJobs('grants.decision');
    const refused = await province.get(started.headers.location);
    expect(refused.headers.refresh).to.equal(undefined);
    expect(refused.text).to.contain('thiếu 600.000 ₫');
    expect(refused.text).to.contain('Lập quyết định cho 2 đề nghị này');
    const fits = await province.post('/grants/decisions', {
      ids: [String(apps[0]!.id), String(apps[1]!.id)],
      source: 'central',
    });
    await drainJobs('grants.decision');
    const issued = await province.get(fits.headers.location);
    expect(issued.text).to.match(/data-testid="decision-number"><strong>Số: 01\/2026\/QĐ-UBND/);
    expect(issued.text).to.contain('1.200.000 ₫');
    // a payment dated in the future is refused beside its field, what was typed kept
    const bad = await province.post(`${fits.headers.location}/payments`, {
      method: 'cash',
      reference: 'PC-77',
      paidOn: '28/11/2026',
    });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.match(/id="p-date-error"/);
    expect(bad.text).to.contain('value="PC-77"');
    expect(bad.text).to.contain('<option value="cash" selected>');
    const paid = await province.post(`${fits.headers.location}/payments`, {
      method: 'cash',
      reference: 'PC-77',
      paidOn: '27/11/2026',
    });
    expect(paid.status).to.equal(303);
    expect((await province.get(paid.headers.location)).text).to.contain(
      'Đã ghi nhận chi trả cho 2 người, tổng 1.200.000 ₫',
    );
    // the picture: the table holds the chart's numbers; the XLSX the same
    const pic = await province.get('/grants/budgets/picture?fiscalYear=2026');
    expect(pic.text).to.contain('data-chart="budget-0"');
    expect(pic.text).to.match(/Tháng 11<\/th><td class="num">1\.200\.000 ₫<\/td><td class="num">1\.200\.000 ₫<\/td>/);
    expect(pic.text).to.contain('100 %');
    const xlsx = await request(testApp())
      .get('/grants/budgets/picture.xlsx?fiscalYear=2026')
      .set('Cookie', `ht_session=${province.session}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const nov = wb.worksheets[0]!.getRow(12);
    expect([nov.getCell(3).value, nov.getCell(4).value, nov.getCell(5).value]).to.deep.equal([
      11, 1_200_000, 1_200_000,
    ]);
    // the worker: her decision's extract and her payment
    await drainJobs();
    await drainJobs();
    const me = new PageSession(await makeUser('worker', { workerId: apps[0]!.workerId }));
    const mine = await me.get('/toi/ho-tro');
    expect(mine.text).to.contain('data-testid="my-decisions"');
    expect(mine.text).to.contain('Quyết định số 01/2026/QĐ-UBND');
    expect(mine.text).to.contain('Đã nhận 600.000 ₫ ngày 27/11/2026 (tiền mặt, chứng từ PC-77)');
    expect(mine.text).to.contain('data-testid="my-extract"');
  });

  it('a correction keeps the reason typed when refused, then supersedes the decision', async () => {
    await area();
    await budget(10_000_000);
    const apps = await certified(2);
    const province = new PageSession(await makeUser('province_officer'));
    const started = await province.post('/grants/decisions', { ids: apps.map((a) => String(a.id)), source: 'central' });
    await drainJobs('grants.decision');
    await drainJobs();
    const url = started.headers.location as string;
    const tooMuch = await province.post(`${url}/corrections`, {
      reason: 'Sửa số tiền đồ dùng',
      [`amount_${apps[0]!.id}`]: '600.001',
    });
    expect(tooMuch.status).to.equal(422);
    expect(tooMuch.text).to.match(new RegExp(`id="amt-${apps[0]!.id}-error"[^>]*>#${apps[0]!.id}: không được vượt`));
    expect(tooMuch.text).to.contain('Sửa số tiền đồ dùng');
    expect(tooMuch.text).to.contain('value="600.001"');
    const ok = await province.post(`${url}/corrections`, {
      reason: 'Người lao động rút hồ sơ',
      remove: String(apps[1]!.id),
    });
    expect(ok.status).to.equal(303);
    const next = await province.get(ok.headers.location);
    expect(next.text).to.contain('Đã ban hành quyết định đính chính số 02/2026/QĐ-UBND');
    expect(next.text).to.contain('Lý do đính chính: Người lao động rút hồ sơ');
    expect((await province.get(url)).text).to.contain('data-testid="superseded"');
    const [b] = (await sequelize().query('SELECT committed_vnd FROM grant_budgets'))[0] as { committed_vnd: string }[];
    expect(b!.committed_vnd).to.equal('600000');
  });

  it("'all waiting' decides the programme's certified applications, earliest deadline first; none waiting is told so", async () => {
    await area();
    await budget(10_000_000);
    const apps = await certified(3);
    const province = new PageSession(await makeUser('province_officer'));
    const none = await province.post('/grants/decisions', { all: '1', programme: 'nd338', source: 'central' });
    expect((await province.get(none.headers.location)).text).to.contain(
      'Chương trình này không có đề nghị nào chờ phê duyệt',
    );
    const started = await province.post('/grants/decisions', { all: '1', programme: 'mtqg', source: 'central' });
    expect(started.status).to.equal(303);
    await drainJobs('grants.decision');
    const page = await province.get(started.headers.location);
    for (const a of apps) expect(page.text).to.contain(`data-application="${a.id}"`);
    expect(page.text).to.contain('1.800.000 ₫');
  });
});
