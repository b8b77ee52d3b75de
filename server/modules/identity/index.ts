// The national population database (issue 22): the verify(identity) port, its manual and batch adapters, reconciliation.
import express from 'express';
import { apiRouter } from '../../shared/api';

export const identityApi = apiRouter('/api/v1').router;
export const identityPages = express.Router();

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [];
