export { JobOrder, initJobOrderModels, JOB_CATEGORIES, type JobCategory } from './job-orders.model';
export { jobOrdersApi } from './job-orders.routes';
export { jobOrdersPages } from './job-orders.pages';
export { jobOrderWorkflow } from './job-orders.workflow';
export {
  createJobOrder,
  transitionJobOrder,
  listJobOrders,
  lockJobOrder,
  orderTermsForWorker,
  orderMoneyTerms,
  openOverseasOrders,
  type OverseasOrder,
  type OrderTermsForWorker,
  type OrderMoneyTerms,
} from './job-orders.service';
export { CATEGORY_LABELS, STATE_LABELS } from './job-orders.labels';
export { evaluateJobOrder } from './job-orders.rules';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['job_orders', 'job_order_events'];

/** Read-only views other modules may join in SQL (migrations/2026.12.01T16.00.00.module-read-views.ts). */
export const READ_VIEWS: readonly string[] = ['job_order_terms'];
