import express, { type Request, type Response } from 'express';
import { panel } from '../../shared/registry';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  fieldErrors,
  flashNext,
  formValues,
  pageContext,
  parseViNumber,
  refusalMessage,
  pageFilters,
  dateKeys,
  isConfirmed,
  renderConfirm,
} from '../../shared/pages';
import { CURRENCY_EXPONENT } from '../../shared/money';
import { listCountries } from '../reference';
import { JOB_CATEGORIES } from './job-orders.model';
import * as s from './job-orders.schemas';
import * as service from './job-orders.service';
import { timeline } from '../../shared/workflow';
import { jobOrderWorkflow } from './job-orders.workflow';

export const jobOrdersPages = express.Router();

import { CATEGORY_LABELS, STATE_LABELS } from './job-orders.labels';
export { CATEGORY_LABELS, STATE_LABELS };
const NULLABLE = Object.keys(s.jobOrderFields).filter((k) => k !== 'jobCategory');

/** The form takes the salary in major units, as typed in Vietnamese (1.500,50 USD → 150050 minor units). */
function toMinor(major: unknown, currency: unknown): { value?: number | null; problem?: FieldProblem } {
  if (major === undefined || major === null) return { value: major as null | undefined };
  const exp = CURRENCY_EXPONENT[String(currency)] ?? 0;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(parseViNumber(String(major)) ?? '');
  if (!m || (m[2] ?? '').length > exp || m[1].length > 15) {
    return {
      problem: {
        path: 'salaryMinor',
        message: `Mức lương không hợp lệ: nhập số, ví dụ 180.000${exp ? ` hoặc 1.500,50 (tối đa ${exp} chữ số thập phân)` : ''}`,
      },
    };
  }
  return { value: Number(m[1] + (m[2] ?? '').padEnd(exp, '0')) };
}
const toMajor = (minor: number | null, currency: string | null) => {
  if (minor === null || minor === undefined) return '';
  const exp = CURRENCY_EXPONENT[currency ?? ''] ?? 0;
  return exp ? `${Math.floor(minor / 10 ** exp)}.${String(minor % 10 ** exp).padStart(exp, '0')}` : String(minor);
};

/** Money, rate and count fields of the form, read in their vi-VN formats. */
const NUMBERS = [
  'headcount',
  'fxRate',
  'contractMonths',
  'serviceFeeVnd',
  'foreignPaidFeeVnd',
  'brokerageVnd',
  'depositVnd',
  'airfareVnd',
];

/** The form's values as the API takes them, and the problems found before the schema (the salary in major units). */
function fromForm(body: Record<string, unknown>, forUpdate: boolean) {
  const v = formValues(body, {
    nullable: forUpdate ? NULLABLE : [],
    numbers: NUMBERS,
    dates: dateKeys(s.createJobOrderBody),
  });
  const problems: FieldProblem[] = [];
  if ('salaryMajor' in v || forUpdate) {
    const minor = toMinor(v.salaryMajor ?? null, v.salaryCurrency);
    if (minor.problem) problems.push(minor.problem);
    else v.salaryMinor = minor.value;
  }
  delete v.salaryMajor;
  for (const k of ['serviceFeeVnd', 'foreignPaidFeeVnd', 'brokerageVnd', 'depositVnd']) if (v[k] === null) v[k] = 0;
  return { values: v, problems };
}

async function renderForm(
  req: Request,
  res: Response,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
) {
  const countries = await listCountries();
  const opts = (selected: unknown) =>
    countries.map((c) => ({ code: c.code, name: c.nameVi, selected: c.code === selected }));
  res.status(status).render(
    'job-orders/form',
    pageContext(req, values.id ? 'Sửa đơn hàng' : 'Đơn hàng mới', {
      values: {
        ...values,
        salaryMajor: values.salaryMajor ?? toMajor(values.salaryMinor as number, values.salaryCurrency as string),
      },
      errors,
      employerCountries: opts(values.employerCountry),
      destinationCountries: opts(values.destinationCountry),
      categories: JOB_CATEGORIES.map((c) => ({
        value: c,
        label: CATEGORY_LABELS[c],
        selected: c === values.jobCategory,
      })),
      currencies: Object.keys(CURRENCY_EXPONENT).map((c) => ({ value: c, selected: c === values.salaryCurrency })),
    }),
  );
}

jobOrdersPages.get('/job-orders', requirePermission('job-orders:read'), async (req, res) => {
  const { query, notice } = pageFilters(s.listJobOrdersQuery, req.query);
  const result = await service.listJobOrders(actorOf(req), query);
  const orders = result.data.map((o) => ({
    ...o,
    categoryLabel: CATEGORY_LABELS[o.jobCategory],
    stateLabel: STATE_LABELS[o.state],
  }));
  res.render(
    'job-orders/list',
    pageContext(req, 'Đơn hàng', {
      ...(notice ? { flash: notice } : {}),
      orders,
      query,
      states: Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label, selected: value === query.state })),
      page: result.page,
      canCreate: req.actor?.role === 'agency_staff' && !req.actor.branchId,
    }),
  );
});

jobOrdersPages.get('/job-orders/new', requirePermission('job-orders:write'), async (req, res) => {
  await renderForm(req, res, 200, {
    jobCategory: 'general',
    salaryCurrency: 'JPY',
    serviceFeeVnd: 0,
    foreignPaidFeeVnd: 0,
    brokerageVnd: 0,
    depositVnd: 0,
  });
});

/** Every problem of the form at once: the salary's, the schema's, then the service's; the typed values are kept. */
async function save(req: Request, res: Response, id: number | null) {
  const { values, problems } = fromForm(req.body ?? {}, id !== null);
  const typed = {
    ...(req.body ?? {}),
    ...values,
    id,
    salaryMajor: typeof req.body?.salaryMajor === 'string' ? req.body.salaryMajor : undefined,
  };
  try {
    const schema = id === null ? s.createJobOrderBody : s.updateJobOrderBody;
    let input: Record<string, unknown> | null = null;
    try {
      input = check(schema, values) as Record<string, unknown>;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push(...(err.details as FieldProblem[]));
    }
    if (problems.length) throw new ValidationError(problems);
    const o =
      id === null
        ? await service.createJobOrder(actorOf(req), input!)
        : await service.updateJobOrder(actorOf(req), id, input!);
    flashNext(res, id === null ? 'Đã tạo đơn hàng nháp.' : 'Đã lưu đơn hàng.');
    res.redirect(303, `/job-orders/${o.id}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await renderForm(req, res, 400, typed, fieldErrors(err));
  }
}

jobOrdersPages.post('/job-orders', requirePermission('job-orders:write'), (req, res) => save(req, res, null));

jobOrdersPages.get('/job-orders/:id', requirePermission('job-orders:read'), async (req, res) => {
  const { id } = check(s.jobOrderIdParams, req.params);
  const { order, actions, events } = await service.jobOrderPage(actorOf(req), id);
  const verdicts =
    order.state === 'draft'
      ? (await service.jobOrderVerdicts(actorOf(req), id)).verdicts
      : (actions[0]?.verdicts ?? []);
  res.render(
    'job-orders/detail',
    pageContext(req, `Đơn hàng #${order.id}`, {
      order: {
        ...order,
        categoryLabel: CATEGORY_LABELS[order.jobCategory],
        stateLabel: STATE_LABELS[order.state],
        salaryMajor: toMajor(order.salaryMinor, order.salaryCurrency),
      },
      verdicts,
      actions: actions.map((a) => ({
        ...a,
        confirm: jobOrderWorkflow.transitions.find((t) => t.action === a.action)?.confirm,
      })),
      events: timeline(jobOrderWorkflow, events as never),
      candidates: await panel('cases.jobOrder', actorOf(req), id),
    }),
  );
});

jobOrdersPages.get('/job-orders/:id/edit', requirePermission('job-orders:write'), async (req, res) => {
  const { id } = check(s.jobOrderIdParams, req.params);
  await renderForm(req, res, 200, await service.getJobOrder(actorOf(req), id));
});

jobOrdersPages.post('/job-orders/:id', requirePermission('job-orders:write'), async (req, res) => {
  const { id } = check(s.jobOrderIdParams, req.params);
  await save(req, res, id);
});

jobOrdersPages.post('/job-orders/:id/transitions', requirePermission('job-orders:transition'), async (req, res) => {
  const { id } = check(s.jobOrderIdParams, req.params);
  const body = check(s.transitionBody, formValues(req.body, { dates: [] }));
  const transition = jobOrderWorkflow.transitions.find((t) => t.action === body.action);
  if (transition?.confirm && !isConfirmed(req.body)) {
    const order = await service.getJobOrder(actorOf(req), id);
    return renderConfirm(req, res, {
      heading: `${transition.label}?`,
      subject: `Đơn hàng #${order.id}${order.reference ? ` ${order.reference}` : ''} — ${order.employerName ?? ''}`,
      consequence: transition.confirm,
      target: `/job-orders/${id}/transitions`,
      back: `/job-orders/${id}`,
      confirmLabel: `Xác nhận: ${transition.label}`,
    });
  }
  try {
    const moved = await service.transitionJobOrder(actorOf(req), id, body);
    flashNext(res, `Đơn hàng đã chuyển sang «${STATE_LABELS[moved.jobOrder.state] ?? moved.jobOrder.state}».`);
    res.redirect(303, `/job-orders/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/job-orders/${id}`);
  }
});
