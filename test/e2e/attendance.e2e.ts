// Attendance as staff record it in the page: the boxes say who was present, and what is stored says the same.
// (The header used to sit outside the table's loop and render nothing, so the box under "Có mặt" marked the
// learner absent.)
import { expect } from 'chai';
import pg from 'pg';
import { baseUrl, databaseUrl, newPage } from './setup';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const shift = (days: number) => iso(new Date(Date.now() + days * 86_400_000));
// what a person types in the page: dd/mm/yyyy
const typed = (days: number) => shift(days).split('-').reverse().join('/');

describe('attendance (browser)', () => {
  it('when staff untick one learner and save, then that learner is stored absent and the others present; a future day is refused', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/login?next=/training`);
    await page.fill('#username', 'agency');
    await page.fill('#password', 'demo1234');
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl}/training`);
    await page.selectOption('#course-kind', 'language');
    await page.fill('#course-name', 'Tiếng Nhật N5 – lớp điểm danh');
    await page.fill('#course-provider', 'Trung tâm ngoại ngữ');
    await page.fill('input[name=periods]', '120');
    await page.fill('#course-starts', typed(-10));
    await page.fill('#course-ends', typed(20));
    await page.click('form[method=post][action="/training"] button[type=submit]');
    await page.waitForURL(`${baseUrl}/training`);
    await page.click('text=Tiếng Nhật N5 – lớp điểm danh');
    await page.waitForURL(/\/training\/\d+$/);
    const courseUrl = page.url();
    const names: string[] = [];
    for (const i of [0, 1, 2]) {
      const option = page.locator('#enrol-worker option').nth(i);
      names.push((await option.innerText()).replace(/ \(.*$/, ''));
      await page.selectOption('#enrol-worker', await option.getAttribute('value'));
      await page.click('form[action$="/enrolments"] button[type=submit]');
      await page.waitForURL(courseUrl);
    }
    // the header of the box column says what a tick means
    const headers = await page.locator('[data-testid=attendance-form] thead th').allInnerTexts();
    expect(headers).to.deep.equal(['Học viên', 'Có mặt ngày này', 'Số ngày có mặt', 'Số ngày vắng', 'Kết quả']);
    const rows = page.locator('[data-testid=attendance-form] tbody tr');
    expect(await rows.count()).to.equal(3);
    // every box starts ticked (present); untick the second learner
    const absentName = await rows.nth(1).locator('td').first().innerText();
    await rows.nth(1).locator('input[type=checkbox][name=present]').uncheck();
    await page.fill('input[name=day]', typed(-3));
    await page.click('[data-testid=attendance-form] button[type=submit]');
    await page.waitForURL(courseUrl);
    expect(await page.textContent('[data-testid=flash]')).to.contain('Đã lưu');

    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    try {
      const { rows: stored } = await db.query<{ full_name: string; present: boolean }>(
        `SELECT w.full_name, a.present FROM attendance a JOIN enrolments e ON e.id = a.enrolment_id JOIN workers w ON w.id = e.worker_id
         JOIN courses c ON c.id = e.course_id WHERE c.name = 'Tiếng Nhật N5 – lớp điểm danh' AND a.day = $1 ORDER BY w.full_name_folded`,
        [shift(-3)],
      );
      expect(stored).to.have.length(3);
      for (const r of stored) expect(r.present, r.full_name).to.equal(r.full_name !== absentName);
    } finally {
      await db.end();
    }
    // the counts on the page read the same
    const absentRow = page.locator('[data-testid=attendance-form] tbody tr', { hasText: absentName });
    expect(await absentRow.locator('td').nth(2).innerText()).to.equal('0');
    expect(await absentRow.locator('td').nth(3).innerText()).to.equal('1');

    // a day still to come is refused, and the page says why
    await page.evaluate(() => {
      (document.querySelector('input[name=day]') as HTMLInputElement).removeAttribute('max');
    });
    await page.fill('input[name=day]', typed(2));
    await page.click('[data-testid=attendance-form] button[type=submit]');
    await page.waitForURL(courseUrl);
    expect(await page.textContent('[data-testid=flash]')).to.contain('Ngày học');
    await page.close();
  });
});
