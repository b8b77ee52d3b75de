import { QueryTypes } from 'sequelize';
import { Op } from 'sequelize';
import { select } from '../../db/sql';
import { inTransaction, sequelize } from '../../db/sequelize';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { today } from '../../shared/clock';
import { decimal, floor } from '../../shared/money';
import { policiesAt } from '../policies';
import { Worker } from '../workers';
import { Case, caseJobCategory } from '../cases';
import { issueOrientationCertificate } from '../papers';
import { issueDocument } from '../documents';
import { Course, Enrolment } from './training.model';
import type { CourseInput } from './training.schemas';

defineScope('course', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'agency_staff' && actor.agencyId) return { agencyId: actor.agencyId };
  return 'none';
});

const plain = <T extends { get: (o: { plain: true }) => unknown }>(m: T) =>
  m.get({ plain: true }) as Record<string, unknown>;

export async function listCourses(actor: Actor, q?: string) {
  // a course by its name or its provider, anywhere in them (% and _ typed are literal)
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return (
    await Course.findAll({
      where: scoped(
        actor,
        'course',
        like ? { [Op.or]: [{ name: { [Op.iLike]: like } }, { provider: { [Op.iLike]: like } }] } : {},
      ),
      order: [
        ['startsOn', 'DESC'],
        ['id', 'DESC'],
      ],
    })
  ).map(plain);
}

export async function createCourse(actor: Actor, input: CourseInput) {
  if (input.endsOn < input.startsOn)
    throw new ValidationError([{ path: 'endsOn', message: 'Ngày kết thúc phải sau ngày bắt đầu' }]);
  // Orientation lasts the policy's number of periods unless given (74, Circular 21 Annex XII, unconfirmed).
  const periods =
    input.periods ??
    (input.kind === 'orientation'
      ? Number(floor(decimal((await policiesAt(input.startsOn)).require('orientation.periods').value)))
      : undefined);
  if (!periods) throw new ValidationError([{ path: 'periods', message: 'Cần số tiết của khóa học' }]);
  const c = await inTransaction(async (transaction) => {
    const course = await Course.create(
      {
        ...input,
        market: input.market ?? null,
        jobCategory: input.jobCategory ?? null,
        periods,
        agencyId: actor.agencyId!,
      },
      { transaction },
    );
    await recordAudit(
      { actor, action: 'course.created', entity: 'course', entityId: course.id, after: plain(course) },
      transaction,
    );
    return course;
  });
  return getCourse(actor, c.id);
}

async function findCourse(actor: Actor, id: number) {
  const c = await Course.findOne({ where: scoped(actor, 'course', { id }) });
  if (!c) throw new NotFoundError('Không tìm thấy khóa học');
  return c;
}

/** The course with its class: each enrolment's days present and absent (exact days drive per-day support grants). */
export async function getCourse(actor: Actor, id: number) {
  const course = await findCourse(actor, id);
  const enrolments = await sequelize().query<Record<string, unknown>>(
    `SELECT e.id::int, e.worker_id::int AS "workerId", e.case_id::int AS "caseId", w.full_name AS "workerName", e.result,
            e.certificate_number AS "certificateNumber", e.certificate_date AS "certificateDate",
            count(a.day) FILTER (WHERE a.present)::int AS "daysPresent", count(a.day) FILTER (WHERE NOT a.present)::int AS "daysAbsent"
     FROM enrolments e JOIN worker_directory w ON w.id = e.worker_id LEFT JOIN attendance a ON a.enrolment_id = e.id
     WHERE e.course_id = $1 GROUP BY e.id, w.full_name, w.full_name_folded ORDER BY w.full_name_folded, e.id`,
    { bind: [id], type: QueryTypes.SELECT },
  );
  const days = await sequelize().query<{ day: string; present: number; absent: number }>(
    `SELECT a.day, count(*) FILTER (WHERE a.present)::int AS present, count(*) FILTER (WHERE NOT a.present)::int AS absent
     FROM attendance a JOIN enrolments e ON e.id = a.enrolment_id WHERE e.course_id = $1 GROUP BY a.day ORDER BY a.day`,
    { bind: [id], type: QueryTypes.SELECT },
  );
  return { ...(course.get({ plain: true }) as Course['_attributes'] & { id: number }), enrolments, days };
}

export async function enrol(actor: Actor, courseId: number, input: { workerId: number; caseId?: number | null }) {
  await findCourse(actor, courseId);
  const worker = await Worker.findOne({ where: scoped(actor, 'worker', { id: input.workerId }), attributes: ['id'] });
  if (!worker)
    throw new ValidationError([{ path: 'workerId', message: 'Người lao động chưa liên kết với doanh nghiệp' }]);
  if (input.caseId) {
    const c = await Case.findOne({
      where: scoped(actor, 'case', { id: input.caseId }),
      attributes: ['id', 'workerId'],
    });
    if (!c || c.workerId !== input.workerId)
      throw new ValidationError([{ path: 'caseId', message: 'Hồ sơ không thuộc người lao động này' }]);
  }
  const existing = await Enrolment.findOne({ where: { courseId, workerId: input.workerId } });
  if (existing) throw new ConflictError('Người lao động đã ghi danh khóa học này');
  await inTransaction(async (transaction) => {
    const e = await Enrolment.create(
      {
        courseId,
        workerId: input.workerId,
        caseId: input.caseId ?? null,
        certificateNumber: null,
        certificateDate: null,
      },
      { transaction },
    );
    await recordAudit(
      {
        actor,
        action: 'course.enrolled',
        entity: 'course',
        entityId: courseId,
        after: { enrolmentId: e.id, ...input },
      },
      transaction,
    );
  });
  return getCourse(actor, courseId);
}

/** Marks one day for the whole class at once: everyone present except the listed enrolments. */
export async function markAttendance(
  actor: Actor,
  courseId: number,
  input: { day: string; absentEnrolmentIds: number[] },
) {
  const course = await findCourse(actor, courseId);
  if (input.day < course.startsOn || input.day > course.endsOn) {
    throw new ValidationError([{ path: 'day', message: 'Ngày học phải nằm trong thời gian của khóa học' }]);
  }
  await inTransaction(async (transaction) => {
    const [rows] = await sequelize().query(
      `INSERT INTO attendance (enrolment_id, day, present, recorded_by_user_id)
       SELECT e.id, $2::date, NOT (e.id = ANY($3::bigint[])), $4 FROM enrolments e WHERE e.course_id = $1 AND e.result = 'enrolled'
       ON CONFLICT (enrolment_id, day) DO UPDATE SET present = EXCLUDED.present, recorded_by_user_id = EXCLUDED.recorded_by_user_id, updated_at = now()
       RETURNING enrolment_id`,
      { bind: [courseId, input.day, input.absentEnrolmentIds, actor.userId], transaction },
    );
    await recordAudit(
      {
        actor,
        action: 'course.attendance_marked',
        entity: 'course',
        entityId: courseId,
        after: { day: input.day, absent: input.absentEnrolmentIds, marked: (rows as unknown[]).length },
      },
      transaction,
    );
  });
  return getCourse(actor, courseId);
}

/**
 * Records a result. Passing an orientation course issues the worker's orientation certificate paper, valid for the
 * policy's months (24, R19) and issued for this sender, job and market.
 */
export async function recordResult(
  actor: Actor,
  enrolmentId: number,
  input: { result: 'passed' | 'failed' | 'dropped'; certificateNumber?: string; certificateDate?: string },
) {
  const found = await Enrolment.findByPk(enrolmentId, { attributes: ['id', 'courseId'] });
  if (!found) throw new NotFoundError('Không tìm thấy ghi danh');
  const course = await findCourse(actor, found.courseId);
  await inTransaction(async (transaction) => {
    // NOTE: the check and the insert under the enrolment's row lock: concurrent results wait, then see it recorded
    // (a unique index on papers.enrolment_id backs it).
    const e = await Enrolment.findByPk(enrolmentId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!e || e.result !== 'enrolled')
      throw new ConflictError('Kết quả đã được ghi nhận', { reason: 'ALREADY_RECORDED' });
    let certificateNumber = input.certificateNumber ?? null;
    let certificateDate = input.certificateDate ?? null;
    if (input.result === 'passed' && !certificateNumber) {
      if (course.kind !== 'orientation')
        throw new ValidationError([
          { path: 'certificateNumber', message: '«Số chứng chỉ» là bắt buộc khi học viên đạt' },
        ]);
      // Mẫu 06: the certificate is issued here, in this transaction; its number (gapless, the documents' numbering)
      // is the certificate's number on the enrolment and on the worker's paper
      const doc = await issueDocument(actor, 'orientation_certificate', String(e.id), {
        hint: { passingOn: certificateDate ?? today() },
      });
      certificateNumber = doc.numberText.replace(/^Số: /, '');
      certificateDate = certificateDate ?? doc.issuedOn;
    }
    await e.update({ result: input.result, certificateNumber, certificateDate }, { transaction });
    if (course.kind === 'orientation' && input.result === 'passed') {
      // the job of the certificate: the course's, or else the job order's of the enrolled case
      const jobCategory = course.jobCategory ?? (e.caseId ? await caseJobCategory(Number(e.caseId)) : null);
      await issueOrientationCertificate(actor, {
        workerId: Number(e.workerId),
        enrolmentId: Number(e.id),
        number: certificateNumber!,
        issuingBody: course.provider,
        issuedOn: certificateDate!,
        senderAgencyId: Number(course.agencyId),
        jobCategory,
        market: course.market,
      });
    }
    await recordAudit(
      {
        actor,
        action: 'course.result_recorded',
        entity: 'course',
        entityId: course.id,
        after: { enrolmentId, ...input },
      },
      transaction,
    );
  });
  return getCourse(actor, course.id);
}

/** A worker's courses within the actor's course scope (the worker page's panel): newest first. */
export async function workerEnrolments(actor: Actor, workerId: number) {
  const courses = await Course.findAll({ where: scoped(actor, 'course'), attributes: ['id'], raw: true });
  if (!courses.length) return [];
  return select<{
    enrolmentId: number;
    courseId: number;
    name: string;
    kind: string;
    startsOn: string;
    endsOn: string;
    result: string;
    certificateNumber: string | null;
  }>(
    `SELECT e.id::int AS "enrolmentId", c.id::int AS "courseId", c.name, c.kind, c.starts_on AS "startsOn",
            c.ends_on AS "endsOn", e.result, e.certificate_number AS "certificateNumber"
     FROM enrolments e JOIN courses c ON c.id = e.course_id
     WHERE e.worker_id = $1 AND c.id = ANY($2::bigint[]) ORDER BY c.starts_on DESC, e.id DESC LIMIT 50`,
    [workerId, courses.map((c) => c.id)],
  );
}

/** A passed enrolment's facts for its certificate document (null outside the actor's course scope). */
export async function certificateFacts(input: { actor: Actor; enrolmentId: number }) {
  const e = await Enrolment.findByPk(input.enrolmentId);
  if (!e) return null;
  const course = await Course.findOne({ where: scoped(input.actor, 'course', { id: e.courseId }) });
  if (!course) return null;
  const [w] = await select<{ full_name: string; date_of_birth: string; cccd: string }>(
    'SELECT full_name, date_of_birth, cccd FROM worker_directory WHERE id = $1',
    [e.workerId],
  );
  return {
    agencyId: Number(course.agencyId),
    workerId: Number(e.workerId),
    workerName: w.full_name,
    dateOfBirth: w.date_of_birth,
    cccd: w.cccd,
    courseName: course.name,
    provider: course.provider,
    kind: course.kind,
    periods: Number(course.periods),
    startsOn: course.startsOn,
    endsOn: course.endsOn,
    market: course.market ?? null,
    jobCategory: course.jobCategory ?? (e.caseId ? await caseJobCategory(Number(e.caseId)) : null),
    result: e.result,
    certificateNumber: e.certificateNumber,
    certificateDate: e.certificateDate,
  };
}
