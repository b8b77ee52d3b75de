// Joi building blocks shared by every module's schemas.
import Joi from 'joi';
import { isIsoDate } from './dates';

export const id = () => Joi.number().integer().positive().max(Number.MAX_SAFE_INTEGER);

/** A business date 'YYYY-MM-DD' that exists on the calendar. */
export const isoDate = () =>
  Joi.string()
    .pattern(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .custom((v: string, helpers) => (isIsoDate(v) ? v : helpers.error('string.isoDate')))
    .meta({ format: 'date' });

export const MAX_PAGE_SIZE = 100;
export const pagination = {
  page: Joi.number().integer().min(1).max(10_000).default(1),
  pageSize: Joi.number().integer().min(1).max(MAX_PAGE_SIZE).default(20),
};

export const idParams = Joi.object({ id: id().required() });
