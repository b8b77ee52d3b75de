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

/**
 * A date as typed on a page, "05/03/2026" (also 5/3/2026, 05.03.2026, 05-03-2026) or ISO, → "2026-03-05"; null when
 * it has not that shape. Whether the day exists is the schema's check (isoDate), which names the field.
 */
export function parseViDate(typed: string): IsoDate | null {
  const t = typed.normalize('NFKC').trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : null;
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000; // UTC+7 all year (no daylight saving)

/** A moment as people in Vietnam read it: "01/12/2026 14:05" (Vietnam time, whatever the server's zone). */
export function formatDateTimeVi(at: Date | string | null | undefined): string {
  if (!at) return '';
  const d = new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
