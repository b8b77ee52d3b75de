// Joi building blocks shared by every module's schemas.
import Joi from './joi';
import { today } from './clock';
import { addMonths, isIsoDate } from './dates';

export const id = () => Joi.number().integer().positive().max(Number.MAX_SAFE_INTEGER);

/** Every business date lies in this range unless its field says tighter (a birth date, a contract end…). */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';

export interface DateBounds {
  /** earliest allowed date, or 'today' */
  min?: string | 'today';
  /** latest allowed date, or 'today' (a fact that already happened: a birth, a departure) */
  max?: string | 'today';
  /** at most this many years after today (a contract end: 10) */
  maxYearsAhead?: number;
}

const resolve = (d: string) => (d === 'today' ? today() : d);

/**
 * A business date 'YYYY-MM-DD' that exists on the calendar, between 01/01/1900 and 31/12/2100 or the field's own
 * bounds (checked when the request arrives: 'today' is the clock's today).
 */
export const isoDate = (bounds: DateBounds = {}) =>
  Joi.string()
    .pattern(/^\d{4}-\d{2}-\d{2}$/, 'ngày (dd/mm/yyyy trên trang, YYYY-MM-DD qua API)')
    .custom((v: string, helpers) => {
      if (!isIsoDate(v)) return helpers.error('string.isoDate');
      const min = bounds.min ? resolve(bounds.min) : DATE_MIN;
      let max = bounds.max ? resolve(bounds.max) : DATE_MAX;
      if (bounds.maxYearsAhead !== undefined) {
        const ahead = addMonths(today(), bounds.maxYearsAhead * 12);
        if (ahead < max) max = ahead;
      }
      if (v < (min < DATE_MIN ? DATE_MIN : min))
        return helpers.error('date.min', { limit: formatLimit(min < DATE_MIN ? DATE_MIN : min) });
      if (v > (max > DATE_MAX ? DATE_MAX : max))
        return helpers.error('date.max', { limit: formatLimit(max > DATE_MAX ? DATE_MAX : max) });
      return v;
    })
    // `past`: a date of something that already happened (not after today): a page form starts it at today
    .meta({ format: 'date', ...(bounds.max === 'today' ? { past: true } : {}) });

const formatLimit = (d: string) => (d === today() ? 'hôm nay' : `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`);

export const MAX_PAGE_SIZE = 100;
export const pagination = {
  page: Joi.number().integer().min(1).max(10_000).default(1),
  pageSize: Joi.number().integer().min(1).max(MAX_PAGE_SIZE).default(20),
};

export const idParams = Joi.object({ id: id().required() });
