// Records that link to each other, and lists that find by name: a worker's cases and courses on her page, a job
// order's candidates by state against its headcount, a case's agency; the board by worker name or CCCD, job orders
// by employer or code.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { agencyWithCase, openOrder, walk } from '../../helpers/cases';
import { makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

describe('records that link, lists that find', () => {
  it("a worker's page lists her cases and courses; the case page links her agency", async () => {
    const { staff, caseId, worker, order } = await agencyWithCase();
    await walk(staff.auth, caseId, [['prescreen']]);
    const course = await request(testApp())
      .post('/api/v1/courses')
      .set(staff.auth)
      .send({
        kind: 'language',
        name: 'Tiếng Nhật N5',
        provider: 'Trung tâm A',
        periods: 120,
        startsOn: '2026-11-02',
        endsOn: '2026-11-30',
      })
      .expect(201);
    await request(testApp())
      .post(`/api/v1/courses/${course.body.data.id}/enrolments`)
      .set(staff.auth)
      .send({ workerId: worker.id, caseId })
      .expect(201);
    const page = new PageSession(staff);
    const html = (await page.get(`/workers/${worker.id}`)).text;
    expect(html).to.match(
      new RegExp(`data-testid="worker-cases"[\\s\\S]*href="/cases/${caseId}"[\\s\\S]*Sơ tuyển đạt`),
    );
    expect(html).to.match(new RegExp(`href="/job-orders/${order.id}"`));
    expect(html).to.match(/data-testid="worker-courses"[\s\S]*Tiếng Nhật N5[\s\S]*Đang học/);
    const [agency] = (
      await sequelize().query('SELECT name FROM agencies WHERE id = $1', { bind: [staff.user.agencyId] })
    )[0] as { name: string }[];
    expect((await page.get(`/cases/${caseId}`)).text).to.contain(
      `<a href="/agencies/${staff.user.agencyId}">${agency.name}</a>`,
    );
  });

  it("a job order's page lists its candidates by state, with the places taken against the headcount", async () => {
    const { staff, order, caseId } = await agencyWithCase({ headcount: 3 });
    await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
    for (const name of ['Hà Văn Một', 'Hà Văn Hai']) {
      const w = await makeWorker({ linkTo: staff.user.agencyId!, fullName: name });
      await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: w.id, jobOrderId: order.id })
        .expect(201);
    }
    const html = (await new PageSession(staff).get(`/job-orders/${order.id}`)).text;
    expect(html).to.contain('Ứng viên <small>(1/3 chỗ đã tuyển)</small>');
    expect(html).to.match(/data-state="registered"[\s\S]*?Đăng ký \(2\)[\s\S]*?Hà Văn Hai/);
    expect(html).to.match(/data-state="selected"[\s\S]*?Trúng tuyển \(1\)/);
  });

  it("the board finds cases by the worker's name (accents ignored, beginnings of words) or CCCD", async () => {
    const { staff, order } = await agencyWithCase();
    const hung = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'Trần Văn Hùng' });
    await request(testApp())
      .post('/api/v1/cases')
      .set(staff.auth)
      .send({ workerId: hung.id, jobOrderId: order.id })
      .expect(201);
    const page = new PageSession(staff);
    const board = (q: string) =>
      page.get(`/cases?q=${encodeURIComponent(q)}`).then((r) => r.text.slice(r.text.indexOf('<div class="board"')));
    expect(await board('tran van hu'))
      .to.contain('Trần Văn Hùng')
      .and.not.to.contain('Nguyễn Thị Mẫu');
    expect(await board(hung.cccd)).to.contain('Trần Văn Hùng');
    expect(await board('không có ai tên này')).not.to.contain('Trần Văn Hùng');
    // the API takes the same filter
    const api = await request(testApp()).get('/api/v1/cases').query({ q: 'hung' }).set(staff.auth).expect(200);
    expect(api.body.data.map((c: { workerName: string }) => c.workerName)).to.deep.equal(['Trần Văn Hùng']);
  });

  it('job orders are found by employer or code, and % typed is a percent sign, not a wildcard', async () => {
    const { staff } = await agencyWithCase();
    await openOrder(staff, { reference: 'TW-2026-07', employerName: 'Formosa Plastics' });
    await openOrder(staff, { reference: 'JP-2026-01', employerName: 'Toyota Boshoku' });
    const page = new PageSession(staff);
    const list = async (q: string) => {
      const t = (await page.get(`/job-orders?q=${encodeURIComponent(q)}`)).text;
      return t.slice(t.indexOf('<tbody>'));
    };
    expect(await list('formosa'))
      .to.contain('Formosa Plastics')
      .and.not.to.contain('Toyota');
    expect(await list('jp-2026'))
      .to.contain('Toyota Boshoku')
      .and.not.to.contain('Formosa');
    expect(await list('%')).to.contain('Không có đơn hàng nào khớp');
  });
});

describe('the board', () => {
  it('registers a worker into an open order by her CCCD (an agency has thousands of workers), and says when none is found', async () => {
    const { staff, order } = await agencyWithCase();
    const w = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'Vàng Thị Sua' });
    const page = new PageSession(staff);
    const board = (await page.get('/cases')).text;
    expect(board).to.contain('name="workerCccd"');
    const made = await page.post('/cases', { workerCccd: w.cccd, jobOrderId: String(order.id) });
    expect(made.status).to.equal(303);
    expect((await page.get(made.headers.location)).text).to.contain('Vàng Thị Sua');
    const stranger = await makeWorker({ fullName: 'Người Khác' }); // not linked to this agency
    const refused = await page.post('/cases', { workerCccd: stranger.cccd, jobOrderId: String(order.id) });
    expect(refused.status).to.equal(303);
    expect((await page.get('/cases')).text).to.contain('Không có người lao động nào của doanh nghiệp với số CCCD này');
  });

  it('shows every open column with its count and first cards from one statement, the same cards as the list API', async () => {
    const { staff, order, caseId } = await agencyWithCase();
    await walk(staff.auth, caseId, [['prescreen']]);
    const html = (await new PageSession(staff).get('/cases')).text;
    for (const state of ['registered', 'prescreened', 'selected', 'departed', 'liquidated'])
      expect(html).to.contain(`data-state="${state}"`);
    expect(html).to.match(/data-state="prescreened"[^>]*>\s*<h2[^>]*>Sơ tuyển đạt <small>\(1\)<\/small>/);
    const api = await request(testApp())
      .get('/api/v1/cases')
      .query({ state: 'prescreened', jobOrderId: order.id })
      .set(staff.auth);
    expect(api.body.data.map((c: { id: number }) => c.id)).to.deep.equal([caseId]);
  });
});

describe('the courses list', () => {
  it('finds a course by its name or provider', async () => {
    const { staff } = await agencyWithCase();
    for (const [name, provider] of [
      ['Tiếng Nhật N5', 'Trung tâm Sakura'],
      ['Giáo dục định hướng Đài Loan', 'Trung tâm Hành Trang'],
    ])
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({ kind: 'language', name, provider, periods: 120, startsOn: '2026-11-02', endsOn: '2026-11-30' })
        .expect(201);
    const page = new PageSession(staff);
    const list = async (q: string) => {
      const t = (await page.get(`/training?q=${encodeURIComponent(q)}`)).text;
      return t.slice(t.indexOf('<tbody>'), t.indexOf('</tbody>'));
    };
    expect(await list('sakura'))
      .to.contain('Tiếng Nhật N5')
      .and.not.to.contain('Đài Loan');
    expect(await list('Đài Loan'))
      .to.contain('Giáo dục định hướng Đài Loan')
      .and.not.to.contain('N5');
  });
});
