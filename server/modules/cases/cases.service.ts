import { Op, UniqueConstraintError, literal, type WhereOptions } from 'sequelize';
import { inTransaction, sequelize } from '../../db/sequelize';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { formatDateVi } from '../../shared/dates';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor, scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { allowedActions, applyAction, listEvents, previewActions } from '../../shared/workflow';
import { Worker, workerMatchCondition } from '../workers';
import { agencyStaff } from '../users';
import { requireActiveAgency } from '../agencies';
import { JobOrder } from '../job-orders';
import { Case, type CaseState } from './cases.model';
import { OPEN_STATES } from './cases.states';
import { refreshCaseObligations } from './cases.jobs';
import { obligationsOf } from '../../shared/obligations';
import { caseWorkflow } from './cases.workflow';
import { runCaseTransitionHooks } from './cases.hooks';
import type { CaseFactsInput, CaseQuery } from './cases.schemas';
import { countFor, pageBlock } from '../../shared/paging';
import { select, whereSql } from '../../db/sql';

// Agency staff see their agency's cases (other agencies' applications for the same worker stay invisible);
// a worker sees their own.
defineScope('case', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'agency_staff' && actor.agencyId) return { agencyId: actor.agencyId };
  if (actor.role === 'worker' && actor.workerId) return { workerId: actor.workerId };
  // officers read their residents' cases (the worker's commune or province), through the workers module's view
  if (actor.role === 'commune_officer' && actor.communeCode)
    return {
      workerId: {
        [Op.in]: literal(
          `(SELECT id FROM worker_directory WHERE commune_code = ${sequelize().escape(actor.communeCode)})`,
        ),
      },
    };
  if (actor.role === 'province_officer' && actor.provinceCode)
    return {
      workerId: {
        [Op.in]: literal(
          `(SELECT id FROM worker_directory WHERE province_code = ${sequelize().escape(actor.provinceCode)})`,
        ),
      },
    };
  return 'none';
});

export { OPEN_STATES };

const plain = (c: Case) => c.get({ plain: true }) as Case['_attributes'] & { worker?: Worker; jobOrder?: JobOrder };

interface ListRow {
  id: string;
  workerId: string;
  jobOrderId: string;
  state: CaseState;
  version: number;
  whoseMove: string;
  nextDeadlineOn: string | null;
  nextDeadlineRule: string | null;
  workerName: string | null;
  workerCccd: string | null;
  jobOrderReference: string | null;
  market: string | null;
  assigneeUserId: string | null;
}

/** A case as lists show it (and the detail begins). */
const toListItem = (r: ListRow) => ({
  id: Number(r.id),
  workerId: Number(r.workerId),
  jobOrderId: Number(r.jobOrderId),
  state: r.state,
  stateLabel: caseWorkflow.states[r.state].label,
  version: r.version,
  whoseMove: r.whoseMove,
  nextDeadlineOn: r.nextDeadlineOn,
  nextDeadlineRule: r.nextDeadlineRule,
  workerName: r.workerName,
  workerCccdMasked: r.workerCccd === null ? null : maskCccd(r.workerCccd),
  jobOrderReference: r.jobOrderReference,
  market: r.market,
  assigneeUserId: r.assigneeUserId === null || r.assigneeUserId === undefined ? null : Number(r.assigneeUserId),
});

/** A list row of the model and its includes, in the shape the list reads in one plain statement. */
function listRowOf(c: Case): ListRow {
  const p = plain(c);
  return {
    id: String(p.id),
    workerId: String(p.workerId),
    jobOrderId: String(p.jobOrderId),
    state: p.state as CaseState,
    version: p.version,
    whoseMove: p.whoseMove,
    nextDeadlineOn: p.nextDeadlineOn,
    nextDeadlineRule: p.nextDeadlineRule,
    workerName: c.worker?.fullName ?? null,
    workerCccd: c.worker?.cccd ?? null,
    jobOrderReference: c.jobOrder?.reference ?? null,
    market: c.jobOrder?.destinationCountry ?? null,
    assigneeUserId: p.assigneeUserId === null || p.assigneeUserId === undefined ? null : String(p.assigneeUserId),
  };
}

/**
 * Actions that advance a placement: a suspended or revoked agency is refused them (403). Returns, notices,
 * liquidation, closing, withdrawing and rejecting finish its duties to workers already in its care, and stay allowed.
 */
export const PLACEMENT_ACTIONS: ReadonlySet<string> = new Set([
  'prescreen',
  'select',
  'sign_contract',
  'start_visa',
  'mark_ready',
  'depart',
  'extend',
]);

/**
 * Opens an application. `source` is set by the calling module only (never from a request): a case opened on a
 * centre's referral (Decree 352 Art 7.1.b) carries the referral, one case per referral (the unique index says so).
 */
export async function createCase(
  actor: Actor,
  input: { workerId: number; jobOrderId: number },
  source?: { kind: 'centre_referral'; referralId: number },
) {
  await requireActiveAgency(actor);
  // The worker must be in the agency's scope (linked with consent), the order the agency's and open.
  const [worker, order] = await Promise.all([
    Worker.findOne({ where: scoped(actor, 'worker', { id: input.workerId }), attributes: ['id'] }),
    JobOrder.findOne({
      where: scoped(actor, 'job_order', { id: input.jobOrderId }),
      attributes: ['id', 'state', 'agencyId'],
    }),
  ]);
  const problems = [];
  if (!worker)
    problems.push({
      path: 'workerId',
      message: 'Người lao động chưa liên kết với doanh nghiệp (cần sự đồng ý của người lao động)',
    });
  if (!order) problems.push({ path: 'jobOrderId', message: 'Không tìm thấy đơn hàng của doanh nghiệp' });
  else if (order.state !== 'open')
    problems.push({ path: 'jobOrderId', message: 'Đơn hàng không ở trạng thái đang tuyển' });
  if (problems.length) throw new ValidationError(problems);
  try {
    const id = await inTransaction(async (transaction) => {
      const c = await Case.create(
        {
          workerId: input.workerId,
          jobOrderId: input.jobOrderId,
          agencyId: Number(order!.agencyId),
          createdByUserId: actor.userId,
          nextDeadlineOn: null,
          nextDeadlineRule: null,
          selectedOn: null,
          waitingAgreementOn: null,
          contractSignedOn: null,
          departedOn: null,
          returnedOn: null,
          returnOutcome: null,
          liquidatedOn: null,
          closedOn: null,
          exitReason: null,
          ...(source ? { source: source.kind, sourceReferralId: source.referralId } : {}),
        },
        { transaction },
      );
      await recordAudit(
        {
          actor,
          action: 'case.created',
          entity: 'case',
          entityId: c.id,
          after: {
            workerId: input.workerId,
            jobOrderId: input.jobOrderId,
            ...(source ? { source: source.kind, sourceReferralId: source.referralId } : {}),
          },
        },
        transaction,
      );
      return Number(c.id);
    });
    return getCase(actor, id);
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('Người lao động đã có hồ sơ đang xử lý cho đơn hàng này', { reason: 'ALREADY_APPLIED' });
    throw err;
  }
}

async function findScoped(actor: Actor, id: number) {
  const c = await Case.findOne({
    where: scoped(actor, 'case', { id }),
    include: [
      { model: Worker, as: 'worker', attributes: ['id', 'fullName', 'cccd', 'dateOfBirth', 'sex'] },
      {
        model: JobOrder,
        as: 'jobOrder',
        attributes: ['id', 'reference', 'destinationCountry', 'employerName', 'jobCategory', 'headcount', 'state'],
      },
    ],
  });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  return c;
}

/** One case with the actions allowed now, and each blocked one with the verdicts that block it. */
export async function getCase(actor: Actor, id: number) {
  const c = await findScoped(actor, id);
  const p = plain(c);
  const entity = { ...p, id: Number(p.id) } as never;
  const preview = await previewActions(caseWorkflow, entity, actor);
  return {
    ...toListItem(listRowOf(c)),
    agencyId: Number(p.agencyId),
    source: p.source,
    sourceReferralId:
      p.sourceReferralId === null || p.sourceReferralId === undefined ? null : Number(p.sourceReferralId),
    selectedOn: p.selectedOn,
    waitingAgreementOn: p.waitingAgreementOn,
    contractSignedOn: p.contractSignedOn,
    departedOn: p.departedOn,
    plannedDepartureOn: p.plannedDepartureOn,
    flight: p.flight,
    destination: p.destination,
    labourContractStartOn: p.labourContractStartOn,
    labourContractEndOn: p.labourContractEndOn,
    departureOverrideReason: p.departureOverrideReason,
    returnReason: p.returnReason,
    liquidationDeductions: p.liquidationDeductions,
    returnedOn: p.returnedOn,
    returnOutcome: p.returnOutcome,
    residenceNotifiedOn: p.residenceNotifiedOn,
    liquidatedOn: p.liquidatedOn,
    liquidatedUnilaterally: p.liquidatedUnilaterally,
    closedOn: p.closedOn,
    exitReason: p.exitReason,
    jobOrder: c.jobOrder
      ? {
          id: Number(c.jobOrder.id),
          reference: c.jobOrder.reference,
          employerName: c.jobOrder.employerName,
          destinationCountry: c.jobOrder.destinationCountry,
        }
      : null,
    obligations: (await obligationsOf({ type: 'case', id })).map(
      ({ kind, ruleId, dueOn, whoseMove, status, metOn, waivedReason }) => ({
        kind,
        ruleId,
        dueOn,
        whoseMove,
        status,
        metOn,
        waivedReason,
      }),
    ),
    // allowed: with the verdicts known already (all passed) and what is checked on submit, from the input
    allowedActions: preview
      .filter((a) => !a.blocked)
      .map(({ action, label, to, verdicts, checkedOnSubmit }) => ({ action, label, to, verdicts, checkedOnSubmit })),
    // blocked: the failing verdicts; an overridable one (a departure that happened) can still be recorded with a reason
    blockedActions: preview
      .filter((a) => a.blocked)
      .map(({ action, label, to, verdicts, overridable, checkedOnSubmit }) => ({
        action,
        label,
        to,
        verdicts: verdicts.filter((v) => !v.ok),
        overridable,
        checkedOnSubmit,
      })),
  };
}

function listWhere(actor: Actor, q: CaseQuery): WhereOptions {
  const where: Record<string | symbol, unknown> = {};
  if (q.state) where.state = q.state;
  if (q.jobOrderId) where.jobOrderId = q.jobOrderId;
  if (q.workerId) where.workerId = q.workerId;
  if (q.assignee)
    where.assigneeUserId = q.assignee === 'none' ? null : q.assignee === 'me' ? actor.userId : Number(q.assignee);
  if (q.whoseMove) where.whoseMove = q.whoseMove;
  if (q.deadlineFrom || q.deadlineTo)
    where.nextDeadlineOn = {
      ...(q.deadlineFrom ? { [Op.gte]: q.deadlineFrom } : {}),
      ...(q.deadlineTo ? { [Op.lte]: q.deadlineTo } : {}),
    };
  const market = q.market
    ? [
        {
          jobOrderId: {
            [Op.in]: literal(
              `(SELECT id FROM job_order_terms WHERE destination_country = ${sequelize().escape(q.market)})`,
            ),
          },
        },
      ]
    : [];
  // a name or CCCD: the workers module's condition on its own view (nothing searchable: no case matches)
  const named = q.q ? (workerMatchCondition(q.q, '"Case"."worker_id"') ?? 'FALSE') : null;
  // an open obligation under a rule (the day's work links here: papers expiring, overdue R17…)
  const ruled = q.rule
    ? `EXISTS (SELECT 1 FROM obligations ob WHERE ob.subject_type = 'case' AND ob.subject_id = "Case"."id" AND ob.status = 'open' AND ob.rule_id = ${sequelize().escape(q.rule)})`
    : null;
  return scoped(actor, 'case', {
    [Op.and]: [where, ...market, ...(named ? [literal(named)] : []), ...(ruled ? [literal(ruled)] : [])],
  } as WhereOptions);
}

const LIST_COLUMNS =
  'c.id, c.worker_id AS "workerId", c.job_order_id AS "jobOrderId", c.state, c.version, c.whose_move AS "whoseMove", ' +
  'c.next_deadline_on AS "nextDeadlineOn", c.next_deadline_rule AS "nextDeadlineRule", w.full_name AS "workerName", w.cccd AS "workerCccd", ' +
  'o.reference AS "jobOrderReference", o.destination_country AS "market", c.assignee_user_id AS "assigneeUserId"';

/**
 * Sorted by next deadline (none last, the board indexes' own order); total counted up to 10,001 like the worker list.
 * NOTE: one plain statement for the page (bench/RESULTS.md, cases-list): the page's ids are chosen first, from the
 * board index alone (it carries the scope's agency too), then only those rows are read with their worker and
 * order, so the rows a far page skips are never fetched or joined.
 */
export async function listCases(actor: Actor, q: CaseQuery) {
  const where = listWhere(actor, q);
  const rows = await select<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM (SELECT "Case"."id", "Case"."next_deadline_on" FROM "cases" AS "Case" WHERE ${whereSql(Case as never, where)}` +
      ` ORDER BY "Case"."next_deadline_on" ASC NULLS LAST, "Case"."id" ASC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}) AS page` +
      ' JOIN cases c ON c.id = page.id LEFT JOIN worker_directory w ON w.id = c.worker_id LEFT JOIN job_order_terms o ON o.id = c.job_order_id' +
      ' ORDER BY page.next_deadline_on ASC NULLS LAST, page.id ASC',
  );
  return { data: rows.map(toListItem), page: pageBlock(q, await countFor(Case as never, where, q, rows.length)) };
}

/**
 * The board in one statement: for each state asked, its count and its first `perColumn` cards by next deadline
 * (the board index's own order, (agency_id, state, next_deadline_on, id)), with their worker and order. One round
 * trip whatever the number of columns.
 */
export async function boardColumns(
  actor: Actor,
  q: Omit<CaseQuery, 'state' | 'page' | 'pageSize'>,
  states: readonly string[],
  perColumn = 30,
): Promise<{ state: string; count: number; cards: ReturnType<typeof toListItem>[] }[]> {
  const where = whereSql(Case as never, listWhere(actor, { ...q, page: 1, pageSize: 1 }));
  const rows = await select<ListRow & { col: string; n: number; pos: number | null }>(
    `SELECT s.state AS col, cnt.n, card.* FROM unnest($1::text[]) WITH ORDINALITY AS s(state, ord)
     CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "cases" AS "Case" WHERE ${where} AND "Case"."state" = s.state) cnt
     LEFT JOIN LATERAL (
       SELECT ${LIST_COLUMNS}, page.pos FROM (
         SELECT "Case"."id", "Case"."next_deadline_on", row_number() OVER () AS pos FROM (
           SELECT "Case"."id", "Case"."next_deadline_on" FROM "cases" AS "Case" WHERE ${where} AND "Case"."state" = s.state
           ORDER BY "Case"."next_deadline_on" ASC NULLS LAST, "Case"."id" ASC LIMIT ${Number(perColumn)}
         ) AS "Case"
       ) AS page
       JOIN cases c ON c.id = page.id LEFT JOIN worker_directory w ON w.id = c.worker_id
       LEFT JOIN job_order_terms o ON o.id = c.job_order_id
     ) card ON true
     ORDER BY s.ord, card.pos`,
    [states],
  );
  return states.map((state) => {
    const mine = rows.filter((r) => r.col === state);
    return { state, count: mine[0]?.n ?? 0, cards: mine.filter((r) => r.id !== null).map(toListItem) };
  });
}

/** Counts per open state for the board (same filters, no state filter). */
export async function boardCounts(actor: Actor, q: Omit<CaseQuery, 'state' | 'page' | 'pageSize'>) {
  const rows = (await Case.findAll({
    attributes: ['state', [literal('count(*)::int'), 'n']],
    where: listWhere(actor, { ...q, page: 1, pageSize: 1 }),
    group: ['state'],
    raw: true,
  })) as unknown as { state: string; n: number }[];
  return Object.fromEntries(OPEN_STATES.map((s) => [s, rows.find((r) => r.state === s)?.n ?? 0]));
}

export async function transitionCase(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  if (PLACEMENT_ACTIONS.has(body.action)) await requireActiveAgency(actor);
  // one transaction: the transition, then what other modules registered (a referral following its case)
  const result = await inTransaction(async () => {
    const moved = await applyAction(caseWorkflow, {
      model: Case as never,
      id,
      scope: scopeFor(actor, 'case'),
      action: body.action,
      input: body.input ?? {},
      expectedVersion: body.expectedVersion,
      actor,
    });
    await runCaseTransitionHooks(moved.entity as never, moved.event, actor);
    return moved;
  });
  return { case: result.entity, event: result.event, allowedActions: result.allowedActions };
}

/** Each item in its own transaction: one item's refusal never undoes another's success. */
export async function bulkTransition(
  actor: Actor,
  body: { action: string; input: Record<string, unknown>; items: { id: number; expectedVersion: number }[] },
) {
  if (PLACEMENT_ACTIONS.has(body.action)) await requireActiveAgency(actor);
  const results = [];
  for (const item of body.items) {
    try {
      const r = await transitionCase(actor, item.id, {
        action: body.action,
        input: body.input,
        expectedVersion: item.expectedVersion,
      });
      results.push({
        id: item.id,
        ok: true,
        status: 200,
        case: { id: item.id, state: r.case.state, version: r.case.version },
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      results.push({
        id: item.id,
        ok: false,
        status: err.status,
        error: { code: err.code, message: err.message, details: err.details },
      });
    }
  }
  return {
    action: body.action,
    succeeded: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    results,
  };
}

/** Records the dated facts the departure checks read; audited, and the version moves so open forms refresh. */
export async function updateCaseFacts(actor: Actor, id: number, input: CaseFactsInput) {
  await inTransaction(async (transaction) => {
    const c = await Case.findOne({ where: scoped(actor, 'case', { id }), transaction, lock: transaction.LOCK.UPDATE });
    if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
    // R21: the residence notice follows the return (the CHECK on cases says the same)
    if (input.residenceNotifiedOn && (!c.returnedOn || input.residenceNotifiedOn < c.returnedOn))
      throw new ValidationError([
        {
          path: 'residenceNotifiedOn',
          message: c.returnedOn
            ? `Ngày thông báo cư trú không được trước ngày về nước (${formatDateVi(c.returnedOn)})`
            : 'Chỉ ghi ngày thông báo cư trú sau khi người lao động đã về nước',
        },
      ]);
    const before = {
      plannedDepartureOn: c.plannedDepartureOn,
      residenceNotifiedOn: c.residenceNotifiedOn,
    };
    await c.update({ ...input, version: c.version + 1 }, { transaction });
    await recordAudit(
      { actor, action: 'case.facts_recorded', entity: 'case', entityId: id, before, after: { ...input } },
      transaction,
    );
    // the planned departure and the Fund date move the R13 and papers obligations
    await refreshCaseObligations(id);
  });
  return getCase(actor, id);
}

/**
 * Records that the agency updated the worker database for these cases on a day (R17, confirmed on the departures
 * report), in the caller's transaction; their departure and monthly updates are met up to that day. A later date
 * never moves back: an older confirmation leaves a newer one in place.
 */
export async function recordDatabaseUpdate(actor: Actor, caseIds: number[], on: string): Promise<void> {
  if (!caseIds.length) return;
  await inTransaction(async (transaction) => {
    const cases = await Case.findAll({
      where: scoped(actor, 'case', { id: caseIds }),
      transaction,
      lock: transaction.LOCK.UPDATE,
      order: [['id', 'ASC']],
    });
    for (const c of cases) {
      if (c.databaseUpdatedOn !== null && c.databaseUpdatedOn >= on) continue;
      const before = { databaseUpdatedOn: c.databaseUpdatedOn };
      await c.update({ databaseUpdatedOn: on }, { transaction });
      await refreshCaseObligations(Number(c.id));
      await recordAudit(
        {
          actor,
          action: 'case.database_updated',
          entity: 'case',
          entityId: Number(c.id),
          before,
          after: { databaseUpdatedOn: on },
        },
        transaction,
      );
    }
  });
}

/** The open cases of a worker (their papers' obligations follow a paper recorded or replaced). */
export async function refreshWorkerCaseObligations(workerId: number): Promise<void> {
  const rows = await select<{ id: string }>(
    "SELECT id FROM cases WHERE worker_id = $1 AND state NOT IN ('closed', 'withdrawn', 'rejected')",
    [workerId],
  );
  for (const r of rows) await refreshCaseObligations(Number(r.id));
}

/**
 * The WHERE text restricting cases (aliased "Case") to the actor's scope, for another module's single-statement
 * read (the R17 departure list). A role without a scope rule sees nothing: it fails closed.
 */
export function caseScopeSql(actor: Actor, where: WhereOptions = {}): string {
  return whereSql(Case as never, scoped(actor, 'case', where));
}

export async function caseEvents(actor: Actor, id: number) {
  await findScoped(actor, id);
  return listEvents(caseWorkflow, id);
}

export { allowedActions };

/** The job category of a case's job order (the orientation certificate of a course without one takes it). */
export async function caseJobCategory(caseId: number): Promise<string | null> {
  const [row] = await select<{ job_category: string }>(
    'SELECT o.job_category FROM cases c JOIN job_order_terms o ON o.id = c.job_order_id WHERE c.id = $1',
    [caseId],
  );
  return row?.job_category ?? null;
}

/**
 * Gives cases to a staff member of their agency, or to nobody (null): audited per case. The version does not move
 * (an assignment changes no fact a form shows). Only the actor's agency's staff can be given cases.
 */
export async function assignCases(actor: Actor, ids: number[], userId: number | null): Promise<number> {
  if (!ids.length) return 0;
  if (userId !== null) {
    const staff = actor.agencyId ? await agencyStaff(actor.agencyId) : [];
    if (!staff.some((s) => s.id === userId))
      throw new ValidationError([
        { path: 'userId', message: 'Chỉ giao được cho nhân viên đang làm việc của doanh nghiệp' },
      ]);
  }
  return inTransaction(async (transaction) => {
    const cases = await Case.findAll({
      where: scoped(actor, 'case', { id: ids }),
      transaction,
      lock: transaction.LOCK.UPDATE,
      order: [['id', 'ASC']],
    });
    for (const c of cases) {
      if ((c.assigneeUserId ?? null) === userId) continue;
      const before = { assigneeUserId: c.assigneeUserId ?? null };
      await c.update({ assigneeUserId: userId }, { transaction });
      await recordAudit(
        {
          actor,
          action: 'case.assigned',
          entity: 'case',
          entityId: Number(c.id),
          before,
          after: { assigneeUserId: userId },
        },
        transaction,
      );
    }
    return cases.length;
  });
}

/**
 * A case in the actor's scope, locked FOR UPDATE in the caller's transaction: the money module's entries on one case
 * serialise on it (two refunds racing for the same deposit), as every transition of the case does. Null outside scope.
 */
export async function lockCase(actor: Actor, id: number) {
  return inTransaction(async (transaction) => {
    const c = await Case.findOne({ where: scoped(actor, 'case', { id }), transaction, lock: transaction.LOCK.UPDATE });
    return c ? (c.get({ plain: true }) as Case['_attributes'] & { id: number }) : null;
  });
}
