// Alerts as people meet them: the inbox with severity, filters, "Đã nhận" and "Đã xử lý"; the case page's alerts; the
// counts of "Việc hôm nay"; the worker's portal inbox in plain words; the admin's rules catalogue; the account page's
// e-mail address and opt-out (errors beside the field, the input kept).
import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';
import { composeDigest, scanAlerts } from '../../../server/modules/notifications';
import { agencyWithCase, walk } from '../../helpers/cases';
import { makeUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

/** A case waiting since 01/06/2026, scanned on 29/11: its R15 alert is overdue (critical). */
async function overdueCase() {
  const c = await agencyWithCase();
  await walk(c.staff.auth, c.caseId, [['prescreen'], ['select', { selectedOn: '2026-06-01' }]]);
  await scanAlerts('2026-11-29');
  return c;
}

describe('deadline alerts: the pages', () => {
  it('the inbox shows the alert with its severity and filters; "Đã nhận" and "Đã xử lý" work and say so', async () => {
    const { staff, caseId } = await overdueCase();
    const page = new PageSession(staff);
    let html = (await page.get('/thong-bao')).text;
    expect(html).to.match(
      /data-severity="critical"[\s\S]*?Nghiêm trọng[\s\S]*?Quá hạn: Thời hạn 180 ngày chờ xuất cảnh/,
    );
    expect(html).to.contain(`href="/cases/${caseId}"`);
    expect(html).to.contain('Căn cứ: R15');
    expect((await page.get('/thong-bao?muc=info')).text).to.contain('Không có thông báo nào khớp bộ lọc.');
    expect((await page.get('/thong-bao?muc=critical&trang_thai=mo')).text).to.match(/data-testid="inbox-item"/);
    // a bad filter is dropped with a notice, never an error
    const bad = await page.get('/thong-bao?muc=%27%3B--');
    expect(bad.status).to.equal(200);
    expect(bad.text).to.contain('Đã bỏ qua bộ lọc không hợp lệ');

    const [n] = await rows('SELECT id FROM notifications WHERE recipient_user_id = $1', [staff.user.id]);
    let res = await page.post(`/thong-bao/${n.id}/da-nhan`, { back: '/thong-bao?trang_thai=mo' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/thong-bao?trang_thai=mo');
    html = (await page.get('/thong-bao?trang_thai=mo')).text;
    expect(html).to.contain('Đã ghi nhận: bạn đã nhận cảnh báo này.');
    expect(html).to.match(/data-testid="alert-status">Đã nhận/);
    const [a] = await rows('SELECT acknowledged_by_user_id, status FROM alerts');
    expect(a).to.deep.equal({ acknowledged_by_user_id: String(staff.user.id), status: 'open' });

    // "Việc hôm nay" counts the open alerts, the case page lists them
    const today = (await page.get('/')).text;
    expect(today).to.match(/data-testid="alert-counts"[\s\S]*?<strong>1<\/strong> cảnh báo nghiêm trọng/);
    const casePage = (await page.get(`/cases/${caseId}`)).text;
    expect(casePage).to.match(
      /data-testid="case-alerts"[\s\S]*?data-rule="waiting_limit" data-status="open"[\s\S]*?Quá hạn/,
    );

    res = await page.post(`/thong-bao/${n.id}/da-xu-ly`, { note: 'Đã hẹn bay ngày 10/12' });
    expect(res.status).to.equal(303);
    html = (await page.get('/thong-bao')).text;
    expect(html).to.contain('Đã đánh dấu cảnh báo là đã xử lý.');
    expect(html).to.match(/data-testid="alert-status">Đã xử lý/);
    expect(await rows('SELECT status, resolution, resolution_note, resolved_by_user_id FROM alerts')).to.deep.equal([
      {
        status: 'resolved',
        resolution: 'manual',
        resolution_note: 'Đã hẹn bay ngày 10/12',
        resolved_by_user_id: String(staff.user.id),
      },
    ]);
    // resolved by hand, it stays resolved while its condition holds at that stage: the next scan neither reopens
    // nor retells it
    expect(await scanAlerts('2026-11-30')).to.include({ reopened: 0, notifications: 0 });
    expect((await page.get(`/cases/${caseId}`)).text).to.match(
      /data-rule="waiting_limit" data-status="resolved"[\s\S]*?Đã xử lý/,
    );
    // but "Đã xử lý" does not silence a breach: past the grace period it reopens and escalates to the province
    const province = await makeUser('province_officer');
    expect(await scanAlerts('2026-12-05')).to.include({ reopened: 1 });
    expect((await rows('SELECT status, stage, reopened_count FROM alerts'))[0]).to.deep.equal({
      status: 'open',
      stage: 20,
      reopened_count: 1,
    });
    const [up] = await rows('SELECT title FROM notifications WHERE recipient_user_id = $1', [province.user.id]);
    expect(up.title).to.match(/^Chuyển lên cấp trên – quá hạn chưa xử lý/);
    // the inbox's actions come back to the filtered list they were taken from
    html = (await page.get('/thong-bao?muc=critical')).text;
    expect(html).to.contain('name="back" value="/thong-bao?muc&#x3D;critical"'); // "=" as the page escapes it
  });

  it("another user's notification cannot be acknowledged or resolved; the worker sees hers in plain words and only acknowledges", async () => {
    const { staff, worker } = await overdueCase();
    const stranger = await makeUser('agency_staff');
    const [n] = await rows('SELECT id FROM notifications WHERE recipient_user_id = $1', [staff.user.id]);
    const other = new PageSession(stranger);
    await other.post(`/thong-bao/${n.id}/da-xu-ly`, {});
    expect((await other.get('/thong-bao')).text).to.contain('Không đánh dấu được');
    await other.post(`/thong-bao/${n.id}/da-nhan`, {});
    expect((await rows('SELECT status, acknowledged_at FROM alerts'))[0]).to.deep.equal({
      status: 'open',
      acknowledged_at: null,
    });

    const account = await makeUser('worker', { workerId: worker.id });
    const portal = new PageSession(account);
    const html = (await portal.get('/thong-bao')).text;
    expect(html).to.contain('Đã quá hạn: Bạn đã chờ xuất cảnh lâu.');
    expect(html).to.not.contain('R15');
    expect(html).to.not.contain('Đánh dấu đã xử lý');
    const [mine] = await rows('SELECT id FROM notifications WHERE recipient_worker_id = $1', [worker.id]);
    await portal.post(`/thong-bao/${mine.id}/da-xu-ly`, {});
    expect((await rows('SELECT status FROM alerts'))[0].status).to.equal('open');
    await portal.post(`/thong-bao/${mine.id}/da-nhan`, {});
    const [acked] = await rows('SELECT acknowledged_at IS NOT NULL AS yes FROM notifications WHERE id = $1', [mine.id]);
    expect(acked.yes).to.equal(true);
  });

  it('the admin reads the rules catalogue with the lead times in force; other roles are refused', async () => {
    await overdueCase();
    const admin = new PageSession(await makeUser('admin'));
    const html = (await admin.get('/admin/canh-bao')).text;
    expect(html).to.match(
      /data-rule="waiting_limit"[\s\S]*?R15[\s\S]*?30 ngày trước hạn[\s\S]*?<td>1<\/td><td>1<\/td>/,
    );
    expect(html).to.match(/data-rule="grant_processing_province"[\s\S]*?2 ngày làm việc trước hạn/);
    expect(html).to.match(/data-rule="budget_committed"[\s\S]*?trên 90%/);
    expect(html).to.contain('5 ngày làm việc');
    const staff = new PageSession(await makeUser('agency_staff'));
    expect((await staff.get('/admin/canh-bao')).status).to.equal(403);
  });

  it('the account page keeps a bad address beside its field, saves a good one and the opt-out, and says so', async () => {
    const officer = await makeUser('province_officer');
    const page = new PageSession(officer);
    expect((await page.get('/tai-khoan')).text).to.contain('Thư tổng hợp cảnh báo hằng ngày');
    let res = await page.post('/tai-khoan', { email: 'khong-phai-dia-chi' });
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('Địa chỉ thư không hợp lệ');
    expect(res.text).to.contain('value="khong-phai-dia-chi"');
    res = await page.post('/tai-khoan', { email: ' Can.Bo@SoLdtbxh.gov.vn ', digestOptOut: 'on' });
    expect(res.status).to.equal(303);
    expect((await page.get('/tai-khoan')).text).to.contain('Đã lưu cài đặt tài khoản.');
    expect(await rows('SELECT email, digest_opt_out FROM users WHERE id = $1', [officer.user.id])).to.deep.equal([
      { email: 'can.bo@soldtbxh.gov.vn', digest_opt_out: true },
    ]);
    // the audit names the field, never the address
    const [audit] = await rows(
      "SELECT before, after, sensitive_fields FROM audit_log WHERE action = 'user.settings_updated'",
    );
    expect(JSON.stringify(audit)).to.not.contain('soldtbxh');
    expect(audit.sensitive_fields).to.include('email');
    // a worker's alerts go to her portal inbox: her account page offers no digest
    const worker = new PageSession(await makeUser('worker'));
    const mine = (await worker.get('/tai-khoan')).text;
    expect(mine).to.contain('Các việc cần làm và cảnh báo về hồ sơ của bạn hiện ở mục');
    expect(mine).to.not.contain('name="email"');
    // the admin enters one on the user form
    const admin = new PageSession(await makeUser('admin'));
    res = await admin.post(`/admin/users/${officer.user.id}`, {
      displayName: 'Cán bộ Sở',
      role: 'province_officer',
      provinceCode: '38',
      email: 'so@thanhhoa.gov.vn',
      active: 'on',
    });
    expect(res.status).to.equal(303);
    expect(await rows('SELECT email, digest_opt_out FROM users WHERE id = $1', [officer.user.id])).to.deep.equal([
      { email: 'so@thanhhoa.gov.vn', digest_opt_out: false },
    ]);
    // and clears it: the digests stop
    res = await admin.post(`/admin/users/${officer.user.id}`, {
      displayName: 'Cán bộ Sở',
      role: 'province_officer',
      provinceCode: '38',
      email: '',
      active: 'on',
    });
    expect(res.status).to.equal(303);
    expect((await rows('SELECT email FROM users WHERE id = $1', [officer.user.id]))[0].email).to.equal(null);
  });

  it('moved to another agency, a staff member no longer sees, counts or resolves the old agency’s alerts', async () => {
    const { staff } = await overdueCase();
    const page = new PageSession(staff);
    expect((await page.get('/thong-bao')).text).to.contain('Quá hạn: Thời hạn 180 ngày');
    const [n] = await rows('SELECT id FROM notifications WHERE recipient_user_id = $1', [staff.user.id]);
    expect((await composeDigest({ id: staff.user.id, displayName: 'Lan' }, '2026-11-29'))?.count).to.equal(1);
    const other = await makeUser('agency_staff');
    await rows('UPDATE users SET agency_id = $2 WHERE id = $1', [staff.user.id, other.user.agencyId]);
    const html = (await page.get('/thong-bao')).text;
    expect(html).to.not.contain('Thời hạn 180 ngày');
    expect(html).to.contain('Chưa có thông báo nào.');
    await page.post(`/thong-bao/${n.id}/da-xu-ly`, {});
    expect((await rows('SELECT status FROM alerts'))[0].status).to.equal('open');
    expect((await page.get('/')).text).to.match(/<strong>0<\/strong> cảnh báo cần xử lý/);
    // nor is e-mailed them
    expect(await composeDigest({ id: staff.user.id, displayName: 'Lan' }, '2026-11-29')).to.equal(null);
  });

  it('the inbox pages 50 at a time, older ones after the last shown, with its filters kept', async () => {
    const staff = await makeUser('agency_staff');
    const other = await makeUser('agency_staff');
    // 55 notices written at the same instant (as one scan writes them), and one of another user
    await rows(
      `INSERT INTO notifications (recipient_user_id, kind, title, idempotency_key, severity, created_at)
       SELECT $1, 'test', 'Thông báo số ' || g, 'page:' || g, 'warning', '2026-11-27T02:00:00Z' FROM generate_series(1, 55) g`,
      [staff.user.id],
    );
    const [theirs] = await rows(
      "INSERT INTO notifications (recipient_user_id, kind, title, idempotency_key) VALUES ($1, 'test', 'Của người khác', 'page:x') RETURNING id",
      [other.user.id],
    );
    const page = new PageSession(staff);
    const first = (await page.get('/thong-bao?muc=warning')).text;
    expect(first.match(/data-testid="inbox-item"/g)).to.have.length(50);
    const older = /href="(\/thong-bao\?[^"]*truoc[^"]*)" data-testid="older"/
      .exec(first)![1]
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    expect(older).to.contain('muc=warning');
    const second = (await page.get(older)).text;
    expect(second.match(/data-testid="inbox-item"/g)).to.have.length(5);
    expect(second).to.not.contain('data-testid="older"');
    expect(second).to.contain('« Mới nhất');
    const shown = [...(first + second).matchAll(/Thông báo số (\d+)/g)].map((m) => Number(m[1]));
    expect(new Set(shown).size).to.equal(55);
    // another user's notification as the cursor pages nothing
    expect((await page.get(`/thong-bao?truoc=${theirs.id}`)).text).to.contain('Chưa có thông báo nào.');
  });
});
