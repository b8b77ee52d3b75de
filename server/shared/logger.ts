import crypto from 'node:crypto';
import pino from 'pino';
import type { RequestHandler } from 'express';
import { config } from '../config';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  'password',
  'token',
];

export const logger = pino({
  level: config().logLevel,
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  base: { app: 'hanh-trang' },
});

/**
 * A request id (x-request-id echoed or generated) and one log line per request when info is enabled.
 * NOTE: replaces pino-http, which built a child logger and serialised every request even when nothing was
 * written (bench/RESULTS.md); headers are never logged, so authorization and cookies cannot leak.
 */
export const requestLog: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
  req.id = id;
  res.setHeader('x-request-id', id);
  if (logger.isLevelEnabled('info') && req.url !== '/healthz' && req.url !== '/readyz') {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          reqId: id,
          method: req.method,
          url: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
  }
  next();
};
