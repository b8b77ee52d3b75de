// The job exchange's reports (issue 22): Decree 352 Annex III Mẫu 01 (E6) and the batch exports to the National Job Exchange (E4).
import express from 'express';
import { apiRouter } from '../../shared/api';

export const exchangeReportsApi = apiRouter('/api/v1').router;
export const exchangeReportsPages = express.Router();

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [];
