// The job exchange's pages as its users work them: centre staff register a job seeker (the consent scan uploaded with
// the form, errors beside their fields with what was typed kept), an employer and a vacancy, read the candidates with
// their reasons, introduce, hire with confirmation; the worker's "Tìm việc"; the commune's read-only list; the XLSX
// exports, masked, and the unmasked one written to the access log.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, type TestUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { openOrder } from '../../helpers/cases';
import { HIRE, makeEmployer, makeVacancy, registerSeeker, seekerBody } from '../../helpers/exchange';
import { sequelize } from '../../../server/db/sequelize';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];
const PDF = Buffer.from('%PDF-1.4\n% dieu khoan dong y\n');

/** A form's fields as the page would post them (dates typed dd/mm/yyyy). */
function formOf(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'boolean') {
      if (v) out[k] = 'on';
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(String(v))) {
      const [y, m, d] = String(v).split('-');
      out[k] = `${d}/${m}/${y}`;
    } else if (!Array.isArray(v)) out[k] = String(v);
  }
  return out;
}

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('job exchange pages (issue 21)', () => {
  let staff: TestUser;
  let page: PageSession;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
    page = new PageSession(staff);
  });

  it('registering a job seeker: a missing field stands beside its field with the rest kept; the scan rides along; then saved', async () => {
    const form = page.get('/viec-lam/nguoi-tim-viec/moi');
    const html = (await form).text;
    expect(html).to.contain('Phiếu đăng ký tìm việc');
    expect(html).to.match(/<option value="38"[^>]*selected[^>]*>Tỉnh Thanh Hóa<\/option>/);
    expect(html).to.contain('9311 – '); // codes picked by name
    const body = formOf(seekerBody());
    delete body.jobTitle;
    const refused = await page.multipart('/viec-lam/nguoi-tim-viec', body, {
      field: 'consentScan',
      name: 'dieu-khoan.pdf',
      bytes: PDF,
    });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.match(/id="js-jobTitle-error"[^>]*>[^<]*Vị trí, công việc mong muốn/);
    expect(refused.text).to.contain(`value="${body.fullName}"`);
    expect(refused.text).to.contain('data-testid="scan-kept"');
    const kept = /name="consentFileId" value="(\d+)"/.exec(refused.text)![1];
    const saved = await page.multipart('/viec-lam/nguoi-tim-viec', {
      ...body,
      jobTitle: 'Công nhân may',
      consentFileId: kept,
    });
    expect(saved.status, saved.text.slice(0, 500)).to.equal(303);
    const [s] = await q<{ id: string; consent_file_id: string }>('SELECT id, consent_file_id FROM job_seekers');
    expect(s.consent_file_id).to.equal(kept);
    const detail = await page.get(saved.headers.location);
    expect(detail.text).to.contain('Đã đăng ký người tìm việc');
    expect(detail.text).to.contain('Thái'); // ethnicity in the detail only
    const list = await page.get('/viec-lam/nguoi-tim-viec');
    expect(list.text).to.contain(body.fullName);
    expect(list.text).to.not.contain('Thái');
    expect(list.text).to.not.contain(body.cccd);
  });

  it('employer and vacancy through the pages; the vacancy shows its candidates with reasons; introduce and hire with a confirmation', async () => {
    await page.get('/viec-lam/nha-tuyen-dung/moi');
    const e = await page.post('/viec-lam/nha-tuyen-dung', {
      kind: 'enterprise',
      name: 'Công ty May Sông Mã',
      enterpriseCode: '2801234567',
      ownership: 'non_state',
      provinceCode: '38',
      communeCode: '14758',
      address: 'Lô 5, khu công nghiệp Lễ Môn',
      phone: '0237 3888 999',
      email: 'tuyendung@songma.vn',
      sectorCode: 'C',
      mainProduct: 'Quần áo may sẵn',
      workforceBand: '5',
      representative: 'Lê Văn Minh',
    });
    expect(e.status, e.text.slice(0, 800)).to.equal(303);
    const employerId = Number(/\/(\d+)$/.exec(e.headers.location)![1]);
    const s = await registerSeeker(app, staff);
    const v = await page.post('/viec-lam/viec-trong', {
      employerId: String(employerId),
      title: 'Công nhân may',
      numberToHire: '2',
      description: 'May áo sơ mi',
      position: 'Công nhân',
      occupationCode: '9311',
      generalEducation: 'lower_secondary',
      technicalLevel: 'untrained',
      provinceCode: '38',
      communeCode: '14758',
      fullTime: 'on',
      wageKind: 'band',
      wageBand: '2',
      benefits: 'Bảo hiểm xã hội',
      conditions: 'Ngồi máy',
      recruitmentMode: 'in_person',
      deadline: '31/12/2026',
      contactName: 'Chị Hà',
      contactPhone: '0987654321',
    });
    expect(v.status, v.text.slice(0, 800)).to.equal(303);
    const vacancyId = Number(/\/(\d+)$/.exec(v.headers.location)![1]);
    const vp = await page.get(`/viec-lam/viec-trong/${vacancyId}`);
    expect(vp.text).to.match(new RegExp(`data-seeker="${s.id}"[\\s\\S]*\\+40 điểm: Đúng nghề mong muốn`));
    const intro = await page.post('/viec-lam/gioi-thieu', {
      jobSeekerId: String(s.id),
      vacancyId: String(vacancyId),
      origin: 'employer',
      back: `/viec-lam/viec-trong/${vacancyId}`,
    });
    expect(intro.status).to.equal(303);
    const referralId = Number(/\/(\d+)$/.exec(intro.headers.location)![1]);
    const rp = await page.get(intro.headers.location);
    expect(rp.text).to.contain('Đã giới thiệu người tìm việc');
    const version = /name="expectedVersion" value="(\d+)"/.exec(rp.text)![1];
    const hireForm = {
      action: 'hire',
      expectedVersion: version,
      ...formOf(HIRE),
    };
    // a missing field comes back beside it, the rest kept
    const missing = { ...hireForm };
    delete (missing as Record<string, string>).position;
    const bad = await page.post(`/viec-lam/gioi-thieu/${referralId}/hanh-dong`, missing);
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('Vị trí việc làm');
    expect(bad.text).to.contain('value="25/11/2026"');
    // the confirmation step, then the hire
    const confirm = await page.post(`/viec-lam/gioi-thieu/${referralId}/hanh-dong`, hireForm);
    expect(confirm.text).to.contain('Xác nhận: Ghi nhận được tuyển');
    expect((await q('SELECT state FROM referrals WHERE id = $1', [referralId]))[0].state).to.equal('introduced');
    const done = await page.post(`/viec-lam/gioi-thieu/${referralId}/hanh-dong`, { ...hireForm, confirmed: 'yes' });
    expect(done.status).to.equal(303);
    const after = await page.get(`/viec-lam/gioi-thieu/${referralId}`);
    expect(after.text).to.contain('Đã chuyển sang «Đã được tuyển»');
    expect(after.text).to.match(/data-kind="follow_up" data-status="open"[\s\S]*01\/01\/2027/);
    const board = await page.get('/viec-lam/gioi-thieu');
    expect(board.text).to.match(/data-state="hired"[\s\S]*Lò Thị Tìm Việc/);
    const today = await page.get('/viec-lam/hom-nay');
    expect(today.text).to.match(/data-testid="today-reports"[\s\S]*24\/12\/2026/);
  });

  it('the worker registers herself in the portal with her own dated consent, asks for an introduction and sees the referral', async () => {
    const v = await makeVacancy(app, staff);
    const worker = await makeUser('worker');
    const me = new PageSession(worker);
    const empty = await me.get('/toi/tim-viec');
    expect(empty.text).to.contain('Đăng ký tìm việc');
    const form = {
      centreId: String(staff.user.agencyId),
      generalEducation: 'upper_secondary',
      technicalLevel: 'untrained',
      currentAddress: 'Thôn 3',
      jobTitle: 'Công nhân may',
      jobDescription: 'May',
      position: 'Công nhân',
      occupationCode: '9311',
      province1: '38',
      commune1: '14758',
      wageKind: 'band',
      wageBand: '2',
      availableAfterMonths: '0',
      recruitmentMode: 'any',
    };
    const noConsent = await me.post('/toi/tim-viec/dang-ky', form);
    expect(noConsent.status).to.equal(400);
    expect(noConsent.text).to.contain('Cần đánh dấu đồng ý');
    const ok = await me.post('/toi/tim-viec/dang-ky', { ...form, consent: 'on' });
    expect(ok.status).to.equal(303);
    const [link] = await q<{ purposes: string[]; evidence: string; consent_file_id: null }>(
      'SELECT purposes, evidence, consent_file_id FROM worker_agency_links WHERE worker_id = $1',
      [worker.user.workerId],
    );
    expect(link.purposes).to.deep.equal(['job_matching']);
    expect(link.evidence).to.match(/tự đồng ý trên cổng thông tin Hành Trang ngày 27\/11\/2026/);
    const mine = await me.get('/toi/tim-viec');
    expect(mine.text).to.contain(v.title);
    expect(mine.text).to.contain('Vì sao phù hợp');
    const ask = await me.post('/toi/tim-viec/de-nghi', { vacancyId: String(v.id) });
    expect(ask.status).to.equal(303);
    const inbox = await page.get('/viec-lam/yeu-cau');
    expect(inbox.text).to.contain('Người tìm việc');
    const requestId = /data-request="(\d+)"/.exec(inbox.text)![1];
    const accepted = await page.post(`/viec-lam/yeu-cau/${requestId}`, { decision: 'accept' });
    expect(accepted.status).to.equal(303);
    const [ref] = await q('SELECT origin FROM referrals');
    expect(ref.origin).to.equal('person');
    const seen = await me.get('/toi/tim-viec');
    expect(seen.text).to.match(/Đã giới thiệu[\s\S]*Trung tâm đã giới thiệu bạn/);
    // she is told, in her inbox
    expect((await q("SELECT title FROM notifications WHERE kind = 'referral.introduced'"))[0].title).to.contain(
      v.title,
    );
    // she keeps her own profile: a wrong wage comes back beside its field; then her change is saved
    const edit = await me.get('/toi/tim-viec/sua');
    expect(edit.text).to.contain('Sửa hồ sơ tìm việc');
    const badEdit = await me.post('/toi/tim-viec/sua', { wageKind: 'daily' });
    expect(badEdit.status).to.equal(400);
    expect(badEdit.text).to.contain('Nhập mức lương theo ngày hoặc theo giờ');
    const saved = await me.post('/toi/tim-viec/sua', { wantsAbroad: 'on', jobTitle: 'Thợ may' });
    expect(saved.status, /error-summary[\s\S]*?<\/article>/.exec(saved.text)?.[0]).to.equal(303);
    const [p] = await q('SELECT job_title, wants_abroad FROM job_seekers WHERE worker_id = $1', [worker.user.workerId]);
    expect(p).to.deep.equal({ job_title: 'Thợ may', wants_abroad: true });
    // "who looked at my file" names the centre's link
    expect((await me.get('/toi/ai-da-xem')).text).to.contain('Trung tâm Dịch vụ việc làm');
  });

  it('the overseas list only for a job seeker 18 or older who wants to work abroad (R1), with the legal caps and the salary in its currency', async () => {
    const agency = await makeUser('agency_staff');
    await openOrder(agency, {
      jobTitle: 'Thực tập sinh may mặc',
      salaryCurrency: 'JPY',
      salaryMinor: 185_000,
      serviceFeeVnd: 30_000_000,
      contractMonths: 36,
      fxRate: '171.2',
      fxRateDate: '2026-09-30',
    } as never);
    const adult = await registerSeeker(app, staff, { wantsAbroad: true });
    const young = await registerSeeker(app, staff, { wantsAbroad: true, dateOfBirth: '2009-05-01' });
    const stayHome = await registerSeeker(app, staff, { wantsAbroad: false });
    const see = async (workerId: number) =>
      (await new PageSession(await makeUser('worker', { workerId } as never)).get('/toi/tim-viec')).text;
    const adultPage = await see(adult.workerId);
    expect(
      adultPage,
      adultPage.slice(adultPage.indexOf('nước ngoài</h2>'), adultPage.indexOf('nước ngoài</h2>') + 900),
    ).to.match(/data-order="\d+"[\s\S]*Thực tập sinh may mặc<\/strong> · Nhật Bản/);
    expect(adultPage).to.contain('Lương: 185.000 JPY/tháng');
    expect(adultPage).to.match(/Tiền dịch vụ: 30\.000\.000 ₫ \(tối đa theo quy định: [\d.]+ ₫\)/);
    // under 18, or not wanting to go: no order is shown
    const youngPage = await see(young.workerId);
    expect(youngPage).to.not.contain('data-order=');
    expect(youngPage).to.contain('Chỉ người từ đủ 18 tuổi');
    expect(await see(stayHome.workerId)).to.not.contain('Việc làm ở nước ngoài');
  });

  it('the commune officer reads residents only; exports are masked; the unmasked export is an admin action in the access log', async () => {
    const s = await registerSeeker(app, staff);
    const officer = await makeUser('commune_officer', { communeCode: '14869', provinceCode: '38' } as never);
    const list = await new PageSession(officer).get('/viec-lam/nguoi-tim-viec');
    expect(list.text).to.contain(s.fullName);
    expect(list.text).to.not.contain('/viec-lam/nguoi-tim-viec/moi');
    const detail = await new PageSession(officer).get(`/viec-lam/nguoi-tim-viec/${s.id}`);
    expect(detail.status).to.equal(200);
    expect(detail.text).to.not.contain('Cập nhật hồ sơ');

    const xlsx = await request(app)
      .get('/viec-lam/nguoi-tim-viec.xlsx')
      .set('Cookie', `ht_session=${staff.token}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).to.equal(200);
    const rows = await sheetRows(xlsx.body as Buffer);
    expect(rows[0]).to.include('Số CCCD (che)');
    expect(rows[0].join('|')).to.not.match(/Dân tộc|Tình trạng hộ|Điện thoại/);
    expect(rows[1]).to.include(`${s.cccd.slice(0, 3)}******${s.cccd.slice(9)}`);
    expect(rows.flat()).to.not.include(s.cccd);

    const admin = await makeUser('admin');
    const adminPage = new PageSession(admin);
    await adminPage.get('/viec-lam/nguoi-tim-viec');
    const asked = await adminPage.post('/viec-lam/nguoi-tim-viec/xuat-day-du', {});
    expect(asked.text).to.contain('Xác nhận: xuất đầy đủ');
    expect(await q("SELECT 1 FROM access_log WHERE event = 'job_seekers.exported'")).to.have.length(0);
    const full = await adminPage.post('/viec-lam/nguoi-tim-viec/xuat-day-du', { confirmed: 'yes' });
    expect(full.status).to.equal(200);
    expect(await q("SELECT 1 FROM access_log WHERE event = 'job_seekers.exported'")).to.have.length(1);
    // centre staff may not take the unmasked export
    expect((await page.post('/viec-lam/nguoi-tim-viec/xuat-day-du', { confirmed: 'yes' })).status).to.equal(403);
  });

  it('the admin edits the house points; a wrong number stays beside its field', async () => {
    const admin = new PageSession(await makeUser('admin'));
    const form = await admin.get('/admin/quy-uoc-ghep-noi');
    expect(form.text).to.contain('Quy ước của Hành Trang');
    const bad = await admin.post('/admin/quy-uoc-ghep-noi', { occupation_l4: 'nhiều' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.contain('nhập số điểm từ 0 đến 100');
    expect((await q("SELECT points FROM matching_weights WHERE key = 'occupation_l4'"))[0].points).to.equal(40);
    const view = await page.get('/viec-lam/quy-uoc');
    expect(view.text).to.match(/Cùng nghề đến cấp 4<\/td><td class="num">40/);
  });

  it('a vacancy closed by hand asks first and says so; the employer registry lists by name', async () => {
    const v = await makeVacancy(app, staff);
    await makeEmployer(app, staff, { name: 'Hợp tác xã Dệt Hồi Xuân' });
    const vp = await page.get(`/viec-lam/viec-trong/${v.id}`);
    const version = /name="expectedVersion" value="(\d+)"/.exec(vp.text)![1];
    const ask = await page.post(`/viec-lam/viec-trong/${v.id}/hanh-dong`, {
      action: 'close',
      expectedVersion: version,
      reason: 'Doanh nghiệp tạm dừng tuyển',
    });
    expect(ask.text).to.contain('Xác nhận: Đóng việc làm');
    const done = await page.post(`/viec-lam/viec-trong/${v.id}/hanh-dong`, {
      action: 'close',
      expectedVersion: version,
      reason: 'Doanh nghiệp tạm dừng tuyển',
      confirmed: 'yes',
    });
    expect(done.status).to.equal(303);
    expect((await q('SELECT state FROM vacancies WHERE id = $1', [v.id]))[0].state).to.equal('closed');
    const list = await page.get('/viec-lam/nha-tuyen-dung?q=det hoi xuan');
    expect(list.text).to.contain('Hợp tác xã Dệt Hồi Xuân');
  });
});
