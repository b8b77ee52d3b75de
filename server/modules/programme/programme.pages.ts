// Programme results' pages (Handlebars, thin): the province dashboard (tables first, Chart.js on top where scripts
// run), the outputs list, the province's targets form and the centres' procurement modes. A province officer sees her
// province and enters its targets and modes; centre staff see their centre's figures; the admin picks a province.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { fieldViews, formFields, readForm, type FormField } from '../../shared/forms';
import { flashNext, isConfirmed, pageContext, pageFilters, refusalMessage, renderConfirm } from '../../shared/pages';
import { check } from '../../shared/validate';
import { listProvinces } from '../reference';
import {
  AREA_LABELS,
  DASHBOARD_GROUPS,
  FUNDING_LABELS,
  GROUP_LABELS,
  MONTH_LABELS,
  PROCUREMENT_LABELS,
  TARGET_LABELS,
} from './programme.labels';
import * as s from './programme.schemas';
import { dashboard, type GroupCounts } from './programme.dashboard';
import { listOutputs } from './programme.outputs';
import { addProcurementMode, getTargets, listProcurementModes, setTargets } from './programme.settings';

export const programmePages = express.Router();

const thisYear = () => Number(today().slice(0, 4));
const yearsAround = (year: number) => {
  const out: number[] = [];
  for (let y = Math.max(2021, thisYear() - 5); y <= thisYear() + 1; y++) out.push(y);
  if (!out.includes(year)) out.push(year);
  return out.sort();
};
const number = (n: number) => n.toLocaleString('vi-VN');
const GROUP_COLUMNS = DASHBOARD_GROUPS.map((g) => ({ key: g, label: GROUP_LABELS[g] }));

/** The admin's province picker (the others see their own province). */
async function provinceOptions(req: Request, chosen?: string) {
  if (actorOf(req).role !== 'admin') return null;
  const provinces = (await listProvinces()) as { code: string; name: string }[];
  return provinces.map((p) => ({ value: p.code, label: p.name, selected: p.code === chosen }));
}

function cells(c: GroupCounts) {
  return [...DASHBOARD_GROUPS.map((g) => number(c[g])), number(c.outputs), number(c.connections)];
}

// ---- the dashboard ----

programmePages.get('/viec-lam/ket-qua', requirePermission('programme:read'), async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.dashboardQuery, req.query);
  const year = query.year ?? thisYear();
  const provinces = await provinceOptions(req, query.provinceCode);
  if (actor.role === 'admin' && !query.provinceCode)
    return res.render(
      'programme/dashboard',
      pageContext(req, 'Kết quả chương trình', {
        ...(notice ? { flash: notice } : {}),
        year,
        provinces,
        years: yearsAround(year),
      }),
    );
  const d = await dashboard(actor, { year, provinceCode: query.provinceCode });
  const monthRows = (side: 'domestic' | 'abroad') =>
    d.months.map((m) => ({ label: MONTH_LABELS[m.month - 1], month: m.month, cells: cells(m[side]) }));
  const series = (side: 'domestic' | 'abroad') =>
    DASHBOARD_GROUPS.map((g) => ({ label: GROUP_LABELS[g], data: d.months.map((m) => m[side][g]) }));
  const charts = {
    domestic: { labels: MONTH_LABELS, series: series('domestic'), stacked: true },
    abroad: { labels: MONTH_LABELS, series: series('abroad'), stacked: true },
    sessions: { labels: MONTH_LABELS, series: [{ label: 'Phiên đã tổ chức', data: d.months.map((m) => m.sessions) }] },
    targets: {
      labels: d.targets.map((t) => TARGET_LABELS[t.metric]),
      series: [
        { label: 'Chỉ tiêu', data: d.targets.map((t) => t.target ?? 0) },
        { label: 'Đã đạt', data: d.targets.map((t) => t.actual) },
      ],
      horizontal: true,
    },
  };
  const provinceParam = actor.role === 'admin' ? `&provinceCode=${d.scope.provinceCode}` : '';
  res.render(
    'programme/dashboard',
    pageContext(req, `Kết quả chương trình năm ${year}`, {
      ...(notice ? { flash: notice } : {}),
      d,
      year,
      years: yearsAround(year),
      provinces,
      provinceParam,
      groupColumns: GROUP_COLUMNS,
      domestic: { rows: monthRows('domestic'), total: cells(d.totals.domestic) },
      abroad: { rows: monthRows('abroad'), total: cells(d.totals.abroad) },
      sessions: d.months.map((m) => ({ label: MONTH_LABELS[m.month - 1], n: number(m.sessions) })),
      sessionsTotal: number(d.totals.sessions),
      stock: {
        jobSeekers: number(d.stock.jobSeekers),
        vacancies: number(d.stock.vacancies),
        places: number(d.stock.places),
      },
      targets: d.targets.map((t) => ({
        key: t.metric,
        label: TARGET_LABELS[t.metric],
        target: t.target === null ? 'Chưa đặt' : number(t.target),
        actual: number(t.actual),
        share: t.share === null ? '—' : `${t.share.toLocaleString('vi-VN')} %`,
      })),
      canSetTargets: actor.role === 'province_officer',
      charts,
    }),
  );
});

// ---- the outputs list ----

programmePages.get('/viec-lam/ket-qua/dau-ra', requirePermission('programme:read'), async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.outputsQuery, req.query);
  const provinces = await provinceOptions(req, query.provinceCode);
  if (actor.role === 'admin' && !query.provinceCode)
    return res.render(
      'programme/outputs',
      pageContext(req, 'Kết quả chương trình: danh sách', { provinces, filters: {} }),
    );
  const r = await listOutputs(actor, query);
  const qs = new URLSearchParams(
    Object.entries({ ...query, page: undefined }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
  res.render(
    'programme/outputs',
    pageContext(req, 'Kết quả chương trình: danh sách', {
      ...(notice ? { flash: notice } : {}),
      scope: r.scope,
      provinces,
      rows: r.data.map((o) => ({
        ...o,
        signed: formatDateVi(o.signedOn),
        groupLabel: GROUP_LABELS[o.group],
        certifiedLabel: o.certified ? 'Đã xác nhận' : 'Chưa xác nhận',
        areaLabel: o.areaKind ? AREA_LABELS[o.areaKind] : null,
        fundingLabel: FUNDING_LABELS[o.fundingSource],
        modeLabel: o.procurementMode ? PROCUREMENT_LABELS[o.procurementMode] : 'Chưa khai báo',
      })),
      page: r.page,
      filters: query,
      groups: DASHBOARD_GROUPS.map((g) => ({ value: g, label: GROUP_LABELS[g], selected: g === query.group })),
      fundings: Object.entries(FUNDING_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === query.fundingSource,
      })),
      abroadOptions: [
        { value: 'false', label: 'Trong nước', selected: query.abroad === false },
        { value: 'true', label: 'Ngoài nước', selected: query.abroad === true },
      ],
      next: r.data.length === query.pageSize ? `?${qs}&page=${query.page + 1}` : null,
      prev: query.page > 1 ? `?${qs}&page=${query.page - 1}` : null,
    }),
  );
});

// ---- the province's targets ----

const TARGET_FIELDS = formFields(s.targetsForm);

async function renderTargets(
  req: Request,
  res: Response,
  year: number,
  status = 200,
  typed?: Record<string, string>,
  errors: Record<string, string> = {},
) {
  const current = await getTargets(actorOf(req), { year });
  res.status(status).render(
    'programme/targets',
    pageContext(req, `Chỉ tiêu năm ${year}`, {
      year,
      years: yearsAround(year),
      fields: fieldViews(TARGET_FIELDS, {
        idPrefix: 'tg',
        values: typed ?? {},
        errors,
        defaults: current as unknown as Record<string, unknown>,
      }),
      errors,
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa lưu được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

programmePages.get('/viec-lam/ket-qua/chi-tieu', requirePermission('programme:targets'), async (req, res) => {
  const { query } = pageFilters(s.dashboardQuery, req.query);
  await renderTargets(req, res, query.year ?? thisYear());
});

programmePages.post('/viec-lam/ket-qua/chi-tieu', requirePermission('programme:targets'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const { year } = check(s.dashboardQuery, { year: body.year });
  const y = year ?? thisYear();
  const read = readForm(TARGET_FIELDS, body);
  try {
    if (read.problems.length) throw new ValidationError(read.problems);
    // an empty field clears its target
    const input = Object.fromEntries(TARGET_FIELDS.map((f) => [f.name, read.input[f.name] ?? null]));
    await setTargets(actorOf(req), check(s.targetsBody, { ...input, year: y }));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const errors: Record<string, string> = {};
    for (const p of err.details as FieldProblem[]) errors[p.path] ??= p.message;
    return renderTargets(req, res, y, 400, read.typed, errors);
  }
  flashNext(res, `Đã lưu chỉ tiêu năm ${y}. Bảng kết quả so sánh với chỉ tiêu mới.`);
  res.redirect(303, `/viec-lam/ket-qua?year=${y}`);
});

// ---- how the province buys the service from each centre ----

async function modeFields(req: Request): Promise<FormField[]> {
  const { centres } = await listProcurementModes(actorOf(req));
  return formFields(s.procurementBody).map((f) =>
    f.name === 'centreId'
      ? {
          ...f,
          kind: 'select' as const,
          placeholder: true,
          options: centres.map((c) => ({ value: String(c.id), label: c.name })),
        }
      : f,
  );
}

async function renderModes(
  req: Request,
  res: Response,
  status = 200,
  typed: Record<string, string> = {},
  errors: Record<string, string> = {},
  other?: string,
) {
  const actor = actorOf(req);
  const { query } = pageFilters(s.dashboardQuery, req.query);
  const provinces = await provinceOptions(req, query.provinceCode);
  if (actor.role === 'admin' && !query.provinceCode)
    return res.render('programme/modes', pageContext(req, 'Hình thức cung cấp dịch vụ', { provinces }));
  const list = await listProcurementModes(actor, { provinceCode: query.provinceCode });
  const canEdit = actor.role === 'province_officer';
  res.status(status).render(
    'programme/modes',
    pageContext(req, 'Hình thức cung cấp dịch vụ', {
      provinces,
      scope: list.scope,
      centres: list.centres.map((c) => ({
        ...c,
        periods: c.periods.map((p) => ({
          ...p,
          modeLabel: PROCUREMENT_LABELS[p.mode],
          from: formatDateVi(p.validFrom),
          to: p.validTo ? formatDateVi(p.validTo) : 'chưa có ngày kết thúc',
        })),
      })),
      canEdit,
      fields: canEdit ? fieldViews(await modeFields(req), { idPrefix: 'pm', values: typed, errors }) : null,
      errors,
      ...(status >= 400
        ? { flash: { kind: 'error', message: other ?? 'Chưa lưu được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

programmePages.get('/viec-lam/ket-qua/hinh-thuc', requirePermission('programme:read'), (req, res) =>
  renderModes(req, res),
);

programmePages.post('/viec-lam/ket-qua/hinh-thuc', requirePermission('programme:targets'), async (req, res) => {
  const fields = await modeFields(req);
  const read = readForm(fields, (req.body ?? {}) as Record<string, unknown>);
  try {
    if (read.problems.length) throw new ValidationError(read.problems);
    const input = check(s.procurementBody, read.input);
    if (!isConfirmed(req.body)) {
      const centre = fields[0].options?.find((o) => o.value === String(input.centreId));
      return renderConfirm(req, res, {
        heading: 'Xác nhận hình thức cung cấp dịch vụ',
        subject: centre?.label ?? '',
        consequence:
          'Giai đoạn mới được ghi vào lịch sử và không sửa được; giai đoạn đang mở bắt đầu trước ngày này kết thúc vào hôm trước. Kết quả chương trình của giai đoạn chưa có hình thức sẽ mang hình thức này.',
        details: [
          { label: 'Hình thức', value: PROCUREMENT_LABELS[input.mode] },
          { label: 'Áp dụng từ ngày', value: formatDateVi(input.validFrom) },
          { label: 'Đến ngày', value: input.validTo ? formatDateVi(input.validTo) : 'chưa có ngày kết thúc' },
        ],
        target: '/viec-lam/ket-qua/hinh-thuc',
        back: '/viec-lam/ket-qua/hinh-thuc',
        confirmLabel: 'Lưu hình thức',
      });
    }
    await addProcurementMode(actorOf(req), input);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 404, 409].includes(err.status)) throw err;
    const errors: Record<string, string> = {};
    if (err instanceof ValidationError) for (const p of err.details as FieldProblem[]) errors[p.path] ??= p.message;
    return renderModes(
      req,
      res,
      err.status,
      read.typed,
      errors,
      err instanceof ValidationError ? undefined : refusalMessage(err),
    );
  }
  flashNext(res, 'Đã lưu hình thức cung cấp dịch vụ của trung tâm.');
  res.redirect(303, '/viec-lam/ket-qua/hinh-thuc');
});
