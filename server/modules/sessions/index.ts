// Job exchange sessions (issue 22): sessions, booths, registrations with signed tickets, check-in, what staff record at a session, the counselling log.
import express from 'express';
import { apiRouter } from '../../shared/api';

export const sessionsApi = apiRouter('/api/v1').router;
export const sessionsPages = express.Router();
export const sessionsPortalPages = express.Router();

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [];
