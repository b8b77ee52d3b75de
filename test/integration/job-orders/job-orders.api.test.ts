import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeAgency, makeBranch, makeUser } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

// Taiwan home caregiver: 29,500 TWD × 800 = 23,600,000 đồng a month; cap 0.4 × 3 = 1.2 → at most 1 month
const complete = {
  jobCategory: 'home_caregiver',
  reference: 'TW-2026-01',
  employerName: 'Gia đình Trần',
  employerCountry: 'TW',
  destinationCountry: 'TW',
  jobTitle: 'Khán hộ công gia đình',
  headcount: 2,
  salaryCurrency: 'TWD',
  salaryMinor: 29_500,
  fxRate: '800',
  fxRateDate: '2026-10-01',
  fxRateSource: 'Tỷ giá trung tâm NHNN',
  contractMonths: 36,
  serviceFeeVnd: 23_600_000,
  depositVnd: 12_000_000,
  depositHolder: 'commercial_bank',
  supplyRegStatus: 'approved',
  supplyRegNumber: '456/QLLĐNN-ĐH',
  supplyRegDate: '2026-09-15',
};

async function draft(auth: Record<string, string>, body: Record<string, unknown> = complete) {
  return (await request(testApp()).post('/api/v1/job-orders').set(auth).send(body).expect(201)).body.data;
}
const transition = (auth: Record<string, string>, id: number, action: string, expectedVersion: number) =>
  request(testApp()).post(`/api/v1/job-orders/${id}/transitions`).set(auth).send({ action, expectedVersion });

describe('job orders', () => {
  it('when a draft holds failing verdicts, then it is saved whole and its verdicts explain each rule with the arithmetic', async () => {
    const { auth } = await makeUser('agency_staff');
    const o = await draft(auth, {
      ...complete,
      serviceFeeVnd: 23_600_001,
      brokerageVnd: 1_000_000,
      supplyRegStatus: 'submitted',
    });
    expect(o).to.include({ state: 'draft', serviceFeeVnd: 23_600_001, brokerageVnd: 1_000_000 });
    const res = await request(testApp()).get(`/api/v1/job-orders/${o.id}/verdicts`).set(auth).expect(200);
    const failing = res.body.data.verdicts
      .filter((v: { ok: boolean }) => !v.ok)
      .map((v: { ruleId: string }) => v.ruleId);
    expect(failing).to.deep.equal(['R3', 'R7', 'R8']);
    const r7 = res.body.data.verdicts.find((v: { ruleId: string }) => v.ruleId === 'R7');
    expect(r7.details).to.include({ capVnd: 23_600_000, excessVnd: 1 });
    expect(r7.citation).to.contain('Phụ lục XI');
    expect(r7.policyIds).to.have.length(2);
  });

  it('when opening an order that breaks rules, then 422 RULES_VIOLATED lists every failing verdict and nothing changes', async () => {
    const { auth } = await makeUser('agency_staff');
    const o = await draft(auth, { ...complete, serviceFeeVnd: 23_600_001, brokerageVnd: 1, depositVnd: 12_000_001 });
    const res = await transition(auth, o.id, 'open', o.version).expect(422);
    expect(res.body.error.code).to.equal('RULES_VIOLATED');
    expect(res.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['R7', 'R8', 'R9']);
    const [row] = await rows('SELECT state, version FROM job_orders WHERE id = $1', [o.id]);
    expect(row).to.deep.equal({ state: 'draft', version: o.version });
    expect(await rows('SELECT id FROM job_order_events')).to.have.length(0);
  });

  it('when the order is lawful, then it opens, the event stores the verdicts and policy versions, and the answer lists the next actions', async () => {
    const { auth, user } = await makeUser('agency_staff');
    const o = await draft(auth);
    const res = await transition(auth, o.id, 'open', o.version).expect(200);
    expect(res.body.data.jobOrder).to.include({ state: 'open', version: o.version + 1 });
    expect(res.body.data.allowedActions.map((a: { action: string }) => a.action)).to.deep.equal(['close']);
    const [event] = await rows(
      'SELECT actor_user_id, action, from_state, to_state, verdicts, policy_ids FROM job_order_events WHERE job_order_id = $1',
      [o.id],
    );
    expect(event).to.include({ actor_user_id: String(user.id), action: 'open', from_state: 'draft', to_state: 'open' });
    expect((event.verdicts as { ruleId: string; ok: boolean }[]).every((v) => v.ok)).to.equal(true);
    expect((event.policy_ids as string[]).length).to.be.greaterThan(2);
    let refused = '';
    try {
      await sequelize().query('DELETE FROM job_order_events');
    } catch (err) {
      refused = (err as Error).message;
    }
    expect(refused).to.match(/append-only/);
  });

  it('when the expected version is stale, then 409 STALE_VERSION; when the action is not allowed here, then 409 ACTION_NOT_ALLOWED', async () => {
    const { auth } = await makeUser('agency_staff');
    const o = await draft(auth);
    const stale = await transition(auth, o.id, 'open', o.version + 5).expect(409);
    expect(stale.body.error.details.reason).to.equal('STALE_VERSION');
    const wrong = await transition(auth, o.id, 'close', o.version).expect(409);
    expect(wrong.body.error.details).to.deep.include({ reason: 'ACTION_NOT_ALLOWED', state: 'draft' });
  });

  it('when two requests open the same order with the same version, then exactly one wins and one event is written', async () => {
    const { auth } = await makeUser('agency_staff');
    const o = await draft(auth);
    const results = await Promise.all(Array.from({ length: 8 }, () => transition(auth, o.id, 'open', o.version)));
    expect(results.filter((r) => r.status === 200)).to.have.length(1);
    expect(results.filter((r) => r.status === 409)).to.have.length(7);
    expect(await rows('SELECT id FROM job_order_events')).to.have.length(1);
  });

  it('when an open order is edited, then 409: its terms are fixed', async () => {
    const { auth } = await makeUser('agency_staff');
    const o = await draft(auth);
    await transition(auth, o.id, 'open', o.version).expect(200);
    const res = await request(testApp())
      .patch(`/api/v1/job-orders/${o.id}`)
      .set(auth)
      .send({ serviceFeeVnd: 1 })
      .expect(409);
    expect(res.body.error.details.reason).to.equal('NOT_DRAFT');
  });

  it('when branch staff try to create or open an order, then 403 (R2: the head office owns orders)', async () => {
    const agency = await makeAgency();
    const branch = await makeBranch(agency.id);
    const head = await makeUser('agency_staff', { agencyId: agency.id });
    const branchStaff = await makeUser('agency_staff', { agencyId: agency.id, branchId: branch.id });
    await request(testApp()).post('/api/v1/job-orders').set(branchStaff.auth).send(complete).expect(403);
    const o = await draft(head.auth);
    await transition(branchStaff.auth, o.id, 'open', o.version).expect(403);
    await request(testApp()).get(`/api/v1/job-orders/${o.id}`).set(branchStaff.auth).expect(200);
  });

  it('when another agency asks for the order, then 404', async () => {
    const { auth } = await makeUser('agency_staff');
    const other = await makeUser('agency_staff');
    const o = await draft(auth);
    await request(testApp()).get(`/api/v1/job-orders/${o.id}`).set(other.auth).expect(404);
    await transition(other.auth, o.id, 'open', o.version).expect(404);
  });

  it('when a service enterprise files a Korea EPS order, then R14 blocks it; through the public unit it opens', async () => {
    const { auth } = await makeUser('agency_staff');
    const eps = {
      jobCategory: 'kr_eps',
      employerName: 'Nhà máy Busan',
      employerCountry: 'KR',
      destinationCountry: 'KR',
      jobTitle: 'Sản xuất chế tạo',
      headcount: 50,
      salaryCurrency: 'KRW',
      salaryMinor: 2_096_270,
      fxRate: '18.5',
      fxRateDate: '2026-10-01',
      fxRateSource: 'NHNN',
      contractMonths: 36,
      depositVnd: 100_000_000,
      depositHolder: 'vbsp',
      programmeReference: 'Bản ghi nhớ EPS Việt Nam – Hàn Quốc',
      ministryReportDate: '2026-09-20',
    };
    const o = await draft(auth, eps);
    const res = await transition(auth, o.id, 'open', o.version).expect(422);
    expect(res.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.include.members(['R3', 'R14']);
    const colab = await makeAgency({ kind: 'public_unit', licenceNumber: null });
    const staff = await makeUser('agency_staff', { agencyId: colab.id });
    const o2 = await draft(staff.auth, eps);
    await transition(staff.auth, o2.id, 'open', o2.version).expect(200);
  });

  describe('GET /api/v1/policies and POST /api/v1/policies', () => {
    it("when an admin adds a version effective tomorrow, then today's verdict is unchanged and tomorrow's uses it; the old one ends today", async () => {
      const { auth } = await makeUser('agency_staff');
      const { auth: admin } = await makeUser('admin');
      const o = await draft(auth);
      const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10); // Vietnam date + 1
      await request(testApp())
        .post('/api/v1/policies')
        .set(admin)
        .send({
          key: 'service_fee.total_cap',
          market: 'TW',
          jobCategory: 'home_caregiver',
          value: '0.5',
          unit: 'months_salary',
          effectiveFrom: tomorrow,
          citation: 'Thông tư 09/2026/TT-BNV, Phụ lục XI',
          confirmed: true,
          reason: 'Đối chiếu phụ lục mới',
        })
        .expect(201);
      const today = await request(testApp()).get(`/api/v1/job-orders/${o.id}/verdicts`).set(auth).expect(200);
      expect(today.body.data.verdicts.find((v: { ruleId: string }) => v.ruleId === 'R7').details.capVnd).to.equal(
        23_600_000,
      );
      const next = await request(testApp())
        .get(`/api/v1/job-orders/${o.id}/verdicts`)
        .query({ at: tomorrow })
        .set(auth)
        .expect(200);
      expect(next.body.data.verdicts.find((v: { ruleId: string }) => v.ruleId === 'R7').details.capVnd).to.equal(
        11_800_000,
      );
      const versions = await request(testApp())
        .get('/api/v1/policies')
        .query({ key: 'service_fee.total_cap', market: 'TW', jobCategory: 'home_caregiver' })
        .set(auth)
        .expect(200);
      const ends = versions.body.data.map((p: { effectiveFrom: string; effectiveTo: string | null }) => [
        p.effectiveFrom,
        p.effectiveTo,
      ]);
      expect(ends.at(-1)).to.deep.equal([tomorrow, null]);
      expect(ends.at(-2)[1]).to.not.equal(null);
      const [audit] = await rows("SELECT action FROM audit_log WHERE entity = 'policy_value'");
      expect(audit.action).to.equal('policy.version_added');
    });

    it('when anyone tries to change or delete a version in the database, then it refuses', async () => {
      let refused = '';
      try {
        await sequelize().query("UPDATE policy_values SET value = 9 WHERE key = 'service_fee.rate'");
      } catch (err) {
        refused = (err as Error).message;
      }
      expect(refused).to.match(/new version/);
    });

    it('GET /api/v1/rules lists every rule with its citation, publicly', async () => {
      const res = await request(testApp()).get('/api/v1/rules').expect(200);
      expect(res.body.data.map((r: { id: string }) => r.id)).to.include.members(['R3', 'R7', 'R8', 'R9', 'R14']);
    });
  });
});
