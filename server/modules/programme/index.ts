// Programme results (issue 22): successful connections tagged as programme outputs, the province dashboard and its targets.
import express from 'express';
import { apiRouter } from '../../shared/api';

export const programmeApi = apiRouter('/api/v1').router;
export const programmePages = express.Router();

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [];
