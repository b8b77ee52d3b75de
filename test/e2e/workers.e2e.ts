import { expect } from 'chai';
import { baseUrl, newPage } from './setup';

const SCAN = {
  name: 'phieu-dong-y.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n% phieu dong y\n'),
};

describe('worker registry (browser)', () => {
  it('when agency staff register a worker with diacritics, then an unaccented search finds them with a masked CCCD', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/login?next=/workers/new`);
    await page.fill('#username', 'agency');
    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/workers/new`);

    await page.fill('#fullName', 'Lường Thị Ngọc Diệp');
    await page.fill('#dateOfBirth', '2003-08-19');
    await page.selectOption('#sex', 'female');
    await page.fill('#cccd', '038303777001');
    await page.fill('#evidence', 'Phiếu đồng ý số 99/2026');
    await page.setInputFiles('#fileId', SCAN);
    await page.click('form[action^="/workers?"] button[type=submit]');
    await page.waitForURL(/\/workers\/\d+$/);
    expect(await page.textContent('h1')).to.equal('Lường Thị Ngọc Diệp');

    await page.goto(`${baseUrl}/workers`);
    await page.fill('[data-testid=worker-search]', 'luong thi ngoc diep');
    await page.click('form[role=search] button[type=submit]');
    await page.waitForURL(/q=luong/);
    const table = await page.textContent('[data-testid=worker-list]');
    expect(table).to.contain('Lường Thị Ngọc Diệp');
    expect(table).to.contain('038******001');
    expect(table).not.to.contain('038303777001');

    // a CCCD that disagrees with the date of birth is explained inline, and nothing typed is lost
    await page.goto(`${baseUrl}/workers/new`);
    await page.fill('#fullName', 'Mè Văn Thắng');
    await page.fill('#dateOfBirth', '1990-01-01');
    await page.selectOption('#sex', 'male');
    await page.fill('#cccd', '038299111222');
    await page.fill('#evidence', 'Phiếu đồng ý số 100/2026');
    await page.setInputFiles('#fileId', SCAN);
    await page.click('form[action^="/workers?"] button[type=submit]');
    expect(await page.textContent('#cccd-error')).to.contain('Chữ số thứ 4');
    expect(await page.inputValue('#fullName')).to.equal('Mè Văn Thắng');
    // the scan already sent is kept: correcting the CCCD alone registers the worker
    expect(await page.textContent('[data-testid=consent-file-kept]')).to.contain('phieu-dong-y.pdf');
    await page.fill('#cccd', '038090111222');
    await page.click('form[action^="/workers?"] button[type=submit]');
    await page.waitForURL(/\/workers\/\d+$/);
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã đăng ký');
    expect(await page.getAttribute('[data-testid=consent-scan]', 'href')).to.match(/^\/api\/v1\/files\/\d+$/);
    await page.close();
  });
});
