// Each role's day through the pages only, in a real browser, with axe-core checking every page it visits at
// 1280 px and 360 px: agency staff register a worker, open an order and take a case from selection to return
// (extension and notice included); commune and province officers find a resident's case and read their dashboard;
// an admin makes an account with the pickers. Also: a forged ?msg= shows nothing.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { baseUrl, newPage } from './setup';
import { axeViolations, signIn } from './checks';

const PDF = { name: 'ban-quet.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% ban quet\n') };
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const shift = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** Every page checked by axe-core at both widths; a violation fails with its rule and the elements it found. */
const checked = new Set<string>();
async function axe(page: Page, label: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await axeViolations(page), `${label} at ${width} px`).to.deep.equal([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  checked.add(label);
}

/** Clicks an action's button on the case page and waits for the page to come back with its message. */
async function act(page: Page, action: string) {
  await page.click(`button[data-action=${action}]`);
  await page.waitForSelector('[data-testid=flash]');
}

describe("each role's day through the pages (browser, axe-core at 1280 and 360 px)", () => {
  it('agency staff: a worker registered, an order opened, a case from selection through departure, extension, return and notice', async function () {
    this.timeout(180_000);
    const page = await newPage();
    await signIn(page, 'agency');
    expect(await page.textContent('h1')).to.equal('Việc hôm nay');
    await axe(page, 'việc hôm nay (doanh nghiệp)');

    // a worker, with her consent scan, living in Xã Hồi Xuân
    await page.goto(`${baseUrl}/workers/new`);
    await axe(page, 'đăng ký người lao động');
    await page.fill('#fullName', 'Hà Thị Lan Anh');
    await page.fill('#dateOfBirth', '14/02/2001');
    await page.selectOption('#sex', 'female');
    await page.fill('#cccd', '038301555777');
    await page.selectOption('#provinceCode', '38');
    await page.waitForSelector('#communeCode option[value="14869"]', { state: 'attached' });
    await page.selectOption('#communeCode', '14869');
    await page.fill('#evidence', 'Phiếu đồng ý số 7/2026');
    await page.setInputFiles('#fileId', PDF);
    await page.click('form[action^="/workers?"] button[type=submit]');
    await page.waitForURL(/\/workers\/\d+$/);
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã đăng ký');
    const workerUrl = page.url();

    // her passport and orientation certificate, on her page
    for (const [kind, number, issuer, issued, expires] of [
      ['passport', 'C5551234', 'Cục Quản lý xuất nhập cảnh', shift(-90), shift(3600)],
      ['orientation_certificate', 'GDĐH-2026-77', 'Trung tâm đào tạo Hành Trang', shift(-10), ''],
    ]) {
      await page.click('[data-testid=paper-upload] >> xpath=..//summary');
      await page.selectOption('#paper-kind', kind);
      await page.fill('#paper-number', number);
      await page.fill('#paper-issuingBody', issuer);
      await page.fill('#paper-issuedOn', dmy(issued));
      if (expires) await page.fill('#paper-expiresOn', dmy(expires));
      if (kind === 'orientation_certificate') {
        await page.selectOption('#paper-market', 'JP');
        await page.selectOption('#paper-jobCategory', 'jp_tts_1_2');
      }
      await page.setInputFiles('#paper-scan', PDF);
      await page.click('[data-testid=paper-upload] button[type=submit]');
      await page.waitForSelector('[data-testid=flash]');
      expect(await page.textContent('[data-testid=flash]'), (await page.textContent('main')) ?? '').to.contain(
        'Đã lưu giấy tờ',
      );
      expect(page.url()).to.equal(workerUrl);
    }
    await axe(page, 'hồ sơ người lao động');

    // a job order, drafted then opened (its rules pass: the page says so)
    await page.goto(`${baseUrl}/job-orders/new`);
    await axe(page, 'tạo đơn hàng');
    await page.fill('#reference', 'JP-E2E-2026');
    await page.fill('#employerName', 'Nghiệp đoàn Fuji (Shizuoka)');
    await page.selectOption('#employerCountry', 'JP');
    await page.selectOption('#destinationCountry', 'JP');
    await page.selectOption('#jobCategory', 'jp_tts_1_2');
    await page.fill('#jobTitle', 'Thực tập sinh may mặc');
    await page.fill('#headcount', '5');
    await page.fill('#salaryMajor', '180.000');
    await page.selectOption('#salaryCurrency', 'JPY');
    await page.fill('#contractMonths', '36');
    await page.fill('#fxRate', '170,5');
    await page.fill('#fxRateDate', dmy(shift(-3)));
    await page.fill('#fxRateSource', 'Tỷ giá trung tâm NHNN');
    await page.fill('#serviceFeeVnd', '30.000.000');
    await page.selectOption('#supplyRegStatus', 'approved');
    await page.fill('#supplyRegNumber', '2207/QLLĐNN-NB');
    await page.fill('#supplyRegDate', dmy(shift(-20)));
    await page.fill('#recruitFrom', dmy(shift(-10)));
    await page.fill('#recruitTo', dmy(shift(60)));
    await page.click('form[action="/job-orders"] button[type=submit]');
    await page.waitForURL(/\/job-orders\/\d+$/);
    await page.click('button[data-action=open]');
    await page.waitForSelector('[data-testid=flash]');
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đang tuyển');
    await axe(page, 'đơn hàng');
    const orderId = page.url().split('/').pop()!;

    // on the board: her case by CCCD, then found by her name without accents
    await page.goto(`${baseUrl}/cases`);
    await axe(page, 'bảng hồ sơ');
    await page.click('details:has(#new-case-cccd) summary');
    await page.fill('#new-case-cccd', '038301555777');
    await page.selectOption('details:has(#new-case-cccd) select[name=jobOrderId]', orderId);
    await page.click('details:has(#new-case-cccd) button[type=submit]');
    await page.waitForURL(/\/cases\/\d+$/);
    const caseUrl = page.url();
    await page.goto(`${baseUrl}/cases?q=${encodeURIComponent('ha thi lan anh')}`);
    expect(await page.textContent('.board')).to.contain('Hà Thị Lan Anh');

    // selection to departure, each step from the case page
    await page.goto(caseUrl);
    await axe(page, 'hồ sơ (đăng ký)');
    await act(page, 'prescreen');
    await page.fill('#select-selectedOn', dmy(shift(-2)));
    await act(page, 'select');
    await act(page, 'sign_contract');
    await act(page, 'start_visa');
    await page.click('[data-testid=paper-upload] >> xpath=..//summary');
    await page.selectOption('#paper-kind', 'visa');
    await page.fill('#paper-number', 'JP-VISA-E2E');
    await page.fill('#paper-issuingBody', 'Đại sứ quán Nhật Bản');
    await page.fill('#paper-issuedOn', dmy(shift(-1)));
    await page.fill('#paper-expiresOn', dmy(shift(365)));
    await page.click('[data-testid=paper-upload] button[type=submit]');
    await page.waitForURL(caseUrl);
    await page.click('[data-testid=facts-form] >> xpath=..//summary');
    await page.fill('#facts-plannedDepartureOn', dmy(today));
    await page.click('[data-testid=facts-form] button[type=submit]');
    await page.waitForURL(caseUrl);
    // the Fund contribution (R13) on the case's money tab
    await page.goto(`${caseUrl}/tien`);
    await page.selectOption('#entry-kind', 'fund_contribution_paid');
    await page.fill('#entry-amountVnd', '100.000');
    await page.fill('#entry-occurredOn', dmy(shift(-4)));
    await page.click('[data-testid=entry-form] button[type=submit]');
    await page.waitForURL(new RegExp(`${caseUrl}/tien`));
    await axe(page, 'tiền của hồ sơ');
    await page.goto(caseUrl);
    await act(page, 'mark_ready');
    await act(page, 'depart');
    expect(await page.textContent('hgroup p')).to.contain('Đã xuất cảnh');
    await axe(page, 'hồ sơ (đã xuất cảnh)');

    // an extension, a refused form that keeps what was typed, the return and a notice
    await page.fill('#extend-newEndOn', '31/02/2030');
    await page.click('button[data-action=extend]');
    expect(await page.textContent('#extend-newEndOn-error')).to.contain('ngày hợp lệ');
    expect(await page.inputValue('#extend-newEndOn')).to.equal('31/02/2030');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('extend-newEndOn');
    await page.fill('#extend-newEndOn', dmy(shift(365 * 4)));
    await act(page, 'extend');
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã ghi nhận');
    await page.fill('#return-returnedOn', dmy(today));
    await page.selectOption('#return-outcome', 'early_not_at_fault');
    await act(page, 'return');
    await page.fill('#record_notice-sentOn', dmy(today));
    await page.fill('#record_notice-postalReceiptNumber', 'RR998877665VN');
    await act(page, 'record_notice');
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).to.contain('Gia hạn hợp đồng').and.contain('Về nước').and.contain('RR998877665VN');
    await axe(page, 'hồ sơ (đã về nước)');

    // the departures report with its confirmation form
    await page.goto(`${baseUrl}/reports/departures`);
    expect(await page.textContent('[data-testid=departures]')).to.contain('Hà Thị Lan Anh');
    await axe(page, 'báo cáo xuất cảnh');
    await page.close();
  });

  it("a commune officer finds a resident's case and reads her dashboard; a province officer his", async function () {
    this.timeout(120_000);
    const page = await newPage();
    await signIn(page, 'commune');
    expect(await page.textContent('h1')).to.equal('Việc hôm nay');
    await axe(page, 'việc hôm nay (xã)');
    // the board of her residents' cases: a name found again by typing it without accents
    await page.goto(`${baseUrl}/cases`);
    const name = (await page.textContent('.board article.card a strong'))!.trim();
    const folded = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase();
    await page.goto(`${baseUrl}/cases?q=${encodeURIComponent(folded)}`);
    await page.click(`.board >> text=${name}`);
    await page.waitForURL(/\/cases\/\d+$/);
    expect(await page.locator('form.action-form').count()).to.equal(0);
    expect(await page.locator('a[href^="/api/v1/files/"]').count()).to.equal(0);
    await axe(page, 'hồ sơ (cán bộ xã)');
    await page.goto(`${baseUrl}/reports/area`);
    expect(await page.textContent('h1')).to.contain('Tổng hợp địa bàn');
    expect(await page.locator('canvas#chart-months').count()).to.equal(1);
    await axe(page, 'tổng hợp địa bàn (xã)');
    await page.close();

    const province = await newPage();
    await signIn(province, 'province', '/reports/area');
    expect(await province.textContent('hgroup p')).to.contain('Tỉnh Thanh Hóa');
    await axe(province, 'tổng hợp địa bàn (tỉnh)');
    await province.close();
  });

  it('an admin makes an agency staff account with the pickers (agency by name, searched without accents)', async function () {
    this.timeout(60_000);
    const page = await newPage();
    await signIn(page, 'admin', '/admin/users/new');
    await axe(page, 'tạo người dùng');
    await page.fill('#username', 'nhan-vien-moi');
    await page.fill('#displayName', 'Đỗ Minh Châu');
    await page.selectOption('#role', 'agency_staff');
    // the search box above the agencies narrows the list
    await page.fill('input.filter-select >> nth=0', 'hanh trang demo');
    const visible = await page.$$eval('#agencyId option', (os) =>
      os.filter((o) => !(o as HTMLOptionElement).hidden && (o as HTMLOptionElement).value).map((o) => o.textContent),
    );
    expect(visible).to.have.length(1);
    await page.selectOption('#agencyId', { label: visible[0]! });
    await page.fill('#password', 'mat-khau-dai-du');
    await page.click('form[action="/admin/users"] button[type=submit]');
    await page.waitForURL(/\/admin\/users\/\d+$/);
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã tạo tài khoản');
    await page.close();
  });

  it('a forged ?msg= shows nothing: messages come only from the signed cookie', async () => {
    const page = await newPage();
    await signIn(page, 'agency', '/cases');
    await page.goto(`${baseUrl}/cases?msg=${encodeURIComponent('Tài khoản của bạn đã bị khoá, hãy gọi 0900000000')}`);
    expect(await page.locator('[data-testid=flash]').count()).to.equal(0);
    expect(await page.textContent('main')).not.to.contain('0900000000');
    await page.close();
  });

  after(() => {
    // the pages axe-core looked at (the closing note lists them)
    console.log(`      axe-core: ${checked.size} pages at 1280 and 360 px: ${[...checked].join(', ')}`);
  });
});
