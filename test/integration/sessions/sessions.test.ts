// Job exchange sessions (issue 22; DOMAIN.md §15.4) through the real API: signed tickets that check in once, forged
// codes and another session's tickets refused before any lookup, check-in by CCCD and by name, walk-ins registered
// through the worker registry, one registration per person, the counts (a hire weeks later still counts for its
// session, E2), scope (another province's centre → 404; a worker only her own tickets), and the counselling log
// append-only.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { PageSession } from '../../helpers/pages';
import { consentScanOf, makeCentre, makeUser, validCccd, type TestUser } from '../../helpers/factories';
import { makeEmployer, makeSession, registerForSession, registerSeeker, vacancyBody } from '../../helpers/exchange';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { TICKET_ALPHABET } from '../../../server/modules/sessions/sessions.tickets';
import { issueToken } from '../../../server/modules/auth';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];

/** The code with one character changed at `index` (0-based among the 12, dashes skipped). */
function changed(code: string, index: number): string {
  const chars = code.replace(/-/g, '').split('');
  const i = TICKET_ALPHABET.indexOf(chars[index]);
  chars[index] = TICKET_ALPHABET[(i + 1) % TICKET_ALPHABET.length];
  const t = chars.join('');
  return `${t.slice(0, 4)}-${t.slice(4, 8)}-${t.slice(8)}`;
}

/** The same user with a token of the clock's new day (a token lives an hour). */
const renewed = (u: TestUser): TestUser => {
  const token = issueToken(u.user);
  return { ...u, token, auth: { authorization: `Bearer ${token}` } };
};

const checkIn = (staff: TestUser, sessionId: number, body: Record<string, unknown>) =>
  request(app).post(`/api/v1/exchange-sessions/${sessionId}/check-ins`).set(staff.auth).send(body);

describe('job exchange sessions (issue 22)', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
  });

  describe('tickets and check-in', () => {
    it('a ticket checks in once: the second time answers "already" with the time and changes nothing', async () => {
      const session = await makeSession(app, staff);
      const seeker = await registerSeeker(app, staff);
      const reg = await registerForSession(app, staff, session.id, seeker.id);
      expect(reg.code).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const [stored] = await q<{ ticket: string }>('SELECT ticket FROM session_registrations WHERE id = $1', [reg.id]);
      expect(reg.code.replace(/-/g, '').slice(0, 8)).to.equal(stored.ticket); // only the random part is stored
      // typed in lower case with spaces instead of dashes
      const first = await checkIn(staff, session.id, { q: reg.code.toLowerCase().replace(/-/g, ' ') });
      expect(first.status, JSON.stringify(first.body)).to.equal(200);
      expect(first.body.data.outcome).to.equal('checked_in');
      const [at] = await q<{ checked_in_at: Date }>('SELECT checked_in_at FROM session_registrations WHERE id = $1', [
        reg.id,
      ]);
      expect(at.checked_in_at).to.be.instanceOf(Date);
      const second = await checkIn(staff, session.id, { code: reg.code });
      expect(second.status).to.equal(200);
      expect(second.body.data.outcome).to.equal('already');
      const [again] = await q<{ checked_in_at: Date }>(
        'SELECT checked_in_at FROM session_registrations WHERE id = $1',
        [reg.id],
      );
      expect(again.checked_in_at.getTime()).to.equal(at.checked_in_at.getTime());
      // the page says when
      const page = new PageSession(staff);
      await page.get(`/viec-lam/phien/${session.id}/diem-danh`);
      const posted = await page.post(`/viec-lam/phien/${session.id}/diem-danh`, { q: reg.code });
      expect(posted.status).to.equal(303);
      const shown = await page.get(posted.headers.location);
      expect(shown.text).to.match(/đã điểm danh lúc \d{2}:\d{2}/);
    });

    it('a forged code (one character changed in the signature, or in the random part) is refused, nothing checked in', async () => {
      const session = await makeSession(app, staff);
      const reg = await registerForSession(app, staff, session.id, (await registerSeeker(app, staff)).id);
      for (const index of [11, 8, 0, 5]) {
        const res = await checkIn(staff, session.id, { q: changed(reg.code, index) });
        expect(res.status, `${index}: ${JSON.stringify(res.body)}`).to.equal(400);
        expect(res.body.error.message).to.contain('Mã vé không đúng');
      }
      expect((await checkIn(staff, session.id, { code: 'K7Q2-MX4P-9RTA' })).status).to.equal(400);
      expect((await checkIn(staff, session.id, { code: 'not a code at all' })).status).to.equal(400);
      const [r] = await q<{ checked_in_at: Date | null }>(
        'SELECT checked_in_at FROM session_registrations WHERE id = $1',
        [reg.id],
      );
      expect(r.checked_in_at).to.equal(null);
    });

    it("another session's ticket is refused at this session (its signature is bound to its session)", async () => {
      const a = await makeSession(app, staff, { name: 'Phiên A' });
      const b = await makeSession(app, staff, { name: 'Phiên B' });
      const seeker = await registerSeeker(app, staff);
      const regA = await registerForSession(app, staff, a.id, seeker.id);
      const atB = await checkIn(staff, b.id, { q: regA.code });
      expect(atB.status).to.equal(400);
      expect(atB.body.error.message).to.contain('không phải vé của phiên này');
      expect((await checkIn(staff, a.id, { q: regA.code })).body.data.outcome).to.equal('checked_in');
    });

    it('check-in by CCCD finds her registration; by name (accents ignored) lists the matches to pick', async () => {
      const session = await makeSession(app, staff);
      const one = await registerSeeker(app, staff, { fullName: 'Lò Thị Hoa' });
      const two = await registerSeeker(app, staff, { fullName: 'Lò Thị Hồng' });
      const r1 = await registerForSession(app, staff, session.id, one.id);
      const r2 = await registerForSession(app, staff, session.id, two.id);
      const byCccd = await checkIn(staff, session.id, { q: one.cccd });
      expect(byCccd.body.data).to.include({ outcome: 'checked_in' });
      expect(byCccd.body.data.registration.id).to.equal(r1.id);
      expect(byCccd.body.data.registration.cccdMasked).to.not.contain(one.cccd.slice(3, 9));
      const byName = await checkIn(staff, session.id, { q: 'lo thi ho' });
      expect(byName.body.data.outcome).to.equal('choose');
      expect(byName.body.data.matches.map((m: { id: number }) => m.id).sort()).to.deep.equal([r1.id, r2.id].sort());
      const hong = await checkIn(staff, session.id, { q: 'LÒ THỊ HỒNG' });
      expect(hong.body.data.matches.map((m: { id: number }) => m.id)).to.deep.equal([r2.id]);
      const picked = await checkIn(staff, session.id, { registrationId: r2.id });
      expect(picked.body.data.outcome).to.equal('checked_in');
      const nobody = await checkIn(staff, session.id, { q: '038199000001' });
      expect(nobody.status).to.equal(404);
    });

    it('a walk-in is registered through the worker registry (its CCCD checks) and checked in; an existing CCCD with other facts is refused', async () => {
      const session = await makeSession(app, staff);
      const cccd = validCccd('2001-05-06', 'male', 654_321);
      const body = {
        cccd,
        fullName: 'Hà Văn Đến Cửa',
        dateOfBirth: '2001-05-06',
        sex: 'male',
        communeCode: '14869',
        provinceCode: '38',
        consentDate: '2026-11-27',
        consentFileId: await consentScanOf(staff.auth),
      };
      // the registry's check: the CCCD's sex digit says female for this number with a male birth
      const wrong = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/walk-ins`)
        .set(staff.auth)
        .send({ ...body, sex: 'female' });
      expect(wrong.status).to.equal(400);
      expect(wrong.body.error.details.map((d: { path: string }) => d.path)).to.include('cccd');
      expect(await q('SELECT id FROM workers WHERE cccd = $1', [cccd])).to.have.length(0);

      const res = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/walk-ins`)
        .set(staff.auth)
        .send(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.data.channel).to.equal('walk_in');
      expect(res.body.data.checkedInAt).to.be.a('string');
      const [w] = await q<{ id: string; full_name: string }>('SELECT id, full_name FROM workers WHERE cccd = $1', [
        cccd,
      ]);
      expect(w.full_name).to.equal('Hà Văn Đến Cửa');
      const [link] = await q<{ purposes: string[] }>(
        'SELECT purposes FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2',
        [w.id, staff.user.agencyId],
      );
      expect(link.purposes).to.deep.equal(['job_matching']); // E1: her signed consent, for this centre
      expect(
        (await request(app).get(`/api/v1/exchange-sessions/${session.id}/counts`).set(staff.auth)).body.data,
      ).to.include({ registered: 1, attended: 1 });

      // the same CCCD with another name, at another session: refused beside the CCCD, nothing written
      const other = await makeSession(app, staff, { name: 'Phiên chiều', startsAt: '13:30', endsAt: '16:30' });
      const clash = await request(app)
        .post(`/api/v1/exchange-sessions/${other.id}/walk-ins`)
        .set(staff.auth)
        .send({ ...body, fullName: 'Người Khác Hẳn', consentFileId: await consentScanOf(staff.auth) });
      expect(clash.status).to.equal(400);
      expect(clash.body.error.details[0]).to.include({ path: 'cccd' });
      expect(await q('SELECT id FROM session_registrations WHERE session_id = $1', [other.id])).to.have.length(0);
      // the same person again at the first session: one registration per person
      const twice = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/walk-ins`)
        .set(staff.auth)
        .send({ ...body, consentFileId: await consentScanOf(staff.auth) });
      expect(twice.status).to.equal(409);
    });

    it('one registration per person and session: the second answers 409 with a clear message', async () => {
      const session = await makeSession(app, staff);
      const seeker = await registerSeeker(app, staff);
      await registerForSession(app, staff, session.id, seeker.id);
      const again = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/registrations`)
        .set(staff.auth)
        .send({ cccd: seeker.cccd });
      expect(again.status).to.equal(409);
      expect(again.body.error.message).to.contain('đã đăng ký phiên này');
      expect(await q('SELECT id FROM session_registrations')).to.have.length(1);
    });

    it('check-in opens on the session day: a day before it is refused', async () => {
      const session = await makeSession(app, staff, { heldOn: '2026-11-28' });
      const reg = await registerForSession(app, staff, session.id, (await registerSeeker(app, staff)).id);
      const early = await checkIn(staff, session.id, { code: reg.code });
      expect(early.status).to.equal(409);
      expect(early.body.error.message).to.contain('chưa diễn ra');
      setClock('2026-11-28');
      staff = renewed(staff);
      expect((await checkIn(staff, session.id, { code: reg.code })).body.data.outcome).to.equal('checked_in');
    });
  });

  describe('what is recorded and the counts', () => {
    async function sessionWithBooth() {
      const session = await makeSession(app, staff);
      const employer = await makeEmployer(app, staff);
      const v = await request(app).post('/api/v1/vacancies').set(staff.auth).send(vacancyBody(employer.id));
      expect(v.status, JSON.stringify(v.body)).to.equal(201);
      const booth = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/booths`)
        .set(staff.auth)
        .send({ employerId: employer.id, vacancyIds: [v.body.data.id], demandInProvince: 5, demandOutOfProvince: 2 });
      expect(booth.status, JSON.stringify(booth.body)).to.equal(201);
      return { session, vacancyId: v.body.data.id as number, boothId: booth.body.data.id as number };
    }
    const record = (sessionId: number, regId: number, body: Record<string, unknown>) =>
      request(app)
        .post(`/api/v1/exchange-sessions/${sessionId}/registrations/${regId}/activities`)
        .set(staff.auth)
        .send(body);

    it('the counts of a small session: booths, registered, attended, counselled, interviewed, pre-selected, overseas, introduced', async () => {
      const { session, vacancyId, boothId } = await sessionWithBooth();
      const people = [];
      for (let i = 0; i < 4; i += 1)
        people.push(await registerForSession(app, staff, session.id, (await registerSeeker(app, staff)).id));
      for (const p of people.slice(0, 3)) await checkIn(staff, session.id, { code: p.code });
      // not checked in: nothing can be recorded for her
      const refused = await record(session.id, people[3].id, { kind: 'counselling', topic: 'job' });
      expect(refused.status).to.equal(409);
      // two topics for one person still count her once
      expect((await record(session.id, people[0].id, { kind: 'counselling', topic: 'job' })).status).to.equal(201);
      expect((await record(session.id, people[0].id, { kind: 'counselling', topic: 'policy' })).status).to.equal(201);
      expect((await record(session.id, people[1].id, { kind: 'counselling', topic: 'overseas' })).status).to.equal(201);
      expect((await record(session.id, people[0].id, { kind: 'interview', boothId })).status).to.equal(201);
      expect((await record(session.id, people[1].id, { kind: 'interview', boothId })).status).to.equal(201);
      expect((await record(session.id, people[1].id, { kind: 'preselection', boothId })).status).to.equal(201);
      expect((await record(session.id, people[2].id, { kind: 'overseas_registration' })).status).to.equal(201);
      const intro = await record(session.id, people[1].id, { kind: 'introduction', vacancyId });
      expect(intro.status, JSON.stringify(intro.body)).to.equal(201);
      const [ref] = await q<{ session_id: string }>('SELECT session_id FROM referrals WHERE id = $1', [
        intro.body.data.referralId,
      ]);
      expect(Number(ref.session_id)).to.equal(session.id);
      // an interview with no booth is refused at the edge
      expect((await record(session.id, people[2].id, { kind: 'interview' })).status).to.equal(400);
      const counts = await request(app).get(`/api/v1/exchange-sessions/${session.id}/counts`).set(staff.auth);
      expect(counts.body.data).to.deep.equal({
        booths: 1,
        employers: 1,
        senders: 0,
        demandInProvince: 5,
        demandOutOfProvince: 2,
        demandAbroad: 0,
        registered: 4,
        attended: 3,
        counselled: 2,
        interviewed: 2,
        preselected: 1,
        overseasRegistered: 1,
        introduced: 1,
        connections: 0,
        connectionsDomestic: 0,
        connectionsAbroad: 0,
      });
      const person = await request(app)
        .get(`/api/v1/exchange-sessions/${session.id}/registrations/${people[1].id}`)
        .set(staff.auth);
      expect(person.body.data.items.map((i: { kind: string }) => i.kind)).to.deep.equal([
        'counselling',
        'interview',
        'preselection',
      ]);
      expect(person.body.data.referrals).to.have.length(1);
    });

    it('a hire weeks after the session still counts as a successful connection of that session (E2)', async () => {
      const { session, vacancyId } = await sessionWithBooth();
      const seeker = await registerSeeker(app, staff);
      const reg = await registerForSession(app, staff, session.id, seeker.id);
      await checkIn(staff, session.id, { code: reg.code });
      const intro = await record(session.id, reg.id, { kind: 'introduction', vacancyId, origin: 'employer' });
      expect(intro.status).to.equal(201);
      const held = await request(app)
        .post(`/api/v1/exchange-sessions/${session.id}/held`)
        .set(staff.auth)
        .send({ expectedVersion: session.version });
      expect(held.status).to.equal(200);
      // three weeks later the employer reports the contract
      setClock('2026-12-18');
      staff = renewed(staff);
      const refId = intro.body.data.referralId as number;
      const r = await request(app).get(`/api/v1/referrals/${refId}`).set(staff.auth);
      const hire = await request(app)
        .post(`/api/v1/referrals/${refId}/transitions`)
        .set(staff.auth)
        .send({
          action: 'hire',
          input: {
            contractType: 'fixed_term',
            signedOn: '2026-12-15',
            startOn: '2026-12-21',
            position: 'Công nhân may',
            wageCode: 2,
            notifiedOn: '2026-12-16',
          },
          expectedVersion: r.body.data.version,
        });
      expect(hire.status, JSON.stringify(hire.body)).to.equal(200);
      const counts = await request(app).get(`/api/v1/exchange-sessions/${session.id}/counts`).set(staff.auth);
      expect(counts.body.data).to.include({
        introduced: 1,
        connections: 1,
        connectionsDomestic: 1,
        connectionsAbroad: 0,
      });
      // the list of past sessions shows it too
      const past = await request(app).get('/api/v1/exchange-sessions?when=past').set(staff.auth);
      expect(past.body.data.find((x: { id: number }) => x.id === session.id).counts.connections).to.equal(1);
    });

    it('an introduction needs a vacancy of a booth of the session', async () => {
      const { session } = await sessionWithBooth();
      const reg = await registerForSession(app, staff, session.id, (await registerSeeker(app, staff)).id);
      await checkIn(staff, session.id, { code: reg.code });
      const employer = await makeEmployer(app, staff);
      const elsewhere = await request(app).post('/api/v1/vacancies').set(staff.auth).send(vacancyBody(employer.id));
      const res = await record(session.id, reg.id, { kind: 'introduction', vacancyId: elsewhere.body.data.id });
      expect(res.status).to.equal(400);
      expect(await q('SELECT id FROM referrals')).to.have.length(0);
    });
  });

  describe('scope', () => {
    it("another province's centre staff get 404 on the session, its registrations, check-in and counts", async () => {
      const session = await makeSession(app, staff);
      const reg = await registerForSession(app, staff, session.id, (await registerSeeker(app, staff)).id);
      const ngheAn = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '40' })).id });
      const sameProvince = await makeUser('centre_staff');
      for (const other of [ngheAn, sameProvince]) {
        for (const url of [
          `/api/v1/exchange-sessions/${session.id}`,
          `/api/v1/exchange-sessions/${session.id}/registrations`,
          `/api/v1/exchange-sessions/${session.id}/counts`,
          `/api/v1/exchange-sessions/${session.id}/registrations/${reg.id}`,
          `/api/v1/session-registrations/${reg.id}/ticket`,
        ]) {
          const res = await request(app).get(url).set(other.auth);
          expect(res.status, url).to.equal(404);
        }
        const ci = await checkIn(other, session.id, { code: reg.code });
        expect(ci.status).to.equal(404);
        const page = await request(app).get(`/viec-lam/phien/${session.id}/diem-danh`).set(other.auth);
        expect(page.status).to.equal(404);
        const list = await request(app).get('/api/v1/exchange-sessions').set(other.auth);
        expect(list.body.data, JSON.stringify(list.body)).to.deep.equal([]);
      }
      const [r] = await q<{ checked_in_at: Date | null }>(
        'SELECT checked_in_at FROM session_registrations WHERE id = $1',
        [reg.id],
      );
      expect(r.checked_in_at).to.equal(null);
    });

    it('a worker registers in the portal, sees only her own tickets, and cannot read another person’s slip', async () => {
      const session = await makeSession(app, staff, { heldOn: '2026-12-05' });
      const ngheAnCentre = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '40' })).id });
      const elsewhere = await makeSession(app, ngheAnCentre, { heldOn: '2026-12-05', name: 'Phiên Nghệ An' });
      const her = await registerSeeker(app, staff);
      const other = await registerSeeker(app, staff);
      const worker = await makeUser('worker', { workerId: her.workerId });
      const stranger = await registerForSession(app, staff, session.id, other.id);

      const sessions = await request(app).get('/api/v1/my/exchange-sessions').set(worker.auth);
      expect(sessions.body.data.upcoming.map((s: { id: number }) => s.id)).to.deep.equal([session.id]);
      expect(sessions.body.data.mine).to.deep.equal([]);
      // another province's session does not exist for her
      expect(
        (await request(app).post(`/api/v1/my/exchange-sessions/${elsewhere.id}/registration`).set(worker.auth)).status,
      ).to.equal(404);
      const mine = await request(app).post(`/api/v1/my/exchange-sessions/${session.id}/registration`).set(worker.auth);
      expect(mine.status, JSON.stringify(mine.body)).to.equal(201);
      expect(
        (await request(app).post(`/api/v1/my/exchange-sessions/${session.id}/registration`).set(worker.auth)).status,
      ).to.equal(409);
      const after = await request(app).get('/api/v1/my/exchange-sessions').set(worker.auth);
      expect(after.body.data.mine).to.have.length(1);
      expect(after.body.data.mine[0].registrationId).to.equal(mine.body.data.id);
      expect(after.body.data.mine[0].code).to.not.equal(stranger.code);
      // her own slip, not the stranger's
      expect((await request(app).get(`/toi/phien/ve/${mine.body.data.id}`).set(worker.auth)).status).to.equal(200);
      expect((await request(app).get(`/toi/phien/ve/${stranger.id}`).set(worker.auth)).status).to.equal(404);
      expect((await request(app).get(`/api/v1/my/session-tickets/${stranger.id}`).set(worker.auth)).status).to.equal(
        404,
      );
      const portal = await request(app).get('/toi/phien').set(worker.auth);
      expect(portal.text).to.contain(after.body.data.mine[0].code);
      expect(portal.text).to.not.contain(stranger.code);
      // her ticket checks in at the door on the day
      setClock('2026-12-05');
      staff = renewed(staff);
      expect((await checkIn(staff, session.id, { q: after.body.data.mine[0].code })).body.data.outcome).to.equal(
        'checked_in',
      );
    });

    it('she cancels before the session starts, not after: the ticket stops working', async () => {
      const session = await makeSession(app, staff, { heldOn: '2026-11-28' });
      const her = await registerSeeker(app, staff);
      const worker = await makeUser('worker', { workerId: her.workerId });
      await request(app).post(`/api/v1/my/exchange-sessions/${session.id}/registration`).set(worker.auth);
      const code = (await request(app).get('/api/v1/my/exchange-sessions').set(worker.auth)).body.data.mine[0].code;
      setClock(new Date('2026-11-28T00:31:00Z')); // 07:31 in Vietnam: started
      const w1 = renewed(worker);
      expect(
        (await request(app).delete(`/api/v1/my/exchange-sessions/${session.id}/registration`).set(w1.auth)).status,
      ).to.equal(409);
      setClock(new Date('2026-11-28T00:29:00Z')); // 07:29: not yet
      expect(
        (await request(app).delete(`/api/v1/my/exchange-sessions/${session.id}/registration`).set(renewed(worker).auth))
          .status,
      ).to.equal(204);
      expect((await checkIn(renewed(staff), session.id, { code })).status).to.equal(404);
    });
  });

  describe('the counselling log (Mẫu 01 line 2)', () => {
    it('records a person (by job seeker or CCCD) and an employer; rows are append-only (UPDATE refused by the trigger)', async () => {
      const seeker = await registerSeeker(app, staff);
      const employer = await makeEmployer(app, staff);
      const person = await request(app)
        .post('/api/v1/counselling-records')
        .set(staff.auth)
        .send({ subject: 'person', cccd: seeker.cccd, topic: 'overseas', counselledOn: '2026-11-26' });
      expect(person.status, JSON.stringify(person.body)).to.equal(201);
      const emp = await request(app)
        .post('/api/v1/counselling-records')
        .set(staff.auth)
        .send({ subject: 'employer', employerId: employer.id, topic: 'policy', counselledOn: '2026-11-27' });
      expect(emp.status).to.equal(201);
      // an employer is not counselled on overseas work; a date after today is refused
      expect(
        (
          await request(app)
            .post('/api/v1/counselling-records')
            .set(staff.auth)
            .send({ subject: 'employer', employerId: employer.id, topic: 'overseas', counselledOn: '2026-11-27' })
        ).status,
      ).to.equal(400);
      expect(
        (
          await request(app)
            .post('/api/v1/counselling-records')
            .set(staff.auth)
            .send({ subject: 'person', jobSeekerId: seeker.id, topic: 'job', counselledOn: '2026-11-28' })
        ).status,
      ).to.equal(400);
      // a stranger's CCCD is not found at this centre
      const stranger = await request(app)
        .post('/api/v1/counselling-records')
        .set(staff.auth)
        .send({
          subject: 'person',
          cccd: validCccd('1990-01-01', 'female', 999_001),
          topic: 'job',
          counselledOn: '2026-11-27',
        });
      expect(stranger.status).to.equal(400);
      const log = await request(app).get('/api/v1/counselling-records').set(staff.auth);
      expect(log.body.data.map((r: { subject: string }) => r.subject)).to.deep.equal(['employer', 'person']);
      expect(log.body.data[1].cccdMasked).to.match(/^\d{3}\*+\d{3}$/);
      for (const id of [person.body.data.id, emp.body.data.id]) {
        let refused: Error | null = null;
        try {
          await q("UPDATE counselling_records SET topic = 'job' WHERE id = $1", [id]);
        } catch (err) {
          refused = err as Error;
        }
        expect(refused, `row ${id}`).to.not.equal(null);
      }
      let deleted: Error | null = null;
      try {
        await q('DELETE FROM counselling_records');
      } catch (err) {
        deleted = err as Error;
      }
      expect(deleted).to.not.equal(null);
      // another centre's staff see none of it
      const other = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '40' })).id });
      expect((await request(app).get('/api/v1/counselling-records').set(other.auth)).body.data).to.deep.equal([]);
    });
  });
});
