// Page forms generated from an action's Joi input (the workflow table is the one place an action's fields are
// declared): labels, kinds, help text and required marks come from the schema's description; dates are typed as
// dd/mm/yyyy (a text input with a mask: the native picker follows the browser's locale and shows mm/dd/yyyy);
// numbers and money are read in their vi-VN formats. The same description turns a stored input back into words
// for the timeline.
import type Joi from 'joi';
import type { FieldProblem } from './errors';
import { formatDateVi, parseViDate } from './dates';
import { formatMoney } from './format';
import { parseViNumber } from './pages';

export type FieldKind = 'date' | 'money' | 'number' | 'select' | 'checkbox' | 'checks' | 'textarea' | 'text' | 'rows';

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  help?: string;
  /** select: the allowed values with their words */
  options?: { value: string; label: string }[];
  maxLength?: number;
  /** date: of something that already happened (not after today) */
  past?: boolean;
  /** rows: the fields of one row and how many rows the form offers */
  fields?: FormField[];
  maxRows?: number;
  /** select: a long list gets a search box (public/js/filter-select.js) */
  filterable?: boolean;
  /** select of provinces: the id of the commune select it reloads (public/js/communes.js) */
  communesTarget?: string;
  /** select: nothing is chosen until the user chooses ("— Chọn —"), never silently the first option */
  placeholder?: boolean;
}

/**
 * What a schema key may add with `.meta({...})`: `unit: 'vnd'` (money), `labels` (words for allowed values),
 * `form: false` (not typed on a page, e.g. an uploaded file's id), `rows` (how many rows an array offers).
 * Help text is the key's `.description()`.
 */
interface FieldMeta {
  format?: string;
  past?: boolean;
  unit?: string;
  labels?: Record<string, string>;
  form?: boolean;
  rows?: number;
}

interface Described {
  type: string;
  flags?: { label?: string; presence?: string; description?: string; only?: boolean; default?: unknown };
  allow?: unknown[];
  metas?: FieldMeta[];
  rules?: { name: string; args?: { limit?: number } }[];
  keys?: Record<string, Described>;
  items?: Described[];
}

const metaOf = (d: Described): FieldMeta => Object.assign({}, ...(d.metas ?? []));
const ruleLimit = (d: Described, name: string) => d.rules?.find((r) => r.name === name)?.args?.limit;

function fieldOf(name: string, d: Described): FormField | null {
  const meta = metaOf(d);
  if (meta.form === false) return null;
  const base = {
    name,
    label: d.flags?.label ?? name,
    required: d.flags?.presence === 'required',
    ...(d.flags?.description ? { help: d.flags.description } : {}),
  };
  if (d.type === 'array') {
    const row = d.items?.[0];
    // several choices of one list (priority groups, languages required): a checkbox each
    if (row?.flags?.only && row.allow?.length) {
      const values = row.allow.filter((v): v is string => typeof v === 'string');
      const labels = meta.labels ?? metaOf(row).labels;
      return { ...base, kind: 'checks', options: values.map((value) => ({ value, label: labels?.[value] ?? value })) };
    }
    if (row?.type !== 'object' || !row.keys) return null;
    const fields = Object.entries(row.keys)
      .map(([k, sub]) => fieldOf(k, sub))
      .filter((f): f is FormField => f !== null);
    return { ...base, kind: 'rows', fields, maxRows: Math.min(meta.rows ?? 3, ruleLimit(d, 'max') ?? 3) };
  }
  if (d.type === 'boolean') return { ...base, kind: 'checkbox', required: false };
  if (d.flags?.only && d.allow?.length) {
    const values = d.allow.filter((v): v is string => typeof v === 'string');
    return {
      ...base,
      kind: 'select',
      options: values.map((value) => ({ value, label: meta.labels?.[value] ?? value })),
    };
  }
  if (meta.format === 'date') return { ...base, kind: 'date', ...(meta.past ? { past: true } : {}) };
  // a number with words for its values (a scale: a wage code, a workforce band) is picked from a list
  if (d.type === 'number' && meta.labels)
    return {
      ...base,
      kind: 'select',
      options: Object.entries(meta.labels).map(([value, label]) => ({ value, label })),
    };
  if (d.type === 'number') return { ...base, kind: meta.unit === 'vnd' ? 'money' : 'number' };
  const max = ruleLimit(d, 'max');
  return { ...base, kind: max !== undefined && max > 200 ? 'textarea' : 'text', ...(max ? { maxLength: max } : {}) };
}

const described = new WeakMap<object, FormField[]>();

/** The fields of an object schema, in its key order (described once per schema). */
export function formFields(schema: Joi.ObjectSchema | undefined): FormField[] {
  if (!schema) return [];
  const hit = described.get(schema);
  if (hit) return hit;
  const d = schema.describe() as Described;
  const fields = Object.entries(d.keys ?? {})
    .map(([k, sub]) => fieldOf(k, sub))
    .filter((f): f is FormField => f !== null);
  described.set(schema, fields);
  return fields;
}

const firstOf = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const typedText = (v: unknown) => (typeof firstOf(v) === 'string' ? (firstOf(v) as string).trim() : '');

/**
 * A posted form read as the schema's input: dates from dd/mm/yyyy, numbers and money from vi-VN, checkboxes as
 * booleans, rows from `name.<i>.<field>`; empty inputs are left out. Anything that cannot be read is a problem
 * named in the field's words (the schema then checks the rest); `typed` is what to show again in the form.
 */
export function readForm(
  fields: FormField[],
  body: Record<string, unknown>,
  prefix = '',
): { input: Record<string, unknown>; problems: FieldProblem[]; typed: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const typed: Record<string, string> = {};
  for (const f of fields) {
    const key = prefix + f.name;
    if (f.kind === 'rows') {
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < (f.maxRows ?? 0); i++) {
        const r = readForm(f.fields ?? [], body, `${key}.${i}.`);
        Object.assign(typed, r.typed);
        problems.push(...r.problems);
        if (Object.keys(r.input).length) rows.push(r.input);
      }
      if (rows.length) input[f.name] = rows;
      continue;
    }
    if (f.kind === 'checks') {
      const raw = body[key];
      const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
        (v): v is string => typeof v === 'string' && v !== '',
      );
      input[f.name] = chosen;
      typed[key] = chosen.join(',');
      continue;
    }
    if (f.kind === 'checkbox') {
      const on = ['on', 'true', '1'].includes(typedText(body[key]));
      input[f.name] = on;
      if (on) typed[key] = 'on';
      continue;
    }
    const text = typedText(body[key]);
    if (!text) continue;
    typed[key] = text;
    if (f.kind === 'date') {
      const iso = parseViDate(text);
      if (iso) input[f.name] = iso;
      else problems.push({ path: key, message: `«${f.label}» cần nhập dạng ngày/tháng/năm, ví dụ 05/03/2026` });
    } else if (f.kind === 'money' || f.kind === 'number') {
      const n = parseViNumber(text);
      if (n !== null && /^-?\d+(\.\d+)?$/.test(n)) input[f.name] = Number(n);
      else
        problems.push({
          path: key,
          message: `«${f.label}» cần nhập số, ví dụ ${f.kind === 'money' ? '17.000.000' : '12'}`,
        });
    } else input[f.name] = text;
  }
  return { input, problems, typed };
}

/** A value as the form shows it: ISO dates as dd/mm/yyyy, money grouped by dots. */
function shown(f: FormField, v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  if (f.kind === 'date' && typeof v === 'string') return parseViDate(v) === v ? formatDateVi(v) : v;
  if (f.kind === 'money' && /^\d+$/.test(String(v))) return formatMoney(String(v)).replace(/ ₫$/, '');
  return String(v);
}

export interface FieldView extends FormField {
  id: string;
  key: string;
  value: string;
  checked?: boolean;
  error?: string;
  isDate?: boolean;
  isMoney?: boolean;
  isNumber?: boolean;
  isSelect?: boolean;
  isCheckbox?: boolean;
  isChecks?: boolean;
  isTextarea?: boolean;
  isText?: boolean;
  isRows?: boolean;
  /** a placeholder select with nothing chosen yet */
  unchosen?: boolean;
  rows?: { index: number; fields: FieldView[] }[];
  options?: { value: string; label: string; selected?: boolean; checked?: boolean }[];
}

/**
 * The fields ready for the `form-fields` partial: ids unique on the page (`idPrefix`), what was typed kept, the error
 * beside its field (errors keyed by field name, `rows.<i>.<field>` for rows), and defaults (a required date: today).
 */
export function fieldViews(
  fields: FormField[],
  {
    idPrefix,
    values = {},
    errors = {},
    defaults = {},
    prefix = '',
  }: {
    idPrefix: string;
    values?: Record<string, string>;
    errors?: Record<string, string>;
    defaults?: Record<string, unknown>;
    prefix?: string;
  },
): FieldView[] {
  return fields.map((f) => {
    const key = prefix + f.name;
    const id = `${idPrefix}-${key.replace(/\./g, '-')}`;
    const flags = {
      isDate: f.kind === 'date',
      isMoney: f.kind === 'money',
      isNumber: f.kind === 'number',
      isSelect: f.kind === 'select',
      isCheckbox: f.kind === 'checkbox',
      isChecks: f.kind === 'checks',
      isTextarea: f.kind === 'textarea',
      isText: f.kind === 'text',
      isRows: f.kind === 'rows',
    };
    const value = key in values ? values[key] : shown(f, defaults[f.name]);
    const view: FieldView = { ...f, ...flags, id, key, value, error: errors[key] };
    if (f.kind === 'checkbox') view.checked = value === 'on' || defaults[f.name] === true;
    if (f.kind === 'select') {
      view.options = (f.options ?? []).map((o) => ({ ...o, selected: o.value === (value || undefined) }));
      view.unchosen = Boolean(f.placeholder) && !view.options.some((o) => o.selected);
    }
    if (f.kind === 'checks') {
      const chosen =
        key in values ? values[key].split(',') : Array.isArray(defaults[f.name]) ? (defaults[f.name] as string[]) : [];
      view.options = (f.options ?? []).map((o) => ({ ...o, checked: chosen.includes(o.value) }));
    }
    if (f.kind === 'rows')
      view.rows = Array.from({ length: f.maxRows ?? 0 }, (_, index) => ({
        index,
        fields: fieldViews(f.fields ?? [], { idPrefix, values, errors, prefix: `${key}.${index}.` }),
      }));
    return view;
  });
}

/** A stored input in words, for the timeline: [{ label, value }] with dates, money and choices as people read them. */
export function inputInWords(fields: FormField[], input: Record<string, unknown> | null | undefined) {
  const out: { label: string; value: string }[] = [];
  for (const f of fields) {
    const v = input?.[f.name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (f.kind === 'rows' && Array.isArray(v)) {
      const parts = v.map((row: Record<string, unknown>) =>
        inputInWords(f.fields ?? [], row)
          .map((p) => p.value)
          .join(' – '),
      );
      out.push({ label: f.label, value: parts.join('; ') });
    } else if (f.kind === 'checkbox') {
      if (v === true) out.push({ label: f.label, value: 'có' });
    } else if (f.kind === 'checks' && Array.isArray(v)) {
      out.push({
        label: f.label,
        value: v.map((x) => f.options?.find((o) => o.value === x)?.label ?? String(x)).join(', '),
      });
    } else if (f.kind === 'date') out.push({ label: f.label, value: formatDateVi(String(v)) });
    else if (f.kind === 'money') out.push({ label: f.label, value: formatMoney(String(v)) });
    else if (f.kind === 'select')
      out.push({ label: f.label, value: f.options?.find((o) => o.value === String(v))?.label ?? String(v) });
    else out.push({ label: f.label, value: String(v) });
  }
  return out;
}
