// Support grants, part 2 (issue 19): a province approves many certified applications into one decision with one
// annex (all or none: budget, transitions, number), a list over budget refused whole with the shortfall and what fits,
// a correction superseding a decision with its commitments adjusted, payments on the worker's ledger and statement
// (committed → paid), the budget picture per month, and scope on every new route.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/cases';
import type { TestUser } from '../../helpers/factories';
import { applyFor, area, budget, move, signedWorker } from '../../helpers/grants';
import { drainJobs } from '../../helpers/queue';
import { pdfOf as pdfAs, pdfText } from '../../helpers/pdf';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { statementOf } from '../../../server/modules/money';
import { workDecision } from '../../../server/modules/grants/grants.decisions';

const rows = async <T>(sql: string, bind: unknown[] = []) => (await sequelize().query(sql, { bind }))[0] as T[];

const pdfOf = async (auth: Record<string, string>, id: number, status = 200) => {
  const res = await pdfAs(auth, id);
  expect(res.status).to.equal(status);
  return res;
};

/** n certified applications of one agency's workers (each: language 4,000,000 + personal items 600,000 = 4,600,000). */
async function certified(n: number, names: string[] = []) {
  const staff = await makeUser('agency_staff');
  const commune = await makeUser('commune_officer');
  const out: { id: number; workerId: number; caseId: number }[] = [];
  for (let i = 0; i < n; i += 1) {
    const { worker, caseId } = await signedWorker({ staff, worker: names[i] ? { fullName: names[i] } : {} });
    const a = (
      await applyFor(staff.auth, caseId, [
        { item: 'language', quantity: 1, claimedVnd: 4_000_000 },
        { item: 'personal_items', quantity: 1, claimedVnd: 600_000 },
      ]).expect(201)
    ).body.data;
    await move(commune.auth, a.id, 'certify', { householdStatus: 'poor', cvChecked: true }, 200);
    out.push({ id: a.id, workerId: worker.id, caseId });
  }
  return { staff, commune, apps: out };
}

async function decide(province: TestUser, ids: number[], source = 'central') {
  const started = await request(testApp())
    .post('/api/v1/grant-decisions')
    .set(province.auth)
    .send({ applicationIds: ids, source })
    .expect(202);
  expect(started.body.data).to.include({ status: 'queued', total: ids.length, checked: 0 });
  await drainJobs('grants.decision');
  return (
    await request(testApp()).get(`/api/v1/grant-decisions/${started.body.data.id}`).set(province.auth).expect(200)
  ).body.data;
}

const budgetRow = async () =>
  (await rows<{ committed_vnd: string; paid_vnd: string }>('SELECT committed_vnd, paid_vnd FROM grant_budgets'))[0]!;

describe('support decisions: many applications, one decision, all or none; payments; the budget picture', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('approves two applications into one numbered decision whose PDF carries the annex rows; extracts for each worker', async () => {
    await area();
    await budget(100_000_000);
    const { apps, staff } = await certified(2, ['Lò Văn Một', 'Hà Thị Hai']);
    const province = await makeUser('province_officer');
    const d = await decide(
      province,
      apps.map((a) => a.id),
    );
    expect(d).to.include({ status: 'issued', totalVnd: 9_200_000, total: 2, checked: 2, percent: 100 });
    expect(d.document.numberText).to.match(/^Số: \d+\/2026\/QĐ-UBND$/);
    expect(d.lines.map((l: { state: string }) => l.state)).to.deep.equal(['approved', 'approved']);
    const states = await rows<{ state: string; decision_id: string; approved_vnd: string }>(
      'SELECT state, decision_id, approved_vnd FROM grant_applications WHERE id = ANY($1::bigint[]) ORDER BY id',
      [apps.map((a) => a.id)],
    );
    expect(states.map((s) => [s.state, Number(s.decision_id), s.approved_vnd])).to.deep.equal([
      ['approved', d.id, '4600000'],
      ['approved', d.id, '4600000'],
    ]);
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '9200000', paid_vnd: '0' });
    // the PDF: the annex's rows (names, amounts) and the total in words
    await drainJobs();
    await drainJobs();
    const text = await pdfText((await pdfOf(province.auth, d.document.id)).body as Buffer);
    expect(text).to.contain('Lò Văn Một');
    expect(text).to.contain('Hà Thị Hai');
    expect(text).to.contain('9.200.000');
    expect(text).to.contain('Danh sách kèm theo Quyết định');
    expect(text).to.contain('Học ngoại ngữ');
    // each worker's extract carries her line only; she may download it, never the whole decision
    const her = await makeUser('worker', { workerId: apps[0]!.workerId });
    const [line] = await rows<{ extract_document_id: string }>(
      'SELECT extract_document_id FROM grant_decision_lines WHERE grant_application_id = $1',
      [apps[0]!.id],
    );
    const extract = await pdfText((await pdfOf(her.auth, Number(line!.extract_document_id))).body as Buffer);
    expect(extract).to.contain('Lò Văn Một');
    expect(extract).to.not.contain('Hà Thị Hai');
    expect(extract).to.contain(d.document.numberText.replace(/^Số:\s*/, ''));
    await pdfOf(her.auth, d.document.id, 404);
    await pdfOf(staff.auth, d.document.id, 404);
  });

  it('a list the budget cannot cover is refused whole, with the shortfall and what fits; nothing changes, no number is taken', async () => {
    await area();
    // three applications of 4,600,000 each (13,800,000); the budget has 10,000,000: two fit, short by 3,800,000
    await budget(10_000_000);
    const { apps } = await certified(3);
    const province = await makeUser('province_officer');
    const d = await decide(
      province,
      apps.map((a) => a.id),
    );
    expect(d.status).to.equal('refused');
    const v = d.refusal.verdicts[0];
    expect(v).to.include({ ruleId: 'BUDGET', ok: false });
    expect(v.message).to.contain('thiếu 3.800.000 ₫');
    expect(v.details).to.include({ shortfallVnd: 3_800_000, availableVnd: 10_000_000, fitsVnd: 9_200_000 });
    expect(v.details.fits).to.deep.equal([apps[0]!.id, apps[1]!.id]);
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '0', paid_vnd: '0' });
    const states = await rows<{ state: string }>('SELECT DISTINCT state FROM grant_applications');
    expect(states).to.deep.equal([{ state: 'certified' }]);
    expect(await rows('SELECT 1 FROM grant_item_awards')).to.have.length(0);
    expect(await rows("SELECT 1 FROM documents WHERE template = 'grant_decision'")).to.have.length(0);
    // the two that fit, decided: the first number of the year is theirs (the refusal took none)
    const ok = await decide(province, v.details.fits);
    expect(ok).to.include({ status: 'issued', totalVnd: 9_200_000 });
    expect(ok.document.numberText).to.match(/^Số: 01\/2026\//);
    // one ineligible application in a list refuses the whole list too (maker-checker), naming it
    const { apps: more } = await certified(1);
    await sequelize().query('UPDATE grant_budgets SET allocated_vnd = 50000000');
    await sequelize().query('UPDATE grant_applications SET certified_by_user_id = $2 WHERE id = $1', {
      bind: [more[0]!.id, province.user.id],
    });
    const mc = await decide(province, [apps[2]!.id, more[0]!.id]);
    expect(mc.status).to.equal('refused');
    expect(mc.refusal.verdicts.map((x: { ruleId: string }) => x.ruleId)).to.deep.equal(['R27']);
    expect(mc.refusal.verdicts[0].message).to.contain(`#${more[0]!.id}`);
    expect(
      (await rows<{ state: string }>('SELECT state FROM grant_applications WHERE id = $1', [apps[2]!.id]))[0],
    ).to.deep.equal({ state: 'certified' });
  });

  it('two decisions racing for the last of the budget: exactly one is issued, the other refused whole', async () => {
    await area();
    await budget(9_200_000);
    const { apps } = await certified(4);
    const province = await makeUser('province_officer');
    const start = (ids: number[]) =>
      request(testApp()).post('/api/v1/grant-decisions').set(province.auth).send({ applicationIds: ids }).expect(202);
    const [a, b] = await Promise.all([start([apps[0]!.id, apps[1]!.id]), start([apps[2]!.id, apps[3]!.id])]);
    await Promise.all([workDecision(a.body.data.id), workDecision(b.body.data.id)]);
    const statuses = (await rows<{ status: string }>('SELECT status FROM grant_decisions ORDER BY id')).map(
      (r) => r.status,
    );
    expect(statuses.sort()).to.deep.equal(['issued', 'refused']);
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '9200000', paid_vnd: '0' });
    expect(await rows("SELECT 1 FROM grant_applications WHERE state = 'approved'")).to.have.length(2);
  });

  it('a correcting decision supersedes the first: a line removed (award undone), an amount lowered, the commitment adjusted', async () => {
    await area();
    await budget(100_000_000);
    const { apps } = await certified(3);
    const province = await makeUser('province_officer');
    const d1 = await decide(
      province,
      apps.map((a) => a.id),
    );
    await drainJobs();
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '13800000', paid_vnd: '0' });
    // above the entitlement: refused, nothing changes
    const tooMuch = await request(testApp())
      .post(`/api/v1/grant-decisions/${d1.id}/corrections`)
      .set(province.auth)
      .send({ reason: 'Sửa số tiền', amounts: [{ applicationId: apps[1]!.id, amountVnd: 4_600_001 }] })
      .expect(422);
    expect(tooMuch.body.error.details.verdicts[0].message).to.contain('4.600.000');
    const res = await request(testApp())
      .post(`/api/v1/grant-decisions/${d1.id}/corrections`)
      .set(province.auth)
      .send({
        reason: 'Người lao động thứ nhất rút hồ sơ; sửa học phí thực tế',
        remove: [apps[0]!.id],
        amounts: [{ applicationId: apps[1]!.id, amountVnd: 3_000_000 }],
      })
      .expect(201);
    const d2 = res.body.data;
    expect(d2).to.include({ status: 'issued', supersedesId: d1.id, totalVnd: 7_600_000 });
    expect(
      d2.lines.map((l: { applicationId: number; amountVnd: number }) => [l.applicationId, l.amountVnd]),
    ).to.deep.equal([
      [apps[1]!.id, 3_000_000],
      [apps[2]!.id, 4_600_000],
    ]);
    const old = (await request(testApp()).get(`/api/v1/grant-decisions/${d1.id}`).set(province.auth).expect(200)).body
      .data;
    expect(old).to.include({ status: 'superseded', supersededById: d2.id });
    expect(old.document.status).to.equal('superseded');
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '7600000', paid_vnd: '0' });
    const removed = (
      await rows<{ state: string; reject_reason: string }>(
        'SELECT state, reject_reason FROM grant_applications WHERE id = $1',
        [apps[0]!.id],
      )
    )[0]!;
    expect(removed.state).to.equal('rejected');
    expect(removed.reject_reason).to.contain('rút hồ sơ');
    expect(await rows('SELECT 1 FROM grant_item_awards WHERE grant_application_id = $1', [apps[0]!.id])).to.have.length(
      0,
    );
    // the movements add up to the budget row
    const [m] = await rows<{ n: string }>(
      "SELECT sum(CASE kind WHEN 'commit' THEN amount_vnd ELSE -amount_vnd END) AS n FROM grant_budget_movements",
    );
    expect(m!.n).to.equal('7600000');
    // a superseded decision cannot be corrected again; the new one's PDF says what it replaces
    await request(testApp())
      .post(`/api/v1/grant-decisions/${d1.id}/corrections`)
      .set(province.auth)
      .send({ reason: 'Sửa lần nữa', remove: [apps[2]!.id] })
      .expect(409);
    await drainJobs();
    await drainJobs();
    const text = await pdfText((await pdfOf(province.auth, d2.document.id)).body as Buffer);
    expect(text).to.contain(`thay thế Quyết định ${d1.document.numberText.replace(/^Số:\s*/, 'số ')}`);
    // the removed worker's extract is revoked; the kept ones' superseded by the new decision's
    const ext = await rows<{ subject_id: string; status: string }>(
      "SELECT subject_id, status FROM documents WHERE template = 'grant_decision_extract' ORDER BY id",
    );
    expect(ext.filter((e) => e.subject_id === String(apps[0]!.id)).map((e) => e.status)).to.deep.equal(['revoked']);
    expect(ext.filter((e) => e.subject_id === String(apps[1]!.id)).map((e) => e.status)).to.deep.equal([
      'superseded',
      'issued',
    ]);
  });

  it('payments against a decision: support_paid on each ledger and statement, committed → paid, per month in the picture', async () => {
    await area();
    await budget(100_000_000);
    const { apps, commune } = await certified(2);
    const province = await makeUser('province_officer');
    const d = await decide(
      province,
      apps.map((a) => a.id),
    );
    // a payment dated before the decision is refused beside its field; nothing is paid
    const early = await request(testApp())
      .post(`/api/v1/grant-decisions/${d.id}/payments`)
      .set(province.auth)
      .send({ method: 'bank_transfer', reference: 'UNC-01', paidOn: '2026-11-26' })
      .expect(400);
    expect(JSON.stringify(early.body)).to.contain('paidOn');
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '9200000', paid_vnd: '0' });
    const paid = await request(testApp())
      .post(`/api/v1/grant-decisions/${d.id}/payments`)
      .set(province.auth)
      .send({ method: 'bank_transfer', reference: 'UNC-0112', paidOn: '2026-11-27' })
      .expect(200);
    expect(paid.body.data).to.include({ paid: 2, paidVnd: 9_200_000 });
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '0', paid_vnd: '9200000' });
    const entries = await rows<{ case_id: string; kind: string; amount_vnd: string; reference: string }>(
      "SELECT case_id, kind, amount_vnd, reference FROM ledger_entries WHERE kind = 'support_paid' ORDER BY case_id",
    );
    expect(entries.map((e) => [Number(e.case_id), e.amount_vnd, e.reference])).to.deep.equal(
      apps.map((a) => [a.caseId, '4600000', 'UNC-0112']),
    );
    const st = JSON.stringify(await statementOf(apps[0]!.workerId));
    expect(st).to.contain('Hỗ trợ của Nhà nước');
    expect(st).to.contain('4600000');
    // paid twice: nothing more to pay
    await request(testApp())
      .post(`/api/v1/grant-decisions/${d.id}/payments`)
      .set(province.auth)
      .send({ method: 'cash', reference: 'PC-02', paidOn: '2026-11-27' })
      .expect(409);
    expect(await rows("SELECT 1 FROM ledger_entries WHERE kind = 'support_paid'")).to.have.length(2);
    // the commune sees its residents' payments
    const seen = (await request(testApp()).get('/api/v1/grants?state=paid').set(commune.auth).expect(200)).body.data;
    expect(seen.map((x: { id: number }) => x.id).sort()).to.deep.equal(apps.map((a) => a.id).sort());
    // the picture: November committed 9,200,000 and paid 9,200,000; nothing outstanding at the month's end
    const pic = (
      await request(testApp()).get('/api/v1/grant-budgets/picture?fiscalYear=2026').set(province.auth).expect(200)
    ).body.data;
    expect(pic[0]).to.include({
      allocatedVnd: 100_000_000,
      committedVnd: 0,
      paidVnd: 9_200_000,
      availableVnd: 90_800_000,
    });
    expect(pic[0].months[10]).to.deep.equal({
      month: 11,
      committedVnd: 9_200_000,
      paidVnd: 9_200_000,
      committedEndVnd: 0,
      paidEndVnd: 9_200_000,
      availableEndVnd: 90_800_000,
    });
    expect(pic[0].months[9]).to.include({ committedVnd: 0, paidVnd: 0 });
    // closed after payment
    await move(province.auth, apps[0]!.id, 'close', {}, 200);
  });

  it('scope: another province, a commune, an agency and a worker reach no decision, payment or picture', async () => {
    await area();
    await budget(100_000_000);
    const { apps, staff, commune } = await certified(1);
    const province = await makeUser('province_officer');
    const d = await decide(province, [apps[0]!.id]);
    const elsewhere = await makeUser('province_officer', { provinceCode: '01' });
    await request(testApp()).get(`/api/v1/grant-decisions/${d.id}`).set(elsewhere.auth).expect(404);
    await request(testApp())
      .post(`/api/v1/grant-decisions/${d.id}/payments`)
      .set(elsewhere.auth)
      .send({ method: 'cash', reference: 'PC-1', paidOn: '2026-11-27' })
      .expect(404);
    await request(testApp())
      .post(`/api/v1/grant-decisions/${d.id}/corrections`)
      .set(elsewhere.auth)
      .send({ reason: 'Không thuộc tỉnh', remove: [apps[0]!.id] })
      .expect(404);
    await request(testApp())
      .post('/api/v1/grant-decisions')
      .set(elsewhere.auth)
      .send({ applicationIds: [apps[0]!.id] })
      .expect(404);
    const pic = (
      await request(testApp()).get('/api/v1/grant-budgets/picture?fiscalYear=2026').set(elsewhere.auth).expect(200)
    ).body.data;
    expect(pic).to.deep.equal([]);
    await pdfOf(elsewhere.auth, d.document.id, 404);
    const worker = await makeUser('worker', { workerId: apps[0]!.workerId });
    for (const who of [commune, staff, worker]) {
      await request(testApp()).get(`/api/v1/grant-decisions/${d.id}`).set(who.auth).expect(403);
      await request(testApp()).get('/api/v1/grant-decisions').set(who.auth).expect(403);
      await request(testApp())
        .post(`/api/v1/grant-decisions/${d.id}/payments`)
        .set(who.auth)
        .send({ method: 'cash', reference: 'PC-1', paidOn: '2026-11-27' })
        .expect(403);
      await request(testApp()).get('/api/v1/grant-budgets/picture').set(who.auth).expect(403);
    }
    // an approval through the API is a decision too; an annulment never comes alone
    await move(province.auth, apps[0]!.id, 'annul', {}, 409);
    expect(await budgetRow()).to.deep.equal({ committed_vnd: '4600000', paid_vnd: '0' });
  });
});
