import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { idParams } from '../../shared/schemas';
import * as s from './agencies.schemas';
import * as service from './agencies.service';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/agencies',
  access: requirePermission('agencies:read'),
  tag: 'agencies',
  operationId: 'listAgencies',
  summary: 'Agencies in my scope (admin: all; agency staff: their own)',
  query: s.listAgenciesQuery,
  response: Joi.array().items(s.agencyOut),
  handler: ({ query, req }) => service.listAgencies(actorOf(req), query),
});

define({
  method: 'post',
  path: '/agencies',
  access: requirePermission('agencies:manage'),
  tag: 'agencies',
  status: 201,
  operationId: 'createAgency',
  summary: 'Register an agency (admin)',
  body: s.createAgencyBody,
  response: s.agencyOut,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createAgency(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/agencies/:id',
  access: requirePermission('agencies:read'),
  tag: 'agencies',
  operationId: 'getAgency',
  summary: 'One agency with its branches',
  params: idParams,
  response: s.agencyOut,
  handler: async ({ params, req }) => ({ data: await service.getAgency(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/agencies/:id',
  access: requirePermission('agencies:manage'),
  tag: 'agencies',
  operationId: 'updateAgency',
  summary: 'Change an agency (admin)',
  params: idParams,
  body: s.updateAgencyBody,
  response: s.agencyOut,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.updateAgency(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/agencies/:id/branches',
  access: requirePermission('agencies:manage'),
  tag: 'agencies',
  status: 201,
  operationId: 'addAgencyBranch',
  summary: 'Add a branch to an agency (admin)',
  params: idParams,
  body: s.branchBody,
  response: s.agencyOut,
  handler: async ({ params, body, req }) => ({ data: await service.addBranch(actorOf(req), params.id, body) }),
});

export { router as agenciesApi };
