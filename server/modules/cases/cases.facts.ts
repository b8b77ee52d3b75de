// The facts the case rules read (cases.rules.ts), gathered in the caller's transaction: the job order's terms, the
// worker's papers (through the facts registry: papers are another module's rows), notices and events.
import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { verdict, type Verdict } from '../../shared/rules';
import { factsOf } from '../../shared/registry';
import { policiesAt } from '../policies';
import { workingCalendar } from '../reference';
import type { Case } from './cases.model';
import { caseObligations, checkDeparture, type DepartureFacts, type ObligationFacts } from './cases.rules';
import { today, dateInVietnam } from '../../shared/clock';
import type { ObligationSpec, SubjectScope } from '../../shared/obligations';
import { residenceOf } from '../workers';
import { select } from '../../db/sql';
import type { CaseState } from './cases.states';

/** Gathers the facts for a case at a date. */
export async function departureFacts(
  c: Pick<Case, 'id' | 'workerId' | 'jobOrderId' | 'agencyId'>,
  date: string,
  transaction?: Transaction,
): Promise<DepartureFacts> {
  const [order] = await sequelize().query<{
    job_category: string;
    destination_country: string | null;
    deposit_vnd: string;
    contract_months: number | null;
  }>('SELECT job_category, destination_country, deposit_vnd, contract_months FROM job_order_terms WHERE id = $1', {
    bind: [c.jobOrderId],
    type: QueryTypes.SELECT,
    transaction,
  });
  const papers = await factsOf(
    'papers.forDeparture',
    { workerId: Number(c.workerId), caseId: Number(c.id) },
    transaction,
  );
  // R13 and the deposit: what the ledger says (the money module's entries, not a typed date)
  const money = await factsOf('money.forCase', { caseId: Number(c.id) }, transaction);
  return {
    date,
    agencyId: Number(c.agencyId),
    jobCategory: order.job_category,
    market: order.destination_country,
    depositRequiredVnd: Number(order.deposit_vnd),
    fundContributionPaidOn: money.fundPaidOn,
    // the deposit the order requires, in full (R9): a part of it is not "deposited"
    workerDepositPaidOn:
      money.depositReceivedVnd > 0 && money.depositReceivedVnd >= Number(order.deposit_vnd)
        ? money.depositReceivedOn
        : null,
    papers,
  };
}

export async function departureVerdicts(
  c: Parameters<typeof departureFacts>[0],
  date: string | null,
  transaction?: Transaction,
): Promise<Verdict[]> {
  if (!date) return [verdict('R15', false, 'Cần ghi ngày xuất cảnh dự kiến để kiểm tra giấy tờ.', {})];
  return checkDeparture(await departureFacts(c, date, transaction), await policiesAt(date), await workingCalendar());
}

type CaseFactsRow = Pick<
  Case,
  | 'id'
  | 'workerId'
  | 'agencyId'
  | 'selectedOn'
  | 'waitingAgreementOn'
  | 'plannedDepartureOn'
  | 'contractSignedOn'
  | 'departedOn'
  | 'labourContractEndOn'
  | 'returnedOn'
  | 'liquidatedOn'
  | 'databaseUpdatedOn'
  | 'residenceNotifiedOn'
  | 'jobOrderId'
> & { state: string };

/** The facts a case's obligations are computed from, read in the caller's transaction. */
export async function obligationFacts(c: CaseFactsRow, transaction?: Transaction): Promise<ObligationFacts> {
  const on = today();
  const events = await select<{ action: string; at: Date; input: { returnedOn?: string } }>(
    "SELECT action, at, input FROM case_events WHERE case_id = $1 AND action IN ('return', 'extend', 'withdraw', 'reject') ORDER BY id",
    [c.id],
    transaction,
  );
  // a worker who left before departure: the day she left (her deposit is due back from it, R11)
  const exit = events.find((e) => e.action === 'withdraw' || e.action === 'reject');
  const changes = events
    .filter((e) => e.action === 'return' || e.action === 'extend')
    .map((e) => {
      const recordedOn = dateInVietnam(new Date(e.at));
      return {
        on: e.action === 'return' && e.input.returnedOn ? e.input.returnedOn : recordedOn,
        what: e.action,
        recordedOn,
      };
    });
  if (c.labourContractEndOn && c.labourContractEndOn <= on && !c.returnedOn)
    changes.push({ on: c.labourContractEndOn, what: 'contract_end', recordedOn: c.labourContractEndOn });
  const papers = await factsOf(
    'papers.forDeparture',
    { workerId: Number(c.workerId), caseId: Number(c.id) },
    transaction,
  );
  const latest = new Map<string, { kind: string; expiresOn: string | null; issued: string }>();
  for (const p of papers) {
    const seen = latest.get(p.kind);
    if (!seen || p.issued_on > seen.issued)
      latest.set(p.kind, { kind: p.kind, expiresOn: p.expires_on, issued: p.issued_on });
  }
  const [order] = await select<{ destination_country: string | null; job_category: string }>(
    'SELECT destination_country, job_category FROM job_order_terms WHERE id = $1',
    [c.jobOrderId],
    transaction,
  );
  // the ledger: the Fund contribution (R13), the deposit made (R14) and given back (R11)
  const money = await factsOf('money.forCase', { caseId: Number(c.id) }, transaction);
  return {
    state: c.state as CaseState,
    selectedOn: c.selectedOn,
    waitingAgreementOn: c.waitingAgreementOn,
    plannedDepartureOn: c.plannedDepartureOn,
    contractSignedOn: c.contractSignedOn ?? null,
    jobCategory: order?.job_category ?? null,
    fundContributionPaidOn: money.fundPaidOn,
    depositReceivedVnd: money.depositReceivedVnd,
    depositReceivedOn: money.depositReceivedOn,
    depositHeldVnd: money.depositHeldVnd,
    depositSettledOn: money.depositSettledOn,
    exitedOn: exit ? dateInVietnam(new Date(exit.at)) : null,
    departedOn: c.departedOn,
    labourContractEndOn: c.labourContractEndOn,
    returnedOn: c.returnedOn,
    liquidatedOn: c.liquidatedOn,
    databaseUpdatedOn: c.databaseUpdatedOn ?? null,
    residenceNotifiedOn: c.residenceNotifiedOn ?? null,
    // the passport's margin depends on the destination
    market: order?.destination_country ?? null,
    changes: changes.sort((a, b) => a.on.localeCompare(b.on)),
    papers: [...latest.values()].map(({ kind, expiresOn }) => ({ kind, expiresOn })),
    today: on,
  };
}

/** A case's obligations now (policies in force today, the holiday calendar), and where the case sits. */
export async function computeCaseObligations(
  c: CaseFactsRow,
  transaction?: Transaction,
): Promise<{ specs: ObligationSpec[]; scope: SubjectScope }> {
  const facts = await obligationFacts(c, transaction);
  const specs = caseObligations(facts, await policiesAt(facts.today), await workingCalendar());
  const residence = await residenceOf(Number(c.workerId));
  return {
    specs,
    scope: { agencyId: Number(c.agencyId), provinceCode: residence.provinceCode, communeCode: residence.communeCode },
  };
}
