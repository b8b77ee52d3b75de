// Two renderers of one error model (Ghost's split): JSON envelopes for /api, Vietnamese HTML pages otherwise.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { NotFoundError, toAppError } from './errors';
import { t } from './i18n';
import { logger } from './logger';
import { pageContext } from './pages';

export const isApiRequest = (req: Request) => req.originalUrl.startsWith('/api/');

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appErr = toAppError(err);
  if (appErr.status >= 500) logger.error({ err, reqId: req.id }, 'request.failed');
  if (res.headersSent) return void res.end();

  if (isApiRequest(req)) {
    const body: Record<string, unknown> = { code: appErr.code, message: appErr.message };
    if (appErr.details !== undefined && appErr.status < 500) body.details = appErr.details;
    return void res.status(appErr.status).json({ error: body });
  }
  if (appErr.status === 401) {
    return void res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  const message = appErr.status < 500 && appErr.code !== 'VALIDATION_FAILED' && appErr.message
    ? appErr.message
    : t(`errors.${appErr.status}`);
  res.status(appErr.status).render('errors/error', pageContext(req, t('errors.title'), {
    status: appErr.status, message, requestId: String(req.id ?? ''),
  }));
};
