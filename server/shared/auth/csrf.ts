// Signed double-submit CSRF tokens for cookie sessions: a random cookie, and in every form its HMAC.
// Bearer-token API clients are exempt (browsers never attach that header by themselves).
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { config } from '../../config';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { SESSION_COOKIE } from './session-cookie';

export const CSRF_COOKIE = 'ht_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sign = (value: string) => crypto.createHmac('sha256', config().jwt.secret).update(`csrf:${value}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export const csrfProtection: RequestHandler = (req, res, next) => {
  let value: string | undefined = req.cookies?.[CSRF_COOKIE];
  if (!value || !/^[\w-]{20,100}$/.test(value)) {
    value = crypto.randomBytes(24).toString('base64url');
    res.cookie(CSRF_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: config().publicUrl.startsWith('https:'), path: '/' });
    // A request that arrived without the cookie cannot carry a matching token.
    if (!SAFE.has(req.method)) (req as { csrfMissingCookie?: boolean }).csrfMissingCookie = true;
  }
  req.csrfToken = sign(value);
  if (SAFE.has(req.method)) return next();
  if (req.headers.authorization?.startsWith('Bearer ')) return next();
  const isApi = req.path.startsWith('/api/');
  if (isApi && !req.cookies?.[SESSION_COOKIE]) return next(); // no ambient credential to abuse
  const sent = (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : undefined) ?? req.get('x-csrf-token');
  if (typeof sent === 'string' && same(sent, req.csrfToken)) return next();
  // Without a signed-in user a page form is sent back to sign-in (an expired session, or a forged post).
  if (!req.actor && !isApi) return next(new UnauthenticatedError());
  next(new ForbiddenError('Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.'));
};
