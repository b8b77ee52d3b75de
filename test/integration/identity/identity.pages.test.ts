// The /xac-thuc pages without scripts (issue 22): a batch made from the form, its result file sent, the progress
// page ("đã xử lý … / … dòng", refreshed by a header and a reload link), the report, an acceptance confirmed first;
// the manual check from the worker page; the admin's duplicates page.
import { expect } from 'chai';
import { makeCentre, makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { drainJobs } from '../../helpers/queue';
import { sequelize } from '../../../server/db/sequelize';
import { IMPORT_JOB } from '../../../server/modules/identity';
import { resultCsv } from '../../../server/modules/identity/identity.files';

const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];

describe('/xac-thuc pages (issue 22, §15.5)', () => {
  it('a batch from the form, its result file, the progress and the report, a correction accepted after confirmation', async () => {
    const centre = (await makeCentre()).id;
    const staff = await makeUser('centre_staff', { agencyId: centre });
    const w = await makeWorker({ linkTo: centre, dateOfBirth: '1992-05-20', sex: 'female' });
    const page = new PageSession(staff);
    expect((await page.get('/xac-thuc')).status).to.equal(200);
    const made = await page.post('/xac-thuc/lo', { selection: 'unverified' });
    expect(made.status).to.equal(303);
    const url = made.headers.location as string;
    const batchId = Number(url.split('/').pop());
    const shown = await page.get(url);
    expect(shown.text).to.contain('Đã tạo lô yêu cầu xác thực');
    expect((await page.get(`${url}/tep.csv`)).headers['content-type']).to.contain('text/csv');

    const sent = await page.multipart(
      `${url}/ket-qua`,
      {},
      {
        field: 'file',
        name: 'ket-qua.csv',
        bytes: resultCsv([{ rowNo: 1, found: true, fullName: w.fullName, dateOfBirth: '1992-05-21', sex: 'female' }]),
      },
    );
    expect(sent.status).to.equal(303);
    // before the job runs: the progress, refreshed without scripts
    const waiting = await page.get(url);
    expect(waiting.headers.refresh).to.equal('3');
    expect(waiting.text).to.contain('đã xử lý 0 / 1 dòng');
    expect(waiting.text).to.contain('data-testid="reload"');
    await drainJobs(IMPORT_JOB);
    const report = await page.get(url);
    expect(report.headers.refresh).to.equal(undefined);
    expect(report.text).to.match(/data-testid="count-mismatch">1</);
    expect(report.text).to.contain('ngày sinh: 20/05/1992 → <strong>21/05/1992</strong>');

    // accepting all asks first; only the confirmed form applies
    const ask = await page.post(`/xac-thuc/lo/${batchId}/chap-nhan`, {});
    expect(ask.status).to.equal(200);
    expect(ask.text).to.contain('Chấp nhận tất cả');
    expect(
      (await q<{ date_of_birth: string }>('SELECT date_of_birth FROM workers WHERE id = $1', [w.id]))[0].date_of_birth,
    ).to.equal('1992-05-20');
    const done = await page.post(`/xac-thuc/lo/${batchId}/chap-nhan`, { confirmed: 'yes' });
    expect(done.status).to.equal(303);
    expect(
      (await q<{ date_of_birth: string }>('SELECT date_of_birth FROM workers WHERE id = $1', [w.id]))[0].date_of_birth,
    ).to.equal('1992-05-21');
    const worker = await page.get(`/workers/${w.id}`);
    expect(worker.text).to.contain('đã xác thực');
  });

  it('the manual check from the worker page: the errors beside their fields, then recorded with a flash', async () => {
    const agency = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: agency.user.agencyId! });
    const page = new PageSession(agency);
    const detail = await page.get(`/workers/${w.id}`);
    expect(detail.text).to.contain(`/xac-thuc/nguoi-lao-dong/${w.id}`);
    const form = await page.get(`/xac-thuc/nguoi-lao-dong/${w.id}`);
    expect(form.status).to.equal(200);
    const bad = await page.post(`/xac-thuc/nguoi-lao-dong/${w.id}`, {
      method: 'chip_card',
      outcome: 'mismatch',
      seenCccd: '123',
    });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('12 chữ số');
    const ok = await page.post(`/xac-thuc/nguoi-lao-dong/${w.id}`, { method: 'vneid', outcome: 'verified' });
    expect(ok.status).to.equal(303);
    const after = await page.get(`/xac-thuc/nguoi-lao-dong/${w.id}`);
    expect(after.text).to.contain('Đã ghi nhận: thông tin khớp');
    expect(after.text).to.contain('đã xác thực ngày');
  });

  it('the duplicates page is the admin’s only', async () => {
    const staff = await makeUser('centre_staff');
    expect((await new PageSession(staff).get('/admin/nghi-trung-lap')).status).to.equal(403);
    expect((await new PageSession(await makeUser('admin')).get('/admin/nghi-trung-lap')).status).to.equal(200);
  });
});
