// Job exchange sessions in the browser at 360 px (issue 22): the Thanh Hóa centre's staff, on a phone, plan a session
// for today, add a booth of the demo employer with its vacancies, register a job seeker and print her slip, then at
// the door check in two people — one by the code typed from her slip, one walk-in registered on the spot with a
// photo of her signed consent — record an interview and an introduction for the first, and open the session's counts.
// axe-core and no sideways scroll on every page (the problems of every page gathered and asserted at the end); the
// flow's own assertions fail at once. The demo's own sessions (one held two weeks ago, one next week) are listed.
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { baseUrl, newPage } from './setup';
import { phoneChecks, signIn } from './checks';

const problems: string[] = [];

async function checks(page: Page, label: string) {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({
      path: `${process.env.E2E_SCREENSHOTS}/${label.replace(/[^\p{L}\d]+/gu, '-')}.png`,
      fullPage: true,
    });
  try {
    await phoneChecks(page, label);
  } catch (err) {
    problems.push((err as Error).message);
  }
}

/** Today in Vietnam plus n days, as dd/mm/yyyy digits and ISO. */
function vietnamDay(n = 0): string {
  return new Date(Date.now() + 7 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
}
const vi = (iso: string) => iso.split('-').reverse().join('/');

async function typeDate(input: Locator, iso: string) {
  await input.fill('');
  await input.pressSequentially(vi(iso).replace(/\//g, ''));
  expect(await input.inputValue()).to.equal(vi(iso));
}

/** Sends a form and waits for the next page; a refusal fails with the page's own words. */
async function send(page: Page, button: Locator, url: RegExp) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  if (!url.test(page.url())) {
    const errors = await page
      .locator('.error-text, .error-summary, [data-testid=flash]')
      .allInnerTexts()
      .catch(() => []);
    expect.fail(`after sending the form: ${page.url()}, not ${String(url)}; the page says: ${errors.join(' | ')}`);
  }
}

describe('job exchange sessions (browser, 360 px)', () => {
  it('staff check in two people (a typed code, a walk-in), record an interview and an introduction, and read the counts', async function () {
    this.timeout(300_000);
    problems.length = 0;
    const run = String(Date.now()).slice(-6);
    const page = await newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await signIn(page, 'centre', '/viec-lam/phien');
    await checks(page, 'sessions list');
    // the demo's sessions: one held, one next week
    expect(await page.locator('[data-testid=past-sessions] tbody tr').count()).to.be.at.least(1);
    expect(await page.locator('.session-card').count()).to.be.at.least(1);

    // 1. plan a session for today
    await send(page, page.getByTestId('new-session'), /\/viec-lam\/phien\/moi$/);
    await checks(page, 'session form');
    await page.getByLabel('Tên phiên').fill(`Phiên giao dịch việc làm sáng nay ${run}`);
    await page.getByLabel('Hình thức').selectOption({ label: 'Phiên cố định' });
    await typeDate(page.getByLabel('Ngày tổ chức'), vietnamDay());
    await page.getByLabel('Giờ bắt đầu').fill('00:05');
    await page.getByLabel('Giờ kết thúc').fill('23:55');
    await page.getByLabel('Địa điểm').fill('Trung tâm Dịch vụ việc làm Thanh Hóa, số 23 Hạc Thành');
    await send(page, page.getByRole('button', { name: 'Lưu phiên' }), /\/viec-lam\/phien\/\d+$/);
    const sessionUrl = page.url();
    expect(await page.getByTestId('flash').innerText()).to.contain('Đã lên kế hoạch phiên');
    await checks(page, 'session page (new)');

    // 2. a booth: the demo employer with its open vacancies
    await send(page, page.getByTestId('add-booth'), /\/gian\/moi$/);
    await checks(page, 'booth: choose');
    await page
      .locator('select#employerId')
      .selectOption({ label: await page.locator('select#employerId option').nth(1).innerText() });
    await send(page, page.getByRole('button', { name: 'Tiếp tục' }).first(), /\/gian\/moi\?employerId=\d+$/);
    await checks(page, 'booth: vacancies and demand');
    await page.getByLabel('Trong tỉnh').fill('20');
    await send(page, page.getByRole('button', { name: 'Thêm gian' }), /\/viec-lam\/phien\/\d+/);
    expect(await page.locator('[data-booth]').count()).to.equal(1);

    // 3. register a job seeker and open her slip
    const seeker = page.locator('select#reg-jobSeekerId');
    const option = seeker.locator('option', { hasText: 'Hà Thị Nga' });
    await seeker.selectOption((await option.getAttribute('value'))!);
    await send(page, page.getByRole('button', { name: 'Đăng ký tham gia phiên' }), /\/viec-lam\/phien\/\d+/);
    const row = page.locator('[data-testid=registrations] tr', { hasText: 'Hà Thị Nga' });
    await send(page, row.getByRole('link', { name: 'In phiếu' }), /\/ve\/\d+$/);
    await checks(page, 'slip');
    const code = (await page.getByTestId('ticket-code').innerText()).trim();
    expect(code).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await page.locator('.qr svg').count()).to.equal(1);

    // 4. at the door: the typed code (lower case, no dashes: as a hurried hand types it)
    await page.goto(`${sessionUrl}/diem-danh`);
    await checks(page, 'check-in');
    await page.getByLabel('Mã vé, số CCCD hoặc họ tên').fill(code.replace(/-/g, '').toLowerCase());
    await send(page, page.getByTestId('check-in'), /\/diem-danh\?last=\d+$/);
    expect(await page.getByTestId('flash').innerText()).to.contain('Đã điểm danh: Hà Thị Nga');
    // a second time changes nothing and says when
    await page.getByLabel('Mã vé, số CCCD hoặc họ tên').fill(code);
    await send(page, page.getByTestId('check-in'), /\/diem-danh\?last=\d+$/);
    expect(await page.getByTestId('flash').innerText()).to.match(/đã điểm danh lúc \d{2}:\d{2}/);
    await checks(page, 'check-in (after a check-in)');

    // 5. a walk-in: registered through the worker registry with the photo of her signed consent, checked in at once
    await page.getByTestId('walk-in').locator('summary').click();
    const cccd = `0383${'00'}${run}`; // Thanh Hóa, a woman born in 2000
    const walkIn = page.getByTestId('walk-in-form');
    await walkIn.getByLabel('Số CCCD').fill(cccd);
    await walkIn.getByLabel('Họ và tên').fill(`Vi Thị Đến Cửa ${run.replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)])}`);
    await typeDate(walkIn.getByLabel('Ngày sinh'), '2000-02-02');
    await walkIn.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
    await walkIn.getByLabel('Ảnh chụp phiếu đồng ý đã ký').setInputFiles({
      name: 'phieu-dong-y.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% phieu dong y tai cua\n'),
    });
    await checks(page, 'check-in (walk-in form open)');
    await send(page, page.getByTestId('walk-in-submit'), /\/diem-danh\?last=\d+$/);
    expect(await page.getByTestId('flash').innerText()).to.contain('Đã đăng ký tại cửa và điểm danh: Vi Thị Đến Cửa');
    expect(await page.getByTestId('attendance').innerText()).to.match(/^2 \/ 2/);

    // 6. an interview and an introduction for the first person
    await page.goto(sessionUrl);
    await send(
      page,
      page.locator('[data-testid=registrations]').getByRole('link', { name: 'Hà Thị Nga' }),
      /\/nguoi\/\d+$/,
    );
    await checks(page, 'person at the session');
    await page.locator('details[data-form=interview] summary').click();
    await send(page, page.locator('button[data-action=interview]'), /\/nguoi\/\d+$/);
    expect(await page.getByTestId('flash').innerText()).to.contain('Đã ghi nhận: Phỏng vấn');
    await page.locator('details[data-form=introduction] summary').click();
    await send(page, page.locator('button[data-action=introduction]'), /\/nguoi\/\d+$/);
    expect(await page.getByTestId('flash').innerText()).to.contain('Đã giới thiệu');
    expect(await page.getByTestId('recorded').innerText()).to.match(/Phỏng vấn[\s\S]*Giới thiệu việc làm/);
    await checks(page, 'person at the session (recorded)');

    // 7. the counts
    await page.goto(`${sessionUrl}#so-lieu`);
    await checks(page, 'session page (counts)');
    const count = async (k: string) => (await page.locator(`[data-count=${k}]`).innerText()).trim();
    expect(await count('booths')).to.equal('1');
    expect(await count('registered')).to.equal('2');
    expect(await count('attended')).to.equal('2');
    expect(await count('interviewed')).to.equal('1');
    expect(await count('introduced')).to.equal('1');
    expect(await count('counselled')).to.equal('0');
    expect(await count('connections')).to.equal('0 trong nước');

    // the demo's held session: its counts include a hire
    await page.goto(`${baseUrl}/viec-lam/phien`);
    await send(page, page.locator('[data-testid=past-sessions] a').first(), /\/viec-lam\/phien\/\d+$/);
    expect(await count('connections')).to.equal('1 trong nước');
    await checks(page, 'session page (held demo)');

    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
