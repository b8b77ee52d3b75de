// The one clock of the process. Rules never call `new Date()`: they receive today() from here,
// and tests move time with setClock() (ARCHITECTURE.md, Time).
import { TIME_ZONE } from '../config';

export type IsoDate = string; // 'YYYY-MM-DD', a business date in Asia/Ho_Chi_Minh

let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date();
}

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of an instant in Vietnam. */
export function dateInVietnam(instant: Date): IsoDate {
  return dayFormat.format(instant);
}

export function today(): IsoDate {
  return dateInVietnam(now());
}

/** Tests only: freeze the clock at an instant (or a date, taken as 09:00 in Vietnam); null returns to real time. */
export function setClock(at: Date | IsoDate | null): void {
  if (at === null) fixed = null;
  else if (typeof at === 'string') fixed = new Date(`${at}T09:00:00+07:00`);
  else fixed = new Date(at.getTime());
}

/** Tests only: move a frozen (or real) clock forward. */
export function advanceClock(ms: number): void {
  fixed = new Date(now().getTime() + ms);
}
