// The national population database (issue 22): the verify(identity) port, its manual and batch adapters, reconciliation.
export { identityApi } from './identity.routes';
export { identityPages } from './identity.pages';
export { IMPORT_JOB, workImport, createBatch, startImport, batchReport, getBatch } from './identity.batches';
export { verifyManually, acceptCorrections, workerLog } from './identity.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'identity_batches',
  'identity_batch_rows',
  'identity_result_rows',
  'identity_verification_log',
  'identity_corrections',
  'identity_duplicates',
];
