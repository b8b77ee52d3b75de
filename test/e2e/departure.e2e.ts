import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { baseUrl, newPage } from './setup';

// A selected demo case (Vi Thị Hoa, Japan technical interns) taken through training, papers, contract and departure.
describe('a selected case to departure (browser)', () => {
  it('when staff train, record papers, sign and prepare in the pages, then the worker departs', async () => {
    const page = await newPage();
    const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-')), 'ho-chieu.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const shift = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    // what a person types in the page: dd/mm/yyyy
    const typed = (days: number) => shift(days).split('-').reverse().join('/');
    page.on('dialog', (d) => void d.accept());

    await page.goto(`${baseUrl}/login?next=/cases`);
    await page.fill('#username', 'agency');
    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/cases`);
    await page.click('section[data-state=selected] >> text=Vi Thị Hoa');
    await page.waitForURL(/\/cases\/\d+$/);
    const caseUrl = page.url();
    const caseId = caseUrl.split('/').pop()!;

    // training: an orientation course for Japan, attendance, a pass → the orientation certificate
    await page.goto(`${baseUrl}/training`);
    await page.selectOption('#course-kind', 'orientation');
    await page.selectOption('#course-market', 'JP');
    await page.fill('#course-name', 'Giáo dục định hướng Nhật Bản');
    await page.fill('#course-provider', 'Trung tâm đào tạo Hành Trang');
    await page.fill('#course-starts', typed(-20));
    await page.fill('#course-ends', typed(-1));
    await page.click('form[method=post][action="/training"] button[type=submit]');
    await page.waitForURL(`${baseUrl}/training`);
    await page.click('text=Giáo dục định hướng Nhật Bản');
    await page.waitForURL(/\/training\/\d+$/);
    await page.selectOption('#enrol-worker', {
      label: await page.locator('#enrol-worker option', { hasText: 'Vi Thị Hoa' }).first().innerText(),
    });
    await page.fill('input[name=caseId]', caseId);
    await page.click('form[action$="/enrolments"] button[type=submit]');
    await page.fill('input[name=day]', typed(-2));
    await page.click('[data-testid=attendance-form] button[type=submit]');
    expect(await page.textContent('[data-testid=attendance-form] tbody')).to.contain('Vi Thị Hoa');
    const result = page.locator('form[data-result-for]');
    await result.locator('input[name=certificateNumber]').fill('GDĐH-E2E-01');
    await result.locator('button[type=submit]').click();
    await page.waitForURL(/\/training\/\d+$/);
    expect(await page.textContent('[data-testid=attendance-form] tbody')).to.contain('GDĐH-E2E-01');

    // contract, then the papers: passport on the worker, visa on the case, Fund and planned departure
    await page.goto(caseUrl);
    await page.click('button[data-action=sign_contract]');
    await page.waitForURL(caseUrl);
    await page.click('button[data-action=start_visa]');
    await page.waitForURL(caseUrl);
    await page.click('a[href^="/workers/"]');
    await page.waitForURL(/\/workers\/\d+$/);
    await page.click('[data-testid=paper-upload] >> xpath=..//summary');
    await page.selectOption('[data-testid=paper-upload] select[name=kind]', 'passport');
    await page.fill('[data-testid=paper-upload] input[name=number]', 'C9876543');
    await page.fill('[data-testid=paper-upload] input[name=issuingBody]', 'Cục Quản lý xuất nhập cảnh');
    await page.fill('[data-testid=paper-upload] input[name=issuedOn]', typed(-60));
    await page.fill('[data-testid=paper-upload] input[name=expiresOn]', typed(3650));
    await page.setInputFiles('[data-testid=paper-upload] input[name=scan]', pdf);
    await page.click('[data-testid=paper-upload] button[type=submit]');
    await page.waitForURL(/\/workers\/\d+/);
    expect(await page.getAttribute('tr[data-kind=passport]', 'data-status')).to.equal('valid');

    await page.goto(caseUrl);
    await page.click('[data-testid=paper-upload] >> xpath=..//summary');
    await page.selectOption('[data-testid=paper-upload] select[name=kind]', 'visa');
    await page.fill('[data-testid=paper-upload] input[name=number]', 'JP-VISA-1');
    await page.fill('[data-testid=paper-upload] input[name=issuingBody]', 'Đại sứ quán Nhật Bản');
    await page.fill('[data-testid=paper-upload] input[name=issuedOn]', typed(-5));
    await page.fill('[data-testid=paper-upload] input[name=expiresOn]', typed(365));
    await page.click('[data-testid=paper-upload] button[type=submit]');
    await page.waitForURL(new RegExp(`/cases/${caseId}`));
    await page.click('[data-testid=facts-form] >> xpath=..//summary');
    // dates are typed as people type them: the digits of dd/mm/yyyy, the slashes come by themselves
    const planned = page.locator('[data-testid=facts-form] input[name=plannedDepartureOn]');
    await planned.fill('');
    await planned.pressSequentially(today.split('-').reverse().join(''));
    expect(await planned.inputValue()).to.equal(today.split('-').reverse().join('/'));
    await page.click('[data-testid=facts-form] button[type=submit]');
    await page.waitForURL(caseUrl);
    // the Fund contribution (R13) is a ledger entry: recorded on the case's money tab
    await page.click('a[href$="/tien"]');
    await page.waitForURL(`${caseUrl}/tien`);
    await page.selectOption('#entry-kind', 'fund_contribution_paid');
    await page.fill('#entry-amountVnd', '100.000');
    await page.fill('#entry-occurredOn', typed(-4));
    await page.click('[data-testid=entry-form] button[type=submit]');
    await page.waitForURL(new RegExp(`/cases/${caseId}/tien`));
    expect(await page.innerText('[data-testid=flash]')).to.contain(
      'Đã ghi: Đóng Quỹ Hỗ trợ việc làm ngoài nước 100.000 ₫',
    );
    await page.goto(caseUrl);
    expect(await page.getAttribute('tr[data-kind=orientation_certificate]', 'data-status')).to.equal('valid');

    await page.click('button[data-action=mark_ready]');
    await page.waitForURL(caseUrl);
    await page.click('button[data-action=depart]');
    await page.waitForURL(caseUrl);
    expect(await page.textContent('hgroup p')).to.contain('Đã xuất cảnh');
    const timeline = await page.textContent('[data-testid=timeline]');
    expect(timeline).to.match(/Xuất cảnh\s*: Sẵn sàng xuất cảnh → Đã xuất cảnh/);
    expect(timeline).not.to.contain('depart');
    await page.close();
  });
});
