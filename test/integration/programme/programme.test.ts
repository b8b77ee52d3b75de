// Programme results (issue 22; DOMAIN.md §4, §15.1–15.2): successful connections (E2) of eligible workers tagged as
// programme outputs, once and for good; the province dashboard's figures; the province's targets and procurement modes.
import request from 'supertest';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { makeCentre, makeUser, type TestUser } from '../../helpers/factories';
import { HIRE, introduce, makeVacancy, registerSeeker } from '../../helpers/exchange';
import { openOrder } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { tagOutputs } from '../../../server/modules/programme';

const app = testApp();

async function q<T = Record<string, unknown>>(sql: string, bind: unknown[] = []): Promise<T[]> {
  const [rows] = await sequelize().query(sql, { bind });
  return rows as T[];
}

/** A job seeker of the centre hired through a vacancy on `signedOn` (E2), through the real API. */
async function hire(
  staff: TestUser,
  opts: { signedOn?: string; seeker?: Record<string, unknown>; deadline?: string } = {},
): Promise<{ referralId: number; workerId: number; jobSeekerId: number }> {
  const seeker = await registerSeeker(app, staff, opts.seeker ?? {});
  const v = await makeVacancy(app, staff, opts.deadline ? { deadline: opts.deadline } : {});
  const r = await introduce(app, staff, seeker.id, v.id);
  const signedOn = opts.signedOn ?? HIRE.signedOn;
  const res = await request(app)
    .post(`/api/v1/referrals/${r.id}/transitions`)
    .set(staff.auth)
    .send({
      action: 'hire',
      input: { ...HIRE, signedOn, startOn: signedOn, notifiedOn: signedOn },
      expectedVersion: r.version,
    });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return { referralId: r.id, workerId: seeker.workerId, jobSeekerId: seeker.id };
}

/** The commune's certification of the household for a year (as the grants module's certify step records it). */
const certify = (workerId: number, status: string, year: number | null) =>
  q('UPDATE workers SET household_status = $2, household_status_year = $3 WHERE id = $1', [workerId, status, year]);

/** An overseas hire (a referral to a sending organisation's order, its case at contract_signed), inserted directly. */
async function hireAbroad(staff: TestUser, signedOn: string, status = 'poor'): Promise<number> {
  const seeker = await registerSeeker(app, staff);
  await certify(seeker.workerId, status, Number(signedOn.slice(0, 4)));
  const sender = await makeUser('agency_staff');
  const order = await openOrder(sender);
  const [row] = await q<{ id: string }>(
    `INSERT INTO referrals (centre_id, job_seeker_id, seeker_centre_id, worker_id, job_order_id, sender_agency_id, origin,
                            state, introduced_on, contract_type, signed_on, start_on, position, wage_code, employer_name,
                            employer_enterprise_code, notified_on)
     VALUES ($1, $2, $1, $3, $4, $5, 'person', 'hired', $6, 'fixed_term', $6, $6, 'Thực tập sinh', 3, 'Công ty B',
             '0312345678', $6) RETURNING id`,
    [staff.user.agencyId, seeker.id, seeker.workerId, order.id, sender.user.agencyId, signedOn],
  );
  return Number(row.id);
}

const outputOf = async (referralId: number) =>
  (await q('SELECT * FROM programme_outputs WHERE referral_id = $1', [referralId]))[0] as
    Record<string, unknown> | undefined;

describe('programme outputs (issue 22; DOMAIN §15.2, E2)', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
  });

  it('E2: a hire of a worker whose household the commune certified poor for the year is an output, group poor, certified', async () => {
    const h = await hire(staff);
    await certify(h.workerId, 'poor', 2026);
    expect(await tagOutputs()).to.deep.equal({ tagged: 1, modesFilled: 0 });
    const o = await outputOf(h.referralId);
    expect(o).to.include({ output_group: 'poor', certified: true, abroad: false, province_code: '38' });
    expect(o!.evidence).to.match(/Hộ nghèo năm 2026: Ủy ban nhân dân xã đã xác nhận/);
  });

  it('a status only declared (Mẫu 01, or certified for another year) is tagged "chưa xác nhận" and counted apart', async () => {
    const declared = await hire(staff, { seeker: { priorityGroups: ['near_poor_household'] } });
    const lastYear = await hire(staff);
    await certify(lastYear.workerId, 'poor', 2025);
    await tagOutputs();
    expect(await outputOf(declared.referralId)).to.include({ output_group: 'near_poor', certified: false });
    expect(await outputOf(lastYear.referralId)).to.include({ output_group: 'poor', certified: false });
    const officer = await makeUser('province_officer');
    const res = await request(app).get('/api/v1/programme-dashboard?year=2026').set(officer.auth);
    expect(res.status).to.equal(200);
    expect(res.body.data.totals.domestic).to.include({
      uncertified: 2,
      poor: 0,
      near_poor: 0,
      outputs: 0,
      connections: 2,
    });
    const page = await request(app).get('/api/v1/programme-outputs?year=2026&group=uncertified').set(officer.auth);
    expect(page.body.data.map((o: { referralId: number }) => o.referralId).sort()).to.deep.equal(
      [declared.referralId, lastYear.referralId].sort(),
    );
    expect(page.body.data[0].cccdMasked).to.match(/^\d{3}\*{6}\d{3}$/);
  });

  it("residence in an eligible-area commune of the province's list counts as eligible area", async () => {
    const h = await hire(staff);
    await q(
      "INSERT INTO grant_eligible_areas (province_code, commune_code, kind) VALUES ('38', '14869', 'coastal_commune')",
    );
    await tagOutputs();
    expect(await outputOf(h.referralId)).to.include({
      output_group: 'eligible_area',
      certified: true,
      area_kind: 'coastal_commune',
    });
  });

  it('a worker with no status, no declared group and no eligible area is not an output', async () => {
    const h = await hire(staff);
    expect(await tagOutputs()).to.deep.equal({ tagged: 0, modesFilled: 0 });
    expect(await outputOf(h.referralId)).to.equal(undefined);
  });

  it('funding source by the signed date: 31/12/2026 the 2021–2025 carried-over tasks (Circular 55/2023), 01/01/2027 Component 4 (Circular 60/2026)', async () => {
    setClock('2027-01-05');
    staff = await makeUser('centre_staff'); // a token of the new day
    const before = await hire(staff, { signedOn: '2026-12-31', deadline: '2027-03-31' });
    const after = await hire(staff, { signedOn: '2027-01-01', deadline: '2027-03-31' });
    await certify(before.workerId, 'poor', 2026);
    await tagOutputs();
    await certify(after.workerId, 'poor', 2027);
    await tagOutputs();
    const [b, a] = [await outputOf(before.referralId), await outputOf(after.referralId)];
    expect(b).to.include({ funding_source: 'mtqg_2021_2025', output_group: 'poor', certified: true });
    expect(a).to.include({ funding_source: 'mtqg_2026_2035_c4', output_group: 'poor', certified: true });
    const policies = await q<{ id: string; value: string; effective_from: string }>(
      "SELECT id, value::int::text AS value, effective_from FROM policy_values WHERE key = 'programme.funding_programme'",
    );
    expect(policies.find((p) => p.id === String(b!.funding_policy_id))?.value).to.equal('2021');
    expect(policies.find((p) => p.id === String(a!.funding_policy_id))?.value).to.equal('2026');
  });

  it('tagging is idempotent (twice, or two at once: one row) and stable (a later change of status does not re-tag)', async () => {
    const h = await hire(staff);
    await certify(h.workerId, 'poor', 2026);
    const runs = await Promise.all([tagOutputs(), tagOutputs()]);
    expect(runs.reduce((n, r) => n + r.tagged, 0)).to.equal(1);
    expect((await tagOutputs()).tagged).to.equal(0);
    expect(await q('SELECT count(*)::int AS n FROM programme_outputs')).to.deep.equal([{ n: 1 }]);
    const first = await outputOf(h.referralId);
    // the household escapes poverty the next week: last month's output stays what it was
    await certify(h.workerId, 'escaped_poverty', 2026);
    await tagOutputs();
    expect(await outputOf(h.referralId)).to.deep.equal(first);
    // and the database refuses to change or delete a tag
    let refused = '';
    try {
      await q("UPDATE programme_outputs SET output_group = 'escaped_poverty' WHERE referral_id = $1", [h.referralId]);
    } catch (err) {
      refused = (err as Error).message;
    }
    expect(refused).to.match(/tagged once and kept/);
    refused = '';
    try {
      await q('DELETE FROM programme_outputs WHERE referral_id = $1', [h.referralId]);
    } catch (err) {
      refused = (err as Error).message;
    }
    expect(refused).to.match(/tagged once and kept/);
  });

  it('the procurement mode entered later is filled once on earlier outputs of its period, and never changed', async () => {
    const h = await hire(staff);
    await certify(h.workerId, 'poor', 2026);
    await tagOutputs();
    expect(await outputOf(h.referralId)).to.include({ procurement_mode: null });
    const officer = await makeUser('province_officer');
    const add = (body: Record<string, unknown>) =>
      request(app).post('/api/v1/programme-procurement-modes').set(officer.auth).send(body);
    const res = await add({
      centreId: staff.user.agencyId,
      mode: 'order',
      validFrom: '2026-01-01',
      reference: 'QĐ 12/QĐ-UBND',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(await outputOf(h.referralId)).to.include({ procurement_mode: 'order' });
    // a tender from 01/12/2026 ends the order period on 30/11/2026; the November output keeps its order
    expect((await add({ centreId: staff.user.agencyId, mode: 'tender', validFrom: '2026-12-01' })).status).to.equal(
      201,
    );
    expect(
      await q('SELECT mode, valid_from, valid_to FROM programme_procurement_modes ORDER BY valid_from'),
    ).to.deep.equal([
      { mode: 'order', valid_from: '2026-01-01', valid_to: '2026-11-30' },
      { mode: 'tender', valid_from: '2026-12-01', valid_to: null },
    ]);
    expect(await outputOf(h.referralId)).to.include({ procurement_mode: 'order' });
    // a period starting on the same day as another overlaps it: refused in words
    const clash = await add({ centreId: staff.user.agencyId, mode: 'assignment', validFrom: '2026-12-01' });
    expect(clash.status).to.equal(409);
    expect(clash.body.error.message).to.match(/đã có hình thức/);
    // a centre of another province is not found
    const other = await makeCentre({ provinceCode: '01' } as never);
    expect((await add({ centreId: other.id, mode: 'order', validFrom: '2026-01-01' })).status).to.equal(404);
  });
});

describe('the province dashboard (issue 22)', () => {
  it('counts a small province by month and group, domestic and abroad apart, with sessions and the databases', async () => {
    const staff = await makeUser('centre_staff');
    const officer = await makeUser('province_officer');
    const poor = await hire(staff, { signedOn: '2026-10-15' });
    await certify(poor.workerId, 'poor', 2026);
    const near = await hire(staff, { signedOn: '2026-11-20' });
    await certify(near.workerId, 'near_poor', 2026);
    await hire(staff, { signedOn: '2026-11-21', seeker: { priorityGroups: ['poor_household'] } }); // declared only
    await hire(staff, { signedOn: '2026-11-22' }); // not eligible: a connection, not an output
    await hireAbroad(staff, '2026-11-10');
    // still looking: this one and the overseas one (inserted directly, so still active); the vacancies above each
    // keep 4 of 5 places open
    await registerSeeker(app, staff);
    const centre = staff.user.agencyId;
    await q(
      `INSERT INTO exchange_sessions (centre_id, province_code, name, kind, held_on, starts_at, ends_at, venue, state)
       VALUES ($1, '38', 'Phiên tháng 10', 'fixed', '2026-10-05', '08:00', '11:00', 'Trung tâm', 'held'),
              ($1, '38', 'Phiên tháng 11', 'fixed', '2026-11-05', '08:00', '11:00', 'Trung tâm', 'held'),
              ($1, '38', 'Phiên tháng 11 (hoãn)', 'fixed', '2026-11-12', '08:00', '11:00', 'Trung tâm', 'cancelled')`,
      [centre],
    );
    // another province's centre, with an eligible hire: never in Thanh Hóa's figures
    const hanoi = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '01' } as never)).id });
    const far = await hire(hanoi, { signedOn: '2026-11-02' });
    await certify(far.workerId, 'poor', 2026);

    const res = await request(app).get('/api/v1/programme-dashboard?year=2026').set(officer.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const d = res.body.data;
    expect(d.months[9].domestic).to.include({ poor: 1, outputs: 1, connections: 1 });
    expect(d.months[10].domestic).to.include({ near_poor: 1, uncertified: 1, outputs: 1, connections: 3 });
    expect(d.months[10].abroad).to.include({ poor: 1, outputs: 1, connections: 1 });
    expect(d.totals.domestic).to.include({ poor: 1, near_poor: 1, uncertified: 1, outputs: 2, connections: 4 });
    expect(d.totals.abroad).to.include({ poor: 1, outputs: 1, connections: 1 });
    expect(d.totals.sessions).to.equal(2);
    expect(d.stock).to.deep.equal({ jobSeekers: 2, vacancies: 4, places: 16 });

    // the page: the same numbers in its tables (works without scripts)
    const browser = new PageSession(officer);
    const page = await browser.get('/viec-lam/ket-qua?year=2026');
    expect(page.status).to.equal(200);
    const row = (table: string, month: string) => {
      const t = page.text.split(`data-testid="${table}"`)[1].split('</table>')[0];
      const tr = t.split(`data-month="${month}"`)[1].split('</tr>')[0];
      return [...tr.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    };
    // poor, near-poor, newly escaped, eligible area, not certified, outputs, every connection
    expect(row('kq-domestic', '11')).to.deep.equal(['0', '1', '0', '0', '1', '1', '3']);
    expect(row('kq-domestic', 'total')).to.deep.equal(['1', '1', '0', '0', '1', '2', '4']);
    expect(row('kq-abroad', '11')).to.deep.equal(['1', '0', '0', '0', '0', '1', '1']);
    expect(page.text).to.match(/data-row="places"><th scope="row">Số chỗ còn tuyển<\/th><td class="num">16<\/td>/);
    expect(page.text).to.include('<script type="application/json" id="chart-data">');

    // centre staff see their centre's share; the Hanoi centre sees none of Thanh Hóa
    const mine = await request(app).get('/api/v1/programme-dashboard?year=2026').set(staff.auth);
    expect(mine.body.data.totals.domestic.outputs).to.equal(2);
    const theirs = await request(app).get('/api/v1/programme-dashboard?year=2026').set(hanoi.auth);
    expect(theirs.body.data.scope.provinceCode).to.equal('01');
    expect(theirs.body.data.totals.domestic).to.include({ poor: 1, outputs: 1, connections: 1 });
    // an explicit province outside the scope: 404 on the API and the page
    expect((await request(app).get('/api/v1/programme-dashboard?provinceCode=01').set(officer.auth)).status).to.equal(
      404,
    );
    expect((await request(app).get('/api/v1/programme-outputs?provinceCode=38').set(hanoi.auth)).status).to.equal(404);
    expect((await browser.get('/viec-lam/ket-qua?provinceCode=01')).status).to.equal(404);
    // the admin picks a province
    const admin = await makeUser('admin');
    const picked = await request(app).get('/api/v1/programme-dashboard?year=2026&provinceCode=38').set(admin.auth);
    expect(picked.body.data.totals.abroad.outputs).to.equal(1);
    expect((await request(app).get('/api/v1/programme-dashboard?year=2026').set(admin.auth)).status).to.equal(400);
  });
});

describe("the province's targets (programme:targets)", () => {
  it('only a province officer sets her own province’s targets; another province answers 404; the dashboard compares', async () => {
    const officer = await makeUser('province_officer');
    const put = (who: TestUser, body: Record<string, unknown>) =>
      request(app).put('/api/v1/programme-targets').set(who.auth).send(body);
    const ok = await put(officer, { year: 2026, outputs: 120, outputsHousehold: 80, sessions: 12 });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.data).to.deep.equal({
      provinceCode: '38',
      year: 2026,
      outputs: 120,
      outputsHousehold: 80,
      outputsAbroad: null,
      sessions: 12,
    });
    expect((await put(officer, { year: 2026, provinceCode: '01', outputs: 5 })).status).to.equal(404);
    const hanoiOfficer = await makeUser('province_officer', { provinceCode: '01' } as never);
    expect((await put(hanoiOfficer, { year: 2026, provinceCode: '38', outputs: 5 })).status).to.equal(404);
    expect((await put(await makeUser('centre_staff'), { year: 2026, outputs: 5 })).status).to.equal(403);
    expect((await put(await makeUser('admin'), { year: 2026, outputs: 5 })).status).to.equal(403);
    const bad = await put(officer, { year: 2026, outputs: -1 });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details[0].message).to.match(/lớn hơn hoặc bằng 0/);
    // the others in the province read them; a null clears one
    await put(officer, { year: 2026, sessions: null });
    const staff = await makeUser('centre_staff');
    const read = await request(app).get('/api/v1/programme-targets?year=2026').set(staff.auth);
    expect(read.body.data).to.include({ outputs: 120, sessions: null });
    const d = await request(app).get('/api/v1/programme-dashboard?year=2026').set(officer.auth);
    expect(d.body.data.targets[0]).to.deep.equal({ metric: 'outputs', target: 120, actual: 0, share: 0 });
  });

  it('the targets form: errors beside their fields with the input kept, then a flash message after saving', async () => {
    const officer = await makeUser('province_officer');
    const browser = new PageSession(officer);
    const form = await browser.get('/viec-lam/ket-qua/chi-tieu?year=2026');
    expect(form.status).to.equal(200);
    const bad = await browser.post('/viec-lam/ket-qua/chi-tieu', { year: '2026', outputs: 'nhiều', sessions: '12' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.match(/error-text field-error" id="tg-outputs-error">[^<]*cần nhập số/);
    expect(bad.text).to.include('value="nhiều"');
    const good = await browser.post('/viec-lam/ket-qua/chi-tieu', { year: '2026', outputs: '1.200', sessions: '12' });
    expect(good.status).to.equal(303);
    expect(good.headers.location).to.equal('/viec-lam/ket-qua?year=2026');
    expect(await q('SELECT metric, target FROM programme_targets ORDER BY metric')).to.deep.equal([
      { metric: 'outputs', target: 1200 },
      { metric: 'sessions', target: 12 },
    ]);
    const next = await browser.get('/viec-lam/ket-qua?year=2026');
    expect(next.text).to.include('Đã lưu chỉ tiêu năm 2026');
    expect(next.text).to.match(/data-metric="outputs"><th scope="row">[^<]*<\/th><td class="num">1\.200<\/td>/);
    // centre staff cannot reach the form
    expect((await new PageSession(await makeUser('centre_staff')).get('/viec-lam/ket-qua/chi-tieu')).status).to.equal(
      403,
    );
  });
});

describe('programme pages (issue 22)', () => {
  it('the procurement mode is entered on its page with a confirmation step, then listed; the outputs list masks CCCD', async () => {
    const staff = await makeUser('centre_staff');
    const h = await hire(staff);
    await certify(h.workerId, 'escaped_poverty', 2026);
    const officer = await makeUser('province_officer');
    const browser = new PageSession(officer);
    const page = await browser.get('/viec-lam/ket-qua/hinh-thuc');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-testid="mode-form"');
    const missing = await browser.post('/viec-lam/ket-qua/hinh-thuc', { mode: 'tender', validFrom: '01/01/2026' });
    expect(missing.status).to.equal(400);
    expect(missing.text).to.match(/id="pm-centreId-error">«Trung tâm dịch vụ việc làm» là bắt buộc/);
    const fields = {
      centreId: String(staff.user.agencyId),
      mode: 'tender',
      validFrom: '01/01/2026',
      reference: 'HĐ 7/2026',
    };
    const confirm = await browser.post('/viec-lam/ket-qua/hinh-thuc', fields);
    expect(confirm.text).to.include('data-testid="confirm"');
    expect(await q('SELECT count(*)::int AS n FROM programme_procurement_modes')).to.deep.equal([{ n: 0 }]);
    const saved = await browser.post('/viec-lam/ket-qua/hinh-thuc', { ...fields, confirmed: 'yes' });
    expect(saved.status).to.equal(303);
    const list = await browser.get('/viec-lam/ket-qua/hinh-thuc');
    expect(list.text).to.include('Đã lưu hình thức cung cấp dịch vụ');
    expect(list.text).to.match(
      /<td>Đấu thầu<\/td><td>01\/01\/2026<\/td><td>chưa có ngày kết thúc<\/td><td>HĐ 7\/2026<\/td>/,
    );
    // centre staff read their centre's periods, without the form
    const centrePage = await new PageSession(staff).get('/viec-lam/ket-qua/hinh-thuc');
    expect(centrePage.status).to.equal(200);
    expect(centrePage.text).to.not.include('data-testid="mode-form"');

    const outputs = await browser.get('/viec-lam/ket-qua/dau-ra?year=2026');
    expect(outputs.status).to.equal(200);
    const row = outputs.text.split(`data-referral="${h.referralId}"`)[1].split('</tr>')[0];
    expect(row).to.match(/\d{3}\*{6}\d{3}/);
    expect(row).to.include('Hộ mới thoát nghèo');
    expect(row).to.include('Đã xác nhận');
    expect(row).to.include('Đấu thầu');
    expect(row).to.include('CTMTQG giảm nghèo bền vững 2021–2025');
    const [w] = await q<{ cccd: string }>('SELECT cccd FROM workers WHERE id = $1', [h.workerId]);
    expect(outputs.text).to.not.include(w.cccd);
  });

  it('the admin picks a province; without one the page asks for it', async () => {
    const admin = new PageSession(await makeUser('admin'));
    const blank = await admin.get('/viec-lam/ket-qua');
    expect(blank.status).to.equal(200);
    expect(blank.text).to.include('Chọn tỉnh, thành phố để xem kết quả chương trình.');
    const picked = await admin.get('/viec-lam/ket-qua?provinceCode=38&year=2026');
    expect(picked.status).to.equal(200);
    expect(picked.text).to.include('data-testid="kq-domestic"');
    expect(picked.text).to.not.include('data-testid="set-targets"');
  });
});
