import Joi from '../../shared/joi';
import { rateLimit } from 'express-rate-limit';
import { config } from '../../config';
import { apiRouter } from '../../shared/api';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import { RateLimitedError } from '../../shared/errors';
import { clearSessionCookie } from '../../shared/auth/session-cookie';
import * as s from './auth.schemas';
import * as service from './auth.service';

/** Overall login rate limit per client address (the per-username lockout lives in PostgreSQL). */
export function loginRateLimit() {
  return rateLimit({
    windowMs: 60_000,
    limit: config().auth.loginRateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new RateLimitedError()),
  });
}

const { router, define } = apiRouter('/api/v1');

define({
  method: 'post',
  path: '/auth/login',
  access: publicRoute(),
  tag: 'auth',
  before: [loginRateLimit()],
  operationId: 'login',
  summary: 'Sign in with username and password; answers a bearer token (≤ 1 hour)',
  body: s.loginBody,
  errors: [401],
  response: Joi.object({ token: Joi.string(), user: s.actorOut }),
  handler: async ({ body, req }) => ({ data: await service.login(body.username, body.password, req.ip ?? 'unknown') }),
});

define({
  method: 'post',
  path: '/auth/logout',
  access: requirePermission('session:self'),
  tag: 'auth',
  operationId: 'logout',
  summary: 'Sign out: revokes every token issued to this user so far',
  handler: async ({ req, res }) => {
    await service.logout(actorOf(req));
    clearSessionCookie(res);
  },
});

define({
  method: 'post',
  path: '/auth/password',
  access: requirePermission('session:self'),
  tag: 'auth',
  operationId: 'changePassword',
  summary: 'Change my password: revokes earlier tokens and answers a new one',
  body: s.changePasswordBody,
  response: Joi.object({ token: Joi.string() }),
  handler: async ({ body, req }) => ({
    data: await service.changePassword(actorOf(req), body.currentPassword, body.newPassword),
  }),
});

define({
  method: 'get',
  path: '/me',
  access: requirePermission('session:self'),
  tag: 'auth',
  operationId: 'getMe',
  summary: 'Who I am: role and scope',
  response: s.actorOut,
  handler: async ({ req }) => ({ data: actorOf(req) }),
});

export { router as authApi };
