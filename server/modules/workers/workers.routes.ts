import Joi from '../../shared/joi';
import { rateLimit } from 'express-rate-limit';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { RateLimitedError } from '../../shared/errors';
import * as s from './workers.schemas';
import * as service from './workers.service';

/** Duplicate-CCCD answers (409) are rate-limited per user, so the registry cannot be probed for who exists. */
export function duplicateProbeLimit() {
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: 20,
    keyGenerator: (req) => `user:${req.actor?.userId ?? 'anonymous'}`,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 409,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new RateLimitedError('Quá nhiều lần đăng ký trùng số CCCD. Vui lòng thử lại sau.')),
  });
}

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/workers',
  access: requirePermission('workers:read'),
  tag: 'workers',
  operationId: 'listWorkers',
  summary: 'Search workers in my scope (accent-insensitive name prefix, exact CCCD or phone)',
  query: s.listWorkersQuery,
  response: Joi.array().items(s.workerListItem),
  handler: ({ query, req }) => service.listWorkers(actorOf(req), query),
});

define({
  method: 'post',
  path: '/workers',
  access: requirePermission('workers:create'),
  tag: 'workers',
  status: 201,
  before: [duplicateProbeLimit()],
  operationId: 'createWorker',
  summary: 'Register a worker (one person per CCCD) and link them to my agency with their consent',
  body: s.createWorkerBody,
  response: s.workerOut,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createWorker(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/workers/:id',
  access: requirePermission('workers:read'),
  tag: 'workers',
  operationId: 'getWorker',
  summary: 'One worker (the read is written to the access log)',
  params: s.workerIdParams,
  response: s.workerOut,
  handler: async ({ params, req }) => ({ data: await service.getWorker(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/workers/:id',
  access: requirePermission('workers:update'),
  tag: 'workers',
  operationId: 'updateWorker',
  summary: 'Change a worker; identity corrections only by admin or the creating agency while alone',
  params: s.workerIdParams,
  body: s.updateWorkerBody,
  response: s.workerOut,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.updateWorker(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/workers/:id/links',
  access: requirePermission('workers:link'),
  tag: 'workers',
  status: 201,
  operationId: 'linkWorker',
  summary: 'Link an already registered worker to my agency, recording their consent',
  params: s.workerIdParams,
  body: s.linkBody,
  response: s.workerOut,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.linkWorker(actorOf(req), params.id, body) }),
});

export { router as workersApi };
