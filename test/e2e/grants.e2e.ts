// Support grants in the browser (issue 18): the commune officer certifies the demo worker's application (a refusal
// first, beside the form, what was chosen kept), the province officer approves it against the 2026 budget, and the
// worker sees the decision on her phone. Then (issue 19) the province officer batch-approves two applications into one
// decision, records its payment, and the worker downloads her decision's extract from her portal.
import { expect } from 'chai';
import pg from 'pg';
import { baseUrl, databaseUrl, newPage } from './setup';
import { axe, signIn } from './checks';

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

  it('batch-approves two applications into one decision, records the payment; the worker downloads her decision', async function () {
    this.timeout(180_000);
    // two certified applications of residents of two more communes on the MTQG list (other residents: 50 % of the
    // language cap, 2,000,000 each), certified by the commune officer (arranged in the database)
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    const ids: string[] = [];
    try {
      await db.query(
        `INSERT INTO grant_eligible_areas (province_code, commune_code, kind, old_province_name, old_district_name)
         VALUES ('38', '14872', 'coastal_commune', 'Thanh Hóa', 'Quan Hóa'), ('38', '14878', 'coastal_commune', 'Thanh Hóa', 'Quan Hóa')
         ON CONFLICT DO NOTHING`,
      );
      const cases = (
        await db.query(
          `SELECT c.id AS case_id, c.worker_id, c.agency_id, w.commune_code FROM cases c JOIN workers w ON w.id = c.worker_id
           WHERE w.full_name IN ('Nguyễn Văn Hùng', 'Lê Thị Thu Trang') ORDER BY w.full_name DESC`,
        )
      ).rows as { case_id: string; worker_id: string; agency_id: string; commune_code: string }[];
      expect(cases).to.have.length(2);
      const users = (await db.query(`SELECT id, username FROM users WHERE username IN ('agency', 'commune')`)).rows as {
        id: string;
        username: string;
      }[];
      const uid = (n: string) => users.find((u) => u.username === n)!.id;
      for (const c of cases) {
        const r = await db.query(
          `INSERT INTO grant_applications (worker_id, case_id, agency_id, programme_code, beneficiary_group, province_code, commune_code,
             state, version, whose_move, claimed_vnd, allowed_vnd, created_by_user_id, submitted_by_user_id, submitted_on,
             certified_by_user_id, certified_on)
           VALUES ($1, $2, $3, 'mtqg', 'area_resident', '38', $4, 'certified', 3, 'province', 2000000, 2000000, $5, $5, current_date, $6, current_date)
           RETURNING id`,
          [c.worker_id, c.case_id, c.agency_id, c.commune_code, uid('agency'), uid('commune')],
        );
        ids.push(r.rows[0].id);
        await db.query(
          `INSERT INTO grant_claims (grant_application_id, item, quantity, claimed_vnd, evidence) VALUES ($1, 'language', 1, 2000000, 'Hóa đơn học phí')`,
          [r.rows[0].id],
        );
      }
    } finally {
      await db.end();
    }

    const province = await newPage();
    await province.setViewportSize({ width: 1280, height: 900 });
    await signIn(province, 'province', '/grants');
    // pick both in the queue, one decision
    for (const id of ids) await province.check(`#pick-${id}`);
    await province.selectOption('#d-source', 'central');
    await province.click('[data-testid=decide]');
    await province.click('dialog button[value=yes]');
    await province.waitForURL(/\/grants\/decisions\/\d+$/);
    await province.waitForSelector('[data-testid=decision-number]', { timeout: 60_000 });
    expect(await province.innerText('[data-testid=decision-total]')).to.equal('4.000.000 ₫');
    expect(await province.innerText('[data-testid=decision-lines]')).to.contain('Nguyễn Văn Hùng');
    expect(await province.innerText('[data-testid=decision-lines]')).to.contain('Lê Thị Thu Trang');
    const decided = await row<{ n: string; decisions: string }>(
      `SELECT count(*) AS n, count(DISTINCT decision_id) AS decisions FROM grant_applications WHERE id = ANY($1::bigint[]) AND state = 'approved'`,
      [ids],
    );
    expect(decided).to.deep.equal({ n: '2', decisions: '1' });
    await axe(province, 'decision (province)');
    // on a phone the annex scrolls inside its frame, not the page
    await province.setViewportSize({ width: 360, height: 780 });
    expect(await province.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await province.setViewportSize({ width: 1280, height: 900 });
    // the payment: a future date refused beside its field, then recorded
    await province.selectOption('#p-method', 'bank_transfer');
    await province.fill('#p-ref', 'UNC-2026-118');
    await province.fill('#p-date', '31/12/2099');
    await province.click('[data-testid=pay-form] button[type=submit]');
    await province.click('dialog button[value=yes]');
    await province.waitForSelector('#p-date-error');
    expect(await province.inputValue('#p-ref')).to.equal('UNC-2026-118');
    await province.fill('#p-date', '');
    await province.click('[data-testid=pay-form] button[type=submit]');
    await province.click('dialog button[value=yes]');
    await province.waitForSelector('#p-date-error');
    const paidOn = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    await province.fill('#p-date', paidOn.split('-').reverse().join('/'));
    await province.click('[data-testid=pay-form] button[type=submit]');
    await province.click('dialog button[value=yes]');
    await province.waitForSelector('[data-testid=flash]');
    expect(await province.innerText('[data-testid=flash]')).to.contain(
      'Đã ghi nhận chi trả cho 2 người, tổng 4.000.000 ₫',
    );
    const ledger = await row<{ n: string; sum: string }>(
      `SELECT count(*) AS n, sum(amount_vnd) AS sum FROM ledger_entries WHERE kind = 'support_paid' AND reference = 'UNC-2026-118'`,
    );
    expect(ledger).to.deep.equal({ n: '2', sum: '4000000' });
    // the budget picture: the month's payment in the table below the chart
    await province.goto(`${baseUrl}/grants/budgets/picture`);
    expect(await province.innerText('main')).to.contain('4.000.000 ₫');

    // the worker, on her phone: her decision (approved in the walk above) to download
    const phone = await newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    await signIn(phone, 'worker', '/toi/ho-tro');
    await phone.waitForSelector('[data-testid=my-decisions]');
    let link = await phone.$('[data-testid=my-extract]');
    for (let i = 0; !link && i < 40; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      await phone.reload();
      link = await phone.$('[data-testid=my-extract]');
    }
    expect(link, 'the extract of her decision').to.not.equal(null);
    const href = (await link!.getAttribute('href'))!;
    const pdf = await phone.request.get(`${baseUrl}${href}`);
    expect(pdf.status()).to.equal(200);
    expect(pdf.headers()['content-type']).to.contain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).to.equal('%PDF-');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await axe(phone, 'my decisions (360 px)');
  });
});
