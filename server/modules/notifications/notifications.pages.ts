// The one inbox as a page (/thong-bao) for everyone signed in, and the unread count every page's navigation shows.
import express, { type NextFunction, type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { flashNext, pageContext } from '../../shared/pages';
import { formatDateTimeVi } from '../../shared/dates';
import { inbox, markRead, unreadCount } from './notifications.service';

export const notificationsPages = express.Router();

/** Pages (not the API, not static files) learn the actor's unread count: one indexed count. */
export async function unreadInNavigation(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' && req.actor && !/^\/(api|public|vendor)\//.test(req.path)) {
    res.locals.unread = await unreadCount(req.actor);
  }
  next();
}

notificationsPages.get('/thong-bao', requirePermission('notifications:self'), async (req, res) => {
  const items = (await inbox(actorOf(req))).map((n) => ({ ...n, at: formatDateTimeVi(n.createdAt) }));
  res.render('notifications/inbox', pageContext(req, 'Thông báo', { items }));
});

notificationsPages.post('/thong-bao/da-doc', requirePermission('notifications:self'), async (req, res) => {
  const raw = String(req.body?.id ?? '');
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  await markRead(actorOf(req), id);
  flashNext(res, id === null ? 'Đã đánh dấu tất cả là đã đọc.' : 'Đã đánh dấu là đã đọc.');
  res.redirect(303, '/thong-bao');
});
