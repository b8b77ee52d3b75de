import Joi from '../../shared/joi';
import express from 'express';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { check } from '../../shared/validate';
import { formValues, pageContext } from '../../shared/pages';
import { id, isoDate } from '../../shared/schemas';
import { addDays } from '../../shared/dates';
import { today } from '../../shared/clock';
import * as service from './reports.service';

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
    if (query.format === 'xlsx') {
      const xlsx = await service.departuresXlsx(actorOf(req), q);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="xuat-canh-${q.from}-${q.to}.xlsx"`);
      res.end(xlsx);
      return;
    }
    return { data: service.masked(await service.departures(actorOf(req), q)), period: q };
  },
});

export const reportsApi = router;
export const reportsPages = express.Router();

reportsPages.get('/reports/departures', requirePermission('reports:read'), async (req, res) => {
  const q = { ...check(periodQuery, formValues(req.query, { dates: ['from', 'to'] })) };
  const p = { ...q, ...period(q) };
  const rows = service.masked(await service.departures(actorOf(req), p));
  res.render(
    'reports/departures',
    pageContext(req, 'Danh sách xuất cảnh', { rows, p, overdue: rows.filter((r) => r.overdue).length }),
  );
});
