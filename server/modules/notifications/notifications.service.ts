// The one inbox (users and workers). Durable effects write here; every write is keyed, so a job delivered twice
// leaves one notification. The portal and staff pages read it (issues to come add the inbox pages and alerts).
import { execute, select } from '../../db/sql';

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
