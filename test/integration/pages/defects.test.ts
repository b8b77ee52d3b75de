// Defects users hit in the pages: the orientation certificate's validity, Vietnamese numbers in forms, pages that
// ended on an error page, a forged banner, an admin form that said nothing, and tests that depended on today's date.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, openOrder, setFundPaid, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import { addDays, addMonths } from '../../../server/shared/dates';
import { today } from '../../../server/shared/clock';
import { parseViNumber } from '../../../server/shared/pages';
import { TEST_TODAY } from '../../setup';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const toVisa: [string, Record<string, unknown>?][] = [
  ['prescreen'],
  ['select', { selectedOn: '2026-10-01' }],
  ['sign_contract', { signedOn: '2026-10-05' }],
  ['start_visa'],
];

describe('defects users hit', () => {
  it('every test starts on the same day, whatever the real date (policy values change with dates)', () => {
    expect(today()).to.equal(TEST_TODAY);
  });

  describe('R19: the orientation certificate is valid 24 months from its issue date, whatever expiry is typed', () => {
    it('typed through the papers API with a 36-month expiry, it is stored for 24; issued 25 months before departure, the case cannot be marked ready', async () => {
      const { staff, caseId, worker } = await agencyWithCase();
      const departure = '2026-12-20';
      const issued = addMonths(departure, -25);
      const res = await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .send({
          kind: 'orientation_certificate',
          number: 'GDĐH-OLD',
          issuingBody: 'Trung tâm',
          issuedOn: issued,
          expiresOn: addMonths(issued, 36),
          market: 'JP',
          jobCategory: 'general',
        })
        .expect(201);
      expect(res.body.data.expiresOn).to.equal(addMonths(issued, 24));
      await sequelize().query(
        `INSERT INTO papers (kind, worker_id, case_id, number, issuing_body, issued_on, expires_on) VALUES
        ('passport', $1, NULL, 'C1', 'Cục', '2026-01-01', '2036-01-01'), ('visa', $1, $2, 'V1', 'ĐSQ', '2026-11-01', '2027-11-01')`,
        { bind: [worker.id, caseId] },
      );
      await setFundPaid(caseId, addDays(departure, -10));
      await walk(staff.auth, caseId, toVisa);
      const refused = await act(staff.auth, caseId, 'mark_ready', { plannedDepartureOn: departure }).expect(422);
      expect(refused.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['R19']);
      // a row typed before this rule (36 months stored) is judged by its issue date too
      await sequelize().query("UPDATE papers SET expires_on = $1 WHERE number = 'GDĐH-OLD'", {
        bind: [addMonths(issued, 36)],
      });
      const again = await act(staff.auth, caseId, 'mark_ready', { plannedDepartureOn: departure }).expect(422);
      expect(again.body.error.details.verdicts[0].message).to.contain('24 tháng');
      // issued 23 months before: valid
      await sequelize().query("UPDATE papers SET issued_on = $1 WHERE number = 'GDĐH-OLD'", {
        bind: [addMonths(departure, -23)],
      });
      await act(staff.auth, caseId, 'mark_ready', { plannedDepartureOn: departure }).expect(200);
    });
  });

  describe('Vietnamese numbers in forms', () => {
    it('reads vi-VN formats, and leaves anything else for the form to explain', () => {
      expect(parseViNumber('180.000')).to.equal('180000');
      expect(parseViNumber('20.000.000 ₫')).to.equal('20000000');
      expect(parseViNumber('20.000.000đ')).to.equal('20000000');
      expect(parseViNumber('1,5')).to.equal('1.5');
      expect(parseViNumber('1.234,56')).to.equal('1234.56');
      expect(parseViNumber('20,000,000')).to.equal('20000000');
      expect(parseViNumber('170.5')).to.equal('170.5');
      expect(parseViNumber('１８０.０００')).to.equal('180000');
      expect(parseViNumber(' 1 200 ')).to.equal('1200');
      for (const bad of ['abc', '1.2.3', '1,2,3', '', '1.23.456']) expect(parseViNumber(bad), bad).to.equal(null);
    });

    it('a job order typed "180.000" ¥, "20.000.000" đồng and a rate "170,5" is saved as those amounts', async () => {
      const staff = await makeUser('agency_staff');
      const page = new PageSession(staff);
      await page.get('/job-orders/new');
      const res = await page.post('/job-orders', {
        jobCategory: 'general',
        reference: 'JP-VN',
        destinationCountry: 'JP',
        headcount: '12',
        salaryMajor: '180.000',
        salaryCurrency: 'JPY',
        fxRate: '170,5',
        serviceFeeVnd: '20.000.000',
        foreignPaidFeeVnd: '0',
        brokerageVnd: '0',
        depositVnd: '1.000.000 ₫',
      });
      expect(res.status, res.text.slice(0, 500)).to.equal(303);
      const [o] = await rows('SELECT headcount, salary_minor, fx_rate, service_fee_vnd, deposit_vnd FROM job_orders');
      expect(o).to.deep.equal({
        headcount: 12,
        salary_minor: '180000',
        fx_rate: '170.500000',
        service_fee_vnd: '20000000',
        deposit_vnd: '1000000',
      });
      expect((await page.get(res.headers.location)).text).to.contain('Đã tạo đơn hàng nháp');
    });

    it('a refused form keeps everything typed and shows every error at once, beside its field', async () => {
      const staff = await makeUser('agency_staff');
      const page = new PageSession(staff);
      await page.get('/job-orders/new');
      const res = await page.post('/job-orders', {
        jobCategory: 'general',
        reference: 'Đơn hàng Hà Nội',
        headcount: 'mười',
        salaryMajor: '180.000,5',
        salaryCurrency: 'JPY',
        serviceFeeVnd: '20.000.000',
        recruitFrom: '2026-12-10',
        recruitTo: '2026-12-01',
        fxRate: '0',
      });
      expect(res.status).to.equal(400);
      for (const field of ['headcount', 'salaryMinor', 'fxRate'])
        expect(res.text, field).to.match(new RegExp(`id="${field}-error"`));
      expect(res.text)
        .to.contain('value="Đơn hàng Hà Nội"')
        .and.contain('value="180.000,5"')
        .and.contain('value="mười"');
      expect(res.text).to.contain('data-testid="error-summary"');
      expect(await rows('SELECT id FROM job_orders')).to.have.length(0);
    });
  });

  describe('pages that ended on an error page answer on the same page', () => {
    it('board filters typed "jp", "Nhật Bản" or nonsense', async () => {
      const staff = await makeUser('agency_staff');
      const jp = await openOrder(staff, { destinationCountry: 'JP' });
      const tw = await openOrder(staff, { destinationCountry: 'TW', reference: 'TW-1' });
      for (const [order, name] of [
        [jp, 'Nguyễn Thị Nhật'],
        [tw, 'Trần Thị Đài'],
      ] as const) {
        const w = await makeWorker({ linkTo: staff.user.agencyId!, fullName: name });
        await request(testApp())
          .post('/api/v1/cases')
          .set(staff.auth)
          .send({ workerId: w.id, jobOrderId: order.id })
          .expect(201);
      }
      const page = new PageSession(staff);
      const board = (html: string) => html.slice(html.indexOf('<div class="board"'));
      for (const market of ['jp', 'Nhật Bản', 'nhat ban']) {
        const res = await page.get(`/cases?market=${encodeURIComponent(market)}`);
        expect(res.status, market).to.equal(200);
        expect(board(res.text), market).to.contain('Nguyễn Thị Nhật').and.not.to.contain('Trần Thị Đài');
      }
      const odd = await page.get('/cases?market=xyz&deadlineFrom=31%2F02%2F2026'); // 31/02 does not exist
      expect(odd.status).to.equal(200);
      expect(odd.text).to.contain('Đã bỏ qua bộ lọc không hợp lệ');
      expect(board(odd.text)).to.contain('Nguyễn Thị Nhật').and.contain('Trần Thị Đài');
    });

    it('bulk apply with nothing ticked, policy filters typed in Vietnamese, an admin creating a worker account without its record', async () => {
      const staff = await makeUser('agency_staff');
      const page = new PageSession(staff);
      await page.get('/cases');
      const bulk = await page.post('/cases/bulk', { action: 'prescreen' });
      expect(bulk.status).to.equal(303);
      expect((await page.get('/cases')).text).to.contain('Chưa chọn hồ sơ nào');

      const admin = new PageSession(await makeUser('admin'));
      const policies = await admin.get(`/admin/policies?key=${encodeURIComponent('tiền môi giới')}`);
      expect(policies.status).to.equal(200);
      expect(policies.text).to.contain('brokerage.');
      expect(policies.text).not.to.contain('service_fee.extension_rate');

      await admin.get('/admin/users/new');
      const user = await admin.post('/admin/users', {
        username: 'nld-moi',
        displayName: 'Người lao động mới',
        role: 'worker',
        password: 'mat-khau-dai-1',
      });
      expect(user.status).to.equal(400);
      expect(user.text).to.match(/id="workerId-error"[^>]*>Vai trò này cần hồ sơ người lao động/);
      expect(user.text).to.contain('value="nld-moi"');
    });

    it('a forged ?msg= in a link shows nothing: the banner comes only from the server', async () => {
      const { staff, caseId } = await agencyWithCase();
      const page = new PageSession(staff);
      const forged = await page.get(
        `/cases/${caseId}?msg=${encodeURIComponent('Hồ sơ đã được duyệt, hãy chuyển khoản phí')}`,
      );
      expect(forged.status).to.equal(200);
      expect(forged.text).not.to.contain('hãy chuyển khoản');
      expect(forged.text).not.to.contain('data-testid="flash"');
      // a forged flash cookie is ignored too
      const res = await request(testApp())
        .get(`/cases/${caseId}`)
        .set(
          'cookie',
          `ht_session=${staff.token}; ht_flash=${Buffer.from(JSON.stringify({ kind: 'success', message: 'Giả mạo' })).toString('base64url')}.AAAA`,
        );
      expect(res.text).not.to.contain('Giả mạo');
    });
  });
});
