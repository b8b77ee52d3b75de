// Gathers the facts the pure rules need (agency kind, destination region) and the policy values at a date.
import { getCountry } from '../reference';
import { Agency } from '../agencies';
import { policiesAt } from '../policies';
import type { Verdict } from '../../shared/rules';
import type { JobOrder } from './job-orders.model';
import { evaluateJobOrder } from './job-orders.rules';

export async function verdictsFor(order: JobOrder['_attributes'], date: string): Promise<Verdict[]> {
  const [agency, country, policy] = await Promise.all([
    Agency.findByPk(order.agencyId, { attributes: ['kind'] }),
    order.destinationCountry ? getCountry(order.destinationCountry) : Promise.resolve(null),
    policiesAt(date),
  ]);
  return evaluateJobOrder({ order, agencyKind: agency?.kind ?? 'service_enterprise', region: country?.region ?? null }, policy);
}
