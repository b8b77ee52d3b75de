// The sessions' JSON API (/api/v1): thin — validate, call the service, answer. Every route names its permission; the
// service scopes every row (a centre its own sessions, 404 for another's; a worker her own registrations).
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import * as s from './sessions.schemas';
import * as service from './sessions.service';

const { router, define } = apiRouter('/api/v1');
const ANY = Joi.object().unknown(true);
const tag = 'job exchange sessions';

define({
  method: 'get',
  path: '/exchange-sessions',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'listExchangeSessions',
  summary: "My centre's job exchange sessions (upcoming or past) with their counts",
  query: s.listSessionsQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listSessions(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/exchange-sessions',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'createExchangeSession',
  summary: 'Plan a session of my centre: fixed, mobile (in a commune of the province: required) or online',
  body: s.createSessionBody,
  response: ANY,
  handler: async ({ body, req }) => ({ data: await service.createSession(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/exchange-sessions/:id',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'getExchangeSession',
  summary: 'One session with its booths and counts; another centre’s session answers 404',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => {
    const actor = actorOf(req);
    const session = await service.getSession(actor, params.id);
    return {
      data: {
        ...session,
        booths: await service.listBooths(actor, params.id),
        counts: await service.countsOf(actor, params.id),
      },
    };
  },
});

define({
  method: 'patch',
  path: '/exchange-sessions/:id',
  access: requirePermission('sessions:write'),
  tag,
  operationId: 'updateExchangeSession',
  summary: 'Change a planned session (expectedVersion: the version read)',
  params: s.idParam,
  body: s.updateSessionBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.updateSession(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/held',
  access: requirePermission('sessions:write'),
  tag,
  operationId: 'markExchangeSessionHeld',
  summary: 'planned → held (from the session’s day on)',
  params: s.idParam,
  body: s.sessionActionBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({
    data: await service.moveSession(actorOf(req), params.id, 'held', body),
  }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/cancel',
  access: requirePermission('sessions:write'),
  tag,
  operationId: 'cancelExchangeSession',
  summary: 'planned → cancelled, with a reason',
  params: s.idParam,
  body: s.sessionActionBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({
    data: await service.moveSession(actorOf(req), params.id, 'cancelled', body),
  }),
});

define({
  method: 'get',
  path: '/exchange-sessions/:id/counts',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'getExchangeSessionCounts',
  summary:
    'Employers, registered, attended, counselled, interviewed, pre-selected, overseas registrations, introductions and successful connections (hired, E2; domestic and abroad apart) traced to the session',
  params: s.idParam,
  response: ANY,
  handler: async ({ params, req }) => ({ data: await service.countsOf(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/exchange-sessions/:id/booths',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'listExchangeSessionBooths',
  summary: 'The booths: employers with their vacancies and demand, sending organisations with their open orders',
  params: s.idParam,
  response: Joi.array().items(ANY),
  handler: async ({ params, req }) => ({ data: await service.listBooths(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/booths',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'addExchangeSessionBooth',
  summary:
    'A booth: one of my employers with its open vacancies, or a licensed sending organisation with its open overseas orders; demand in the province, outside it, abroad',
  params: s.idParam,
  body: s.boothBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.addBooth(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/exchange-sessions/:id/registrations',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'listExchangeSessionRegistrations',
  summary: 'The people registered, CCCD masked, with check-in times',
  params: s.idParam,
  response: Joi.array().items(ANY),
  handler: async ({ params, req }) => ({ data: await service.listRegistrations(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/registrations',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'registerForExchangeSession',
  summary:
    'Register one of my job seekers, or a person of my centre by CCCD, before the session; one registration per person (409)',
  params: s.idParam,
  body: s.registerBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({
    data: await service.registerByStaff(actorOf(req), params.id, body),
  }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/walk-ins',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'walkInAtExchangeSession',
  summary:
    'At the door: registered through the worker registry (CCCD checks; a known CCCD with other facts refused) with the scan of her signed consent (E1), and checked in',
  params: s.idParam,
  body: s.walkInBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.walkIn(actorOf(req), params.id, body) }),
});

define({
  method: 'get',
  path: '/exchange-sessions/:id/registrations/:regId',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'getExchangeSessionPerson',
  summary: 'A person at the session and everything recorded for her there',
  params: s.regParams,
  response: ANY,
  handler: async ({ params, req }) => {
    const { booths: _b, ...p } = await service.personAtSession(actorOf(req), params.id, params.regId);
    return { data: p };
  },
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/check-ins',
  access: requirePermission('sessions:write'),
  tag,
  operationId: 'checkInAtExchangeSession',
  summary:
    'Check in by ticket code (dashes, spaces, case ignored; a forged code or another session’s ticket refused), CCCD, registration id, or q (any of them; a name lists the matches). A second check-in changes nothing (outcome "already")',
  params: s.idParam,
  body: s.checkInBody,
  response: ANY,
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.checkIn(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/exchange-sessions/:id/registrations/:regId/activities',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'recordAtExchangeSession',
  summary:
    'For a person checked in: counselling (job, policy, overseas), an interview or a pre-selection by a booth, a registration for overseas work, or an introduction to a booth’s vacancy (a referral marked with the session)',
  params: s.regParams,
  body: s.activityBody,
  response: ANY,
  errors: [409, 422],
  handler: async ({ params, body, req }) => ({
    data: await service.recordActivity(actorOf(req), params.id, params.regId, body),
  }),
});

const ticketHandler = async ({ params, req }: { params: { id: number }; req: Parameters<typeof actorOf>[0] }) => {
  const slip = await service.slipOf(actorOf(req), params.id);
  return { data: { code: slip.code, session: slip.session, fullName: slip.registration.fullName } };
};

define({
  method: 'get',
  path: '/session-registrations/:id/ticket',
  access: requirePermission('sessions:read'),
  tag,
  operationId: 'getSessionTicket',
  summary: 'A ticket of a session of my centre: the code (XXXX-XXXX-XXXX) and the session (else 404)',
  params: s.idParam,
  response: ANY,
  handler: ticketHandler,
});

define({
  method: 'get',
  path: '/my/session-tickets/:id',
  access: requirePermission('portal:self'),
  tag,
  operationId: 'getMySessionTicket',
  summary: 'One of my tickets: the code and the session (another person’s answers 404)',
  params: s.idParam,
  response: ANY,
  handler: ticketHandler,
});

define({
  method: 'get',
  path: '/my/exchange-sessions',
  access: requirePermission('portal:self'),
  tag,
  operationId: 'myExchangeSessions',
  summary: 'Upcoming sessions in my province and my own registrations with their ticket codes',
  response: ANY,
  handler: async ({ req }) => ({ data: await service.mySessions(actorOf(req)) }),
});

define({
  method: 'post',
  path: '/my/exchange-sessions/:id/registration',
  access: requirePermission('portal:self'),
  tag,
  status: 201,
  operationId: 'registerMyselfForExchangeSession',
  summary: 'Register myself for a session of my province before it starts (409 when already registered)',
  params: s.idParam,
  response: ANY,
  errors: [409],
  handler: async ({ params, req }) => ({ data: await service.registerInPortal(actorOf(req), params.id) }),
});

define({
  method: 'delete',
  path: '/my/exchange-sessions/:id/registration',
  access: requirePermission('portal:self'),
  tag,
  operationId: 'cancelMyExchangeSessionRegistration',
  summary: 'Cancel my registration before the session starts',
  params: s.idParam,
  errors: [409],
  handler: async ({ params, req }) => {
    await service.cancelInPortal(actorOf(req), params.id);
  },
});

define({
  method: 'get',
  path: '/counselling-records',
  access: requirePermission('sessions:write'),
  tag,
  operationId: 'listCounsellingRecords',
  summary: "My centre's counselling log (at sessions and outside them), newest first, CCCD masked",
  query: s.counsellingListQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listCounselling(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/counselling-records',
  access: requirePermission('sessions:write'),
  tag,
  status: 201,
  operationId: 'recordCounselling',
  summary:
    'Record counselling outside a session (Mẫu 01 line 2): a person (job, policy, overseas work) by job seeker or CCCD, or an employer (job, policy); append-only',
  body: s.counsellingBody,
  response: ANY,
  handler: async ({ body, req }) => ({ data: await service.recordCounselling(actorOf(req), body) }),
});

export { router as sessionsApi };
