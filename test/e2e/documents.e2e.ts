// A contract issued from the case page, its PDF drawn by the job, and its QR's URL opened as anyone would: the
// public verify page says it is valid and signed, on a phone.
import { expect } from 'chai';
import pg from 'pg';
import { baseUrl, databaseUrl, newPage } from './setup';
import { axe } from './checks';

describe('generated documents (browser)', () => {
  it('staff issue a placement contract from the case page; its QR opens a verify page saying it is valid', async function () {
    this.timeout(120_000);
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    let caseId: string;
    try {
      [{ id: caseId }] = (
        await db.query(
          `SELECT c.id FROM cases c JOIN users u ON u.username = 'agency' AND u.agency_id = c.agency_id
           WHERE c.state IN ('selected', 'contract_signed') ORDER BY c.id LIMIT 1`,
        )
      ).rows as { id: string }[];
    } finally {
      await db.end();
    }
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/login?next=/cases/${caseId}`);
    await page.fill('#username', 'agency');
    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/cases/${caseId}`);
    await page.selectOption('#issue-template', 'placement_contract');
    await page.click('[data-testid=issue-document] button[type=submit]');
    await page.waitForURL(/\/documents\/\d+$/);
    expect(await page.innerText('[data-testid=flash]')).to.match(/Đã cấp số \d\d\/\d{4}\/HĐ-/);
    expect(await page.innerText('[data-testid=document] .doc-title')).to.match(/hợp đồng đưa người lao động/i);
    // the job draws the PDF within seconds (workers run in the app)
    let ready = false;
    for (let i = 0; i < 40 && !ready; i += 1) {
      await page.reload();
      ready = (await page.locator('[data-testid=doc-pdf]').count()) > 0;
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ready, 'the PDF link appears').to.equal(true);
    await axe(page, 'văn bản (xem trước) at 1280 px');
    const pdf = await page.request.get(
      await page.getAttribute('[data-testid=doc-pdf]', 'href').then((h) => `${baseUrl}${h}`),
    );
    expect(pdf.status()).to.equal(200);
    expect((await pdf.body()).subarray(0, 5).toString()).to.equal('%PDF-');

    // the QR's URL, opened on a phone by someone with no account
    const url = await page.getAttribute('[data-testid=verify-link]', 'href');
    expect(url).to.match(/\/verify\/[0-9A-Z]{12}\?p=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const phone = await newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto(url!);
    expect(await phone.getAttribute('[data-testid=verify-result]', 'data-result')).to.equal('valid');
    expect(await phone.innerText('[data-testid=verify-result]')).to.contain('Chữ ký số trong mã QR: đúng');
    const sideways = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(sideways).to.be.at.most(0);
    await axe(phone, 'kiểm tra văn bản at 360 px');
  });
});
