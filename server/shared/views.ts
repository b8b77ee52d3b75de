// Handlebars pages: one layout (views/layouts/main.hbs), partials, helpers for Vietnamese formats.
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Application } from 'express';
import { t } from './i18n';
import { formatDateVi, formatMoney } from './format';
import { ruleWords } from './rules';

export const VIEWS_DIR = path.resolve(__dirname, '../../views');

const hbs = Handlebars.create();
const cache = new Map<string, Handlebars.TemplateDelegate>();

hbs.registerHelper('t', (key: string) => t(key));
hbs.registerHelper('date', (d: string | null) => formatDateVi(d));
hbs.registerHelper('money', (v: number | string | null) => formatMoney(v));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
/** A date input's value: a stored ISO date as dd/mm/yyyy, what was typed as typed. */
hbs.registerHelper('dateValue', (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDateVi(v) : (v ?? ''),
);
/** The attributes of a date input: text typed dd/mm/yyyy (public/js/date-input.js adds the slashes), never the
 * native picker, which follows the browser's locale and shows mm/dd/yyyy. */
hbs.registerHelper(
  'dateAttrs',
  () =>
    new Handlebars.SafeString(
      'type="text" inputmode="numeric" placeholder="dd/mm/yyyy" maxlength="10" autocomplete="off" data-date-input',
    ),
);
/** A rule as people read it: "R15 — Thời hạn chờ xuất cảnh". */
hbs.registerHelper('rule', (id: string) => ruleWords(id));
/** aria-invalid and aria-describedby for a form control whose field has an error. */
hbs.registerHelper(
  'fieldAttrs',
  (errors: Record<string, string> | undefined, field: string) =>
    new Handlebars.SafeString(
      errors?.[field] ? `aria-invalid="true" aria-describedby="${Handlebars.escapeExpression(field)}-error"` : '',
    ),
);
/** A form's errors as a list for the summary: [{ field, message }]. */
hbs.registerHelper('errorList', (errors: Record<string, string> | undefined) =>
  Object.entries(errors ?? {}).map(([field, message]) => ({ field: field.replace(/\..*$/, ''), message })),
);
hbs.registerHelper('json', (v: unknown) => new Handlebars.SafeString(JSON.stringify(v).replace(/</g, '\\u003c')));

/** A helper a module adds (e.g. reference's {{country code}}); modules register, views never import modules. */
export function registerViewHelper(name: string, fn: (...args: never[]) => unknown): void {
  hbs.registerHelper(name, (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args.slice(0, -1)));
}

/** A template string rendered with the app's helpers and partials (for tests of a partial on its own). */
export function renderString(template: string, context: object): string {
  registerPartials(path.join(VIEWS_DIR, 'partials'));
  return hbs.compile(template)(context);
}

function registerPartials(dir: string, prefix = ''): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) registerPartials(full, `${prefix}${entry.name}/`);
    else if (entry.name.endsWith('.hbs'))
      hbs.registerPartial(prefix + entry.name.slice(0, -4), fs.readFileSync(full, 'utf8'));
  }
}

function compile(file: string, useCache: boolean): Handlebars.TemplateDelegate {
  const hit = useCache ? cache.get(file) : undefined;
  if (hit) return hit;
  const tpl = hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false });
  cache.set(file, tpl);
  return tpl;
}

export function setupViews(app: Application, useCache: boolean): void {
  registerPartials(path.join(VIEWS_DIR, 'partials'));
  app.engine('hbs', (file: string, options: object, done: (e: unknown, html?: string) => void) => {
    try {
      const ctx = options as Record<string, unknown>;
      const body = compile(file, useCache)(ctx);
      const layout =
        ctx.layout === false ? null : path.join(VIEWS_DIR, 'layouts', `${String(ctx.layout ?? 'main')}.hbs`);
      done(null, layout ? compile(layout, useCache)({ ...ctx, body: new Handlebars.SafeString(body) }) : body);
    } catch (err) {
      done(err);
    }
  });
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
}
