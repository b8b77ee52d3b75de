// The one Joi of the app: Joi with every string refusing text that is never legitimate input and that breaks
// storage, display or logs. Every schema imports Joi from here, never from 'joi' (test/unit/shared/joi.test.ts).
import BaseJoi from 'joi';

/**
 * NUL and other C0 control characters (tab, line feed and carriage return allowed), DEL, the bidirectional
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069: they can make a name or a file name
 * read backwards), and UTF-16 surrogates that are not part of a pair (PostgreSQL cannot store them; UTF-8
 * encoding silently turns them into U+FFFD).
 */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnsafeText(s: string): boolean {
  return UNSAFE_TEXT.test(s);
}

export const UNSAFE_TEXT_MESSAGE =
  'chứa ký tự không được phép (ký tự điều khiển, NUL, ký tự đảo chiều văn bản hoặc mã UTF-16 lẻ)';

const Joi: typeof BaseJoi = BaseJoi.extend((joi) => ({
  type: 'string',
  base: joi.string(),
  messages: { 'string.unsafe': `{{#label}} ${UNSAFE_TEXT_MESSAGE}` },
  validate(value: unknown, helpers) {
    if (typeof value === 'string' && hasUnsafeText(value)) return { value, errors: helpers.error('string.unsafe') };
    return { value };
  },
}));

export default Joi;
export { Joi };
