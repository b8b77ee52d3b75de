// Signed double-submit CSRF tokens for cookie sessions: a random cookie, and in every form its HMAC.
// Bearer-token API clients are exempt (browsers never attach that header by themselves).
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { SESSION_COOKIE } from './session-cookie';

export const CSRF_COOKIE = 'ht_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sign = (value: string) =>
  crypto.createHmac('sha256', config().jwt.secret).update(`csrf:${value}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function existingCookie(req: Request): string | undefined {
  const v: unknown = req.cookies?.[CSRF_COOKIE];
  return typeof v === 'string' && /^[\w-]{20,100}$/.test(v) ? v : undefined;
}

/** The token for forms on this page, setting the cookie it is derived from when the browser has none. */
function tokenForPage(req: Request, res: Response): string {
  let value = existingCookie(req);
  if (!value) {
    value = crypto.randomBytes(24).toString('base64url');
    res.cookie(CSRF_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config().publicUrl.startsWith('https:'),
      path: '/',
    });
  }
  return sign(value);
}

function sentTokenMatches(req: Request): boolean {
  const cookie = existingCookie(req);
  // A multipart form (file upload) is parsed after this middleware, so its token travels in the action URL.
  const fromQuery = req.is('multipart/form-data') && typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
  const sent =
    (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : undefined) ??
    req.get('x-csrf-token') ??
    fromQuery;
  return Boolean(cookie) && typeof sent === 'string' && same(sent, sign(cookie!));
}

export const csrfProtection: RequestHandler = (req, res, next) => {
  const unsafe = !SAFE.has(req.method);
  if (req.path.startsWith('/api/')) {
    // JSON clients: only a write that rides on the session cookie (no Bearer header) can be forged cross-site.
    if (!unsafe || req.headers.authorization?.startsWith('Bearer ') || !req.cookies?.[SESSION_COOKIE]) return next();
    return next(
      sentTokenMatches(req) ? undefined : new ForbiddenError('Thiếu hoặc sai mã chống giả mạo (x-csrf-token)'),
    );
  }
  if (unsafe && !req.headers.authorization?.startsWith('Bearer ') && !sentTokenMatches(req)) {
    // Without a signed-in user a page form is sent back to sign-in (an expired session, or a forged post).
    if (!req.actor) return next(new UnauthenticatedError());
    return next(
      new ForbiddenError('Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.'),
    );
  }
  req.csrfToken = tokenForPage(req, res);
  next();
};
