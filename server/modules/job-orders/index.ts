export { JobOrder, initJobOrderModels, JOB_CATEGORIES, type JobCategory } from './job-orders.model';
export { jobOrdersApi } from './job-orders.routes';
export { jobOrdersPages } from './job-orders.pages';
export { jobOrderWorkflow } from './job-orders.workflow';
export { createJobOrder, transitionJobOrder } from './job-orders.service';
export { evaluateJobOrder } from './job-orders.rules';
