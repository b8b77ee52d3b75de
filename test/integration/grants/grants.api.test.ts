// Support grants, part 1 (issue 18): eligibility that explains itself, the application workflow (commune certifies,
// province approves), maker-checker, once per item per person across provinces and programmes (R26), the budget
// race, the processing clock paused while a dossier is returned (working days, Tết), scope.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/cases';
import { CLAIMS, applyFor, area, budget, move, signedWorker } from '../../helpers/grants';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { issueToken } from '../../../server/modules/auth';

describe('support grants: eligibility, certification, approval against a budget', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('explains each criterion with its evidence and rule; the most favourable group and clause are chosen (R24, R26)', async () => {
    const { staff, caseId } = await signedWorker({ worker: { householdStatus: 'near_poor' } });
    await area();
    const e = (await request(testApp()).get(`/api/v1/grants/eligibility?caseId=${caseId}`).set(staff.auth).expect(200))
      .body.data;
    const mtqg = e.programmes.find((p: { programme: string }) => p.programme === 'mtqg');
    // near-poor (clause 2) and ethnic minority (clause 1): clause 1 wins
    expect(mtqg.group).to.include({ group: 'ethnic_minority', clause: 'clause1' });
    expect(mtqg.eligible).to.equal(true);
    for (const key of ['age', 'residence', 'area', 'household', 'case', 'programme', 'group'])
      expect(
        mtqg.criteria.find((c: { key: string }) => c.key === key),
        key,
      ).to.include({ ok: true });
    // no area on the list: MTQG fails on the area, Decree 338 still applies (ethnic minority)
    await sequelize().query('DELETE FROM grant_eligible_areas');
    const e2 = (await request(testApp()).get(`/api/v1/grants/eligibility?caseId=${caseId}`).set(staff.auth).expect(200))
      .body.data;
    expect(
      e2.programmes
        .find((p: { programme: string }) => p.programme === 'mtqg')
        .criteria.find((c: { key: string }) => c.key === 'area'),
    ).to.include({ ok: false, ruleId: 'R24' });
    expect(e2.programmes.find((p: { programme: string }) => p.programme === 'nd338').eligible).to.equal(true);
  });

  it('the amounts at their caps: language 4,000,000 (clause 1), 70 % for clause 2, personal items 600,000, health ≤ 750,000', async () => {
    const { staff, caseId } = await signedWorker();
    await area();
    const a = (await applyFor(staff.auth, caseId).expect(201)).body.data;
    const by = (item: string) => a.claims.find((c: { item: string }) => c.item === item);
    expect(by('language')).to.include({ claimedVnd: 5_000_000, allowedVnd: 4_000_000 });
    expect(by('personal_items')).to.include({ claimedVnd: 600_001, allowedVnd: 600_000 });
    expect(by('health_check')).to.include({ claimedVnd: 700_000, allowedVnd: 700_000 });
    expect(a.allowedNowVnd).to.equal(5_300_000);
    expect(by('language').arithmetic.join(' ')).to.contain('tối đa 4.000.000 ₫/khóa');
    // a near-poor Kinh worker: clause 2, language at 70 %
    const { staff: s2, caseId: c2 } = await signedWorker({
      worker: { householdStatus: 'near_poor', ethnicity: 'Kinh' },
    });
    const b = (await applyFor(s2.auth, c2, [{ item: 'language', quantity: 1, claimedVnd: 2_800_001 }]).expect(201)).body
      .data;
    expect(b.claims[0]).to.include({ allowedVnd: 2_800_000 });
    // another resident of the area (clause 3): language at 50 %, nothing else
    const { staff: s3, caseId: c3 } = await signedWorker({
      worker: { householdStatus: 'none', householdStatusYear: null, ethnicity: 'Kinh' },
    });
    const c = (
      await applyFor(s3.auth, c3, [
        { item: 'language', quantity: 1, claimedVnd: 3_000_000 },
        { item: 'food', quantity: 1, claimedVnd: 500_000 },
      ]).expect(201)
    ).body.data;
    expect(c.claims.map((x: { allowedVnd: number }) => x.allowedVnd)).to.deep.equal([2_000_000, 0]);
  });

  it('certify (commune), approve (province): maker-checker refuses whoever certified; the budget is committed', async () => {
    const { staff, caseId } = await signedWorker();
    await area();
    await budget(100_000_000);
    const a = (await applyFor(staff.auth, caseId).expect(201)).body.data;
    expect(a.state).to.equal('submitted');
    const commune = await makeUser('commune_officer');
    await move(commune.auth, a.id, 'certify', { householdStatus: 'poor', cvChecked: true }, 200);
    const province = await makeUser('province_officer');
    // the certifier cannot approve: a commune officer has no such permission; a province officer who certified neither
    await move(commune.auth, a.id, 'approve', {}, 403);
    await sequelize().query('UPDATE grant_applications SET certified_by_user_id = $2 WHERE id = $1', {
      bind: [a.id, province.user.id],
    });
    const mc = await move(province.auth, a.id, 'approve', {}, 422);
    expect(JSON.stringify(mc.body)).to.contain('R27');
    await sequelize().query('UPDATE grant_applications SET certified_by_user_id = $2 WHERE id = $1', {
      bind: [a.id, commune.user.id],
    });
    const ok = (await move(province.auth, a.id, 'approve', { source: 'central' }, 200)).body.data;
    expect(ok.application).to.include({ state: 'approved', fiscalYear: 2026, fundingSource: 'central' });
    const budgets = (await request(testApp()).get('/api/v1/grant-budgets').set(province.auth).expect(200)).body.data;
    expect(budgets[0]).to.include({ allocatedVnd: 100_000_000, committedVnd: 5_300_000, availableVnd: 94_700_000 });
    // the processing obligation is met
    const d = (await request(testApp()).get(`/api/v1/grants/${a.id}`).set(province.auth).expect(200)).body.data;
    expect(d.obligations[0]).to.include({ kind: 'processing', ruleId: 'R27', status: 'met' });
  });

  it('once per item per person across provinces and programmes (R26): a second award of the same item is 0', async () => {
    const { staff, worker, caseId } = await signedWorker();
    await area();
    await budget(100_000_000);
    await budget(100_000_000, 'nd338');
    const commune = await makeUser('commune_officer');
    const province = await makeUser('province_officer');
    const a = (await applyFor(staff.auth, caseId).expect(201)).body.data;
    await move(commune.auth, a.id, 'certify', { householdStatus: 'poor', cvChecked: true }, 200);
    await move(province.auth, a.id, 'approve', {}, 200);
    // the same worker, under Decree 338 now: language and health check were paid already
    const b = (
      await applyFor(
        staff.auth,
        caseId,
        [
          { item: 'language', quantity: 1, claimedVnd: 4_000_000 },
          { item: 'health_check', quantity: 1, claimedVnd: 700_000 },
          { item: 'orientation', quantity: 1, claimedVnd: 530_000 },
        ],
        'nd338',
      ).expect(201)
    ).body.data;
    expect(b.claims.map((c: { allowedVnd: number }) => c.allowedVnd)).to.deep.equal([0, 0, 530_000]);
    expect(b.claims[0].arithmetic.join(' ')).to.contain('một lần');
    // she moves to another province (Nghệ An, 40): its officer sees the same awards
    await sequelize().query("UPDATE workers SET province_code = '40', commune_code = NULL WHERE id = $1", {
      bind: [worker.id],
    });
    const awards = (
      await sequelize().query('SELECT item FROM grant_item_awards WHERE worker_id = $1 ORDER BY item', {
        bind: [worker.id],
      })
    )[0];
    expect(awards).to.deep.equal([{ item: 'health_check' }, { item: 'language' }, { item: 'personal_items' }]);
    // the database refuses a second award of an item outright
    let refused = '';
    await sequelize()
      .query(
        "INSERT INTO grant_item_awards (worker_id, item, grant_application_id, amount_vnd, awarded_on) VALUES ($1, 'language', $2, 1, '2026-11-27')",
        {
          bind: [worker.id, b.id],
        },
      )
      .catch(
        (e: { parent?: { code?: string; constraint?: string } }) =>
          (refused = `${e.parent?.code} ${e.parent?.constraint}`),
      );
    expect(refused).to.equal('23505 grant_item_awards_pkey');
  });

  it('a hundred approvals racing for a budget that covers ten approve exactly ten; the others are told the shortfall', async function () {
    this.timeout(120_000);
    await area();
    // each application is worth 600,000 đồng (personal items); the budget covers ten
    await budget(6_000_000);
    const staff = await makeUser('agency_staff');
    const commune = await makeUser('commune_officer');
    const province = await makeUser('province_officer');
    const ids: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const { caseId } = await signedWorker({ staff });
      const a = (
        await applyFor(staff.auth, caseId, [{ item: 'personal_items', quantity: 1, claimedVnd: 600_000 }]).expect(201)
      ).body.data;
      await move(commune.auth, a.id, 'certify', { householdStatus: 'poor', cvChecked: true }, 200);
      ids.push(a.id);
    }
    const results = await Promise.all(
      ids.map((id) =>
        request(testApp())
          .post(`/api/v1/grants/${id}/transitions`)
          .set(province.auth)
          .send({ action: 'approve', input: {}, expectedVersion: 3 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(10);
    expect(statuses.filter((s) => s === 422)).to.have.length(90);
    const refusal = results.find((r) => r.status === 422)!.body.error.details.verdicts[0];
    expect(refusal).to.include({ ruleId: 'BUDGET' });
    expect(refusal.message).to.contain('thiếu 600.000 ₫');
    const [[b]] = (await sequelize().query('SELECT committed_vnd FROM grant_budgets')) as [
      { committed_vnd: string }[],
      unknown,
    ];
    expect(b.committed_vnd).to.equal('6000000');
  });

  it('returned for correction pauses the clock; resubmitted it resumes, counted in working days across Tết (R27)', async () => {
    // Tết 2027: 5–9 February 2027 are holidays (seeded calendar); submitted Monday 1 Feb 2027
    setClock('2027-02-01');
    const { staff, caseId } = await signedWorker({ worker: { householdStatusYear: 2027 } });
    await area();
    staff.token = issueToken(staff.user);
    staff.auth = { authorization: `Bearer ${staff.token}` };
    const a = (await applyFor(staff.auth, caseId, CLAIMS, 'nd338').expect(201)).body.data;
    const commune = await makeUser('commune_officer');
    let d = (await request(testApp()).get(`/api/v1/grants/${a.id}`).set(commune.auth).expect(200)).body.data;
    const due1 = d.obligations[0].dueOn;
    // returned on Wed 3 Feb after 2 working days: 8 left, paused
    setClock('2027-02-03');
    commune.auth = { authorization: `Bearer ${issueToken(commune.user)}` };
    await move(commune.auth, a.id, 'return', { reason: 'Bổ sung hóa đơn học phí' }, 200);
    d = (await request(testApp()).get(`/api/v1/grants/${a.id}`).set(commune.auth).expect(200)).body.data;
    expect(d.obligations[0]).to.include({ status: 'paused', pausedDaysLeft: 8 });
    // resubmitted Mon 15 Feb: the 8 days run from there, skipping weekends
    setClock('2027-02-15');
    staff.auth = { authorization: `Bearer ${issueToken(staff.user)}` };
    commune.auth = { authorization: `Bearer ${issueToken(commune.user)}` };
    await move(staff.auth, a.id, 'resubmit', {}, 200);
    d = (await request(testApp()).get(`/api/v1/grants/${a.id}`).set(commune.auth).expect(200)).body.data;
    expect(d.obligations[0]).to.include({ status: 'open', dueOn: '2027-02-25' });
    expect(due1).to.not.equal('2027-02-25');
  });

  it("scope: another province's officer and another commune's get 404; the worker sees her own status", async () => {
    const { staff, worker, caseId } = await signedWorker();
    await area();
    const a = (await applyFor(staff.auth, caseId).expect(201)).body.data;
    const elsewhere = await makeUser('province_officer', { provinceCode: '01' });
    await request(testApp()).get(`/api/v1/grants/${a.id}`).set(elsewhere.auth).expect(404);
    await request(testApp())
      .post(`/api/v1/grants/${a.id}/transitions`)
      .set(elsewhere.auth)
      .send({ action: 'reject', input: { reason: 'Không thuộc tỉnh' }, expectedVersion: 2 })
      .expect(404);
    const otherCommune = await makeUser('commune_officer', { communeCode: '14872' });
    await request(testApp())
      .post(`/api/v1/grants/${a.id}/transitions`)
      .set(otherCommune.auth)
      .send({ action: 'certify', input: { householdStatus: 'poor', cvChecked: true }, expectedVersion: 2 })
      .expect(404);
    const stranger = await makeUser('agency_staff');
    await request(testApp()).get(`/api/v1/grants/${a.id}`).set(stranger.auth).expect(404);
    const her = await makeUser('worker', { workerId: worker.id });
    const mine = (await request(testApp()).get('/api/v1/grants').set(her.auth).expect(200)).body.data;
    expect(mine.map((x: { id: number }) => x.id)).to.deep.equal([a.id]);
    const other = await makeUser('worker');
    expect((await request(testApp()).get('/api/v1/grants').set(other.auth).expect(200)).body.data).to.deep.equal([]);
  });
});
