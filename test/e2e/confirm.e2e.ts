import { expect } from 'chai';
import { baseUrl, newPage } from './setup';

// A final action asks in a dialog where scripts run (the confirmation page is the same question without them).
describe('confirmation dialog (browser)', () => {
  it('when staff withdraw a registered case, then a dialog names what happens, and only its confirmation does it', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/login?next=/cases`);
    await page.fill('#username', 'agency');
    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/cases$/);
    const href = await page.getAttribute('[data-state=registered] article.card a', 'href');
    expect(href).to.match(/^\/cases\/\d+$/);
    await page.goto(baseUrl + href);
    const form = page.locator('form[data-form=withdraw]');
    await form.locator('textarea[name=reason], input[name=reason]').fill('Người lao động đổi ý, không đi nữa');
    await form.locator('button[data-action=withdraw]').click();
    const dialog = page.locator('dialog[data-testid=confirm-dialog]');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).to.contain('Hồ sơ kết thúc ở bước «Rút hồ sơ»');
    // "Quay lại": nothing happens
    await dialog.locator('button[value=no]').click();
    expect(await page.textContent('hgroup p')).not.to.contain('Rút hồ sơ');
    await form.locator('button[data-action=withdraw]').click();
    await dialog.locator('button[value=yes]').click();
    await page.waitForSelector('[data-testid=flash]');
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã chuyển sang «Rút hồ sơ»');
    await page.close();
  });
});
