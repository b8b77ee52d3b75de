export { PolicyValue, initPolicyModels } from './policies.model';
export { policiesAt, reloadPolicies, addVersion, PolicySet, type PolicyRow } from './policies.service';
export { policiesApi } from './policies.routes';
export { policiesPages } from './policies.pages';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['policy_values'];
