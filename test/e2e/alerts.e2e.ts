// Deadline alerts in the browser (issue 20): the admin runs the day's scan from the jobs page ("Chạy ngay") and sees
// its run recorded; the agency's staff find the alert in their inbox (severity, rule, worker, due date), acknowledge
// it and open the case, whose page lists it; the worker reads it on her phone in plain words; the admin reads the
// rules catalogue. axe-core on every page, at 1280 px and 360 px, and no sideways scroll on a phone.
import { expect } from 'chai';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { baseUrl, databaseUrl, newPage } from './setup';
import { phoneChecks, signIn } from './checks';

/** The page's checks (axe-core; on a phone no sideways scroll), and with E2E_SCREENSHOTS=<folder> a PNG of it. */
async function checks(page: Page, label: string) {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({
      path: `${process.env.E2E_SCREENSHOTS}/${label.replace(/[^\p{L}\d]+/gu, '-')}.png`,
      fullPage: true,
    });
  await phoneChecks(page, label);
}

async function signInAt(page: Page, username: string, next: string, width = 1280) {
  await page.setViewportSize({ width, height: 900 });
  await signIn(page, username, next);
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** Today in Vietnam plus n days, as the app counts them. */
function vietnamDay(n: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}
const vi = (iso: string) => iso.split('-').reverse().join('/');

describe('deadline alerts (browser)', () => {
  it('the scan run from the jobs page reaches the staff inbox, the case page and the worker’s phone', async function () {
    this.timeout(180_000);
    // the demo worker's case owes its EPS deposit (R14) in five days: warned ten days ahead
    const [c] = await query<{ id: string; agency_id: string; province_code: string; commune_code: string }>(
      `SELECT c.id, c.agency_id, w.province_code, w.commune_code FROM cases c
       JOIN users u ON u.username = 'worker' AND u.worker_id = c.worker_id JOIN workers w ON w.id = c.worker_id
       ORDER BY c.id LIMIT 1`,
    );
    expect(c, 'the demo worker has a case').to.not.equal(undefined);
    const due = vietnamDay(5);
    await query(
      `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, agency_id, province_code, commune_code)
       VALUES ('case', $1, 'eps_deposit', 'R14', $2, 'worker', 'open', $3, $4, $5)
       ON CONFLICT (subject_type, subject_id, kind) DO UPDATE SET due_on = EXCLUDED.due_on, status = 'open', met_on = NULL`,
      [c.id, due, c.agency_id, c.province_code, c.commune_code],
    );
    await query("UPDATE users SET email = 'lan@demo.hanhtrang.vn' WHERE username = 'agency'");

    // the admin runs the scan now and sees its run
    const admin = await newPage();
    await signInAt(admin, 'admin', '/admin/jobs');
    await checks(admin, 'jobs page (admin, 1280 px)');
    await admin.click('[data-schedule="alerts.scan"] button[type=submit]');
    await admin.waitForSelector('[data-testid=flash]');
    expect(await admin.innerText('[data-testid=flash]')).to.contain('Đã đưa công việc vào hàng đợi');
    for (let i = 0; i < 60; i += 1) {
      const [run] = await query<{ status: string }>(
        "SELECT status FROM job_runs WHERE job = 'alerts.scan' AND trigger = 'manual' ORDER BY id DESC LIMIT 1",
      );
      if (run?.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await admin.reload();
    expect(await admin.innerText('[data-testid=runs]')).to.match(/Chạy thủ công\s+\S+ \S+\s+[\d,.]+ giây\s+Thành công/);
    await admin.goto(`${baseUrl}/admin/canh-bao`);
    expect(await admin.innerText('[data-rule=eps_deposit]')).to.contain('R14');
    await checks(admin, 'rules catalogue (admin, 1280 px)');
    await admin.setViewportSize({ width: 360, height: 800 });
    await checks(admin, 'rules catalogue (admin, 360 px)');

    // the agency's staff: the alert in the inbox, acknowledged; the case page lists it
    const staff = await newPage();
    await signInAt(staff, 'agency', '/thong-bao?trang_thai=mo');
    const item = staff.locator('[data-testid=inbox-item]', { hasText: 'Ký quỹ EPS' }).first();
    const text = await item.innerText();
    expect(text).to.contain('Sắp đến hạn: Ký quỹ EPS tại Ngân hàng Chính sách xã hội');
    expect(text).to.contain('Lò Thị Mai');
    expect(text).to.contain(`Hạn: ${vi(due)}`);
    expect(text).to.contain('Căn cứ: R14');
    await checks(staff, 'inbox (agency, 1280 px)');
    await item.locator('button', { hasText: 'Đã nhận' }).click();
    await staff.waitForSelector('[data-testid=flash]');
    expect(await staff.innerText('[data-testid=flash]')).to.contain('bạn đã nhận cảnh báo này');
    expect(await staff.locator('[data-testid=inbox-item]', { hasText: 'Ký quỹ EPS' }).first().innerText()).to.contain(
      'Đã nhận',
    );
    await staff.locator('[data-testid=inbox-item]', { hasText: 'Ký quỹ EPS' }).first().locator('a').click();
    await staff.waitForURL(`${baseUrl}/cases/${c.id}`);
    expect(await staff.innerText('[data-testid=case-alerts] [data-rule=eps_deposit]')).to.contain('Sắp đến hạn');
    await checks(staff, 'case page with its alerts (agency, 1280 px)');
    await staff.setViewportSize({ width: 360, height: 800 });
    await staff.goto(`${baseUrl}/thong-bao`);
    await checks(staff, 'inbox (agency, 360 px)');
    await staff.goto(`${baseUrl}/tai-khoan`);
    expect(await staff.inputValue('#email')).to.equal('lan@demo.hanhtrang.vn');
    await checks(staff, 'account page (agency, 360 px)');

    // the worker on her phone: plain words, no rule codes
    const worker = await newPage();
    await signInAt(worker, 'worker', '/thong-bao', 360);
    const hers = await worker
      .locator('[data-testid=inbox-item]', { hasText: 'ký quỹ tại Ngân hàng' })
      .first()
      .innerText();
    expect(hers).to.contain(
      `Việc cần làm: Bạn cần ký quỹ tại Ngân hàng Chính sách xã hội nơi thường trú trước ngày ${vi(due)}.`,
    );
    expect(hers).to.not.contain('R14');
    await checks(worker, 'portal inbox (worker, 360 px)');
  });
});
