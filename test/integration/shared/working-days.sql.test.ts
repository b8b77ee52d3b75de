import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';
import { workingCalendar } from '../../../server/modules/reference';
import { addDays } from '../../../server/shared/dates';

describe('working days in SQL (business_days)', () => {
  it('when 10 working days are added to 12/02/2026 in SQL, then the answer is 05/03/2026', async () => {
    const [[row]] = await sequelize().query(
      "SELECT add_working_days('2026-02-12', 10) AS d, working_days_between('2026-02-12', '2026-03-05') AS n",
    );
    expect(row).to.deep.equal({ d: '2026-03-05', n: 10 });
  });

  it('when compared day by day over 2025–2027, then SQL and TypeScript give the same answers', async () => {
    const cal = await workingCalendar();
    const starts: string[] = [];
    for (let d = '2025-01-01'; d <= '2027-12-31'; d = addDays(d, 5)) starts.push(d);
    for (const n of [-7, -1, 1, 5, 10, 30]) {
      const [rows] = await sequelize().query(
        'SELECT s::text AS start, add_working_days(s::date, $2::int) AS d FROM unnest($1::text[]) AS s',
        { bind: [starts, n] },
      );
      for (const r of rows as { start: string; d: string }[])
        expect(r.d, `${r.start} ${n}`).to.equal(cal.addWorkingDays(r.start, n));
    }
  });
});
