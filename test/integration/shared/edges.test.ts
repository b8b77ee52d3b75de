// Inputs at the edges the outside sweep found: dates that are not real or absurd, loops sized by an input,
// constraints that reached the database, verdicts at a date no policy covers, and a check-then-insert race.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { act, agencyWithCase, openOrder, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { addMonths, wholeMonthsBetween } from '../../../server/shared/dates';
import { toAppError } from '../../../server/shared/to-app-error';
import { ValidationError, ConflictError } from '../../../server/shared/errors';
import { JobOrder } from '../../../server/modules/job-orders';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const toVisa: [string, Record<string, unknown>?][] = [
  ['prescreen'],
  ['select', { selectedOn: '2026-10-01' }],
  ['sign_contract', { signedOn: '2026-10-05' }],
  ['start_visa'],
];

describe('edges', () => {
  beforeEach(() => setClock('2026-11-27'));

  describe('dates', () => {
    it('whole months between two dates equal the count the old loop made, by arithmetic', () => {
      const loop = (a: string, b: string) => {
        let m = 0;
        while (addMonths(a, m + 1) <= b) m += 1;
        return m;
      };
      const starts = ['2026-01-31', '2026-02-28', '2024-02-29', '2026-03-15', '2026-12-31'];
      for (const a of starts) {
        for (let d = 0; d < 800; d += 7) {
          const b = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
          expect(wholeMonthsBetween(a, b), `${a} → ${b}`).to.equal(Math.max(0, loop(a, b)));
        }
      }
      const started = Date.now();
      expect(wholeMonthsBetween('2026-01-10', '9999-12-31')).to.equal((9999 - 2026) * 12 + 11);
      expect(Date.now() - started).to.be.below(50);
    });

    it('extend with a new end in year 9999 is refused at once with 400 naming the field (it looped 3.3 million times)', async () => {
      const { staff, caseId, worker, order } = await agencyWithCase();
      await sequelize().query(
        "UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, contract_months = 36 WHERE id = $1",
        { bind: [order.id] },
      );
      await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
      await walk(staff.auth, caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
      const started = Date.now();
      const far = await act(staff.auth, caseId, 'extend', { newEndOn: '9999-12-31', feeVnd: 0 }).expect(400);
      expect(Date.now() - started).to.be.below(500);
      expect(far.body.error.details[0]).to.include({ path: 'newEndOn', type: 'date.max' });
      // a contract end is within 10 years of today: 27/11/2036 is the last day allowed
      await act(staff.auth, caseId, 'extend', { newEndOn: '2036-11-28', feeVnd: 0 }).expect(400);
      await act(staff.auth, caseId, 'extend', { newEndOn: '2036-11-27', feeVnd: 0 }).expect(200);
    });

    it('every date field and query parameter is a real date in 1900–2100, or tighter where the domain says', async () => {
      const staff = await makeUser('agency_staff');
      const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý' };
      const person = { fullName: 'Lê Thị Ba', sex: 'female', cccd: '038300001234', consent };
      for (const [dateOfBirth, type] of [
        ['2026-02-30', 'string.isoDate'],
        ['1899-12-31', 'date.min'],
        ['2026-11-28', 'date.max'],
        ['0000-01-01', 'date.min'],
      ] as const) {
        const res = await request(testApp())
          .post('/api/v1/workers')
          .set(staff.auth)
          .send({ ...person, dateOfBirth })
          .expect(400);
        expect(res.body.error.details[0], dateOfBirth).to.include({ path: 'dateOfBirth', type });
      }
      for (const [name, value] of [
        ['deadlineFrom', '2101-01-01'],
        ['deadlineTo', '2026-13-01'],
        ['deadlineFrom', '1800-01-01'],
      ]) {
        const res = await request(testApp())
          .get('/api/v1/cases')
          .query({ [name]: value })
          .set(staff.auth)
          .expect(400);
        expect(res.body.error.details[0].path).to.equal(name);
      }
      await request(testApp())
        .get('/api/v1/reports/departures')
        .query({ from: '9999-12-31' })
        .set(staff.auth)
        .expect(400);
    });

    it('a verdict asked at a date no policy version covers is a clear DATA verdict, not 500', async () => {
      const staff = await makeUser('agency_staff');
      const o = await JobOrder.create({
        agencyId: staff.user.agencyId!,
        jobCategory: 'general',
        reference: 'JP',
        destinationCountry: 'JP',
        state: 'draft',
        version: 1,
      } as never);
      const res = await request(testApp())
        .get(`/api/v1/job-orders/${o.id}/verdicts`)
        .query({ at: '2019-06-01' })
        .set(staff.auth)
        .expect(200);
      const data = res.body.data.verdicts.find(
        (v: { ruleId: string; details: { policyKey?: string } }) => v.ruleId === 'DATA' && v.details.policyKey,
      );
      expect(data.ok).to.equal(false);
      expect(data.message).to.contain('01/06/2019');
      // an orientation course starting before any version of its period count: 422 with the DATA verdict
      const course = await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'orientation',
          name: 'GDĐH 2019',
          provider: 'Trung tâm',
          market: 'JP',
          startsOn: '2019-01-02',
          endsOn: '2019-02-01',
        })
        .expect(422);
      expect(course.body.error.details.verdicts[0]).to.include({ ruleId: 'DATA', ok: false });
    });
  });

  describe('constraints are checked at the edge first', () => {
    it('a recruitment window ending before it starts: 400 naming recruitTo, on create and on a partial update', async () => {
      const staff = await makeUser('agency_staff');
      const bad = await request(testApp())
        .post('/api/v1/job-orders')
        .set(staff.auth)
        .send({ jobCategory: 'general', recruitFrom: '2026-12-10', recruitTo: '2026-12-01' })
        .expect(400);
      expect(bad.body.error.details[0].path).to.equal('recruitTo');
      const o = (
        await request(testApp())
          .post('/api/v1/job-orders')
          .set(staff.auth)
          .send({ jobCategory: 'general', recruitFrom: '2026-12-01', recruitTo: '2026-12-31' })
          .expect(201)
      ).body.data;
      const later = await request(testApp())
        .patch(`/api/v1/job-orders/${o.id}`)
        .set(staff.auth)
        .send({ recruitFrom: '2027-01-15' })
        .expect(400);
      expect(later.body.error.details[0].path).to.equal('recruitTo');
      const zero = await request(testApp())
        .patch(`/api/v1/job-orders/${o.id}`)
        .set(staff.auth)
        .send({ fxRate: '0.000' })
        .expect(400);
      expect(zero.body.error.details[0].path).to.equal('fxRate');
    });

    it('a household status without its year, and a contract ending before it starts: 400 naming the field', async () => {
      const staff = await makeUser('agency_staff');
      const w = await makeWorker({
        linkTo: staff.user.agencyId!,
        householdStatus: 'poor',
        householdStatusYear: 2025,
      } as never);
      const res = await request(testApp())
        .patch(`/api/v1/workers/${w.id}`)
        .set(staff.auth)
        .send({ householdStatusYear: null })
        .expect(400);
      expect(res.body.error.details[0].path).to.equal('householdStatusYear');

      const c = await agencyWithCase();
      await papersForDeparture(
        { caseId: c.caseId, workerId: c.worker.id, agencyId: c.staff.user.agencyId! },
        '2026-11-20',
      );
      await walk(c.staff.auth, c.caseId, [...toVisa, ['mark_ready']]);
      const dep = await act(c.staff.auth, c.caseId, 'depart', {
        departedOn: '2026-11-20',
        contractEndOn: '2026-11-20',
      }).expect(400);
      expect(dep.body.error.details[0]).to.include({ path: 'contractEndOn', type: 'date.after' });
    });

    it('a violation that still reaches PostgreSQL maps to 400 or 409 naming the field, never 500', async () => {
      const staff = await makeUser('agency_staff');
      const order = await openOrder(staff);
      const w = await makeWorker();
      const fail = async (sql: string, bind: unknown[] = []) => {
        try {
          await sequelize().query(sql, { bind });
        } catch (err) {
          return toAppError(err);
        }
        throw new Error('no error');
      };
      const window = await fail(
        "UPDATE job_orders SET recruit_from = '2026-12-10', recruit_to = '2026-12-01' WHERE id = $1",
        [order.id],
      );
      expect(window).to.be.instanceOf(ValidationError);
      expect(window.details).to.deep.equal([
        { path: 'recruitTo', message: 'Ngày kết thúc tuyển không được trước ngày bắt đầu tuyển', type: 'db.23514' },
      ]);
      const phone = await fail("UPDATE workers SET phone = '12345' WHERE id = $1", [w.id]);
      expect((phone.details as { path: string }[])[0].path).to.equal('phone');
      const cccd = await fail(
        'INSERT INTO workers (full_name, full_name_folded, date_of_birth, sex, cccd) VALUES ($1, $2, $3, $4, $5)',
        ['A B', 'a b', '1990-01-01', 'male', w.cccd],
      );
      expect(cccd).to.be.instanceOf(ConflictError);
      expect(cccd.details).to.deep.include({ field: 'cccd' });
      const fk = await fail("UPDATE job_orders SET destination_country = 'ZZ' WHERE id = $1", [order.id]);
      expect(fk.status).to.equal(400);
      expect((fk.details as { path: string }[])[0].path).to.equal('destinationCountry');
      const tooLong = await fail("UPDATE job_orders SET salary_currency = 'ABCD' WHERE id = $1", [order.id]);
      expect(tooLong.status).to.equal(400);
      for (const e of [window, phone, cccd, fk, tooLong])
        expect(JSON.stringify(e.details ?? '')).not.to.match(/SELECT|UPDATE|INSERT|12345|\d{12}/);
    });
  });

  it('ten concurrent "passed" results on one enrolment issue one orientation certificate; the others get 409', async () => {
    const staff = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const course = (
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'orientation',
          name: 'GDĐH tháng 11',
          provider: 'Trung tâm',
          market: 'JP',
          jobCategory: 'general',
          startsOn: '2026-11-01',
          endsOn: '2026-11-25',
        })
        .expect(201)
    ).body.data;
    const enrolled = (
      await request(testApp())
        .post(`/api/v1/courses/${course.id}/enrolments`)
        .set(staff.auth)
        .send({ workerId: w.id })
        .expect(201)
    ).body.data;
    const e = enrolled.enrolments[0].id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(testApp())
          .post(`/api/v1/enrolments/${e}/result`)
          .set(staff.auth)
          .send({ result: 'passed', certificateNumber: `GDĐH-${i}`, certificateDate: '2026-11-26' }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).to.deep.equal([200, ...Array(9).fill(409)]);
    expect(await rows("SELECT count(*)::int AS n FROM papers WHERE kind = 'orientation_certificate'")).to.deep.equal([
      { n: 1 },
    ]);
  });
});
