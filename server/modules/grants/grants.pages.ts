// The grant pages: the queue (province by deadline, the commune's residents waiting for certification, the agency's
// own), the application with its explanation and the actions the actor may take, applying on a worker's behalf,
// budgets, eligible areas, and the worker's "Hỗ trợ của tôi".
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { flashNext, pageContext, pageFilters, parseViNumber, refusalMessage } from '../../shared/pages';
import { check } from '../../shared/validate';
import { formatDateVi, parseViDate } from '../../shared/dates';
import { today } from '../../shared/clock';
import { formatMoney } from '../../shared/format';
import { ruleInfo, ruleWords } from '../../shared/rules';
import { communeName } from '../reference';
import * as s from './grants.schemas';
import * as service from './grants.service';
import { grantWorkflow } from './grants.workflow';
import { decisionPages } from './grants.decision-pages';
import { workerDecisions } from './grants.decisions';
import { CLAUSE_LABELS, ITEMS, ITEM_LABELS, MTQG_GROUPS, ND338_GROUPS, type Item } from './grants.rules';

export const grantsPages = express.Router();
// the decisions and the budget picture first: their paths would otherwise read as an application's id
grantsPages.use(decisionPages);

const idOf = (raw: unknown) => (typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : 0);
const GROUP_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MTQG_GROUPS).map(([k, v]) => [k, v.label])),
  ...ND338_GROUPS,
  pending: 'Chờ xác định',
};

const criteriaView = (
  criteria: { key: string; ruleId: string; ok: boolean; message: string; plain: string; evidence: string }[],
) => criteria.map((c) => ({ ...c, ruleText: ruleWords(c.ruleId), citation: ruleInfo(c.ruleId).citation }));

/** The claims typed in the form's table: one row per item, an amount makes it a claim. */
function claimsFromForm(body: Record<string, unknown>) {
  const claims = [];
  const typed: Record<string, string> = {};
  for (const item of ITEMS) {
    const amount = String(body[`amount_${item}`] ?? '').trim();
    const quantity = String(body[`quantity_${item}`] ?? '').trim();
    const evidence = String(body[`evidence_${item}`] ?? '').trim();
    typed[`amount_${item}`] = amount;
    typed[`quantity_${item}`] = quantity;
    typed[`evidence_${item}`] = evidence;
    if (!amount) continue;
    claims.push({
      item,
      quantity: quantity ? Number(parseViNumber(quantity) ?? quantity) : 1,
      claimedVnd: Number(parseViNumber(amount) ?? amount),
      ...(evidence ? { evidence } : {}),
    });
  }
  return { claims, typed };
}

const itemRows = (typed: Record<string, string> = {}) =>
  ITEMS.map((item) => ({
    item,
    label: ITEM_LABELS[item],
    amount: typed[`amount_${item}`] ?? '',
    quantity: typed[`quantity_${item}`] ?? '',
    evidence: typed[`evidence_${item}`] ?? '',
    error: typed[`error_${item}`] ?? null,
  }));

// ---- the queue
grantsPages.get('/grants', requirePermission('grants:read'), async (req, res) => {
  const actor = actorOf(req);
  if (actor.role === 'worker') return res.redirect(303, '/toi/ho-tro');
  const { chon, ...filters } = req.query as Record<string, unknown>;
  const { query: q, notice } = pageFilters(s.queueQuery, {
    ...(actor.role === 'province_officer' && req.query.state === undefined ? { state: 'certified' } : {}),
    ...(actor.role === 'commune_officer' && req.query.state === undefined ? { state: 'submitted' } : {}),
    ...filters,
  });
  // a province officer picks certified applications for one decision (a refused pick comes back checked)
  const picked = new Set((Array.isArray(chon) ? chon : [chon]).map((x) => idOf(x)));
  const selectable = actor.role === 'province_officer' && q.state === 'certified';
  const r = await service.listApplications(actor, q);
  res.render(
    'grants/queue',
    pageContext(req, actor.role === 'commune_officer' ? 'Hồ sơ chờ xã xác nhận' : 'Đề nghị hỗ trợ', {
      notices: notice ? [notice] : [],
      state: q.state ?? '',
      states: Object.entries(grantWorkflow.states).map(([k, v]) => ({
        value: k,
        label: v.label,
        selected: k === q.state,
      })),
      selectable,
      sources: options(SOURCE_OPTIONS),
      programmeOptions: options(Object.entries(s.PROGRAMME_LABELS), q.programme),
      rows: r.data.map((x) => ({
        ...x,
        picked: picked.has(x.id),
        allowed: formatMoney(x.approvedVnd ?? x.allowedVnd),
        programmeLabel: s.PROGRAMME_LABELS[x.programme],
        groupLabel: GROUP_LABELS[x.group] ?? x.group,
      })),
      total: r.page.total,
      canBudget: actor.role === 'province_officer',
      canDecide: actor.role === 'province_officer',
    }),
  );
});

// ---- applying on a worker's behalf (agency, commune)
async function renderNew(
  req: Request,
  res: Response,
  caseId: number,
  typed: Record<string, string> = {},
  error?: string,
  status = 200,
) {
  const e = await service.eligibilityFor(actorOf(req), caseId);
  res.status(status).render(
    'grants/new',
    pageContext(req, 'Đề nghị hỗ trợ', {
      caseId,
      error,
      programmes: e.programmes.map((p) => ({
        ...p,
        criteria: criteriaView(p.criteria),
        groupLabel: p.group ? `${p.group.label} — ${CLAUSE_LABELS[p.group.clause]}` : null,
      })),
      items: itemRows(typed),
    }),
  );
}

grantsPages.get('/grants/new', requirePermission('grants:apply'), async (req, res) => {
  const { caseId } = check(s.caseQuery, req.query);
  await renderNew(req, res, caseId);
});

async function applyFromForm(req: Request, res: Response, back: (caseId: number) => string, render: typeof renderNew) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const caseId = idOf(body.caseId);
  const { claims, typed } = claimsFromForm(body);
  try {
    const input = check(s.applyBody, { caseId, claims, ...(body.programme ? { programme: body.programme } : {}) });
    const a = await service.apply(actorOf(req), input);
    flashNext(res, `Đã gửi đề nghị hỗ trợ (${a.stateLabel}); số tiền dự kiến ${formatMoney(a.allowedNowVnd)}.`);
    res.redirect(303, back(a.id));
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409, 422].includes(err.status)) throw err;
    // a problem of one claimed item goes beside its row; the rest above the form
    const rest: string[] = [];
    if (err instanceof ValidationError)
      for (const p of err.details as FieldProblem[]) {
        const n = /^claims[.[](\d+)/.exec(p.path)?.[1];
        const item = n === undefined ? undefined : claims[Number(n)]?.item;
        if (item)
          typed[`error_${item}`] = typed[`error_${item}`] ? `${typed[`error_${item}`]}; ${p.message}` : p.message;
        else rest.push(p.message);
      }
    const msg =
      err instanceof ValidationError
        ? rest.join('; ') || 'Xem lại các khoản được đánh dấu bên dưới.'
        : refusalMessage(err);
    return render(req, res, caseId, typed, msg, err.status);
  }
}

grantsPages.post('/grants', requirePermission('grants:apply'), (req, res) =>
  applyFromForm(req, res, (id) => `/grants/${id}`, renderNew),
);

// ---- budgets (province)
const HOUSEHOLD_OPTIONS = [
  ['poor', 'Hộ nghèo'],
  ['near_poor', 'Hộ cận nghèo'],
  ['escaped_poverty', 'Hộ mới thoát nghèo'],
  ['none', 'Không thuộc diện nào'],
] as const;
/** the budget's two sources */
const SOURCE_OPTIONS = [
  ['central', 'Ngân sách trung ương'],
  ['local', 'Ngân sách địa phương'],
] as const;
const options = (list: readonly (readonly [string, string])[], chosen?: string) =>
  list.map(([value, label]) => ({ value, label, selected: value === chosen }));

/** Field problems by field name (the first of each), for errors beside their fields. */
const byField = (problems: FieldProblem[]) => {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.path.split('.')[0]!] ??= p.message;
  return out;
};

async function renderBudgets(
  req: Request,
  res: Response,
  errors: Record<string, string> = {},
  typed: Record<string, string> = {},
  status = 200,
) {
  const rows = await service.listBudgets(actorOf(req));
  res.status(status).render(
    'grants/budgets',
    pageContext(req, 'Dự toán hỗ trợ', {
      errors,
      typed,
      year: Number(today().slice(0, 4)),
      sources: options(SOURCE_OPTIONS, typed.source),
      rows: rows.map((r) => ({
        ...r,
        sourceLabel: r.source === 'central' ? 'Trung ương' : 'Địa phương',
        allocated: formatMoney(r.allocatedVnd),
        committed: formatMoney(r.committedVnd),
        paid: formatMoney(r.paidVnd),
        available: formatMoney(r.availableVnd),
        share: `${Math.round(r.committedShare * 100)} %`,
        warn: r.committedShare >= 0.9,
      })),
      programmes: options(Object.entries(s.PROGRAMME_LABELS), typed.programme),
    }),
  );
}
grantsPages.get('/grants/budgets', requirePermission('grants:budget'), (req, res) => renderBudgets(req, res));
grantsPages.post('/grants/budgets', requirePermission('grants:budget'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  const typed = {
    fiscalYear: body.fiscalYear ?? '',
    programme: body.programme ?? '',
    source: body.source ?? '',
    allocatedVnd: body.allocatedVnd ?? '',
  };
  try {
    const input = check(s.budgetBody, {
      fiscalYear: body.fiscalYear,
      programme: body.programme,
      source: body.source,
      allocatedVnd: parseViNumber(String(body.allocatedVnd ?? '')) ?? body.allocatedVnd,
    });
    await service.setBudget(actorOf(req), input);
    flashNext(res, `Đã lưu dự toán năm ${input.fiscalYear}: ${formatMoney(input.allocatedVnd)}.`);
    res.redirect(303, '/grants/budgets');
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    return renderBudgets(req, res, byField(err.details as FieldProblem[]), typed, 400);
  }
});

// ---- eligible areas (province writes, commune reads its own)
async function renderAreas(
  req: Request,
  res: Response,
  errors: Record<string, string> = {},
  typed: Record<string, string> = {},
  status = 200,
) {
  const actor = actorOf(req);
  const rows = await service.listAreas(actor);
  res.status(status).render(
    'grants/areas',
    pageContext(req, 'Địa bàn được hỗ trợ (MTQG)', {
      errors,
      typed,
      kinds: options(
        [
          ['poor_district', 'Huyện nghèo (địa giới cũ)'],
          ['coastal_commune', 'Xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo'],
        ],
        typed.kind,
      ),
      canEdit: actor.role === 'province_officer',
      rows: rows.map((r) => ({
        ...r,
        kindLabel:
          r.kind === 'poor_district'
            ? 'Huyện nghèo (địa giới cũ)'
            : 'Xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo',
        commune: r.communeCode ? communeName(r.communeCode) : '',
      })),
    }),
  );
}
grantsPages.get('/grants/areas', requirePermission('grants:read'), (req, res) => renderAreas(req, res));
grantsPages.post('/grants/areas', requirePermission('grants:areas'), async (req, res) => {
  const typed = Object.fromEntries(
    Object.entries((req.body ?? {}) as Record<string, unknown>)
      .filter(([k, v]) => k !== '_csrf' && typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, String(v).trim()]),
  );
  try {
    await service.addArea(actorOf(req), check(s.areaBody, typed));
    flashNext(res, 'Đã thêm địa bàn.');
    res.redirect(303, '/grants/areas');
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409].includes(err.status)) throw err;
    const errors =
      err instanceof ValidationError ? byField(err.details as FieldProblem[]) : { communeCode: refusalMessage(err) };
    return renderAreas(req, res, errors, typed, err.status);
  }
});

// ---- one application
async function renderApplication(
  req: Request,
  res: Response,
  id: number,
  error?: { action: string; message: string; typed: Record<string, string> },
  status = 200,
) {
  const a = await service.getApplication(actorOf(req), id);
  const ob = a.obligations[0];
  res.status(status).render(
    'grants/detail',
    pageContext(req, `Đề nghị hỗ trợ #${id}`, {
      a: {
        ...a,
        programmeLabel: s.PROGRAMME_LABELS[a.programmeCode],
        groupLabel: a.group
          ? `${a.group.label} — ${CLAUSE_LABELS[a.group.clause]}`
          : (GROUP_LABELS[a.beneficiaryGroup] ?? a.beneficiaryGroup),
        allowedNow: formatMoney(a.allowedNowVnd),
        approved: a.approvedVnd === null ? null : formatMoney(a.approvedVnd),
      },
      deadline: ob
        ? {
            dueOn: ob.dueOn,
            status: ob.status,
            paused: ob.status === 'paused',
            daysLeft: ob.pausedDaysLeft,
            met: ob.status === 'met',
          }
        : null,
      criteria: criteriaView((a.criteria ?? []) as never),
      claims: a.claims.map((c) => ({
        ...c,
        label: ITEM_LABELS[c.item as Item],
        claimed: formatMoney(c.claimedVnd),
        allowed: formatMoney(c.allowedVnd),
      })),
      // a refused form comes back with what was typed in it, the refusal beside it
      actions: a.allowedActions.map((x) => {
        const typed = error?.action === x.action ? error.typed : {};
        return {
          ...x,
          [`is_${x.action}`]: true,
          error: error?.action === x.action ? error.message : null,
          reason: typed.reason ?? '',
          cvChecked: typed.cvChecked === 'on',
          households: options(HOUSEHOLD_OPTIONS, typed.householdStatus),
          sources: options(SOURCE_OPTIONS, typed.source),
          methods: options(Object.entries(s.PAYMENT_METHOD_LABELS), typed.method),
          paymentReference: typed.reference ?? '',
          paidOn: typed.paidOn ?? formatDateVi(today()),
        };
      }),
      events: (
        a.events as {
          at: string;
          action: string;
          toState: string;
          actorName: string | null;
          input: Record<string, unknown>;
        }[]
      ).map((e) => ({
        at: formatDateVi(new Date(e.at).toISOString().slice(0, 10)),
        label: grantWorkflow.transitions.find((t) => t.action === e.action)?.label ?? 'Tạo đề nghị',
        to: grantWorkflow.states[e.toState as keyof typeof grantWorkflow.states]?.label ?? e.toState,
        actor: e.actorName,
        reason: typeof e.input?.reason === 'string' ? e.input.reason : null,
      })),
    }),
  );
}

grantsPages.get('/grants/:id', requirePermission('grants:read'), async (req, res) => {
  if (actorOf(req).role === 'worker') return res.redirect(303, '/toi/ho-tro');
  await renderApplication(req, res, idOf(req.params.id));
});

grantsPages.post('/grants/:id/transitions', requirePermission('grants:read'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, string>;
  const action = typeof body.action === 'string' ? body.action : '';
  const input: Record<string, unknown> = {};
  if (body.reason) input.reason = body.reason;
  if (body.householdStatus) input.householdStatus = body.householdStatus;
  if (action === 'certify') input.cvChecked = body.cvChecked === 'on';
  if (body.source) input.source = body.source;
  if (action === 'pay') {
    input.method = body.method;
    input.reference = body.reference;
    input.paidOn = parseViDate(String(body.paidOn ?? '')) ?? body.paidOn;
  }
  try {
    await service.transitionApplication(actorOf(req), id, {
      action,
      input,
      expectedVersion: Number(body.expectedVersion ?? -1),
    });
    const to = grantWorkflow.transitions.find((t) => t.action === action);
    flashNext(
      res,
      `Đã ${to?.label.toLowerCase() ?? 'lưu'}: hồ sơ chuyển sang «${to ? grantWorkflow.states[to.to].label : ''}».`,
    );
    res.redirect(303, actorOf(req).role === 'worker' ? '/toi/ho-tro' : `/grants/${id}`);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 403, 409, 422].includes(err.status)) throw err;
    if (actorOf(req).role === 'worker') {
      flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
      return res.redirect(303, '/toi/ho-tro');
    }
    return renderApplication(req, res, id, { action, message: refusalMessage(err), typed: body }, err.status);
  }
});

// ---- the worker's "Hỗ trợ của tôi"
async function renderMine(
  req: Request,
  res: Response,
  caseIdGiven?: number,
  typed: Record<string, string> = {},
  error?: string,
  status = 200,
) {
  const actor = actorOf(req);
  const mine = await service.listApplications(actor, { page: 1, pageSize: 50 });
  const cases = await service.workerOpenCases(actor.workerId!);
  const caseId = caseIdGiven ?? cases[0]?.id ?? null;
  const e = caseId ? await service.eligibilityFor(actor, caseId) : null;
  res.status(status).render(
    'grants/mine',
    pageContext(req, 'Hỗ trợ của tôi', {
      error,
      caseId,
      applications: await Promise.all(
        mine.data.map(async (x) => {
          const a = await service.getApplication(actor, x.id);
          const ob = a.obligations[0];
          return {
            ...x,
            programmeLabel: s.PROGRAMME_LABELS[x.programme],
            portalText: grantWorkflow.states[x.state as keyof typeof grantWorkflow.states]?.portalText,
            amount: formatMoney(x.approvedVnd ?? x.allowedVnd),
            returnReason: a.returnReason,
            rejectReason: a.rejectReason,
            canResubmit: a.allowedActions.some((t) => t.action === 'resubmit'),
            version: a.version,
            dueOn: ob && ob.status === 'open' ? ob.dueOn : null,
          };
        }),
      ),
      decisions: (await workerDecisions(actor.workerId!)).map((d) => ({
        ...d,
        amount: formatMoney(d.amountVnd),
        numberText: d.numberText?.replace(/^Số:\s*/, 'số ') ?? '',
        paidAmount: d.paidVnd === null ? null : formatMoney(d.paidVnd),
        methodLabel: d.paymentMethod === 'cash' ? 'tiền mặt' : 'chuyển khoản',
      })),
      programmes: (e?.programmes ?? []).map((p) => ({ ...p, criteria: criteriaView(p.criteria) })),
      canApply:
        Boolean(caseId) && !mine.data.some((x) => ['submitted', 'certified', 'returned', 'draft'].includes(x.state)),
      items: itemRows(typed),
    }),
  );
}

grantsPages.get('/toi/ho-tro', requirePermission('portal:self'), (req, res) => renderMine(req, res));
grantsPages.post('/toi/ho-tro', requirePermission('portal:self'), (req, res) =>
  applyFromForm(
    req,
    res,
    () => '/toi/ho-tro',
    (rq, rs, caseId, typed, error, status) => renderMine(rq, rs, caseId, typed, error, status),
  ),
);
