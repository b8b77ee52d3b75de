import { config } from '../../config';
import { now } from '../../shared/clock';
import { sequelize } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { RateLimitedError, UnauthenticatedError } from '../../shared/errors';
import { verifyPassword } from '../../shared/auth/passwords';
import type { Actor } from '../../shared/auth/permissions';
import { findUserForLogin, replaceOwnPassword, revokeTokens, toActor } from '../users';
import { issueToken } from './auth.tokens';

export const normaliseUsername = (u: string) => u.normalize('NFC').trim().toLowerCase();

async function lockedUntil(username: string, client: string): Promise<Date | null> {
  const [rows] = await sequelize().query(
    'SELECT locked_until FROM login_failures WHERE username = $1 AND client_address = $2 AND locked_until > $3',
    { bind: [username, client, now()] },
  );
  const row = (rows as { locked_until: Date }[])[0];
  return row ? new Date(row.locked_until) : null;
}

/** Counts a failure for (username, client address); the Nth failure inside the window locks the pair. */
async function recordFailure(username: string, client: string): Promise<void> {
  const { maxFailedLogins, lockoutMinutes } = config().auth;
  const at = now();
  const windowStart = new Date(at.getTime() - lockoutMinutes * 60_000);
  const until = new Date(at.getTime() + lockoutMinutes * 60_000);
  await sequelize().query(
    `INSERT INTO login_failures AS f (username, client_address, failures, locked_until, updated_at)
     VALUES ($1, $2, 1, NULL, $3)
     ON CONFLICT (username, client_address) DO UPDATE SET
       failures = CASE WHEN (CASE WHEN f.updated_at < $4 THEN 0 ELSE f.failures END) + 1 >= $5 THEN 0
                       ELSE (CASE WHEN f.updated_at < $4 THEN 0 ELSE f.failures END) + 1 END,
       locked_until = CASE WHEN (CASE WHEN f.updated_at < $4 THEN 0 ELSE f.failures END) + 1 >= $5 THEN $6
                           ELSE f.locked_until END,
       updated_at = $3`,
    { bind: [username, client, at, windowStart, maxFailedLogins, until] },
  );
}

/** The longest wait one username's attempts can be made to take: a delay, never a lockout of the owner. */
const MAX_USER_DELAY_SECONDS = 60;

/** When the username's next attempt is allowed, if it must still wait. */
async function userDelayUntil(username: string): Promise<Date | null> {
  const [row] = await select<{ next_attempt_at: Date }>(
    'SELECT next_attempt_at FROM login_user_failures WHERE username = $1 AND next_attempt_at > $2',
    [username, now()],
  );
  return row ? new Date(row.next_attempt_at) : null;
}

/**
 * Counts a failure of the username from any address. Past the threshold inside the window, the next attempt waits
 * 1 s, then 2, 4, 8 … up to a minute: guessing slows to a crawl, the owner is never locked out for long.
 */
async function recordUserFailure(username: string): Promise<void> {
  const { maxFailedLoginsPerUser: max, lockoutMinutes } = config().auth;
  const at = now();
  const windowStart = new Date(at.getTime() - lockoutMinutes * 60_000);
  await execute(
    `INSERT INTO login_user_failures AS f (username, failures, window_started_at, next_attempt_at, updated_at) VALUES ($1, 1, $2, NULL, $2)
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE WHEN f.window_started_at < $3 THEN 1 ELSE f.failures + 1 END,
       window_started_at = CASE WHEN f.window_started_at < $3 THEN $2 ELSE f.window_started_at END,
       next_attempt_at = CASE WHEN f.window_started_at >= $3 AND f.failures + 1 >= $4
         THEN $2 + make_interval(secs => least(power(2, f.failures + 1 - $4), $5)) ELSE NULL END,
       updated_at = $2`,
    [username, at, windowStart, max, MAX_USER_DELAY_SECONDS],
  );
}

export async function login(usernameIn: string, password: string, client: string) {
  const username = normaliseUsername(usernameIn);
  const locked = await lockedUntil(username, client);
  if (locked) {
    throw new RateLimitedError(
      'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.',
      { lockedUntil: locked.toISOString() },
      Math.max(1, Math.ceil((locked.getTime() - now().getTime()) / 1000)),
    );
  }
  const wait = await userDelayUntil(username);
  if (wait) {
    const seconds = Math.max(1, Math.ceil((wait.getTime() - now().getTime()) / 1000));
    throw new RateLimitedError(
      `Tài khoản này vừa bị thử đăng nhập sai nhiều lần. Vui lòng đợi ${seconds} giây rồi thử lại.`,
      { retryAfterSeconds: seconds },
      seconds,
    );
  }
  const user = await findUserForLogin(username);
  const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
  if (!user || !ok) {
    await recordFailure(username, client);
    await recordUserFailure(username);
    throw new UnauthenticatedError('Tên đăng nhập hoặc mật khẩu không đúng');
  }
  await sequelize().query('DELETE FROM login_failures WHERE username = $1 AND client_address = $2', {
    bind: [username, client],
  });
  await execute('DELETE FROM login_user_failures WHERE username = $1', [username]);
  return { token: issueToken(user), user: toActor(user) };
}

/** Revokes every token of the user issued so far. */
export async function logout(actor: Actor): Promise<void> {
  await revokeTokens(actor.userId);
}

export async function changePassword(actor: Actor, currentPassword: string, newPassword: string) {
  const user = await replaceOwnPassword(actor, (hash) => verifyPassword(hash, currentPassword), newPassword);
  return { token: issueToken(user) };
}
