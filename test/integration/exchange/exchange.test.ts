// The job exchange, part 1 (issue 21): the forms' required fields (DOMAIN §15.7), one person per CCCD, consent (E1),
// matching with reasons, the race for the last place, the follow-up (E3) and report (E4) obligations, the deadline
// close (E5) and the scope rules, each by name. Real PostgreSQL, real HTTP.
import request from 'supertest';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { consentScanOf, makeUser, makeWorker, type TestUser } from '../../helpers/factories';
import {
  HIRE,
  employerBody,
  introduce,
  makeEmployer,
  makeVacancy,
  registerSeeker,
  seekerBody,
  vacancyBody,
} from '../../helpers/exchange';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { closeExpiredVacancies } from '../../../server/modules/exchange';
import { scanAlerts } from '../../../server/modules/notifications';
import { issueToken } from '../../../server/modules/auth/auth.tokens';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];

describe('job exchange: registrations, vacancies and referrals (issue 21)', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
  });

  describe('§15.7 required fields, each refused when missing', () => {
    const SEEKER_REQUIRED = [
      'fullName',
      'dateOfBirth',
      'sex',
      'ethnicity',
      'provinceCode',
      'communeCode',
      'street',
      'currentAddress',
      'phone',
      'generalEducation',
      'technicalLevel',
      'jobTitle',
      'jobDescription',
      'position',
      'wageKind',
      'availableAfterMonths',
      'recruitmentMode',
    ];
    it('Mẫu 01 + 01a (job seeker): name, birth, sex, ethnicity, both addresses, phone, education, level, job, wage, availability, mode', async () => {
      const fileId = await consentScanOf(staff.auth);
      for (const field of SEEKER_REQUIRED) {
        const body = seekerBody({ consentFileId: fileId });
        delete body[field];
        const res = await request(app).post('/api/v1/job-seekers').set(staff.auth).send(body);
        expect(res.status, field).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(
          res.body.error.details.map((d: { path: string }) => d.path),
          field,
        ).to.include(field);
      }
      // a monthly wage needs its band
      const body = seekerBody({ consentFileId: fileId });
      delete body.wageBand;
      const res = await request(app).post('/api/v1/job-seekers').set(staff.auth).send(body);
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('wageBand');
      expect((await q('SELECT count(*)::int AS n FROM job_seekers'))[0].n).to.equal(0);
    });

    it('E1: no registration without the scan of the signed consent clause', async () => {
      const res = await request(app).post('/api/v1/job-seekers').set(staff.auth).send(seekerBody());
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('consentFileId');
    });

    it('Mẫu 03 (employer): name, code or personal ID, ownership, address, phone, e-mail, sector, product, workforce, representative', async () => {
      const REQUIRED = [
        'name',
        'enterpriseCode',
        'ownership',
        'provinceCode',
        'communeCode',
        'address',
        'phone',
        'email',
        'sectorCode',
        'mainProduct',
        'workforceBand',
        'representative',
      ];
      for (const field of REQUIRED) {
        const body = employerBody();
        delete body[field];
        const res = await request(app).post('/api/v1/employers').set(staff.auth).send(body);
        expect(res.status, field).to.equal(400);
        expect(
          res.body.error.details.map((d: { path: string }) => d.path),
          field,
        ).to.include(field);
      }
      const individual = employerBody({ kind: 'individual' });
      delete individual.enterpriseCode;
      const res = await request(app).post('/api/v1/employers').set(staff.auth).send(individual);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('personalId');
    });

    it('Mẫu 03a (vacancy): title, number, description, position, education, level, time, wage, benefits, conditions, mode, deadline, contact', async () => {
      const employer = await makeEmployer(app, staff);
      const REQUIRED = [
        'title',
        'numberToHire',
        'description',
        'position',
        'generalEducation',
        'technicalLevel',
        'fullTime',
        'wageKind',
        'benefits',
        'conditions',
        'recruitmentMode',
        'deadline',
        'contactName',
        'contactPhone',
      ];
      for (const field of REQUIRED) {
        const body = vacancyBody(employer.id);
        delete body[field];
        const res = await request(app).post('/api/v1/vacancies').set(staff.auth).send(body);
        expect(res.status, field).to.equal(400);
        expect(
          res.body.error.details.map((d: { path: string }) => d.path),
          field,
        ).to.include(field);
      }
      expect((await q('SELECT count(*)::int AS n FROM vacancies'))[0].n).to.equal(0);
    });
  });

  describe('one person per CCCD', () => {
    it('a job seeker sharing a CCCD with a worker is the same person: no twin, the centre linked for job_matching', async () => {
      const w = await makeWorker({ fullName: 'Hà Thị Lan', dateOfBirth: '1997-05-06', sex: 'female' });
      const s = await registerSeeker(app, staff, {
        cccd: w.cccd,
        fullName: 'Hà Thị Lan',
        dateOfBirth: '1997-05-06',
        sex: 'female',
      });
      expect(s.workerId).to.equal(w.id);
      expect((await q('SELECT count(*)::int AS n FROM workers WHERE cccd = $1', [w.cccd]))[0].n).to.equal(1);
      const [link] = await q<{ purposes: string[]; consent_file_id: string }>(
        'SELECT purposes, consent_file_id FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2',
        [w.id, staff.user.agencyId],
      );
      expect(link.purposes).to.deep.equal(['job_matching']);
      expect(link.consent_file_id).to.not.equal(null);
      // the form's scales are stored once, on the worker
      const [facts] = await q('SELECT general_education, technical_level FROM workers WHERE id = $1', [w.id]);
      expect(facts).to.deep.equal({ general_education: 'upper_secondary', technical_level: 'elementary' });
    });

    it('a CCCD registered with another name or birth date is refused beside the CCCD, nothing written', async () => {
      const w = await makeWorker({ fullName: 'Hà Thị Lan', dateOfBirth: '1997-05-06', sex: 'female' });
      const res = await request(app)
        .post('/api/v1/job-seekers')
        .set(staff.auth)
        .send(
          seekerBody({
            cccd: w.cccd,
            fullName: 'Người Khác',
            dateOfBirth: '1997-05-06',
            consentFileId: await consentScanOf(staff.auth),
          }),
        );
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('cccd');
      expect((await q('SELECT count(*)::int AS n FROM job_seekers'))[0].n).to.equal(0);
    });

    it('an unknown person is registered in the worker registry, and a second registration of her at the centre is a conflict', async () => {
      const s = await registerSeeker(app, staff);
      const [w] = await q('SELECT full_name, created_by_agency_id FROM workers WHERE id = $1', [s.workerId]);
      expect(w.full_name).to.equal(s.fullName);
      const again = await request(app)
        .post('/api/v1/job-seekers')
        .set(staff.auth)
        .send(seekerBody({ cccd: s.cccd, fullName: s.fullName, consentFileId: await consentScanOf(staff.auth) }));
      expect(again.status).to.equal(409);
      expect(again.body.error.details.reason).to.equal('ALREADY_REGISTERED');
    });
  });

  describe('E1: consent withdrawn', () => {
    it('stops matching and referrals at once; past hires stay without contact details', async () => {
      const v = await makeVacancy(app, staff);
      const s = await registerSeeker(app, staff);
      const other = await registerSeeker(app, staff);
      const r = await introduce(app, staff, s.id, v.id);
      const hired = await introduce(app, staff, other.id, v.id);
      const h = await request(app)
        .post(`/api/v1/referrals/${hired.id}/transitions`)
        .set(staff.auth)
        .send({ action: 'hire', input: HIRE, expectedVersion: hired.version });
      expect(h.status, JSON.stringify(h.body)).to.equal(200);
      expect(
        (await request(app).get(`/api/v1/vacancies/${v.id}/matches`).set(staff.auth)).body.data.map(
          (m: { jobSeekerId: number }) => m.jobSeekerId,
        ),
      ).to.include(s.id);

      const wd = await request(app)
        .post(`/api/v1/job-seekers/${s.id}/withdraw-consent`)
        .set(staff.auth)
        .send({ withdrawnOn: '2026-11-27' });
      expect(wd.status).to.equal(204);
      const [ref] = await q('SELECT state FROM referrals WHERE id = $1', [r.id]);
      expect(ref.state).to.equal('withdrawn');
      const matches = await request(app).get(`/api/v1/vacancies/${v.id}/matches`).set(staff.auth);
      expect(matches.body.data.map((m: { jobSeekerId: number }) => m.jobSeekerId)).to.not.include(s.id);
      expect((await request(app).get(`/api/v1/job-seekers/${s.id}/matches`).set(staff.auth)).body.data).to.deep.equal(
        [],
      );
      const again = await request(app)
        .post('/api/v1/referrals')
        .set(staff.auth)
        .send({ jobSeekerId: s.id, vacancyId: v.id, origin: 'person' });
      expect(again.status).to.equal(422);
      expect(again.body.error.details.verdicts[0].ruleId).to.equal('E1');
      // the link keeps its evidence, the centre no longer sees the person in the worker registry
      const [link] = await q('SELECT withdrawn_on FROM worker_agency_links WHERE worker_id = $1', [s.workerId]);
      expect(link.withdrawn_on).to.equal('2026-11-27');
      expect((await request(app).get(`/api/v1/workers/${s.workerId}`).set(staff.auth)).status).to.equal(404);
      // the profile stays for the reports, without contact details
      const detail = await request(app).get(`/api/v1/job-seekers/${s.id}`).set(staff.auth);
      expect(detail.body.data.status).to.equal('withdrawn');
      expect(detail.body.data.phone).to.equal(null);
      expect(detail.body.data.currentAddress).to.equal(null);
      // a hire of someone else is untouched
      expect((await q('SELECT state FROM referrals WHERE id = $1', [hired.id]))[0].state).to.equal('hired');
    });
  });

  describe('referrals', () => {
    it('the race for the last place: two hires at once, exactly one wins, the vacancy is filled', async () => {
      const v = await makeVacancy(app, staff, { numberToHire: 1 });
      const a = await registerSeeker(app, staff);
      const b = await registerSeeker(app, staff);
      const ra = await introduce(app, staff, a.id, v.id);
      const rb = await introduce(app, staff, b.id, v.id);
      const [x, y] = await Promise.all(
        [ra, rb].map((r) =>
          request(app)
            .post(`/api/v1/referrals/${r.id}/transitions`)
            .set(staff.auth)
            .send({ action: 'hire', input: HIRE, expectedVersion: r.version }),
        ),
      );
      expect([x.status, y.status].sort()).to.deep.equal([200, 422]);
      const loser = x.status === 422 ? x : y;
      expect(loser.body.error.details.verdicts.map((d: { ruleId: string }) => d.ruleId)).to.include('E5');
      const [vac] = await q('SELECT state, hired_count FROM vacancies WHERE id = $1', [v.id]);
      expect(vac).to.deep.equal({ state: 'filled', hired_count: 1 });
      expect((await q("SELECT count(*)::int AS n FROM referrals WHERE state = 'hired'"))[0].n).to.equal(1);
      const [ob] = await q("SELECT status FROM obligations WHERE subject_type = 'vacancy' AND subject_id = $1", [v.id]);
      expect(ob.status).to.equal('met');
    });

    it('hired needs the Mẫu 04 facts: contract, dates, position, wage code, notice; the employer comes from the vacancy', async () => {
      const v = await makeVacancy(app, staff);
      const s = await registerSeeker(app, staff);
      const r = await introduce(app, staff, s.id, v.id);
      for (const field of Object.keys(HIRE)) {
        const input: Record<string, unknown> = { ...HIRE };
        delete input[field];
        const res = await request(app)
          .post(`/api/v1/referrals/${r.id}/transitions`)
          .set(staff.auth)
          .send({ action: 'hire', input, expectedVersion: r.version });
        expect(res.status, field).to.equal(400);
      }
      const ok = await request(app)
        .post(`/api/v1/referrals/${r.id}/transitions`)
        .set(staff.auth)
        .send({ action: 'hire', input: HIRE, expectedVersion: r.version });
      expect(ok.status).to.equal(200);
      const [row] = await q<{ employer_name: string; employer_enterprise_code: string; wage_code: number }>(
        'SELECT employer_name, employer_enterprise_code, wage_code FROM referrals WHERE id = $1',
        [r.id],
      );
      expect(row.employer_name).to.match(/^Công ty May Thử nghiệm/);
      expect(row.employer_enterprise_code).to.match(/^28/);
      expect(row.wage_code).to.equal(2);
    });

    it('hired elsewhere: the employer typed (a tax code or a personal ID), the vacancy keeps its place', async () => {
      const v = await makeVacancy(app, staff, { numberToHire: 1 });
      const s = await registerSeeker(app, staff);
      const r = await introduce(app, staff, s.id, v.id);
      const noCode = await request(app)
        .post(`/api/v1/referrals/${r.id}/transitions`)
        .set(staff.auth)
        .send({
          action: 'hire',
          input: { ...HIRE, elsewhere: true, employerName: 'Cơ sở May Bà Triệu' },
          expectedVersion: r.version,
        });
      expect(noCode.status).to.equal(400);
      const res = await request(app)
        .post(`/api/v1/referrals/${r.id}/transitions`)
        .set(staff.auth)
        .send({
          action: 'hire',
          input: { ...HIRE, elsewhere: true, employerName: 'Cơ sở May Bà Triệu', employerPersonalId: '038180000123' },
          expectedVersion: r.version,
        });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const [row] = await q('SELECT employer_name, employer_personal_id FROM referrals WHERE id = $1', [r.id]);
      expect(row).to.deep.equal({ employer_name: 'Cơ sở May Bà Triệu', employer_personal_id: '038180000123' });
      expect((await q('SELECT state, hired_count FROM vacancies WHERE id = $1', [v.id]))[0]).to.deep.equal({
        state: 'open',
        hired_count: 0,
      });
    });

    it('E3: the follow-up is due at min(start + 1 month, contract end) from 2026 and 3 months for a 2025 start; E4: 20 working days after the notice', async () => {
      const v = await makeVacancy(app, staff, { numberToHire: 3 });
      const hire = async (input: Record<string, unknown>) => {
        const s = await registerSeeker(app, staff);
        const r = await introduce(app, staff, s.id, v.id);
        const res = await request(app)
          .post(`/api/v1/referrals/${r.id}/transitions`)
          .set(staff.auth)
          .send({ action: 'hire', input: { ...HIRE, ...input }, expectedVersion: r.version });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        return q<{ kind: string; due_on: string; rule_id: string }>(
          "SELECT kind, due_on, rule_id FROM obligations WHERE subject_type = 'referral' AND subject_id = $1 ORDER BY kind",
          [r.id],
        );
      };
      // 2026 policy: 1 month
      const y2026 = await hire({ startOn: '2026-12-01' });
      expect(y2026.find((o) => o.kind === 'follow_up')).to.deep.include({ due_on: '2027-01-01', rule_id: 'E3' });
      // E4: 26/11/2026 + 20 working days (no holiday in between) = 24/12/2026
      expect(y2026.find((o) => o.kind === 'nje_report')).to.deep.include({ due_on: '2026-12-24', rule_id: 'E4' });
      // a contract ending sooner than the month
      const short = await hire({ startOn: '2026-12-01', contractEndOn: '2026-12-20' });
      expect(short.find((o) => o.kind === 'follow_up')!.due_on).to.equal('2026-12-20');
      // a start in 2025 falls under the Decree 23 version: 3 months
      const y2025 = await hire({ signedOn: '2025-12-15', startOn: '2025-12-20', notifiedOn: '2025-12-16' });
      expect(y2025.find((o) => o.kind === 'follow_up')!.due_on).to.equal('2026-03-20');
    });

    it('E3/E4 met when recorded; the alerts go to the owning centre’s staff', async () => {
      const v = await makeVacancy(app, staff);
      const s = await registerSeeker(app, staff);
      const r = await introduce(app, staff, s.id, v.id);
      const hired = await request(app)
        .post(`/api/v1/referrals/${r.id}/transitions`)
        .set(staff.auth)
        .send({ action: 'hire', input: HIRE, expectedVersion: r.version });
      setClock('2026-12-28');
      // a token of the new day (a token lives an hour)
      const auth = { authorization: `Bearer ${issueToken(staff.user)}` };
      await scanAlerts();
      const notes = await q<{ recipient_user_id: string; title: string; link: string }>(
        "SELECT recipient_user_id, title, link FROM notifications WHERE kind = 'alert' AND subject_type = 'referral'",
      );
      expect(notes.map((n) => Number(n.recipient_user_id))).to.include(staff.user.id);
      expect(notes.map((n) => n.title).join(' ')).to.match(/Sàn giao dịch việc làm quốc gia/);
      expect(notes[0].link).to.equal(`/viec-lam/gioi-thieu/${r.id}`);
      const rec = await request(app)
        .post(`/api/v1/referrals/${r.id}/transitions`)
        .set(auth)
        .send({
          action: 'record_nje',
          input: { njeEnteredOn: '2026-12-28', njeReference: 'SGD-2026-0001' },
          expectedVersion: hired.body.data.entity.version,
        });
      expect(rec.status, JSON.stringify(rec.body)).to.equal(200);
      const [ob] = await q(
        "SELECT status, met_on FROM obligations WHERE subject_type = 'referral' AND subject_id = $1 AND kind = 'nje_report'",
        [r.id],
      );
      expect(ob).to.deep.equal({ status: 'met', met_on: '2026-12-28' });
    });
  });

  describe('E5: the nightly close', () => {
    it('closes a vacancy the day after its deadline, not on it', async () => {
      const v = await makeVacancy(app, staff, { deadline: '2026-12-10' });
      setClock('2026-12-10');
      expect((await closeExpiredVacancies()).closed).to.equal(0);
      expect((await q('SELECT state FROM vacancies WHERE id = $1', [v.id]))[0].state).to.equal('open');
      setClock('2026-12-11');
      expect((await closeExpiredVacancies()).closed).to.equal(1);
      const [row] = await q('SELECT state, closed_on FROM vacancies WHERE id = $1', [v.id]);
      expect(row).to.deep.equal({ state: 'closed', closed_on: '2026-12-11' });
      const [ev] = await q(
        "SELECT action, actor_user_id FROM vacancy_events WHERE vacancy_id = $1 AND action = 'expire'",
        [v.id],
      );
      expect(ev.actor_user_id).to.equal(null);
    });
  });

  describe('scope, each rule by name', () => {
    it("another centre's full profile → 404", async () => {
      const s = await registerSeeker(app, staff);
      const other = await makeUser('centre_staff');
      expect((await request(app).get(`/api/v1/job-seekers/${s.id}`).set(other.auth)).status).to.equal(404);
      expect((await request(app).get(`/api/v1/job-seekers/${s.id}/matches`).set(other.auth)).status).to.equal(404);
      expect((await request(app).get('/api/v1/job-seekers').set(other.auth)).body.data).to.deep.equal([]);
    });

    it("an anonymised row carries no name or CCCD (another centre's job seeker on my vacancy)", async () => {
      const other = await makeUser('centre_staff');
      const s = await registerSeeker(app, other);
      const v = await makeVacancy(app, staff);
      const res = await request(app).get(`/api/v1/vacancies/${v.id}/matches`).set(staff.auth);
      const row = res.body.data.find((m: { jobSeekerId: number }) => m.jobSeekerId === s.id);
      expect(row.own).to.equal(false);
      expect(row.fullName).to.equal(null);
      expect(row.cccdMasked).to.equal(null);
      expect(row.summary).to.equal('1 người ở Thanh Hóa, nhóm nghề 93, sẵn sàng ngay');
      expect(JSON.stringify(row)).to.not.include(s.cccd).and.not.include(s.fullName);
      // introducing her directly is refused; the request goes to her centre, which decides
      const direct = await request(app)
        .post('/api/v1/referrals')
        .set(staff.auth)
        .send({ jobSeekerId: s.id, vacancyId: v.id, origin: 'employer' });
      expect(direct.status).to.equal(409);
      const ask = await request(app)
        .post('/api/v1/introduction-requests')
        .set(staff.auth)
        .send({ jobSeekerId: s.id, vacancyId: v.id });
      expect(ask.status).to.equal(201);
      const inbox = await q<{ recipient_user_id: string }>(
        "SELECT recipient_user_id FROM notifications WHERE kind = 'exchange.request'",
      );
      expect(inbox.map((n) => Number(n.recipient_user_id))).to.deep.equal([other.user.id]);
      const decide = await request(app)
        .post(`/api/v1/introduction-requests/${ask.body.data.id}/decision`)
        .set(other.auth)
        .send({ decision: 'accept' });
      expect(decide.status).to.equal(200);
      const [ref] = await q('SELECT centre_id, seeker_centre_id, origin FROM referrals WHERE id = $1', [
        decide.body.data.referralId,
      ]);
      expect(ref).to.deep.equal({
        centre_id: String(staff.user.agencyId),
        seeker_centre_id: String(other.user.agencyId),
        origin: 'employer',
      });
    });

    it('a worker sees only her own matches and referrals', async () => {
      const v = await makeVacancy(app, staff);
      const mine = await registerSeeker(app, staff);
      const theirs = await registerSeeker(app, staff);
      await introduce(app, staff, theirs.id, v.id);
      const me = await makeUser('worker', { workerId: mine.workerId } as never);
      expect((await request(app).get(`/api/v1/job-seekers/${theirs.id}`).set(me.auth)).status).to.equal(403);
      const page = await request(app).get('/toi/tim-viec').set('Cookie', `ht_session=${me.token}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include(v.title);
      expect(page.text).to.not.include(theirs.fullName);
      expect(page.text).to.not.include('data-referral=');
    });

    it('a commune officer reads her residents and cannot write', async () => {
      const s = await registerSeeker(app, staff);
      const officer = await makeUser('commune_officer', { communeCode: '14869', provinceCode: '38' } as never);
      const list = await request(app).get('/api/v1/job-seekers').set(officer.auth);
      expect(list.body.data.map((r: { id: number }) => r.id)).to.deep.equal([s.id]);
      expect(list.body.data[0]).to.not.have.property('ethnicity');
      expect((await request(app).get(`/api/v1/job-seekers/${s.id}`).set(officer.auth)).status).to.equal(200);
      const write = await request(app)
        .patch(`/api/v1/job-seekers/${s.id}`)
        .set(officer.auth)
        .send({ jobTitle: 'Khác' });
      expect(write.status).to.equal(403);
      const elsewhere = await makeUser('commune_officer', { communeCode: '14845', provinceCode: '38' } as never);
      expect((await request(app).get(`/api/v1/job-seekers/${s.id}`).set(elsewhere.auth)).status).to.equal(404);
    });
  });
});
