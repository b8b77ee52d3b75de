import { expect } from 'chai';
import { checkAdult, checkDeparture, type DepartureFacts } from '../../../server/modules/cases/cases.rules';
import { seededCalendar, seededPolicies } from '../../helpers/policies';

const DEPART = '2026-12-15';
const passport = {
  kind: 'passport',
  number: 'C1',
  issued_on: '2022-01-01',
  expires_on: '2027-06-15',
  sender_agency_id: null,
  job_category: null,
  market: null,
};
const orientation = {
  kind: 'orientation_certificate',
  number: 'O1',
  issued_on: '2025-06-01',
  expires_on: '2027-06-01',
  sender_agency_id: '7',
  job_category: 'general',
  market: 'JP',
};
const visa = {
  kind: 'visa',
  number: 'V1',
  issued_on: '2026-11-01',
  expires_on: '2027-11-01',
  sender_agency_id: null,
  job_category: null,
  market: null,
};

function facts(over: Partial<DepartureFacts> = {}): DepartureFacts {
  return {
    date: DEPART,
    agencyId: 7,
    jobCategory: 'general',
    market: 'JP',
    depositRequiredVnd: 0,
    fundContributionPaidOn: '2026-12-01',
    workerDepositPaidOn: null,
    papers: [passport, orientation, visa],
    ...over,
  };
}
const failing = (f: DepartureFacts) =>
  checkDeparture(f, seededPolicies(f.date), seededCalendar())
    .filter((v) => !v.ok)
    .map((v) => v.ruleId);

describe('departure checks', () => {
  it('when every paper and payment is in order, then nothing fails', () => {
    expect(failing(facts())).to.deep.equal([]);
  });

  it('R1: 18 exactly on the signing day passes; the day before fails', () => {
    expect(checkAdult('2008-12-15', '2026-12-15', seededPolicies('2026-12-15')).ok).to.equal(true);
    expect(checkAdult('2008-12-15', '2026-12-14', seededPolicies('2026-12-14')).ok).to.equal(false);
  });

  it('R19: an orientation certificate issued 24 months before departure is still valid; 24 months and one day is not', () => {
    expect(
      failing(
        facts({ papers: [passport, visa, { ...orientation, issued_on: '2024-12-15', expires_on: '2026-12-15' }] }),
      ),
    ).to.deep.equal([]);
    expect(
      failing(
        facts({ papers: [passport, visa, { ...orientation, issued_on: '2024-12-14', expires_on: '2026-12-14' }] }),
      ),
    ).to.deep.equal(['R19']);
  });

  it('R19: a certificate for another market, another sender or another job needs re-orientation', () => {
    expect(failing(facts({ papers: [passport, visa, { ...orientation, market: 'TW' }] }))).to.deep.equal(['R19']);
    expect(failing(facts({ papers: [passport, visa, { ...orientation, sender_agency_id: '8' }] }))).to.deep.equal([
      'R19',
    ]);
    expect(failing(facts({ papers: [passport, visa, { ...orientation, job_category: 'agriculture' }] }))).to.deep.equal(
      ['R19'],
    );
  });

  it('passport margin: valid exactly 6 months after departure passes; one day less fails', () => {
    expect(failing(facts({ papers: [orientation, visa, { ...passport, expires_on: '2027-06-15' }] }))).to.deep.equal(
      [],
    );
    expect(failing(facts({ papers: [orientation, visa, { ...passport, expires_on: '2027-06-14' }] }))).to.deep.equal([
      'PAPERS',
    ]);
  });

  it('a missing visa fails', () => {
    expect(failing(facts({ papers: [passport, orientation] }))).to.deep.equal(['PAPERS']);
  });

  it('R13: the Fund contribution 3 days before departure passes; 2 days before fails; none fails', () => {
    expect(failing(facts({ fundContributionPaidOn: '2026-12-12' }))).to.deep.equal([]);
    expect(failing(facts({ fundContributionPaidOn: '2026-12-13' }))).to.deep.equal(['R13']);
    expect(failing(facts({ fundContributionPaidOn: null }))).to.deep.equal(['R13']);
  });

  it('R9: an order that requires a deposit needs it recorded', () => {
    expect(failing(facts({ depositRequiredVnd: 12_000_000 }))).to.deep.equal(['R9']);
    expect(failing(facts({ depositRequiredVnd: 12_000_000, workerDepositPaidOn: '2026-11-20' }))).to.deep.equal([]);
  });
});
