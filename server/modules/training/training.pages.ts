import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  flashNext,
  formValues,
  pageContext,
  refusalMessage,
  checkForm,
  pageFilters,
  fieldErrors,
} from '../../shared/pages';
import { today } from '../../shared/clock';
import { parseViDate } from '../../shared/dates';
import { listCountries } from '../reference';
import { listWorkers } from '../workers';
import { registerFacts, registerPanel } from '../../shared/registry';
import { roleHas } from '../../shared/auth/permissions';
import * as s from './training.schemas';
import * as service from './training.service';

export const trainingPages = express.Router();
const KIND_LABELS: Record<string, string> = {
  orientation: 'Giáo dục định hướng',
  language: 'Ngoại ngữ',
  vocational: 'Kỹ năng nghề',
};
const RESULT_LABELS: Record<string, string> = {
  enrolled: 'Đang học',
  passed: 'Đạt',
  failed: 'Không đạt',
  dropped: 'Bỏ học',
};

/** Runs a page action; a refused one comes back to the page with its reason. */
async function attempt(req: Request, res: Response, back: string, fn: () => Promise<unknown>, done = 'Đã lưu.') {
  try {
    await fn();
    flashNext(res, done);
    res.redirect(303, back);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, back);
  }
}

/** The courses list, and the form to open one (shown again with what was typed and its errors when refused). */
async function renderCourses(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) {
  const { query, notice } = pageFilters(s.listCoursesQuery, req.query);
  const q = query.q ?? '';
  const courses = (await service.listCourses(actorOf(req), q || undefined)).map((c) => ({
    ...c,
    kindLabel: KIND_LABELS[c.kind as string],
  }));
  const countries = (await listCountries()).map((c) => ({ ...c, selected: c.code === values.market }));
  res.status(status).render(
    'training/list',
    pageContext(req, 'Đào tạo', {
      ...(notice ? { flash: notice } : {}),
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa mở được khóa học: xem các mục được đánh dấu bên dưới.' } }
        : {}),
      courses,
      q,
      countries,
      kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label, selected: value === values.kind })),
      values: { startsOn: today(), endsOn: today(), ...values },
      errors,
      // the summary links each error to its field (the form's ids are course-…)
      summary: Object.fromEntries(
        Object.entries(errors).map(([k, m]) => [
          `course-${k === 'startsOn' ? 'starts' : k === 'endsOn' ? 'ends' : k}`,
          m,
        ]),
      ),
      canWrite: req.actor?.role === 'agency_staff',
    }),
  );
}

trainingPages.get('/training', requirePermission('training:read'), (req, res) => renderCourses(req, res));

trainingPages.post('/training', requirePermission('training:write'), async (req, res) => {
  const typed = formValues(req.body);
  try {
    await service.createCourse(actorOf(req), checkForm(s.createCourseBody, req.body));
    flashNext(res, 'Đã mở khóa học.');
    res.redirect(303, '/training');
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderCourses(req, res, 400, typed, fieldErrors(err));
  }
});

trainingPages.get('/training/:id', requirePermission('training:read'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  const course = await service.getCourse(actorOf(req), id);
  const workers =
    req.actor?.role === 'agency_staff' ? (await listWorkers(actorOf(req), { page: 1, pageSize: 100 })).data : [];
  res.render(
    'training/detail',
    pageContext(req, course.name, {
      course: {
        ...course,
        kindLabel: KIND_LABELS[course.kind],
        enrolments: course.enrolments.map((e) => ({
          ...e,
          resultLabel: RESULT_LABELS[e.result as string] ?? e.result,
        })),
      },
      workers,
      canWrite: req.actor?.role === 'agency_staff',
      day: today() >= course.startsOn && today() <= course.endsOn ? today() : course.startsOn,
      dayMax: today() < course.endsOn ? today() : course.endsOn,
    }),
  );
});

trainingPages.post('/training/:id/enrolments', requirePermission('training:write'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  await attempt(req, res, `/training/${id}`, () =>
    service.enrol(actorOf(req), id, check(s.enrolBody, formValues(req.body))),
  );
});

trainingPages.post('/training/:id/attendance', requirePermission('training:write'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  // the page ticks who was present; everyone else listed on the form was absent
  const list = (v: unknown) => (v === undefined ? [] : [v].flat().map(String));
  const present = new Set(list(req.body?.present));
  const absent = list(req.body?.enrolled).filter((e) => !present.has(e));
  await attempt(req, res, `/training/${id}`, () =>
    service.markAttendance(
      actorOf(req),
      id,
      check(s.attendanceBody, {
        day: typeof req.body?.day === 'string' ? (parseViDate(req.body.day) ?? req.body.day) : req.body?.day,
        absentEnrolmentIds: absent,
      }),
    ),
  );
});

trainingPages.post(
  '/training/:id/enrolments/:enrolmentId/result',
  requirePermission('training:write'),
  async (req, res) => {
    const { id } = check(s.courseIdParams, req.params);
    const { id: enrolmentId } = check(s.courseIdParams, { id: req.params.enrolmentId });
    await attempt(req, res, `/training/${id}`, () =>
      service.recordResult(actorOf(req), enrolmentId, checkForm(s.resultBody, req.body)),
    );
  },
);

// the worker page's courses (asked through the panel registry: the workers module does not import training)
registerPanel('training.worker', async (actor, workerId) => {
  if (!roleHas(actor.role, 'training:read')) return null;
  const rows = await service.workerEnrolments(actor, workerId);
  return rows.map((r) => ({
    ...r,
    kindLabel: KIND_LABELS[r.kind] ?? r.kind,
    resultLabel: RESULT_LABELS[r.result] ?? r.result,
  }));
});
registerFacts('training.certificate', (input) => service.certificateFacts(input));
