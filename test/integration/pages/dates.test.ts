// Dates on every page are typed dd/mm/yyyy in a text input (the native picker follows the browser's locale and
// shows mm/dd/yyyy), read by the server as typed, and shown back as dd/mm/yyyy.
import { expect } from 'chai';
import { makeUser } from '../../helpers/factories';
import { agencyWithCase } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

describe('dates on the pages', () => {
  it('no page a role is shown has a native date picker: every date input is text typed dd/mm/yyyy', async () => {
    const { staff, caseId } = await agencyWithCase();
    const admin = await makeUser('admin');
    const pages: [PageSession, string][] = [
      [new PageSession(staff), '/workers/new'],
      [new PageSession(staff), '/job-orders/new'],
      [new PageSession(staff), '/training'],
      [new PageSession(staff), `/cases/${caseId}`],
      [new PageSession(staff), '/reports/departures'],
      [new PageSession(admin), '/admin/policies'],
      [new PageSession(admin), '/agencies/new'],
    ];
    for (const [page, url] of pages) {
      const html = (await page.get(url)).text;
      expect(html, url).not.to.contain('type="date"');
      expect(html, url).to.contain('placeholder="dd/mm/yyyy"');
    }
  });

  it('a job order typed with dd/mm/yyyy dates is stored with those days, and its form shows them back the same way', async () => {
    const staff = await makeUser('agency_staff');
    const page = new PageSession(staff);
    await page.get('/job-orders/new');
    const res = await page.post('/job-orders', {
      jobCategory: 'general',
      reference: 'DH-NGAY',
      recruitFrom: '1/12/2026',
      recruitTo: '31/12/2026',
      expectedDepartureOn: '15.03.2027',
    });
    expect(res.status, res.text.slice(0, 400)).to.equal(303);
    const [o] = await rows(
      "SELECT id, recruit_from, recruit_to, expected_departure_on FROM job_orders WHERE reference = 'DH-NGAY'",
    );
    expect(o).to.deep.include({
      recruit_from: '2026-12-01',
      recruit_to: '2026-12-31',
      expected_departure_on: '2027-03-15',
    });
    const form = (await page.get(`/job-orders/${o.id}/edit`)).text;
    expect(form).to.match(/name="recruitFrom"[^>]*value="01\/12\/2026"/);
    // a day that does not exist is named beside its field, with what was typed kept
    const bad = await page.post('/job-orders', {
      jobCategory: 'general',
      reference: 'DH-SAI',
      recruitFrom: '31/02/2026',
    });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.match(/name="recruitFrom"[^>]*value="31\/02\/2026"/);
    expect(bad.text).to.contain('phải là ngày hợp lệ');
  });

  it('a course and the departures report take dd/mm/yyyy too', async () => {
    const staff = await makeUser('agency_staff');
    const page = new PageSession(staff);
    await page.get('/training');
    const res = await page.post('/training', {
      kind: 'language',
      name: 'Tiếng Nhật N5',
      provider: 'Trung tâm ngoại ngữ',
      periods: '120',
      startsOn: '02/11/2026',
      endsOn: '30/11/2026',
    });
    expect(res.status, res.text.slice(0, 300)).to.equal(303);
    expect((await page.get('/training')).text).to.contain('Đã mở khóa học.');
    expect(await rows('SELECT starts_on, ends_on FROM courses')).to.deep.equal([
      { starts_on: '2026-11-02', ends_on: '2026-11-30' },
    ]);
    const report = await page.get('/reports/departures?from=01%2F11%2F2026&to=30%2F11%2F2026');
    expect(report.status).to.equal(200);
    expect(report.text).to.match(/name="from" value="01\/11\/2026"/);
  });
});

describe('a refused course form', () => {
  it('keeps what was typed, with the error beside its field', async () => {
    const staff = await makeUser('agency_staff');
    const page = new PageSession(staff);
    await page.get('/training');
    const res = await page.post('/training', {
      kind: 'language',
      name: 'Tiếng Hàn sơ cấp',
      provider: 'Trung tâm Hàn ngữ',
      startsOn: '02/11/2026',
      endsOn: '30/11/2026',
    });
    expect(res.status).to.equal(400);
    expect(res.text).to.match(/name="name" id="course-name" required value="Tiếng Hàn sơ cấp"/);
    expect(res.text).to.match(/name="startsOn" id="course-starts" value="02\/11\/2026"/);
    expect(res.text).to.contain('<option value="language" selected>');
    expect(res.text).to.contain('id="periods-error">Cần số tiết của khóa học');
    expect(res.text).to.contain('href="#course-periods"');
  });
});
