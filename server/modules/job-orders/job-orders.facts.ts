// Gathers the facts the pure rules need (agency kind, destination region) and the policy values at a date.
import { getCountry } from '../reference';
import { Agency } from '../agencies';
import { policiesAt } from '../policies';
import { withPolicyData, type Verdict } from '../../shared/rules';
import type { JobOrder } from './job-orders.model';
import { evaluateJobOrder } from './job-orders.rules';

/** Every verdict on the order at a date; a date no policy version covers gives a DATA verdict. */
export async function verdictsFor(order: JobOrder['_attributes'], date: string): Promise<Verdict[]> {
  // NOTE: one after the other: inside a transition they share the transaction's one connection.
  const agency = await Agency.findByPk(order.agencyId, { attributes: ['kind'] });
  const country = order.destinationCountry ? await getCountry(order.destinationCountry) : null;
  const policy = await policiesAt(date);
  return withPolicyData(() =>
    evaluateJobOrder(
      {
        order,
        agencyKind: agency?.kind === 'employment_centre' ? 'public_unit' : (agency?.kind ?? 'service_enterprise'),
        region: country?.region ?? null,
      },
      policy,
    ),
  );
}
