// The worker portal on a phone (360 px), end to end: agency staff print her activation slip; she activates with
// the code and her date of birth, signs in, sees her stage and next step, sends a photo of her passport; staff accept
// it; she sees it accepted and the notice in her inbox. axe-core checks every portal page at 360 px, and no page
// scrolls sideways.
import { expect } from 'chai';
import pg from 'pg';
import { baseUrl, databaseUrl, newPage } from './setup';
import { phoneChecks } from './checks';

// a 1×1 PNG: what a phone camera sends, in miniature
const PHOTO = {
  name: 'ho-chieu.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  ),
};

async function staffPage(workerId: number) {
  const page = await newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${baseUrl}/login?next=/workers/${workerId}`);
  await page.fill('#username', 'agency');
  await page.fill('#password', 'demo1234');
  await page.click('button[type=submit]');
  await page.waitForURL(`${baseUrl}/workers/${workerId}`);
  return page;
}

describe('worker portal on a phone (browser, 360 px, axe-core)', () => {
  it('staff print her code; she activates, sees her stage and next step, sends a passport photo; staff accept it; she is told', async function () {
    this.timeout(180_000);
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    let worker: { id: string; date_of_birth: string; full_name: string };
    try {
      // a demo worker of the demo agency with an open case and no account yet
      [worker] = (
        await db.query(
          `SELECT w.id, to_char(w.date_of_birth, 'DD/MM/YYYY') AS date_of_birth, w.full_name
           FROM workers w JOIN cases c ON c.worker_id = w.id JOIN users u ON u.username = 'agency' AND u.agency_id = c.agency_id
           WHERE c.state IN ('selected', 'contract_signed', 'visa_processing', 'prescreened', 'registered')
             AND NOT EXISTS (SELECT 1 FROM users x WHERE x.worker_id = w.id)
           ORDER BY c.id LIMIT 1`,
        )
      ).rows;
    } finally {
      await db.end();
    }
    expect(worker, 'a demo worker with an open case').to.not.equal(undefined);

    // staff: the slip opens in its own tab
    const staff = await staffPage(Number(worker.id));
    const [slip] = await Promise.all([
      staff.context().waitForEvent('page'),
      staff.click('[data-testid=issue-code] button'),
    ]);
    await slip.waitForSelector('[data-testid=activation-code]');
    const code = (await slip.innerText('[data-testid=activation-code]')).trim();
    expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await slip.close();

    // her phone
    const phone = await newPage();
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto(`${baseUrl}/kich-hoat`);
    await phoneChecks(phone, 'kích hoạt');
    await phone.fill('#code', code.toLowerCase());
    await phone.locator('#dateOfBirth').pressSequentially(worker.date_of_birth.replace(/\//g, ''));
    await phone.fill('#password', 'mật khẩu của Mai');
    await phone.fill('#passwordConfirm', 'mật khẩu của Mai');
    await phone.click('form[data-testid=activate] button[type=submit]');
    await phone.waitForURL(`${baseUrl}/toi`);
    expect(await phone.innerText('[data-testid=flash]')).to.contain('Tài khoản của bạn đã sẵn sàng');
    expect((await phone.innerText('[data-testid=stage]')).length).to.be.greaterThan(3);
    const caseCode = (await phone.innerText('[data-testid=case-code]')).trim();
    expect(caseCode).to.match(/^[0-9A-Z]{10}$/);
    await phoneChecks(phone, 'hồ sơ của tôi');
    const nav = await phone.locator('.portal-nav a').first().boundingBox();
    expect(nav!.height, 'touch target').to.be.at.least(44);

    for (const [path, label] of [
      ['/toi/quyen-loi', 'quyền của tôi'],
      ['/toi/ai-da-xem', 'ai đã xem hồ sơ'],
      ['/toi/tien', 'tiền của tôi (chưa có)'],
      ['/toi/ho-tro', 'hỗ trợ của tôi (chưa có đề nghị)'],
      ['/thong-bao', 'thông báo'],
    ]) {
      await phone.goto(`${baseUrl}${path}`);
      await phoneChecks(phone, label);
    }
    // staff opened her record above: it shows in "who looked"
    await phone.goto(`${baseUrl}/toi/ai-da-xem`);
    expect(await phone.innerText('[data-testid=looks]')).to.contain('Nhân viên doanh nghiệp');

    // a photo of her passport
    await phone.goto(`${baseUrl}/toi/viec-can-lam`);
    await phoneChecks(phone, 'việc tôi cần làm');
    await phone.selectOption('#submit-kind', 'passport');
    await phone.setInputFiles('#submit-file', PHOTO);
    await phone.click('form[data-testid=submit-paper] button[type=submit]');
    await phone.waitForSelector('[data-testid=flash]');
    expect(await phone.getAttribute('[data-testid=submissions] li', 'data-status')).to.equal('pending');

    // staff accept it
    const desk = await staffPage(Number(worker.id));
    await desk.click('[data-testid=submission] details:first-of-type summary');
    await desk.fill('[data-testid=accept-submission] input[name=number]', 'C7654321');
    await desk.fill('[data-testid=accept-submission] input[name=issuingBody]', 'Cục Quản lý xuất nhập cảnh');
    await desk.locator('[data-testid=accept-submission] input[name=issuedOn]').pressSequentially('01032026');
    await desk.locator('[data-testid=accept-submission] input[name=expiresOn]').pressSequentially('01032036');
    await desk.click('[data-testid=accept-submission] button[type=submit]');
    await desk.waitForSelector('[data-testid=flash]');
    expect(await desk.innerText('[data-testid=flash]')).to.contain('Đã nhận hộ chiếu');

    // back on her phone: accepted, and the notice arrives in her inbox (a durable job, worked in the app)
    const again = await newPage();
    await again.setViewportSize({ width: 360, height: 780 });
    await again.goto(`${baseUrl}/login?next=/toi/viec-can-lam`);
    const [{ cccd }] = await (async () => {
      const c = new pg.Client({ connectionString: databaseUrl() });
      await c.connect();
      try {
        return (await c.query('SELECT cccd FROM workers WHERE id = $1', [worker.id])).rows as { cccd: string }[];
      } finally {
        await c.end();
      }
    })();
    await again.fill('#username', cccd);
    await again.fill('#password', 'mật khẩu của Mai');
    await again.click('button[type=submit]');
    await again.waitForURL(`${baseUrl}/toi/viec-can-lam`);
    expect(await again.getAttribute('[data-testid=submissions] li', 'data-status')).to.equal('accepted');
    let told = false;
    for (let i = 0; i < 40 && !told; i += 1) {
      await again.goto(`${baseUrl}/thong-bao`);
      told = (await again.content()).includes('Hộ chiếu bạn gửi đã được doanh nghiệp nhận.');
      if (!told) await new Promise((r) => setTimeout(r, 500));
    }
    expect(told, 'the notice in her inbox').to.equal(true);
    // her unread count in the navigation (the demo's stage notices are unread too)
    expect(Number(/^\d+/.exec(await again.innerText('[data-testid=unread]'))?.[0])).to.be.at.least(1);
    await phoneChecks(again, 'thông báo (có thư mới)');

    // the quick lookup, no account
    const visitor = await newPage();
    await visitor.setViewportSize({ width: 360, height: 780 });
    await visitor.goto(`${baseUrl}/tra-cuu`);
    await phoneChecks(visitor, 'tra cứu');
    await visitor.fill('#caseCode', caseCode);
    await visitor.locator('#dateOfBirth').pressSequentially(worker.date_of_birth.replace(/\//g, ''));
    await visitor.fill('#cccdLast4', cccd.slice(-4));
    await visitor.click('form[action="/tra-cuu"] button[type=submit]');
    await visitor.waitForSelector('[data-testid=lookup-result]');
    expect(await visitor.innerText('[data-testid=lookup-result]')).not.to.contain(worker.full_name);
  });
});
