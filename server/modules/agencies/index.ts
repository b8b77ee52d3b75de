export { Agency, AgencyBranch, initAgencyModels, AGENCY_KINDS, type AgencyKind } from './agencies.model';
export { agenciesApi } from './agencies.routes';
export { agenciesPages } from './agencies.pages';
export {
  createAgency,
  getAgency,
  addBranch,
  requireActiveAgency,
  agencyNames,
  agencyLetterhead,
  agencyChoices,
} from './agencies.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['agencies', 'agency_branches'];

/** Read-only views other modules may join in SQL (migrations/2026.12.01T16.00.00.module-read-views.ts). */
export const READ_VIEWS: readonly string[] = ['agency_directory', 'agency_branch_directory', 'agency_licences'];
