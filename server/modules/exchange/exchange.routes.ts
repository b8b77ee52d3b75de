// The job exchange's JSON API (/api/v1): thin — validate, call the service, answer. Every route names its permission;
// the service scopes every row to the actor's centre, commune or own record.
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { actionBodyDoc } from '../../shared/openapi';
import * as s from './exchange.schemas';
import * as service from './exchange.service';
import { listWeights, updateWeights } from './exchange.settings';
import { referralWorkflow, vacancyWorkflow } from './exchange.workflow';
import { handoffApi } from './exchange.handoff-routes';

const { router, define } = apiRouter('/api/v1');
const ANY = Joi.object().unknown(true);
const VERSION = { type: 'integer', minimum: 0, description: 'the version read with the record' };

define({
  method: 'get',
  path: '/job-seekers',
  access: requirePermission('exchange:read'),
  tag: 'job exchange',
  operationId: 'listJobSeekers',
  summary: "Job seekers in my scope (my centre's registrations, my commune's residents), masked, newest first",
  query: s.listQuery,
  response: Joi.array().items(ANY),
  handler: ({ query, req }) => service.listJobSeekers(actorOf(req), query),
});

define({
  method: 'post',
  path: '/job-seekers',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 201,
  operationId: 'registerJobSeeker',
  summary:
    'Register a job seeker (Decree 352 Mẫu 01 + 01a) with the scan of the signed consent clause (E1); an unknown person is registered in the worker registry, a known one linked',
  body: s.registerJobSeekerBody,
  response: ANY,
  errors: [404, 409],
  handler: async ({ body, req }) => ({ data: await service.registerJobSeeker(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/job-seekers/:id',
  access: requirePermission('exchange:read'),
  tag: 'job exchange',
  operationId: 'getJobSeeker',
  summary: 'One profile in full (written to the access log); another centre’s registration answers 404',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => ({ data: await service.getJobSeeker(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/job-seekers/:id',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'updateJobSeeker',
  summary: 'Change the job wanted and the profile (the centre that holds it)',
  params: s.idParam,
  body: s.updateJobSeekerBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.updateJobSeeker(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/job-seekers/:id/withdraw-consent',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 204,
  operationId: 'withdrawJobSeekerConsent',
  summary: 'E1: the job seeker withdrew her consent: she leaves matching and her open referrals stop at once',
  params: s.idParam,
  body: s.withdrawConsentBody,
  errors: [409],
  handler: async ({ params, body, req }) => {
    await service.withdrawConsent(actorOf(req), params.id, body);
  },
});

define({
  method: 'get',
  path: '/job-seekers/:id/matches',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'matchJobSeeker',
  summary: 'The top 20 open vacancies for one of my job seekers, each with its hard requirements and points',
  params: s.idParam,
  response: Joi.array().items(ANY),
  handler: async ({ params, req }) => ({ data: await service.matchJobSeeker(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/employers',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'listEmployers',
  summary: "My centre's employers (Mẫu 03), by name or enterprise code",
  query: s.listQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listEmployers(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/employers',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 201,
  operationId: 'createEmployer',
  summary: 'Register an employer (Decree 352 Mẫu 03): an enterprise by its code, or an individual by personal ID',
  body: s.createEmployerBody,
  response: ANY,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createEmployer(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/employers/:id',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'getEmployer',
  summary: 'One employer of my centre, with its vacancies',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => ({ data: await service.getEmployer(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/employers/:id',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'updateEmployer',
  summary: 'Change an employer of my centre',
  params: s.idParam,
  body: s.updateEmployerBody,
  response: ANY,
  handler: async ({ params, body, req }) => ({ data: await service.updateEmployer(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/vacancies',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'listVacancies',
  summary: "Vacancies' public fields (every centre's), open first; mine=true for my centre's",
  query: s.vacancyListQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listVacancies(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/vacancies',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 201,
  operationId: 'createVacancy',
  summary: 'Register a vacancy (Decree 352 Mẫu 03a) of one of my employers; it closes at its deadline (E5)',
  body: s.createVacancyBody,
  response: ANY,
  handler: async ({ body, req }) => ({ data: await service.createVacancy(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/vacancies/:id',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'getVacancy',
  summary: 'One vacancy: public fields for every centre, contacts for its own',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => ({ data: await service.getVacancy(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/vacancies/:id/matches',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'matchVacancy',
  summary:
    "The top 20 job seekers for my vacancy: hard failures last and in words, the points of each reason, ties to certified groups; other centres' people anonymised",
  params: s.idParam,
  response: Joi.array().items(ANY),
  handler: async ({ params, req }) => ({ data: await service.matchVacancy(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/vacancies/:id/transitions',
  access: requirePermission('exchange:transition'),
  tag: 'job exchange',
  operationId: 'transitionVacancy',
  summary: 'Close my vacancy (filling is automatic when the last place is hired)',
  params: s.idParam,
  body: s.transitionBody,
  errors: [409, 422],
  bodyDoc: () =>
    actionBodyDoc('VacancyAction', vacancyWorkflow.transitions, { expectedVersion: VERSION }, ['expectedVersion']),
  response: ANY,
  handler: async ({ params, body, req }) => ({ data: await service.transitionVacancy(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/referrals',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 201,
  operationId: 'introduceJobSeeker',
  summary: 'Introduce one of my job seekers to an open vacancy (the origin: her request or the employer’s)',
  body: s.introduceBody,
  response: ANY,
  errors: [409, 422],
  handler: async ({ body, req }) => ({ data: await service.introduce(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/referrals',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'listReferrals',
  summary: 'Referrals my centre made or of my job seekers, newest first, by state',
  query: s.referralListQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listReferrals(actorOf(req), query) }),
});

define({
  method: 'get',
  path: '/referrals/:id',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'getReferral',
  summary: 'One referral with its obligations (E3 follow-up, E4 report) and allowed actions',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => ({ data: await service.getReferral(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/referrals/:id/transitions',
  access: requirePermission('exchange:transition'),
  tag: 'job exchange',
  operationId: 'transitionReferral',
  summary:
    'Interviewed, hired (Mẫu 04: a signed contract, E2), not hired, withdrawn; the follow-up (E3) and the National Job Exchange entry (E4)',
  params: s.idParam,
  body: s.transitionBody,
  errors: [409, 422],
  bodyDoc: () =>
    actionBodyDoc('ReferralAction', referralWorkflow.transitions, { expectedVersion: VERSION }, ['expectedVersion']),
  response: ANY,
  handler: async ({ params, body, req }) => ({ data: await service.transitionReferral(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/introduction-requests',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  status: 201,
  operationId: 'requestIntroduction',
  summary: 'For my vacancy, ask the centre that holds an (anonymised) job seeker to introduce her; that centre decides',
  body: s.requestIntroductionBody,
  response: ANY,
  errors: [409, 422],
  handler: async ({ body, req }) => ({ data: await service.requestIntroduction(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/introduction-requests',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'listIntroductionRequests',
  summary: 'Requests to my centre (to decide) and from it',
  response: Joi.array().items(ANY),
  handler: async ({ req }) => ({ data: await service.listRequests(actorOf(req)) }),
});

define({
  method: 'post',
  path: '/introduction-requests/:id/decision',
  access: requirePermission('exchange:write'),
  tag: 'job exchange',
  operationId: 'decideIntroductionRequest',
  summary: 'Accept (a referral is made) or decline a request for one of my job seekers',
  params: s.idParam,
  body: s.decideRequestBody,
  response: ANY,
  errors: [409, 422],
  handler: async ({ params, body, req }) => ({ data: await service.decideRequest(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/matching-weights',
  access: requirePermission('exchange:read'),
  tag: 'job exchange',
  operationId: 'listMatchingWeights',
  summary: 'The points of each matching reason ("Quy ước của Hành Trang", house settings, not law)',
  response: Joi.array().items(ANY),
  handler: async () => ({ data: await listWeights() }),
});

define({
  method: 'patch',
  path: '/matching-weights',
  access: requirePermission('exchange:settings'),
  tag: 'job exchange',
  operationId: 'updateMatchingWeights',
  summary: 'Change the points of matching reasons (admin): { key: points }',
  body: s.weightsBody,
  response: Joi.array().items(ANY),
  handler: async ({ body, req }) => ({ data: await updateWeights(actorOf(req), body) }),
});

// the overseas hand-off (Decree 352 Art 7.1.b): its own routes, under the same prefix
router.use(handoffApi);

export { router as exchangeApi };
