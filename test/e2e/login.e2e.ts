import { expect } from 'chai';
import { baseUrl, newPage } from './setup';

describe('sign in and out (browser)', () => {
  it('when the demo agency user signs in at /login, then they reach their agency, and signing out returns to /login', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/agencies`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await page.fill('#username', 'agency');
    await page.fill('#password', 'sai mat khau');
    await page.click('button[type=submit]');
    expect(await page.textContent('[data-testid=login-error]')).to.contain('không đúng');

    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/agencies`);
    expect(await page.textContent('main')).to.contain('Công ty Cổ phần Nhân lực Hành Trang Demo');
    expect(await page.textContent('main')).not.to.contain('COLAB');

    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login$/);
    await page.goto(`${baseUrl}/agencies`);
    expect(new URL(page.url()).pathname).to.equal('/login');
    await page.close();
  });
});
