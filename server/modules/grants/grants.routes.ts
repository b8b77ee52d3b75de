import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { actionBodyDoc } from '../../shared/openapi';
import { grantWorkflow } from './grants.workflow';
import * as s from './grants.schemas';
import * as service from './grants.service';
import * as decisions from './grants.decisions';
import { today } from '../../shared/clock';

const { router, define } = apiRouter('/api/v1');
const VERSION = { type: 'integer', minimum: 0, description: 'the version read with the application' };

define({
  method: 'get',
  path: '/grants/eligibility',
  access: requirePermission('grants:read'),
  tag: 'grants',
  operationId: 'grantEligibility',
  summary:
    'For a case: each criterion of both programmes with pass or fail, its evidence and rule, and the group chosen',
  query: s.caseQuery,
  response: Joi.object().unknown(true),
  handler: async ({ query, req }) => ({ data: await service.eligibilityFor(actorOf(req), query.caseId) }),
});

define({
  method: 'get',
  path: '/grants',
  access: requirePermission('grants:read'),
  tag: 'grants',
  operationId: 'listGrantApplications',
  summary:
    'Applications in my scope, earliest processing deadline first (the province queue, the commune, the agency, the worker)',
  query: s.queueQuery,
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: ({ query, req }) => service.listApplications(actorOf(req), query),
});

define({
  method: 'post',
  path: '/grants',
  access: requirePermission('grants:apply'),
  tag: 'grants',
  status: 201,
  operationId: 'applyForGrant',
  summary:
    'Apply (and submit) for a case with the items claimed; the programme, when not named, is the most favourable',
  body: s.applyBody,
  response: Joi.object().unknown(true),
  errors: [409, 422],
  handler: async ({ body, req }) => ({ data: await service.apply(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/grants/:id',
  access: requirePermission('grants:read'),
  tag: 'grants',
  operationId: 'getGrantApplication',
  summary:
    'One application: the eligibility explanation, the claims with their computed amounts, the deadline, the timeline',
  params: s.idParams,
  response: Joi.object().unknown(true),
  handler: async ({ params, req }) => ({ data: await service.getApplication(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/grants/:id/transitions',
  access: requirePermission('grants:read'),
  tag: 'grants',
  operationId: 'transitionGrantApplication',
  summary:
    'Certify (commune), return, resubmit, approve or reject (province): the action with its input and the expected version',
  params: s.idParams,
  body: s.transitionBody,
  errors: [409, 422],
  bodyDoc: () =>
    actionBodyDoc('GrantAction', grantWorkflow.transitions, { expectedVersion: VERSION }, ['expectedVersion']),
  response: Joi.object().unknown(true),
  handler: async ({ params, body, req }) => ({
    data: await service.transitionApplication(actorOf(req), params.id, body),
  }),
});

define({
  method: 'get',
  path: '/grant-budgets',
  access: requirePermission('grants:budget'),
  tag: 'grants',
  operationId: 'listGrantBudgets',
  summary: "My province's budgets per fiscal year, programme and source: allocated, committed, paid, available",
  query: Joi.object({ provinceCode: Joi.string().pattern(/^\d{2}$/, 'mã tỉnh') }),
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ query, req }) => ({
    data: await service.listBudgets(actorOf(req), (query as { provinceCode?: string }).provinceCode),
  }),
});

define({
  method: 'put',
  path: '/grant-budgets',
  access: requirePermission('grants:budget'),
  tag: 'grants',
  operationId: 'setGrantBudget',
  summary: 'Set the allocation of a budget (never below what is committed and paid)',
  body: s.budgetBody,
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ body, req }) => ({ data: await service.setBudget(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/grant-areas',
  access: requirePermission('grants:read'),
  tag: 'grants',
  operationId: 'listGrantAreas',
  summary:
    "The province's eligible areas (MTQG): poor districts and especially difficult coastal communes, old boundaries",
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ req }) => ({ data: await service.listAreas(actorOf(req)) }),
});

define({
  method: 'post',
  path: '/grant-areas',
  access: requirePermission('grants:areas'),
  tag: 'grants',
  status: 201,
  operationId: 'addGrantArea',
  summary: "Add a commune of today, or an old district, to my province's eligible areas",
  body: s.areaBody,
  response: Joi.array().items(Joi.object().unknown(true)),
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.addArea(actorOf(req), body) }),
});

// ---- decisions, payments, the budget picture (issue 19)
define({
  method: 'post',
  path: '/grant-decisions',
  access: requirePermission('grants:decide'),
  tag: 'grants',
  status: 202,
  operationId: 'startGrantDecision',
  summary:
    'Approve certified applications (1–500, one programme) into one decision: a durable job judges each, then commits all or none (budget, transitions, number)',
  body: s.decisionBody,
  response: Joi.object().unknown(true),
  errors: [404],
  handler: async ({ body, req }) => ({ data: await decisions.startDecision(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/grant-decisions',
  access: requirePermission('grants:decide'),
  tag: 'grants',
  operationId: 'listGrantDecisions',
  summary: "The province's decisions, newest first",
  query: s.decisionsQuery,
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: ({ query, req }) => decisions.listDecisions(actorOf(req), query),
});

define({
  method: 'get',
  path: '/grant-decisions/:id',
  access: requirePermission('grants:decide'),
  tag: 'grants',
  operationId: 'getGrantDecision',
  summary:
    'One decision: its progress (checked of total), its refusal (problems, shortfall, what fits) or its number, lines and payments',
  params: s.idParams,
  response: Joi.object().unknown(true),
  handler: async ({ params, req }) => ({ data: await decisions.getDecision(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/grant-decisions/:id/corrections',
  access: requirePermission('grants:decide'),
  tag: 'grants',
  status: 201,
  operationId: 'correctGrantDecision',
  summary:
    'Correct a decision by a new one that supersedes it: lines removed (approval annulled) or amounts changed, commitments adjusted',
  params: s.idParams,
  body: s.correctionBody,
  response: Joi.object().unknown(true),
  errors: [409, 422],
  handler: async ({ params, body, req }) => ({
    data: await decisions.correctDecision(actorOf(req), params.id, body),
  }),
});

define({
  method: 'post',
  path: '/grant-decisions/:id/payments',
  access: requirePermission('grants:pay'),
  tag: 'grants',
  operationId: 'payGrantDecision',
  summary:
    "Record the payment of a decision's approved lines (all, or those chosen): support_paid on each ledger, committed → paid",
  params: s.idParams,
  body: s.paymentBody,
  response: Joi.object().unknown(true),
  errors: [409, 422],
  handler: async ({ params, body, req }) => ({ data: await decisions.payDecision(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/grant-budgets/picture',
  access: requirePermission('grants:budget'),
  tag: 'grants',
  operationId: 'grantBudgetPicture',
  summary:
    'A fiscal year per programme and source: allocated, committed, paid, available, the share committed, and each month',
  query: s.pictureQuery,
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ query, req }) => ({
    data: await decisions.budgetPicture(
      actorOf(req),
      query.fiscalYear ?? Number(today().slice(0, 4)),
      query.provinceCode,
    ),
  }),
});

export { router as grantsApi };
