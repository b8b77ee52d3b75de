// Support grants, part 1 (issue 18): programmes and rates as policy data, eligibility that explains itself, the
// application workflow (commune certification, provincial approval against a budget), eligible areas.
export { GrantApplication, initGrantModels, GRANT_STATES, type GrantState } from './grants.model';
export { grantsApi } from './grants.routes';
export { grantsPages } from './grants.pages';
export { grantWorkflow } from './grants.workflow';
export { eligibilityFor, apply, listApplications, listBudgets } from './grants.service';
export { budgetPicture, DECISION_JOB, EXTRACTS_JOB } from './grants.decisions';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'grant_programmes',
  'grant_eligible_areas',
  'grant_applications',
  'grant_application_events',
  'grant_claims',
  'grant_item_awards',
  'grant_budgets',
  'grant_decisions',
  'grant_decision_lines',
  'grant_budget_movements',
];

/** What other modules may read (the alert scan: applications' workers, budgets' shares). */
export const READ_VIEWS: readonly string[] = [
  'grant_budget_directory',
  'grant_application_directory',
  'grant_area_communes',
  // programme results (issue 22): the eligible areas with their kind and old boundaries
  'grant_area_directory',
];
