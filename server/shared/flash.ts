// The message a page shows after a redirect ("Đã lưu", or why an action was refused), carried in a signed,
// HttpOnly cookie read once. A `?msg=` in a URL used to be shown as an official banner: a forged link could make
// the app "say" anything. Only the server can write this cookie (HMAC with the session key).
import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { config } from '../config';

export const FLASH_COOKIE = 'ht_flash';
export type FlashKind = 'success' | 'error' | 'notice';
export interface Flash {
  kind: FlashKind;
  message: string;
}

const sign = (payload: string) =>
  crypto.createHmac('sha256', config().jwt.secret).update(`flash:${payload}`).digest('base64url');

/** Sets the message the next page shows (after the redirect this answer makes). */
export function flashNext(res: Response, message: string, kind: FlashKind = 'success'): void {
  const payload = Buffer.from(JSON.stringify({ kind, message: message.slice(0, 1500) })).toString('base64url');
  res.cookie(FLASH_COOKIE, `${payload}.${sign(payload)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().publicUrl.startsWith('https:'),
    path: '/',
    maxAge: 60_000,
  });
}

function read(req: Request): Flash | undefined {
  const raw: unknown = req.cookies?.[FLASH_COOKIE];
  if (typeof raw !== 'string' || raw.length > 4096) return undefined;
  const [payload, mac] = raw.split('.');
  if (!payload || !mac) return undefined;
  const expected = sign(payload);
  if (mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
    return undefined;
  try {
    const f = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Flash;
    return ['success', 'error', 'notice'].includes(f.kind) && typeof f.message === 'string' ? f : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the flash of this page view (once: the cookie is cleared) into req.flash. */
export const flashMessages: RequestHandler = (req, res, next) => {
  if (req.cookies?.[FLASH_COOKIE] !== undefined) {
    req.flash = read(req);
    res.clearCookie(FLASH_COOKIE, { path: '/' });
  }
  next();
};
