import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseCsv } from '../../../server/shared/csv';
import { WorkingCalendar, type HolidayKind } from '../../../server/shared/working-days';

const rows = parseCsv(
  fs.readFileSync(path.resolve(__dirname, '../../../seeders/data/vn-public-holidays.csv'), 'utf8'),
).map((r) => ({ date: r.date, kind: r.kind as HolidayKind }));
const cal = new WorkingCalendar(rows);

describe('working days', () => {
  it('when 10 working days are added to 12/02/2026 across Tết, then the answer is 05/03/2026', () => {
    expect(cal.addWorkingDays('2026-02-12', 10)).to.equal('2026-03-05');
    expect(cal.workingDaysBetween('2026-02-12', '2026-03-05')).to.equal(10);
  });

  it('when a make-up Saturday falls in the range, then it counts as a working day', () => {
    expect(cal.isWorkingDay('2026-01-10')).to.equal(true); // thứ Bảy làm bù
    expect(cal.isWorkingDay('2026-01-17')).to.equal(false); // an ordinary Saturday
    // Fri 09/01 + 1 working day = Sat 10/01 (make-up), not Mon 12/01
    expect(cal.addWorkingDays('2026-01-09', 1)).to.equal('2026-01-10');
  });

  it('when a compensatory day off falls in the range, then it does not count', () => {
    expect(cal.isWorkingDay('2026-01-02')).to.equal(false);
    expect(cal.addWorkingDays('2025-12-31', 1)).to.equal('2026-01-05');
  });

  it('when counting backwards, then it mirrors counting forwards', () => {
    expect(cal.addWorkingDays('2026-03-05', -10)).to.equal('2026-02-12');
    expect(cal.workingDaysBetween('2026-03-05', '2026-02-12')).to.equal(-10);
    expect(cal.addWorkingDays('2026-02-18', 0)).to.equal('2026-02-18');
  });
});
