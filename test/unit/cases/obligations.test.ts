// A case's obligations, computed by pure rules from its facts, the policy values and the holiday calendar: no
// database. Each rule id is DOMAIN.md §11's.
import { expect } from 'chai';
import { caseObligations, type ObligationFacts } from '../../../server/modules/cases/cases.rules';
import { seededCalendar, seededPolicies } from '../../helpers/policies';

const base: ObligationFacts = {
  state: 'registered',
  selectedOn: null,
  waitingAgreementOn: null,
  plannedDepartureOn: null,
  fundContributionPaidOn: null,
  departedOn: null,
  labourContractEndOn: null,
  returnedOn: null,
  liquidatedOn: null,
  databaseUpdatedOn: null,
  changes: [],
  papers: [],
  today: '2026-11-27',
};
const compute = (
  f: Partial<ObligationFacts>,
  policyDate = '2026-11-27',
  extra: Parameters<typeof seededPolicies>[1] = [],
) => caseObligations({ ...base, ...f }, seededPolicies(policyDate, extra), seededCalendar());
const by = (list: ReturnType<typeof compute>, kind: string) => list.find((o) => o.kind === kind);

describe('case obligations (pure rules)', () => {
  it("R15: 180 days from selection, open while waiting; the worker's written agreement waives it; departure meets it", () => {
    expect(by(compute({ state: 'selected', selectedOn: '2026-06-01' }), 'waiting_limit')).to.include({
      dueOn: '2026-11-28',
      status: 'open',
      ruleId: 'R15',
      whoseMove: 'agency',
    });
    expect(
      by(
        compute({ state: 'visa_processing', selectedOn: '2026-06-01', waitingAgreementOn: '2026-11-20' }),
        'waiting_limit',
      ),
    ).to.include({ status: 'waived' });
    expect(
      by(compute({ state: 'departed', selectedOn: '2026-06-01', departedOn: '2026-11-27' }), 'waiting_limit'),
    ).to.include({ status: 'met', metOn: '2026-11-27' });
    // registered and prescreened cases are not yet selected: no clock
    expect(by(compute({ state: 'prescreened' }), 'waiting_limit')).to.equal(undefined);
  });

  it('R13: the Fund contribution 3 days before the planned departure; paid late stays open; unpaid at departure is waived with the reason', () => {
    const planned = { state: 'ready_to_depart' as const, plannedDepartureOn: '2026-12-20' };
    expect(by(compute(planned), 'fund_contribution')).to.include({
      dueOn: '2026-12-17',
      status: 'open',
      whoseMove: 'worker',
      ruleId: 'R13',
    });
    expect(by(compute({ ...planned, fundContributionPaidOn: '2026-12-17' }), 'fund_contribution')).to.include({
      status: 'met',
    });
    expect(by(compute({ ...planned, fundContributionPaidOn: '2026-12-18' }), 'fund_contribution')).to.include({
      status: 'open',
    });
    expect(
      by(
        compute({ state: 'departed', plannedDepartureOn: '2026-12-20', departedOn: '2026-12-20' }),
        'fund_contribution',
      ),
    ).to.include({ status: 'waived' });
  });

  it('R17: the database update 5 days after departure; in working days, across Tết, when the policy says so', () => {
    const departed = { state: 'departed' as const, departedOn: '2027-02-03', today: '2027-02-03' };
    expect(by(compute(departed, '2027-02-03'), 'departure_update')).to.include({ dueOn: '2027-02-08', status: 'open' });
    const inWorkingDays = compute(departed, '2027-02-03', [
      {
        key: 'departure_update.days',
        value: '5',
        unit: 'working_days',
        effectiveFrom: '2027-01-01',
        citation: 'thử nghiệm',
      },
    ]);
    // 04–10/02/2027 are Tết and its compensatory days: the fifth working day after 03/02 is 17/02
    expect(by(inWorkingDays, 'departure_update')).to.include({ dueOn: '2027-02-17' });
    expect(by(compute({ ...departed, databaseUpdatedOn: '2027-02-05' }, '2027-02-03'), 'departure_update')).to.include({
      status: 'met',
    });
  });

  it('R17: a monthly update is due only in the month after a reportable change, never as a standing duty', () => {
    const abroad = { state: 'departed' as const, departedOn: '2026-01-10', databaseUpdatedOn: '2026-01-12' };
    expect(compute(abroad).filter((o) => o.kind.startsWith('monthly_update'))).to.deep.equal([]);
    const extended = compute({
      ...abroad,
      changes: [
        { on: '2026-10-14', what: 'extend' },
        { on: '2026-10-30', what: 'extend' },
      ],
    });
    expect(
      extended.filter((o) => o.kind.startsWith('monthly_update')).map((o) => [o.kind, o.dueOn, o.status]),
    ).to.deep.equal([['monthly_update:2026-10', '2026-11-19', 'open']]);
    const reported = compute({
      ...abroad,
      databaseUpdatedOn: '2026-11-02',
      changes: [{ on: '2026-10-14', what: 'extend' }],
    });
    expect(by(reported, 'monthly_update:2026-10')).to.include({ status: 'met' });
  });

  it('R20 and R21: liquidation 180 days after the contract ends (an early return ends it), the residence notice 15 days after re-entry', () => {
    const back = {
      state: 'returned' as const,
      departedOn: '2025-04-01',
      labourContractEndOn: '2028-04-01',
      returnedOn: '2026-09-30',
    };
    expect(by(compute(back), 'liquidation')).to.include({ dueOn: '2027-03-29', status: 'open', ruleId: 'R20' });
    expect(by(compute(back), 'residence_notice')).to.include({
      dueOn: '2026-10-15',
      status: 'open',
      whoseMove: 'worker',
      ruleId: 'R21',
    });
    const done = compute({ ...back, state: 'liquidated', liquidatedOn: '2026-11-20' });
    expect(by(done, 'liquidation')).to.include({ status: 'met', metOn: '2026-11-20' });
    expect(by(done, 'residence_notice')).to.include({ status: 'waived' });
  });

  it('papers expiring before the planned departure are obligations of whoever renews them', () => {
    const list = compute({
      state: 'visa_processing',
      selectedOn: '2026-09-01',
      plannedDepartureOn: '2027-01-15',
      papers: [
        { kind: 'passport', expiresOn: '2027-01-10' },
        { kind: 'visa', expiresOn: '2027-06-01' },
        { kind: 'health_certificate', expiresOn: '2026-12-31' },
      ],
    });
    expect(by(list, 'paper_expiry:passport')).to.include({
      dueOn: '2027-01-10',
      whoseMove: 'worker',
      ruleId: 'PAPERS',
    });
    expect(by(list, 'paper_expiry:health_certificate')).to.include({ dueOn: '2026-12-31' });
    expect(by(list, 'paper_expiry:visa')).to.equal(undefined);
  });

  it('a shorter waiting limit in a new policy version moves the due date', () => {
    const list = compute({ state: 'selected', selectedOn: '2026-06-01' }, '2026-11-27', [
      { key: 'waiting.max_days', value: '150', unit: 'days', effectiveFrom: '2026-11-01', citation: 'thử nghiệm' },
    ]);
    expect(by(list, 'waiting_limit')).to.include({ dueOn: '2026-10-29' });
  });
});
