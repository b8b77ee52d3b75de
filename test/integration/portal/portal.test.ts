// The worker portal (issue 15): activation with a one-time code, sign-in by CCCD or phone, the public lookup that
// leaks nothing, each section drawn from her real data, a paper sent from the phone and reviewed by staff, the one
// inbox, and a worker who can never reach another's data.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { agencyWithCase, walk } from '../../helpers/cases';
import { makeUser, makeWorker, type TestUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { PNG_BYTES } from '../../helpers/papers';
import { drainJobs } from '../../helpers/queue';
import { sequelize } from '../../../server/db/sequelize';
import { advanceClock, setClock } from '../../../server/shared/clock';
import { User } from '../../../server/modules/users';
import { issueToken } from '../../../server/modules/auth';

const rows = async <T>(sql: string, bind: unknown[] = []) => (await sequelize().query(sql, { bind }))[0] as T[];

/** Staff print a slip; the code is read off it as the worker would. */
async function slipCode(staff: TestUser, workerId: number): Promise<string> {
  const page = new PageSession(staff);
  await page.get(`/workers/${workerId}`);
  const res = await page.post(`/workers/${workerId}/activation-code`, {});
  expect(res.status, res.text.slice(0, 300)).to.equal(200);
  const code = /data-testid="activation-code">([0-9A-Z-]{9})</.exec(res.text)?.[1];
  expect(code, 'code on the slip').to.be.a('string');
  return code!;
}

async function activate(code: string, dateOfBirth: string, password = 'mật khẩu mới 1') {
  const visitor = new PageSession();
  await visitor.get('/kich-hoat');
  const res = await visitor.post('/kich-hoat', { code, dateOfBirth, password, passwordConfirm: password });
  return { res, visitor };
}

// from an address of its own: the per-address login limit (60 a minute) is shared with the rest of the suite
const login = (username: string, password = 'mật khẩu mới 1') =>
  request(testApp()).post('/api/v1/auth/login').set('x-forwarded-for', '10.15.0.1').send({ username, password });

describe('worker portal', () => {
  describe('activation', () => {
    it('a code printed by staff is stored only as a hash, activates once with her date of birth, and signs her in', async () => {
      const { staff, worker } = await agencyWithCase();
      const code = await slipCode(staff, worker.id);
      const stored = await rows<{ code_hash: string }>('SELECT code_hash FROM activation_codes');
      expect(stored).to.have.length(1);
      expect(stored[0].code_hash).to.match(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await rows('SELECT * FROM audit_log'))).not.to.contain(code.replace('-', ''));

      const wrong = await activate(code, '01/01/1990');
      expect(wrong.res.status).to.equal(400);
      expect(wrong.res.text).to.contain('Mã kích hoạt hoặc ngày sinh không đúng');
      expect(wrong.res.text).to.contain(`value="${code}"`); // what was typed stays, the password does not

      const ok = await activate(code.toLowerCase(), '12/04/1998');
      expect(ok.res.status, ok.res.text.slice(0, 300)).to.equal(303);
      expect(ok.res.headers.location).to.equal('/toi');
      expect(ok.visitor.session).to.be.a('string');
      const home = await ok.visitor.get('/toi');
      expect(home.text).to.contain('Tài khoản của bạn đã sẵn sàng');
      expect(home.text).to.contain('<h1>Hồ sơ của tôi</h1>');

      const again = await activate(code, '12/04/1998');
      expect(again.res.status).to.equal(400);
      expect(again.res.text).to.contain('Mã kích hoạt hoặc ngày sinh không đúng');
      const [account] = await rows<{ username: string; role: string }>(
        'SELECT username, role FROM users WHERE worker_id = $1',
        [worker.id],
      );
      expect(account).to.deep.equal({ username: `nld.${worker.id}`, role: 'worker' });
    });

    it('a code works on its 14th day and not a second after; a new code makes the earlier one stop working', async () => {
      const { staff, worker } = await agencyWithCase();
      const first = await slipCode(staff, worker.id);
      const second = await slipCode(staff, worker.id);
      expect((await activate(first, '12/04/1998')).res.status).to.equal(400);
      advanceClock(14 * 86_400_000 - 1000);
      const last = await activate(second, '12/04/1998');
      expect(last.res.status).to.equal(303);

      const third = await slipCode({ ...staff, token: issueToken(staff.user) }, worker.id);
      advanceClock(14 * 86_400_000 + 1000);
      expect((await activate(third, '12/04/1998')).res.status).to.equal(400);
      setClock('2026-11-27');
    });

    it('a forgotten password: a new code replaces it and ends her earlier sessions', async () => {
      const { staff, worker } = await agencyWithCase();
      await activate(await slipCode(staff, worker.id), '12/04/1998', 'mật khẩu cũ 12');
      const before = await login(worker.cccd, 'mật khẩu cũ 12');
      expect(before.status).to.equal(200);
      await activate(await slipCode(staff, worker.id), '12/04/1998', 'mật khẩu mới 34');
      expect((await login(worker.cccd, 'mật khẩu cũ 12')).status).to.equal(401);
      expect((await login(worker.cccd, 'mật khẩu mới 34')).status).to.equal(200);
      const old = await request(testApp())
        .get('/api/v1/me')
        .set({ authorization: `Bearer ${before.body.data.token}` });
      expect(old.status).to.equal(401);
      expect(await User.count({ where: { workerId: worker.id } })).to.equal(1);
    });

    it('an officer of another commune cannot print a code for her (404), nor can a worker (403)', async () => {
      const { worker } = await agencyWithCase();
      const far = await makeUser('commune_officer', { communeCode: '00004', provinceCode: '01' });
      const page = new PageSession(far);
      await page.get('/');
      expect((await page.post(`/workers/${worker.id}/activation-code`, {})).status).to.equal(404);
      const w = await makeUser('worker', { workerId: worker.id });
      const own = new PageSession(w);
      await own.get('/toi');
      expect((await own.post(`/workers/${worker.id}/activation-code`, {})).status).to.equal(403);
      expect(await rows('SELECT id FROM activation_codes')).to.have.length(0);
    });
  });

  describe('sign-in', () => {
    it('by CCCD, and by phone only when the number is one account’s; five failures lock the pair', async () => {
      const { staff } = await agencyWithCase();
      const a = await makeWorker({ linkTo: staff.user.agencyId!, phone: '0912345678' });
      const b = await makeWorker({ linkTo: staff.user.agencyId!, phone: '0987654321' });
      await activate(await slipCode(staff, a.id), '12/04/1998');
      expect((await login(a.cccd)).status).to.equal(200);
      expect((await login('+84 912 345 678')).status).to.equal(200);
      expect((await login('0912345678')).body.data.user.workerId).to.equal(a.id);

      // b's family shares a's phone: the number no longer names one account, CCCD still works
      await sequelize().query("UPDATE workers SET phone = '0912345678' WHERE id = $1", { bind: [b.id] });
      await activate(await slipCode(staff, b.id), '12/04/1998');
      const shared = await login('0912345678');
      expect(shared.status).to.equal(401);
      expect(shared.body.error.message).to.equal('Tên đăng nhập hoặc mật khẩu không đúng');
      expect((await login(b.cccd)).status).to.equal(200);

      for (let i = 0; i < 5; i += 1) expect((await login(a.cccd, 'sai mật khẩu')).status).to.equal(401);
      expect((await login(a.cccd)).status).to.equal(429);
    });
  });

  describe('quick lookup', () => {
    it('code + date of birth + last 4 of the CCCD shows the stage and the next step; any wrong part gives one same answer', async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
      const [{ code }] = await rows<{ code: string }>('SELECT code FROM cases WHERE id = $1', [caseId]);
      expect(code).to.match(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      const visitor = new PageSession();
      await visitor.get('/tra-cuu');
      const last4 = worker.cccd.slice(-4);
      const ok = await visitor.post('/tra-cuu', { caseCode: code, dateOfBirth: '12/04/1998', cccdLast4: last4 });
      expect(ok.status).to.equal(200);
      expect(ok.text).to.contain('Trúng tuyển');
      expect(ok.text).to.contain('Doanh nghiệp phải đưa bạn đi làm việc trước ngày này.');
      expect(ok.text).not.to.contain(worker.fullName);

      const answers = await Promise.all(
        [
          { caseCode: code, dateOfBirth: '13/04/1998', cccdLast4: last4 },
          { caseCode: code, dateOfBirth: '12/04/1998', cccdLast4: last4 === '0000' ? '0001' : '0000' },
          { caseCode: 'ZZZZZZZZZZ', dateOfBirth: '12/04/1998', cccdLast4: last4 },
        ].map((f) => visitor.post('/tra-cuu', f)),
      );
      for (const a of answers) {
        expect(a.status).to.equal(404);
        expect(a.text).to.contain('Không tìm thấy hồ sơ khớp với các thông tin này');
        expect(a.text).not.to.contain('Trúng tuyển');
      }
    });

    it('is limited per case code in PostgreSQL: the 6th try on one code within 15 minutes is refused, right or wrong', async () => {
      const { caseId, worker } = await agencyWithCase();
      const [{ code }] = await rows<{ code: string }>('SELECT code FROM cases WHERE id = $1', [caseId]);
      const visitor = new PageSession();
      await visitor.get('/tra-cuu');
      for (let i = 0; i < 5; i += 1)
        await visitor.post('/tra-cuu', { caseCode: code, dateOfBirth: '01/01/1990', cccdLast4: '1234' });
      const sixth = await visitor.post('/tra-cuu', {
        caseCode: code,
        dateOfBirth: '12/04/1998',
        cccdLast4: worker.cccd.slice(-4),
      });
      expect(sixth.status).to.equal(429);
      expect(sixth.text).not.to.contain('Đăng ký');
      const [bucket] = await rows<{ attempts: number }>('SELECT attempts FROM portal_attempts WHERE bucket = $1', [
        `lookup:code:${code}`,
      ]);
      expect(bucket.attempts).to.equal(6);
    });
  });

  describe('what she sees', () => {
    it('my case: stage, code, next step with who and when, the stages passed; rights with her dates and the fee cap', async () => {
      const { staff, worker, caseId, order } = await agencyWithCase();
      // the order's pay: ¥200,000 a month at 170 ₫, 36 months; the agency charges 40,000,000 ₫
      await sequelize().query(
        `UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, fx_rate_date = '2026-11-01',
           fx_rate_source = 'Vietcombank', contract_months = 36, service_fee_vnd = 40000000 WHERE id = $1`,
        { bind: [order.id] },
      );
      await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
      const me = new PageSession(await makeUser('worker', { workerId: worker.id }));
      const html = (await me.get('/toi')).text;
      expect(html).to.contain('data-testid="stage">Trúng tuyển<');
      const [{ code }] = await rows<{ code: string }>('SELECT code FROM cases WHERE id = $1', [caseId]);
      expect(html).to.contain(code);
      expect(html).to.match(
        /Doanh nghiệp phải đưa bạn đi làm việc trước ngày này\.<br>\s*<span>Ai làm: <strong>Doanh nghiệp<\/strong>/,
      );
      expect(html).to.contain('Sơ tuyển đạt');
      expect(html).not.to.match(/\bR15\b|JP|prescreened/);

      const rights = (await me.get('/toi/quyen-loi')).text;
      expect(rights).to.contain('Bạn trúng tuyển ngày 01/10/2026');
      expect(rights).to.match(/trước hết ngày \d\d\/\d\d\/2027/);
      expect(rights).to.contain('Không có tiền môi giới');
      expect(rights).to.contain('Nhật Bản');
      // the cap and its arithmetic: 1 month's pay per 12 months × 36 = 3 months (at most 3) × 34,000,000 ₫
      expect(rights).to.contain('Doanh nghiệp thu của bạn: <strong>40.000.000 ₫</strong>');
      expect(rights).to.match(/Mức cao nhất luật cho phép với đơn hàng này: <strong>[\d.]+ ₫<\/strong>/);
      expect(rights).to.contain('Lương tháng: 200000 JPY × 170 ₫');

      expect((await me.get('/toi/tien')).text).to.contain('Chưa có');
    });

    it('who looked: staff reading her record appear by agency name; her own reads do not', async () => {
      const { staff, worker } = await agencyWithCase();
      await request(testApp()).get(`/api/v1/workers/${worker.id}`).set(staff.auth).expect(200);
      const me = new PageSession(await makeUser('worker', { workerId: worker.id }));
      const html = (await me.get('/toi/ai-da-xem')).text;
      const [{ name }] = await rows<{ name: string }>('SELECT name FROM agencies WHERE id = $1', [staff.user.agencyId]);
      expect(html).to.contain(name);
      expect(html).to.contain('Xem thông tin cá nhân của bạn');
      expect(html).to.contain('Nhân viên doanh nghiệp');
      expect(html).to.contain('Bạn đồng ý ngày 05/01/2026');
      expect((html.match(/<li><strong>/g) ?? []).length).to.equal(2); // one look, one consent: her own read is not listed
    });
  });

  describe('a paper sent from the phone', () => {
    it('waits for staff, who accept it into a paper; she is told once in her inbox and can mark it read', async () => {
      const { staff, worker } = await agencyWithCase();
      const me = new PageSession(await makeUser('worker', { workerId: worker.id }));
      await me.get('/toi/viec-can-lam');
      const refused = await me.multipart('/toi/viec-can-lam', { kind: 'passport', note: 'trang đầu' });
      expect(refused.status).to.equal(400);
      expect(refused.text).to.contain('Hãy chọn ảnh chụp hoặc tệp giấy tờ');
      expect(refused.text).to.contain('value="trang đầu"');
      const sent = await me.multipart(
        '/toi/viec-can-lam',
        { kind: 'passport' },
        { field: 'file', name: 'ho-chieu.png', bytes: PNG_BYTES },
      );
      expect(sent.status, sent.text.slice(0, 300)).to.equal(303);
      expect((await me.get('/toi/viec-can-lam')).text).to.contain('Đang chờ doanh nghiệp xem');

      const desk = new PageSession(staff);
      const workerPage = (await desk.get(`/workers/${worker.id}`)).text;
      expect(workerPage).to.contain('Giấy tờ người lao động gửi, chờ xem xét');
      const [{ id }] = await rows<{ id: string }>('SELECT id FROM paper_submissions');
      const scan = await request(testApp())
        .get(`/papers/submissions/${id}/file`)
        .set('cookie', `ht_session=${staff.token}`);
      expect(scan.status).to.equal(200);
      expect(Buffer.compare(scan.body as Buffer, PNG_BYTES)).to.equal(0);

      const accepted = await desk.post(`/papers/submissions/${id}/review`, {
        decision: 'accept',
        number: 'C1234567',
        issuingBody: 'Cục Quản lý xuất nhập cảnh',
        issuedOn: '01/03/2026',
        expiresOn: '01/03/2036',
      });
      expect(accepted.status).to.equal(303);
      const [paper] = await rows<{ kind: string; number: string; file_id: string | null }>(
        'SELECT kind, number, file_id FROM papers WHERE worker_id = $1',
        [worker.id],
      );
      expect(paper.kind).to.equal('passport');
      expect(paper.number).to.equal('C1234567');
      expect(paper.file_id).not.to.equal(null);
      const again = await desk.post(`/papers/submissions/${id}/review`, { decision: 'return', reason: 'Ảnh mờ quá' });
      expect(again.status).to.equal(303);
      expect((await desk.get(`/workers/${worker.id}`)).text).to.contain('đã được xem xét rồi');

      expect(await drainJobs()).to.be.greaterThan(0);
      await drainJobs();
      const inbox = await me.get('/thong-bao');
      expect(inbox.text).to.contain('Hộ chiếu bạn gửi đã được doanh nghiệp nhận.');
      expect(inbox.text).to.match(/data-testid="unread">1</);
      expect(await rows('SELECT id FROM notifications WHERE recipient_worker_id = $1', [worker.id])).to.have.length(1);
      await me.post('/thong-bao/da-doc', {});
      expect((await me.get('/thong-bao')).text).not.to.contain('data-testid="unread"');
    });

    it('a returned paper shows her the reason', async () => {
      const { staff, worker } = await agencyWithCase();
      const me = new PageSession(await makeUser('worker', { workerId: worker.id }));
      await me.get('/toi/viec-can-lam');
      await me.multipart(
        '/toi/viec-can-lam',
        { kind: 'health_certificate' },
        { field: 'file', name: 'a.png', bytes: PNG_BYTES },
      );
      const [{ id }] = await rows<{ id: string }>('SELECT id FROM paper_submissions');
      const desk = new PageSession(staff);
      await desk.get(`/workers/${worker.id}`);
      await desk.post(`/papers/submissions/${id}/review`, { decision: 'return', reason: 'Ảnh bị mờ, hãy chụp lại' });
      const todo = (await me.get('/toi/viec-can-lam')).text;
      expect(todo).to.contain('Bị trả lại');
      expect(todo).to.contain('Ảnh bị mờ, hãy chụp lại');
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });
  });

  describe('her data only', () => {
    it('a worker cannot reach another worker: by id, by file link, by staff route; staff pages send her to her portal', async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      const other = await agencyWithCase();
      const mine = await makeUser('worker', { workerId: worker.id });
      const me = new PageSession(mine);
      const them = new PageSession(await makeUser('worker', { workerId: other.worker.id }));
      await them.get('/toi/viec-can-lam');
      await them.multipart(
        '/toi/viec-can-lam',
        { kind: 'passport' },
        { field: 'file', name: 'a.png', bytes: PNG_BYTES },
      );
      const [{ id: theirs }] = await rows<{ id: string }>('SELECT id FROM paper_submissions');

      expect((await me.get(`/toi/giay-da-gui/${theirs}`)).status).to.equal(404);
      expect((await me.get(`/papers/submissions/${theirs}/file`)).status).to.equal(403);
      const board = await me.get('/cases');
      expect(board.status).to.equal(303);
      expect(board.headers.location).to.equal('/toi');
      expect((await me.get('/')).headers.location).to.equal('/toi');
      const api = mine.auth;
      expect((await request(testApp()).get(`/api/v1/cases/${other.caseId}`).set(api)).status).to.equal(404);
      expect((await request(testApp()).get(`/api/v1/workers/${other.worker.id}`).set(api)).status).to.equal(404);
      expect((await request(testApp()).get(`/api/v1/cases/${caseId}`).set(api)).status).to.equal(200);
      expect((await me.get('/toi')).text).not.to.contain(other.worker.fullName);
      void staff;
    });
  });

  describe('on a phone', () => {
    it('pages travel compressed: the case page with its styles and scripts stays under 100 KB', async () => {
      const { worker } = await agencyWithCase();
      const me = await makeUser('worker', { workerId: worker.id });
      const server = testApp().listen(0);
      const port = (server.address() as AddressInfo).port;
      // bytes on the wire, as the phone receives them (no decompression here)
      const wire = (url: string) =>
        new Promise<{ status: number; encoding: string | undefined; bytes: number }>((resolve, reject) => {
          http
            .get(
              { port, path: url, headers: { cookie: `ht_session=${me.token}`, 'accept-encoding': 'gzip' } },
              (res) => {
                let bytes = 0;
                res.on('data', (c: Buffer) => (bytes += c.length));
                res.on('end', () =>
                  resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], bytes }),
                );
              },
            )
            .on('error', reject);
        });
      try {
        let total = 0;
        for (const url of [
          '/toi',
          '/vendor/pico/pico.min.css',
          '/public/css/portal.css',
          '/public/js/date-input.js',
          '/public/js/focus-error.js',
        ]) {
          const r = await wire(url);
          expect(r.status, url).to.equal(200);
          if (url === '/toi' || url.startsWith('/vendor')) expect(r.encoding, url).to.equal('gzip');
          total += r.bytes;
        }
        expect(total).to.be.below(100_000);
      } finally {
        server.close();
      }
    });
  });
});
