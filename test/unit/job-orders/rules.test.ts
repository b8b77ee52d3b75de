import { expect } from 'chai';
import { evaluateJobOrder, type JobOrderFacts } from '../../../server/modules/job-orders/job-orders.rules';
import { seededPolicies } from '../../helpers/policies';

const TODAY = '2026-11-27';
type Order = JobOrderFacts['order'];

function facts(
  o: Partial<Order>,
  agencyKind: JobOrderFacts['agencyKind'] = 'service_enterprise',
  region: string | null = null,
): JobOrderFacts {
  const base: Order = {
    jobCategory: 'general',
    employerName: 'Công ty A',
    employerCountry: 'JP',
    destinationCountry: 'JP',
    jobTitle: 'Công nhân',
    headcount: 10,
    salaryCurrency: 'JPY',
    salaryMinor: 200_000,
    fxRate: '170',
    fxRateDate: '2026-10-01',
    fxRateSource: 'NHNN',
    contractMonths: 36,
    serviceFeeVnd: 0,
    foreignPaidFeeVnd: 0,
    brokerageVnd: 0,
    depositVnd: 0,
    depositHolder: null,
    airfareVnd: null,
    supplyRegNumber: '123/QLLĐNN',
    supplyRegDate: '2026-09-01',
    supplyRegStatus: 'approved',
    programmeReference: null,
    ministryReportDate: null,
  };
  const regions: Record<string, string> = {
    JP: 'east_asia',
    TW: 'east_asia',
    KR: 'east_asia',
    MY: 'southeast_asia',
    SG: 'southeast_asia',
    SA: 'middle_east',
    US: 'americas',
    AU: 'oceania',
    DE: 'europe',
  };
  const order = { ...base, ...o };
  return { order, agencyKind, region: region ?? regions[order.destinationCountry ?? ''] ?? null };
}

const verdictOf = (f: JobOrderFacts, rule: string, date = TODAY) =>
  evaluateJobOrder(f, seededPolicies(date)).find((v) => v.ruleId === rule)!;
const capOf = (f: JobOrderFacts, date = TODAY) => verdictOf(f, 'R7', date).details.allowedVnd as number;

/** At the cap passes; one đồng over fails (R7). */
function expectCap(o: Partial<Order>, cap: number, agencyKind: JobOrderFacts['agencyKind'] = 'service_enterprise') {
  expect(capOf(facts(o, agencyKind)), JSON.stringify(o)).to.equal(cap);
  expect(verdictOf(facts({ ...o, serviceFeeVnd: cap }, agencyKind), 'R7').ok, 'at the cap').to.equal(true);
  expect(verdictOf(facts({ ...o, serviceFeeVnd: cap + 1 }, agencyKind), 'R7').ok, '1 đồng over').to.equal(false);
}

describe('job order rules', () => {
  describe('R7 service-fee cap, every category of DOMAIN.md §3.4 at its cap and 1 đồng over', () => {
    // 200,000 JPY × 170 = 34,000,000 đồng a month
    it('Japan technical intern No. 1–2: the Law cap, 1 month per 12, at most 3', () =>
      expectCap({ jobCategory: 'jp_tts_1_2' }, 102_000_000));
    it('Japan technical intern No. 3: 0', () => expectCap({ jobCategory: 'jp_tts_3' }, 0));
    it('Japan specified skilled worker after TTS: 0', () => expectCap({ jobCategory: 'jp_ssw_after_tts' }, 0));
    it('Japan high-skilled, construction, shipbuilding: 0.7 per 12, at most 2', () =>
      expectCap({ jobCategory: 'jp_high_skilled' }, 68_000_000));
    // 29,500 TWD × 800 = 23,600,000 đồng a month
    const tw = {
      destinationCountry: 'TW',
      employerCountry: 'TW',
      salaryCurrency: 'TWD',
      salaryMinor: 29_500,
      fxRate: '800',
    };
    it('Taiwan institutional caregivers and nurses: 0.7 per 12, at most 2', () =>
      expectCap({ ...tw, jobCategory: 'institutional_caregiver' }, 47_200_000));
    it('Taiwan home caregivers and domestic helpers: 0.4 per 12, at most 1', () =>
      expectCap({ ...tw, jobCategory: 'home_caregiver' }, 23_600_000));
    it('Taiwan agriculture: 0.4 per 12, at most 1', () => expectCap({ ...tw, jobCategory: 'agriculture' }, 23_600_000));
    it('Taiwan coastal fishing crew: 0.4 per 12, at most 1', () =>
      expectCap({ ...tw, jobCategory: 'fishing_coastal' }, 23_600_000));
    it('Taiwan home caregiver on 24 months: 0.4 × 2 = 0.8 month', () =>
      expectCap({ ...tw, jobCategory: 'home_caregiver', contractMonths: 24 }, 18_880_000));
    // 2,100,000 KRW × 18.5 = 38,850,000 đồng
    it('Korea coastal fishing crew: 0.7 per 12, at most 2', () =>
      expectCap(
        {
          destinationCountry: 'KR',
          salaryCurrency: 'KRW',
          salaryMinor: 2_100_000,
          fxRate: '18.5',
          jobCategory: 'fishing_coastal',
        },
        77_700_000,
      ));
    it('Southeast Asia domestic helpers: 0', () =>
      expectCap(
        {
          destinationCountry: 'MY',
          salaryCurrency: 'MYR',
          salaryMinor: 150_000,
          fxRate: '5600',
          jobCategory: 'home_caregiver',
        },
        0,
      ));
    it('Middle East domestic helpers: 0', () =>
      expectCap(
        {
          destinationCountry: 'SA',
          salaryCurrency: 'SAR',
          salaryMinor: 150_000,
          fxRate: '6900',
          jobCategory: 'home_caregiver',
        },
        0,
      ));
    it('Australia agriculture: 0', () =>
      expectCap(
        {
          destinationCountry: 'AU',
          salaryCurrency: 'AUD',
          salaryMinor: 400_000,
          fxRate: '16500',
          jobCategory: 'agriculture',
        },
        0,
      ));
    it('seafarers on transport ships: 1.5 per 12 months', () =>
      expectCap(
        {
          destinationCountry: 'SG',
          salaryCurrency: 'USD',
          salaryMinor: 100_000,
          fxRate: '25000',
          jobCategory: 'seafarer_transport',
          contractMonths: 12,
        },
        37_500_000,
      ));
  });

  describe('R7 by contract length (1,500.00 EUR × 27,000 = 40,500,000 đồng a month, Law cap)', () => {
    const de = {
      destinationCountry: 'DE',
      employerCountry: 'DE',
      salaryCurrency: 'EUR',
      salaryMinor: 150_000,
      fxRate: '27000',
    };
    const expected: [number, number][] = [
      [12, 40_500_000],
      [18, 60_750_000],
      [24, 81_000_000],
      [33, 111_375_000],
      [36, 121_500_000],
      [48, 121_500_000],
    ];
    for (const [months, cap] of expected)
      it(`${months} months → ${cap.toLocaleString('vi-VN')} đồng`, () =>
        expectCap({ ...de, contractMonths: months }, cap));
  });

  it('R7 floors a fractional đồng and shows each step', () => {
    const v = verdictOf(facts({ salaryMinor: 180_001, fxRate: '170.35', contractMonths: 18 }), 'R7');
    // 180,001 × 170.35 = 30,663,170.35; × 1.5 = 45,994,755.525 → 45,994,755
    expect(v.details.capVnd).to.equal(45_994_755);
    expect((v.details.steps as string[]).join('\n'))
      .to.contain('30.663.170 ₫')
      .and.contain('45.994.755 ₫');
    expect(v.citation).to.contain('Điều 23');
  });

  it('R7 nets off the part of the fee the foreign side pays', () => {
    expectCap({ jobCategory: 'jp_tts_1_2', foreignPaidFeeVnd: 30_000_000 }, 72_000_000);
    expect(capOf(facts({ foreignPaidFeeVnd: 200_000_000 }))).to.equal(0);
  });

  it('R7: a public unit may charge no service fee (Law Art 42.3)', () => {
    expectCap(
      { destinationCountry: 'DE', salaryCurrency: 'EUR', salaryMinor: 150_000, fxRate: '27000' },
      0,
      'public_unit',
    );
  });

  it('R8: any brokerage charged to the worker is refused', () => {
    expect(verdictOf(facts({ brokerageVnd: 0 }), 'R8').ok).to.equal(true);
    expect(verdictOf(facts({ brokerageVnd: 1 }), 'R8').ok).to.equal(false);
  });

  describe('R9 deposit caps per market and crew type', () => {
    const cases: [string, Partial<Order>, number][] = [
      ['Taiwan, other jobs', { destinationCountry: 'TW' }, 12_000_000],
      [
        'Taiwan coastal fishing (not a no-deposit crew type there)',
        { destinationCountry: 'TW', jobCategory: 'fishing_coastal' },
        12_000_000,
      ],
      ['Taiwan distant-water fishing crew', { destinationCountry: 'TW', jobCategory: 'fishing_distant' }, 0],
      ['Taiwan transport-ship crew', { destinationCountry: 'TW', jobCategory: 'seafarer_transport' }, 0],
      ['Korea, enterprise channel', { destinationCountry: 'KR' }, 36_000_000],
      ['Korea fishing crew', { destinationCountry: 'KR', jobCategory: 'fishing_coastal' }, 0],
      ['Japan', { destinationCountry: 'JP' }, 0],
      ['Southeast Asia', { destinationCountry: 'MY' }, 0],
      ['Middle East', { destinationCountry: 'SA' }, 0],
      ['Americas', { destinationCountry: 'US' }, 0],
      ['other countries, ship crew', { destinationCountry: 'DE', jobCategory: 'seafarer_transport' }, 0],
      ['other countries: one economy airfare', { destinationCountry: 'DE', airfareVnd: 15_000_000 }, 15_000_000],
    ];
    for (const [label, o, cap] of cases) {
      it(`${label}: ${cap.toLocaleString('vi-VN')} đồng passes, 1 đồng more fails`, () => {
        expect(verdictOf(facts({ ...o, depositVnd: cap }), 'R9').ok).to.equal(true);
        expect(verdictOf(facts({ ...o, depositVnd: cap + 1 }), 'R9').ok).to.equal(false);
      });
    }
    it('other countries without an airfare on record: a deposit cannot be checked, so it fails', () => {
      expect(verdictOf(facts({ destinationCountry: 'DE', depositVnd: 1 }), 'R9').ok).to.equal(false);
    });
  });

  describe('R14 Korea EPS', () => {
    const eps: Partial<Order> = {
      jobCategory: 'kr_eps',
      destinationCountry: 'KR',
      salaryCurrency: 'KRW',
      salaryMinor: 2_100_000,
      fxRate: '18.5',
      depositVnd: 100_000_000,
      depositHolder: 'vbsp',
      programmeReference: 'EPS 2026',
      ministryReportDate: '2026-09-01',
    };
    it('through a public unit, 100,000,000 đồng at the Social Policy Bank and no fee: every rule passes', () => {
      const verdicts = evaluateJobOrder(facts(eps, 'public_unit'), seededPolicies(TODAY));
      expect(verdicts.filter((v) => !v.ok)).to.deep.equal([]);
      expect(verdicts.map((v) => v.ruleId))
        .to.include('R14')
        .and.not.include('R9');
    });
    it('a deposit 1 đồng short, another bank, a fee or a service enterprise each fail', () => {
      expect(verdictOf(facts({ ...eps, depositVnd: 99_999_999 }, 'public_unit'), 'R14').ok).to.equal(false);
      expect(verdictOf(facts({ ...eps, depositHolder: 'commercial_bank' }, 'public_unit'), 'R14').ok).to.equal(false);
      expect(verdictOf(facts({ ...eps, serviceFeeVnd: 1 }, 'public_unit'), 'R14').ok).to.equal(false);
      expect(verdictOf(facts({ ...eps, serviceFeeVnd: 1 }, 'public_unit'), 'R7').ok).to.equal(false);
      expect(verdictOf(facts(eps, 'service_enterprise'), 'R14').ok).to.equal(false);
    });
  });

  describe('R3 supply contract registration and the public-unit gate', () => {
    it('a service enterprise needs the registration approved, with number and date not after the decision', () => {
      expect(verdictOf(facts({}), 'R3').ok).to.equal(true);
      expect(verdictOf(facts({ supplyRegStatus: 'submitted' }), 'R3').ok).to.equal(false);
      expect(verdictOf(facts({ supplyRegNumber: null }), 'R3').ok).to.equal(false);
      expect(verdictOf(facts({ supplyRegDate: '2026-11-28' }), 'R3').ok).to.equal(false);
    });
    it('a public unit needs its programme reference and the report to the ministry instead', () => {
      expect(verdictOf(facts({ supplyRegStatus: null }, 'public_unit'), 'R3').ok).to.equal(false);
      expect(
        verdictOf(
          facts({ supplyRegStatus: null, programmeReference: 'EPS', ministryReportDate: '2026-10-01' }, 'public_unit'),
          'R3',
        ).ok,
      ).to.equal(true);
    });
  });

  describe('the date a verdict is computed at', () => {
    const tw = {
      destinationCountry: 'TW',
      salaryCurrency: 'TWD',
      salaryMinor: 29_500,
      fxRate: '800',
      jobCategory: 'home_caregiver' as const,
    };
    it("a version effective tomorrow does not change today's verdict", () => {
      const withTomorrow = seededPolicies(TODAY, [
        {
          key: 'service_fee.total_cap',
          market: 'TW',
          jobCategory: 'home_caregiver',
          value: '0.5',
          unit: 'months_salary',
          effectiveFrom: '2026-11-28',
          effectiveTo: null,
        },
      ]);
      expect(evaluateJobOrder(facts(tw), withTomorrow).find((v) => v.ruleId === 'R7')!.details.allowedVnd).to.equal(
        23_600_000,
      );
      const tomorrow = seededPolicies('2026-11-28', [
        {
          key: 'service_fee.total_cap',
          market: 'TW',
          jobCategory: 'home_caregiver',
          value: '0.5',
          unit: 'months_salary',
          effectiveFrom: '2026-11-28',
          effectiveTo: null,
        },
      ]);
      expect(evaluateJobOrder(facts(tw), tomorrow).find((v) => v.ruleId === 'R7')!.details.allowedVnd).to.equal(
        11_800_000,
      );
    });
    it('an order evaluated at a past date uses the value then in force', () => {
      // before Circular 02/2024 (15/05/2024) the Law cap applied to Taiwan home caregivers: 3 months
      expect(capOf(facts(tw), '2024-05-14')).to.equal(70_800_000);
      expect(capOf(facts(tw), '2024-05-15')).to.equal(23_600_000);
      const june29 = verdictOf(facts(tw), 'R7', '2026-06-29');
      const june30 = verdictOf(facts(tw), 'R7', '2026-06-30');
      expect(june29.details.allowedVnd).to.equal(june30.details.allowedVnd);
      expect(june29.policyIds).not.to.deep.equal(june30.policyIds); // Circular 02/2024 (confirmed) vs 09/2026 (unconfirmed)
    });
  });

  it('a draft missing facts lists them (DATA) and skips the arithmetic it cannot do', () => {
    const verdicts = evaluateJobOrder(facts({ salaryMinor: null, fxRate: null }), seededPolicies(TODAY));
    const data = verdicts.find((v) => v.ruleId === 'DATA')!;
    expect(data.ok).to.equal(false);
    expect(data.details.missing).to.deep.equal(['mức lương tháng', 'tỷ giá quy đổi']);
    expect(verdicts.map((v) => v.ruleId)).not.to.include('R7');
  });
});
