import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { actionBodyDoc } from '../../shared/openapi';
import { caseWorkflow } from './cases.workflow';
import * as s from './cases.schemas';
import * as service from './cases.service';

const { router, define } = apiRouter('/api/v1');

const VERSION = {
  type: 'integer',
  minimum: 0,
  description: 'the version read with the case (409 STALE_VERSION when it moved)',
};
const ITEMS = {
  type: 'array',
  minItems: 1,
  maxItems: 200,
  items: {
    type: 'object',
    required: ['id', 'expectedVersion'],
    properties: { id: { type: 'integer', minimum: 1 }, expectedVersion: VERSION },
    additionalProperties: false,
  },
};

define({
  method: 'get',
  path: '/cases',
  access: requirePermission('cases:read'),
  tag: 'cases',
  operationId: 'listCases',
  summary: 'Cases in my scope, sorted by next deadline (filters: state, job order, market, whose move, deadline range)',
  query: s.listCasesQuery,
  response: Joi.array().items(s.caseOut),
  handler: ({ query, req }) => service.listCases(actorOf(req), query),
});

define({
  method: 'post',
  path: '/cases',
  access: requirePermission('cases:create'),
  tag: 'cases',
  status: 201,
  operationId: 'createCase',
  summary: 'Register a linked worker on an open job order of my agency',
  body: s.createCaseBody,
  response: s.caseOut,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createCase(actorOf(req), body) }),
});

// NOTE: declared before /cases/:id so the literal path is not read as an id.
define({
  method: 'post',
  path: '/cases/bulk-transitions',
  access: requirePermission('cases:transition'),
  tag: 'cases',
  operationId: 'bulkTransitionCases',
  summary: 'Apply one action to many cases: each item in its own transaction, one result per item',
  body: s.bulkTransitionBody,
  bodyDoc: () => actionBodyDoc('CaseBulkAction', caseWorkflow.transitions, { items: ITEMS }, ['items']),
  response: Joi.object({
    action: Joi.string(),
    succeeded: Joi.number(),
    failed: Joi.number(),
    results: Joi.array().items(Joi.object()),
  }),
  handler: async ({ body, req }) => ({ data: await service.bulkTransition(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/cases/:id',
  access: requirePermission('cases:read'),
  tag: 'cases',
  operationId: 'getCase',
  summary: 'One case with the actions allowed now and the blocked ones with their failing verdicts',
  params: s.caseIdParams,
  response: s.caseOut,
  handler: async ({ params, req }) => ({ data: await service.getCase(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/cases/:id',
  access: requirePermission('cases:transition'),
  tag: 'cases',
  operationId: 'updateCaseFacts',
  summary:
    'Record the planned departure date and the residence notice (R21). BREAKING (issue 17): fundContributionPaidOn and workerDepositPaidOn are gone; the Fund contribution and the deposit are ledger entries (POST /cases/{id}/ledger)',
  params: s.caseIdParams,
  body: s.caseFactsBody,
  response: s.caseOut,
  handler: async ({ params, body, req }) => ({ data: await service.updateCaseFacts(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/cases/:id/transitions',
  access: requirePermission('cases:transition'),
  tag: 'cases',
  operationId: 'transitionCase',
  summary: 'Apply a workflow action with its input and the expected version',
  params: s.caseIdParams,
  body: s.caseTransitionBody,
  errors: [409, 422],
  bodyDoc: () =>
    actionBodyDoc('CaseAction', caseWorkflow.transitions, { expectedVersion: VERSION }, ['expectedVersion']),
  response: Joi.object({ case: s.caseOut, event: Joi.object(), allowedActions: Joi.array() }),
  handler: async ({ params, body, req }) => ({ data: await service.transitionCase(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/cases/:id/events',
  access: requirePermission('cases:read'),
  tag: 'cases',
  operationId: 'listCaseEvents',
  summary: 'The append-only timeline of a case',
  params: s.caseIdParams,
  response: Joi.array().items(Joi.object()),
  handler: async ({ params, req }) => ({ data: await service.caseEvents(actorOf(req), params.id) }),
});

define({
  method: 'put',
  path: '/cases/:id/assignee',
  access: requirePermission('cases:transition'),
  tag: 'cases',
  operationId: 'assignCase',
  summary: 'Give the case to a staff member of its agency (userId), or to nobody (null)',
  params: s.caseIdParams,
  body: s.assignBody,
  response: s.caseOut,
  handler: async ({ params, body, req }) => {
    await service.assignCases(actorOf(req), [params.id], body.userId);
    return { data: await service.getCase(actorOf(req), params.id) };
  },
});

export { router as casesApi };
