// The one inbox (users and workers). Durable effects write here; every write is keyed, so a job delivered twice
// leaves one notification. The portal and staff pages read it (issues to come add the inbox pages and alerts).
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { now } from '../../shared/clock';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  subject?: { type: string; id: string | number };
  /** the idempotency key (the effect's job key): a second write with it changes nothing */
  key: string;
}

/** Writes a notification to a worker (by worker record); true when written, false when its key was already used. */
export async function notifyWorker(workerId: number, n: NewNotification): Promise<boolean> {
  const written = await execute(
    `INSERT INTO notifications (recipient_worker_id, kind, title, body, subject_type, subject_id, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      workerId,
      n.kind,
      n.title.normalize('NFC'),
      n.body?.normalize('NFC') ?? null,
      n.subject?.type ?? null,
      n.subject ? String(n.subject.id) : null,
      n.key,
    ],
  );
  unreadSeen.delete(`recipient_worker_id:${workerId}`);
  return written > 0;
}

/**
 * Writes a notification to every active staff member of an organisation (a centre's inbox: a request to introduce
 * one of its job seekers); keyed per recipient. Returns how many were written.
 */
export async function notifyOrganisation(
  agencyId: number,
  role: 'agency_staff' | 'centre_staff',
  n: NewNotification & { link?: string | null },
): Promise<number> {
  const written = await execute(
    `INSERT INTO notifications (recipient_user_id, kind, title, body, subject_type, subject_id, idempotency_key, link)
     SELECT u.id, $3, $4, $5, $6, $7, $8 || ':u' || u.id, $9
     FROM user_directory u WHERE u.agency_id = $1 AND u.role = $2 AND u.active
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      agencyId,
      role,
      n.kind,
      n.title.normalize('NFC'),
      n.body?.normalize('NFC') ?? null,
      n.subject?.type ?? null,
      n.subject ? String(n.subject.id) : null,
      n.key,
      n.link ?? null,
    ],
  );
  unreadSeen.clear();
  return written;
}

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
  readAt: Date | null;
  severity: 'info' | 'warning' | 'critical';
  link: string | null;
  acknowledgedAt: Date | null;
  /** the alert behind it (alerts only) */
  alertId: number | null;
  alertStatus: 'open' | 'resolved' | null;
  alertResolution: 'cleared' | 'manual' | null;
  alertDueOn: string | null;
  alertRule: string | null;
  ruleId: string | null;
}

const ROW = `n.id, n.kind, n.title, n.body, n.subject_type AS "subjectType", n.subject_id AS "subjectId",
  n.created_at AS "createdAt", n.read_at AS "readAt", n.severity, n.link, n.acknowledged_at AS "acknowledgedAt",
  n.alert_id AS "alertId", a.status AS "alertStatus", a.resolution AS "alertResolution", a.due_on AS "alertDueOn",
  a.rule AS "alertRule", r.rule_id AS "ruleId"`;
const FROM = 'notifications n LEFT JOIN alerts a ON a.id = n.alert_id LEFT JOIN alert_rules r ON r.id = a.rule';
const toRow = (r: NotificationRow & { id: string; alertId: string | null }): NotificationRow => ({
  ...r,
  id: Number(r.id),
  alertId: r.alertId === null ? null : Number(r.alertId),
});

/** A worker's notifications, newest first (her own record only: callers pass the actor's worker id). */
export async function notificationsOfWorker(workerId: number, limit = 50): Promise<NotificationRow[]> {
  const rows = await select<NotificationRow & { id: string; alertId: string | null }>(
    `SELECT ${ROW} FROM ${FROM} WHERE n.recipient_worker_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
    [workerId, limit],
  );
  return rows.map(toRow);
}

/** Whose inbox an actor reads: a worker's by her worker record (notifications may predate her account), staff by user. */
function recipient(actor: Actor): { column: 'recipient_worker_id' | 'recipient_user_id'; id: number } {
  return actor.role === 'worker' && actor.workerId
    ? { column: 'recipient_worker_id', id: actor.workerId }
    : { column: 'recipient_user_id', id: actor.userId };
}

/**
 * The alerts an actor may still reach through her inbox: those of her current scope. Moved to another agency, commune
 * or province, she no longer sees, counts, acknowledges, resolves or is e-mailed the old one's alerts (notices without
 * an alert stay hers). `a` is the alerts table's alias; the values go to `bind`.
 */
export function alertScope(
  actor: Pick<Actor, 'role' | 'agencyId' | 'communeCode' | 'provinceCode' | 'workerId'>,
  bind: unknown[],
): string {
  const param = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'agency_staff':
    case 'centre_staff':
      return `a.agency_id = ${param(actor.agencyId)}`;
    case 'commune_officer':
      return `a.commune_code = ${param(actor.communeCode)}`;
    case 'province_officer':
      return `a.province_code = ${param(actor.provinceCode)}`;
    default:
      return `a.worker_id = ${param(actor.workerId)}`;
  }
}

export interface InboxFilter {
  /** only this severity */
  severity?: 'info' | 'warning' | 'critical';
  /** open: alerts still open and unacknowledged-or-not, plus notices not read; done: resolved alerts and read notices */
  state?: 'open' | 'done';
  unread?: boolean;
  /** the page after this notification of hers (keyset: older than it, in the inbox's order) */
  before?: number;
}

/** The actor's own inbox, newest first, filtered. */
export async function inbox(actor: Actor, filter: InboxFilter = {}, limit = 50): Promise<NotificationRow[]> {
  const r = recipient(actor);
  const bind: unknown[] = [r.id];
  const where = [`n.${r.column} = $1`, `(n.alert_id IS NULL OR ${alertScope(actor, bind)})`];
  if (filter.severity) {
    bind.push(filter.severity);
    where.push(`n.severity = $${bind.length}`);
  }
  if (filter.state === 'open') where.push("(a.status = 'open' OR (n.alert_id IS NULL AND n.read_at IS NULL))");
  if (filter.state === 'done') where.push("(a.status = 'resolved' OR (n.alert_id IS NULL AND n.read_at IS NOT NULL))");
  if (filter.unread) where.push('n.read_at IS NULL');
  if (filter.before) {
    // older than one of her own notifications (another's id pages nothing)
    bind.push(filter.before);
    where.push(
      `(n.created_at, n.id) < (SELECT b.created_at, b.id FROM notifications b WHERE b.id = $${bind.length} AND b.${r.column} = $1)`,
    );
  }
  bind.push(limit);
  const rows = await select<NotificationRow & { id: string; alertId: string | null }>(
    `SELECT ${ROW} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT $${bind.length}`,
    bind,
  );
  return rows.map(toRow);
}

/** Counts of the actor's open alerts (distinct alerts in her inbox), for "Việc hôm nay". */
export async function openAlertCounts(actor: Actor): Promise<{ open: number; critical: number }> {
  const r = recipient(actor);
  const bind: unknown[] = [r.id];
  const [row] = await select<{ open: number; critical: number }>(
    `SELECT count(DISTINCT a.id)::int AS open, count(DISTINCT a.id) FILTER (WHERE a.severity = 'critical')::int AS critical
     FROM notifications n JOIN alerts a ON a.id = n.alert_id
     WHERE n.${r.column} = $1 AND a.status = 'open' AND ${alertScope(actor, bind)}`,
    bind,
  );
  return row ?? { open: 0, critical: 0 };
}

/**
 * Acknowledges one of the actor's notifications (read, and "đã nhận": someone is on it); the first acknowledgement of
 * an alert is recorded on the alert. Another's id changes nothing (false).
 */
export async function acknowledge(actor: Actor, id: number): Promise<boolean> {
  const r = recipient(actor);
  const at = now();
  const bind: unknown[] = [r.id, id, at];
  const [row] = await select<{ alert_id: string | null }>(
    `UPDATE notifications SET acknowledged_at = COALESCE(acknowledged_at, $3), read_at = COALESCE(read_at, $3)
     WHERE ${r.column} = $1 AND id = $2
       AND (alert_id IS NULL OR EXISTS (SELECT 1 FROM alerts a WHERE a.id = notifications.alert_id AND ${alertScope(actor, bind)}))
     RETURNING alert_id`,
    bind,
  );
  unreadSeen.delete(keyOf(r));
  if (!row) return false;
  if (row.alert_id && actor.role !== 'worker')
    await execute(
      `UPDATE alerts SET acknowledged_at = $2, acknowledged_by_user_id = $3, updated_at = now()
       WHERE id = $1 AND acknowledged_at IS NULL`,
      [row.alert_id, at, actor.userId],
    );
  return true;
}

/**
 * Marks the alert behind one of the actor's notifications dealt with ("đã xử lý"), with an optional note. Staff only
 * (a worker acknowledges). The alert stays resolved for its (rule, subject, due date); a new due date is a new alert.
 * Returns false when the notification is not the actor's, is not an alert's, or the alert is already resolved.
 */
export async function resolveByHand(actor: Actor, id: number, note: string | null): Promise<boolean> {
  if (actor.role === 'worker') return false;
  const r = recipient(actor);
  const at = now();
  const bind: unknown[] = [r.id, id, at, actor.userId, note?.normalize('NFC') ?? null];
  // the stage it was resolved at: a later breach (overdue, escalation) reopens it (alerts.scan.ts)
  const done = await execute(
    `UPDATE alerts a SET status = 'resolved', resolution = 'manual', resolved_at = $3, resolved_by_user_id = $4,
            resolution_note = $5, resolved_stage = a.stage, updated_at = now()
     FROM notifications n
     WHERE n.id = $2 AND n.${r.column} = $1 AND a.id = n.alert_id AND a.status = 'open' AND ${alertScope(actor, bind)}`,
    bind,
  );
  if (done)
    await execute(
      `UPDATE notifications SET read_at = COALESCE(read_at, $3), acknowledged_at = COALESCE(acknowledged_at, $3)
       WHERE ${r.column} = $1 AND id = $2`,
      [r.id, id, at],
    );
  unreadSeen.delete(keyOf(r));
  return done > 0;
}

export interface CaseAlert {
  id: number;
  rule: string;
  ruleId: string;
  title: string;
  dueOn: string;
  stage: number;
  severity: 'info' | 'warning' | 'critical';
  status: 'open' | 'resolved';
  resolution: 'cleared' | 'manual' | null;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
}

/** A case's alerts: the open ones, then those resolved in the last 90 days (the caller checked the case's scope). */
export async function alertsOfCase(caseId: number): Promise<CaseAlert[]> {
  const rows = await select<CaseAlert & { id: string }>(
    `SELECT a.id, a.rule, r.rule_id AS "ruleId", r.title, a.due_on AS "dueOn", a.stage, a.severity, a.status, a.resolution,
            a.resolved_at AS "resolvedAt", a.acknowledged_at AS "acknowledgedAt"
     FROM alerts a JOIN alert_rules r ON r.id = a.rule
     WHERE a.case_id = $1 AND (a.status = 'open' OR a.resolved_at > now() - interval '90 days')
     ORDER BY a.status = 'open' DESC, a.due_on, a.id LIMIT 50`,
    [caseId],
  );
  return rows.map((a) => ({ ...a, id: Number(a.id) }));
}

/**
 * The unread counts of the navigation, kept 10 s per recipient in this process: a staff member paging through the
 * board asks once, not on every page (bench/RESULTS.md, cases-board-page). A notice written or read here forgets it
 * at once; one written by another process shows within 10 s.
 */
const UNREAD_TTL_MS = 10_000;
const unreadSeen = new Map<string, { n: number; at: number }>();
const keyOf = (r: ReturnType<typeof recipient>) => `${r.column}:${r.id}`;

/** How many of the actor's notifications are unread (the count in the navigation). */
export async function unreadCount(actor: Actor): Promise<number> {
  const r = recipient(actor);
  const seen = unreadSeen.get(keyOf(r));
  if (seen && Date.now() - seen.at < UNREAD_TTL_MS) return seen.n;
  const n = await countUnread(r);
  if (unreadSeen.size > 10_000) unreadSeen.clear();
  unreadSeen.set(keyOf(r), { n, at: Date.now() });
  return n;
}

/** Forgets every cached unread count (after a scan wrote notifications for many recipients). */
export function forgetUnreadCounts(): void {
  unreadSeen.clear();
}

async function countUnread(r: ReturnType<typeof recipient>): Promise<number> {
  const [row] = await select<{ n: string }>(
    `SELECT count(*) AS n FROM notifications WHERE ${r.column} = $1 AND read_at IS NULL`,
    [r.id],
  );
  return Number(row?.n ?? 0);
}

/** Marks one of the actor's own notifications read (another's id changes nothing); null id: all of them. */
export async function markRead(actor: Actor, id: number | null): Promise<number> {
  const r = recipient(actor);
  unreadSeen.delete(keyOf(r));
  return execute(
    `UPDATE notifications SET read_at = $3 WHERE ${r.column} = $1 AND read_at IS NULL AND ($2::bigint IS NULL OR id = $2)`,
    [r.id, id, now()],
  );
}
