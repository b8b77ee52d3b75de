// The decision pages (issue 19): the province's decisions, one decision's progress (the page refreshes itself while
// the job works), its refusal (what fits the budget, to decide those at once) or its annex with the payment and the
// correction forms; the budget picture (Chart.js, the same numbers in a table, XLSX).
import express, { type Request, type Response } from 'express';
import ExcelJS from 'exceljs';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError } from '../../shared/errors';
import {
  fieldErrors,
  flashNext,
  pageContext,
  pageFilters,
  parseViNumber,
  refusalMessage,
  sendXlsx,
} from '../../shared/pages';
import { check } from '../../shared/validate';
import { formatDateVi, parseViDate } from '../../shared/dates';
import { today } from '../../shared/clock';
import { formatMoney } from '../../shared/format';
import * as s from './grants.schemas';
import * as decisions from './grants.decisions';

export const decisionPages = express.Router();

const idOf = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);
const list = (raw: unknown): string[] =>
  Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
const ids = (raw: unknown) =>
  list(raw)
    .map(idOf)
    .filter((x) => x > 0);
const options = (labels: Record<string, string>, chosen?: string) =>
  Object.entries(labels).map(([value, label]) => ({ value, label, selected: value === chosen }));

// ---- start a decision from the queue's selection
decisionPages.post('/grants/decisions', requirePermission('grants:decide'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const everyWaiting = body.all === '1' && typeof body.programme === 'string' && body.programme in s.PROGRAMME_LABELS;
  const chosen = everyWaiting ? await decisions.waitingIds(actorOf(req), String(body.programme)) : ids(body.ids);
  try {
    const input = check(s.decisionBody, { applicationIds: chosen, source: body.source || 'central' });
    const d = await decisions.startDecision(actorOf(req), input);
    flashNext(res, `Đang lập quyết định cho ${d.total} đề nghị; trang tự cập nhật tiến độ.`);
    res.redirect(303, `/grants/decisions/${d.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 404].includes(err.status)) throw err;
    const message =
      err instanceof ValidationError && chosen.length === 0
        ? everyWaiting
          ? 'Chương trình này không có đề nghị nào chờ phê duyệt.'
          : 'Chọn ít nhất một đề nghị trong danh sách để lập quyết định.'
        : refusalMessage(err);
    flashNext(res, message, 'error');
    res.redirect(303, `/grants?state=certified${chosen.map((x) => `&chon=${x}`).join('')}`);
  }
});

// ---- the province's decisions
decisionPages.get('/grants/decisions', requirePermission('grants:decide'), async (req, res) => {
  const { query: q, notice } = pageFilters(s.decisionsQuery, req.query);
  const r = await decisions.listDecisions(actorOf(req), q);
  res.render(
    'grants/decisions',
    pageContext(req, 'Quyết định hỗ trợ', {
      notices: notice ? [notice] : [],
      rows: r.data.map((d) => ({
        ...d,
        programmeLabel: s.PROGRAMME_LABELS[d.programme],
        amount: d.totalVnd === null ? '—' : formatMoney(d.totalVnd),
      })),
      total: r.page.total,
    }),
  );
});

// ---- the budget picture (before /grants/:id in the router's order)
async function picture(req: Request) {
  const { query: q } = pageFilters(s.pictureQuery, req.query);
  const year = q.fiscalYear ?? Number(today().slice(0, 4));
  return { year, rows: await decisions.budgetPicture(actorOf(req), year, q.provinceCode) };
}
const MONTHS = Array.from({ length: 12 }, (_, i) => `Th${i + 1}`);

decisionPages.get('/grants/budgets/picture', requirePermission('grants:budget'), async (req, res) => {
  const { year, rows } = await picture(req);
  const charts: Record<string, unknown> = {};
  const budgets = rows.map((b, i) => {
    charts[`budget-${i}`] = {
      labels: MONTHS,
      series: [
        { label: 'Cam kết mới (đồng)', data: b.months.map((m) => m.committedVnd) },
        { label: 'Đã chi (đồng)', data: b.months.map((m) => m.paidVnd) },
      ],
    };
    return {
      ...b,
      key: `budget-${i}`,
      allocated: formatMoney(b.allocatedVnd),
      committed: formatMoney(b.committedVnd),
      paid: formatMoney(b.paidVnd),
      available: formatMoney(b.availableVnd),
      share: `${Math.round(b.committedShare * 100)} %`,
      warn: b.committedShare >= 0.9,
      months: b.months.map((m) => ({
        label: `Tháng ${m.month}`,
        committed: formatMoney(m.committedVnd),
        paid: formatMoney(m.paidVnd),
        committedEnd: formatMoney(m.committedEndVnd),
        paidEnd: formatMoney(m.paidEndVnd),
        availableEnd: formatMoney(m.availableEndVnd),
      })),
    };
  });
  res.render(
    'grants/picture',
    pageContext(req, `Tình hình dự toán hỗ trợ năm ${year}`, {
      year,
      years: [year - 1, year, year + 1],
      budgets,
      charts,
    }),
  );
});

decisionPages.get('/grants/budgets/picture.xlsx', requirePermission('grants:budget'), async (req, res) => {
  const { year, rows } = await picture(req);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`Dự toán ${year}`);
  ws.columns = [
    { header: 'Chương trình', key: 'programme', width: 40 },
    { header: 'Nguồn', key: 'source', width: 22 },
    { header: 'Tháng', key: 'month', width: 8 },
    { header: 'Cam kết mới (đồng)', key: 'committed', width: 18 },
    { header: 'Đã chi trong tháng (đồng)', key: 'paid', width: 18 },
    { header: 'Còn cam kết cuối tháng (đồng)', key: 'committedEnd', width: 20 },
    { header: 'Đã chi lũy kế (đồng)', key: 'paidEnd', width: 18 },
    { header: 'Còn lại cuối tháng (đồng)', key: 'availableEnd', width: 20 },
  ];
  for (const b of rows) {
    for (const m of b.months)
      ws.addRow({
        programme: b.programmeName,
        source: b.sourceLabel,
        month: m.month,
        committed: m.committedVnd,
        paid: m.paidVnd,
        committedEnd: m.committedEndVnd,
        paidEnd: m.paidEndVnd,
        availableEnd: m.availableEndVnd,
      });
    ws.addRow({
      programme: `${b.programmeName}: dự toán ${b.allocatedVnd}, đã cam kết ${b.committedVnd}, đã chi ${b.paidVnd}, còn lại ${b.availableVnd} (đã dùng ${Math.round(b.committedShare * 100)} %)`,
    });
  }
  for (const k of ['committed', 'paid', 'committedEnd', 'paidEnd', 'availableEnd']) ws.getColumn(k).numFmt = '#,##0';
  ws.getRow(1).font = { bold: true };
  sendXlsx(res, Buffer.from(await wb.xlsx.writeBuffer()), `du-toan-ho-tro-${year}.xlsx`);
});

// ---- one decision
interface FormState {
  form: 'pay' | 'correct';
  message: string;
  errors: Record<string, string>;
  typed: Record<string, unknown>;
}

async function renderDecision(req: Request, res: Response, id: number, state?: FormState, status = 200) {
  const d = await decisions.getDecision(actorOf(req), id);
  const running = ['queued', 'checking', 'committing'].includes(d.status);
  if (running) res.set('Refresh', '1');
  const typed = state?.typed ?? {};
  const removed = new Set(ids(typed.remove));
  const fits = (d.refusal?.verdicts ?? []).flatMap((v) =>
    Array.isArray((v.details as { fits?: unknown })?.fits) ? ((v.details as { fits: number[] }).fits ?? []) : [],
  );
  const payable = d.lines.filter((l) => l.state === 'approved');
  res.status(status).render(
    'grants/decision',
    pageContext(
      req,
      d.document ? `Quyết định ${d.document.numberText.replace(/^Số:\s*/, 'số ')}` : `Lập quyết định #${d.id}`,
      {
        d: {
          ...d,
          programmeLabel: s.PROGRAMME_LABELS[d.programme],
          amount: d.totalVnd === null ? null : formatMoney(d.totalVnd),
          paid: formatMoney(d.paidVnd),
          issued: d.status === 'issued',
          refused: d.status === 'refused',
          superseded: d.status === 'superseded',
        },
        running,
        problems: (d.refusal?.verdicts ?? []).map((v) => ({ ruleId: v.ruleId, message: v.message })),
        fits,
        fitsCount: fits.length,
        lines: d.lines.map((l) => ({
          ...l,
          amount: formatMoney(l.amountVnd),
          payable: l.state === 'approved',
          removed: removed.has(l.applicationId),
          newAmount: String(typed[`amount_${l.applicationId}`] ?? ''),
          error: state?.errors[`line_${l.applicationId}`] ?? null,
        })),
        canPay: d.status === 'issued' && payable.length > 0,
        payableCount: payable.length,
        payableAmount: formatMoney(payable.reduce((n, l) => n + l.amountVnd, 0)),
        canCorrect: d.status === 'issued' && payable.length > 0,
        pay: {
          methods: options(s.PAYMENT_METHOD_LABELS, String(typed.method ?? '')),
          reference: state?.form === 'pay' ? String(typed.reference ?? '') : '',
          paidOn: state?.form === 'pay' ? String(typed.paidOn ?? '') : formatDateVi(today()),
          errors: state?.form === 'pay' ? state.errors : {},
          message: state?.form === 'pay' ? state.message : null,
        },
        correct: {
          reason: state?.form === 'correct' ? String(typed.reason ?? '') : '',
          errors: state?.form === 'correct' ? state.errors : {},
          message: state?.form === 'correct' ? state.message : null,
        },
      },
    ),
  );
}

decisionPages.get('/grants/decisions/:id', requirePermission('grants:decide'), (req, res) =>
  renderDecision(req, res, idOf(req.params.id)),
);

decisionPages.post('/grants/decisions/:id/payments', requirePermission('grants:pay'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const input = check(s.paymentBody, {
      method: body.method,
      reference: body.reference,
      paidOn: parseViDate(String(body.paidOn ?? '')) ?? body.paidOn,
      ...(list(body.only).length ? { applicationIds: ids(body.only) } : {}),
    });
    const r = await decisions.payDecision(actorOf(req), id, input);
    flashNext(res, `Đã ghi nhận chi trả cho ${r.paid} người, tổng ${formatMoney(r.paidVnd)}.`);
    res.redirect(303, `/grants/decisions/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409, 422].includes(err.status)) throw err;
    const errors = err instanceof ValidationError ? fieldErrors(err) : {};
    return renderDecision(
      req,
      res,
      id,
      {
        form: 'pay',
        message: err instanceof ValidationError ? 'Xem lại các ô được đánh dấu.' : refusalMessage(err),
        errors,
        typed: body,
      },
      err.status,
    );
  }
});

decisionPages.post('/grants/decisions/:id/corrections', requirePermission('grants:decide'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const amounts = Object.entries(body)
    .filter(([k, v]) => /^amount_\d+$/.test(k) && String(v).trim() !== '')
    .map(([k, v]) => ({
      applicationId: Number(k.slice(7)),
      amountVnd: Number(parseViNumber(String(v)) ?? String(v)),
    }));
  try {
    const input = check(s.correctionBody, {
      reason: body.reason,
      ...(ids(body.remove).length ? { remove: ids(body.remove) } : {}),
      ...(amounts.length ? { amounts } : {}),
    });
    const d = await decisions.correctDecision(actorOf(req), id, input);
    flashNext(res, `Đã ban hành quyết định đính chính ${d.document?.numberText.replace(/^Số:\s*/, 'số ') ?? ''}.`);
    res.redirect(303, `/grants/decisions/${d.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409, 422].includes(err.status)) throw err;
    const errors: Record<string, string> = {};
    if (err instanceof ValidationError) Object.assign(errors, fieldErrors(err));
    // a problem of one line goes beside its row
    for (const v of (err.details as { verdicts?: { message: string; details?: { applicationId?: number } }[] })
      ?.verdicts ?? [])
      if (v.details?.applicationId) errors[`line_${v.details.applicationId}`] = v.message;
    return renderDecision(
      req,
      res,
      id,
      {
        form: 'correct',
        message: err instanceof ValidationError ? 'Xem lại các ô được đánh dấu.' : refusalMessage(err),
        errors,
        typed: body,
      },
      err.status,
    );
  }
});
