// The money pages: a case's money tab (entries, balances, what is due, the forms the law allows, refusals beside the
// form with the input kept), the agency's reconciliation (and its XLSX), the province's picture, and the worker's
// cost-of-migration statement in her portal.
import crypto from 'node:crypto';
import express, { type Request, type Response } from 'express';
import ExcelJS from 'exceljs';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { flashNext, pageContext, pageFilters, sendXlsx } from '../../shared/pages';
import { fieldViews, formFields, readForm } from '../../shared/forms';
import { check } from '../../shared/validate';
import { formatDateVi } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import { fileStore, receiveFile } from '../../shared/files';
import { registerPanel } from '../../shared/registry';
import { today } from '../../shared/clock';
import { ruleWords, type Verdict } from '../../shared/rules';
import type { Actor } from '../../shared/auth/permissions';
import { CASE_STATE_TABLE, RETURN_OUTCOME_LABELS, obligationLabel } from '../cases';
import { countryName } from '../reference';
import * as s from './money.schemas';
import * as service from './money.service';
import { HOLDER_LABELS, KIND_LABELS } from './money.labels';

export const moneyPages = express.Router();

const idOf = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);
const newKey = () => `form-${crypto.randomUUID()}`;

/** The kinds a page offers by default: what an agency records most. */
const ENTRY_FIELDS = formFields(s.entryBody).filter(
  (f) => !['evidenceFileId', 'idempotencyKey', 'deductionIndex'].includes(f.name),
);
/** What a posted entry form is read as: the general form's fields and a deduction button's hidden index. */
const ENTRY_READ = formFields(s.entryBody).filter((f) => !['evidenceFileId', 'idempotencyKey'].includes(f.name));
/** The kinds the page's general form offers: deductions, refunds and interest have their own forms (R11, R12). */
const PAGE_KINDS = [
  'deposit_received',
  'service_fee_due',
  'service_fee_paid',
  'fund_contribution_paid',
  'other_cost_paid',
];
const ACCOUNT_FIELDS = formFields(s.accountBody);
const DEPOSIT_REFUND_FIELDS = formFields(s.depositRefundBody).filter(
  (f) => !['evidenceFileId', 'idempotencyKey'].includes(f.name),
);
const FEE_REFUND_FIELDS = formFields(s.feeRefundBody).filter((f) => f.name !== 'idempotencyKey');

interface Refused {
  form: 'entry' | 'account' | 'deposit_refund' | 'fee_refund' | 'reversal';
  typed: Record<string, string>;
  errors: Record<string, string>;
  verdicts?: Verdict[];
  message?: string;
}

const verdictViews = (vs: Verdict[] | undefined) =>
  (vs ?? []).map((v) => ({ ruleText: ruleWords(v.ruleId), message: v.message, citation: v.citation }));

/** The case's money tab. */
async function renderCase(req: Request, res: Response, caseId: number, refused?: Refused, status = 200) {
  const actor = actorOf(req);
  const l = await service.ledgerOf(actor, caseId);
  const c = l.case;
  const canWrite = actor.role === 'agency_staff';
  const form = (name: Refused['form']) => (refused?.form === name ? refused : undefined);
  const q = req.query as Record<string, string | undefined>;
  const quote =
    c.returnOutcome === 'early_not_at_fault' && l.balances.feePaidVnd > 0
      ? await service
          .feeRefundFor(actor, caseId, {
            refundOn: /^\d{4}-\d{2}-\d{2}$/.test(q.refundOn ?? '') ? q.refundOn! : today(),
            interestRatePercent: /^\d{1,2}(\.\d{1,3})?$/.test(q.rate ?? '') ? q.rate! : '0.1',
          })
          .catch(() => null)
      : null;
  const deductions = (c.liquidationDeductions ?? []).map((d, i) => {
    const posted = l.entries
      .filter((e) => e.kind === 'deposit_deduction' && e.deductionIndex === i)
      .reduce((a, e) => a + e.signedVnd, 0);
    return {
      index: i,
      reason: d.reason,
      amount: formatMoney(d.amountVnd),
      amountVnd: d.amountVnd,
      posted: posted >= d.amountVnd,
    };
  });
  res.status(status).render(
    'money/case',
    pageContext(req, `Tiền của hồ sơ #${caseId}`, {
      caseId,
      stage: CASE_STATE_TABLE[c.state as keyof typeof CASE_STATE_TABLE]?.label ?? c.state,
      returnOutcome: c.returnOutcome ? RETURN_OUTCOME_LABELS[c.returnOutcome] : null,
      liquidatedOn: c.liquidatedOn,
      canWrite,
      b: l.balances,
      account: l.account ? { ...l.account, holderLabel: HOLDER_LABELS[l.account.holder] } : null,
      obligations: l.obligations.map((o) => ({ ...o, label: obligationLabel(o.kind), ruleText: ruleWords(o.ruleId) })),
      entries: l.entries.map((e) => ({
        ...e,
        amount: formatMoney(e.signedVnd),
        canReverse: canWrite && !e.reversesId && !e.reversedById && e.kind !== 'support_paid',
        reversalKey: newKey(),
        receipt:
          canWrite &&
          !e.reversesId &&
          !e.reversedById &&
          [
            'service_fee_paid',
            'fund_contribution_paid',
            'other_cost_paid',
            'deposit_refunded',
            'service_fee_refund',
          ].includes(e.kind),
      })),
      deductions,
      showRefund:
        canWrite &&
        (c.liquidatedOn !== null || c.state === 'withdrawn' || c.state === 'rejected') &&
        l.balances.depositHeldVnd > 0,
      allows: canWrite
        ? (await service.whatTheLawAllows(actor, caseId)).map((a) => ({
            ...a,
            failing: a.failing.map((v) => ({ ruleText: ruleWords(v.ruleId), message: v.message })),
          }))
        : [],
      quote: quote
        ? {
            ...quote,
            principal: formatMoney(quote.principalVnd),
            interest: formatMoney(quote.interestVnd),
            total: formatMoney(quote.totalVnd),
            refundOn: q.refundOn ?? today(),
            rate: q.rate ?? '0.1',
          }
        : null,
      entryKey: refused?.typed.idempotencyKey ?? newKey(),
      entryForm: fieldViews(ENTRY_FIELDS, {
        idPrefix: 'entry',
        values: form('entry')?.typed,
        errors: form('entry')?.errors,
        defaults: { occurredOn: today(), kind: 'fund_contribution_paid', method: 'bank_transfer' },
      }).map((f) =>
        f.name === 'kind' ? { ...f, options: (f.options ?? []).filter((o) => PAGE_KINDS.includes(o.value)) } : f,
      ),
      entryRefusal: form('entry')
        ? { verdicts: verdictViews(form('entry')!.verdicts), message: form('entry')!.message }
        : null,
      accountForm: fieldViews(ACCOUNT_FIELDS, {
        idPrefix: 'account',
        values: form('account')?.typed,
        errors: form('account')?.errors,
        defaults: l.account ? { ...l.account, accountNumber: l.account.accountNumber } : {},
      }),
      accountRefusal: form('account')?.message ?? null,
      refundKey: form('deposit_refund')?.typed.idempotencyKey ?? newKey(),
      refundForm: fieldViews(DEPOSIT_REFUND_FIELDS, {
        idPrefix: 'refund',
        values: form('deposit_refund')?.typed,
        errors: form('deposit_refund')?.errors,
        defaults: { refundOn: today() },
      }),
      refundRefusal: form('deposit_refund')
        ? { verdicts: verdictViews(form('deposit_refund')!.verdicts), message: form('deposit_refund')!.message }
        : null,
      feeKey: newKey(),
      feeForm: fieldViews(FEE_REFUND_FIELDS, {
        idPrefix: 'fee',
        values: form('fee_refund')?.typed,
        errors: form('fee_refund')?.errors,
        defaults: { refundOn: q.refundOn ?? today(), interestRatePercent: q.rate ?? '0.1' },
      }),
      feeRefusal: form('fee_refund')
        ? { verdicts: verdictViews(form('fee_refund')!.verdicts), message: form('fee_refund')!.message }
        : null,
      reversalRefusal: form('reversal')?.message ?? null,
    }),
  );
}

moneyPages.get('/cases/:id/tien', requirePermission('money:read'), async (req, res) => {
  if (actorOf(req).role === 'worker') return res.redirect(303, '/toi/tien');
  await renderCase(req, res, idOf(req.params.id));
});

/** Runs a posting from a page: success → flash and back to the tab; refusal → the tab again, the input kept. */
async function fromForm(
  req: Request,
  res: Response,
  formName: Refused['form'],
  fields: ReturnType<typeof formFields>,
  run: (input: Record<string, unknown>, evidenceFileId: number | null) => Promise<string>,
) {
  const caseId = idOf(req.params.id);
  const actor = actorOf(req);
  let typed: Record<string, string> = {};
  try {
    if (req.is('multipart/form-data')) await receiveFile(req, res, 'evidence');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const read = readForm(fields, body);
    typed = { ...read.typed, idempotencyKey: typeof body.idempotencyKey === 'string' ? body.idempotencyKey : '' };
    if (read.problems.length) throw new ValidationError(read.problems);
    let evidence: number | null = null;
    if (req.file && req.file.size > 0) {
      const stored = await fileStore().put({
        bytes: req.file.buffer,
        name: req.file.originalname,
        uploaderUserId: actor.userId,
        field: 'evidence',
      });
      evidence = stored.id;
    }
    const message = await run({ ...read.input, idempotencyKey: body.idempotencyKey }, evidence);
    flashNext(res, message);
    res.redirect(303, `/cases/${caseId}/tien#so`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409, 413, 422].includes(err.status)) throw err;
    const errors: Record<string, string> = {};
    if (err instanceof ValidationError) for (const p of err.details as FieldProblem[]) errors[p.path] ??= p.message;
    const verdicts = err.status === 422 ? ((err.details as { verdicts?: Verdict[] })?.verdicts ?? []) : undefined;
    return renderCase(
      req,
      res,
      caseId,
      { form: formName, typed, errors, verdicts, message: err instanceof ValidationError ? undefined : err.message },
      err.status === 413 ? 413 : err.status === 422 ? 422 : err.status === 409 ? 409 : 400,
    );
  }
}

moneyPages.post('/cases/:id/tien/entries', requirePermission('money:write'), (req, res) =>
  fromForm(req, res, 'entry', ENTRY_READ, async (input, evidence) => {
    const body = check(s.entryBody, { ...input, ...(evidence ? { evidenceFileId: evidence } : {}) });
    const r = await service.postEntry(
      actorOf(req),
      idOf(req.params.id),
      body,
      String(input.idempotencyKey ?? newKey()),
    );
    return r.replayed
      ? `Khoản này đã được ghi trước đó (${r.entry.kindLabel} ${formatMoney(r.entry.amountVnd)}); không ghi lần hai.`
      : `Đã ghi: ${r.entry.kindLabel} ${formatMoney(r.entry.amountVnd)} ngày ${formatDateVi(r.entry.occurredOn)}.`;
  }),
);

moneyPages.post('/cases/:id/tien/account', requirePermission('money:write'), (req, res) =>
  fromForm(req, res, 'account', ACCOUNT_FIELDS, async (input) => {
    const body = check(s.accountBody, { ...input, idempotencyKey: undefined });
    const a = await service.setDepositAccount(actorOf(req), idOf(req.params.id), body);
    return `Đã lưu tài khoản phong tỏa ${service.maskAccount(a.accountNumber)} tại ${a.bankName}.`;
  }),
);

moneyPages.post('/cases/:id/tien/deposit-refund', requirePermission('money:write'), (req, res) =>
  fromForm(req, res, 'deposit_refund', DEPOSIT_REFUND_FIELDS, async (input, evidence) => {
    const body = check(s.depositRefundBody, { ...input, ...(evidence ? { evidenceFileId: evidence } : {}) });
    const r = await service.refundDeposit(
      actorOf(req),
      idOf(req.params.id),
      body,
      String(input.idempotencyKey ?? newKey()),
    );
    const total = r.entries.find((e) => e.kind === 'deposit_refunded');
    return r.replayed
      ? 'Việc hoàn trả này đã được ghi trước đó; không ghi lần hai.'
      : `Đã ghi hoàn trả tiền ký quỹ ${formatMoney(total?.amountVnd ?? 0)} (gốc và lãi) cho người lao động.`;
  }),
);

moneyPages.post('/cases/:id/tien/fee-refund', requirePermission('money:write'), (req, res) =>
  fromForm(req, res, 'fee_refund', FEE_REFUND_FIELDS, async (input) => {
    const body = check(s.feeRefundBody, input);
    const r = await service.refundFee(
      actorOf(req),
      idOf(req.params.id),
      body,
      String(input.idempotencyKey ?? newKey()),
    );
    const sum = r.entries.reduce((a, e) => a + e.amountVnd, 0);
    return r.replayed
      ? 'Việc hoàn tiền này đã được ghi trước đó.'
      : `Đã ghi hoàn tiền dịch vụ ${formatMoney(sum)} (gốc và lãi, R12).`;
  }),
);

moneyPages.post('/cases/:id/tien/entries/:entryId/reversal', requirePermission('money:write'), async (req, res) => {
  const caseId = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const input = check(s.reversalBody, {
      reason: typeof body.reason === 'string' ? body.reason.trim() : '',
      idempotencyKey: typeof body.idempotencyKey === 'string' && body.idempotencyKey ? body.idempotencyKey : undefined,
    });
    const r = await service.reverseEntry(
      actorOf(req),
      caseId,
      idOf(req.params.entryId),
      input.reason,
      input.idempotencyKey ?? newKey(),
    );
    flashNext(
      res,
      r.replayed
        ? 'Khoản này đã được điều chỉnh trước đó; không ghi lần hai.'
        : `Đã điều chỉnh: ghi khoản ngược ${formatMoney(r.entry.amountVnd)} (${KIND_LABELS[r.entry.kind]}).`,
    );
    res.redirect(303, `/cases/${caseId}/tien#so`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 404, 409, 422].includes(err.status)) throw err;
    const message =
      err instanceof ValidationError ? (err.details as FieldProblem[]).map((p) => p.message).join('; ') : err.message;
    return renderCase(
      req,
      res,
      caseId,
      { form: 'reversal', typed: {}, errors: {}, message },
      err.status === 404 ? 404 : 400,
    );
  }
});

// ---- the case page's small money panel (registered: the cases module never imports money)
registerPanel('money.case', async (actor: Actor, caseId: number) => {
  if (!['admin', 'agency_staff'].includes(actor.role)) return null;
  const b = await service.balancesOf(caseId);
  return {
    caseId,
    depositHeld: formatMoney(b.depositReceived + b.depositInterest - b.depositDeducted - b.depositRefunded),
    feePaid: formatMoney(b.feePaid - b.feeRefunded),
    feeDue: formatMoney(b.feeDue),
    fundPaid: formatMoney(b.fundPaid),
  };
});

// ---- the agency's reconciliation
moneyPages.get('/money/reconciliation', requirePermission('money:reconcile'), async (req, res) => {
  const { query: q, notice } = pageFilters(s.reconciliationQuery, req.query);
  const r = await service.reconciliation(actorOf(req), q);
  const pages = Math.max(1, Math.ceil(r.page.total / q.pageSize));
  res.render(
    'money/reconciliation',
    pageContext(req, 'Đối soát tiền ký quỹ', {
      notices: notice ? [notice] : [],
      show: q.show,
      tabs: [
        { key: 'held', label: `Đang giữ (${r.totals.cases})` },
        { key: 'due', label: `Đến hạn hoàn trả (${r.totals.refundsDue})` },
        { key: 'overdue', label: `Quá hạn hoàn trả (${r.totals.refundsOverdue})` },
      ].map((t) => ({ ...t, current: t.key === q.show })),
      totals: {
        held: formatMoney(r.totals.heldVnd),
        due: formatMoney(r.totals.refundsDueVnd),
        overdue: formatMoney(r.totals.refundsOverdueVnd),
        ...r.totals,
      },
      rows: r.data.map((x) => ({
        ...x,
        held: formatMoney(x.heldVnd),
        stage: CASE_STATE_TABLE[x.state as keyof typeof CASE_STATE_TABLE]?.label ?? x.state,
      })),
      page: q.page,
      pages,
      prev: q.page > 1 ? q.page - 1 : null,
      next: q.page < pages ? q.page + 1 : null,
    }),
  );
});

moneyPages.get('/money/reconciliation.xlsx', requirePermission('money:reconcile'), async (req, res) => {
  const { query: q } = pageFilters(s.reconciliationQuery, req.query);
  const { totals, rows } = await service.reconciliationAll(actorOf(req), q.show);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Đối soát ký quỹ');
  ws.columns = [
    { header: 'Mã hồ sơ', key: 'code', width: 14 },
    { header: 'Người lao động', key: 'name', width: 28 },
    { header: 'CCCD', key: 'cccd', width: 16 },
    { header: 'Giai đoạn', key: 'stage', width: 22 },
    { header: 'Đã nhận (đồng)', key: 'received', width: 16 },
    { header: 'Đang giữ (đồng)', key: 'held', width: 16 },
    { header: 'Ngày thanh lý', key: 'liquidated', width: 14 },
    { header: 'Hạn hoàn trả', key: 'due', width: 14 },
    { header: 'Quá hạn', key: 'overdue', width: 10 },
  ];
  for (const r of rows)
    ws.addRow({
      code: r.caseCode,
      name: r.workerName,
      cccd: r.workerCccdMasked,
      stage: CASE_STATE_TABLE[r.state as keyof typeof CASE_STATE_TABLE]?.label ?? r.state,
      received: r.receivedVnd,
      held: r.heldVnd,
      liquidated: r.liquidatedOn ? formatDateVi(r.liquidatedOn) : '',
      due: r.refundDueOn ? formatDateVi(r.refundDueOn) : '',
      overdue: r.overdue ? 'Quá hạn' : '',
    });
  ws.getColumn('received').numFmt = '#,##0';
  ws.getColumn('held').numFmt = '#,##0';
  ws.addRow({});
  ws.addRow({ name: 'Tổng đang giữ', held: totals.heldVnd });
  ws.getRow(1).font = { bold: true };
  sendXlsx(res, Buffer.from(await wb.xlsx.writeBuffer()), `doi-soat-ky-quy-${today()}.xlsx`);
});

// ---- the province's picture
moneyPages.get('/money/province', requirePermission('money:province'), async (req, res) => {
  const rows = await service.provinceSummary(actorOf(req));
  res.render(
    'money/province',
    pageContext(req, 'Tiền ký quỹ của người lao động trong tỉnh', {
      rows: rows.map((r) => ({ ...r, held: formatMoney(r.heldVnd), overdueMoney: formatMoney(r.refundsOverdueVnd) })),
    }),
  );
});

// ---- the worker's statement
moneyPages.get('/toi/tien', requirePermission('portal:self'), async (req, res) => {
  const workerId = actorOf(req).workerId!;
  const cases = await service.statementOf(workerId);
  res.render(
    'money/statement',
    pageContext(req, 'Tiền của tôi', {
      cases: cases.map((c) => ({
        ...c,
        country: c.country ? countryName(c.country) : '',
        paidTotal: formatMoney(c.paidTotalVnd),
        feeRefunded: c.feeRefundedVnd ? formatMoney(c.feeRefundedVnd) : null,
        support: c.supportVnd ? formatMoney(c.supportVnd) : null,
        lines: c.lines.map((l) => ({
          ...l,
          paid: formatMoney(l.paidVnd),
          cap: l.capVnd === null ? null : formatMoney(l.capVnd),
          overBy: formatMoney(l.overVnd),
          ruleText: l.ruleId ? ruleWords(l.ruleId) : null,
        })),
        deposit: {
          ...c.deposit,
          received: formatMoney(c.deposit.receivedVnd),
          held: formatMoney(c.deposit.heldVnd),
          interest: formatMoney(c.deposit.interestVnd),
          deducted: formatMoney(c.deposit.deductedVnd),
          refunded: formatMoney(c.deposit.refundedVnd),
          cap: c.deposit.capVnd === null ? null : formatMoney(c.deposit.capVnd),
        },
        entries: c.entries.map((e) => ({ ...e, amount: formatMoney(e.amountVnd) })),
      })),
    }),
  );
});
