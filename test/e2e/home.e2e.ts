import { expect } from 'chai';
import { baseUrl, newPage } from './setup';

describe('home page (browser)', () => {
  it('when opened, then it renders its Vietnamese text and is readable at 360 px', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).to.equal('vi');
    expect(await page.textContent('h1')).to.equal('Hành Trang');
    expect(await page.textContent('main')).to.contain('Doanh nghiệp dịch vụ');
    expect(await page.textContent('[data-testid=today]')).to.match(/^\d{2}\/\d{2}\/\d{4}$/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, 'no horizontal scrolling at 360 px').to.equal(false);
    await page.close();
  });
});
