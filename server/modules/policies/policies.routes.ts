import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import { RULES } from '../../shared/rules';
import * as s from './policies.schemas';
import * as service from './policies.service';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/policies',
  access: requirePermission('policies:read'),
  tag: 'law',
  operationId: 'listPolicies',
  summary: 'Policy values (caps, rates, deadlines) with citations and effective dates',
  query: s.listPoliciesQuery,
  response: Joi.array().items(s.policyOut),
  handler: async ({ query }) => ({ data: await service.listPolicies(query) }),
});

define({
  method: 'post',
  path: '/policies',
  access: requirePermission('policies:manage'),
  tag: 'law',
  status: 201,
  operationId: 'addPolicyVersion',
  summary: 'Add a version of a policy value (the previous one ends the day before)',
  body: s.newVersionBody,
  response: s.policyOut,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.addVersion(actorOf(req), body) }),
});

// The rules and their citations are public knowledge: documents and the public pages cite them.
define({
  method: 'get',
  path: '/rules',
  access: publicRoute(),
  tag: 'law',
  operationId: 'listRules',
  summary: 'Every rule the system enforces, with its legal citation',
  response: Joi.array().items(
    Joi.object({ id: Joi.string(), short: Joi.string(), title: Joi.string(), citation: Joi.string() }),
  ),
  handler: async () => ({ data: RULES }),
});

export { router as policiesApi };
