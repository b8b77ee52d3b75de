// The one inbox as a page (/thong-bao) for everyone signed in, and the unread count every page's navigation shows.
// Alerts arrive here too (issue 20): with their severity, filters, and "Đã nhận" (acknowledge) or "Đã xử lý"
// (resolve by hand, staff only) beside each.
import express, { type NextFunction, type Request, type Response } from 'express';
import Joi from '../../shared/joi';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { flashNext, formValues, pageContext, pageFilters } from '../../shared/pages';
import { formatDateTimeVi, formatDateVi } from '../../shared/dates';
import { ruleWords } from '../../shared/rules';
import { check } from '../../shared/validate';
import { ValidationError } from '../../shared/errors';
import { idParams } from '../../shared/schemas';
import { acknowledge, inbox, markRead, resolveByHand, unreadCount, type InboxFilter } from './notifications.service';
import { SEVERITY_LABELS } from './alerts.catalogue';

export const notificationsPages = express.Router();

/** Pages (not the API, not static files) learn the actor's unread count: one indexed count. */
export async function unreadInNavigation(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' && req.actor && !/^\/(api|public|vendor)\//.test(req.path)) {
    res.locals.unread = await unreadCount(req.actor);
  }
  next();
}

const inboxQuery = Joi.object<{
  muc?: InboxFilter['severity'] | '';
  trang_thai?: 'mo' | 'xong' | '';
  chua_doc?: string;
  truoc?: number;
}>({
  muc: Joi.string().valid('info', 'warning', 'critical', '').label('Mức độ'),
  trang_thai: Joi.string().valid('mo', 'xong', '').label('Trạng thái'),
  chua_doc: Joi.string().valid('1', '').label('Chưa đọc'),
  truoc: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).label('Trang trước'),
});
const PAGE = 50;

notificationsPages.get('/thong-bao', requirePermission('notifications:self'), async (req, res) => {
  const { query, notice } = pageFilters(inboxQuery, req.query);
  const filter: InboxFilter = {
    ...(query.muc ? { severity: query.muc } : {}),
    ...(query.trang_thai ? { state: query.trang_thai === 'mo' ? 'open' : 'done' } : {}),
    ...(query.chua_doc === '1' ? { unread: true } : {}),
    ...(query.truoc ? { before: query.truoc } : {}),
  };
  const staff = req.actor!.role !== 'worker';
  const found = await inbox(actorOf(req), filter, PAGE);
  // the next page: older than the last one shown, with the same filters
  const params = new URLSearchParams();
  if (query.muc) params.set('muc', query.muc);
  if (query.trang_thai) params.set('trang_thai', query.trang_thai);
  if (query.chua_doc === '1') params.set('chua_doc', '1');
  const first = params.toString() ? `/thong-bao?${params}` : '/thong-bao';
  if (found.length === PAGE) params.set('truoc', String(found[found.length - 1].id));
  const items = found.map((n) => ({
    ...n,
    at: formatDateTimeVi(n.createdAt),
    severityLabel: SEVERITY_LABELS[n.severity],
    isAlert: n.alertId !== null,
    open: n.alertStatus === 'open',
    dueText: n.alertDueOn ? formatDateVi(n.alertDueOn) : null,
    ruleText: n.ruleId && staff ? ruleWords(n.ruleId) : null,
    statusText:
      n.alertStatus === 'resolved'
        ? n.alertResolution === 'cleared'
          ? 'Tự đóng: điều kiện cảnh báo không còn'
          : 'Đã xử lý'
        : n.acknowledgedAt
          ? 'Đã nhận'
          : null,
    canResolve: staff && n.alertStatus === 'open',
    linkText: !n.link
      ? null
      : n.link.startsWith('/cases/')
        ? 'Mở hồ sơ'
        : n.link === '/toi'
          ? 'Xem hồ sơ của tôi'
          : 'Mở trang liên quan',
    canAcknowledge: n.alertStatus === 'open' && !n.acknowledgedAt,
  }));
  const severities = (['critical', 'warning', 'info'] as const).map((v) => ({
    value: v,
    label: SEVERITY_LABELS[v],
    selected: query.muc === v,
  }));
  res.render(
    'notifications/inbox',
    pageContext(req, 'Thông báo', {
      ...(notice ? { flash: notice } : {}),
      items,
      severities,
      stateOpen: query.trang_thai === 'mo',
      stateDone: query.trang_thai === 'xong',
      unreadOnly: query.chua_doc === '1',
      filtered: Boolean(query.muc || query.trang_thai || query.chua_doc),
      older: found.length === PAGE ? `/thong-bao?${params}` : null,
      newest: query.truoc ? first : null,
      staff,
      // the inbox's actions come back to the same filtered list
      back: req.originalUrl.slice(0, 300),
    }),
  );
});

/** Back to the inbox with the filters the form came from. */
const back = (req: Request) => {
  const raw = typeof req.body?.back === 'string' ? req.body.back : '';
  return /^\/thong-bao(\?[\w=&%.-]*)?$/.test(raw) ? raw : '/thong-bao';
};

notificationsPages.post('/thong-bao/da-doc', requirePermission('notifications:self'), async (req, res) => {
  const raw = String(req.body?.id ?? '');
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  await markRead(actorOf(req), id);
  flashNext(res, id === null ? 'Đã đánh dấu tất cả là đã đọc.' : 'Đã đánh dấu là đã đọc.');
  res.redirect(303, back(req));
});

notificationsPages.post('/thong-bao/:id/da-nhan', requirePermission('notifications:self'), async (req, res) => {
  const { id } = check(idParams, req.params);
  const done = await acknowledge(actorOf(req), id);
  flashNext(
    res,
    done ? 'Đã ghi nhận: bạn đã nhận cảnh báo này.' : 'Không tìm thấy thông báo này trong hộp thông báo của bạn.',
    done ? 'success' : 'error',
  );
  res.redirect(303, back(req));
});

const resolveBody = Joi.object<{ note?: string; back?: string }>({
  note: Joi.string().trim().max(500).allow('').label('Ghi chú xử lý'),
  back: Joi.string().max(300).allow(''),
});

notificationsPages.post('/thong-bao/:id/da-xu-ly', requirePermission('notifications:self'), async (req, res) => {
  const { id } = check(idParams, req.params);
  let note: string | null;
  try {
    note = check(resolveBody, formValues(req.body)).note || null;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    flashNext(res, 'Chưa đánh dấu được: ghi chú xử lý dài tối đa 500 ký tự.', 'error');
    return res.redirect(303, back(req));
  }
  const done = await resolveByHand(actorOf(req), id, note);
  flashNext(
    res,
    done
      ? 'Đã đánh dấu cảnh báo là đã xử lý. Nếu hạn mới phát sinh, hệ thống sẽ cảnh báo lại.'
      : 'Không đánh dấu được: cảnh báo không thuộc hộp thông báo của bạn hoặc đã được xử lý.',
    done ? 'success' : 'error',
  );
  res.redirect(303, back(req));
});
