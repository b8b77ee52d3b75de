// The job exchange in the browser (issue 21): centre staff register an employer and a vacancy, match a job seeker,
// introduce her and record the hire; she sees it in the portal. Signed in as the Thanh Hóa centre at 1280 px: the
// employer through its form (fields by their labels, places and sector picked by name), a vacancy from the employer's
// page (occupation 9311 found through the list's search box, at Phường Hàm Rồng where the demo worker Lò Thị Mai wants
// to work), her row among the candidates with its reasons, "Giới thiệu", then the Mẫu 04 hire typed on the referral
// page and confirmed on the confirmation page: "Đã được tuyển" and the follow-up it owes (E3). Today's work and the
// requests page; the Nghệ An centre reads the vacancy's public fields only, and its own vacancy shows Thanh Hóa's job
// seekers anonymised. The worker on her phone (360 px) reads the referral in plain words and why each vacancy fits.
// axe-core on every page and, on a phone, no sideways scroll; codes where people expect words, lists that choose for
// them, layouts that hide the next action. A page's problems are gathered and asserted at the end (every page's, not
// only the first one's); the flow's own assertions (what was stored, what the next page says) fail at once.
import { expect } from 'chai';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { addMonths } from '../../server/shared/dates';
import { CURRENCY_EXPONENT } from '../../server/shared/money';
import { baseUrl, databaseUrl, newPage } from './setup';
import { phoneChecks, signIn } from './checks';

/** The page problems found (axe-core's violations, sideways scroll, wrong words, layout), asserted at the end. */
const problems: string[] = [];
/** A page problem unless `ok`. */
const should = (ok: boolean, problem: string) => void (ok || problems.push(problem));

/** A list whose first option is chosen for the person when nothing was chosen (a required list without a blank). */
async function preselected(page: Page, label: string): Promise<string | null> {
  return field(page, label).evaluate((s) => {
    const select = s as HTMLSelectElement;
    const chosen = select.querySelector('option[selected]');
    return !chosen && select.selectedIndex === 0 && select.options[0]?.value ? select.options[0].textContent : null;
  });
}

/** A search form whose button or boxes are stretched (Pico styles [role=search] as one inline group). */
async function searchFormProblems(page: Page, label: string) {
  const button = await page.locator('main form[method=get] button[type=submit]').first().boundingBox();
  should(
    !!button && button.height <= 60,
    `${label}: the search form's button is ${Math.round(button?.height ?? 0)} px tall and ${Math.round(button?.width ?? 0)} px wide (role="search" on a <form> holding a .grid: Pico draws it as one pill-shaped group)`,
  );
}

/** On a phone, a table of candidates shows its last column (the action) without scrolling the table sideways. */
async function tableFits(page: Page, selector: string, label: string) {
  const { scroll, client } = await page
    .locator(selector)
    .evaluate((t) => ({ scroll: t.scrollWidth, client: t.parentElement!.clientWidth }));
  should(
    scroll <= client,
    `${label}: the table is ${scroll} px wide in a ${client} px box: its last columns (the actions) are off screen and the reasons wrap a word a line`,
  );
}

/** The page's checks (axe-core; no sideways scroll), and with E2E_SCREENSHOTS=<folder> a PNG of it. */
async function checks(page: Page, label: string) {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({
      path: `${process.env.E2E_SCREENSHOTS}/${label.replace(/[^\p{L}\d]+/gu, '-')}.png`,
      fullPage: true,
    });
  try {
    await phoneChecks(page, label);
  } catch (err) {
    problems.push((err as Error).message);
  }
}

async function signInAt(page: Page, username: string, next: string, width = 1280) {
  await page.setViewportSize({ width, height: 900 });
  await signIn(page, username, next);
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** Today in Vietnam plus n days, as the app counts them. */
function vietnamDay(n: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}
const vi = (iso: string) => iso.split('-').reverse().join('/');

/** A form field (a box or a list) by the words of its label, as a screen reader names it (without the required mark). */
const field = (scope: Page | Locator, label: string) =>
  scope
    .getByRole('textbox', { name: label, exact: true })
    .or(scope.getByRole('combobox', { name: label, exact: true }));

/**
 * A value of a scale chosen by its words. A field that asks for the scale's code in a number box instead is a page
 * problem (recorded, and the code typed so that the flow goes on).
 */
async function choose(scope: Page | Locator, label: string, words: string, code: string) {
  const f = field(scope, label);
  if ((await f.evaluate((e) => e.tagName)) === 'SELECT') return void (await f.selectOption({ label: words }));
  problems.push(`«${label}» is a number box asking for a code (${code}), not a choice in words («${words}»)`);
  await f.fill(code);
}

/** Types a date as people do: the digits of dd/mm/yyyy, the slashes come by themselves. */
async function typeDate(input: Locator, iso: string) {
  await input.fill('');
  await input.pressSequentially(vi(iso).replace(/\//g, ''));
  expect(await input.inputValue()).to.equal(vi(iso));
}

/**
 * Picks an option of a long list through the search box above it (accents ignored), then the option by its words.
 * The list keeps its name (its label's words) while the search box is used, and the box has a short name of its own.
 */
async function pickFiltered(page: Page, label: string, typed: string, option: string) {
  const id = await field(page, label).getAttribute('id');
  const select = page.locator(`select#${id}`);
  const box = select.locator('xpath=preceding::input[contains(@class, "filter-select")][1]');
  const boxName = (await box.getAttribute('aria-label')) ?? '';
  if (boxName.length > label.length + 40)
    problems.push(
      `the search box of «${label}» is named with the label's text and every option (${boxName.length} characters): «${boxName.replace(/\s+/g, ' ').slice(0, 70)}…»`,
    );
  await box.fill(typed);
  const { visible, total, value } = await select.evaluate((s, words) => {
    const options = Array.from((s as HTMLSelectElement).options).filter((o) => o.value);
    return {
      visible: options.filter((o) => !o.hidden).map((o) => o.textContent ?? ''),
      total: options.length,
      value: options.find((o) => !o.hidden && (o.textContent ?? '').includes(words))?.value,
    };
  }, option);
  expect(value, `«${typed}» in the search box finds «${option}»: ${visible.slice(0, 5).join(' | ')}`).to.be.a('string');
  expect(visible.length, `«${typed}» narrows the list`).to.be.lessThan(total);
  await select.selectOption(value!);
  if ((await field(page, label).count()) !== 1)
    problems.push(
      `«${label}»: once «${typed}» is typed in its search box the list is no longer named «${label}» (the box sits inside the list's <label>, so its text joins the name)`,
    );
}

/** Picks a province by name; its communes come with it (public/js/communes.js reloads the commune list). */
async function pickProvince(page: Page, label: string, name: string) {
  const province = field(page, label);
  const communes = page.locator(`select#${await province.getAttribute('data-communes-target')}`);
  await communes.evaluate((s) => (s as HTMLSelectElement).options[0]?.setAttribute('data-before', ''));
  await province.selectOption({ label: name });
  await communes.locator('option[data-before]').waitFor({ state: 'detached' });
}

/** Sends a form and waits for the page it leads to; a refusal fails with the page's own words (its errors). */
async function send(page: Page, button: Locator, url: RegExp | string) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  const at = page.url();
  const ok = typeof url === 'string' ? at === url : url.test(at);
  if (!ok) {
    const errors = await page
      .locator('.error-text, .error-summary, [data-testid=flash], .verdict-fail')
      .allInnerTexts()
      .catch(() => []);
    expect.fail(`after sending the form: ${at}, not ${String(url)}; the page says: ${errors.join(' | ')}`);
  }
}

describe('job exchange (browser)', () => {
  it('centre staff register an employer and a vacancy, match a job seeker, introduce her and record the hire; she sees it in the portal', async function () {
    this.timeout(300_000);
    problems.length = 0;
    const [mai] = await query<{ id: string; worker_id: string; full_name: string; centre_id: string; status: string }>(
      `SELECT s.id, s.worker_id, w.full_name, s.centre_id, s.status FROM job_seekers s
       JOIN users u ON u.username = 'worker' AND u.worker_id = s.worker_id JOIN workers w ON w.id = s.worker_id`,
    );
    expect(mai, 'the demo worker is a job seeker of the Thanh Hóa centre').to.not.equal(undefined);
    expect(mai.status).to.equal('active');
    const run = String(Date.now()).slice(-6);
    const employerName = `Công ty TNHH May Hàm Rồng ${run}`;
    const enterpriseCode = `28${String(Date.now()).slice(-8)}`;
    const title = `Công nhân may chuyền ${run}`;

    // 1. the employer, through its form
    const staff = await newPage();
    await signInAt(staff, 'centre', '/viec-lam/nha-tuyen-dung/moi');
    await checks(staff, 'employer form (centre, 1280 px)');
    const sector = await preselected(staff, 'Ngành kinh tế chính');
    should(!sector, `employer form: «Ngành kinh tế chính» is required but comes chosen as «${sector}»`);
    await field(staff, 'Loại người sử dụng lao động').selectOption({
      label: 'Doanh nghiệp, tổ chức (mã số doanh nghiệp hoặc mã số thuế)',
    });
    await field(staff, 'Tên người sử dụng lao động').fill(employerName);
    await field(staff, 'Mã số doanh nghiệp / mã số thuế').fill(enterpriseCode);
    await field(staff, 'Loại hình sở hữu').selectOption({ label: 'Ngoài nhà nước' });
    await pickProvince(staff, 'Địa chỉ: tỉnh/thành phố', 'Tỉnh Thanh Hóa');
    await pickFiltered(staff, 'Địa chỉ: xã/phường', 'ham rong', 'Phường Hàm Rồng');
    await field(staff, 'Địa chỉ: số nhà, đường').fill('Số 8 đường Nguyễn Trãi');
    await field(staff, 'Số điện thoại').fill('0237 3888 456');
    await field(staff, 'Thư điện tử').fill(`tuyendung${run}@hamrong-garment.vn`);
    await field(staff, 'Ngành kinh tế chính').selectOption({ label: 'C – Công nghiệp chế biến, chế tạo' });
    await field(staff, 'Sản phẩm, dịch vụ chính').fill('Quần áo may sẵn');
    await choose(staff, 'Quy mô lao động', 'Từ 51 đến 100 người', '3');
    await field(staff, 'Người đại diện').fill('Lê Văn Hùng');
    await send(
      staff,
      staff.locator('[data-testid=register-employer] button[type=submit]'),
      /\/viec-lam\/nha-tuyen-dung\/\d+$/,
    );
    expect(await staff.innerText('[data-testid=flash]')).to.contain(
      `Đã đăng ký người sử dụng lao động ${employerName}`,
    );
    const [employer] = await query<{ id: string; commune_code: string; sector_code: string; phone: string }>(
      'SELECT id, commune_code, sector_code, phone FROM employers WHERE enterprise_code = $1 AND centre_id = $2',
      [enterpriseCode, mai.centre_id],
    );
    expect(employer, 'the employer is stored for the Thanh Hóa centre').to.not.equal(undefined);
    expect(employer).to.include({ commune_code: '14758', sector_code: 'C', phone: '02373888456' });
    expect(staff.url()).to.equal(`${baseUrl}/viec-lam/nha-tuyen-dung/${employer.id}`);
    const facts = await staff.innerText('dl.facts');
    expect(facts).to.contain('Phường Hàm Rồng');
    expect(facts).to.contain('Từ 51 đến 100 người');
    should(
      facts.includes('Công nghiệp chế biến, chế tạo'),
      'employer page: «Ngành kinh tế chính» shows the code «C», not its name «Công nghiệp chế biến, chế tạo»',
    );
    await checks(staff, 'employer page (centre, 1280 px)');

    // 2. a vacancy from the employer's page
    await staff.click('[data-testid=new-vacancy]');
    await staff.waitForURL(`${baseUrl}/viec-lam/viec-trong/moi?employerId=${employer.id}`);
    await checks(staff, 'vacancy form (centre, 1280 px)');
    const occupation = await preselected(staff, 'Mã nghề');
    should(!occupation, `vacancy form: «Mã nghề» is required but comes chosen as «${occupation}»`);
    expect(await field(staff, 'Người sử dụng lao động').inputValue(), 'the employer chosen already').to.equal(
      employer.id,
    );
    await field(staff, 'Tên vị trí việc làm').fill(title);
    await field(staff, 'Số lượng cần tuyển').fill('5');
    await field(staff, 'Mô tả công việc').fill('May quần áo theo dây chuyền, được đào tạo tại chỗ');
    await field(staff, 'Chức vụ').fill('Công nhân');
    await pickFiltered(staff, 'Mã nghề', '9311', '9311');
    await field(staff, 'Yêu cầu trình độ giáo dục phổ thông').selectOption({ label: 'Không yêu cầu' });
    await pickProvince(staff, 'Nơi làm việc: tỉnh/thành phố', 'Tỉnh Thanh Hóa');
    await pickFiltered(staff, 'Nơi làm việc: xã/phường', 'Hàm Rồng', 'Phường Hàm Rồng');
    await field(staff, 'Hình thức trả lương').selectOption({ label: 'Theo tháng (khoảng lương)' });
    await choose(staff, 'Khoảng lương tháng', 'Từ 5 đến 10 triệu đồng', '2');
    await field(staff, 'Chế độ phúc lợi').fill('Bảo hiểm xã hội, ăn ca');
    await field(staff, 'Điều kiện làm việc').fill('Ngồi máy 8 giờ mỗi ngày');
    await field(staff, 'Hình thức tuyển').selectOption({ label: 'Phỏng vấn trực tiếp' });
    const deadline = vietnamDay(45);
    await typeDate(field(staff, 'Hạn tuyển dụng'), deadline);
    await field(staff, 'Người liên hệ').fill('Chị Trần Thu Trang');
    await field(staff, 'Điện thoại người liên hệ').fill('0987654321');
    await send(
      staff,
      staff.locator('[data-testid=register-vacancy] button[type=submit]'),
      /\/viec-lam\/viec-trong\/\d+$/,
    );
    expect(await staff.innerText('[data-testid=flash]')).to.contain(`Đã đăng việc làm «${title}»`);
    const [vacancy] = await query<{
      id: string;
      occupation_code: string;
      commune_code: string;
      wage_code: number;
      deadline: string;
      state: string;
    }>(
      `SELECT id, occupation_code, commune_code, wage_code, to_char(deadline, 'YYYY-MM-DD') AS deadline, state
       FROM vacancies WHERE employer_id = $1 AND title = $2`,
      [employer.id, title],
    );
    expect(vacancy, 'the vacancy is stored').to.not.equal(undefined);
    expect(vacancy).to.include({ occupation_code: '9311', commune_code: '14758', deadline, state: 'open' });
    expect(Number(vacancy.wage_code)).to.equal(2);
    expect(staff.url()).to.equal(`${baseUrl}/viec-lam/viec-trong/${vacancy.id}`);
    await checks(staff, 'vacancy page (centre, 1280 px)');

    // 3. her row among the candidates, with its reasons; "Giới thiệu"
    const row = staff.locator('[data-testid=candidates] tbody tr', { hasText: mai.full_name });
    expect(await row.count(), `${mai.full_name} among the candidates`).to.equal(1);
    expect(await row.getAttribute('data-seeker')).to.equal(mai.id);
    const reasons = await row.innerText();
    expect(reasons).to.contain('+40 điểm: Đúng nghề mong muốn');
    expect(reasons).to.contain('+20 điểm: Nơi làm việc đúng xã mong muốn thứ nhất.');
    expect(reasons).to.contain('+10 điểm: Mức lương của việc làm bằng hoặc cao hơn mức mong muốn.');
    expect(reasons).to.not.contain('Chưa đạt');
    await field(row, 'Giới thiệu theo').selectOption({ label: 'Theo đề nghị của người lao động' });
    await row.getByRole('button', { name: 'Giới thiệu', exact: true }).click();
    await staff.waitForURL(/\/viec-lam\/gioi-thieu\/\d+$/);
    expect(await staff.innerText('[data-testid=flash]')).to.contain('Đã giới thiệu người tìm việc với nhà tuyển dụng.');
    const [referral] = await query<{ id: string; state: string; origin: string }>(
      'SELECT id, state, origin FROM referrals WHERE job_seeker_id = $1 AND vacancy_id = $2',
      [mai.id, vacancy.id],
    );
    expect(referral).to.include({ state: 'introduced', origin: 'person' });
    const referralUrl = `${baseUrl}/viec-lam/gioi-thieu/${referral.id}`;
    expect(staff.url()).to.equal(referralUrl);
    expect(await staff.innerText('h1')).to.contain(mai.full_name);
    expect(await staff.innerText('hgroup p')).to.contain('Đã giới thiệu');
    await checks(staff, 'referral page, introduced (centre, 1280 px)');

    // the worker on her phone, introduced: the vacancies that fit her and why, in her words
    const worker = await newPage();
    await signInAt(worker, 'worker', '/toi/tim-viec', 360);
    const card = worker.locator(`.match-card[data-vacancy="${vacancy.id}"]`);
    expect(await card.count(), 'the new vacancy among the ones that fit her').to.equal(1);
    const why = await card.innerText();
    expect(why).to.contain(title);
    expect(why).to.contain('Phường Hàm Rồng');
    expect(why).to.contain('Vì sao phù hợp');
    expect(why).to.contain('Đúng nơi bạn muốn làm việc nhất.');
    expect(why).to.contain('Trung tâm đã giới thiệu bạn vào việc này.');
    expect(why, 'no points in her words').to.not.match(/điểm/);
    // her page in her words: no rule codes, no occupation codes, spoken to her (not about "the job seeker")
    const herPage = await worker.innerText('main');
    const ruleCodes = herPage.match(/\b[ER]\d{1,2}\b|\bMATCH\b/g) ?? [];
    should(ruleCodes.length === 0, `Tìm việc (worker): rule codes in her words: ${[...new Set(ruleCodes)].join(', ')}`);
    const cards = await worker.locator('.match-card[data-vacancy]').allInnerTexts();
    const codes = cards.flatMap((c) => c.match(/\(mã \d+\)|nhóm nghề cấp \d \(\d+\)/g) ?? []);
    should(
      codes.length === 0,
      `Tìm việc (worker): occupation codes in why a vacancy fits: ${[...new Set(codes)].join(', ')}`,
    );
    const aboutHer = cards.flatMap((c) => c.match(/[^.\n]*người tìm việc[^.\n]*/g) ?? []);
    should(
      aboutHer.length === 0,
      `Tìm việc (worker): what she is missing is written about "người tìm việc", not to her: «${aboutHer[0]?.trim()}»`,
    );
    // the overseas orders (she wants to work abroad): the country named, the salary in its own units
    for (const order of await worker.locator('.match-card[data-order]').all()) {
      const id = await order.getAttribute('data-order');
      const text = await order.innerText();
      const [o] = await query<{
        job_title: string;
        destination_country: string;
        salary_minor: string;
        salary_currency: string;
      }>('SELECT job_title, destination_country, salary_minor, salary_currency FROM job_orders WHERE id = $1', [id]);
      should(
        !/·\s*$/.test(text.split('\n')[0]),
        `Tìm việc (worker): the overseas order «${o.job_title}» does not name its country (${o.destination_country}): «${text.split('\n')[0]}»`,
      );
      if (o.salary_minor && o.salary_currency) {
        const major = Number(o.salary_minor) / 10 ** (CURRENCY_EXPONENT[o.salary_currency] ?? 0);
        const words = `${major.toLocaleString('vi-VN')} ${o.salary_currency}/tháng`;
        should(
          text.includes(`Lương: ${words}`),
          `Tìm việc (worker): the overseas order «${o.job_title}» shows «${text.match(/Lương: [^\n]*/)?.[0]}», not «Lương: ${words}»`,
        );
      }
    }
    expect(await worker.locator('.match-card').count()).to.be.greaterThan(0);
    await checks(worker, 'Tìm việc (worker, 360 px)');
    await worker.click(`.match-card[data-vacancy="${vacancy.id}"] header a`);
    await worker.waitForURL(`${baseUrl}/toi/tim-viec/viec/${vacancy.id}`);
    const detail = await worker.innerText('main');
    expect(detail).to.contain('Từ 5 đến 10 triệu đồng / tháng');
    expect(detail).to.not.contain('0987654321');
    await checks(worker, 'a vacancy that fits (worker, 360 px)');

    // 4. the hire (Mẫu 04), typed, then confirmed on the confirmation page (the pages share one browser's cookies: the
    // centre signs in again after the worker)
    await staff.context().clearCookies();
    await signInAt(staff, 'centre', new URL(referralUrl).pathname);
    const signedOn = vietnamDay(-1);
    const startOn = vietnamDay(0);
    const contractEndOn = addMonths(startOn, 12);
    const notifiedOn = vietnamDay(0);
    await staff.click('details[data-form=hire] > summary');
    const hire = staff.locator('details[data-form=hire] form');
    await field(hire, 'Loại hợp đồng lao động').selectOption({ label: 'Xác định thời hạn' });
    await typeDate(field(hire, 'Ngày ký hợp đồng'), signedOn);
    await typeDate(field(hire, 'Ngày bắt đầu làm việc thực tế'), startOn);
    await typeDate(field(hire, 'Ngày hết hạn hợp đồng (nếu có)'), contractEndOn);
    await field(hire, 'Vị trí việc làm').fill('Công nhân may');
    await choose(hire, 'Mức lương tháng', 'Từ 5 đến 10 triệu đồng', '2');
    await typeDate(field(hire, 'Ngày người sử dụng lao động thông báo kết quả'), notifiedOn);
    await checks(staff, 'referral page, hire form open (centre, 1280 px)');
    await hire.locator('button[data-action=hire]').click();
    await staff.waitForSelector('[data-testid=confirm]');
    const confirm = await staff.innerText('[data-testid=confirm]');
    expect(confirm).to.contain('Ghi nhận kết nối việc làm thành công (Mẫu 04)');
    expect(confirm).to.contain(mai.full_name);
    expect(confirm).to.contain(`Ngày ký hợp đồng: ${vi(signedOn)}`);
    expect(confirm).to.contain('Xác định thời hạn');
    should(
      confirm.includes('Từ 5 đến 10 triệu đồng'),
      'hire confirmation: the wage reads a code, not «Từ 5 đến 10 triệu đồng»',
    );
    await checks(staff, 'hire confirmation (centre, 1280 px)');
    expect(
      (await query<{ state: string }>('SELECT state FROM referrals WHERE id = $1', [referral.id]))[0].state,
    ).to.equal('introduced');
    await staff.click('[data-testid=confirm-yes]');
    await staff.waitForURL(referralUrl);
    expect(await staff.innerText('[data-testid=flash]')).to.contain('Đã chuyển sang «Đã được tuyển»');
    expect(await staff.innerText('hgroup p')).to.contain('Đã được tuyển');
    const result = await staff.innerText('[data-testid=hire]');
    expect(result).to.contain(
      `Hợp đồng: Xác định thời hạn · ký ngày ${vi(signedOn)} · làm việc từ ${vi(startOn)} đến ${vi(contractEndOn)}`,
    );
    expect(result).to.contain('mức lương: Từ 5 đến 10 triệu đồng');
    const [hired] = await query<{
      state: string;
      contract_type: string;
      signed_on: string;
      start_on: string;
      wage_code: number;
      employer_enterprise_code: string;
    }>(
      `SELECT state, contract_type, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, to_char(start_on, 'YYYY-MM-DD') AS start_on,
              wage_code, employer_enterprise_code FROM referrals WHERE id = $1`,
      [referral.id],
    );
    expect(hired).to.include({
      state: 'hired',
      contract_type: 'fixed_term',
      signed_on: signedOn,
      start_on: startOn,
      employer_enterprise_code: enterpriseCode,
    });
    expect(Number(hired.wage_code)).to.equal(2);
    const [place] = await query<{ hired_count: number; state: string }>(
      'SELECT hired_count, state FROM vacancies WHERE id = $1',
      [vacancy.id],
    );
    expect(place).to.deep.equal({ hired_count: 1, state: 'open' });
    // the follow-up it owes (E3: one month after the start under Decree 352/2025) and the entry on the Sàn (E4)
    const owed = await query<{ kind: string; due_on: string; status: string }>(
      `SELECT kind, to_char(due_on, 'YYYY-MM-DD') AS due_on, status FROM obligations
       WHERE subject_type = 'referral' AND subject_id = $1 ORDER BY kind`,
      [referral.id],
    );
    const followUp = owed.find((o) => o.kind === 'follow_up');
    expect(followUp, 'a follow-up obligation').to.include({ status: 'open', due_on: addMonths(startOn, 1) });
    expect(
      owed.find((o) => o.kind === 'nje_report'),
      'a National Job Exchange obligation',
    ).to.include({
      status: 'open',
    });
    const dueRow = await staff.innerText('[data-testid=referral-obligations] tr[data-kind=follow_up]');
    expect(dueRow).to.contain('Theo dõi người lao động sau tuyển dụng');
    expect(dueRow).to.contain(vi(followUp!.due_on));
    expect(dueRow).to.contain('Đang chờ');
    expect(await staff.locator('details[data-form=record_follow_up]').count(), 'the follow-up form offered').to.equal(
      1,
    );
    await checks(staff, 'referral page, hired (centre, 1280 px)');

    // the vacancy counts the hire; her row links to the referral
    await staff.goto(`${baseUrl}/viec-lam/viec-trong/${vacancy.id}`);
    expect(await staff.innerText('hgroup p')).to.contain('đã tuyển 1/5');
    expect(
      await staff.locator(`[data-testid=vacancy-referrals] [data-referral="${referral.id}"]`).innerText(),
    ).to.contain('Đã được tuyển');

    // today's work: the entry on the National Job Exchange is owed; the requests between centres
    await staff.goto(`${baseUrl}/viec-lam/hom-nay`);
    expect(await staff.innerText('[data-testid=today-reports]')).to.contain(`${mai.full_name} – ${title}`);
    await checks(staff, 'today’s work (centre, 1280 px)');
    await staff.goto(`${baseUrl}/viec-lam/yeu-cau`);
    expect(await staff.innerText('[data-testid=incoming-requests]')).to.contain('Trung tâm Dịch vụ việc làm Nghệ An');
    await checks(staff, 'requests (centre, 1280 px)');
    await staff.goto(`${baseUrl}/viec-lam/gioi-thieu`);
    expect(await staff.innerText('[data-testid=referral-board] [data-state=hired]')).to.contain(mai.full_name);
    await checks(staff, 'referral board (centre, 1280 px)');
    await staff.goto(`${baseUrl}/viec-lam/viec-trong`);
    expect(await staff.innerText('[data-testid=vacancies]')).to.contain(title);
    await searchFormProblems(staff, 'vacancies (centre, 1280 px)');
    await checks(staff, 'vacancies (centre, 1280 px)');
    await staff.goto(`${baseUrl}/viec-lam/nguoi-tim-viec`);
    await searchFormProblems(staff, 'job seekers (centre, 1280 px)');
    await checks(staff, 'job seekers (centre, 1280 px)');
    await staff.goto(`${baseUrl}/viec-lam/gioi-thieu`);

    // the centre's pages on a phone
    await staff.setViewportSize({ width: 360, height: 800 });
    await checks(staff, 'referral board (centre, 360 px)');
    await staff.goto(`${baseUrl}/viec-lam/nguoi-tim-viec`);
    expect(await staff.innerText('[data-testid=seekers]')).to.contain(mai.full_name);
    await searchFormProblems(staff, 'job seekers (centre, 360 px)');
    await checks(staff, 'job seekers (centre, 360 px)');
    await staff.goto(`${baseUrl}/viec-lam/viec-trong/${vacancy.id}`);
    await tableFits(staff, '[data-testid=candidates]', 'vacancy page (centre, 360 px)');
    await checks(staff, 'vacancy page (centre, 360 px)');
    await staff.goto(referralUrl);
    await checks(staff, 'referral page (centre, 360 px)');
    await staff.goto(`${baseUrl}/viec-lam/hom-nay`);
    await checks(staff, 'today’s work (centre, 360 px)');

    // 5. another centre: the vacancy's public fields only; its own vacancy shows Thanh Hóa's job seekers anonymised
    const other = await newPage();
    await signInAt(other, 'centre2', `/viec-lam/viec-trong/${vacancy.id}`);
    const publicView = await other.innerText('main');
    expect(publicView).to.contain(title);
    expect(publicView).to.contain('Qua Trung tâm Dịch vụ việc làm Thanh Hóa');
    expect(publicView).to.not.contain('0987654321');
    expect(publicView).to.not.contain('Trần Thu Trang');
    expect(publicView).to.not.contain(mai.full_name);
    expect(
      await other.locator('[data-testid=candidates]').count(),
      'no candidates on another centre’s vacancy',
    ).to.equal(0);
    await checks(other, 'another centre’s vacancy (centre2, 1280 px)');
    const [own] = await query<{ id: string }>(
      `SELECT v.id FROM vacancies v JOIN users u ON u.username = 'centre2' AND u.agency_id = v.centre_id
       WHERE v.title = 'Công nhân dệt'`,
    );
    await other.goto(`${baseUrl}/viec-lam/viec-trong/${own.id}`);
    const anonymous = other.locator('[data-testid=candidates] [data-testid=anonymous]');
    expect(await anonymous.count(), 'Thanh Hóa’s job seekers shown anonymised').to.be.greaterThan(0);
    const candidates = await other.innerText('[data-testid=candidates]');
    expect(candidates).to.contain('1 người ở Thanh Hóa');
    const names = await query<{ full_name: string }>(
      `SELECT w.full_name FROM job_seekers s JOIN workers w ON w.id = s.worker_id
       JOIN users u ON u.username = 'centre' AND u.agency_id = s.centre_id`,
    );
    for (const n of names) expect(candidates, 'no name of another centre’s job seeker').to.not.contain(n.full_name);
    await checks(other, 'own vacancy with anonymised candidates (centre2, 1280 px)');
    await other.setViewportSize({ width: 360, height: 800 });
    await tableFits(other, '[data-testid=candidates]', 'own vacancy (centre2, 360 px)');
    await checks(other, 'own vacancy with anonymised candidates (centre2, 360 px)');

    // 6. the worker on her phone after the hire: the referral first, in plain words; her search has ended
    await worker.context().clearCookies();
    await signInAt(worker, 'worker', '/toi/tim-viec', 360);
    const hers = await worker.locator(`[data-referral="${referral.id}"]`).innerText();
    expect(hers).to.contain(title);
    expect(hers).to.contain(employerName);
    expect(hers).to.contain('Đã được tuyển');
    expect(hers).to.contain('Bạn đã ký hợp đồng lao động.');
    expect(await worker.innerText('[data-testid=placed]')).to.contain(
      'Bạn đã có việc làm qua giới thiệu của trung tâm',
    );
    await checks(worker, 'Tìm việc after the hire (worker, 360 px)');

    // placed: her search ended (inactive), her consent kept (other tests count on it)
    expect(
      (await query<{ status: string }>('SELECT status FROM job_seekers WHERE id = $1', [mai.id]))[0].status,
    ).to.equal('inactive');
    expect(
      (
        await query<{ n: string }>(
          'SELECT count(*) AS n FROM worker_agency_links WHERE worker_id = $1 AND withdrawn_on IS NULL',
          [mai.worker_id],
        )
      )[0].n,
    ).to.not.equal('0');
    expect(problems, 'page problems (axe-core, sideways scroll, codes for words, layout)').to.deep.equal([]);
  });
});
