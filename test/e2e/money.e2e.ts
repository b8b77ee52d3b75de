// The worker's money in the browser (issue 17): staff record the blocked account and the deposit (a deposit over the
// Taiwan cap is refused beside the form, the amount kept), liquidate the contract on the case page, give the deposit
// back with the bank's interest, and the worker sees it in her statement on her phone.
import { expect } from 'chai';
import pg from 'pg';
import { baseUrl, databaseUrl, newPage } from './setup';
import { axe } from './checks';

const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const shift = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const typed = (days: number) => shift(days).split('-').reverse().join('/');

describe('money: deposit, liquidation, refund and the statement (browser)', () => {
  it('staff record a deposit (the cap refused first), liquidate, refund it with interest; the worker sees it', async function () {
    this.timeout(180_000);
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    let c: { id: string; worker_id: string; date_of_birth: string };
    try {
      // a demo case on a Taiwan order (12,000,000 đồng cap) with the contract signed and nothing on its ledger yet
      [c] = (
        await db.query(
          `SELECT c.id, c.worker_id, to_char(w.date_of_birth, 'DD/MM/YYYY') AS date_of_birth
           FROM cases c JOIN job_orders o ON o.id = c.job_order_id JOIN workers w ON w.id = c.worker_id
           JOIN users u ON u.username = 'agency' AND u.agency_id = c.agency_id
           WHERE o.destination_country = 'TW' AND o.deposit_vnd = 12000000 AND c.state = 'visa_processing'
             AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.case_id = c.id)
             AND NOT EXISTS (SELECT 1 FROM users x WHERE x.worker_id = c.worker_id)
           ORDER BY c.id LIMIT 1`,
        )
      ).rows;
      expect(c, 'a demo TW case in visa processing').to.not.equal(undefined);

      const page = await newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${baseUrl}/login?next=/cases/${c.id}`);
      await page.fill('#username', 'agency');
      await page.fill('#password', 'demo1234');
      await page.click('button[type=submit]');
      await page.waitForURL(`${baseUrl}/cases/${c.id}`);
      await page.click('[data-testid=money-panel] a');
      await page.waitForURL(`${baseUrl}/cases/${c.id}/tien`);

      // the blocked account in her name (R10), the employer's acceptance a week ago
      await page.fill('#account-bankName', 'Ngân hàng TMCP Ngoại thương Việt Nam');
      await page.fill('#account-accountNumber', '0011 0099 8877');
      await page.fill('#account-agreementOn', typed(-7));
      await page.fill('#account-employerAcceptedOn', typed(-7));
      await page.click('[data-testid=account-form] button[type=submit]');
      await page.waitForURL(new RegExp(`/cases/${c.id}/tien`));
      expect(await page.innerText('[data-testid=flash]')).to.contain('Đã lưu tài khoản phong tỏa');

      // 1 đồng over the Taiwan cap: refused beside the form, with the rule and both figures; what was typed stays
      await page.selectOption('#entry-kind', 'deposit_received');
      await page.fill('#entry-amountVnd', '12.000.001');
      await page.fill('#entry-occurredOn', typed(-5));
      await page.selectOption('#entry-method', 'blocked_account');
      await page.fill('#entry-reference', 'GD-E2E-1');
      await page.click('[data-testid=entry-form] button[type=submit]');
      const refusal = await page.innerText('[data-testid=entry-refusal]');
      expect(refusal)
        .to.contain('R9 — Mức ký quỹ tối đa')
        .and.to.contain('12.000.000 ₫')
        .and.to.contain('12.000.001 ₫');
      expect(await page.inputValue('#entry-amountVnd')).to.equal('12.000.001');
      expect(await page.inputValue('#entry-reference')).to.equal('GD-E2E-1');
      await axe(page, 'tiền của hồ sơ (từ chối)');

      await page.fill('#entry-amountVnd', '12.000.000');
      await page.click('[data-testid=entry-form] button[type=submit]');
      await page.waitForURL(new RegExp(`/cases/${c.id}/tien`));
      expect(await page.innerText('[data-testid=flash]')).to.contain('Đã ghi: Nhận tiền ký quỹ 12.000.000 ₫');
      expect(await page.innerText('[data-testid=deposit-held]')).to.equal('12.000.000 ₫');

      // her contract runs and ends (set up directly: papers and flights are other tests' subject)
      await db.query(
        `UPDATE cases SET state = 'returned', version = version + 1, departed_on = $2, labour_contract_start_on = $2,
           labour_contract_end_on = $3, returned_on = $3, return_outcome = 'on_time' WHERE id = $1`,
        [c.id, shift(-4), shift(-2)],
      );
      await page.goto(`${baseUrl}/cases/${c.id}`);
      await page.fill('#liquidate-liquidatedOn', typed(-1));
      await page.click('button[data-action=liquidate]');
      await page.locator('dialog[data-testid=confirm-dialog] button[value=yes]').click();
      await page.waitForSelector('[data-testid=flash]');
      expect(await page.textContent('hgroup p')).to.contain('Đã thanh lý');

      // the refund: principal and the bank's demand-rate interest
      await page.goto(`${baseUrl}/cases/${c.id}/tien`);
      expect(await page.innerText('[data-testid=money-obligations]')).to.contain('Hoàn trả tiền ký quỹ');
      await page.fill('#refund-interestRatePercent', '0,5');
      await page.fill('#refund-reference', 'UNC-E2E');
      await page.click('[data-testid=refund-form] button[type=submit]');
      await page.waitForURL(new RegExp(`/cases/${c.id}/tien`));
      expect(await page.innerText('[data-testid=flash]')).to.contain('Đã ghi hoàn trả tiền ký quỹ 12.00');
      expect(await page.innerText('[data-testid=deposit-held]')).to.equal('0 ₫');
      expect(await page.locator('[data-testid=ledger] tbody tr[data-kind=deposit_received]').count()).to.equal(1);
      expect(await page.innerText('[data-testid=ledger]'))
        .to.contain('Tiền lãi ký quỹ')
        .and.to.contain('lãi 0.5%/năm');
      await axe(page, 'tiền của hồ sơ (đã hoàn trả)');

      // the reconciliation no longer lists it
      await page.goto(`${baseUrl}/money/reconciliation`);
      expect(await page.innerText('[data-testid=reconciliation]')).not.to.contain('0011');
      await axe(page, 'đối soát');

      // her phone: activation, then "Tiền của tôi"
      await page.goto(`${baseUrl}/workers/${c.worker_id}`);
      const [slip] = await Promise.all([
        page.context().waitForEvent('page'),
        page.click('[data-testid=issue-code] button'),
      ]);
      await slip.waitForSelector('[data-testid=activation-code]');
      const code = (await slip.innerText('[data-testid=activation-code]')).trim();
      await slip.close();
      const phone = await newPage();
      await phone.setViewportSize({ width: 360, height: 780 });
      await phone.goto(`${baseUrl}/kich-hoat`);
      await phone.fill('#code', code);
      await phone.locator('#dateOfBirth').pressSequentially(c.date_of_birth.replace(/\//g, ''));
      await phone.fill('#password', 'mật khẩu của tôi 1');
      await phone.fill('#passwordConfirm', 'mật khẩu của tôi 1');
      await phone.click('form[data-testid=activate] button[type=submit]');
      await phone.waitForURL(`${baseUrl}/toi`);
      await phone.goto(`${baseUrl}/toi/tien`);
      const statement = await phone.innerText('[data-testid=statement]');
      expect(statement).to.contain('Bạn chưa trả khoản nào cao hơn mức luật cho phép');
      expect(statement).to.contain('Tiền môi giới');
      expect(await phone.innerText('[data-testid=deposit]'))
        .to.contain('Đã nộp 12.000.000 ₫')
        .and.to.contain('Đã hoàn trả');
      await axe(phone, 'tiền của tôi');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
      await phone.close();
      await page.close();
    } finally {
      await db.end();
    }
  });
});
