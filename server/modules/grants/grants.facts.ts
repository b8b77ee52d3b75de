// The facts eligibility and amounts are computed from, read in the caller's transaction (the request context's):
// the worker (workers module), her case and its order (read views, the job-orders module's terms), the province's
// eligible areas, what she was already awarded anywhere (R26), the days she was present in training.
import { select } from '../../db/sql';
import { NotFoundError } from '../../shared/errors';
import { policiesAt } from '../policies';
import { grantFactsOf, type GrantWorkerFacts } from '../workers';
import { orderMoneyTerms } from '../job-orders';
import { CASE_STATE_TABLE } from '../cases';
import { communeName } from '../reference';
import {
  allowedFor,
  bestGroup,
  eligibility,
  type ClaimAllowed,
  type ClaimInput,
  type Criterion,
  type EligibilityFacts,
  type Item,
  type Programme,
} from './grants.rules';

export interface Evaluation {
  facts: EligibilityFacts;
  worker: GrantWorkerFacts;
  criteria: Criterion[];
  group: { group: string; clause: string; label: string } | null;
  claims: ClaimAllowed[];
  allowedVnd: bigint;
  claimedVnd: bigint;
  policyIds: number[];
}

export async function programmeRow(code: string) {
  const [p] = await select<{
    code: Programme;
    name: string;
    payable_from: string;
    payable_to: string | null;
    citation: string;
    rolls_over: boolean;
  }>('SELECT code, name, payable_from, payable_to, citation, rolls_over FROM grant_programmes WHERE code = $1', [code]);
  if (!p) throw new NotFoundError('Không có chương trình hỗ trợ này');
  return p;
}

interface EvaluateInput {
  workerId: number;
  caseId: number;
  provinceCode?: string | null;
  on: string;
  declaredGroups?: string[];
  claims?: ClaimInput[];
  /** the application being judged: its own awards do not count against it */
  applicationId?: number | null;
}

/** Everything about one worker, case and programme at a date, and the amounts of the claims given. */
export async function evaluate(o: EvaluateInput & { programme: string }): Promise<Evaluation> {
  const [ev] = await evaluateAll(o, [o.programme]);
  return ev!;
}

/**
 * The same for several programmes: the worker, her area, case, order, awards and training days are read once (the
 * eligibility preview judges both programmes on one set of facts), the programmes in one statement.
 */
export async function evaluateAll(o: EvaluateInput, programmes: readonly string[]): Promise<Evaluation[]> {
  const rows = await select<{
    code: Programme;
    name: string;
    payable_from: string;
    payable_to: string | null;
    citation: string;
  }>('SELECT code, name, payable_from, payable_to, citation FROM grant_programmes WHERE code = ANY($1)', [
    [...programmes],
  ]);
  const byCode = new Map(rows.map((r) => [r.code as string, r]));
  for (const code of programmes) if (!byCode.has(code)) throw new NotFoundError('Không có chương trình hỗ trợ này');
  const worker = await grantFactsOf(o.workerId);
  if (!worker) throw new NotFoundError('Không tìm thấy người lao động');
  const [area] = await select<{
    kind: 'poor_district' | 'coastal_commune';
    commune_code: string | null;
    old_district_name: string | null;
    old_province_name: string | null;
  }>(
    `SELECT kind, commune_code, old_district_name, old_province_name FROM grant_eligible_areas
     WHERE province_code = $1 AND (commune_code = $2 OR (old_province_name = $3 AND old_district_name = $4))
     ORDER BY kind DESC LIMIT 1`,
    [worker.provinceCode, worker.communeCode, worker.oldProvinceName, worker.oldDistrictName],
  );
  const [c] = await select<{ state: string; job_order_id: string; reference: string | null }>(
    `SELECT p.state, p.job_order_id, o.reference FROM case_placements p JOIN job_order_terms o ON o.id = p.job_order_id
     WHERE p.id = $1 AND p.worker_id = $2`,
    [o.caseId, o.workerId],
  );
  const terms = c ? await orderMoneyTerms(Number(c.job_order_id), o.on) : null;
  const awarded = await select<{ item: string; grant_application_id: string; province_code: string | null }>(
    `SELECT a.item, a.grant_application_id, g.province_code FROM grant_item_awards a
     JOIN grant_applications g ON g.id = a.grant_application_id WHERE a.worker_id = $1`,
    [o.workerId],
  );
  const [days] = await select<{ n: string | null }>(
    'SELECT sum(days_present) AS n FROM enrolment_attendance WHERE worker_id = $1 AND (case_id = $2 OR case_id IS NULL)',
    [o.workerId, o.caseId],
  );
  const policy = await policiesAt(o.on);
  const minAge = policy.require('worker.min_age');
  return programmes.map((code) => {
    const p = byCode.get(code)!;
    const facts: EligibilityFacts = {
      on: o.on,
      programme: {
        code: p.code,
        name: p.name,
        payableFrom: p.payable_from,
        payableTo: p.payable_to,
        citation: p.citation,
      },
      worker,
      provinceCode: o.provinceCode ?? worker.provinceCode ?? '',
      area: area
        ? {
            kind: area.kind,
            label: area.commune_code
              ? `${area.kind === 'coastal_commune' ? 'xã đặc biệt khó khăn' : 'xã thuộc huyện nghèo'} ${communeName(area.commune_code)}`
              : `huyện nghèo ${area.old_district_name}, ${area.old_province_name} (địa giới cũ)`,
          }
        : null,
      case: c
        ? {
            state: c.state,
            stageLabel: CASE_STATE_TABLE[c.state as keyof typeof CASE_STATE_TABLE]?.label ?? c.state,
            orderApproved: Boolean(
              terms &&
              (terms.agencyKind === 'public_unit' || (terms.supplyApprovedOn && terms.supplyApprovedOn <= o.on)),
            ),
            orderReference: c.reference ?? '',
          }
        : null,
      declaredGroups: o.declaredGroups ?? [],
      awarded: awarded
        .filter((a) => Number(a.grant_application_id) !== (o.applicationId ?? 0))
        .map((a) => ({ item: a.item, applicationId: Number(a.grant_application_id), provinceCode: a.province_code })),
    };
    const criteria = eligibility(facts, minAge);
    const group = bestGroup(facts);
    const claims = (o.claims ?? []).map((cl) =>
      allowedFor(policy, p.code, group?.clause ?? 'none', cl, {
        daysPresent: Number(days?.n ?? 0),
        difficultArea: area?.kind === 'coastal_commune',
        awarded: facts.awarded.some((a) => a.item === cl.item),
      }),
    );
    return {
      facts,
      worker,
      criteria,
      group,
      claims,
      allowedVnd: claims.reduce((a, x) => a + x.allowedVnd, 0n),
      claimedVnd: (o.claims ?? []).reduce((a, x) => a + x.claimedVnd, 0n),
      policyIds: [minAge.id, ...claims.flatMap((x) => (x.policyId ? [x.policyId] : []))],
    };
  });
}

/** The claims of an application as the rules read them. */
export async function claimsOf(applicationId: number): Promise<(ClaimInput & { evidence: string | null })[]> {
  const rows = await select<{ item: Item; quantity: number; claimed_vnd: string; evidence: string | null }>(
    'SELECT item, quantity, claimed_vnd, evidence FROM grant_claims WHERE grant_application_id = $1 ORDER BY id',
    [applicationId],
  );
  return rows.map((r) => ({
    item: r.item,
    quantity: r.quantity,
    claimedVnd: BigInt(r.claimed_vnd),
    evidence: r.evidence,
  }));
}
