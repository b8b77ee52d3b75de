// What every page template needs: title, the actor, the CSRF token, the navigation for the actor's role,
// and inline form errors keyed by field.
import type { Request, Response } from 'express';
import type { Role } from './auth/permissions';
import type Joi from 'joi';
import { AppError, ValidationError, type FieldProblem } from './errors';
import { check } from './validate';
import { parseViDate } from './dates';
import { flashNext } from './flash';
export { flashNext };

interface NavLink {
  href: string;
  label: string;
  roles: readonly Role[];
}

/** Navigation by role; a module adds its entry here when it gains pages. */
const NAV: NavLink[] = [
  { href: '/today', label: 'Việc hôm nay', roles: ['agency_staff', 'commune_officer', 'province_officer'] },
  {
    href: '/workers',
    label: 'Người lao động',
    roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer'],
  },
  { href: '/cases', label: 'Hồ sơ', roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer'] },
  { href: '/job-orders', label: 'Đơn hàng', roles: ['admin', 'agency_staff'] },
  { href: '/training', label: 'Đào tạo', roles: ['admin', 'agency_staff'] },
  {
    href: '/reports/departures',
    label: 'Báo cáo xuất cảnh',
    roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer'],
  },
  { href: '/reports/area', label: 'Tổng hợp địa bàn', roles: ['admin', 'commune_officer', 'province_officer'] },
  { href: '/money/reconciliation', label: 'Đối soát ký quỹ', roles: ['agency_staff'] },
  { href: '/grants', label: 'Hỗ trợ', roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer'] },
  { href: '/money/province', label: 'Ký quỹ trong tỉnh', roles: ['admin', 'province_officer'] },
  { href: '/agencies', label: 'Doanh nghiệp', roles: ['admin', 'agency_staff'] },
  // the job exchange (centres; communes read their residents' records)
  { href: '/viec-lam/hom-nay', label: 'Việc hôm nay', roles: ['centre_staff'] },
  { href: '/viec-lam/nguoi-tim-viec', label: 'Người tìm việc', roles: ['admin', 'centre_staff', 'commune_officer'] },
  { href: '/viec-lam/nha-tuyen-dung', label: 'Nhà tuyển dụng', roles: ['admin', 'centre_staff'] },
  { href: '/viec-lam/viec-trong', label: 'Việc làm trống', roles: ['admin', 'centre_staff'] },
  { href: '/viec-lam/gioi-thieu', label: 'Giới thiệu việc làm', roles: ['admin', 'centre_staff'] },
  { href: '/viec-lam/phien', label: 'Phiên giao dịch', roles: ['admin', 'centre_staff'] },
  { href: '/viec-lam/tu-van', label: 'Tư vấn', roles: ['centre_staff'] },
  { href: '/viec-lam/bao-cao', label: 'Báo cáo', roles: ['admin', 'centre_staff', 'province_officer'] },
  { href: '/viec-lam/ket-qua', label: 'Kết quả chương trình', roles: ['admin', 'centre_staff', 'province_officer'] },
  { href: '/gioi-thieu-ngoai-nuoc', label: 'Giới thiệu từ trung tâm', roles: ['agency_staff'] },
  { href: '/xac-thuc', label: 'Xác thực danh tính', roles: ['admin', 'centre_staff', 'commune_officer'] },
  { href: '/admin/policies', label: 'Chính sách', roles: ['admin'] },
  { href: '/admin/workflows', label: 'Quy trình', roles: ['admin'] },
  { href: '/admin/jobs', label: 'Công việc nền', roles: ['admin'] },
  { href: '/admin/canh-bao', label: 'Cảnh báo', roles: ['admin'] },
  { href: '/admin/nghe-nghiep', label: 'Danh mục nghề', roles: ['admin'] },
  { href: '/admin/quy-uoc-ghep-noi', label: 'Quy ước ghép nối', roles: ['admin'] },
  { href: '/admin/users', label: 'Người dùng', roles: ['admin'] },
  { href: '/admin/nghi-trung-lap', label: 'Nghi trùng CCCD', roles: ['admin'] },
  // the worker portal (/toi): her sections, the ones the next issues fill included
  { href: '/toi', label: 'Hồ sơ của tôi', roles: ['worker'] },
  { href: '/toi/viec-can-lam', label: 'Việc cần làm', roles: ['worker'] },
  { href: '/toi/quyen-loi', label: 'Quyền của tôi', roles: ['worker'] },
  { href: '/toi/tien', label: 'Tiền của tôi', roles: ['worker'] },
  { href: '/toi/ho-tro', label: 'Hỗ trợ', roles: ['worker'] },
  { href: '/toi/tai-lieu', label: 'Văn bản', roles: ['worker'] },
  { href: '/toi/phien', label: 'Phiên giao dịch', roles: ['worker'] },
  { href: '/toi/tim-viec', label: 'Tìm việc', roles: ['worker'] },
  { href: '/toi/ai-da-xem', label: 'Ai đã xem hồ sơ', roles: ['worker'] },
  {
    href: '/thong-bao',
    label: 'Thông báo',
    roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'],
  },
];

export function pageContext(req: Request, title: string, extra: Record<string, unknown> = {}) {
  const role = req.actor?.role;
  const navLinks = role
    ? NAV.filter((l) => l.roles.includes(role)).map((l) => ({
        ...l,
        current: l.href === '/toi' ? req.path === '/toi' : req.path.startsWith(l.href),
        inbox: l.href === '/thong-bao',
      }))
    : [];
  // a worker's pages are the portal: its own light layout, made for a phone
  const layout = role === 'worker' ? { layout: 'portal' } : {};
  return { title, actor: req.actor, csrfToken: req.csrfToken, navLinks, flash: req.flash, ...layout, ...extra };
}

/** Field → first message, for inline errors next to inputs. */
export function fieldErrors(err: ValidationError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (err.details as FieldProblem[]) ?? []) out[p.path] ??= p.message;
  return out;
}

/**
 * A number as a Vietnamese user types it, in the plain form the schemas read: "180.000" and "20.000.000 ₫" →
 * "180000", "20000000" (dots group thousands); "1,5" and "1.234,5" → "1.5", "1234.5" (the comma is the decimal
 * mark). Also accepted: "20,000,000" and "170.5" typed the English way, spaces, full-width digits. Anything else
 * comes back null, and the field keeps what was typed for the schema to name.
 */
export function parseViNumber(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .replace(/[\s\u00a0]/g, '')
    .replace(/(₫|đồng|đ|vnđ|vnd)$/i, '');
  const sign = s.startsWith('-') ? '-' : '';
  const t = sign ? s.slice(1) : s;
  let out: string | null = null;
  if (/^\d+$/.test(t)) out = t;
  else if (/^\d{1,3}(\.\d{3})+$/.test(t)) out = t.replace(/\./g, '');
  else if (/^\d{1,3}(\.\d{3})*,\d+$/.test(t) || /^\d+,\d+$/.test(t)) out = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3}){2,}$/.test(t)) out = t.replace(/,/g, '');
  else if (/^\d+\.\d+$/.test(t)) out = t;
  return out === null ? null : sign + out;
}

/** The keys of a schema that are dates (isoDate), so page forms can read them as typed (dd/mm/yyyy). */
export function dateKeys(schema: Joi.ObjectSchema | undefined): string[] {
  if (!schema) return [];
  const hit = dateKeyCache.get(schema);
  if (hit) return hit;
  interface D {
    metas?: { format?: string }[];
    whens?: { then?: D; otherwise?: D }[];
  }
  // a date, or a condition whose branches are dates (Joi.when('kind', { then: isoDate()…, otherwise: isoDate()… }))
  const isDate = (d: D | undefined): boolean =>
    Boolean(d) &&
    ((d!.metas ?? []).some((m) => m.format === 'date') ||
      (d!.whens ?? []).some((w) => isDate(w.then) || isDate(w.otherwise)));
  const keys = (schema.describe() as { keys?: Record<string, D> }).keys ?? {};
  const out = Object.entries(keys)
    .filter(([, d]) => isDate(d))
    .map(([k]) => k);
  dateKeyCache.set(schema, out);
  return out;
}
const dateKeyCache = new WeakMap<object, string[]>();

/**
 * Form bodies send '' for empty inputs: drop them so optional fields stay absent, and trim text. `numbers` are
 * money, rate and count fields: their vi-VN formats are read (parseViNumber). `dates` are typed dd/mm/yyyy on pages
 * (an ISO date is read too; anything else stays as typed for the schema to name). A field sent twice keeps its
 * first value.
 */
export function formValues(
  body: unknown,
  { nullable = [] as string[], numbers = [] as string[], dates = [] as string[] } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    const v = numbers.includes(k) && Array.isArray(raw) ? raw[0] : raw;
    if (v === '' || v === undefined) {
      if (nullable.includes(k)) out[k] = null;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : v;
    if (numbers.includes(k) && typeof text === 'string') out[k] = parseViNumber(text) ?? text;
    else if (dates.includes(k) && typeof text === 'string') out[k] = parseViDate(text) ?? text;
    else out[k] = text;
  }
  return out;
}

/** A page form checked against its schema: empty inputs dropped, dates and numbers read as Vietnamese type them. */
export function checkForm<T>(
  schema: Joi.ObjectSchema<T>,
  body: unknown,
  opts: { nullable?: string[]; numbers?: string[] } = {},
): T {
  return check(schema, formValues(body, { ...opts, dates: dateKeys(schema) }));
}

/** The words of a refused action for a flash message: every field problem, every failing verdict, or the message. */
export function refusalMessage(err: AppError): string {
  if (err.status === 422) {
    const verdicts = (err.details as { verdicts?: { ruleId: string; message: string }[] } | undefined)?.verdicts ?? [];
    return verdicts.map((v) => `${v.ruleId}: ${v.message}`).join(' ') || err.message;
  }
  if (Array.isArray(err.details) && err.details.length)
    return (err.details as FieldProblem[]).map((d) => d.message).join('; ');
  return err.message;
}

/**
 * Runs a page action: on success a flash message and a redirect (to the page the action names, or back); a refusal
 * (4xx) comes back as an error message on the page it came from; anything else is an error page.
 */
export async function attemptAction(
  res: Response,
  back: string,
  fn: () => Promise<string | void>,
  done: string,
): Promise<void> {
  try {
    const next = await fn();
    flashNext(res, done);
    res.redirect(303, next || back);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, back);
  }
}

/**
 * The filters of a list page. One that is not valid ("jp", a date typed wrong) is left out, and the page says which
 * and why (a notice), instead of answering with an error page. Each retry drops at least one field.
 */
export function pageFilters<T>(
  schema: Joi.ObjectSchema<T>,
  raw: unknown,
): { query: T; notice?: { kind: 'notice'; message: string } } {
  let values = formValues(raw, { dates: dateKeys(schema as Joi.ObjectSchema) });
  const problems: FieldProblem[] = [];
  for (;;) {
    try {
      const query = check(schema, values);
      return {
        query,
        ...(problems.length
          ? {
              notice: {
                kind: 'notice' as const,
                message: `Đã bỏ qua bộ lọc không hợp lệ: ${problems.map((p) => p.message).join('; ')}`,
              },
            }
          : {}),
      };
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const details = err.details as FieldProblem[];
      const bad = new Set(details.map((d) => d.path.split('.')[0]));
      const next = Object.fromEntries(Object.entries(values).filter(([k]) => !bad.has(k)));
      if (Object.keys(next).length === Object.keys(values).length) throw err;
      problems.push(...details);
      values = next;
    }
  }
}

/** The form was sent from the confirmation step (or its dialog). */
export const isConfirmed = (body: unknown) => (body as Record<string, unknown> | undefined)?.confirmed === 'yes';

/**
 * The confirmation page of a destructive or final action (views/shared/confirm.hbs): what is about to happen to whom,
 * what was typed, and the same form again with confirmed=yes; "Quay lại" goes back without doing anything.
 */
export function renderConfirm(
  req: Request,
  res: Response,
  c: {
    heading: string;
    subject: string;
    consequence: string;
    details?: { label: string; value: string }[];
    target: string;
    back: string;
    confirmLabel: string;
  },
): void {
  const fields: { name: string; value: string }[] = [];
  for (const [name, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (name === '_csrf' || name === 'confirmed') continue;
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === 'string') fields.push({ name, value: one });
  }
  res.render('shared/confirm', pageContext(req, c.heading, { ...c, fields }));
}

/** Sends a workbook as a download: its name, its length, never cached (exports hold personal data). */
export function sendXlsx(res: Response, bytes: Buffer | ArrayBuffer | Uint8Array, filename: string): void {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as ArrayBuffer);
  res
    .status(200)
    .set({
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Content-Length': String(body.length),
      'Cache-Control': 'private, no-store',
    })
    .end(body);
}
