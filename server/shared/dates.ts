// Calendar arithmetic on business dates ('YYYY-MM-DD'), done in UTC so no local time zone leaks in.
import type { IsoDate } from './clock';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string' || !ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function toUtc(d: IsoDate): Date {
  if (!isIsoDate(d)) throw new RangeError(`not a date: ${d}`);
  return new Date(`${d}T00:00:00Z`);
}
const fromUtc = (d: Date): IsoDate => d.toISOString().slice(0, 10);

export function addDays(d: IsoDate, n: number): IsoDate {
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

/** Adds calendar months, clamping to the month's last day (31/01 + 1 month = 28/02 or 29/02). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const t = toUtc(d);
  const day = t.getUTCDate();
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() + n);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return fromUtc(t);
}

/**
 * Whole calendar months from a to b: the largest m with addMonths(a, m) <= b (0 when b is before a month after a).
 * Arithmetic, not a loop: b may be any date a client sends.
 */
export function wholeMonthsBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am] = [Number(a.slice(0, 4)), Number(a.slice(5, 7))];
  const [by, bm] = [Number(b.slice(0, 4)), Number(b.slice(5, 7))];
  let m = (by - ay) * 12 + (bm - am);
  if (m > 0 && addMonths(a, m) > b) m -= 1;
  return Math.max(0, m);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(d: IsoDate): number {
  return toUtc(d).getUTCDay();
}

/** dd/mm/yyyy, the Vietnamese display form. */
export function formatDateVi(d: IsoDate | null | undefined): string {
  if (!d) return '';
  const [y, m, day] = d.slice(0, 10).split('-');
  return `${day}/${m}/${y}`;
}

/** Parses dd/mm/yyyy (or an ISO date) into an ISO date; null when it is not a real date. */
export function parseDateVi(s: string): IsoDate | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(s);
  const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s.trim();
  return isIsoDate(iso) ? iso : null;
}
