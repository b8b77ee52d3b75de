export { Worker, WorkerAgencyLink, initWorkerModels } from './workers.model';
export { workersApi } from './workers.routes';
export { workersPages } from './workers.pages';
export {
  createWorker,
  getWorker,
  listWorkers,
  residenceOf,
  workerLabel,
  grantFactsOf,
  certifyHousehold,
  type GrantWorkerFacts,
} from './workers.service';
export { workerMatchCondition } from './workers.search';
export {
  workerByIdentity,
  grantPurpose,
  withdrawPurpose,
  recordEmploymentFacts,
  portalConsentEvidence,
  type PurposeConsent,
} from './workers.consent';

export {
  VERIFICATION_METHODS,
  VERIFICATION_METHOD_LABELS,
  VERIFIED_IDENTITY_RULE,
  markIdentityVerified,
  applyVerifiedIdentity,
  clearIdentityVerification,
  workerScopeSql,
  type VerificationMethod,
  type Verification,
  type SentIdentity,
  type IdentityCorrection,
} from './workers.identity';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['workers', 'worker_agency_links', 'worker_name_words'];

/** Read-only views other modules may join in SQL (migrations/2026.12.01T16.00.00.module-read-views.ts). */
export const READ_VIEWS: readonly string[] = [
  'worker_directory',
  'worker_exchange_facts',
  'worker_identity_facts',
  // programme results (issue 22): household status and its certified year, residence under old and new boundaries
  'worker_programme_facts',
];
