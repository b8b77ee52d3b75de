// The sessions' pages as staff work them without scripts (issue 22): plan a session (an error beside its field with
// what was typed kept), add a booth, register a person, print her slip (code and QR), check in by typed code and at
// the door (the consent scan uploaded with the form), record an interview and an introduction, read the counts; the
// counselling log; the worker's "Phiên giao dịch".
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, validCccd, type TestUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { makeEmployer, registerSeeker, vacancyBody } from '../../helpers/exchange';
import { sequelize } from '../../../server/db/sequelize';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];
const PDF = Buffer.from('%PDF-1.4\n% phieu dong y tai cua\n');

describe('job exchange session pages (issue 22)', () => {
  let staff: TestUser;
  let page: PageSession;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
    page = new PageSession(staff);
  });

  it('plan, booth, register, slip, check in by code and at the door, record, counts: every step a page without scripts', async () => {
    const form = await page.get('/viec-lam/phien/moi');
    expect(form.status).to.equal(200);
    const missing = await page.post('/viec-lam/phien', {
      name: 'Phiên lưu động xã Hồi Xuân',
      kind: 'mobile',
      heldOn: '27/11/2026',
      startsAt: '07:30',
      endsAt: '11:00',
      venue: 'Nhà văn hóa bản Chiềng',
    });
    expect(missing.status).to.equal(400);
    expect(missing.text).to.match(/id="communeCode-error"[^>]*>[^<]*xã\/phường/);
    expect(missing.text).to.contain('value="Phiên lưu động xã Hồi Xuân"');
    const created = await page.post('/viec-lam/phien', {
      name: 'Phiên lưu động xã Hồi Xuân',
      kind: 'mobile',
      heldOn: '27/11/2026',
      startsAt: '07:30',
      endsAt: '11:00',
      venue: 'Nhà văn hóa bản Chiềng',
      communeCode: '14869',
    });
    expect(created.status, created.text.slice(0, 300)).to.equal(303);
    const sessionUrl = created.headers.location as string;
    const id = Number(sessionUrl.split('/').pop());

    const employer = await makeEmployer(app, staff);
    const v = await request(app).post('/api/v1/vacancies').set(staff.auth).send(vacancyBody(employer.id));
    const boothForm = await page.get(`/viec-lam/phien/${id}/gian/moi?employerId=${employer.id}`);
    expect(boothForm.text).to.contain('Công nhân may công nghiệp');
    const booth = await page.post(`/viec-lam/phien/${id}/gian`, {
      employerId: String(employer.id),
      vacancyIds: String(v.body.data.id),
      demandInProvince: '5',
      demandOutOfProvince: '0',
      demandAbroad: '0',
    });
    expect(booth.status).to.equal(303);
    expect(booth.headers.location).to.contain(`/viec-lam/phien/${id}`);

    const seeker = await registerSeeker(app, staff);
    const registered = await page.post(`/viec-lam/phien/${id}/dang-ky`, { jobSeekerId: String(seeker.id) });
    expect(registered.status).to.equal(303);
    const detail = await page.get(sessionUrl);
    expect(detail.text).to.contain(seeker.fullName);
    expect(detail.text).to.contain('Phiên lưu động (tại xã/phường)');
    const [reg] = await q<{ id: string }>('SELECT id FROM session_registrations');
    const slip = await page.get(`/viec-lam/phien/${id}/ve/${reg.id}`);
    expect(slip.status).to.equal(200);
    const code = /data-testid="ticket-code">([A-Z2-9-]{14})</.exec(slip.text)![1];
    expect(slip.text).to.contain('<svg');
    expect(slip.text).to.contain('27/11/2026, 07:30–11:00');

    const checkInPage = await page.get(`/viec-lam/phien/${id}/diem-danh`);
    expect(checkInPage.text).to.contain('Mã vé, số CCCD hoặc họ tên');
    const forged = await page.post(`/viec-lam/phien/${id}/diem-danh`, {
      q: `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`,
    });
    expect(forged.status).to.equal(400);
    expect(forged.text).to.match(/id="q-error"[^>]*>Mã vé không đúng/);
    const ok = await page.post(`/viec-lam/phien/${id}/diem-danh`, { q: code.replace(/-/g, '').toLowerCase() });
    expect(ok.status).to.equal(303);
    expect((await page.get(ok.headers.location)).text).to.contain(`Đã điểm danh: ${seeker.fullName}`);

    const cccd = validCccd('2000-02-02', 'female', 777_001);
    const walkIn = await page.multipart(
      `/viec-lam/phien/${id}/tai-cua`,
      { cccd, fullName: 'Vi Thị Đến Muộn', dateOfBirth: '02/02/2000', sex: 'female', consentDate: '27/11/2026' },
      { field: 'consentScan', name: 'phieu.pdf', bytes: PDF },
    );
    expect(walkIn.status, walkIn.text.slice(0, 500)).to.equal(303);
    expect((await page.get(walkIn.headers.location)).text).to.contain(
      'Đã đăng ký tại cửa và điểm danh: Vi Thị Đến Muộn',
    );

    const person = await page.get(`/viec-lam/phien/${id}/nguoi/${reg.id}`);
    expect(person.text).to.contain('Ghi nhận phỏng vấn');
    const boothId = /name="boothId" required><option value="(\d+)"/.exec(person.text)![1];
    expect(
      (await page.post(`/viec-lam/phien/${id}/nguoi/${reg.id}/ghi`, { kind: 'interview', boothId })).status,
    ).to.equal(303);
    expect(
      (
        await page.post(`/viec-lam/phien/${id}/nguoi/${reg.id}/ghi`, {
          kind: 'introduction',
          vacancyId: String(v.body.data.id),
          origin: 'employer',
        })
      ).status,
    ).to.equal(303);
    const after = await page.get(`/viec-lam/phien/${id}/nguoi/${reg.id}`);
    expect(after.text).to.contain('Đã giới thiệu người lao động');
    expect(after.text).to.match(/data-kind="interview">Phỏng vấn/);
    expect(after.text).to.match(/data-kind="introduction">Giới thiệu việc làm/);
    const counts = await page.get(sessionUrl);
    expect(counts.text).to.match(/data-count="registered">2</);
    expect(counts.text).to.match(/data-count="attended">2</);
    expect(counts.text).to.match(/data-count="interviewed">1</);
    expect(counts.text).to.match(/data-count="introduced">1</);

    // cancelling asks first
    const ask = await page.post(`/viec-lam/phien/${id}/huy`, { expectedVersion: '1', reason: 'Mưa bão' });
    expect(ask.text).to.contain('data-testid="confirm"');
  });

  it('the counselling log page records a person and an employer, CCCD masked in the list', async () => {
    const seeker = await registerSeeker(app, staff);
    const employer = await makeEmployer(app, staff);
    expect((await page.get('/viec-lam/tu-van')).status).to.equal(200);
    const bad = await page.post('/viec-lam/tu-van', { subject: 'person', topic: 'job', counselledOn: '27/11/2026' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('data-testid="error-summary"');
    expect(
      (
        await page.post('/viec-lam/tu-van', {
          subject: 'person',
          cccd: seeker.cccd,
          topic: 'policy',
          counselledOn: '26/11/2026',
        })
      ).status,
    ).to.equal(303);
    expect(
      (
        await page.post('/viec-lam/tu-van', {
          subject: 'employer',
          employerId: String(employer.id),
          topic: 'job',
          counselledOn: '27/11/2026',
        })
      ).status,
    ).to.equal(303);
    const log = await page.get('/viec-lam/tu-van');
    expect(log.text).to.contain('Đã ghi vào sổ tư vấn');
    expect(log.text).to.contain(`${seeker.cccd.slice(0, 3)}******${seeker.cccd.slice(9)}`);
    expect(log.text).to.not.contain(seeker.cccd);
    expect(log.text).to.contain(employer.name);
  });

  it('the worker registers for a session of her province in the portal and sees her ticket with its QR', async () => {
    const seeker = await registerSeeker(app, staff);
    await request(app).post('/api/v1/exchange-sessions').set(staff.auth).send({
      name: 'Phiên tháng 12',
      heldOn: '2026-12-05',
      startsAt: '08:00',
      endsAt: '11:00',
      kind: 'online',
      venue: 'Zalo: Trung tâm DVVL',
    });
    const worker = await makeUser('worker', { workerId: seeker.workerId });
    const portal = new PageSession(worker);
    const before = await portal.get('/toi/phien');
    const sessionId = /data-register="(\d+)"/.exec(before.text)![1];
    const done = await portal.post(`/toi/phien/${sessionId}/dang-ky`, {});
    expect(done.status).to.equal(303);
    const mine = await portal.get('/toi/phien');
    expect(mine.text).to.match(/data-testid="my-code">[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</);
    expect(mine.text).to.contain('<svg');
    const cancel = await portal.post(`/toi/phien/${sessionId}/huy`, {});
    expect(cancel.text).to.contain('data-testid="confirm"');
  });
});
