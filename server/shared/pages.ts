// What every page template needs: title, the actor, the CSRF token, the navigation for the actor's role,
// and inline form errors keyed by field.
import type { Request } from 'express';
import type { Role } from './auth/permissions';
import { ValidationError, type FieldProblem } from './errors';

interface NavLink { href: string; label: string; roles: readonly Role[] }

/** Navigation by role; a module adds its entry here when it gains pages. */
const NAV: NavLink[] = [
  { href: '/workers', label: 'Người lao động', roles: ['admin', 'agency_staff', 'commune_officer', 'province_officer'] },
  { href: '/cases', label: 'Hồ sơ', roles: ['admin', 'agency_staff'] },
  { href: '/job-orders', label: 'Đơn hàng', roles: ['admin', 'agency_staff'] },
  { href: '/training', label: 'Đào tạo', roles: ['admin', 'agency_staff'] },
  { href: '/reports/departures', label: 'Báo cáo xuất cảnh', roles: ['admin', 'agency_staff'] },
  { href: '/agencies', label: 'Doanh nghiệp', roles: ['admin', 'agency_staff'] },
  { href: '/admin/policies', label: 'Chính sách', roles: ['admin'] },
  { href: '/admin/workflows', label: 'Quy trình', roles: ['admin'] },
  { href: '/admin/users', label: 'Người dùng', roles: ['admin'] },
];

export function pageContext(req: Request, title: string, extra: Record<string, unknown> = {}) {
  const role = req.actor?.role;
  const navLinks = role
    ? NAV.filter((l) => l.roles.includes(role)).map((l) => ({ ...l, current: req.path.startsWith(l.href) }))
    : [];
  return { title, actor: req.actor, csrfToken: req.csrfToken, navLinks, ...extra };
}

/** Field → first message, for inline errors next to inputs. */
export function fieldErrors(err: ValidationError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (err.details as FieldProblem[]) ?? []) out[p.path] ??= p.message;
  return out;
}

/** Form bodies send '' for empty inputs: drop them so optional fields stay absent, and trim text. */
export function formValues(body: unknown, { nullable = [] as string[] } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (v === '' || v === undefined) { if (nullable.includes(k)) out[k] = null; continue; }
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
