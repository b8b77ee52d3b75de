import Joi from '../../shared/joi';
import express from 'express';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { checkForm, flashNext, pageContext, pageFilters, refusalMessage, sendXlsx } from '../../shared/pages';
import { AppError, ValidationError } from '../../shared/errors';
import { roleHas } from '../../shared/auth/permissions';
import { addDays, formatDateVi } from '../../shared/dates';
import { id, isoDate } from '../../shared/schemas';
import { today } from '../../shared/clock';
import * as service from './reports.service';
import { areaSummary, areaXlsx } from './reports.area';
import { recordAccess } from '../../shared/audit';

const periodQuery = Joi.object<{ from: string; to: string; agencyId?: number; format?: 'json' | 'xlsx' }>({
  from: isoDate().label('Từ ngày'),
  to: isoDate().label('Đến ngày'),
  agencyId: id(),
  format: Joi.string().valid('json', 'xlsx').default('json'),
});
const period = (q: { from?: string; to?: string }) => ({ from: q.from ?? addDays(today(), -30), to: q.to ?? today() });

const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/reports/departures',
  access: requirePermission('reports:read'),
  tag: 'reports',
  operationId: 'listDepartures',
  summary: 'Departures in a period for the worker database update (R17: within 5 days); format=xlsx exports',
  query: periodQuery,
  response: Joi.array().items(Joi.object()),
  handler: async ({ query, req, res }) => {
    const q = { ...query, ...period(query) };
    service.checkPeriod(q);
    if (query.format === 'xlsx') {
      const xlsx = await service.departuresXlsx(actorOf(req), q);
      sendXlsx(res, xlsx, `xuat-canh-${q.from}-${q.to}.xlsx`);
      return;
    }
    return { data: service.masked(await service.departures(actorOf(req), q)), period: q };
  },
});

const confirmBody = Joi.object<{ from: string; to: string; on: string }>({
  from: isoDate().required().label('Từ ngày'),
  to: isoDate().required().label('Đến ngày'),
  on: isoDate({ max: 'today' }).required().label('Ngày cập nhật cơ sở dữ liệu'),
});

define({
  method: 'post',
  path: '/reports/departures/database-update',
  access: requirePermission('reports:confirm'),
  tag: 'reports',
  operationId: 'confirmDatabaseUpdate',
  summary:
    "R17: the agency confirms it updated the worker database for a period's departures on a day (their departure and monthly updates are met)",
  body: confirmBody,
  response: Joi.object({ cases: Joi.number().integer(), on: Joi.string() }),
  handler: async ({ body, req }) => ({ data: await service.confirmDatabaseUpdate(actorOf(req), body) }),
});

export const reportsApi = router;
export const reportsPages = express.Router();

reportsPages.get('/reports/departures', requirePermission('reports:read'), async (req, res) => {
  const { query: q, notice } = pageFilters(periodQuery, req.query);
  let p = { ...q, ...period(q) };
  let problem: string | undefined;
  try {
    service.checkPeriod(p);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problem = `${refusalMessage(err)}: đang hiển thị 30 ngày gần nhất.`;
    p = { ...q, ...period({}) };
  }
  const rows = service.masked(await service.departures(actorOf(req), p));
  // the message a redirect brought (a refused report) comes first, then what this page noticed about the filters
  const message = [req.flash?.message, notice?.message, problem].filter(Boolean).join(' ');
  res.render(
    'reports/departures',
    pageContext(req, 'Danh sách xuất cảnh', {
      ...(message ? { flash: { kind: req.flash?.kind ?? 'notice', message } } : {}),
      rows,
      p,
      today: today(),
      overdue: rows.filter((r) => r.overdue).length,
      canConfirm: roleHas(actorOf(req).role, 'reports:confirm') && rows.length > 0,
    }),
  );
});

reportsPages.post('/reports/departures/database-update', requirePermission('reports:confirm'), async (req, res) => {
  const back = (from: unknown, to: unknown) =>
    `/reports/departures?from=${encodeURIComponent(String(from ?? ''))}&to=${encodeURIComponent(String(to ?? ''))}`;
  try {
    const body = checkForm(confirmBody, req.body);
    const done = await service.confirmDatabaseUpdate(actorOf(req), body);
    flashNext(res, `Đã ghi nhận cập nhật cơ sở dữ liệu ngày ${formatDateVi(done.on)} cho ${done.cases} người.`);
    res.redirect(303, back(body.from, body.to));
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    flashNext(res, `Chưa ghi nhận được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, back(req.body?.from, req.body?.to));
  }
});

reportsPages.get('/reports/area', requirePermission('reports:area'), async (req, res) => {
  const actor = actorOf(req);
  if (req.query.format === 'xlsx') {
    await recordAccess(actor, 'area.exported', 'area', actor.communeCode ?? actor.provinceCode ?? 'all');
    const xlsx = await areaXlsx(actor);
    return sendXlsx(res, xlsx, `tong-hop-dia-ban-${today()}.xlsx`);
  }
  const summary = await areaSummary(actor);
  res.render(
    'reports/area',
    pageContext(req, `Tổng hợp địa bàn: ${summary.area}`, {
      s: summary,
      // the charts' data, read by public/js/charts.js from a JSON block (no inline script: the CSP forbids it)
      charts: {
        months: {
          labels: summary.months.map((m) => m.label),
          series: [
            { label: 'Xuất cảnh', data: summary.months.map((m) => m.departures) },
            { label: 'Về nước', data: summary.months.map((m) => m.returns) },
          ],
        },
        markets: {
          labels: summary.abroadByMarket.map((m) => m.label),
          series: [{ label: 'Đang ở nước ngoài', data: summary.abroadByMarket.map((m) => m.workers) }],
        },
      },
    }),
  );
});
