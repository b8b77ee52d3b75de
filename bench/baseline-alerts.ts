// The baseline's inbox route (bench/baseline.ts spreads it into baselineRoutes): what the app's GET /thong-bao sends
// (server/modules/notifications/notifications.pages.ts and notifications.service.ts) on the bare pool, for a staff
// user: the token check, the navigation's unread count (kept 10 s per recipient, as the app's unreadCount does) and
// the inbox page's one SELECT (newest 50 with their alert and rule), answered as JSON (the app renders HTML: the
// alerts-inbox scenario compares statuses only).
import type { Request } from 'express';
import type pg from 'pg';
import { tokenUser } from './baseline-auth';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

const ROW = `n.id, n.kind, n.title, n.body, n.subject_type AS "subjectType", n.subject_id AS "subjectId",
  n.created_at AS "createdAt", n.read_at AS "readAt", n.severity, n.link, n.acknowledged_at AS "acknowledgedAt",
  n.alert_id AS "alertId", a.status AS "alertStatus", a.resolution AS "alertResolution", a.due_on AS "alertDueOn",
  a.rule AS "alertRule", r.rule_id AS "ruleId"`;
const FROM = 'notifications n LEFT JOIN alerts a ON a.id = n.alert_id LEFT JOIN alert_rules r ON r.id = a.rule';
const UNREAD_TTL_MS = 10_000;
const unreadSeen = new Map<number, { n: number; at: number }>();

export function alertRoutes(): Record<string, Handler> {
  return {
    'GET /thong-bao': async (req, db) => {
      const u = await tokenUser(req, db);
      const userId = Number(u.id);
      let unread = unreadSeen.get(userId);
      if (!unread || Date.now() - unread.at >= UNREAD_TTL_MS) {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM notifications WHERE recipient_user_id = $1 AND read_at IS NULL`,
          [userId],
        );
        unread = { n: Number(rows[0]?.n ?? 0), at: Date.now() };
        unreadSeen.set(userId, unread);
      }
      // the app's SQL: her own, of her current scope (agency staff: her agency's alerts), newest 50
      const { rows } = await db.query(
        `SELECT ${ROW} FROM ${FROM} WHERE n.recipient_user_id = $1 AND (n.alert_id IS NULL OR a.agency_id = $2)
         ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
        [userId, u.agency_id, 50],
      );
      return {
        unread: unread.n,
        data: rows.map((r) => ({ ...r, id: Number(r.id), alertId: r.alertId === null ? null : Number(r.alertId) })),
      };
    },
  };
}
