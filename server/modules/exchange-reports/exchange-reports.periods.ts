// E6 (Decree 352 Art 11, Annex III Mẫu 01): the public employment service centre's report covers
// - the six-monthly period: data from 15 December of the previous year to 14 June, due before 20 June;
// - the annual period: data from 15 December of the previous year to 14 December, due before 20 December.
// "Before 20 June" is read as "on 19 June at the latest": the obligation's due date is the 19th.
// The prior-period column compares with the period just before: the previous six months (15 Jun – 14 Dec of the
// previous year) for a six-monthly report, the previous year's annual period for an annual one.
import type { IsoDate } from '../../shared/clock';

export const REPORT_PERIODS = ['half', 'annual'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];

export const PERIOD_LABELS: Record<ReportPeriodKind, string> = {
  half: '6 tháng đầu năm',
  annual: 'Cả năm',
};

export interface ReportPeriod {
  year: number;
  kind: ReportPeriodKind;
  from: IsoDate;
  to: IsoDate;
  /** the last day to file (the day before the 20th) */
  dueOn: IsoDate;
}

const pad = (n: number) => String(n).padStart(4, '0');

/** The data window and due date of the report of `year` and `kind`. */
export function reportPeriod(year: number, kind: ReportPeriodKind): ReportPeriod {
  const from = `${pad(year - 1)}-12-15`;
  return kind === 'half'
    ? { year, kind, from, to: `${pad(year)}-06-14`, dueOn: `${pad(year)}-06-19` }
    : { year, kind, from, to: `${pad(year)}-12-14`, dueOn: `${pad(year)}-12-19` };
}

/** The prior-period column: the six months before a six-monthly period; the previous year before an annual one. */
export function priorPeriod(year: number, kind: ReportPeriodKind): { from: IsoDate; to: IsoDate } {
  if (kind === 'half') return { from: `${pad(year - 1)}-06-15`, to: `${pad(year - 1)}-12-14` };
  const p = reportPeriod(year - 1, 'annual');
  return { from: p.from, to: p.to };
}

/** The report year whose data window holds a day: 15 December onwards belongs to the next year's reports. */
export function reportYearOf(day: IsoDate): number {
  const y = Number(day.slice(0, 4));
  return day.slice(5) >= '12-15' ? y + 1 : y;
}

/** Whether a day falls in the six-monthly window of its report year (up to 14 June) or only in the annual one. */
export function inHalfYear(day: IsoDate): boolean {
  const md = day.slice(5);
  return md >= '12-15' || md <= '06-14';
}

/** The reports whose due dates are obligations on a day: the current report year's two (and the next year's from 15 Dec). */
export function periodsDueAround(on: IsoDate): ReportPeriod[] {
  const year = Number(on.slice(0, 4));
  const years = reportYearOf(on) > year ? [year, year + 1] : [year];
  return years.flatMap((y) => REPORT_PERIODS.map((k) => reportPeriod(y, k)));
}

/** The obligation kind of a report (unique on the centre): 'exchange_report:2026-half'. */
export const obligationKind = (year: number, kind: ReportPeriodKind) => `exchange_report:${year}-${kind}`;
