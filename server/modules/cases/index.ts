export { Case, initCaseModels, CASE_STATES, type CaseState } from './cases.model';
export { casesApi } from './cases.routes';
export { casesPages } from './cases.pages';
export { caseWorkflow } from './cases.workflow';
export { createCase, transitionCase, caseScopeSql } from './cases.service';
