// Support grants in the browser (issue 18): the commune officer certifies the demo worker's application (a refusal
// first, beside the form, what was chosen kept), the province officer approves it against the 2026 budget, and the
// worker sees the decision on her phone.
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'chai';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { baseUrl, databaseUrl, newPage } from './setup';

async function axe(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(
    result.violations.map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    ),
    label,
  ).to.deep.equal([]);
}

async function signIn(page: Page, username: string, next: string) {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo1234');
  await page.click('button[type=submit]');
  await page.waitForURL(`${baseUrl}${next}`);
}

async function row<T>(sql: string, params: unknown[] = []): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows[0] as T;
  } finally {
    await db.end();
  }
}

describe('support grants: the commune certifies, the province approves, the worker sees it (browser)', () => {
  it('walks the demo application from the commune to the province to the worker’s phone', async function () {
    this.timeout(180_000);
    const app = await row<{ id: string; state: string }>(
      `SELECT g.id, g.state FROM grant_applications g JOIN users u ON u.username = 'worker' AND u.worker_id = g.worker_id`,
    );
    expect(app, 'the demo worker’s application').to.include({ state: 'submitted' });

    // the commune officer: her resident waits for certification
    const commune = await newPage();
    await commune.setViewportSize({ width: 1280, height: 900 });
    await signIn(commune, 'commune', '/grants');
    expect(await commune.innerText('[data-testid=grant-queue]')).to.contain('Lò Thị Mai');
    await commune.click(`[data-testid=grant-queue] a[href="/grants/${app.id}"]`);
    await commune.waitForURL(`${baseUrl}/grants/${app.id}`);
    // the explanation: the household criterion waits for this very certification
    expect(await commune.innerText('main')).to.contain('chưa có xác nhận của xã cho năm 2026');
    expect(await commune.innerText('[data-testid=allowed-total]')).to.contain('5.550.000 ₫');
    await axe(commune, 'application detail (commune)');

    // without the CV checked: refused beside the form, the household status chosen kept
    await commune.selectOption('#hh-certify', 'near_poor');
    await commune.click('[data-form=certify] button[type=submit]');
    await commune.waitForSelector('[data-form=certify] [data-testid=action-error]');
    expect(await commune.inputValue('#hh-certify')).to.equal('near_poor');
    expect(
      (await row<{ state: string }>('SELECT state FROM grant_applications WHERE id = $1', [app.id])).state,
    ).to.equal('submitted');

    await commune.selectOption('#hh-certify', 'poor');
    await commune.check('#cv-certify');
    await commune.click('[data-form=certify] button[type=submit]');
    await commune.waitForSelector('[data-testid=flash]');
    expect(await commune.innerText('[data-testid=flash]')).to.contain('Chờ tỉnh phê duyệt');
    const certified = await row<{ state: string; household_status: string; household_status_year: number }>(
      `SELECT g.state, w.household_status, w.household_status_year FROM grant_applications g JOIN workers w ON w.id = g.worker_id
       WHERE g.id = $1`,
      [app.id],
    );
    expect(certified).to.deep.equal({ state: 'certified', household_status: 'poor', household_status_year: 2026 });

    // the province officer: the queue by deadline, the detail, approve from the local budget
    const province = await newPage();
    await province.setViewportSize({ width: 1280, height: 900 });
    province.on('dialog', (d) => void d.accept());
    await signIn(province, 'province', '/grants');
    expect(await province.innerText('[data-testid=grant-queue]')).to.contain('Lò Thị Mai');
    await province.click(`[data-testid=grant-queue] a[href="/grants/${app.id}"]`);
    await province.waitForURL(`${baseUrl}/grants/${app.id}`);
    expect(await province.innerText('main')).not.to.contain('Chưa đạt');
    await province.selectOption('#src-approve', 'local');
    await province.click('[data-form=approve] button[type=submit]');
    await province.waitForSelector('[data-testid=flash]');
    expect(await province.innerText('[data-testid=flash]')).to.contain('Đã phê duyệt');
    const approved = await row<{ state: string; approved_vnd: string; funding_source: string }>(
      'SELECT state, approved_vnd, funding_source FROM grant_applications WHERE id = $1',
      [app.id],
    );
    expect(approved).to.deep.equal({ state: 'approved', approved_vnd: '5550000', funding_source: 'local' });
    const budget = await row<{ committed_vnd: string }>(
      `SELECT committed_vnd FROM grant_budgets WHERE province_code = '38' AND fiscal_year = 2026 AND programme_code = 'mtqg'
         AND source = 'local'`,
    );
    expect(budget.committed_vnd).to.equal('5550000');
    await province.goto(`${baseUrl}/grants/budgets`);
    expect(await province.innerText('[data-testid=budgets]')).to.contain('5.550.000 ₫');

    // the worker, on her phone: the decision and the amount
    const phone = await newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    await signIn(phone, 'worker', '/toi/ho-tro');
    const mine = phone.locator('[data-testid=my-application]').first();
    expect(await mine.getAttribute('data-state')).to.equal('approved');
    expect(await mine.innerText()).to.contain('5.550.000 ₫');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await axe(phone, 'my support (360 px)');
  });
});
