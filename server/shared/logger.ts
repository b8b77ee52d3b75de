import pino from 'pino';
import { config } from '../config';

export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.password', '*.newPassword', '*.currentPassword', '*.token', 'password', 'token',
];

export const logger = pino({
  level: config().logLevel,
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  base: { app: 'hanh-trang' },
});
