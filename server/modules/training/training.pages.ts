import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { formValues, pageContext } from '../../shared/pages';
import { today } from '../../shared/clock';
import { listCountries } from '../reference';
import { listWorkers } from '../workers';
import * as s from './training.schemas';
import * as service from './training.service';

export const trainingPages = express.Router();
const KIND_LABELS: Record<string, string> = { orientation: 'Giáo dục định hướng', language: 'Ngoại ngữ', vocational: 'Kỹ năng nghề' };

/** Runs a page action; a refused one comes back to the page with its reason. */
async function attempt(req: Request, res: Response, back: string, fn: () => Promise<unknown>) {
  try {
    await fn();
    res.redirect(303, back);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const details = Array.isArray(err.details) ? (err.details as { message: string }[]).map((d) => d.message).join('; ') : err.message;
    res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}msg=${encodeURIComponent(details)}`);
  }
}
const flash = (req: Request) => (typeof req.query.msg === 'string' ? req.query.msg.slice(0, 300) : undefined);

trainingPages.get('/training', requirePermission('training:read'), async (req, res) => {
  const courses = (await service.listCourses(actorOf(req))).map((c) => ({ ...c, kindLabel: KIND_LABELS[c.kind as string] }));
  const countries = await listCountries();
  res.render('training/list', pageContext(req, 'Đào tạo', { courses, countries, canWrite: req.actor?.role === 'agency_staff', today: today(), flash: flash(req) }));
});

trainingPages.post('/training', requirePermission('training:write'), async (req, res) => {
  await attempt(req, res, '/training', () => service.createCourse(actorOf(req), check(s.createCourseBody, formValues(req.body))));
});

trainingPages.get('/training/:id', requirePermission('training:read'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  const course = await service.getCourse(actorOf(req), id);
  const workers = req.actor?.role === 'agency_staff' ? (await listWorkers(actorOf(req), { page: 1, pageSize: 100 })).data : [];
  res.render('training/detail', pageContext(req, course.name, {
    course: { ...course, kindLabel: KIND_LABELS[course.kind] }, workers, canWrite: req.actor?.role === 'agency_staff',
    day: today() >= course.startsOn && today() <= course.endsOn ? today() : course.startsOn, flash: flash(req),
  }));
});

trainingPages.post('/training/:id/enrolments', requirePermission('training:write'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  await attempt(req, res, `/training/${id}`, () => service.enrol(actorOf(req), id, check(s.enrolBody, formValues(req.body))));
});

trainingPages.post('/training/:id/attendance', requirePermission('training:write'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  const absent = req.body?.absent === undefined ? [] : [req.body.absent].flat();
  await attempt(req, res, `/training/${id}`, () => service.markAttendance(actorOf(req), id, check(s.attendanceBody, { day: req.body?.day, absentEnrolmentIds: absent })));
});

trainingPages.post('/training/:id/enrolments/:enrolmentId/result', requirePermission('training:write'), async (req, res) => {
  const { id } = check(s.courseIdParams, req.params);
  const { id: enrolmentId } = check(s.courseIdParams, { id: req.params.enrolmentId });
  await attempt(req, res, `/training/${id}`, () => service.recordResult(actorOf(req), enrolmentId, check(s.resultBody, formValues(req.body))));
});
