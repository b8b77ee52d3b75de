import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { isoDate } from '../../shared/schemas';
import { actionBodyDoc } from '../../shared/openapi';
import { jobOrderWorkflow } from './job-orders.workflow';
import * as s from './job-orders.schemas';
import * as service from './job-orders.service';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/job-orders',
  access: requirePermission('job-orders:read'),
  tag: 'job-orders',
  operationId: 'listJobOrders',
  summary: 'Job orders of my agency (filters: state, destination, job category)',
  query: s.listJobOrdersQuery,
  response: Joi.array().items(s.jobOrderOut),
  handler: ({ query, req }) => service.listJobOrders(actorOf(req), query),
});

define({
  method: 'post',
  path: '/job-orders',
  access: requirePermission('job-orders:write'),
  tag: 'job-orders',
  status: 201,
  operationId: 'createJobOrder',
  summary: 'Create a draft job order (head office)',
  body: s.createJobOrderBody,
  response: s.jobOrderOut,
  handler: async ({ body, req }) => ({ data: await service.createJobOrder(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/job-orders/:id',
  access: requirePermission('job-orders:read'),
  tag: 'job-orders',
  operationId: 'getJobOrder',
  summary: 'One job order with the actions allowed now',
  params: s.jobOrderIdParams,
  response: s.jobOrderOut,
  handler: async ({ params, req }) => ({ data: await service.getJobOrder(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/job-orders/:id',
  access: requirePermission('job-orders:write'),
  tag: 'job-orders',
  operationId: 'updateJobOrder',
  summary: 'Change a draft job order (failing verdicts are allowed in a draft)',
  params: s.jobOrderIdParams,
  body: s.updateJobOrderBody,
  response: s.jobOrderOut,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.updateJobOrder(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/job-orders/:id/verdicts',
  access: requirePermission('job-orders:read'),
  tag: 'job-orders',
  operationId: 'getJobOrderVerdicts',
  summary: 'Every rule verdict on the order at a date (default today), with citations and arithmetic',
  params: s.jobOrderIdParams,
  query: Joi.object({ at: isoDate() }),
  response: Joi.object({ date: Joi.string(), ok: Joi.boolean(), verdicts: Joi.array().items(s.verdictOut) }),
  handler: async ({ params, query, req }) => ({
    data: await service.jobOrderVerdicts(actorOf(req), params.id, (query as { at?: string }).at),
  }),
});

define({
  method: 'post',
  path: '/job-orders/:id/transitions',
  access: requirePermission('job-orders:transition'),
  tag: 'job-orders',
  operationId: 'transitionJobOrder',
  summary: 'Apply a workflow action (open, close, reopen) with the expected version',
  params: s.jobOrderIdParams,
  body: s.transitionBody,
  errors: [409, 422],
  bodyDoc: () =>
    actionBodyDoc(
      'JobOrderAction',
      jobOrderWorkflow.transitions,
      { expectedVersion: { type: 'integer', minimum: 0 } },
      ['expectedVersion'],
    ),
  response: Joi.object({ jobOrder: s.jobOrderOut, event: Joi.object(), allowedActions: Joi.array() }),
  handler: async ({ params, body, req }) => ({ data: await service.transitionJobOrder(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/job-orders/:id/events',
  access: requirePermission('job-orders:read'),
  tag: 'job-orders',
  operationId: 'listJobOrderEvents',
  summary: 'The append-only history of a job order',
  params: s.jobOrderIdParams,
  response: Joi.array().items(Joi.object()),
  handler: async ({ params, req }) => ({ data: await service.jobOrderEvents(actorOf(req), params.id) }),
});

export { router as jobOrdersApi };
