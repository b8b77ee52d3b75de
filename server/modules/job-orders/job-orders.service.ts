import { inTransaction } from '../../db/sequelize';
import { select } from '../../db/sql';
import { Op, type Transaction } from 'sequelize';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor, scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { today } from '../../shared/clock';
import { allowedActions, applyAction, listEvents, previewActions } from '../../shared/workflow';
import { JobOrder } from './job-orders.model';
import { jobOrderWorkflow } from './job-orders.workflow';
import { verdictsFor } from './job-orders.facts';
import { Agency, requireActiveAgency } from '../agencies';

// Admin sees every order; agency staff (head office and branches) their agency's.
defineScope('job_order', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'agency_staff' && actor.agencyId) return { agencyId: actor.agencyId };
  return 'none';
});

/** Job orders are owned by the head office: a branch may look but not write (R2, Law 69 Art 17.3). */
function requireHeadOffice(actor: Actor): void {
  if (actor.branchId !== null)
    throw new ForbiddenError(
      'Chi nhánh không được lập, sửa hay mở đơn hàng; việc này do trụ sở chính thực hiện (Luật 69/2020, Điều 17).',
    );
}

const plain = (o: JobOrder) => {
  const p = o.get({ plain: true }) as JobOrder['_attributes'];
  return {
    ...p,
    fxRate:
      p.fxRate === null
        ? null
        : String(p.fxRate)
            .replace(/(\.\d*?)0+$/, '$1')
            .replace(/\.$/, ''),
  };
};

async function findScoped(actor: Actor, id: number) {
  const o = await JobOrder.findOne({ where: scoped(actor, 'job_order', { id }) });
  if (!o) throw new NotFoundError('Không tìm thấy đơn hàng');
  return o;
}

export async function getJobOrder(actor: Actor, id: number) {
  const o = plain(await findScoped(actor, id));
  return { ...o, allowedActions: allowedActions(jobOrderWorkflow, o as never, actor) };
}

export async function listJobOrders(
  actor: Actor,
  q: { q?: string; state?: string; destinationCountry?: string; jobCategory?: string; page: number; pageSize: number },
) {
  // the employer's name or the order's code, anywhere in them, case-insensitive (% and _ typed are literal)
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = scoped(actor, 'job_order', {
    ...(like ? { [Op.or]: [{ employerName: { [Op.iLike]: like } }, { reference: { [Op.iLike]: like } }] } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.destinationCountry ? { destinationCountry: q.destinationCountry } : {}),
    ...(q.jobCategory ? { jobCategory: q.jobCategory } : {}),
  });
  const { rows, count } = await JobOrder.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { data: rows.map(plain), page: { number: q.page, size: q.pageSize, total: count, totalCapped: false } };
}

const nullIfEmpty = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === '' ? null : v]));

/** The recruitment window as it will be stored (the CHECK on job_orders says the same): never ending before it starts. */
function checkWindow(order: { recruitFrom?: unknown; recruitTo?: unknown }): void {
  const { recruitFrom: from, recruitTo: to } = order;
  if (typeof from === 'string' && typeof to === 'string' && to < from) {
    throw new ValidationError([{ path: 'recruitTo', message: '«Tuyển đến ngày» không được trước «Tuyển từ ngày»' }]);
  }
}

export async function createJobOrder(actor: Actor, input: Record<string, unknown>) {
  requireHeadOffice(actor);
  await requireActiveAgency(actor);
  checkWindow(input);
  const id = await inTransaction(async (transaction) => {
    const o = await JobOrder.create(
      { ...nullIfEmpty(input), agencyId: actor.agencyId!, createdByUserId: actor.userId } as never,
      { transaction },
    );
    await recordAudit(
      { actor, action: 'job_order.created', entity: 'job_order', entityId: o.id, after: plain(o) },
      transaction,
    );
    return Number(o.id);
  });
  return getJobOrder(actor, id);
}

/** A draft may be saved with failing verdicts; an open or closed order's terms are fixed (close it, then copy). */
export async function updateJobOrder(actor: Actor, id: number, input: Record<string, unknown>) {
  requireHeadOffice(actor);
  await inTransaction(async (transaction) => {
    const o = await JobOrder.findOne({
      where: scoped(actor, 'job_order', { id }),
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!o) throw new NotFoundError('Không tìm thấy đơn hàng');
    if (o.state !== 'draft')
      throw new ConflictError('Chỉ sửa được đơn hàng ở trạng thái nháp', { reason: 'NOT_DRAFT', state: o.state });
    const before = plain(o);
    checkWindow({ ...before, ...nullIfEmpty(input) });
    await o.update({ ...nullIfEmpty(input), version: o.version + 1 } as never, { transaction });
    await recordAudit(
      { actor, action: 'job_order.updated', entity: 'job_order', entityId: id, before, after: plain(o) },
      transaction,
    );
  });
  return getJobOrder(actor, id);
}

/** The verdicts a draft would get if opened today (or at a given date). */
export async function jobOrderVerdicts(actor: Actor, id: number, date = today()) {
  const o = await findScoped(actor, id);
  const verdicts = await verdictsFor(plain(o), date);
  return { date, ok: verdicts.every((v) => v.ok), verdicts };
}

/** Actions that start recruiting on an order: refused to a suspended or revoked agency. */
const RECRUITING_ACTIONS = new Set(['open', 'reopen']);

export async function transitionJobOrder(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  requireHeadOffice(actor);
  if (RECRUITING_ACTIONS.has(body.action)) await requireActiveAgency(actor);
  const result = await applyAction(jobOrderWorkflow, {
    model: JobOrder as never,
    id,
    scope: scopeFor(actor, 'job_order'),
    action: body.action,
    input: body.input ?? {},
    expectedVersion: body.expectedVersion,
    actor,
  });
  return {
    jobOrder: { ...result.entity, fxRate: result.entity.fxRate === null ? null : String(result.entity.fxRate) },
    event: result.event,
    allowedActions: result.allowedActions,
  };
}

export async function jobOrderEvents(actor: Actor, id: number) {
  await findScoped(actor, id);
  return listEvents(jobOrderWorkflow, id);
}

export async function jobOrderPage(actor: Actor, id: number) {
  const o = await getJobOrder(actor, id);
  const actions = await previewActions(jobOrderWorkflow, o as never, actor);
  return { order: o, actions, events: await jobOrderEvents(actor, id) };
}

/**
 * Locks a job order's row until the caller's transaction ends (FOR UPDATE): a placement on the order (cases' select)
 * holds it while it counts the places taken, so two selections racing for the last place cannot both win (R4).
 */
export async function lockJobOrder(id: number, transaction?: Transaction): Promise<void> {
  await select('SELECT id FROM job_orders WHERE id = $1 FOR UPDATE', [id], transaction);
}

/** What a worker is told about the order of her own case: its terms and the service fee cap's arithmetic (R7). */
export interface OrderTermsForWorker {
  employerName: string | null;
  jobTitle: string | null;
  destinationCountry: string | null;
  contractMonths: number | null;
  serviceFeeVnd: number;
  brokerageVnd: number;
  depositVnd: number;
  /** R7's verdict on the order today: allowed amount and the steps in words; null when the order lacks the figures */
  feeCap: { ok: boolean; allowedVnd: number; chargedVnd: number; steps: string[] } | null;
  /** R9: the deposit cap for the market and job, when the order has the figures */
  depositCapVnd: number | null;
  /** the money rules' verdicts in words (R7 service fee, R8 brokerage, R9 deposit), for documents */
  moneyVerdicts: { ruleId: string; ok: boolean; message: string; citation: string }[];
  jobCategory: string | null;
  salaryMinor: number | null;
  salaryCurrency: string | null;
}

/**
 * The terms of one order for the worker portal. No scope check here: the portal reaches it only from a case of the
 * signed-in worker, which it has already found by her own worker id.
 */
export async function orderTermsForWorker(jobOrderId: number): Promise<OrderTermsForWorker | null> {
  const order = await JobOrder.findByPk(jobOrderId);
  if (!order) return null;
  const o = order.get();
  const verdicts = await verdictsFor(o, today());
  const fee = verdicts.find((v) => v.ruleId === 'R7' && 'allowedVnd' in v.details);
  const deposit = verdicts.find((v) => v.ruleId === 'R9' && 'capVnd' in v.details);
  return {
    employerName: o.employerName ?? null,
    jobTitle: o.jobTitle ?? null,
    destinationCountry: o.destinationCountry ?? null,
    contractMonths: o.contractMonths ?? null,
    serviceFeeVnd: Number(o.serviceFeeVnd ?? 0),
    brokerageVnd: Number(o.brokerageVnd ?? 0),
    depositVnd: Number(o.depositVnd ?? 0),
    feeCap: fee
      ? {
          ok: fee.ok,
          allowedVnd: Number(fee.details.allowedVnd),
          chargedVnd: Number(fee.details.chargedVnd),
          steps: fee.details.steps as string[],
        }
      : null,
    depositCapVnd: deposit ? Number(deposit.details.capVnd) : null,
    moneyVerdicts: verdicts
      .filter((v) => ['R7', 'R8', 'R9'].includes(v.ruleId))
      .map((v) => ({ ruleId: v.ruleId, ok: v.ok, message: v.message, citation: v.citation })),
    jobCategory: o.jobCategory ?? null,
    salaryMinor: o.salaryMinor === null || o.salaryMinor === undefined ? null : Number(o.salaryMinor),
    salaryCurrency: o.salaryCurrency ?? null,
  };
}

/** The money terms of an order at a date, as the ledger's rules read them (R6, R7, R9, R14). */
export interface OrderMoneyTerms {
  agencyKind: string;
  market: string | null;
  jobCategory: string;
  agreedDepositVnd: number;
  depositHolder: 'commercial_bank' | 'vbsp' | null;
  /** R9's cap for the market and job at the date, with its policy version and citation; null for EPS */
  depositCap: { capVnd: number; policyIds: number[]; citation: string } | null;
  /** R7: the amount the worker may be charged (cap less the foreign side's part), its steps; null when not computable */
  fee: { allowedVnd: number; steps: string[]; citation: string } | null;
  /** R6: the supply contract's approval date (null when not approved) */
  supplyApprovedOn: string | null;
}

/** Runs in the caller's transaction (the request context's), like every read of a guard. */
export async function orderMoneyTerms(jobOrderId: number, date: string): Promise<OrderMoneyTerms | null> {
  const order = await JobOrder.findByPk(jobOrderId);
  if (!order) return null;
  const o = order.get();
  const verdicts = await verdictsFor(o, date);
  const fee = verdicts.find((v) => v.ruleId === 'R7' && 'allowedVnd' in v.details);
  const deposit = verdicts.find((v) => v.ruleId === 'R9');
  const agency = await Agency.findByPk(o.agencyId, { attributes: ['kind'] });
  return {
    agencyKind: agency?.kind ?? 'service_enterprise',
    market: o.destinationCountry ?? null,
    jobCategory: o.jobCategory,
    agreedDepositVnd: Number(o.depositVnd ?? 0),
    depositHolder: o.depositHolder ?? null,
    depositCap:
      o.jobCategory === 'kr_eps' || !deposit
        ? null
        : {
            capVnd: Number(deposit.details.capVnd ?? 0),
            policyIds: deposit.policyIds,
            citation: deposit.citation,
          },
    fee: fee
      ? { allowedVnd: Number(fee.details.allowedVnd), steps: fee.details.steps as string[], citation: fee.citation }
      : null,
    supplyApprovedOn: o.supplyRegStatus === 'approved' && o.supplyRegDate ? o.supplyRegDate : null,
  };
}

/** An open overseas order as the job exchange lists it for a job seeker who wants to work abroad (Decree 352 Art 7.1.b). */
export interface OverseasOrder {
  id: number;
  senderName: string;
  destinationCountry: string | null;
  jobTitle: string | null;
  contractMonths: number | null;
  salaryMinor: number | null;
  salaryCurrency: string | null;
  serviceFeeVnd: number;
  /** R7: the most the worker may be charged; null when the order lacks the figures */
  feeCapVnd: number | null;
  depositVnd: number;
  /** R9: the deposit cap for the market and job */
  depositCapVnd: number | null;
}

/**
 * The newest open orders of active sending organisations with their legal caps (R7, R9), at most `limit`: the
 * exchange shows them apart from domestic vacancies and does not score them.
 */
export async function openOverseasOrders(limit = 10): Promise<OverseasOrder[]> {
  const rows = await select<{ id: string; name: string }>(
    `SELECT o.id, a.name FROM job_orders o JOIN agency_licences a ON a.id = o.agency_id
     WHERE o.state = 'open' AND a.status = 'active' AND a.kind <> 'employment_centre' ORDER BY o.id DESC LIMIT $1`,
    [Math.min(Math.max(limit, 1), 50)],
  );
  const out: OverseasOrder[] = [];
  for (const r of rows) {
    const t = await orderTermsForWorker(Number(r.id));
    if (!t) continue;
    out.push({
      id: Number(r.id),
      senderName: r.name,
      destinationCountry: t.destinationCountry,
      jobTitle: t.jobTitle,
      contractMonths: t.contractMonths,
      salaryMinor: t.salaryMinor,
      salaryCurrency: t.salaryCurrency,
      serviceFeeVnd: t.serviceFeeVnd,
      feeCapVnd: t.feeCap ? t.feeCap.allowedVnd : null,
      depositVnd: t.depositVnd,
      depositCapVnd: t.depositCapVnd,
    });
  }
  return out;
}
