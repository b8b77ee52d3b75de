// The daily e-mail digest of each user's open alerts (issue 20). It leaves the system over SMTP, so it carries only
// counts, each item's rule in words, the worker's name (or the agency's, the budget's year) and the due date, and
// links into the app: never a CCCD, a paper's number or a money figure. The daily job fans out one durable job per
// user (keyed by user and day); each sends once (alert_digests, unique per user and day) and is retried on failure.
import { config } from '../../config';
import { execute, select } from '../../db/sql';
import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { today as clockToday } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { mailReady, sendMail } from '../../shared/mail';
import { defineJob, enqueueMany } from '../../shared/queue';
import { STAGE_OVERDUE } from './alerts.catalogue';
import { alertScope } from './notifications.service';
import type { Role } from '../../shared/auth/permissions';

export const DIGEST_JOB = 'alerts.digest';
export const DIGEST_SEND_JOB = 'alerts.digest.send';
/** At most this many items are listed one by one; the rest are counted. */
const LISTED = 30;

interface DigestItem {
  alertId: string;
  title: string;
  dueOn: string;
  stage: number;
  severity: string;
  who: string | null;
  link: string;
}

/** A user's open alerts for the digest: the newest notification of each open alert in her inbox. */
async function digestItems(userId: number, transaction?: Transaction): Promise<DigestItem[]> {
  // her current scope only (moved to another agency, she is no longer e-mailed the old one's alerts)
  const [u] = await select<{
    role: Role;
    agency_id: string | null;
    commune_code: string | null;
    province_code: string | null;
  }>('SELECT role, agency_id, commune_code, province_code FROM user_directory WHERE id = $1', [userId], transaction);
  if (!u || u.role === 'worker') return [];
  const bind: unknown[] = [userId];
  const scope = alertScope(
    {
      role: u.role,
      agencyId: u.agency_id === null ? null : Number(u.agency_id),
      communeCode: u.commune_code,
      provinceCode: u.province_code,
      workerId: null,
    },
    bind,
  );
  return select<DigestItem>(
    `SELECT DISTINCT ON (a.id) a.id AS "alertId", r.title, a.due_on AS "dueOn", a.stage, a.severity,
            COALESCE(w.full_name, ag.name, CASE WHEN a.subject_type = 'grant_budget' THEN 'Dự toán năm ' || (a.detail->>'year') END) AS who,
            COALESCE(n.link, '/thong-bao') AS link
     FROM notifications n JOIN alerts a ON a.id = n.alert_id JOIN alert_rules r ON r.id = a.rule
     LEFT JOIN worker_directory w ON w.id = a.worker_id
     LEFT JOIN agency_licences ag ON a.subject_type = 'agency' AND ag.id = a.subject_id
     WHERE n.recipient_user_id = $1 AND a.status = 'open' AND ${scope}
     ORDER BY a.id, n.created_at DESC`,
    bind,
    transaction,
  );
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The digest of one user on one day (subject, text and HTML), or null when she has no open alert. */
export async function composeDigest(
  user: { id: number; displayName: string },
  on: string,
  transaction?: Transaction,
): Promise<{ subject: string; text: string; html: string; count: number } | null> {
  const items = (await digestItems(user.id, transaction)).sort(
    (a, b) => b.stage - a.stage || a.dueOn.localeCompare(b.dueOn) || a.alertId.localeCompare(b.alertId),
  );
  if (!items.length) return null;
  const base = config().publicUrl;
  const overdue = items.filter((i) => i.stage >= STAGE_OVERDUE).length;
  const critical = items.filter((i) => i.severity === 'critical').length;
  const subject =
    `Hành Trang: ${items.length} cảnh báo cần xử lý` +
    (overdue ? ` (${overdue} quá hạn)` : '') +
    ` – ngày ${formatDateVi(on)}`;
  const line = (i: DigestItem) =>
    `${i.stage >= STAGE_OVERDUE ? 'QUÁ HẠN' : 'Sắp đến hạn'} – ${i.title}${i.who ? ` – ${i.who}` : ''} – hạn ${formatDateVi(i.dueOn)}`;
  const listed = items.slice(0, LISTED);
  const more = items.length - listed.length;
  const text = [
    `Chào ${user.displayName},`,
    '',
    `Ngày ${formatDateVi(on)} bạn có ${items.length} cảnh báo đang mở (${critical} nghiêm trọng, ${overdue} quá hạn).`,
    '',
    ...listed.map((i) => `- ${line(i)}\n  ${base}${i.link}`),
    ...(more ? [`… và ${more} cảnh báo khác.`] : []),
    '',
    `Xem tất cả trong hộp thông báo: ${base}/thong-bao`,
    `Không muốn nhận thư tổng hợp hằng ngày? Tắt trong trang tài khoản: ${base}/tai-khoan`,
  ].join('\n');
  const html = [
    `<p>Chào ${escapeHtml(user.displayName)},</p>`,
    `<p>Ngày ${formatDateVi(on)} bạn có <strong>${items.length}</strong> cảnh báo đang mở (${critical} nghiêm trọng, ${overdue} quá hạn).</p>`,
    '<ul>',
    ...listed.map((i) => `<li><a href="${escapeHtml(base + i.link)}">${escapeHtml(line(i))}</a></li>`),
    '</ul>',
    ...(more ? [`<p>… và ${more} cảnh báo khác.</p>`] : []),
    `<p><a href="${escapeHtml(base)}/thong-bao">Xem tất cả trong hộp thông báo</a></p>`,
    `<p><small>Không muốn nhận thư tổng hợp hằng ngày? <a href="${escapeHtml(base)}/tai-khoan">Tắt trong trang tài khoản</a>.</small></p>`,
  ].join('\n');
  return { subject, text, html, count: items.length };
}

/** The day's fan-out: one send job per user with an address, not opted out, with an open alert and no digest yet. */
export async function sendDigests(on: string = clockToday()): Promise<{ on: string; users: number; skipped?: string }> {
  if (!mailReady()) return { on, users: 0, skipped: 'Chưa cấu hình máy chủ thư (SMTP_URL): không gửi thư tổng hợp' };
  const users = await select<{ id: string }>(
    `SELECT u.id FROM user_directory u
     WHERE u.active AND u.email IS NOT NULL AND NOT u.digest_opt_out
       AND EXISTS (SELECT 1 FROM notifications n JOIN alerts a ON a.id = n.alert_id
                   WHERE n.recipient_user_id = u.id AND a.status = 'open')
       AND NOT EXISTS (SELECT 1 FROM alert_digests d WHERE d.user_id = u.id AND d.digest_on = $1 AND d.status = 'sent')`,
    [on],
  );
  await enqueueMany(
    DIGEST_SEND_JOB,
    users.map((u) => ({ data: { userId: Number(u.id), on }, key: `digest:${u.id}:${on}` })),
  );
  return { on, users: users.length };
}

/**
 * Sends one user's digest of one day, once: the day's row is claimed under its lock first, so a second job for the
 * same user and day (a "Chạy ngay" and the 07:00 firing, a redelivery) waits, then finds it sent and does nothing.
 * The SMTP server answers inside that short transaction; it fails → nothing is marked sent and the job is retried.
 */
export async function sendDigest(userId: number, on: string): Promise<'sent' | 'already' | 'nothing' | 'no-address'> {
  const [user] = await select<{ id: string; display_name: string; email: string | null; digest_opt_out: boolean }>(
    "SELECT id, display_name, email, digest_opt_out FROM user_directory WHERE id = $1 AND active AND role <> 'worker'",
    [userId],
  );
  if (!user?.email || user.digest_opt_out) return 'no-address';
  return inTransaction(async (t) => {
    await execute(
      `INSERT INTO alert_digests (user_id, digest_on, alert_count) VALUES ($1, $2, 0)
       ON CONFLICT (user_id, digest_on) DO NOTHING`,
      [userId, on],
      t,
    );
    const [row] = await select<{ status: string }>(
      'SELECT status FROM alert_digests WHERE user_id = $1 AND digest_on = $2 FOR UPDATE',
      [userId, on],
      t,
    );
    if (row.status === 'sent') return 'already';
    const digest = await composeDigest({ id: userId, displayName: user.display_name }, on, t);
    if (!digest) return 'nothing';
    const messageId = await sendMail({
      to: user.email!,
      subject: digest.subject,
      text: digest.text,
      html: digest.html,
    });
    await execute(
      `UPDATE alert_digests SET status = 'sent', alert_count = $3, message_id = $4, sent_at = now()
       WHERE user_id = $1 AND digest_on = $2`,
      [userId, on, digest.count, messageId],
      t,
    );
    return 'sent';
  });
}

defineJob<{ firedAt?: string }>({
  name: DIGEST_JOB,
  label: 'Gửi thư tổng hợp cảnh báo hằng ngày (mỗi người dùng một thư)',
  handler: () => sendDigests(),
  recordRuns: true,
  retryLimit: 3,
});

defineJob<{ userId: number; on: string }>({
  name: DIGEST_SEND_JOB,
  label: 'Gửi thư tổng hợp cảnh báo của một người dùng',
  handler: ({ userId, on }) => sendDigest(userId, on),
  retryLimit: 5,
});
