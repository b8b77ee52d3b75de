// The worker portal's own rules: one-time activation codes (hash only, 14 days, once), attempt counts kept in
// PostgreSQL (shared by every app process), the public quick lookup, and "who looked at my file".
import crypto from 'node:crypto';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { config } from '../../config';
import { AppError, ForbiddenError, NotFoundError, RateLimitedError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { scoped } from '../../shared/auth/scope';
import { ACCESS_EVENTS, recordAudit } from '../../shared/audit';
import { now, type IsoDate } from '../../shared/clock';
import { activateWorkerAccount, type User } from '../users';
import { Worker } from '../workers';
import { lookupCase } from '../cases';
import { agencyNames } from '../agencies';
import { communeName, provinceName } from '../reference';

/** How long a printed activation code stays valid. */
export const ACTIVATION_DAYS = 14;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new code: 8 characters of Crockford base32 (40 random bits), shown as XXXX-XXXX. */
export function newActivationCode(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => CROCKFORD[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * A code as typed: case, spaces and dashes do not matter, and the letters people confuse read as Crockford says
 * (O → 0, I and L → 1). Null when it cannot be a code.
 */
export function normaliseCode(typed: string, length: number): string | null {
  const t = typed.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return t.length === length && [...t].every((c) => CROCKFORD.includes(c)) ? t : null;
}

const codeHash = (code: string) =>
  crypto.createHmac('sha256', config().jwt.secret).update(`activation:${code}`).digest('hex');

/**
 * Counts one attempt in a bucket (an address, a code) and says whether it is within the limit of the window. One
 * upsert, so several processes share the count.
 */
export async function countAttempt(bucket: string, limit: number, windowMinutes: number): Promise<boolean> {
  const at = now();
  const windowStart = new Date(at.getTime() - windowMinutes * 60_000);
  const [row] = await select<{ attempts: number }>(
    `INSERT INTO portal_attempts AS a (bucket, window_started_at, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (bucket) DO UPDATE SET
       attempts = CASE WHEN a.window_started_at < $3 THEN 1 ELSE a.attempts + 1 END,
       window_started_at = CASE WHEN a.window_started_at < $3 THEN $2 ELSE a.window_started_at END
     RETURNING attempts`,
    [bucket.slice(0, 200), at, windowStart],
  );
  return row.attempts <= limit;
}

const TOO_MANY = 'Bạn đã thử quá nhiều lần. Vui lòng đợi 15 phút rồi thử lại.';

export interface IssuedCode {
  code: string;
  expiresAt: Date;
  workerId: number;
}

/**
 * A one-time code for a worker's portal account, to print on a slip or read out. Issued by agency staff linked to
 * her or by the officer of her commune; an earlier unused code stops working. Only its keyed hash is stored.
 */
export async function issueActivationCode(actor: Actor, workerId: number): Promise<IssuedCode> {
  if (actor.role !== 'agency_staff' && actor.role !== 'commune_officer') throw new ForbiddenError();
  return inTransaction(async (transaction) => {
    const w = await Worker.findOne({
      where: scoped(actor, 'worker', { id: workerId }),
      attributes: ['id'],
      transaction,
    });
    if (!w) throw new NotFoundError('Không tìm thấy người lao động');
    const at = now();
    await execute(
      'UPDATE activation_codes SET revoked_at = $2 WHERE worker_id = $1 AND used_at IS NULL AND revoked_at IS NULL',
      [workerId, at],
      transaction,
    );
    const code = newActivationCode();
    const expiresAt = new Date(at.getTime() + ACTIVATION_DAYS * 86_400_000);
    await execute(
      `INSERT INTO activation_codes (worker_id, code_hash, issued_by_user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [workerId, codeHash(normaliseCode(code, 8)!), actor.userId, at, expiresAt],
      transaction,
    );
    await recordAudit(
      { actor, action: 'activation_code.issued', entity: 'worker', entityId: workerId, after: { expiresAt } },
      transaction,
    );
    return { code, expiresAt, workerId };
  });
}

export const ACTIVATION_REFUSED =
  'Mã kích hoạt hoặc ngày sinh không đúng, hoặc mã đã hết hạn hay đã được dùng. Hãy kiểm tra lại, hoặc xin mã mới ở doanh nghiệp hay UBND xã.';

/**
 * With the code from her slip and her date of birth, a worker sets her password: her account is made (or, for a
 * forgotten password, its password replaced). The code is spent in the same transaction, under a row lock: used once.
 * Any mismatch gives the same answer.
 */
export async function activate(
  input: { code: string; dateOfBirth: IsoDate; password: string },
  client: string,
): Promise<User> {
  if (!(await countAttempt(`activate:ip:${client}`, 10, 15))) throw new RateLimitedError(TOO_MANY, {}, 900);
  const code = normaliseCode(input.code, 8);
  if (!code) throw new AppError('VALIDATION_FAILED', ACTIVATION_REFUSED, 400);
  const hash = codeHash(code);
  if (!(await countAttempt(`activate:code:${hash.slice(0, 32)}`, 5, 15))) throw new RateLimitedError(TOO_MANY, {}, 900);
  return inTransaction(async (transaction) => {
    const [row] = await select<{
      id: string;
      worker_id: string;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
      date_of_birth: string;
      full_name: string;
    }>(
      `SELECT ac.id, ac.worker_id, ac.expires_at, ac.used_at, ac.revoked_at, w.date_of_birth, w.full_name
       FROM activation_codes ac JOIN worker_directory w ON w.id = ac.worker_id
       WHERE ac.code_hash = $1 FOR UPDATE OF ac`,
      [hash],
      transaction,
    );
    const at = now();
    if (
      !row ||
      row.used_at ||
      row.revoked_at ||
      new Date(row.expires_at) <= at ||
      row.date_of_birth !== input.dateOfBirth
    )
      throw new AppError('VALIDATION_FAILED', ACTIVATION_REFUSED, 400);
    const user = await activateWorkerAccount(
      { id: Number(row.worker_id), fullName: row.full_name },
      input.password,
      transaction,
    );
    await execute('UPDATE activation_codes SET used_at = $2 WHERE id = $1', [row.id, at], transaction);
    return user;
  });
}

export const LOOKUP_REFUSED =
  'Không tìm thấy hồ sơ khớp với các thông tin này. Hãy kiểm tra lại mã hồ sơ, ngày sinh và 4 số cuối CCCD.';

/** The public quick lookup, rate-limited per address and per case code (in PostgreSQL). */
export async function lookup(input: { caseCode: string; dateOfBirth: IsoDate; cccdLast4: string }, client: string) {
  if (!(await countAttempt(`lookup:ip:${client}`, 20, 15))) throw new RateLimitedError(TOO_MANY, {}, 900);
  const code = normaliseCode(input.caseCode, 10);
  if (!code) return null;
  if (!(await countAttempt(`lookup:code:${code}`, 5, 15))) throw new RateLimitedError(TOO_MANY, {}, 900);
  return lookupCase(code, input.dateOfBirth, input.cccdLast4);
}

const ROLE_WORDS: Record<string, string> = {
  admin: 'Quản trị hệ thống',
  agency_staff: 'Nhân viên doanh nghiệp',
  commune_officer: 'Cán bộ xã',
  province_officer: 'Cán bộ tỉnh',
};

const EVENT_WORDS: Partial<Record<keyof typeof ACCESS_EVENTS, string>> = {
  'worker.read': 'Xem thông tin cá nhân của bạn',
  'worker.written': 'Ghi hoặc sửa thông tin cá nhân của bạn',
  'papers.listed': 'Xem danh sách giấy tờ của bạn',
  'scan.downloaded': 'Mở bản chụp giấy tờ của bạn',
};

export interface Look {
  at: Date;
  who: string;
  role: string;
  what: string;
}

/**
 * Who looked at her file: the access log's reads of her record, her papers and her cases, by anyone but herself,
 * newest first, with the organisation in words.
 */
export async function whoLooked(workerId: number, limit = 50): Promise<Look[]> {
  const rows = await select<{ at: Date; actor_role: string; organisation: string | null; event: string }>(
    `SELECT at, actor_role, organisation, event FROM access_log
     WHERE actor_role <> 'worker' AND (
       (subject_type = 'worker' AND subject_id = $1)
       OR (subject_type = 'case' AND subject_id IN (SELECT id::text FROM case_placements WHERE worker_id = $2))
       OR ((subject_type, subject_id) IN (SELECT subject_type, id::text FROM worker_paper_refs WHERE worker_id = $2)))
     ORDER BY at DESC LIMIT $3`,
    [String(workerId), workerId, limit],
  );
  const agencyIds = rows.flatMap((r) => {
    const m = /^agency:(\d+)/.exec(r.organisation ?? '');
    return m ? [Number(m[1])] : [];
  });
  const { agencies } = await agencyNames([...new Set(agencyIds)]);
  const orgWords = (org: string | null) => {
    if (!org) return 'Cơ quan quản lý';
    const [kind, rest] = org.split(':');
    if (kind === 'agency') return agencies.get(Number(rest.split('/')[0])) ?? 'Doanh nghiệp';
    if (kind === 'commune') return `UBND ${communeName(rest) || 'xã'}`;
    if (kind === 'province') return `${provinceName(rest) || 'Tỉnh'}`;
    return 'Cơ quan quản lý';
  };
  return rows.map((r) => ({
    at: r.at,
    who: orgWords(r.organisation),
    role: ROLE_WORDS[r.actor_role] ?? 'Cán bộ',
    what: EVENT_WORDS[r.event as keyof typeof ACCESS_EVENTS] ?? 'Xem hồ sơ của bạn',
  }));
}
