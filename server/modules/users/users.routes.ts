import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { idParams } from '../../shared/schemas';
import * as s from './users.schemas';
import * as service from './users.service';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/users',
  access: requirePermission('users:manage'),
  tag: 'users',
  operationId: 'listUsers',
  summary: 'List users (admin)',
  query: s.listUsersQuery,
  response: Joi.array().items(s.userOut),
  handler: ({ query }) => service.listUsers(query),
});

define({
  method: 'post',
  path: '/users',
  access: requirePermission('users:manage'),
  tag: 'users',
  status: 201,
  operationId: 'createUser',
  summary: 'Create a user with a role and its scope (admin)',
  body: s.createUserBody,
  response: s.userOut,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createUser(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/users/:id',
  access: requirePermission('users:manage'),
  tag: 'users',
  operationId: 'getUser',
  summary: 'One user (the read is written to the access log)',
  params: idParams,
  response: s.userOut,
  handler: async ({ params, req }) => ({ data: await service.getUser(actorOf(req), params.id) }),
});

define({
  method: 'patch',
  path: '/users/:id',
  access: requirePermission('users:manage'),
  tag: 'users',
  operationId: 'updateUser',
  summary: "Change name, role and scope, or deactivate (revokes the user's tokens)",
  params: idParams,
  body: s.updateUserBody,
  response: s.userOut,
  handler: async ({ params, body, req }) => ({ data: await service.updateUser(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/users/:id/password',
  access: requirePermission('users:manage'),
  tag: 'users',
  operationId: 'resetUserPassword',
  summary: "Set a new password for a user (revokes the user's tokens)",
  params: idParams,
  body: s.resetPasswordBody,
  handler: async ({ params, body, req }) => {
    await service.resetPassword(actorOf(req), params.id, body.password);
  },
});

export { router as usersApi };
