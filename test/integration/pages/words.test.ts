// Words, not codes: countries, agencies, communes and provinces by name; rule ids with their few words.
import { expect } from 'chai';
import { makeUser } from '../../helpers/factories';
import { agencyWithCase, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const nameOf = async (agencyId: number) =>
  (
    (await sequelize().query('SELECT name FROM agencies WHERE id = $1', { bind: [agencyId] }))[0] as { name: string }[]
  )[0].name;

describe('words, not codes', () => {
  it('the board shows the market by name and the deadline with its rule in words', async () => {
    const { staff, caseId } = await agencyWithCase();
    await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
    const html = (await new PageSession(staff).get('/cases')).text;
    const card = /<article class="card">[\s\S]*?<\/article>/.exec(
      html.slice(html.indexOf('data-state="selected"')),
    )![0];
    expect(card).to.contain('Nhật Bản');
    expect(card).not.to.match(/· JP</);
    expect(card).to.contain('(R15 — Thời hạn chờ xuất cảnh)');
    // the job order list and page name the country too
    expect((await new PageSession(staff).get('/job-orders')).text).to.contain('<td>Nhật Bản</td>');
  });

  it("agencies by name where a worker's links and the users list showed numbers; places by name", async () => {
    const { staff, worker } = await agencyWithCase();
    const agency = await nameOf(staff.user.agencyId!);
    const detail = (await new PageSession(staff).get(`/workers/${worker.id}`)).text;
    expect(detail).to.contain(`<li>${agency}: đồng ý`);
    expect(detail).not.to.contain('Doanh nghiệp #');
    await makeUser('commune_officer');
    const users = (await new PageSession(await makeUser('admin')).get('/admin/users')).text;
    expect(users).to.contain(agency);
    expect(users).not.to.match(/DN #\d/);
    expect(users).to.contain('Xã Hồi Xuân, Tỉnh Thanh Hóa');
  });
});
