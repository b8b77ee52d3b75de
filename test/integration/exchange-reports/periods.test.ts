// E6 periods (Decree 352 Annex III Mẫu 01): six-monthly data 15 Dec – 14 Jun due before 20 Jun; annual data
// 15 Dec – 14 Dec due before 20 Dec; the prior-period column; the boundaries by the day.
import { expect } from 'chai';
import {
  inHalfYear,
  periodsDueAround,
  priorPeriod,
  reportPeriod,
  reportYearOf,
} from '../../../server/modules/exchange-reports/exchange-reports.periods';

describe('E6 report periods (Mẫu 01)', () => {
  it('E6 six-monthly: 15/12 of the previous year to 14/06, due on 19/06 at the latest (before 20 Jun)', () => {
    expect(reportPeriod(2026, 'half')).to.deep.equal({
      year: 2026,
      kind: 'half',
      from: '2025-12-15',
      to: '2026-06-14',
      dueOn: '2026-06-19',
    });
  });

  it('E6 annual: 15/12 of the previous year to 14/12, due on 19/12 at the latest (before 20 Dec)', () => {
    expect(reportPeriod(2026, 'annual')).to.deep.equal({
      year: 2026,
      kind: 'annual',
      from: '2025-12-15',
      to: '2026-12-14',
      dueOn: '2026-12-19',
    });
  });

  it('the prior column: the previous six months before a six-monthly report, the previous year before an annual one', () => {
    expect(priorPeriod(2026, 'half')).to.deep.equal({ from: '2025-06-15', to: '2025-12-14' });
    expect(priorPeriod(2026, 'annual')).to.deep.equal({ from: '2024-12-15', to: '2025-12-14' });
  });

  it('E6 boundaries: 14 Jun is in the first half, 15 Jun in the second; 14 Dec ends the year, 15 Dec starts the next', () => {
    expect(inHalfYear('2026-06-14')).to.equal(true);
    expect(inHalfYear('2026-06-15')).to.equal(false);
    expect(inHalfYear('2026-12-14')).to.equal(false);
    expect(inHalfYear('2026-12-15')).to.equal(true);
    expect(reportYearOf('2026-12-14')).to.equal(2026);
    expect(reportYearOf('2026-12-15')).to.equal(2027);
    expect(reportYearOf('2026-01-01')).to.equal(2026);
    const h = reportPeriod(2026, 'half');
    expect('2026-06-14' <= h.to && '2026-06-15' > h.to).to.equal(true);
  });

  it('the obligations around a day: this report year’s two reports, and next year’s from 15 Dec', () => {
    expect(periodsDueAround('2026-12-14').map((p) => `${p.year}-${p.kind}`)).to.deep.equal([
      '2026-half',
      '2026-annual',
    ]);
    expect(periodsDueAround('2026-12-15').map((p) => `${p.year}-${p.kind}`)).to.deep.equal([
      '2026-half',
      '2026-annual',
      '2027-half',
      '2027-annual',
    ]);
  });
});
