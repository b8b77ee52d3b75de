// The reports' pages under /viec-lam/bao-cao: the periods with their due dates (E6) and reports, the figures computed
// now with their definitions and drill-downs, the draft form (plan column, lines 4–6 entered by hand), the issue with
// a confirmation step, the issued report with its PDF and XLSX, and the batch exports to the National Job Exchange
// (E4) with their layouts and the "sent" step. A centre's staff see their centre; a province officer the province's
// centres (read only); anything else answers 404.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  fieldErrors,
  flashNext,
  isConfirmed,
  pageContext,
  pageFilters,
  parseViNumber,
  refusalMessage,
  renderConfirm,
  sendXlsx,
} from '../../shared/pages';
import { parseViDate, formatDateVi } from '../../shared/dates';
import { today } from '../../shared/clock';
import type { Actor } from '../../shared/auth/permissions';
import * as s from './exchange-reports.schemas';
import * as service from './exchange-reports.service';
import * as nje from './exchange-reports.nje';
import { LINES } from './exchange-reports.lines';
import { PERIOD_LABELS, REPORT_PERIODS, reportPeriod, reportYearOf, obligationKind } from './exchange-reports.periods';
import { reportTable, HAND, type TableRow } from './exchange-reports.table';
import { reportPdfFile, reportXlsxFile } from './exchange-reports.outputs';

export const exchangeReportsPages = express.Router();

const READ = requirePermission('exchange-reports:read');
const WRITE = requirePermission('exchange-reports:write');
const idOf = (raw: unknown) => {
  if (typeof raw !== 'string' || !/^[0-9]{1,15}$/.test(raw)) throw new NotFoundError('Không tìm thấy');
  return Number(raw);
};

function drillHref(q: { year: number; period: string; centreId?: number }, line: string, column: 'current' | 'prior') {
  const p = new URLSearchParams({ year: String(q.year), period: q.period, line, column });
  if (q.centreId) p.set('centreId', String(q.centreId));
  return `/viec-lam/bao-cao/chi-tiet?${p.toString()}`;
}

/** The table's rows as the page shows them: numbers in Vietnamese, computed figures linked to what they count. */
function pageRows(rows: TableRow[], q: { year: number; period: string; centreId?: number }, links: boolean) {
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN'));
  return rows.map((r) => ({
    ...r,
    isSection: r.kind === 'section',
    isPlus: r.kind === 'plus',
    isHand: r.source === HAND,
    planText: n(r.plan),
    priorText: n(r.prior),
    currentText: n(r.current),
    priorHref: links && r.drill ? drillHref(q, r.drill.line, 'prior') : null,
    currentHref: links && r.drill ? drillHref(q, r.drill.line, 'current') : null,
  }));
}

// ---- the periods and reports ----

exchangeReportsPages.get('/viec-lam/bao-cao', READ, async (req, res) => {
  const actor = actorOf(req);
  const { query, notice } = pageFilters(s.listQuery, req.query);
  const centres = await service.centresInScope(actor, query.centreId);
  if (actor.role === 'centre_staff') await service.ensureReportObligations(today(), [centres[0].id]);
  const reports = await service.listReports(actor, query);
  const year = reportYearOf(today());
  const own = actor.role === 'centre_staff' ? centres[0] : null;
  const obligations = own ? await service.reportObligations(own.id) : [];
  const periods = [year, year - 1].flatMap((y) =>
    REPORT_PERIODS.map((k) => {
      const p = reportPeriod(y, k);
      const mine = reports.filter((r) => r.year === y && r.period === k && (!own || r.centreId === own.id));
      const o = obligations.find((x) => x.kind === obligationKind(y, k));
      return {
        year: y,
        kind: k,
        label: `${PERIOD_LABELS[k]} ${y}`,
        from: p.from,
        to: p.to,
        dueOn: p.dueOn,
        overdue: !mine.some((r) => r.state === 'issued') && p.dueOn < today(),
        obligation: o ? (o.status === 'met' ? `Đã nộp ngày ${formatDateVi(o.metOn)}` : 'Chưa nộp') : null,
        reports: mine.map((r) => ({ ...r, stateLabel: r.state === 'issued' ? 'Đã ban hành' : 'Bản nháp' })),
        canDraft: Boolean(own) && mine.length === 0,
        figuresHref: `/viec-lam/bao-cao/so-lieu?year=${y}&period=${k}${query.centreId ? `&centreId=${query.centreId}` : ''}`,
      };
    }),
  );
  res.render(
    'exchange-reports/index',
    pageContext(req, 'Báo cáo dịch vụ việc làm (Mẫu 01)', {
      ...(notice ? { flash: notice } : {}),
      periods,
      own,
      centres: actor.role === 'centre_staff' ? [] : await service.centresInScope(actor),
      centreId: query.centreId ?? null,
      canWrite: actor.role === 'centre_staff',
    }),
  );
});

exchangeReportsPages.get('/viec-lam/bao-cao/so-lieu', READ, async (req, res) => {
  const q = check(s.periodQuery, req.query);
  const r = await service.computeReport(actorOf(req), q);
  const rows = reportTable(r.figures, {}, false).filter((x) => x.source !== HAND && !x.key.startsWith('s4'));
  res.render(
    'exchange-reports/report',
    pageContext(req, `Số liệu Mẫu 01 – ${PERIOD_LABELS[q.period].toLowerCase()} ${q.year}`, {
      live: true,
      heading: `Số liệu ${PERIOD_LABELS[q.period].toLowerCase()} ${q.year}`,
      who: r.centres.length === 1 ? r.centres[0].name : `${r.centres.length} trung tâm của tỉnh`,
      windows: r.windows,
      rows: pageRows(rows, q, true),
      lines: LINES,
    }),
  );
});

exchangeReportsPages.get('/viec-lam/bao-cao/chi-tiet', READ, async (req, res) => {
  const q = check(s.drillQuery, req.query);
  const d = await service.drillReport(actorOf(req), q);
  const pages = Math.max(1, Math.ceil(d.total / q.pageSize));
  const base = new URLSearchParams({ year: String(q.year), period: q.period, line: q.line, column: q.column });
  if (q.centreId) base.set('centreId', String(q.centreId));
  res.render(
    'exchange-reports/drill',
    pageContext(req, `Dòng ${d.line.key}: ${d.line.title}`, {
      line: d.line,
      window: d.window,
      column: q.column === 'prior' ? 'Kỳ trước' : 'Kỳ này',
      who: d.centres.length === 1 ? d.centres[0].name : `${d.centres.length} trung tâm của tỉnh`,
      total: d.total,
      rows: d.rows,
      isPeople: d.line.unit === 'worker' || d.line.unit === 'registration',
      back: `/viec-lam/bao-cao/so-lieu?year=${q.year}&period=${q.period}${q.centreId ? `&centreId=${q.centreId}` : ''}`,
      prev: q.page > 1 ? `?${base.toString()}&page=${q.page - 1}` : null,
      next: q.page < pages ? `?${base.toString()}&page=${q.page + 1}` : null,
      page: q.page,
      pages,
    }),
  );
});

exchangeReportsPages.post('/viec-lam/bao-cao', WRITE, async (req, res) => {
  try {
    const body = check(s.createDraftBody, req.body ?? {});
    const r = await service.createDraft(actorOf(req), body);
    flashNext(res, `Đã lập bản nháp báo cáo ${PERIOD_LABELS[r.period].toLowerCase()} ${r.year}.`);
    res.redirect(303, `/viec-lam/bao-cao/${r.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, refusalMessage(err), 'error');
    res.redirect(303, '/viec-lam/bao-cao');
  }
});

// ---- batch exports to the National Job Exchange (before /:id) ----

exchangeReportsPages.get('/viec-lam/bao-cao/san-viec-lam', READ, async (req, res) => {
  const actor = actorOf(req);
  const rows = await nje.listExports(actor);
  res.render(
    'exchange-reports/exports',
    pageContext(req, 'Xuất dữ liệu lên Sàn giao dịch việc làm quốc gia', {
      rows: rows.map((r) => ({ ...r, kindLabel: nje.EXPORT_KIND_LABELS[r.kind] })),
      kinds: nje.EXPORT_KINDS.map((k) => ({ value: k, label: nje.EXPORT_KIND_LABELS[k] })),
      canWrite: actor.role === 'centre_staff',
    }),
  );
});

exchangeReportsPages.get('/viec-lam/bao-cao/san-viec-lam/dinh-dang', READ, (req, res) => {
  res.render(
    'exchange-reports/layouts',
    pageContext(req, 'Định dạng tệp xuất lên Sàn giao dịch việc làm quốc gia', {
      layouts: nje.EXPORT_KINDS.map((k) => ({
        kind: k,
        label: nje.EXPORT_KIND_LABELS[k],
        columns: nje.LAYOUTS[k].map((c, i) => ({ n: i + 1, header: c.header, meaning: c.meaning })),
      })),
    }),
  );
});

exchangeReportsPages.post('/viec-lam/bao-cao/san-viec-lam', WRITE, async (req, res) => {
  try {
    const body = check(s.createExportBody, req.body ?? {});
    const e = await nje.createExport(actorOf(req), body.kind);
    flashNext(res, `Đã tạo tệp xuất ${e.rowCount.toLocaleString('vi-VN')} dòng: tải tệp và gửi lên Sàn.`);
    res.redirect(303, `/viec-lam/bao-cao/san-viec-lam/${e.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, refusalMessage(err), 'error');
    res.redirect(303, '/viec-lam/bao-cao/san-viec-lam');
  }
});

async function renderExport(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const actor = actorOf(req);
  const p = await nje.exportPreview(actor, id);
  res.status(status).render(
    'exchange-reports/export',
    pageContext(req, `Tệp xuất số ${id}`, {
      e: { ...p.export, kindLabel: nje.EXPORT_KIND_LABELS[p.export.kind] },
      head: p.head,
      rows: p.rows,
      more: p.export.rowCount > p.rows.length,
      canSend: actor.role === 'centre_staff' && p.export.state === 'created',
      isConnections: p.export.kind === 'connections',
      values: { sentOn: values.sentOn ?? formatDateVi(today()), reference: values.reference ?? '' },
      errors,
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa ghi nhận được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

exchangeReportsPages.get('/viec-lam/bao-cao/san-viec-lam/:id', READ, async (req, res) =>
  renderExport(req, res, idOf(req.params.id)),
);

exchangeReportsPages.get('/viec-lam/bao-cao/san-viec-lam/:id/tep', READ, async (req, res) => {
  const { format } = check(s.formatQuery, req.query);
  const f = await nje.exportFile(actorOf(req), idOf(req.params.id), format);
  if (format === 'xlsx') return sendXlsx(res, f.bytes, f.filename);
  res
    .status(200)
    .set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${f.filename}"`,
      'Cache-Control': 'private, no-store',
    })
    .end(f.bytes);
});

exchangeReportsPages.post('/viec-lam/bao-cao/san-viec-lam/:id/da-gui', WRITE, async (req, res) => {
  const id = idOf(req.params.id);
  const raw = (req.body ?? {}) as Record<string, string>;
  const typed = { sentOn: String(raw.sentOn ?? ''), reference: String(raw.reference ?? '') };
  try {
    const body = check(s.markSentBody, {
      sentOn: parseViDate(typed.sentOn) ?? typed.sentOn,
      reference: typed.reference,
      expectedVersion: raw.expectedVersion,
    });
    const e = await nje.getExport(actorOf(req), id);
    if (!isConfirmed(req.body))
      return renderConfirm(req, res, {
        heading: 'Xác nhận đã gửi lên Sàn',
        subject: `Tệp xuất số ${id}: ${nje.EXPORT_KIND_LABELS[e.kind]}, ${e.rowCount.toLocaleString('vi-VN')} dòng`,
        consequence:
          e.kind === 'connections'
            ? 'Mỗi kết quả kết nối trong tệp được ghi nhận đã cập nhật lên Sàn (nghĩa vụ E4 hoàn thành) với ngày và số tham chiếu này; không hoàn tác được.'
            : 'Tệp được ghi nhận đã gửi với ngày và số tham chiếu này; không hoàn tác được.',
        details: [
          { label: 'Ngày gửi', value: formatDateVi(body.sentOn) },
          { label: 'Số tham chiếu', value: body.reference },
        ],
        target: `/viec-lam/bao-cao/san-viec-lam/${id}/da-gui`,
        back: `/viec-lam/bao-cao/san-viec-lam/${id}`,
        confirmLabel: 'Xác nhận đã gửi',
      });
    await nje.markSent(actorOf(req), id, body);
    flashNext(res, 'Đã ghi nhận tệp đã gửi lên Sàn giao dịch việc làm quốc gia.');
    res.redirect(303, `/viec-lam/bao-cao/san-viec-lam/${id}`);
  } catch (err) {
    if (err instanceof ValidationError) return renderExport(req, res, id, 400, typed, fieldErrors(err));
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    flashNext(res, refusalMessage(err), 'error');
    res.redirect(303, `/viec-lam/bao-cao/san-viec-lam/${id}`);
  }
});

// ---- one report ----

const fieldName = (prefix: string, key: string) => `${prefix}:${key}`;

async function renderReport(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const actor: Actor = actorOf(req);
  const { report, figures, windows } = await service.reportWithLines(actor, id);
  const q = { year: report.year, period: report.period, centreId: report.centreId };
  const editable = report.state === 'draft' && actor.role === 'centre_staff';
  const rows = pageRows(reportTable(figures, report.entered, report.provincial), q, true).map((r) => {
    const planName = fieldName('plan', r.key);
    const priorName = fieldName('prior', r.key);
    const currentName = fieldName('current', r.key);
    const v = (name: string, fallback: number | null) => values[name] ?? (fallback === null ? '' : String(fallback));
    return {
      ...r,
      planName,
      priorName,
      currentName,
      planValue: v(planName, r.plan),
      priorValue: v(priorName, r.prior),
      currentValue: v(currentName, r.current),
      planError: errors[planName],
      priorError: errors[priorName],
      currentError: errors[currentName],
    };
  });
  res.status(status).render(
    'exchange-reports/report',
    pageContext(req, `Báo cáo Mẫu 01 – ${PERIOD_LABELS[report.period].toLowerCase()} ${report.year}`, {
      report,
      heading: `Báo cáo ${PERIOD_LABELS[report.period].toLowerCase()} ${report.year}`,
      who: report.centreName,
      windows,
      rows,
      lines: LINES,
      editable,
      issued: report.state === 'issued',
      labourMarketInfo: values.labourMarketInfo ?? report.labourMarketInfo ?? '',
      errors,
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa lưu được: xem các ô được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

exchangeReportsPages.get('/viec-lam/bao-cao/:id', READ, async (req, res) =>
  renderReport(req, res, idOf(req.params.id)),
);

/** The draft form's cells (plan:1.1, prior:4.1, current:4.1 …) as the API's body; numbers typed the Vietnamese way. */
function readDraftForm(raw: Record<string, string>) {
  const errors: Record<string, string> = {};
  const plan: Record<string, number | null> = {};
  const manual: Record<string, { prior?: number | null; current?: number | null }> = {};
  for (const [name, value] of Object.entries(raw)) {
    const m = /^(plan|prior|current):([0-9.a-z+]+)$/.exec(name);
    if (!m || typeof value !== 'string') continue;
    const typed = value.trim();
    let n: number | null = null;
    if (typed !== '') {
      const parsed = parseViNumber(typed);
      if (parsed === null || !/^[0-9]+$/.test(parsed)) {
        errors[name] = 'Nhập một số nguyên không âm';
        continue;
      }
      n = Number(parsed);
    }
    if (m[1] === 'plan') plan[m[2]] = n;
    else (manual[m[2]] ??= {})[m[1] as 'prior' | 'current'] = n;
  }
  return { plan, manual, errors };
}

exchangeReportsPages.post('/viec-lam/bao-cao/:id', WRITE, async (req, res) => {
  const id = idOf(req.params.id);
  const raw = (req.body ?? {}) as Record<string, string>;
  const { plan, manual, errors } = readDraftForm(raw);
  if (Object.keys(errors).length) return renderReport(req, res, id, 400, raw, errors);
  try {
    const body = check(s.saveDraftBody, {
      expectedVersion: raw.expectedVersion,
      entered: { plan, manual },
      labourMarketInfo: raw.labourMarketInfo ?? null,
    });
    await service.saveDraft(actorOf(req), id, body);
    flashNext(res, 'Đã lưu bản nháp.');
    res.redirect(303, `/viec-lam/bao-cao/${id}`);
  } catch (err) {
    if (err instanceof ValidationError) {
      const fe = fieldErrors(err);
      const mapped: Record<string, string> = {};
      for (const [path, msg] of Object.entries(fe)) {
        const m = /^entered\.(plan|manual)\.([^.]+(?:\.[^.]+)*?)(?:\.(prior|current))?$/.exec(path);
        if (m) mapped[m[1] === 'plan' ? fieldName('plan', m[2]) : fieldName(m[3] ?? 'current', m[2])] = msg;
        else mapped[path === 'labourMarketInfo' ? 'labourMarketInfo' : 'form'] = msg;
      }
      return renderReport(req, res, id, 400, raw, mapped);
    }
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    flashNext(res, refusalMessage(err), 'error');
    res.redirect(303, `/viec-lam/bao-cao/${id}`);
  }
});

exchangeReportsPages.post('/viec-lam/bao-cao/:id/ban-hanh', WRITE, async (req, res) => {
  const id = idOf(req.params.id);
  const actor = actorOf(req);
  try {
    const body = check(s.issueBody, req.body ?? {});
    const r = await service.getReport(actor, id);
    if (!isConfirmed(req.body))
      return renderConfirm(req, res, {
        heading: 'Ban hành báo cáo Mẫu 01',
        subject: `${r.centreName}: ${PERIOD_LABELS[r.period].toLowerCase()} ${r.year}`,
        consequence:
          'Số liệu các dòng 1–3 được tính lại và cố định tại thời điểm ban hành; báo cáo được cấp số, ký mã QR và không sửa được nữa. Mỗi kỳ chỉ ban hành một lần.',
        target: `/viec-lam/bao-cao/${id}/ban-hanh`,
        back: `/viec-lam/bao-cao/${id}`,
        confirmLabel: 'Ban hành báo cáo',
      });
    const issued = await service.issueReport(actor, id, body.expectedVersion);
    flashNext(res, `Đã ban hành báo cáo ${issued.documentNumber ?? ''}.`.replace(' .', '.'));
    res.redirect(303, `/viec-lam/bao-cao/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    flashNext(res, refusalMessage(err), 'error');
    res.redirect(303, `/viec-lam/bao-cao/${id}`);
  }
});

exchangeReportsPages.get('/viec-lam/bao-cao/:id/xlsx', READ, async (req, res) => {
  const f = await reportXlsxFile(actorOf(req), idOf(req.params.id));
  sendXlsx(res, f.bytes, f.filename);
});

exchangeReportsPages.get('/viec-lam/bao-cao/:id/pdf', READ, async (req, res) => {
  const f = await reportPdfFile(actorOf(req), idOf(req.params.id));
  res
    .status(200)
    .set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${f.filename}"`,
      'Cache-Control': 'private, no-store',
    })
    .end(f.bytes);
});
