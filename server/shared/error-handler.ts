// Two renderers of one error model (Ghost's split): JSON envelopes for /api, Vietnamese HTML pages otherwise.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { NotFoundError, RateLimitedError, ServiceUnavailableError } from './errors';
import { safeDbErrorForLog, toAppError } from './to-app-error';
import { t } from './i18n';
import { logger } from './logger';
import { pageContext } from './pages';

export const isApiRequest = (req: Request) => req.originalUrl.startsWith('/api/');

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appErr = toAppError(err);
  if (appErr.status >= 500) {
    // NOTE: a database error is logged by its code, table and constraint: its message, SQL and bound values may
    // hold a CCCD, a name or a date of birth.
    const db = safeDbErrorForLog(err);
    const reason = appErr instanceof ServiceUnavailableError ? 'request.unavailable' : 'request.failed';
    if (db) logger.error({ db, reqId: req.id }, reason);
    else logger.error({ err, reqId: req.id }, reason);
  }
  if (res.headersSent) return void res.end();
  if (appErr instanceof ServiceUnavailableError) res.setHeader('Retry-After', String(appErr.retryAfterSeconds));
  if (appErr instanceof RateLimitedError && appErr.retryAfterSeconds)
    res.setHeader('Retry-After', String(appErr.retryAfterSeconds));

  if (isApiRequest(req)) {
    const body: Record<string, unknown> = { code: appErr.code, message: appErr.message };
    if (appErr.details !== undefined && appErr.status < 500) body.details = appErr.details;
    return void res.status(appErr.status).json({ error: body });
  }
  if (appErr.status === 401) {
    return void res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  const message =
    appErr.status < 500 && appErr.code !== 'VALIDATION_FAILED' && appErr.message
      ? appErr.message
      : t(`errors.${appErr.status}`);
  res.status(appErr.status).render(
    'errors/error',
    pageContext(req, t('errors.title'), {
      status: appErr.status,
      message,
      requestId: String(req.id ?? ''),
    }),
  );
};
