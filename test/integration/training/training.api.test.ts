import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

describe('training', () => {
  async function orientationClass() {
    const staff = await makeUser('agency_staff');
    const a = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'An Thị Một' });
    const b = await makeWorker({
      linkTo: staff.user.agencyId!,
      fullName: 'Bùi Văn Hai',
      sex: 'male',
      dateOfBirth: '1997-02-02',
    });
    const course = (
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'orientation',
          name: 'Giáo dục định hướng Nhật Bản K12',
          provider: 'Trung tâm đào tạo Hành Trang',
          market: 'JP',
          jobCategory: 'jp_tts_1_2',
          startsOn: '2026-11-02',
          endsOn: '2026-11-30',
        })
        .expect(201)
    ).body.data;
    for (const w of [a, b])
      await request(testApp())
        .post(`/api/v1/courses/${course.id}/enrolments`)
        .set(staff.auth)
        .send({ workerId: w.id })
        .expect(201);
    return { staff, a, b, course };
  }

  it('when an orientation course is opened without a period count, then it takes the policy value (74)', async () => {
    const { course } = await orientationClass();
    expect(course.periods).to.equal(74);
  });

  it("when a whole class is marked day by day, then each one's exact days present and absent are counted", async () => {
    const { staff, course, b } = await orientationClass();
    const enrolments = (await request(testApp()).get(`/api/v1/courses/${course.id}`).set(staff.auth)).body.data
      .enrolments;
    const eb = enrolments.find((e: { workerId: number }) => e.workerId === b.id).id;
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-04']) {
      await request(testApp())
        .post(`/api/v1/courses/${course.id}/attendance`)
        .set(staff.auth)
        .send({ day, absentEnrolmentIds: day === '2026-11-03' ? [eb] : [] })
        .expect(200);
    }
    // marking a day again corrects it rather than counting twice
    const res = await request(testApp())
      .post(`/api/v1/courses/${course.id}/attendance`)
      .set(staff.auth)
      .send({ day: '2026-11-04', absentEnrolmentIds: [eb] })
      .expect(200);
    const counts = Object.fromEntries(
      res.body.data.enrolments.map((e: { workerName: string; daysPresent: number; daysAbsent: number }) => [
        e.workerName,
        [e.daysPresent, e.daysAbsent],
      ]),
    );
    expect(counts).to.deep.equal({ 'An Thị Một': [3, 0], 'Bùi Văn Hai': [1, 2] });
    // a day outside the course, and a day of the course still to come (today is 27/11), are refused
    await request(testApp())
      .post(`/api/v1/courses/${course.id}/attendance`)
      .set(staff.auth)
      .send({ day: '2026-12-01' })
      .expect(400);
    const future = await request(testApp())
      .post(`/api/v1/courses/${course.id}/attendance`)
      .set(staff.auth)
      .send({ day: '2026-11-28' })
      .expect(400);
    expect(future.body.error.details[0]).to.include({ path: 'day', type: 'date.max' });
  });

  it('when a worker passes orientation, then their orientation certificate paper is issued for 24 months, this sender, job and market', async () => {
    setClock('2026-12-01'); // the course ended on 30/11: its certificate is dated then, not in the future
    const { staff, course, a, b } = await orientationClass();
    const enrolments = (await request(testApp()).get(`/api/v1/courses/${course.id}`).set(staff.auth)).body.data
      .enrolments;
    const ea = enrolments.find((e: { workerId: number }) => e.workerId === a.id).id;
    const eb = enrolments.find((e: { workerId: number }) => e.workerId === b.id).id;
    // (a pass with no number typed issues Mẫu 06 with the documents' next number: test/integration/documents)
    await request(testApp())
      .post(`/api/v1/enrolments/${ea}/result`)
      .set(staff.auth)
      .send({ result: 'passed', certificateNumber: 'GDĐH-2026-001', certificateDate: '2026-11-30' })
      .expect(200);
    await request(testApp())
      .post(`/api/v1/enrolments/${eb}/result`)
      .set(staff.auth)
      .send({ result: 'failed' })
      .expect(200);
    const papers = await rows(
      'SELECT worker_id, number, issued_on, expires_on, sender_agency_id, job_category, market FROM papers',
    );
    expect(papers).to.deep.equal([
      {
        worker_id: String(a.id),
        number: 'GDĐH-2026-001',
        issued_on: '2026-11-30',
        expires_on: '2028-11-30',
        sender_agency_id: String(staff.user.agencyId),
        job_category: 'jp_tts_1_2',
        market: 'JP',
      },
    ]);
    await request(testApp())
      .post(`/api/v1/enrolments/${ea}/result`)
      .set(staff.auth)
      .send({ result: 'failed' })
      .expect(409);
  });

  it('when another agency asks for the course, then 404', async () => {
    const { course } = await orientationClass();
    const other = await makeUser('agency_staff');
    await request(testApp()).get(`/api/v1/courses/${course.id}`).set(other.auth).expect(404);
  });
});
