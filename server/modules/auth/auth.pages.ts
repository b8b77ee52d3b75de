import express from 'express';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { clearSessionCookie, setSessionCookie } from '../../shared/auth/session-cookie';
import { loginRateLimit } from './auth.routes';
import { loginBody } from './auth.schemas';
import * as service from './auth.service';
import { pageContext } from '../../shared/pages';

export const authPages = express.Router();

/** Only local paths: never an open redirect. */
const safeNext = (v: unknown) => (typeof v === 'string' && /^\/(?!\/)[^\s\\]*$/.test(v) ? v : '/');

authPages.get('/login', publicRoute(), (req, res) => {
  if (req.actor) return res.redirect(303, safeNext(req.query.next));
  res.render('auth/login', { ...pageContext(req, 'Đăng nhập'), next: safeNext(req.query.next) });
});

authPages.post('/login', publicRoute(), loginRateLimit(), async (req, res) => {
  const next = safeNext(req.body?.next);
  try {
    const { username, password } = check(loginBody, req.body);
    const { token } = await service.login(username, password, req.ip ?? 'unknown');
    setSessionCookie(res, token);
    res.redirect(303, next);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 401, 429].includes(err.status)) throw err;
    const message = err instanceof ValidationError ? 'Vui lòng nhập tên đăng nhập và mật khẩu' : err.message;
    res.status(err.status).render('auth/login', {
      ...pageContext(req, 'Đăng nhập'),
      next,
      error: message,
      username: String(req.body?.username ?? ''),
    });
  }
});

authPages.post('/logout', requirePermission('session:self'), async (req, res) => {
  await service.logout(actorOf(req));
  clearSessionCookie(res);
  res.redirect(303, '/login');
});
