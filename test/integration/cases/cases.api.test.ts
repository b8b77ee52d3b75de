import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, makeUser, makeWorker, openOrder, papersForDeparture, walk } from '../../helpers/cases';
import { makeAgency, makeBranch } from '../../helpers/factories';
import { setClock } from '../../../server/shared/clock';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

describe('cases', () => {
  beforeEach(() => setClock('2026-11-27'));

  describe('POST /api/v1/cases', () => {
    it('when the worker is not linked to the agency, then 400 and no case', async () => {
      const staff = await makeUser('agency_staff');
      const order = await openOrder(staff);
      const stranger = await makeWorker();
      const res = await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: stranger.id, jobOrderId: order.id })
        .expect(400);
      expect(res.body.error.details[0].path).to.equal('workerId');
    });

    it('when the order is not open, then 400; when the worker already applied to it, then 409', async () => {
      const { staff, order, worker } = await agencyWithCase();
      await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: worker.id, jobOrderId: order.id })
        .expect(409);
      const draft = await openOrder(staff, { state: 'draft' });
      await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: worker.id, jobOrderId: draft.id })
        .expect(400);
    });
  });

  describe('POST /api/v1/cases/:id/transitions', () => {
    it('when fifty requests move one case at once, then exactly one succeeds and one event is written', async () => {
      const { staff, caseId } = await agencyWithCase();
      const results = await Promise.all(Array.from({ length: 50 }, () => act(staff.auth, caseId, 'prescreen', {}, 0)));
      expect(results.filter((r) => r.status === 200)).to.have.length(1);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.error.details.reason === 'STALE_VERSION'),
      ).to.equal(true);
      expect(await rows('SELECT id FROM case_events WHERE case_id = $1', [caseId])).to.have.length(1);
    });

    it('when two selections race for the last place, then exactly one wins (R4)', async () => {
      const staff = await makeUser('agency_staff');
      const order = await openOrder(staff, { headcount: 1 });
      const ids: number[] = [];
      for (let i = 0; i < 2; i += 1) {
        const w = await makeWorker({ linkTo: staff.user.agencyId! });
        const c = await request(testApp())
          .post('/api/v1/cases')
          .set(staff.auth)
          .send({ workerId: w.id, jobOrderId: order.id })
          .expect(201);
        await act(staff.auth, c.body.data.id, 'prescreen').expect(200);
        ids.push(c.body.data.id);
      }
      const results = await Promise.all(
        ids.map((id) => act(staff.auth, id, 'select', { selectedOn: '2026-11-20' }, 1)),
      );
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 422]);
      const loser = results.find((r) => r.status === 422)!;
      expect(loser.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['R4']);
      expect(await rows("SELECT id FROM cases WHERE state = 'selected'")).to.have.length(1);
    });

    it('when a worker already holds a place elsewhere, then selecting them again is a 409 (one place per worker)', async () => {
      const { staff, caseId, worker } = await agencyWithCase();
      await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-11-20' }]]);
      const other = await openOrder(staff, { reference: 'DH-2' });
      const c2 = await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: worker.id, jobOrderId: other.id })
        .expect(201);
      await act(staff.auth, c2.body.data.id, 'prescreen').expect(200);
      const res = await act(staff.auth, c2.body.data.id, 'select', { selectedOn: '2026-11-21' }).expect(409);
      expect(res.body.error.message).to.contain('một chỗ');
    });

    it('when the version is stale or the action not allowed, then 409 with the reason', async () => {
      const { staff, caseId } = await agencyWithCase();
      expect((await act(staff.auth, caseId, 'prescreen', {}, 7).expect(409)).body.error.details.reason).to.equal(
        'STALE_VERSION',
      );
      expect(
        (await act(staff.auth, caseId, 'depart', { departedOn: '2026-11-20' }).expect(409)).body.error.details.reason,
      ).to.equal('ACTION_NOT_ALLOWED');
    });

    it('when the selection date is after today, then 400; selection starts the R15 deadline at +180 days', async () => {
      const { staff, caseId } = await agencyWithCase();
      await act(staff.auth, caseId, 'prescreen').expect(200);
      await act(staff.auth, caseId, 'select', { selectedOn: '2026-11-28' }).expect(400);
      const res = await act(staff.auth, caseId, 'select', { selectedOn: '2026-06-01' }).expect(200);
      expect(res.body.data.case).to.include({
        state: 'selected',
        nextDeadlineOn: '2026-11-28',
        nextDeadlineRule: 'R15',
        whoseMove: 'agency',
      });
    });

    const toReady = (sel: string): [string, Record<string, unknown>?][] => [
      ['prescreen'],
      ['select', { selectedOn: sel }],
      ['sign_contract', { signedOn: sel }],
      ['start_visa'],
      ['mark_ready'],
    ];

    it('R15: departing on day 180 after selection needs nothing more', async () => {
      const { staff, caseId, worker } = await agencyWithCase();
      await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-27');
      await walk(staff.auth, caseId, toReady('2026-05-31'));
      const res = await act(staff.auth, caseId, 'depart', { departedOn: '2026-11-27' }).expect(200); // 31/05 + 180 = 27/11
      // the next deadline is now the R17 database update, 5 days after departure; the R15 wait is met
      expect(res.body.data.case).to.include({
        state: 'departed',
        nextDeadlineOn: '2026-12-02',
        nextDeadlineRule: 'R17',
        whoseMove: 'worker',
      });
      const obligations = (await request(testApp()).get(`/api/v1/cases/${caseId}`).set(staff.auth)).body.data
        .obligations;
      expect(obligations.find((o: { kind: string }) => o.kind === 'waiting_limit')).to.include({
        status: 'met',
        metOn: '2026-11-27',
        dueOn: '2026-11-27',
      });
    });

    it("R15: departing on day 181 needs the worker's written agreement to keep waiting", async () => {
      const { staff, caseId, worker } = await agencyWithCase();
      await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-27');
      await walk(staff.auth, caseId, toReady('2026-05-30'));
      const refused = await act(staff.auth, caseId, 'depart', { departedOn: '2026-11-27' }).expect(422);
      expect(refused.body.error.details.verdicts[0]).to.include({ ruleId: 'R15', ok: false });
      expect(refused.body.error.details.verdicts[0].details.limit).to.equal('2026-11-26');
      await act(staff.auth, caseId, 'depart', { departedOn: '2026-11-27', waitingAgreementOn: '2026-11-20' }).expect(
        200,
      );
    });

    it('R2: branch staff cannot sign the contract; the head office can', async () => {
      const agency = await makeAgency();
      const branch = await makeBranch(agency.id);
      const head = await makeUser('agency_staff', { agencyId: agency.id });
      const branchStaff = await makeUser('agency_staff', { agencyId: agency.id, branchId: branch.id });
      const order = await openOrder(head);
      const w = await makeWorker({ linkTo: agency.id });
      const c = (
        await request(testApp())
          .post('/api/v1/cases')
          .set(head.auth)
          .send({ workerId: w.id, jobOrderId: order.id })
          .expect(201)
      ).body.data.id;
      await walk(branchStaff.auth, c, [['prescreen'], ['select', { selectedOn: '2026-11-20' }]]);
      const refused = await act(branchStaff.auth, c, 'sign_contract', { signedOn: '2026-11-21' }).expect(422);
      expect(refused.body.error.details.verdicts[0].ruleId).to.equal('R2');
      await act(head.auth, c, 'sign_contract', { signedOn: '2026-11-21' }).expect(200);
    });

    it("R20: an absconded worker's contract can only be liquidated unilaterally, after three notices", async () => {
      const { staff, caseId, worker } = await agencyWithCase();
      await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-02-01');
      await walk(staff.auth, caseId, [
        ...toReady('2026-01-05'),
        ['depart', { departedOn: '2026-02-01' }],
        ['return', { returnedOn: '2026-10-01', outcome: 'absconded' }],
      ]);
      const detail = await request(testApp()).get(`/api/v1/cases/${caseId}`).set(staff.auth).expect(200);
      // the earliest open obligation: the R17 update after departure, never reported here; liquidation is due 180 days
      // after the early return (R20); the worker's residence notice 15 days after it (R21)
      expect(detail.body.data).to.include({ nextDeadlineOn: '2026-02-06', nextDeadlineRule: 'R17' });
      const open = detail.body.data.obligations
        .filter((o: { status: string }) => o.status === 'open')
        .map((o: { kind: string; dueOn: string }) => [o.kind, o.dueOn]);
      expect(open).to.deep.include.members([
        ['departure_update', '2026-02-06'],
        ['residence_notice', '2026-10-16'],
        ['monthly_update:2026-10', '2026-11-19'],
        ['liquidation', '2027-03-30'],
      ]);
      await act(staff.auth, caseId, 'liquidate', { liquidatedOn: '2026-11-20' }).expect(422);
      await walk(staff.auth, caseId, [
        ['record_notice', { sentOn: '2026-10-05', postalReceiptNumber: 'RR001' }],
        ['record_notice', { sentOn: '2026-10-20', postalReceiptNumber: 'RR002' }],
      ]);
      const two = await act(staff.auth, caseId, 'liquidate', { liquidatedOn: '2026-11-20', unilateral: true }).expect(
        422,
      );
      expect(two.body.error.details.verdicts[0].message).to.contain('mới có 2');
      await walk(staff.auth, caseId, [['record_notice', { sentOn: '2026-11-05', postalReceiptNumber: 'RR003' }]]);
      await act(staff.auth, caseId, 'liquidate', { liquidatedOn: '2026-11-20', unilateral: true }).expect(200);
    });
  });

  describe('GET /api/v1/cases/:id', () => {
    it('lists the actions allowed now and the blocked ones with their failing verdicts', async () => {
      const staff = await makeUser('agency_staff');
      const order = await openOrder(staff, { headcount: 1 });
      const taken = await makeWorker({ linkTo: staff.user.agencyId! });
      const c1 = (
        await request(testApp())
          .post('/api/v1/cases')
          .set(staff.auth)
          .send({ workerId: taken.id, jobOrderId: order.id })
      ).body.data.id;
      await walk(staff.auth, c1, [['prescreen'], ['select', { selectedOn: '2026-11-20' }]]);
      const w = await makeWorker({ linkTo: staff.user.agencyId! });
      const c2 = (
        await request(testApp()).post('/api/v1/cases').set(staff.auth).send({ workerId: w.id, jobOrderId: order.id })
      ).body.data.id;
      await act(staff.auth, c2, 'prescreen').expect(200);
      const res = await request(testApp()).get(`/api/v1/cases/${c2}`).set(staff.auth).expect(200);
      expect(res.body.data.allowedActions.map((a: { action: string }) => a.action)).to.deep.equal([
        'withdraw',
        'reject',
      ]);
      expect(res.body.data.blockedActions[0].action).to.equal('select');
      expect(res.body.data.blockedActions[0].verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['R4']);
    });

    it('when another agency asks for the case, then 404; the worker sees their own', async () => {
      const { caseId, worker } = await agencyWithCase();
      const other = await makeUser('agency_staff');
      await request(testApp()).get(`/api/v1/cases/${caseId}`).set(other.auth).expect(404);
      await act(other.auth, caseId, 'prescreen', {}, 0).expect(404);
      const me = await makeUser('worker', { workerId: worker.id });
      await request(testApp()).get(`/api/v1/cases/${caseId}`).set(me.auth).expect(200);
      await request(testApp())
        .post(`/api/v1/cases/${caseId}/transitions`)
        .set(me.auth)
        .send({ action: 'prescreen', expectedVersion: 0 })
        .expect(403);
    });
  });

  describe('POST /api/v1/cases/bulk-transitions', () => {
    it('when some items can move and others not, then each gets its own result and nothing is half-done', async () => {
      const staff = await makeUser('agency_staff');
      const order = await openOrder(staff, { headcount: 5 });
      const ids: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const w = await makeWorker({ linkTo: staff.user.agencyId! });
        ids.push(
          (
            await request(testApp())
              .post('/api/v1/cases')
              .set(staff.auth)
              .send({ workerId: w.id, jobOrderId: order.id })
          ).body.data.id,
        );
      }
      await act(staff.auth, ids[2], 'prescreen').expect(200); // now version 1: the bulk item below is stale
      const res = await request(testApp())
        .post('/api/v1/cases/bulk-transitions')
        .set(staff.auth)
        .send({
          action: 'prescreen',
          items: [
            { id: ids[0], expectedVersion: 0 },
            { id: ids[1], expectedVersion: 0 },
            { id: ids[2], expectedVersion: 0 },
          ],
        })
        .expect(200);
      expect(res.body.data).to.include({ succeeded: 2, failed: 1 });
      expect(res.body.data.results.map((r: { ok: boolean; status: number }) => [r.ok, r.status])).to.deep.equal([
        [true, 200],
        [true, 200],
        [false, 409],
      ]);
      expect(await rows("SELECT id FROM cases WHERE state = 'prescreened'")).to.have.length(3);
    });
  });

  describe('GET /api/v1/cases', () => {
    it('filters by state and job order and sorts by next deadline, with the page block', async () => {
      const { staff, caseId, order } = await agencyWithCase();
      await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
      const w = await makeWorker({ linkTo: staff.user.agencyId! });
      const c2 = (
        await request(testApp()).post('/api/v1/cases').set(staff.auth).send({ workerId: w.id, jobOrderId: order.id })
      ).body.data.id;
      await walk(staff.auth, c2, [['prescreen'], ['select', { selectedOn: '2026-09-01' }]]);
      const res = await request(testApp())
        .get('/api/v1/cases')
        .query({ state: 'selected', jobOrderId: order.id })
        .set(staff.auth)
        .expect(200);
      expect(res.body.data.map((c: { id: number }) => c.id)).to.deep.equal([c2, caseId]);
      expect(res.body.page).to.deep.equal({ number: 1, size: 20, total: 2, totalCapped: false });
      const none = await request(testApp()).get('/api/v1/cases').query({ market: 'TW' }).set(staff.auth).expect(200);
      expect(none.body.data).to.deep.equal([]);
      const events = await request(testApp()).get(`/api/v1/cases/${caseId}/events`).set(staff.auth).expect(200);
      expect(events.body.data.map((e: { action: string }) => e.action)).to.deep.equal(['prescreen', 'select']);
    });
  });
});
