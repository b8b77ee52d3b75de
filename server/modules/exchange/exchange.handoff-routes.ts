// The overseas hand-off's JSON API (/api/v1; Decree 352 Art 7.1.b): a centre refers (exchange:write), the sending
// organisation reads its inbox (handoff:read) and accepts or declines (handoff:decide). Scoped in the service: another
// organisation's or centre's referral answers 404.
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { idParam } from './exchange.schemas';
import * as s from './exchange.handoff-schemas';
import * as handoff from './exchange.handoff';

const { router, define } = apiRouter('/api/v1');
const ANY = Joi.object().unknown(true);

define({
  method: 'post',
  path: '/handoffs',
  access: requirePermission('exchange:write'),
  tag: 'overseas hand-off',
  status: 201,
  operationId: 'referAbroad',
  summary:
    'Refer one of my job seekers, at her request, to an open overseas order (Decree 352 Art 7.1.b): she wants to work abroad, is 18 or older today (R1) and her consent is live (E1); the referral lands in the sending organisation’s inbox',
  body: s.referAbroadBody,
  response: ANY,
  errors: [404, 409, 422],
  handler: async ({ body, req }) => ({ data: await handoff.referAbroad(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/handoffs',
  access: requirePermission('handoff:read'),
  tag: 'overseas hand-off',
  operationId: 'listHandoffs',
  summary:
    'Overseas referrals in my scope (a sending organisation: its inbox; a centre: its referrals abroad), masked, waiting first',
  query: s.handoffListQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await handoff.listHandoffs(actorOf(req), query) }),
});

define({
  method: 'get',
  path: '/handoffs/:id',
  access: requirePermission('handoff:read'),
  tag: 'overseas hand-off',
  operationId: 'getHandoff',
  summary: 'One overseas referral with the person in full (written to the access log); outside my scope: 404',
  params: idParam,
  response: ANY,
  errors: [404],
  handler: async ({ params, req }) => ({ data: await handoff.getHandoff(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/handoffs/:id/accept',
  access: requirePermission('handoff:decide'),
  tag: 'overseas hand-off',
  operationId: 'acceptHandoff',
  summary:
    'Accept (one transaction): link the worker with her consent (the scan uploaded with the decision via POST /files, or her dated portal consent), then open the application (a case whose source is this referral). Twice: 409',
  params: idParam,
  body: s.acceptHandoffBody,
  response: ANY,
  errors: [400, 404, 409, 422],
  handler: async ({ params, body, req }) => ({ data: await handoff.acceptHandoff(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/handoffs/:id/decline',
  access: requirePermission('handoff:decide'),
  tag: 'overseas hand-off',
  operationId: 'declineHandoff',
  summary: 'Decline with a reason: the referral ends not hired; the centre and the worker are told',
  params: idParam,
  body: s.declineHandoffBody,
  response: ANY,
  errors: [404, 409],
  handler: async ({ params, body, req }) => ({ data: await handoff.declineHandoff(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/handoff-requests',
  access: requirePermission('exchange:write'),
  tag: 'overseas hand-off',
  operationId: 'listHandoffRequests',
  summary: 'The overseas requests my job seekers sent from the portal, waiting for my centre',
  response: Joi.array().items(ANY),
  handler: async ({ req }) => ({ data: await handoff.pendingHandoffRequests(actorOf(req)) }),
});

define({
  method: 'post',
  path: '/handoff-requests/:id/decision',
  access: requirePermission('exchange:write'),
  tag: 'overseas hand-off',
  operationId: 'decideHandoffRequest',
  summary: 'Refer her as she asked (her portal consent travels with the referral) or decline',
  params: idParam,
  body: s.decideHandoffRequestBody,
  response: ANY,
  errors: [404, 409, 422],
  handler: async ({ params, body, req }) => ({
    data: await handoff.decideHandoffRequest(actorOf(req), params.id, body),
  }),
});

define({
  method: 'post',
  path: '/me/handoff-requests',
  access: requirePermission('portal:self'),
  tag: 'overseas hand-off',
  status: 201,
  operationId: 'requestAbroad',
  summary:
    'The worker asks her centre to introduce her to an open overseas order, consenting (dated today) to her data going to the sending organisation',
  body: s.portalHandoffRequestBody,
  response: ANY,
  errors: [409, 422],
  handler: async ({ body, req }) => ({ data: await handoff.requestAbroadFromPortal(actorOf(req), body) }),
});

export { router as handoffApi };
