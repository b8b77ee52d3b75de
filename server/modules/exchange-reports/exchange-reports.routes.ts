// The reports' JSON API (/api/v1): Mẫu 01 (E6) computed, drafted and issued; NJE batch exports (E4). Every route names
// its permission; the service scopes every row (a centre its own, a province officer the province's centres; 404
// outside).
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import * as s from './exchange-reports.schemas';
import * as service from './exchange-reports.service';
import * as nje from './exchange-reports.nje';
import { reportTable } from './exchange-reports.table';
import { reportPdfFile, reportXlsxFile } from './exchange-reports.outputs';

const { router, define } = apiRouter('/api/v1');
const ANY = Joi.object().unknown(true);
const TAG = 'job exchange reports';

function sendFile(res: import('express').Response, bytes: Buffer, filename: string, type: string) {
  res
    .status(200)
    .set({
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, no-store',
    })
    .end(bytes);
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

define({
  method: 'get',
  path: '/exchange-reports/mau-01',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'computeExchangeReport',
  summary:
    'E6: lines 1–3 of Decree 352 Annex III Mẫu 01 computed now for a year and period (current and prior column), for my centre, or for a province officer one centre or the whole province',
  query: s.periodQuery,
  response: ANY,
  errors: [404],
  handler: async ({ query, req }) => {
    const r = await service.computeReport(actorOf(req), query);
    return { data: { centres: r.centres, windows: r.windows, figures: r.figures } };
  },
});

define({
  method: 'get',
  path: '/exchange-reports/mau-01/drill',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'drillExchangeReport',
  summary: 'The people (CCCD masked), sessions, employers or vacancies one figure of Mẫu 01 counts',
  query: s.drillQuery,
  response: ANY,
  errors: [404],
  handler: async ({ query, req }) => ({ data: await service.drillReport(actorOf(req), query) }),
});

define({
  method: 'get',
  path: '/exchange-reports',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'listExchangeReports',
  summary: 'Mẫu 01 drafts and issued reports in my scope, newest period first',
  query: s.listQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({ data: await service.listReports(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/exchange-reports',
  access: requirePermission('exchange-reports:write'),
  tag: TAG,
  status: 201,
  operationId: 'createExchangeReportDraft',
  summary: "Open my centre's draft of Mẫu 01 for a year and period (409 when one exists or the report is issued)",
  body: s.createDraftBody,
  response: ANY,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await service.createDraft(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/exchange-reports/:id',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'getExchangeReport',
  summary: 'One report with its table: frozen figures once issued, computed now for a draft; hand-entered lines marked',
  params: s.idParam,
  response: ANY,
  errors: [404],
  handler: async ({ params, req }) => {
    const { report, figures, windows } = await service.reportWithLines(actorOf(req), params.id);
    return { data: { ...report, windows, figures, table: reportTable(figures, report.entered, report.provincial) } };
  },
});

define({
  method: 'patch',
  path: '/exchange-reports/:id',
  access: requirePermission('exchange-reports:write'),
  tag: TAG,
  operationId: 'saveExchangeReportDraft',
  summary: 'Save the hand-entered lines of a draft: plan column, line 4, line 5 (provincial centre only), line 6',
  params: s.idParam,
  body: s.saveDraftBody,
  response: ANY,
  errors: [404, 409],
  handler: async ({ params, body, req }) => ({ data: await service.saveDraft(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/exchange-reports/:id/issue',
  access: requirePermission('exchange-reports:write'),
  tag: TAG,
  operationId: 'issueExchangeReport',
  summary:
    'Issue a draft (E6): freeze lines 1–3, number the PDF through the documents module, meet the period obligation; a second issue answers 409',
  params: s.idParam,
  body: s.issueBody,
  response: ANY,
  errors: [404, 409],
  handler: async ({ params, body, req }) => ({
    data: await service.issueReport(actorOf(req), params.id, body.expectedVersion),
  }),
});

define({
  method: 'get',
  path: '/exchange-reports/:id/xlsx',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'exchangeReportXlsx',
  summary: 'The report as XLSX (the same table; the source column says «nhập tay» for hand-entered lines)',
  params: s.idParam,
  errors: [404],
  handler: async ({ params, req, res }) => {
    const f = await reportXlsxFile(actorOf(req), params.id);
    sendFile(res, f.bytes, f.filename, XLSX);
  },
});

define({
  method: 'get',
  path: '/exchange-reports/:id/pdf',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'exchangeReportPdf',
  summary: 'The issued report as its numbered, signed PDF (written to the access log)',
  params: s.idParam,
  errors: [404, 409],
  handler: async ({ params, req, res }) => {
    const f = await reportPdfFile(actorOf(req), params.id);
    sendFile(res, f.bytes, f.filename, 'application/pdf');
  },
});

define({
  method: 'get',
  path: '/nje-exports',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'listNjeExports',
  summary: 'Batch exports to the National Job Exchange in my scope, newest first',
  response: Joi.array().items(ANY),
  handler: async ({ req }) => ({ data: await nje.listExports(actorOf(req)) }),
});

define({
  method: 'post',
  path: '/nje-exports',
  access: requirePermission('exchange-reports:write'),
  tag: TAG,
  status: 201,
  operationId: 'createNjeExport',
  summary:
    "A new batch of my centre's job seekers, open vacancies or unreported Mẫu 04 connection results; it records exactly the rows it carries",
  body: s.createExportBody,
  response: ANY,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await nje.createExport(actorOf(req), body.kind) }),
});

define({
  method: 'get',
  path: '/nje-exports/:id',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'getNjeExport',
  summary: 'One batch with its first rows (personal IDs masked)',
  params: s.idParam,
  response: ANY,
  errors: [404],
  handler: async ({ params, req }) => ({ data: await nje.exportPreview(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/nje-exports/:id/file',
  access: requirePermission('exchange-reports:read'),
  tag: TAG,
  operationId: 'njeExportFile',
  summary: 'The batch file: CSV (UTF-8 with BOM, comma, header row) or XLSX, in the documented layout',
  params: s.idParam,
  query: s.formatQuery,
  errors: [404],
  handler: async ({ params, query, req, res }) => {
    const f = await nje.exportFile(actorOf(req), params.id, query.format);
    sendFile(res, f.bytes, f.filename, query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
  },
});

define({
  method: 'post',
  path: '/nje-exports/:id/sent',
  access: requirePermission('exchange-reports:write'),
  tag: TAG,
  operationId: 'markNjeExportSent',
  summary:
    'E4: mark a batch sent with the day and the Exchange’s reference; each Mẫu 04 row it carries is then recorded on the Exchange (its obligation met)',
  params: s.idParam,
  body: s.markSentBody,
  response: ANY,
  errors: [404, 409, 422],
  handler: async ({ params, body, req }) => ({ data: await nje.markSent(actorOf(req), params.id, body) }),
});

export const exchangeReportsApi = router;
