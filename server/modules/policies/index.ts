export { PolicyValue, initPolicyModels } from './policies.model';
export { policiesAt, reloadPolicies, addVersion, PolicySet, type PolicyRow } from './policies.service';
export { policiesApi } from './policies.routes';
export { policiesPages } from './policies.pages';
