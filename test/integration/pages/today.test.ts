// The day's work: what is due or overdue from the obligations table, the actor's own cases first; counts that link
// into the board's filtered lists; cases given to a staff member from the board (a bulk form built from the
// action's input) or from the case page.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const assigneeOf = async (id: number) =>
  (
    (await sequelize().query('SELECT assignee_user_id FROM cases WHERE id = $1', { bind: [id] }))[0] as {
      assignee_user_id: string | null;
    }[]
  )[0].assignee_user_id;
const versionOf = async (id: number) =>
  String(
    (
      (await sequelize().query('SELECT version FROM cases WHERE id = $1', { bind: [id] }))[0] as { version: number }[]
    )[0].version,
  );

async function twoCases() {
  const a = await agencyWithCase({ headcount: 5 });
  const { staff, caseId, worker, order } = a;
  // case A departed on 20/11: its R17 update (due 25/11) is overdue on 27/11
  await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
  await walk(staff.auth, caseId, [
    ['prescreen'],
    ['select', { selectedOn: '2026-10-01' }],
    ['sign_contract', { signedOn: '2026-10-05' }],
    ['start_visa'],
    ['mark_ready'],
    ['depart', { departedOn: '2026-11-20' }],
  ]);
  // case B selected on 01/06: its 180-day wait ends on 28/11, tomorrow
  const w2 = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'Lò Văn Chờ' });
  const b = await request(testApp())
    .post('/api/v1/cases')
    .set(staff.auth)
    .send({ workerId: w2.id, jobOrderId: order.id });
  const caseB = b.body.data.id as number;
  await walk(staff.auth, caseB, [['prescreen'], ['select', { selectedOn: '2026-06-01' }]]);
  return { ...a, caseB };
}

describe("the day's work and assignees", () => {
  it("'/' shows a staff member her day: her cases' deadlines first, the unassigned next, counts that link to the board", async () => {
    const { staff, caseId, caseB } = await twoCases();
    await request(testApp())
      .put(`/api/v1/cases/${caseId}/assignee`)
      .set(staff.auth)
      .send({ userId: staff.user.id })
      .expect(200);
    const page = new PageSession(staff);
    const html = (await page.get('/')).text;
    expect(html).to.contain('<h1>Việc hôm nay</h1>');
    const mine = html.slice(html.indexOf('data-testid="my-counts"'), html.indexOf('<h2>Cả doanh nghiệp</h2>'));
    expect(mine).to.match(/<strong>1<\/strong> hạn đã quá/);
    expect(mine).to.match(
      new RegExp(`data-case="${caseId}" data-kind="departure_update"[\\s\\S]*?25/11/2026 \\(quá hạn\\)`),
    );
    const rest = html.slice(html.indexOf('<h3>Hồ sơ chưa giao ai</h3>'));
    expect(rest).to.match(
      new RegExp(
        `data-case="${caseB}" data-kind="waiting_limit"[\\s\\S]*?28/11/2026[\\s\\S]*?R15 — Thời hạn chờ xuất cảnh`,
      ),
    );
    expect(rest).not.to.contain(`data-case="${caseId}"`);
    // the overdue count links to the board filtered to it
    const link = /href="([^"]+)"><strong>1<\/strong> hạn đã quá/
      .exec(mine)![1]
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    expect(link).to.equal('/cases?assignee=me&deadlineTo=2026-11-26');
    const board = (await page.get(link)).text;
    const cards = board.slice(board.indexOf('<div class="board"'));
    expect(cards).to.contain(`href="/cases/${caseId}"`).and.not.to.contain(`href="/cases/${caseB}"`);
  });

  it('cases are given to a staff member from the board (a bulk form listing her colleagues) and filtered by her', async () => {
    const { staff, caseId, caseB } = await twoCases();
    const colleague = await makeUser('agency_staff', {
      agencyId: staff.user.agencyId!,
      displayName: 'Phạm Thu Trang',
    } as never);
    const page = new PageSession(staff);
    await page.get('/cases');
    const form = await page.post('/cases/bulk', { action: 'assign', items: [`${caseId}:0`, `${caseB}:0`] });
    expect(form.status).to.equal(200);
    expect(form.text).to.contain('Giao cho người phụ trách');
    expect(form.text).to.contain(`<option value="${colleague.user.id}" >Phạm Thu Trang</option>`);
    const done = await page.post('/cases/bulk', {
      action: 'assign',
      step: 'input',
      items: [`${caseId}:0`, `${caseB}:0`],
      userId: String(colleague.user.id),
    });
    expect(done.status).to.equal(303);
    expect((await page.get('/cases')).text).to.contain('Đã giao 2 hồ sơ.');
    expect(await assigneeOf(caseId)).to.equal(String(colleague.user.id));
    const hers = (await page.get(`/cases?assignee=${colleague.user.id}`)).text;
    expect(hers).to.contain('Phụ trách: Phạm Thu Trang');
    expect((await page.get('/cases?assignee=me')).text.split('article class="card"').length - 1).to.equal(0);
    // someone of another agency cannot be given cases
    const stranger = await makeUser('agency_staff');
    const refused = await request(testApp())
      .put(`/api/v1/cases/${caseId}/assignee`)
      .set(staff.auth)
      .send({ userId: stranger.user.id });
    expect(refused.status).to.equal(400);
    expect(await assigneeOf(caseId)).to.equal(String(colleague.user.id));
    // from the case page: back to nobody
    const res = await page.post(`/cases/${caseId}/assignee`, { userId: 'none' });
    expect(res.status).to.equal(303);
    expect(await assigneeOf(caseId)).to.equal(null);
  });

  it('a bulk action with an input asks for it in a form built from it, then reports each case in words', async () => {
    const { staff, order } = await agencyWithCase({ headcount: 5 });
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const c = await request(testApp())
      .post('/api/v1/cases')
      .set(staff.auth)
      .send({ workerId: w.id, jobOrderId: order.id });
    const id = c.body.data.id as number;
    await walk(staff.auth, id, [['prescreen']]);
    const page = new PageSession(staff);
    await page.get('/cases');
    const form = await page.post('/cases/bulk', { action: 'select', items: [`${id}:${await versionOf(id)}`] });
    expect(form.text).to.match(/name="selectedOn" value="27\/11\/2026"/);
    const bad = await page.post('/cases/bulk', {
      action: 'select',
      step: 'input',
      items: [`${id}:${await versionOf(id)}`],
      selectedOn: '31/11/2026',
    });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('phải là ngày hợp lệ');
    const ok = await page.post('/cases/bulk', {
      action: 'select',
      step: 'input',
      items: [`${id}:${await versionOf(id)}`],
      selectedOn: '26/11/2026',
    });
    expect(ok.status).to.equal(200);
    expect(ok.text).to.contain('Thành công → Trúng tuyển');
  });

  it("a commune officer's day lists her residents' deadlines, linking to their records", async () => {
    await twoCases();
    const officer = await makeUser('commune_officer');
    const html = (await new PageSession(officer).get('/')).text;
    expect(html).to.contain('<h1>Việc hôm nay</h1>');
    expect(html).to.match(/data-kind="departure_update"[\s\S]*?href="\/workers\/\d+"/);
  });
});
