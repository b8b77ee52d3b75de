// Access that was too loose: consent without its scanned form, another agency's file cited as evidence, a suspended
// agency still placing workers, tokens without a sound lifetime, a lockout escaped by changing X-Forwarded-For, and a
// departures report that skipped the scope.
import crypto from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { PASSWORD, consentScanOf, makeUser, makeWorker, validCccd } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { advanceClock, now, setClock } from '../../../server/shared/clock';
import { config, loadConfig } from '../../../server/config';
import { departures } from '../../../server/modules/reports/reports.service';
import { JobOrder } from '../../../server/modules/job-orders';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý số 7/2026' };
const toVisa: [string, Record<string, unknown>?][] = [
  ['prescreen'],
  ['select', { selectedOn: '2026-10-01' }],
  ['sign_contract', { signedOn: '2026-10-05' }],
  ['start_visa'],
];

describe('access', () => {
  describe('consent with its scanned form', () => {
    it("a link needs a scan the agency uploaded: none → 400, another agency's → 404, its own → linked, listed and audited", async () => {
      const first = await makeUser('agency_staff');
      const second = await makeUser('agency_staff');
      const w = await makeWorker({ linkTo: first.user.agencyId!, fullName: 'Hà Thị Nga' });
      const facts = { cccd: w.cccd, fullName: 'Hà Thị Nga', dateOfBirth: w.dateOfBirth };
      // the facts printed on the ID card and a typed "consent" are no longer enough
      const none = await request(testApp())
        .post(`/api/v1/workers/${w.id}/links`)
        .set(second.auth)
        .send({ ...consent, ...facts })
        .expect(400);
      expect(none.body.error.details[0].path).to.equal('fileId');
      const othersScan = await consentScanOf(first.auth);
      await request(testApp())
        .post(`/api/v1/workers/${w.id}/links`)
        .set(second.auth)
        .send({ ...consent, ...facts, fileId: othersScan })
        .expect(404);
      const own = (
        await request(testApp())
          .post('/api/v1/files')
          .set(second.auth)
          .attach('file', Buffer.from('%PDF-1.4\n%dong y\n'), 'phieu.pdf')
          .expect(201)
      ).body.data;
      const linked = await request(testApp())
        .post(`/api/v1/workers/${w.id}/links`)
        .set(second.auth)
        .send({ ...consent, ...facts, fileId: own.id })
        .expect(201);
      expect(linked.body.data.links).to.deep.equal([
        { agencyId: second.user.agencyId, since: '2026-11-27', ...consent, consentFileId: own.id },
      ]);
      const [audit] = await rows("SELECT after FROM audit_log WHERE action = 'worker.linked'");
      expect((audit.after as { consentFile: { id: number; sha256: string } }).consentFile).to.include({
        id: own.id,
        sha256: own.sha256,
      });
      // the scan reads back for its agency only
      await request(testApp()).get(`/api/v1/files/${own.id}`).set(second.auth).expect(200);
      await request(testApp()).get(`/api/v1/files/${own.id}`).set(first.auth).expect(404);
    });

    it('a registration by agency staff needs the scan too', async () => {
      const staff = await makeUser('agency_staff');
      const body = {
        fullName: 'Vi Thị Lan',
        dateOfBirth: '2001-05-05',
        sex: 'female',
        cccd: validCccd('2001-05-05', 'female', 31),
        consent,
      };
      const res = await request(testApp()).post('/api/v1/workers').set(staff.auth).send(body).expect(400);
      expect(res.body.error.details[0].path).to.equal('consent.fileId');
      expect(await rows('SELECT id FROM workers')).to.have.length(0);
    });
  });

  it("a return citing another agency's file as evidence answers 404; its own file is accepted", async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const other = await makeUser('agency_staff');
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
    const foreign = await consentScanOf(other.auth);
    await act(staff.auth, caseId, 'return', {
      returnedOn: '2026-11-25',
      outcome: 'early_not_at_fault',
      evidenceFileId: foreign,
    }).expect(404);
    const own = await consentScanOf(staff.auth);
    const ok = await act(staff.auth, caseId, 'return', {
      returnedOn: '2026-11-25',
      outcome: 'early_not_at_fault',
      evidenceFileId: own,
    }).expect(200);
    expect(ok.body.data.case.returnEvidenceFileId).to.equal(own);
  });

  it('a suspended or revoked agency is refused every step that starts or advances a placement (403, with the reason), and keeps finishing its duties', async () => {
    const { staff, caseId, order } = await agencyWithCase();
    const abroad = await agencyWithCase();
    await papersForDeparture(
      { caseId: abroad.caseId, workerId: abroad.worker.id, agencyId: abroad.staff.user.agencyId! },
      '2026-11-20',
    );
    await walk(abroad.staff.auth, abroad.caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
    const draft = await JobOrder.create({
      agencyId: staff.user.agencyId!,
      jobCategory: 'general',
      reference: 'D',
      state: 'draft',
      version: 1,
    } as never);
    const spare = await makeWorker({ linkTo: staff.user.agencyId! });
    const stranger = await makeWorker({ fullName: 'Lạ Thị Mặt' });
    await sequelize().query("UPDATE agencies SET status = 'suspended' WHERE id = $1", { bind: [staff.user.agencyId] });
    await sequelize().query("UPDATE agencies SET status = 'revoked' WHERE id = $1", {
      bind: [abroad.staff.user.agencyId],
    });
    const refused = async (res: request.Response, what: string) => {
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).to.equal(403);
      expect(res.body.error.message, what).to.match(/đình chỉ|thu hồi/);
    };
    const fileId = await consentScanOf(staff.auth);
    await refused(
      await request(testApp())
        .post('/api/v1/workers')
        .set(staff.auth)
        .send({
          fullName: 'Mới Thị Đăng',
          dateOfBirth: '2000-01-01',
          sex: 'female',
          cccd: validCccd('2000-01-01', 'female', 77),
          consent: { ...consent, fileId },
        }),
      'register',
    );
    await refused(
      await request(testApp())
        .post(`/api/v1/workers/${stranger.id}/links`)
        .set(staff.auth)
        .send({
          ...consent,
          fileId,
          cccd: stranger.cccd,
          fullName: stranger.fullName,
          dateOfBirth: stranger.dateOfBirth,
        }),
      'link',
    );
    await refused(
      await request(testApp()).post('/api/v1/job-orders').set(staff.auth).send({ jobCategory: 'general' }),
      'create order',
    );
    await refused(
      await request(testApp())
        .post(`/api/v1/job-orders/${draft.id}/transitions`)
        .set(staff.auth)
        .send({ action: 'open', expectedVersion: 1 }),
      'open order',
    );
    await refused(
      await request(testApp()).post('/api/v1/cases').set(staff.auth).send({ workerId: spare.id, jobOrderId: order.id }),
      'create case',
    );
    await refused(await act(staff.auth, caseId, 'prescreen'), 'prescreen');
    await refused(
      await request(testApp())
        .post('/api/v1/cases/bulk-transitions')
        .set(staff.auth)
        .send({ action: 'prescreen', items: [{ id: caseId, expectedVersion: 1 }] }),
      'bulk',
    );
    await refused(
      await act(abroad.staff.auth, abroad.caseId, 'extend', { newEndOn: '2030-01-01', feeVnd: 0 }),
      'extend',
    );
    await sequelize().query("UPDATE cases SET state = 'prescreened' WHERE id = $1", { bind: [caseId] });
    await refused(await act(staff.auth, caseId, 'select', { selectedOn: '2026-11-20' }), 'select');
    // duties to workers already in its care: reads, the return, notices, liquidation, papers of an existing case
    await request(testApp()).get(`/api/v1/cases/${caseId}`).set(staff.auth).expect(200);
    await act(abroad.staff.auth, abroad.caseId, 'return', {
      returnedOn: '2026-11-25',
      outcome: 'early_not_at_fault',
    }).expect(200);
    await act(abroad.staff.auth, abroad.caseId, 'record_notice', {
      sentOn: '2026-11-26',
      postalReceiptNumber: 'RR123VN',
    }).expect(200);
    await request(testApp())
      .post(`/api/v1/cases/${abroad.caseId}/papers`)
      .set(abroad.staff.auth)
      .send({
        kind: 'work_permit',
        number: 'WP-1',
        issuingBody: 'Bộ Lao động Đài Loan',
        issuedOn: '2026-11-01',
        expiresOn: '2029-11-01',
      })
      .expect(201);
    await act(abroad.staff.auth, abroad.caseId, 'liquidate', { liquidatedOn: '2026-11-27' }).expect(200);
    await act(staff.auth, caseId, 'withdraw', { reason: 'Doanh nghiệp bị đình chỉ' }).expect(200);
  });

  describe('tokens', () => {
    const sign = (payload: Record<string, unknown>, options: jwt.SignOptions = {}) => {
      const { secret, issuer, audience } = config().jwt;
      return jwt.sign({ typ: 'access', tv: 0, ...payload }, secret, {
        algorithm: 'HS256',
        issuer,
        audience,
        ...options,
      });
    };
    it('a token with no exp, an exp further than the lifetime after its iat, or an iat in the future is refused', async () => {
      const { user } = await makeUser('admin');
      const nowSeconds = Math.floor(now().getTime() / 1000);
      const me = (token: string) => request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${token}`);
      await me(sign({ iat: nowSeconds }, { subject: String(user.id), expiresIn: 3600 })).expect(200);
      await me(sign({ iat: nowSeconds }, { subject: String(user.id) })).expect(401);
      await me(sign({ iat: nowSeconds }, { subject: String(user.id), expiresIn: 3601 })).expect(401);
      await me(sign({ iat: nowSeconds + 120 }, { subject: String(user.id), expiresIn: 600 })).expect(401);
      // a forged signature never passes, whatever its claims
      const forged = jwt.sign({ typ: 'access', tv: 0, iat: nowSeconds }, crypto.randomBytes(32).toString('hex'), {
        algorithm: 'HS256',
        subject: String(user.id),
        expiresIn: 60,
        issuer: 'hanh-trang',
        audience: 'hanh-trang',
      });
      await me(forged).expect(401);
    });
  });

  describe('lockout', () => {
    const login = (username: string, password: string, address: string) =>
      request(testApp()).post('/api/v1/auth/login').set('x-forwarded-for', address).send({ username, password });

    it('changing X-Forwarded-For does not escape it: past 20 failures a username waits a growing delay, then its owner signs in', async () => {
      const { user } = await makeUser('agency_staff');
      // five failures from one address lock that address (the per-address lockout)
      for (let i = 0; i < 5; i += 1) await login(user.username, 'sai', '203.0.113.1').expect(401);
      const locked = await login(user.username, PASSWORD, '203.0.113.1').expect(429);
      expect(locked.headers['retry-after']).to.match(/^\d+$/);
      // from twenty other addresses: the per-username count reaches the threshold
      for (let i = 0; i < 15; i += 1) await login(user.username, 'sai', `198.51.100.${i + 1}`).expect(401);
      const waiting = await login(user.username, PASSWORD, '192.0.2.200').expect(429);
      expect(Number(waiting.headers['retry-after'])).to.equal(1);
      expect(waiting.body.error.message).to.contain('đợi');
      // each further failure doubles the wait, up to a minute
      advanceClock(1_000);
      await login(user.username, 'sai', '192.0.2.201').expect(401);
      expect(Number((await login(user.username, PASSWORD, '192.0.2.202').expect(429)).headers['retry-after'])).to.equal(
        2,
      );
      advanceClock(2_000);
      // the owner, from a new address, once the short wait is over
      const ok = await login(user.username, PASSWORD, '192.0.2.203').expect(200);
      expect(ok.body.data.token).to.be.a('string');
      expect(await rows('SELECT * FROM login_user_failures')).to.have.length(0);
    });

    it('the delay is growing, never a lock: after an hour of guessing the owner waits at most a minute', async () => {
      const { user } = await makeUser('agency_staff');
      for (let i = 0; i < 40; i += 1) {
        const res = await login(user.username, 'sai', `198.51.100.${(i % 200) + 1}`);
        if (res.status === 429) advanceClock(Number(res.headers['retry-after']) * 1000);
        else expect(res.status).to.equal(401);
      }
      const [row] = await rows('SELECT next_attempt_at FROM login_user_failures');
      expect(new Date(row.next_attempt_at as string).getTime() - now().getTime()).to.be.at.most(60_000);
      setClock(new Date(new Date(row.next_attempt_at as string).getTime() + 1));
      await login(user.username, PASSWORD, '192.0.2.9').expect(200);
    });

    it('TRUST_PROXY decides who may set the client address: loopback by default, false or a list when asked', async () => {
      expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).to.equal('loopback');
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'false' }).trustProxy).to.equal(false);
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '2' }).trustProxy).to.equal(2);
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).to.equal(
        '10.0.0.0/8, 127.0.0.1',
      );
    });
  });

  it("the departures report goes through the case scope and fails closed: another agency's departures and a role without a scope rule see nothing", async () => {
    const a = await agencyWithCase();
    const b = await agencyWithCase();
    for (const c of [a, b]) {
      await papersForDeparture(
        { caseId: c.caseId, workerId: c.worker.id, agencyId: c.staff.user.agencyId! },
        '2026-11-20',
      );
      await walk(c.staff.auth, c.caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
    }
    const period = { from: '2026-11-01', to: '2026-11-27' };
    const mine = await request(testApp()).get('/api/v1/reports/departures').query(period).set(a.staff.auth).expect(200);
    expect(mine.body.data.map((r: { caseId: number }) => r.caseId)).to.deep.equal([a.caseId]);
    const admin = await makeUser('admin');
    expect(
      (await request(testApp()).get('/api/v1/reports/departures').query(period).set(admin.auth).expect(200)).body.data,
    ).to.have.length(2);
    // officers see their residents' departures (both workers live in Xã Hồi Xuân, Thanh Hóa)
    const officer = await makeUser('province_officer');
    expect(
      (await request(testApp()).get('/api/v1/reports/departures').query(period).set(officer.auth).expect(200)).body
        .data,
    ).to.have.length(2);
    // a role whose scope rule finds nothing to stand on (an officer without an area, a worker without cases) gets
    // no row, never every agency's workers
    for (const role of ['province_officer', 'commune_officer', 'worker'] as const) {
      const u = await makeUser(role);
      const actor = {
        userId: u.user.id,
        username: u.user.username,
        displayName: '',
        role,
        agencyId: null,
        branchId: null,
        communeCode: null,
        provinceCode: null,
        workerId: role === 'worker' ? u.user.workerId : null,
      };
      expect(await departures(actor, period), role).to.deep.equal([]);
    }
  });
});
