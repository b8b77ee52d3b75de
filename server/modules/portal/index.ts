export { portalPages } from './portal.pages';
export {
  issueActivationCode,
  activate,
  lookup,
  whoLooked,
  normaliseCode,
  ACTIVATION_DAYS,
  ACTIVATION_REFUSED,
  LOOKUP_REFUSED,
} from './portal.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['activation_codes', 'portal_attempts'];
