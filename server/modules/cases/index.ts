export { Case, initCaseModels, CASE_STATES, CASE_SOURCES, type CaseState, type CaseSource } from './cases.model';
export { onCaseTransition, type CaseTransitionHook, type CaseAfterTransition } from './cases.hooks';
export { casesApi } from './cases.routes';
export { casesPages } from './cases.pages';
export { caseWorkflow } from './cases.workflow';
export { recomputeObligations, refreshCaseObligations, RECOMPUTE_JOB } from './cases.jobs';
export { CASE_STATE_TABLE, OPEN_STATES } from './cases.states';
export { RETURN_OUTCOME_LABELS } from './cases.states';
export { obligationLabel } from './cases.rules';
export {
  createCase,
  transitionCase,
  caseScopeSql,
  caseJobCategory,
  recordDatabaseUpdate,
  refreshWorkerCaseObligations,
  lockCase,
} from './cases.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export { todayItems, todayCounts, SOON_DAYS, type TodayItem, type TodayCounts } from './cases.today';

export const OWNED_TABLES: readonly string[] = ['cases', 'case_events', 'case_extensions', 'case_notices'];

/** Read-only views other modules may join in SQL (migrations/2026.12.01T16.00.00.module-read-views.ts). */
export const READ_VIEWS: readonly string[] = [
  'case_placements',
  'case_extension_fees',
  'case_notice_dates',
  'case_routing',
];
export {
  portalCases,
  lookupCase,
  obligationForWorker,
  WHO_IN_WORDS,
  type PortalCase,
  type PortalStep,
} from './cases.portal';
