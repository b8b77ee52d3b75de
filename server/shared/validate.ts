import type Joi from 'joi';
import { ValidationError } from './errors';

// Vietnamese messages for the Joi errors our schemas can raise; a schema may still set its own.
export const VI_MESSAGES: Record<string, string> = {
  'any.required': '{{#label}} là bắt buộc',
  'any.only': '{{#label}} phải là một trong các giá trị cho phép',
  'any.invalid': '{{#label}} không hợp lệ',
  'string.base': '{{#label}} phải là chuỗi ký tự',
  'string.empty': '{{#label}} không được để trống',
  'string.min': '{{#label}} phải có ít nhất {{#limit}} ký tự',
  'string.max': '{{#label}} không được dài quá {{#limit}} ký tự',
  'string.length': '{{#label}} phải có đúng {{#limit}} ký tự',
  'string.pattern.base': '{{#label}} không đúng định dạng',
  'string.pattern.name': '{{#label}} không đúng định dạng {{#name}}',
  'string.email': '{{#label}} phải là địa chỉ e-mail hợp lệ',
  'string.isoDate': '{{#label}} phải là ngày hợp lệ',
  'number.base': '{{#label}} phải là số',
  'number.integer': '{{#label}} phải là số nguyên',
  'number.min': '{{#label}} phải lớn hơn hoặc bằng {{#limit}}',
  'number.max': '{{#label}} phải nhỏ hơn hoặc bằng {{#limit}}',
  'number.positive': '{{#label}} phải là số dương',
  'number.unsafe': '{{#label}} vượt quá giới hạn cho phép',
  'boolean.base': '{{#label}} phải là đúng hoặc sai',
  'date.base': '{{#label}} phải là ngày hợp lệ',
  'date.format': '{{#label}} phải là ngày dạng YYYY-MM-DD',
  'date.max': '{{#label}} không được sau {{#limit}}',
  'date.min': '{{#label}} không được trước {{#limit}}',
  'date.after': '{{#label}} phải sau {{#limit}}',
  'string.unsafe':
    '{{#label}} chứa ký tự không được phép (ký tự điều khiển, NUL, ký tự đảo chiều văn bản hoặc mã UTF-16 lẻ)',
  'array.base': '{{#label}} phải là danh sách',
  'array.min': '{{#label}} phải có ít nhất {{#limit}} mục',
  'array.max': '{{#label}} không được quá {{#limit}} mục',
  'array.unique': '{{#label}} có mục trùng lặp',
  'object.base': '{{#label}} phải là một đối tượng',
  'object.unknown': '{{#label}} không được phép',
};

const OPTIONS: Joi.ValidationOptions = {
  abortEarly: false,
  stripUnknown: true,
  messages: VI_MESSAGES,
  errors: { wrap: { label: '«»' } },
};

// NOTE: passing `messages` to every validate() call makes Joi re-parse the templates each time (~0.2 ms);
// the options are compiled into each schema once instead (bench/RESULTS.md).
const prepared = new WeakMap<Joi.Schema, Joi.Schema>();

/** Validates and converts input; throws a 400 listing every problem. Returns the value, never mutates req. */
export function check<T>(schema: Joi.Schema<T>, input: unknown): T {
  let compiled = prepared.get(schema) as Joi.Schema<T> | undefined;
  if (!compiled) prepared.set(schema, (compiled = schema.prefs(OPTIONS)));
  const { value, error } = compiled.validate(input);
  if (error) {
    throw new ValidationError(error.details.map((d) => ({ path: d.path.join('.'), message: d.message, type: d.type })));
  }
  return value as T;
}
