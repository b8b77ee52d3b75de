import express, { type Request, type Response } from 'express';
import { agencyNames } from '../agencies';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { fieldViews, formFields, inputInWords, readForm } from '../../shared/forms';
import { ruleWords, type Verdict } from '../../shared/rules';
import { timeline } from '../../shared/workflow';
import { RETURN_OUTCOME_LABELS } from './cases.states';
import { obligationLabel } from './cases.rules';
import { check } from '../../shared/validate';
import {
  flashNext,
  formValues,
  pageContext,
  pageFilters,
  refusalMessage,
  isConfirmed,
  renderConfirm,
} from '../../shared/pages';
import { fold } from '../../shared/text';
import { listCountries } from '../reference';
import { today } from '../../shared/clock';
import { listJobOrders } from '../job-orders';
import { listWorkers } from '../workers';
import { caseWorkflow } from './cases.workflow';
import * as s from './cases.schemas';
import * as service from './cases.service';
import { panel, registerPanel } from '../../shared/registry';
import { roleHas, type Actor } from '../../shared/auth/permissions';
import Joi from '../../shared/joi';
import { agencyStaff, userNames } from '../users';
import { PLACE_STATES } from './cases.states';

export const casesPages = express.Router();

const WHOSE: Record<string, string> = {
  agency: 'Doanh nghiệp',
  worker: 'Người lao động',
  commune: 'UBND xã',
  province: 'Tỉnh',
  none: '—',
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
  const states = q.state ? [q.state] : service.OPEN_STATES;
  // one statement: every column's count and first 30 cards (cases.service.ts boardColumns)
  const board = await service.boardColumns(actor, q, states, 30);
  const assignees = await userNames(
    board.flatMap((c) => c.cards.flatMap((x) => (x.assigneeUserId ? [x.assigneeUserId] : []))),
  );
  const columns = board.map((col) => ({
    ...col,
    label: caseWorkflow.states[col.state as keyof typeof caseWorkflow.states].label,
    cards: col.cards.map((c) => ({
      ...c,
      whoseLabel: WHOSE[c.whoseMove],
      assigneeName: c.assigneeUserId ? assignees.get(c.assigneeUserId) : undefined,
    })),
  }));
  const canAct = actor.role === 'agency_staff';
  const staff = actor.agencyId ? await agencyStaff(actor.agencyId) : [];
  const orders = canAct ? (await listJobOrders(actor, { page: 1, pageSize: 100 })).data : [];
  res.render(
    'cases/board',
    pageContext(req, 'Bảng hồ sơ', {
      ...(notice ? { flash: notice } : {}),
      columns,
      q,
      canAct,
      // the templates a batch may issue for ticked cases (the documents module's, through the panel registry)
      documentTemplates: canAct ? ((await panel('documents.caseTemplates', actor, 0)) ?? []) : [],
      today: today(),
      orders: orders.map((o) => ({
        id: o.id,
        label: `#${o.id} ${o.reference ?? ''} ${o.employerName ?? ''}`,
        selected: o.id === q.jobOrderId,
        open: o.state === 'open',
      })),
      actions: [
        ...caseWorkflow.transitions.map((t) => ({ action: t.action, label: t.label })),
        { action: ASSIGN, label: 'Giao cho người phụ trách' },
      ],
      assigneeFilter: [
        { value: 'me', label: 'Của tôi' },
        { value: 'none', label: 'Chưa giao ai' },
        ...staff.map((u) => ({ value: String(u.id), label: u.displayName })),
      ].map((o) => ({ ...o, selected: o.value === q.assignee })),
    }),
  );
});

/** The bulk bar's pseudo-action: give the ticked cases to a staff member (not a workflow transition). */
const ASSIGN = 'assign';
const assignSchema = (staff: { id: number; displayName: string }[]) =>
  Joi.object({
    userId: Joi.string()
      .valid('none', ...staff.map((u) => String(u.id)))
      .required()
      .label('Người phụ trách')
      .meta({
        labels: { none: 'Không giao ai', ...Object.fromEntries(staff.map((u) => [String(u.id), u.displayName])) },
      }),
  });

/** The inputs a bulk action asks for, as a generated form (the assignment's staff list included). */
async function bulkFields(actor: Actor, action: string) {
  if (action === ASSIGN) return formFields(assignSchema(actor.agencyId ? await agencyStaff(actor.agencyId) : []));
  return formFields(inputOf(action));
}

casesPages.post('/cases', requirePermission('cases:create'), async (req, res) => {
  const actor = actorOf(req);
  const values = formValues(req.body);
  try {
    // the board's form names the worker by CCCD (an agency has thousands): found among the agency's own workers
    if (typeof values.workerCccd === 'string') {
      const digits = values.workerCccd.replace(/\s/g, '');
      const found = /^[0-9]{12}$/.test(digits)
        ? (await listWorkers(actor, { q: digits, page: 1, pageSize: 1 })).data[0]
        : undefined;
      if (!found)
        throw new ValidationError([
          {
            path: 'workerCccd',
            message: /^[0-9]{12}$/.test(digits)
              ? 'Không có người lao động nào của doanh nghiệp với số CCCD này: đăng ký người lao động trước'
              : 'Số CCCD gồm 12 chữ số',
          },
        ]);
      values.workerId = found.id;
      delete values.workerCccd;
    }
    const c = await service.createCase(actor, check(s.createCaseBody, values));
    flashNext(res, 'Đã tạo hồ sơ.');
    res.redirect(303, `/cases/${c.id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa tạo được hồ sơ: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/cases');
  }
});

casesPages.post('/cases/bulk', requirePermission('cases:transition'), async (req, res) => {
  const actor = actorOf(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const raw = Array.isArray(body.items) ? body.items : body.items ? [body.items] : [];
  const items = raw.map((v: unknown) => {
    const [id, version] = String(v).split(':');
    return { id: Number(id), expectedVersion: Number(version) };
  });
  if (!items.length) {
    flashNext(res, 'Chưa chọn hồ sơ nào: đánh dấu các hồ sơ trên bảng rồi chọn thao tác.', 'error');
    return res.redirect(303, '/cases');
  }
  const action = typeof body.action === 'string' ? body.action : '';
  const transition = caseWorkflow.transitions.find((t) => t.action === action);
  if (!transition && action !== ASSIGN) {
    flashNext(res, 'Chọn một thao tác trong danh sách.', 'error');
    return res.redirect(303, '/cases');
  }
  const label = transition?.label ?? 'Giao cho người phụ trách';
  const fields = await bulkFields(actor, action);
  // step 1: an action with inputs shows its form (built from its input) for the ticked cases
  const showForm = (status: number, typed: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    res.status(status).render(
      'cases/bulk-form',
      pageContext(req, `${label}: ${items.length} hồ sơ`, {
        label,
        action,
        items: raw.map(String),
        count: items.length,
        fields: fieldViews(fields, { idPrefix: 'bulk', values: typed, errors, defaults: pastToday(fields) }),
        errors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [`bulk-${k.replace(/\./g, '-')}`, m])),
        confirm: transition?.confirm,
      }),
    );
  if (fields.length && body.step !== 'input') return showForm(200);
  const { input, problems, typed } = readForm(fields, body);
  const schema =
    action === ASSIGN ? assignSchema(actor.agencyId ? await agencyStaff(actor.agencyId) : []) : inputOf(action);
  if (schema) {
    try {
      if (problems.length) throw new ValidationError(problems);
      check(schema, input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors: Record<string, string> = {};
      for (const p of err.details as FieldProblem[]) errors[p.path] ??= p.message;
      return showForm(400, typed, errors);
    }
  }
  if (action === ASSIGN) {
    const userId = input.userId === 'none' ? null : Number(input.userId);
    try {
      const n = await service.assignCases(
        actor,
        items.map((i) => i.id),
        userId,
      );
      flashNext(res, userId === null ? `Đã bỏ giao ${n} hồ sơ.` : `Đã giao ${n} hồ sơ.`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      flashNext(res, `Chưa giao được: ${refusalMessage(err)}`, 'error');
    }
    return res.redirect(303, '/cases');
  }
  if (transition?.confirm && !isConfirmed(body)) {
    return renderConfirm(req, res, {
      heading: `${transition.label} ${items.length} hồ sơ?`,
      subject: `${items.length} hồ sơ đã chọn trên bảng`,
      consequence: transition.confirm,
      details: inputInWords(fields, input),
      target: '/cases/bulk',
      back: '/cases',
      confirmLabel: `Xác nhận: ${transition.label} ${items.length} hồ sơ`,
    });
  }
  try {
    const result = await service.bulkTransition(actor, check(s.bulkTransitionBody, { action, input, items }));
    res.render('cases/bulk-result', pageContext(req, 'Kết quả thao tác hàng loạt', { result: labelled(result) }));
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403].includes(err.status)) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, '/cases');
  }
});

/** Required dates of what happened start at today on every generated form. */
function pastToday(fields: ReturnType<typeof formFields>): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((f) => f.kind === 'date' && f.required && f.past).map((f) => [f.name, today()]),
  );
}

/** The bulk result in words: each case's new stage by its label. */
function labelled(result: Awaited<ReturnType<typeof service.bulkTransition>>) {
  return {
    ...result,
    results: result.results.map((r) => ({
      ...r,
      stateLabel:
        r.ok && r.case ? caseWorkflow.states[r.case.state as keyof typeof caseWorkflow.states]?.label : undefined,
    })),
  };
}

const OBLIGATION_STATUS: Record<string, string> = {
  open: 'Đang chờ',
  met: 'Đã xong',
  waived: 'Không áp dụng',
  paused: 'Tạm dừng',
};

/** A refused action form, shown again: what was typed, the errors beside their fields, the verdicts that refused it. */
interface Refused {
  action: string;
  typed: Record<string, string>;
  errors: Record<string, string>;
  verdicts?: Verdict[];
  /** problems that belong to no field (a stale version, a suspended agency) */
  other?: string[];
}

/** The form of a case's dated facts (planned departure, Fund contribution, deposit), beside the action forms. */
const FACTS_FORM = 'facts';

const inputOf = (action: string) => caseWorkflow.transitions.find((t) => t.action === action)?.input;

/** The case page: facts, the actions with forms generated from their inputs, blocked ones with their verdicts. */
async function renderCase(req: Request, res: Response, id: number, refused?: Refused, status = 200) {
  const actor = actorOf(req);
  const c = await service.getCase(actor, id);
  const events = await service.caseEvents(actor, id);
  const form = (a: { action: string }) => {
    const mine = refused?.action === a.action ? refused : undefined;
    const fields = formFields(inputOf(a.action));
    // a required date of what happened starts as today (most actions record today's events); the planned departure
    // as recorded; a date still to come (a new contract end) starts empty
    const defaults: Record<string, unknown> = { plannedDepartureOn: c.plannedDepartureOn };
    for (const f of fields) if (f.kind === 'date' && f.required && f.past) defaults[f.name] = today();
    return fieldViews(fields, { idPrefix: a.action, values: mine?.typed, errors: mine?.errors, defaults });
  };
  // the residence notice (R21) is recorded once the worker is home
  const factsFields = formFields(s.caseFactsBody).filter((f) => f.name !== 'residenceNotifiedOn' || c.returnedOn);
  const factsForm = fieldViews(factsFields, {
    idPrefix: FACTS_FORM,
    values: refused?.action === FACTS_FORM ? refused.typed : undefined,
    errors: refused?.action === FACTS_FORM ? refused.errors : undefined,
    defaults: c,
  });
  const errorSummary = refused
    ? Object.fromEntries(
        Object.entries(refused.errors).map(([k, m]) => [`${refused.action}-${k.replace(/\./g, '-')}`, m]),
      )
    : undefined;
  res.status(status).render(
    'cases/detail',
    pageContext(req, `Hồ sơ #${c.id}`, {
      ...(refused
        ? {
            flash: {
              kind: 'error',
              message: [
                refused.action === FACTS_FORM
                  ? 'Chưa lưu được.'
                  : `Chưa thực hiện được «${caseWorkflow.transitions.find((t) => t.action === refused.action)?.label}».`,
                ...(refused.other ?? []),
                ...(Object.keys(refused.errors).length || refused.verdicts?.length
                  ? ['Xem các mục được đánh dấu bên dưới.']
                  : []),
              ].join(' '),
            },
          }
        : {}),
      errors: errorSummary,
      c: {
        ...c,
        whoseLabel: WHOSE[c.whoseMove],
        outcomeLabel: c.returnOutcome ? RETURN_OUTCOME_LABELS[c.returnOutcome] : null,
        nextDeadlineWords: c.nextDeadlineRule ? ruleWords(c.nextDeadlineRule) : null,
        agencyName: (await agencyNames([c.agencyId])).agencies.get(c.agencyId) ?? '',
      },
      allowed: c.allowedActions.map((a) => ({
        ...a,
        confirm: caseWorkflow.transitions.find((t) => t.action === a.action)?.confirm,
        fields: form(a),
        refusedVerdicts: refused?.action === a.action ? refused.verdicts?.filter((v) => !v.ok) : undefined,
      })),
      // a blocked action that records what already happened (a departure) keeps its form: a reason lets it through
      blocked: c.blockedActions.map((a) => ({
        ...a,
        fields: a.overridable ? form(a) : [],
      })),
      events: timeline(caseWorkflow, events as never),
      obligations: c.obligations.map((o) => ({
        ...o,
        label: obligationLabel(o.kind),
        ruleText: ruleWords(o.ruleId),
        whoseLabel: WHOSE[o.whoseMove],
        statusLabel:
          o.status === 'met' && o.metOn && o.metOn > o.dueOn
            ? 'Đã xong, trễ hạn'
            : (OBLIGATION_STATUS[o.status] ?? o.status),
        open: o.status === 'open',
        overdue: o.status === 'open' && o.dueOn < today(),
      })),
      factsForm,
      factsOpen: refused?.action === FACTS_FORM,
      assignee: c.assigneeUserId ? (await userNames([c.assigneeUserId])).get(c.assigneeUserId) : null,
      staff:
        actor.role === 'agency_staff' && actor.agencyId
          ? (await agencyStaff(actor.agencyId)).map((u) => ({ ...u, selected: u.id === c.assigneeUserId }))
          : [],
      factsTitle: c.returnedOn
        ? 'Ghi nhận ngày người lao động thông báo cư trú, đóng Quỹ, ký quỹ'
        : 'Ghi nhận ngày xuất cảnh dự kiến, đóng Quỹ, ký quỹ',
      canAct: actor.role === 'agency_staff',
      officer: actor.role === 'commune_officer' || actor.role === 'province_officer',
      papersPanel: await panel('papers.case', actor, id),
      documentsPanel: await panel('documents.case', actor, id),
      moneyPanel: await panel('money.case', actor, id),
      // a case opened on a centre's referral (Decree 352 Art 7.1.b): the exchange says which centre and when
      sourcePanel: c.source === 'centre_referral' ? await panel('exchange.caseSource', actor, id) : null,
      alertsPanel: await panel('alerts.case', actor, id),
    }),
  );
}

casesPages.get('/cases/:id', requirePermission('cases:read'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  await renderCase(req, res, id);
});

casesPages.post('/cases/:id/assignee', requirePermission('cases:transition'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const raw = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { userId } = check(s.assignBody, { userId: raw.userId === 'none' || raw.userId === '' ? null : raw.userId });
    await service.assignCases(actorOf(req), [id], userId);
    const name = userId ? (await userNames([userId])).get(userId) : null;
    flashNext(res, name ? `Đã giao hồ sơ cho ${name}.` : 'Hồ sơ chưa giao cho ai.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    flashNext(res, `Chưa giao được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, `/cases/${id}`);
});

casesPages.post('/cases/:id/facts', requirePermission('cases:transition'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const fields = formFields(s.caseFactsBody);
  const { input, problems, typed } = readForm(fields, (req.body ?? {}) as Record<string, unknown>);
  for (const f of fields) if (!(f.name in input) && !problems.some((p) => p.path === f.name)) input[f.name] = null; // emptied: cleared
  try {
    if (problems.length) throw new ValidationError(problems);
    await service.updateCaseFacts(actorOf(req), id, check(s.caseFactsBody, input));
    flashNext(res, 'Đã lưu.');
    res.redirect(303, `/cases/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    if (!(err instanceof ValidationError)) {
      flashNext(res, `Chưa lưu được: ${refusalMessage(err)}`, 'error');
      return res.redirect(303, `/cases/${id}`);
    }
    const errors: Record<string, string> = {};
    for (const p of err.details as FieldProblem[]) errors[p.path] ??= p.message;
    return renderCase(req, res, id, { action: FACTS_FORM, typed, errors }, 400);
  }
});

casesPages.post('/cases/:id/transitions', requirePermission('cases:transition'), async (req, res) => {
  const { id } = check(s.caseIdParams, req.params);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const action = typeof body.action === 'string' ? body.action : '';
  const fields = formFields(inputOf(action));
  const { input, problems, typed } = readForm(fields, body);
  try {
    if (problems.length) {
      // every problem at once: what could not be read, and what the schema says of the rest
      const schema = inputOf(action);
      const named = new Set(problems.map((p) => p.path));
      try {
        if (schema) check(schema, input);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const p of e.details as FieldProblem[]) if (!named.has(p.path)) problems.push(p);
      }
      throw new ValidationError(problems);
    }
    // a destructive or final action asks first (the page names the worker and what will happen)
    const transition = caseWorkflow.transitions.find((t) => t.action === action);
    if (transition?.confirm && !isConfirmed(body)) {
      if (inputOf(action)) check(inputOf(action)!, input); // a refusal now, not after the confirmation
      const c = await service.getCase(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: `${transition.label}?`,
        subject: `Hồ sơ #${c.id}: ${c.workerName} — đơn hàng ${c.jobOrder?.reference ?? ''} (${c.stateLabel})`,
        consequence: transition.confirm,
        details: inputInWords(fields, input),
        target: `/cases/${id}/transitions`,
        back: `/cases/${id}`,
        confirmLabel: `Xác nhận: ${transition.label}`,
      });
    }
    const moved = await service.transitionCase(
      actorOf(req),
      id,
      check(s.caseTransitionBody, { action, expectedVersion: body.expectedVersion, input }),
    );
    const label = caseWorkflow.states[moved.case.state as keyof typeof caseWorkflow.states]?.label;
    flashNext(res, moved.event.fromState === moved.event.toState ? 'Đã ghi nhận.' : `Đã chuyển sang «${label}».`);
    res.redirect(303, `/cases/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    if (!caseWorkflow.transitions.some((t) => t.action === action)) {
      flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
      return res.redirect(303, `/cases/${id}`);
    }
    // the page again, with what was typed: a field's problem beside it ('input.newEndOn' → newEndOn), the rest
    // (a stale version, a refusal) in the message, failing verdicts under the form
    const errors: Record<string, string> = {};
    const other: string[] = [];
    if (err instanceof ValidationError) {
      for (const p of (err.details as FieldProblem[]) ?? []) {
        const key = p.path.replace(/^input\./, '');
        if (fields.some((f) => key.split('.')[0] === f.name)) errors[key] ??= p.message;
        else other.push(p.message);
      }
    } else if (err.status !== 422) other.push(refusalMessage(err));
    const verdicts = err.status === 422 ? ((err.details as { verdicts?: Verdict[] } | undefined)?.verdicts ?? []) : [];
    return renderCase(req, res, id, { action, typed, errors, verdicts, other }, err.status);
  }
});

// the worker page's cases, and the job order page's candidates (asked through the panel registry)
registerPanel('cases.worker', async (actor, workerId) => {
  if (!roleHas(actor.role, 'cases:read')) return null;
  const { data } = await service.listCases(actor, { workerId, page: 1, pageSize: 50 });
  return data.map((c) => ({ ...c, whoseLabel: WHOSE[c.whoseMove] }));
});

registerPanel('cases.jobOrder', async (actor, jobOrderId) => {
  if (!roleHas(actor.role, 'cases:read')) return null;
  const counts = await service.boardCounts(actor, { jobOrderId });
  const { data, page } = await service.listCases(actor, { jobOrderId, page: 1, pageSize: 100 });
  const states = Object.entries(caseWorkflow.states) as [string, { label: string; terminal: boolean }][];
  const groups = states
    .map(([state, def]) => ({
      state,
      label: def.label,
      count: counts[state] ?? data.filter((c) => c.state === state).length,
      cases: data.filter((c) => c.state === state),
    }))
    .filter((g) => g.count > 0 || g.cases.length > 0);
  const placed = PLACE_STATES.reduce((n, st) => n + (counts[st] ?? 0), 0);
  return { groups, placed, shown: data.length, total: page.total };
});
