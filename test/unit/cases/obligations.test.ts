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
  contractSignedOn: null,
  jobCategory: 'general',
  fundContributionPaidOn: null,
  depositReceivedVnd: 0,
  depositReceivedOn: null,
  depositHeldVnd: 0,
  depositSettledOn: null,
  departedOn: null,
  labourContractEndOn: null,
  returnedOn: null,
  liquidatedOn: null,
  databaseUpdatedOn: null,
  residenceNotifiedOn: null,
  changes: [],
  papers: [],
  market: null,
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
    // departed after the limit with no written agreement: met, late (metOn after dueOn), for alerts and reports
    expect(
      by(compute({ state: 'departed', selectedOn: '2026-01-01', departedOn: '2026-08-01' }), 'waiting_limit'),
    ).to.include({ status: 'met', dueOn: '2026-06-30', metOn: '2026-08-01' });
    // departed after the limit with the worker's written agreement: waived, with the agreement's date
    expect(
      by(
        compute({
          state: 'departed',
          selectedOn: '2026-01-01',
          departedOn: '2026-08-01',
          waitingAgreementOn: '2026-06-20',
        }),
        'waiting_limit',
      ),
    ).to.include({ status: 'waived' });
    // registered and prescreened cases are not yet selected: no clock
    expect(by(compute({ state: 'prescreened' }), 'waiting_limit')).to.equal(undefined);
  });

  it('R13: the Fund contribution 3 days before departure (the real one once known); paid late is met late; unpaid at departure is waived with the reason', () => {
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
    // paid a day late: done, and visibly late (met after its due date)
    expect(by(compute({ ...planned, fundContributionPaidOn: '2026-12-18' }), 'fund_contribution')).to.include({
      status: 'met',
      metOn: '2026-12-18',
      dueOn: '2026-12-17',
    });
    // departed earlier than planned: the deadline follows the real departure (10/03 → 07/03), so 09/03 was late
    expect(
      by(
        compute({
          state: 'departed',
          plannedDepartureOn: '2027-03-20',
          departedOn: '2027-03-10',
          fundContributionPaidOn: '2027-03-09',
        }),
        'fund_contribution',
      ),
    ).to.include({ dueOn: '2027-03-07', status: 'met', metOn: '2027-03-09' });
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
        { on: '2026-10-14', what: 'extend', recordedOn: '2026-10-14' },
        { on: '2026-10-30', what: 'extend', recordedOn: '2026-10-30' },
      ],
    });
    expect(
      extended.filter((o) => o.kind.startsWith('monthly_update')).map((o) => [o.kind, o.dueOn, o.status]),
    ).to.deep.equal([['monthly_update:2026-10', '2026-11-19', 'open']]);
    const reported = compute({
      ...abroad,
      databaseUpdatedOn: '2026-11-02',
      changes: [{ on: '2026-10-14', what: 'extend', recordedOn: '2026-10-14' }],
    });
    expect(by(reported, 'monthly_update:2026-10')).to.include({ status: 'met' });
    // an update between two changes of the month reports the first only: the month stays open for the second
    const twoChanges = compute({
      ...abroad,
      databaseUpdatedOn: '2026-10-10',
      changes: [
        { on: '2026-10-03', what: 'extend', recordedOn: '2026-10-03' },
        { on: '2026-10-25', what: 'return', recordedOn: '2026-10-25' },
      ],
    });
    expect(by(twoChanges, 'monthly_update:2026-10')).to.include({ status: 'open' });
    // a return dated 01/11 but recorded on 20/11 cannot have been reported by an update made on 10/11
    const recordedLate = compute({
      ...abroad,
      databaseUpdatedOn: '2026-11-10',
      today: '2026-11-27',
      changes: [{ on: '2026-11-01', what: 'return', recordedOn: '2026-11-20' }],
    });
    expect(by(recordedLate, 'monthly_update:2026-11')).to.include({ status: 'open', dueOn: '2026-12-19' });
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
    // the worker's notice is hers: liquidation does not meet it; her recorded notice does; a closed case waives it
    expect(by(done, 'residence_notice')).to.include({ status: 'open' });
    expect(by(compute({ ...back, residenceNotifiedOn: '2026-10-05' }), 'residence_notice')).to.include({
      status: 'met',
      metOn: '2026-10-05',
    });
    expect(by(compute({ ...back, state: 'closed', liquidatedOn: '2026-11-20' }), 'residence_notice')).to.include({
      status: 'waived',
    });
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

  it("the passport must stay valid the market's margin after departure, as the departure check says", () => {
    const list = compute({
      state: 'visa_processing',
      selectedOn: '2026-09-01',
      plannedDepartureOn: '2027-01-15',
      market: 'JP',
      papers: [{ kind: 'passport', expiresOn: '2027-04-01' }],
    });
    // valid on departure day, but not 6 months after it: renew before departure
    expect(by(list, 'paper_expiry:passport')).to.include({ dueOn: '2027-01-15', status: 'open', whoseMove: 'worker' });
    const long = compute({
      state: 'visa_processing',
      plannedDepartureOn: '2027-01-15',
      market: 'JP',
      papers: [{ kind: 'passport', expiresOn: '2030-01-01' }],
    });
    expect(by(long, 'paper_expiry:passport')).to.equal(undefined);
  });

  it('a duration with no policy version in force is left out, never an error that blocks the case', () => {
    const list = compute(
      { state: 'departed', selectedOn: '2018-06-01', departedOn: '2018-09-01', today: '2018-09-02' },
      '2018-09-02',
    );
    expect(list).to.deep.equal([]);
  });

  it('a shorter waiting limit in a new policy version moves the due date', () => {
    const list = compute({ state: 'selected', selectedOn: '2026-06-01' }, '2026-11-27', [
      { key: 'waiting.max_days', value: '150', unit: 'days', effectiveFrom: '2026-11-01', citation: 'thử nghiệm' },
    ]);
    expect(by(list, 'waiting_limit')).to.include({ dueOn: '2026-10-29' });
  });

  it('R14: the EPS deposit within 35 days of signing: open on the 35th day, met by a deposit on it', () => {
    const eps = { state: 'contract_signed' as const, jobCategory: 'kr_eps', contractSignedOn: '2026-11-01' };
    expect(by(compute(eps), 'eps_deposit')).to.include({ ruleId: 'R14', dueOn: '2026-12-06', status: 'open' });
    expect(
      by(
        compute({
          ...eps,
          depositReceivedVnd: 100_000_000,
          depositReceivedOn: '2026-12-06',
          depositHeldVnd: 100_000_000,
        }),
        'eps_deposit',
      ),
    ).to.include({ status: 'met', metOn: '2026-12-06' });
    // not an EPS order: no such duty
    expect(by(compute({ ...eps, jobCategory: 'general' }), 'eps_deposit')).to.equal(undefined);
  });

  it('R11: a deposit held after liquidation is due back within the policy days; met when nothing is held', () => {
    const liq = {
      state: 'liquidated' as const,
      departedOn: '2025-01-10',
      returnedOn: '2026-01-10',
      labourContractEndOn: '2026-01-10',
      liquidatedOn: '2026-11-02',
      depositReceivedVnd: 12_000_000,
      depositReceivedOn: '2024-12-01',
      depositHeldVnd: 12_000_000,
    };
    expect(by(compute(liq), 'deposit_refund')).to.include({ ruleId: 'R11', dueOn: '2026-11-17', status: 'open' });
    expect(by(compute({ ...liq, depositHeldVnd: 0, depositSettledOn: '2026-11-10' }), 'deposit_refund')).to.include({
      status: 'met',
      metOn: '2026-11-10',
    });
    // no deposit: no refund duty
    expect(by(compute({ ...liq, depositReceivedVnd: 0, depositHeldVnd: 0 }), 'deposit_refund')).to.equal(undefined);
  });
});
