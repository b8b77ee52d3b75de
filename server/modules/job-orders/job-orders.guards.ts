import type { Guard } from '../../shared/workflow';
import type { JobOrder } from './job-orders.model';
import { verdictsFor } from './job-orders.facts';

/** R3, R7, R8, R9, R14 and completeness, at the decision date. */
export const lawGuard: Guard<JobOrder['_attributes'] & { id: number }> = {
  name: 'job-order-law',
  check: ({ entity, date }) => verdictsFor(entity as never, date),
};
