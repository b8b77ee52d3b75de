import express, { type Request } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { flashNext, formValues, pageContext, pageFilters, refusalMessage } from '../../shared/pages';
import { fold } from '../../shared/text';
import { listCountries } from '../reference';
import { today } from '../../shared/clock';
import { listJobOrders } from '../job-orders';
import { listWorkers } from '../workers';
import { caseWorkflow } from './cases.workflow';
import * as s from './cases.schemas';
import * as service from './cases.service';
import { panel } from '../../shared/registry';

export const casesPages = express.Router();

const WHOSE: Record<string, string> = {
  agency: 'Doanh nghiệp',
  worker: 'Người lao động',
  commune: 'UBND xã',
  province: 'Tỉnh',
  none: '—',
};
const OUTCOMES: Record<string, string> = {
  on_time: 'Về đúng hạn',
  early_not_at_fault: 'Về trước hạn, không do lỗi NLĐ',
  early_at_fault: 'Về trước hạn do lỗi NLĐ',
  absconded: 'Bỏ trốn',
};

/** The inputs each action asks for on the case page (the workflow's Joi schema checks them). */
const ACTION_FIELDS: Record<
  string,
  { name: string; label: string; type: 'date' | 'text' | 'outcome' | 'checkbox'; required?: boolean }[]
> = {
  select: [{ name: 'selectedOn', label: 'Ngày trúng tuyển', type: 'date', required: true }],
  sign_contract: [{ name: 'signedOn', label: 'Ngày ký hợp đồng', type: 'date', required: true }],
  mark_ready: [{ name: 'plannedDepartureOn', label: 'Ngày xuất cảnh dự kiến', type: 'date' }],
  depart: [
    { name: 'departedOn', label: 'Ngày xuất cảnh', type: 'date', required: true },
    { name: 'flight', label: 'Chuyến bay', type: 'text' },
    { name: 'destination', label: 'Nơi đến làm việc', type: 'text' },
    { name: 'contractEndOn', label: 'Ngày kết thúc HĐLĐ (để trống: theo thời hạn đơn hàng)', type: 'date' },
    { name: 'waitingAgreementOn', label: 'Ngày NLĐ đồng ý chờ quá 180 ngày (nếu có)', type: 'date' },
    { name: 'overrideReason', label: 'Lý do ghi nhận khi còn điều kiện chưa đạt (nếu có)', type: 'text' },
  ],
  extend: [
    { name: 'newEndOn', label: 'Ngày kết thúc mới', type: 'date', required: true },
    { name: 'feeVnd', label: 'Tiền dịch vụ gia hạn (đồng)', type: 'text' },
  ],
  return: [
    { name: 'returnedOn', label: 'Ngày về nước', type: 'date', required: true },
    { name: 'outcome', label: 'Tình trạng', type: 'outcome', required: true },
    { name: 'reason', label: 'Lý do', type: 'text' },
  ],
  record_notice: [
    { name: 'sentOn', label: 'Ngày gửi thư bảo đảm', type: 'date', required: true },
    { name: 'postalReceiptNumber', label: 'Số biên nhận bưu điện', type: 'text', required: true },
  ],
  liquidate: [
    { name: 'liquidatedOn', label: 'Ngày thanh lý', type: 'date', required: true },
    { name: 'unilateral', label: 'Thanh lý đơn phương', type: 'checkbox' },
    { name: 'deductionAmountVnd', label: 'Khoản khấu trừ đã thỏa thuận (đồng)', type: 'text' },
    { name: 'deductionReason', label: 'Lý do khấu trừ', type: 'text' },
  ],
  withdraw: [{ name: 'reason', label: 'Lý do', type: 'text', required: true }],
  reject: [{ name: 'reason', label: 'Lý do', type: 'text', required: true }],
};

/**
 * The board's filters as typed: a market by code in any case ("jp") or by its Vietnamese name ("Nhật Bản"); a filter
 * that is still not valid is left out and the page says so.
 */
async function filtersFrom(req: Request) {
  const raw = { ...(req.query as Record<string, unknown>) };
  if (typeof raw.market === 'string' && raw.market.trim()) {
    const typed = raw.market.trim();
    const countries = await listCountries();
    const found = countries.find(
      (c) => c.code === typed.toUpperCase() || fold(c.nameVi) === fold(typed) || fold(c.nameEn) === fold(typed),
    );
    raw.market = found?.code ?? typed;
  }
  return pageFilters(s.listCasesQuery, raw);
}

casesPages.get('/cases', requirePermission('cases:read'), async (req, res) => {
  const actor = actorOf(req);
  const { query: q, notice } = await filtersFrom(req);
  const counts = await service.boardCounts(actor, q);
  const states = q.state ? [q.state] : service.OPEN_STATES;
  const columns = [];
  for (const state of states) {
    const { data, page } = await service.listCases(actor, { ...q, state, page: 1, pageSize: 30 });
    columns.push({
      state,
      label: caseWorkflow.states[state as keyof typeof caseWorkflow.states].label,
      count: counts[state] ?? page.total,
      cards: data.map((c) => ({ ...c, whoseLabel: WHOSE[c.whoseMove] })),
    });
  }
  const canAct = actor.role === 'agency_staff';
  const orders = canAct ? (await listJobOrders(actor, { page: 1, pageSize: 100 })).data : [];
  const workers = canAct ? (await listWorkers(actor, { page: 1, pageSize: 100 })).data : [];
  res.render(
    'cases/board',
    pageContext(req, 'Bảng hồ sơ', {
      ...(notice ? { flash: notice } : {}),
      columns,
      q,
      canAct,
      today: today(),
      orders: orders.map((o) => ({
        id: o.id,
        label: `#${o.id} ${o.reference ?? ''} ${o.employerName ?? ''}`,
        selected: o.id === q.jobOrderId,
        open: o.state === 'open',
      })),
      workers,
      actions: caseWorkflow.transitions.map((t) => ({ action: t.action, label: t.label })),
    }),
  );
});

casesPages.post('/cases', requirePermission('cases:create'), async (req, res) => {
  const c = await service.createCase(actorOf(req), check(s.createCaseBody, formValues(req.body)));
  flashNext(res, 'Đã tạo hồ sơ.');
  res.redirect(303, `/cases/${c.id}`);
});

casesPages.post('/cases/bulk', requirePermission('cases:transition'), async (req, res) => {
  const body = req.body ?? {};
  const raw = Array.isArray(body.items) ? body.items : body.items ? [body.items] : [];
  const items = raw.map((v: string) => {
    const [id, version] = String(v).split(':');
    return { id: Number(id), expectedVersion: Number(version) };
  });
  const input = formValues({ selectedOn: body.selectedOn, reason: body.reason });
  if (!items.length) {
    flashNext(res, 'Chưa chọn hồ sơ nào: đánh dấu các hồ sơ trên bảng rồi chọn thao tác.', 'error');
    return res.redirect(303, '/cases');
  }
  try {
    const result = await service.bulkTransition(
      actorOf(req),
      check(s.bulkTransitionBody, { action: body.action, input, items }),
    );
    res.render('cases/bulk-result', pageContext(req, 'Kết quả thao tác hàng loạt', { result }));
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403].includes(err.status)) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/cases');
  }
});

casesPages.get('/cases/:id', requirePermission('cases:read'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const actor = actorOf(req);
  const c = await service.getCase(actor, id);
  const events = await service.caseEvents(actor, id);
  const withFields = (a: { action: string }) => ({
    ...a,
    fields: (ACTION_FIELDS[a.action] ?? []).map((f) => ({
      ...f,
      isDate: f.type === 'date',
      isText: f.type === 'text',
      isOutcome: f.type === 'outcome',
      isCheckbox: f.type === 'checkbox',
    })),
  });
  res.render(
    'cases/detail',
    pageContext(req, `Hồ sơ #${c.id}`, {
      c: { ...c, whoseLabel: WHOSE[c.whoseMove], outcomeLabel: c.returnOutcome ? OUTCOMES[c.returnOutcome] : null },
      allowed: c.allowedActions.map(withFields),
      blocked: c.blockedActions,
      events,
      today: today(),
      outcomes: Object.entries(OUTCOMES).map(([value, label]) => ({ value, label })),
      canAct: actor.role === 'agency_staff',
      papersPanel: await panel('papers.case', actor, id),
    }),
  );
});

casesPages.post('/cases/:id/facts', requirePermission('cases:transition'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const input = formValues(req.body, {
    nullable: ['plannedDepartureOn', 'fundContributionPaidOn', 'workerDepositPaidOn'],
  });
  try {
    await service.updateCaseFacts(actorOf(req), id, check(s.caseFactsBody, input));
    flashNext(res, 'Đã lưu.');
    res.redirect(303, `/cases/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/cases/${id}`);
  }
});

casesPages.post('/cases/:id/transitions', requirePermission('cases:transition'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const body = req.body ?? {};
  const { action, expectedVersion, _csrf: _c, ...rest } = body as Record<string, unknown>;
  const input = formValues(rest, { numbers: ['feeVnd', 'deductionAmountVnd'] });
  if (action === 'liquidate') {
    input.unilateral = input.unilateral === 'on';
    input.deductions = input.deductionAmountVnd
      ? [{ amountVnd: input.deductionAmountVnd, reason: input.deductionReason }]
      : [];
    delete input.deductionAmountVnd;
    delete input.deductionReason;
  }
  try {
    const moved = await service.transitionCase(
      actorOf(req),
      id,
      check(s.caseTransitionBody, { action, expectedVersion, input }),
    );
    const label = caseWorkflow.states[moved.case.state as keyof typeof caseWorkflow.states]?.label;
    flashNext(res, moved.event.fromState === moved.event.toState ? 'Đã ghi nhận.' : `Đã chuyển sang «${label}».`);
    res.redirect(303, `/cases/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/cases/${id}`);
  }
});
