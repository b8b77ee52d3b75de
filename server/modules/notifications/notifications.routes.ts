// The inbox as an API (a phone client, an integration): the caller's own notifications, alerts among them, filtered;
// acknowledge one, or resolve the alert behind it by hand (staff). And the alert rules catalogue (admins).
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { NotFoundError } from '../../shared/errors';
import { idParams } from '../../shared/schemas';
import { acknowledge, inbox, resolveByHand, type InboxFilter } from './notifications.service';
import { alertRules } from './alerts.catalogue';

const { router, define } = apiRouter('/api/v1');

const SEVERITIES = ['info', 'warning', 'critical'] as const;

const listQuery = Joi.object<{
  severity?: InboxFilter['severity'];
  state?: 'open' | 'done';
  unread?: boolean;
  before?: number;
}>({
  severity: Joi.string()
    .valid(...SEVERITIES)
    .description('only this severity'),
  state: Joi.string()
    .valid('open', 'done')
    .description('open: alerts still open and unread notices; done: resolved alerts and read notices'),
  unread: Joi.boolean().description('only unread ones'),
  before: Joi.number()
    .integer()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .description('the next page: those older than this notification of yours (the last id of the previous page)'),
});

const notificationOut = Joi.object({
  id: Joi.number(),
  kind: Joi.string(),
  title: Joi.string(),
  body: Joi.string().allow(null),
  severity: Joi.string().valid(...SEVERITIES),
  link: Joi.string().allow(null).description('the page it is about, relative to the app'),
  createdAt: Joi.date(),
  readAt: Joi.date().allow(null),
  acknowledgedAt: Joi.date().allow(null),
  alert: Joi.object({
    id: Joi.number(),
    rule: Joi.string(),
    ruleId: Joi.string().description('the legal rule (R15…)'),
    dueOn: Joi.string().description('YYYY-MM-DD'),
    status: Joi.string().valid('open', 'resolved'),
    resolution: Joi.string()
      .allow(null)
      .description('cleared: its condition went away; manual: someone marked it dealt with; null while open'),
  }).allow(null),
});

define({
  method: 'get',
  path: '/notifications',
  access: requirePermission('notifications:self'),
  tag: 'alerts',
  operationId: 'listNotifications',
  summary: "The caller's own inbox, newest first, 50 a page (then `before`): notices and alerts, filtered",
  query: listQuery,
  response: Joi.array().items(notificationOut),
  handler: async ({ query, req }) => ({
    data: (
      await inbox(actorOf(req), {
        ...(query.severity ? { severity: query.severity } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.unread ? { unread: true } : {}),
        ...(query.before ? { before: query.before } : {}),
      })
    ).map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      severity: n.severity,
      link: n.link,
      createdAt: n.createdAt,
      readAt: n.readAt,
      acknowledgedAt: n.acknowledgedAt,
      alert:
        n.alertId === null
          ? null
          : {
              id: n.alertId,
              rule: n.alertRule!,
              ruleId: n.ruleId!,
              dueOn: n.alertDueOn!,
              status: n.alertStatus!,
              resolution: n.alertResolution,
            },
    })),
  }),
});

define({
  method: 'post',
  path: '/notifications/:id/acknowledge',
  access: requirePermission('notifications:self'),
  tag: 'alerts',
  operationId: 'acknowledgeNotification',
  summary: 'Acknowledge one of your own notifications ("Đã nhận"); the first acknowledgement is kept on its alert',
  params: idParams,
  response: Joi.object({ acknowledged: Joi.boolean() }),
  errors: [404],
  handler: async ({ params, req }) => {
    if (!(await acknowledge(actorOf(req), params.id))) throw new NotFoundError('Không tìm thấy thông báo');
    return { data: { acknowledged: true } };
  },
});

define({
  method: 'post',
  path: '/notifications/:id/resolve',
  access: requirePermission('notifications:self'),
  tag: 'alerts',
  operationId: 'resolveAlert',
  summary:
    'Mark the alert behind one of your notifications dealt with ("Đã xử lý"), with a note (staff; a worker acknowledges)',
  params: idParams,
  body: Joi.object<{ note?: string }>({
    note: Joi.string().trim().max(500).allow('').description('what was done'),
  }),
  response: Joi.object({ resolved: Joi.boolean() }),
  errors: [404],
  handler: async ({ params, body, req }) => {
    if (!(await resolveByHand(actorOf(req), params.id, body.note || null)))
      throw new NotFoundError('Không có cảnh báo đang mở nào của bạn với thông báo này');
    return { data: { resolved: true } };
  },
});

define({
  method: 'get',
  path: '/alert-rules',
  access: requirePermission('alerts:rules'),
  tag: 'alerts',
  operationId: 'listAlertRules',
  summary: 'The alert rules catalogue: legal rule, audience, lead-time policy keys, severity, escalation',
  response: Joi.array().items(
    Joi.object({
      id: Joi.string(),
      ruleId: Joi.string(),
      title: Joi.string(),
      workerText: Joi.string().allow(null),
      source: Joi.string(),
      obligationKind: Joi.string().allow(null),
      whoseMove: Joi.string().allow(null),
      audience: Joi.array().items(Joi.string()),
      leadKeys: Joi.array().items(Joi.string()),
      thresholdKey: Joi.string().allow(null),
      overdue: Joi.boolean(),
      escalates: Joi.boolean(),
      severity: Joi.string(),
      position: Joi.number(),
    }),
  ),
  handler: async () => ({ data: await alertRules() }),
});

export { router as notificationsApi };
