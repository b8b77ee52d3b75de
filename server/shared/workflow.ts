// One engine for every workflow (job orders first; cases and grant applications later). A workflow is data:
// states and transitions with their permission, guards, input schema and effects (ARCHITECTURE.md, Workflows).
// The engine joins the caller's transaction (a ledger entry and a transition, a batch approval and its numbered
// decision commit together), keeps the subject's obligations current, and writes each effect as a durable job in
// that same transaction.
import type Joi from 'joi';
import { UniqueConstraintError, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import { inTransaction, sequelize } from '../db/sequelize';
import { now, today } from './clock';
import { ConflictError, ForbiddenError, NotFoundError, RulesViolatedError } from './errors';
import { check } from './validate';
import { roleHas, type Actor, type Permission } from './auth/permissions';
import { ruleWords, withPolicyData, type Verdict } from './rules';
import { formatDateTimeVi } from './dates';
import { formFields, inputInWords } from './forms';
import { enqueue } from './queue';
import {
  syncObligations,
  type ObligationSpec,
  type SubjectScope,
  type SubjectType,
  type WhoseMove,
} from './obligations';

export type { WhoseMove };

export interface StateDef {
  label: string;
  whoseMove: WhoseMove;
  terminal: boolean;
  /** the worker sees this state in the portal (and is told when her case reaches it) */
  portalVisible: boolean;
  /** a sentence for the worker about this stage (plain words, no codes) */
  portalText?: string;
}

/** A durable effect of a transition: a job written in the transition's transaction, idempotent by its key. */
export interface EffectDef<E> {
  job: string;
  /** the job's idempotency key (e.g. 'case-stage:<event id>') */
  key: (entity: E, event: WorkflowEvent) => string;
  data: (entity: E, event: WorkflowEvent) => object;
  /** only when this says so (e.g. the new state is one the worker sees) */
  when?: (entity: E, event: WorkflowEvent) => boolean;
}

/** What a workflow's obligations hook receives: the entity as it is now written, in the transition's transaction. */
export interface ObligationContext<E> {
  entity: E;
  transaction: Transaction;
}

export interface GuardContext<E> {
  entity: E;
  input: Record<string, unknown>;
  actor: Actor;
  /** the date the verdicts are computed at: today, or the event date the input records */
  date: string;
  transaction?: Transaction;
  /**
   * What the calling code settled for this entity and passes to the transition, never from a request's input (a
   * support decision gives each approval its judged evaluation, amount and decision id)
   */
  context?: unknown;
}

export interface Guard<E> {
  name: string;
  /** its verdicts depend on the action's input (a new end date, a date sent): checked on submit, not in previews */
  needsInput?: boolean;
  /** the rule ids it checks, for pages that say what is checked on submit */
  rules?: string[];
  /** rows the guard needs locked (FOR UPDATE) before any guard runs, e.g. the job order when counting places */
  lock?: (ctx: GuardContext<E> & { transaction: Transaction }) => Promise<void>;
  check: (ctx: GuardContext<E>) => Promise<Verdict[]> | Verdict[];
}

export interface TransitionDef<E, S extends string> {
  action: string;
  label: string;
  from: readonly S[];
  to: S;
  permission: Permission;
  guards: Guard<E>[];
  input?: Joi.ObjectSchema;
  /** the decision date for this action's verdicts (default: today) */
  decisionDate?: (input: Record<string, unknown>) => string | undefined;
  /** extra columns written with the new state (may read or write related rows in the same transaction) */
  apply?: (
    ctx: GuardContext<E> & { transaction: Transaction },
  ) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * The action records what already happened (a departure): failing verdicts do not block it when the input
   * gives an `overrideReason`; they are stored in the event so reports never miss it.
   */
  overridable?: boolean;
  /** durable effects of this action (jobs written with the transition) */
  effects?: EffectDef<E>[];
  /**
   * A destructive or final action: what will happen, in words. Pages ask for confirmation before sending it (a
   * confirmation page, or a dialog where scripts run); the API does not ask.
   */
  confirm?: string;
}

export interface Workflow<E, S extends string> {
  name: string;
  states: Record<S, StateDef>;
  transitions: TransitionDef<E, S>[];
  events: { table: string; foreignKey: string };
  /**
   * The subject's obligations after each transition (pure rules over its facts, the policies and the working-day
   * calendar, gathered by the owning module); the engine keeps the obligations table equal to them and writes the
   * earliest open one into next_deadline_on / next_deadline_rule, and the state's whose_move.
   */
  obligations?: {
    subjectType: SubjectType;
    compute: (ctx: ObligationContext<E>) => Promise<{ specs: ObligationSpec[]; scope: SubjectScope }>;
  };
  /** durable effects of every transition of this workflow */
  effects?: EffectDef<E>[];
  /** what a unique-index refusal of a transition means for this entity */
  uniqueConflictMessage?: string;
}

export interface WorkflowEvent {
  id: number;
  at: string;
  actorUserId: number;
  action: string;
  fromState: string;
  toState: string;
  input: Record<string, unknown>;
  verdicts: Verdict[];
  policyIds: number[];
}

export interface Stateful {
  id: number;
  state: string;
  version: number;
}

export function allowedActions<E extends Stateful, S extends string>(wf: Workflow<E, S>, entity: E, actor: Actor) {
  return wf.transitions
    .filter((t) => (t.from as readonly string[]).includes(entity.state) && roleHas(actor.role, t.permission))
    .map((t) => ({ action: t.action, label: t.label, to: t.to }));
}

/** Every guard's verdicts for the actions allowed now, without writing anything (for pages and previews). */
export async function previewActions<E extends Stateful, S extends string>(
  wf: Workflow<E, S>,
  entity: E,
  actor: Actor,
  input: Record<string, unknown> = {},
) {
  const out = [];
  for (const a of allowedActions(wf, entity, actor)) {
    const t = wf.transitions.find((x) => x.action === a.action)!;
    // with no input yet, only the verdicts the page can know already: guards that read the input wait for submit
    const known = Object.keys(input).length ? t.guards : t.guards.filter((g) => !g.needsInput);
    const ctx: GuardContext<E> = { entity, input, actor, date: t.decisionDate?.(input) ?? today() };
    const verdicts = await runGuards(known, ctx);
    out.push({
      ...a,
      verdicts,
      blocked: verdicts.some((v) => !v.ok),
      overridable: t.overridable === true,
      checkedOnSubmit: [
        ...new Set(t.guards.filter((g) => g.needsInput).flatMap((g) => (g.rules ?? []).map(ruleWords))),
      ],
    });
  }
  return out;
}

/** Every guard's verdicts; a policy value missing at the decision date is a DATA verdict, never a crash. */
async function runGuards<E>(guards: Guard<E>[], ctx: GuardContext<E>): Promise<Verdict[]> {
  // NOTE: one guard after the other: inside a transition they share the transaction's one connection.
  const out: Verdict[] = [];
  for (const g of guards) out.push(...(await withPolicyData(() => g.check(ctx))));
  return out;
}

interface ApplyOptions<E> {
  model: ModelStatic<Model & E>;
  id: number;
  /** the actor's scope for this entity (scopeFor); an id outside it answers 404 */
  scope: WhereOptions;
  action: string;
  input: Record<string, unknown>;
  expectedVersion: number;
  actor: Actor;
  /** the caller's facts for this entity's transition (GuardContext.context); not part of the event's input */
  context?: unknown;
}

/**
 * Applies one action in one transaction (the caller's when there is one): lock the row, check the version, the
 * action, the permission and the input; lock what guards need; run every guard; write state and version + 1;
 * append the event; effects after commit. Every query of a guard or hook runs in that transaction: it travels in
 * the request context (server/shared/context.ts), so none can wait on a second pooled connection.
 */
export async function applyAction<E extends Stateful, S extends string>(wf: Workflow<E, S>, o: ApplyOptions<E>) {
  return inTransaction(async (transaction) => {
    const row = await o.model.findOne({
      where: { ...(o.scope as object), id: o.id } as WhereOptions,
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!row) throw new NotFoundError();
    const entity = row.get({ plain: true }) as E;
    if (entity.version !== o.expectedVersion) {
      throw new ConflictError('Hồ sơ đã được người khác thay đổi. Vui lòng tải lại và thử lại.', {
        reason: 'STALE_VERSION',
        currentVersion: entity.version,
      });
    }
    const t = wf.transitions.find((x) => x.action === o.action);
    if (!t || !(t.from as readonly string[]).includes(entity.state)) {
      throw new ConflictError('Thao tác này không thực hiện được ở trạng thái hiện tại', {
        reason: 'ACTION_NOT_ALLOWED',
        state: entity.state,
        allowedActions: allowedActions(wf, entity, o.actor).map((a) => a.action),
      });
    }
    if (!roleHas(o.actor.role, t.permission)) throw new ForbiddenError();
    const input = t.input ? (check(t.input, o.input ?? {}) as Record<string, unknown>) : {};
    const ctx = {
      entity,
      input,
      actor: o.actor,
      date: t.decisionDate?.(input) ?? today(),
      transaction,
      context: o.context,
    };
    for (const g of t.guards) await g.lock?.(ctx);
    const verdicts = await runGuards(t.guards, ctx);
    const failing = verdicts.filter((v) => !v.ok);
    const overridden =
      failing.length > 0 &&
      t.overridable === true &&
      typeof input.overrideReason === 'string' &&
      input.overrideReason.trim().length >= 5;
    if (failing.length && !overridden) throw new RulesViolatedError(failing, 'Không thực hiện được: vi phạm quy định');

    const fromState = entity.state;
    const changes: Record<string, unknown> = {
      ...((await t.apply?.(ctx)) ?? {}),
      state: t.to,
      version: entity.version + 1,
    };
    if (wf.obligations) Object.assign(changes, { whoseMove: wf.states[t.to].whoseMove });
    try {
      await row.update(changes as never, { transaction });
    } catch (err) {
      // a partial unique index refusing the new state (e.g. one place per worker) is a conflict, not a crash
      if (err instanceof UniqueConstraintError)
        throw new ConflictError(wf.uniqueConflictMessage ?? 'Xung đột với một hồ sơ khác', {
          reason: 'UNIQUE_CONFLICT',
        });
      throw err;
    }
    const policyIds = [...new Set(verdicts.flatMap((v) => v.policyIds))];
    const at = now();
    const [rows] = await sequelize().query(
      `INSERT INTO ${wf.events.table} (${wf.events.foreignKey}, at, actor_user_id, action, from_state, to_state, input, verdicts, policy_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      {
        bind: [
          o.id,
          at,
          o.actor.userId,
          t.action,
          fromState,
          t.to,
          JSON.stringify(input),
          JSON.stringify(verdicts),
          policyIds,
        ],
        transaction,
      },
    );
    const event: WorkflowEvent = {
      id: Number((rows as { id: string }[])[0].id),
      at: at.toISOString(),
      actorUserId: o.actor.userId,
      action: t.action,
      fromState,
      toState: t.to,
      input,
      verdicts,
      policyIds,
    };
    if (wf.obligations) {
      // after the event: the obligations read the facts as this transition leaves them (a return is a change to report)
      const { specs, scope } = await wf.obligations.compute({ entity: row.get({ plain: true }) as E, transaction });
      const next = await syncObligations({ type: wf.obligations.subjectType, id: o.id }, specs, scope, transaction);
      await row.update({ nextDeadlineOn: next?.dueOn ?? null, nextDeadlineRule: next?.ruleId ?? null } as never, {
        transaction,
      });
    }
    const updated = row.get({ plain: true }) as E;
    for (const effect of [...(wf.effects ?? []), ...(t.effects ?? [])]) {
      if (effect.when && !effect.when(updated, event)) continue;
      await enqueue(effect.job, effect.data(updated, event), { key: effect.key(updated, event), transaction });
    }
    return { entity: updated, event, allowedActions: allowedActions(wf, updated, o.actor) };
  });
}

/**
 * Applies one action to many entities in one transaction (the caller's when there is one): every item succeeds or
 * none does (a batch approval and its one numbered decision, later). Items are taken in id order, so two batches
 * over the same rows lock them in the same order.
 */
export async function applyActions<E extends Stateful, S extends string>(
  wf: Workflow<E, S>,
  o: Omit<ApplyOptions<E>, 'id' | 'expectedVersion' | 'context'> & {
    items: { id: number; expectedVersion: number; context?: unknown }[];
  },
) {
  return inTransaction(async () => {
    const results = [];
    for (const item of [...o.items].sort((a, b) => a.id - b.id))
      results.push(
        await applyAction(wf, { ...o, id: item.id, expectedVersion: item.expectedVersion, context: item.context }),
      );
    return results;
  });
}

/** The append-only history of one entity, with the actor's display name. */
export async function listEvents<E, S extends string>(wf: Workflow<E, S>, entityId: number) {
  const [rows] = await sequelize().query(
    `SELECT e.id::int, e.at, e.actor_user_id::int AS "actorUserId", u.display_name AS "actorName", e.action, e.from_state AS "fromState",
            e.to_state AS "toState", e.input, e.verdicts, e.policy_ids::int[] AS "policyIds"
     FROM ${wf.events.table} e LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.${wf.events.foreignKey} = $1 ORDER BY e.id`,
    { bind: [entityId] },
  );
  return rows;
}

/** Event actions that are not transitions of the table, in words. */
const OTHER_EVENTS: Record<string, string> = {
  create: 'Tạo hồ sơ',
  created: 'Tạo hồ sơ',
  // the job exchange's events that are not transitions of its tables
  post: 'Đăng việc làm',
  introduce: 'Giới thiệu người tìm việc',
  expire: 'Tự đóng khi hết hạn tuyển dụng',
  consent_withdrawn: 'Người tìm việc rút lại sự đồng ý',
};

/**
 * The events as a timeline people read: the action and states by their labels, the moment in Vietnam time
 * (dd/mm/yyyy hh:mm), what the action recorded in words (from its input schema), and each verdict with its rule's
 * words and citation.
 */
export function timeline<E, S extends string>(
  wf: Workflow<E, S>,
  events: {
    id: number;
    at: Date | string;
    actorName?: string | null;
    action: string;
    fromState: string | null;
    toState: string;
    input?: Record<string, unknown> | null;
    verdicts?: Verdict[] | null;
  }[],
) {
  const stateLabel = (s: string | null) => (s ? ((wf.states as Record<string, StateDef>)[s]?.label ?? s) : '');
  return events.map((e) => {
    const t = wf.transitions.find((x) => x.action === e.action);
    return {
      id: e.id,
      atIso: new Date(e.at).toISOString(),
      at: formatDateTimeVi(e.at),
      actorName: e.actorName ?? '',
      actionLabel: t?.label ?? OTHER_EVENTS[e.action] ?? e.action,
      fromLabel: stateLabel(e.fromState),
      toLabel: stateLabel(e.toState),
      moved: e.fromState !== e.toState,
      facts: inputInWords(formFields(t?.input), e.input),
      verdicts: (e.verdicts ?? []).map((v) => ({
        ok: v.ok,
        ruleText: ruleWords(v.ruleId),
        message: v.message,
        citation: v.citation,
      })),
    };
  });
}

/** Mermaid text of the table itself (for the admin page and for copying into documents). */
export function toMermaid<E, S extends string>(wf: Workflow<E, S>): string {
  const lines = ['stateDiagram-v2'];
  for (const [s, def] of Object.entries(wf.states) as [S, StateDef][]) lines.push(`  ${s}: ${def.label}`);
  for (const t of wf.transitions) for (const f of t.from) lines.push(`  ${f} --> ${t.to}: ${t.action}`);
  for (const [s, def] of Object.entries(wf.states) as [S, StateDef][]) if (def.terminal) lines.push(`  ${s} --> [*]`);
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SVG arc diagram drawn from the table: states top to bottom, each transition an arc labelled by its action. */
export function toSvg<E, S extends string>(wf: Workflow<E, S>): string {
  const states = Object.keys(wf.states) as S[];
  const rowH = 56;
  const boxW = 220;
  const left = 20;
  const y = (s: S) => 20 + states.indexOf(s) * rowH + 18;
  const edges = wf.transitions.flatMap((t) => t.from.map((f) => ({ from: f, to: t.to, action: t.action })));
  const width = left + boxW + 60 + edges.length * 28 + 160;
  const height = 40 + states.length * rowH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(wf.name)}" font-family="sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
  ];
  for (const s of states) {
    const def = wf.states[s];
    parts.push(
      `<rect x="${left}" y="${y(s) - 18}" width="${boxW}" height="36" rx="8" fill="${def.terminal ? '#eee' : '#e8f0fe'}" stroke="#1565c0"/>`,
      `<text x="${left + 10}" y="${y(s) - 2}" font-weight="bold">${esc(def.label)}</text>`,
      `<text x="${left + 10}" y="${y(s) + 12}" fill="#555">${esc(s)} · ${esc(def.whoseMove)}</text>`,
    );
  }
  edges.forEach((e, i) => {
    const x = left + boxW + 30 + i * 28;
    const y1 = y(e.from);
    const y2 = y(e.to);
    parts.push(
      `<path d="M${left + boxW},${y1} C${x},${y1} ${x},${y2} ${left + boxW},${y2 + (y1 === y2 ? 10 : 0)}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`,
      `<text x="${x + 2}" y="${(y1 + y2) / 2}" fill="#333">${esc(e.action)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
