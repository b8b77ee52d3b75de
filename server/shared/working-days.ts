// Working days = Monday–Friday, minus holidays and compensatory days off, plus make-up Saturdays.
// The same answer is available to SQL through the business_days table (migrations/…create-reference-tables).
import type { IsoDate } from './clock';
import { addDays, weekday } from './dates';

export type HolidayKind = 'holiday' | 'compensatory' | 'makeup_workday';
export interface HolidayRow {
  date: IsoDate;
  kind: HolidayKind;
}

export class WorkingCalendar {
  private readonly daysOff: Set<IsoDate>;
  private readonly makeupDays: Set<IsoDate>;

  constructor(rows: readonly HolidayRow[]) {
    this.daysOff = new Set(rows.filter((r) => r.kind !== 'makeup_workday').map((r) => r.date));
    this.makeupDays = new Set(rows.filter((r) => r.kind === 'makeup_workday').map((r) => r.date));
  }

  isWorkingDay(d: IsoDate): boolean {
    if (this.makeupDays.has(d)) return true;
    const w = weekday(d);
    return w !== 0 && w !== 6 && !this.daysOff.has(d);
  }

  /** The date n working days after d (n < 0: before). d itself never counts. */
  addWorkingDays(d: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError('n must be an integer');
    const step = n < 0 ? -1 : 1;
    let left = Math.abs(n);
    let cur = d;
    while (left > 0) {
      cur = addDays(cur, step);
      if (this.isWorkingDay(cur)) left -= 1;
    }
    return cur;
  }

  /** Working days after a, up to and including b (negative when b is before a). */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    if (a === b) return 0;
    const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let cur = addDays(from, 1); cur <= to; cur = addDays(cur, 1)) if (this.isWorkingDay(cur)) count += 1;
    return sign * count;
  }
}
