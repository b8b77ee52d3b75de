import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import * as s from './training.schemas';
import * as service from './training.service';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/courses',
  access: requirePermission('training:read'),
  tag: 'training',
  operationId: 'listCourses',
  summary: 'Courses of my agency (orientation, language, vocational)',
  response: Joi.array().items(Joi.object()),
  handler: async ({ req }) => ({ data: await service.listCourses(actorOf(req)) }),
});
define({
  method: 'post',
  path: '/courses',
  access: requirePermission('training:write'),
  tag: 'training',
  status: 201,
  operationId: 'createCourse',
  summary: 'Create a course (orientation defaults to the policy number of periods)',
  body: s.createCourseBody,
  response: Joi.object(),
  handler: async ({ body, req }) => ({ data: await service.createCourse(actorOf(req), body) }),
});
define({
  method: 'get',
  path: '/courses/:id',
  access: requirePermission('training:read'),
  tag: 'training',
  operationId: 'getCourse',
  summary: 'A course with its class and the days each one attended',
  params: s.courseIdParams,
  response: Joi.object(),
  handler: async ({ params, req }) => ({ data: await service.getCourse(actorOf(req), params.id) }),
});
define({
  method: 'post',
  path: '/courses/:id/enrolments',
  access: requirePermission('training:write'),
  tag: 'training',
  status: 201,
  operationId: 'enrolWorker',
  summary: 'Enrol a worker (and optionally their case)',
  params: s.courseIdParams,
  body: s.enrolBody,
  response: Joi.object(),
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.enrol(actorOf(req), params.id, body) }),
});
define({
  method: 'post',
  path: '/courses/:id/attendance',
  access: requirePermission('training:write'),
  tag: 'training',
  operationId: 'markAttendance',
  summary: 'Mark one day for the whole class: present unless listed absent',
  params: s.courseIdParams,
  body: s.attendanceBody,
  response: Joi.object(),
  handler: async ({ params, body, req }) => ({ data: await service.markAttendance(actorOf(req), params.id, body) }),
});
define({
  method: 'post',
  path: '/enrolments/:id/result',
  access: requirePermission('training:write'),
  tag: 'training',
  operationId: 'recordEnrolmentResult',
  summary: 'Record a result; passing orientation issues the certificate paper (24 months, R19)',
  params: s.courseIdParams,
  body: s.resultBody,
  response: Joi.object(),
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.recordResult(actorOf(req), params.id, body) }),
});

export { router as trainingApi };
