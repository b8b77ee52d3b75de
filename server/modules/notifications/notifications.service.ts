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

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  subjectType: string | null;
  subjectId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A worker's notifications, newest first (her own record only: callers pass the actor's worker id). */
export async function notificationsOfWorker(workerId: number, limit = 50): Promise<NotificationRow[]> {
  const rows = await select<NotificationRow & { id: string }>(
    `SELECT id, kind, title, body, subject_type AS "subjectType", subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt"
     FROM notifications WHERE recipient_worker_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [workerId, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Whose inbox an actor reads: a worker's by her worker record (notifications may predate her account), staff by user. */
function recipient(actor: Actor): { column: 'recipient_worker_id' | 'recipient_user_id'; id: number } {
  return actor.role === 'worker' && actor.workerId
    ? { column: 'recipient_worker_id', id: actor.workerId }
    : { column: 'recipient_user_id', id: actor.userId };
}

/** The actor's own inbox, newest first. */
export async function inbox(actor: Actor, limit = 50): Promise<NotificationRow[]> {
  const r = recipient(actor);
  const rows = await select<NotificationRow & { id: string }>(
    `SELECT id, kind, title, body, subject_type AS "subjectType", subject_id AS "subjectId", created_at AS "createdAt", read_at AS "readAt"
     FROM notifications WHERE ${r.column} = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [r.id, limit],
  );
  return rows.map((n) => ({ ...n, id: Number(n.id) }));
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
