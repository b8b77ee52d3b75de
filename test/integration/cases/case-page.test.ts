// The case page is generated from the workflow table: each action's form from its Joi input (dates typed
// dd/mm/yyyy, money in vi-VN), a refused form shown again with what was typed and the errors beside their fields,
// and a timeline in words (labels, Vietnam time, verdicts with their rule and citation).
import { expect } from 'chai';
import { act, agencyWithCase, papersForDeparture, setFundPaid, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const versionOf = async (id: number) =>
  String((await rows('SELECT version FROM cases WHERE id = $1', [id]))[0].version);
/** The HTML of one action's form on the page. */
const formOf = (html: string, action: string) =>
  new RegExp(`<form[^>]*data-form="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';

async function departedCase() {
  const made = await agencyWithCase();
  const { staff, caseId, worker } = made;
  await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
  await sequelize().query(
    "UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, contract_months = 36 WHERE id = (SELECT job_order_id FROM cases WHERE id = $1)",
    { bind: [caseId] },
  );
  await walk(staff.auth, caseId, [
    ['prescreen'],
    ['select', { selectedOn: '2026-10-01' }],
    ['sign_contract', { signedOn: '2026-10-05' }],
    ['start_visa'],
    ['mark_ready'],
    ['depart', { departedOn: '2026-11-20', flight: 'VN300' }],
  ]);
  return made;
}

describe('the case page, generated from the workflow table', () => {
  it('draws each action form from its input: labels, required marks, help, dates as dd/mm/yyyy text, money as text', async () => {
    const { staff, caseId } = await departedCase();
    const page = new PageSession(staff);
    const html = (await page.get(`/cases/${caseId}`)).text;
    const extend = formOf(html, 'extend');
    expect(extend).to.contain('Ngày kết thúc mới');
    expect(extend).to.match(/name="newEndOn"[^>]*placeholder="dd\/mm\/yyyy"/);
    expect(extend).to.match(/name="newEndOn"[^>]*data-date-input[^>]*required/);
    expect(extend).to.contain('Tiền dịch vụ gia hạn (đồng)');
    expect(extend).to.match(/name="feeVnd"[^>]*inputmode="numeric"/);
    expect(extend).to.contain('Tối đa theo thời gian gia hạn (R7)'); // help text from the schema's description
    expect(extend).to.contain('Kiểm tra khi gửi, theo số liệu nhập: R7 — Trần tiền dịch vụ');
    expect(formOf(html, 'depart')).to.equal(''); // not offered while departed
    for (const action of ['extend', 'return']) expect(formOf(html, action)).not.to.contain('type="date"');
    expect(/data-testid="facts-form"[\s\S]*?<\/form>/.exec(html)?.[0]).not.to.contain('type="date"');
    // the return form: its choices in words, the file id (API only) not offered
    const ret = formOf(html, 'return');
    expect(ret).to.contain('<option value="early_not_at_fault" >Về trước hạn, không do lỗi người lao động</option>');
    expect(ret).not.to.contain('evidenceFileId');
    // a required date starts as today, shown dd/mm/yyyy (the tests' today is 27/11/2026)
    expect(ret).to.match(/name="returnedOn" value="27\/11\/2026"/);
    // the case's deadlines in words: R17's update after departure (20/11 + 5 days) is overdue on 27/11, R15 is met
    const obligations = /data-testid="obligations"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(obligations).to.match(
      /data-kind="departure_update" data-status="open"><td>Cập nhật cơ sở dữ liệu sau khi xuất cảnh<\/td><td><strong class="error-text">25\/11\/2026 \(quá hạn\)/,
    );
    expect(obligations).to.match(/data-kind="waiting_limit" data-status="met">[\s\S]*?Đã xong 20\/11\/2026/);
    expect(obligations).to.contain('R20 — Thanh lý hợp đồng');
    // a date still to come does not: the new end of the contract starts empty
    expect(extend).to.match(/name="newEndOn" value=""/);
  });

  it('reads dates typed dd/mm/yyyy and money typed 17.000.000, and says so after saving', async () => {
    const { staff, caseId } = await departedCase();
    const page = new PageSession(staff);
    await page.get(`/cases/${caseId}`);
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: await versionOf(caseId),
      newEndOn: '20/11/2030',
      feeVnd: '17.000.000',
    });
    expect(res.status).to.equal(303);
    expect(await rows('SELECT new_end_on, fee_vnd FROM case_extensions')).to.deep.equal([
      { new_end_on: '2030-11-20', fee_vnd: '17000000' },
    ]);
    const after = (await page.get(`/cases/${caseId}`)).text;
    expect(after).to.contain('Đã ghi nhận.');
    // the timeline says what was recorded, in words
    expect(after).to.match(
      /Gia hạn hợp đồng[\s\S]*Ngày kết thúc mới: 20\/11\/2030[\s\S]*Tiền dịch vụ gia hạn \(đồng\): 17\.000\.000 ₫/,
    );
  });

  it('a refused form comes back with everything typed and every error beside its field, nothing written', async () => {
    const { staff, caseId } = await departedCase();
    const page = new PageSession(staff);
    await page.get(`/cases/${caseId}`);
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: await versionOf(caseId),
      newEndOn: '31/02/2030',
      feeVnd: 'mười bảy triệu',
    });
    expect(res.status).to.equal(400);
    const extend = formOf(res.text, 'extend');
    expect(extend).to.match(/name="newEndOn" value="31\/02\/2030"[^>]*aria-invalid="true"/);
    expect(extend).to.match(/id="extend-newEndOn-error">«Ngày kết thúc mới» phải là ngày hợp lệ</);
    expect(extend).to.match(/name="feeVnd" value="mười bảy triệu"[^>]*aria-invalid="true"/);
    expect(extend).to.contain('«Tiền dịch vụ gia hạn (đồng)» cần nhập số, ví dụ 17.000.000');
    expect(res.text).to.contain('data-testid="error-summary"');
    expect(res.text).to.contain('href="#extend-newEndOn"');
    expect(await rows('SELECT id FROM case_extensions')).to.have.length(0);
    // a date in the wrong shape is named as such
    const wrong = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: await versionOf(caseId),
      newEndOn: '2030/11/20',
    });
    expect(formOf(wrong.text, 'extend')).to.contain(
      '«Ngày kết thúc mới» cần nhập dạng ngày/tháng/năm, ví dụ 05/03/2026',
    );
  });

  it('a fee over the cap (R7) is refused beside the form with the rule in words; the typed values stay', async () => {
    const { staff, caseId } = await departedCase();
    const page = new PageSession(staff);
    await page.get(`/cases/${caseId}`);
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: await versionOf(caseId),
      newEndOn: '20/11/2030',
      feeVnd: '900.000.000',
    });
    expect(res.status).to.equal(422);
    const extend = formOf(res.text, 'extend');
    expect(extend).to.contain('R7 — Trần tiền dịch vụ · Chưa đạt');
    expect(extend).to.match(/name="feeVnd" value="900.000.000"/);
    expect(await rows('SELECT id FROM case_extensions')).to.have.length(0);
  });

  it('a stale form (someone else moved the case) is shown again with the new version and the typed values', async () => {
    const { staff, caseId } = await departedCase();
    const page = new PageSession(staff);
    await page.get(`/cases/${caseId}`);
    const stale = await versionOf(caseId);
    await act(staff.auth, caseId, 'extend', { newEndOn: '2030-01-20' }).expect(200);
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: stale,
      newEndOn: '20/11/2030',
    });
    expect(res.status).to.equal(409);
    expect(res.text).to.contain('Hồ sơ đã được người khác thay đổi');
    expect(formOf(res.text, 'extend')).to.match(/name="newEndOn" value="20\/11\/2030"/);
    expect(formOf(res.text, 'extend')).to.contain(`name="expectedVersion" value="${await versionOf(caseId)}"`);
  });

  it('liquidation deductions are rows of the form, read into the input as a list', async () => {
    const { staff, caseId } = await departedCase();
    await act(staff.auth, caseId, 'return', { returnedOn: '2026-11-25', outcome: 'on_time' }).expect(200);
    const page = new PageSession(staff);
    const html = (await page.get(`/cases/${caseId}`)).text;
    const liquidate = formOf(html, 'liquidate');
    expect(liquidate).to.contain('<legend>Khoản khấu trừ đã thỏa thuận</legend>');
    expect(liquidate).to.match(/name="deductions\.0\.amountVnd"/);
    expect(liquidate).to.match(/name="deductions\.2\.reason"/);
    const typed = {
      action: 'liquidate',
      expectedVersion: await versionOf(caseId),
      liquidatedOn: '26/11/2026',
      'deductions.0.amountVnd': '1.500.000',
      'deductions.0.reason': 'Vé máy bay tạm ứng',
      'deductions.1.amountVnd': '',
      'deductions.1.reason': '',
    };
    // a final action: the page asks first, with what was typed in words, and nothing is written yet
    const asked = await page.post(`/cases/${caseId}/transitions`, typed);
    expect(asked.status).to.equal(200);
    expect(asked.text).to.contain('data-testid="confirm"');
    expect(asked.text).to.contain('Khoản khấu trừ đã thỏa thuận: 1.500.000 ₫ – Vé máy bay tạm ứng');
    expect((await rows('SELECT state FROM cases WHERE id = $1', [caseId]))[0].state).to.equal('returned');
    const res = await page.post(`/cases/${caseId}/transitions`, { ...typed, confirmed: 'yes' });
    expect(res.status, res.text.slice(0, 300)).to.equal(303);
    const [c] = await rows('SELECT state, liquidated_on, liquidation_deductions FROM cases WHERE id = $1', [caseId]);
    expect(c).to.deep.include({ state: 'liquidated', liquidated_on: '2026-11-26' });
    expect(c.liquidation_deductions).to.deep.equal([{ amountVnd: 1500000, reason: 'Vé máy bay tạm ứng' }]);
  });

  it('a departure that fails a check keeps its form: recorded with a reason, from the page', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [
      ['prescreen'],
      ['select', { selectedOn: '2026-10-01' }],
      ['sign_contract', { signedOn: '2026-10-05' }],
      ['start_visa'],
      ['mark_ready'],
    ]);
    // the Fund contribution was not paid (R13): departure is blocked, but what happened can be recorded
    await setFundPaid(caseId, null);
    const page = new PageSession(staff);
    const html = (await page.get(`/cases/${caseId}`)).text;
    expect(html).to.match(/data-blocked="depart"[\s\S]*R13 — Đóng Quỹ trước khi xuất cảnh/);
    expect(formOf(html, 'depart')).to.contain('Lý do ghi nhận dù chưa đạt');
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'depart',
      expectedVersion: await versionOf(caseId),
      departedOn: '25/11/2026',
      overrideReason: 'Đã xuất cảnh theo lịch của đối tác; Quỹ sẽ nộp bổ sung',
    });
    expect(res.status, res.text.slice(0, 400)).to.equal(303);
    expect((await rows('SELECT state, departed_on FROM cases WHERE id = $1', [caseId]))[0]).to.deep.equal({
      state: 'departed',
      departed_on: '2026-11-25',
    });
  });

  it('the timeline reads in words: labels not keys, dd/mm/yyyy hh:mm in Vietnam time, verdicts with rule and citation', async () => {
    setClock(new Date('2026-11-27T17:05:00Z')); // 00:05 on 28/11 in Vietnam
    const { staff, caseId } = await departedCase();
    const html = (await new PageSession(staff).get(`/cases/${caseId}`)).text;
    const timeline =
      /<ol class="timeline"[\s\S]*?<\/ol>\s*$/.exec(html)?.[0] ?? html.slice(html.indexOf('class="timeline"'));
    expect(timeline).to.contain('Ký hợp đồng</strong>: Trúng tuyển → Đã ký hợp đồng');
    expect(timeline).not.to.match(/sign_contract|contract_signed|GMT/);
    expect(timeline).to.contain('<time datetime="2026-11-27T17:05:00.000Z">28/11/2026 00:05</time>');
    expect(timeline).to.contain('Ngày xuất cảnh: 20/11/2026');
    expect(timeline).to.contain('Chuyến bay: VN300');
    expect(timeline).to.match(
      /R15 — Thời hạn chờ xuất cảnh · Đạt<\/strong> — [^<]+<br><small>Căn cứ: Luật 69\/2020\/QH14, Điều 26 khoản 2 điểm đ/,
    );
  });
});
