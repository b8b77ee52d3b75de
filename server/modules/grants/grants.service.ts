// Support grant applications: the eligibility preview, creating and submitting an application with its claims, the
// queues (province by deadline, commune waiting for certification, agency and worker their own), the detail with its
// explanation, the budgets and the eligible areas.
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { roleHas } from '../../shared/auth/permissions';
import { decideOne } from './grants.decisions';
import { lockBudget } from './grants.budget';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor, scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { today } from '../../shared/clock';
import { maskCccd } from '../../shared/cccd';
import { applyAction, allowedActions, listEvents } from '../../shared/workflow';
import { obligationsOf } from '../../shared/obligations';
import { pageBlock } from '../../shared/paging';
import { Case } from '../cases';
import { GrantApplication } from './grants.model';
import { grantWorkflow, saveAmounts } from './grants.workflow';
import { claimsOf, evaluate, evaluateAll } from './grants.facts';
import { PROGRAMMES, type Item } from './grants.rules';

defineScope('grant_application', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'agency_staff' && actor.agencyId) return { agencyId: actor.agencyId };
  if (actor.role === 'worker' && actor.workerId) return { workerId: actor.workerId };
  if (actor.role === 'commune_officer' && actor.communeCode) return { communeCode: actor.communeCode };
  if (actor.role === 'province_officer' && actor.provinceCode) return { provinceCode: actor.provinceCode };
  return 'none';
});

export interface ApplyInput {
  caseId: number;
  programme?: string;
  declaredGroups?: string[];
  claims: { item: Item; quantity: number; claimedVnd: number; evidence?: string }[];
}

/** The case the applicant may apply for: her own (worker), the agency's, or a resident's (commune). */
async function caseFor(actor: Actor, caseId: number) {
  const c = await Case.findOne({ where: scoped(actor, 'case', { id: caseId }) });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  return c;
}

/** Both programmes for a case: each criterion, the group, and what each claimed item would be (or a first look). */
export async function eligibilityFor(actor: Actor, caseId: number, claims: ApplyInput['claims'] = []) {
  const c = await caseFor(actor, caseId);
  const on = today();
  // one read of her facts, both programmes judged on it
  const evs = await evaluateAll(
    {
      workerId: Number(c.workerId),
      caseId,
      on,
      claims: claims.map((x) => ({ item: x.item, quantity: x.quantity, claimedVnd: BigInt(x.claimedVnd) })),
    },
    PROGRAMMES,
  );
  const out = evs.map((ev, i) => ({
    programme: PROGRAMMES[i]!,
    name: ev.facts.programme.name,
    eligible: ev.criteria.every((k) => k.ok),
    criteria: ev.criteria,
    group: ev.group,
    claims: ev.claims.map((x) => ({ ...x, allowedVnd: Number(x.allowedVnd) })),
    allowedVnd: Number(ev.allowedVnd),
  }));
  return { caseId, workerId: Number(c.workerId), programmes: out };
}

/**
 * Creates an application with its claims and submits it at once (the worker in the portal, her agency, or her
 * commune). The programme, when not named, is the one that gives her the most (R26's most favourable, across
 * programmes). One open application per case and programme.
 */
export async function apply(actor: Actor, input: ApplyInput) {
  const c = await caseFor(actor, input.caseId);
  const claims = input.claims.map((x) => ({ item: x.item, quantity: x.quantity, claimedVnd: BigInt(x.claimedVnd) }));
  const on = today();
  let programme = input.programme;
  if (!programme) {
    let best = -1n;
    const evs = await evaluateAll({ workerId: Number(c.workerId), caseId: input.caseId, on, claims }, PROGRAMMES);
    evs.forEach((ev, i) => {
      const score = ev.criteria.every((k) => k.ok || k.key === 'household' || k.key === 'group') ? ev.allowedVnd : -1n;
      if (score > best) {
        best = score;
        programme = PROGRAMMES[i];
      }
    });
  }
  const ev = await evaluate({
    workerId: Number(c.workerId),
    caseId: input.caseId,
    programme: programme!,
    on,
    declaredGroups: input.declaredGroups,
    claims,
  });
  if (!ev.worker.provinceCode)
    throw new ValidationError([
      { path: 'caseId', message: 'Người lao động chưa có nơi cư trú: không xác định được tỉnh xét hỗ trợ' },
    ]);
  try {
    const id = await inTransaction(async () => {
      const app = await GrantApplication.create({
        workerId: Number(c.workerId),
        caseId: input.caseId,
        agencyId: Number(c.agencyId),
        programmeCode: programme!,
        beneficiaryGroup: ev.group?.group ?? 'pending',
        provinceCode: ev.worker.provinceCode!,
        communeCode: ev.worker.communeCode,
        nextDeadlineOn: null,
        nextDeadlineRule: null,
        fiscalYear: null,
        fundingSource: null,
        approvedVnd: null,
        claimedVnd: String(ev.claimedVnd),
        allowedVnd: String(ev.allowedVnd),
        eligibility: ev.criteria,
        createdByUserId: actor.userId,
        submittedByUserId: null,
        submittedOn: null,
        certifiedByUserId: null,
        certifiedOn: null,
        decidedByUserId: null,
        decidedOn: null,
        returnReason: null,
        rejectReason: null,
      });
      for (const x of input.claims)
        await execute(
          'INSERT INTO grant_claims (grant_application_id, item, quantity, claimed_vnd, evidence) VALUES ($1, $2, $3, $4, $5)',
          [app.id, x.item, x.quantity, x.claimedVnd, x.evidence ?? null],
        );
      await saveAmounts(Number(app.id), ev);
      await recordAudit({
        actor,
        action: 'grant.created',
        entity: 'grant_application',
        entityId: Number(app.id),
        after: { caseId: input.caseId, programme },
      });
      await applyAction(grantWorkflow, {
        model: GrantApplication as never,
        id: Number(app.id),
        scope: {},
        action: 'submit',
        input: {},
        expectedVersion: app.version,
        actor,
      });
      return Number(app.id);
    });
    return getApplication(actor, id);
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('Hồ sơ này đã có một đề nghị hỗ trợ đang xử lý trong chương trình này', {
        reason: 'ALREADY_APPLIED',
      });
    throw err;
  }
}

export async function transitionApplication(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  // approval is a decision (issue 19): a decision of one line, with its number, taken inline
  if (body.action === 'approve') {
    const approve = grantWorkflow.transitions.find((t) => t.action === 'approve')!;
    if (!roleHas(actor.role, approve.permission)) throw new ForbiddenError();
    const a = await GrantApplication.findOne({ where: scoped(actor, 'grant_application', { id }) });
    if (!a) throw new NotFoundError('Không tìm thấy đề nghị hỗ trợ');
    const input = check(approve.input!, body.input ?? {}) as { source: 'central' | 'local' };
    const d = await decideOne(actor, id, body.expectedVersion, input.source);
    const app = await GrantApplication.findByPk(id);
    const plain = { ...app!.get({ plain: true }), id };
    return {
      application: plain,
      decision: d,
      event: null,
      allowedActions: allowedActions(grantWorkflow, plain as never, actor),
    };
  }
  const r = await applyAction(grantWorkflow, {
    model: GrantApplication as never,
    id,
    scope: scopeFor(actor, 'grant_application'),
    action: body.action,
    input: body.input ?? {},
    expectedVersion: body.expectedVersion,
    actor,
  });
  return { application: r.entity, event: r.event, allowedActions: r.allowedActions };
}

/** One application with its explanation (re-evaluated now unless decided), claims, deadline and timeline. */
export async function getApplication(actor: Actor, id: number) {
  const a = await GrantApplication.findOne({ where: scoped(actor, 'grant_application', { id }) });
  if (!a) throw new NotFoundError('Không tìm thấy đề nghị hỗ trợ');
  const p = a.get({ plain: true });
  const decided = ['approved', 'rejected', 'paid', 'closed'].includes(p.state);
  const claims = await select<{
    item: Item;
    quantity: number;
    claimed_vnd: string;
    allowed_vnd: string;
    arithmetic: string[];
    evidence: string | null;
  }>(
    'SELECT item, quantity, claimed_vnd, allowed_vnd, arithmetic, evidence FROM grant_claims WHERE grant_application_id = $1 ORDER BY id',
    [id],
  );
  const ev = decided
    ? null
    : await evaluate({
        workerId: Number(p.workerId),
        caseId: Number(p.caseId),
        programme: p.programmeCode,
        provinceCode: p.provinceCode,
        on: today(),
        claims: await claimsOf(id),
        applicationId: id,
      });
  const [w] = await select<{ full_name: string; cccd: string }>(
    'SELECT full_name, cccd FROM worker_directory WHERE id = $1',
    [p.workerId],
  );
  return {
    ...p,
    id: Number(p.id),
    stateLabel: grantWorkflow.states[p.state as keyof typeof grantWorkflow.states].label,
    workerName: w?.full_name ?? '',
    workerCccdMasked: w ? maskCccd(w.cccd) : '',
    criteria: ev ? ev.criteria : (p.eligibility as typeof ev extends null ? never : unknown[]),
    group: ev?.group ?? null,
    claims: claims.map((c, i) => ({
      item: c.item,
      quantity: c.quantity,
      claimedVnd: Number(c.claimed_vnd),
      allowedVnd: ev ? Number(ev.claims[i]?.allowedVnd ?? 0) : Number(c.allowed_vnd),
      arithmetic: ev ? (ev.claims[i]?.arithmetic ?? []) : c.arithmetic,
      evidence: c.evidence,
    })),
    allowedNowVnd: ev ? Number(ev.allowedVnd) : Number(p.approvedVnd ?? p.allowedVnd),
    decision: p.decisionId ? await decisionOf(Number(p.decisionId)) : null,
    obligations: await obligationsOf({ type: 'grant_application', id }),
    allowedActions: allowedActions(grantWorkflow, { ...p, id: Number(p.id) } as never, actor),
    events: await listEvents(grantWorkflow, id),
  };
}

/** The decision an application belongs to: its number and status (the number once issued). */
async function decisionOf(id: number) {
  const [d] = await select<{ status: string; number_text: string | null; decided_on: string | null }>(
    `SELECT d.status, doc.number_text, d.decided_on FROM grant_decisions d LEFT JOIN document_register doc ON doc.id = d.document_id
     WHERE d.id = $1`,
    [id],
  );
  return d ? { id, status: d.status, numberText: d.number_text, decidedOn: d.decided_on } : null;
}

/** The scope rule of 'grant_application' as SQL on the alias g; a role without one sees nothing (fails closed). */
function grantScopeSql(actor: Actor, params: unknown[]): string {
  const add = (col: string, v: unknown) => {
    params.push(v);
    return `${col} = $${params.length}`;
  };
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'agency_staff' && actor.agencyId) return add('g.agency_id', actor.agencyId);
  if (actor.role === 'worker' && actor.workerId) return add('g.worker_id', actor.workerId);
  if (actor.role === 'commune_officer' && actor.communeCode) return add('g.commune_code', actor.communeCode);
  if (actor.role === 'province_officer' && actor.provinceCode) return add('g.province_code', actor.provinceCode);
  return 'FALSE';
}

export interface QueueQuery {
  state?: string;
  programme?: string;
  page: number;
  pageSize: number;
}

/** The applications in the actor's scope, earliest deadline first (the province queue; the commune's; the agency's). */
export async function listApplications(actor: Actor, q: QueueQuery) {
  const params: unknown[] = [];
  const where: string[] = [grantScopeSql(actor, params)];
  if (q.state) {
    params.push(q.state);
    where.push(`g.state = $${params.length}`);
  }
  if (q.programme) {
    params.push(q.programme);
    where.push(`g.programme_code = $${params.length}`);
  }
  // the page's ids first, from the scope's deadline index (an index-only skip of the earlier pages), then their rows:
  // page 50 no longer reads and joins the 980 rows before it (bench/RESULTS.md, grants-queue-p50)
  const sql = `SELECT g.id, g.state, g.programme_code, g.beneficiary_group, g.next_deadline_on, g.allowed_vnd, g.approved_vnd,
      g.submitted_on, w.full_name, w.cccd
    FROM (SELECT g.id FROM grant_applications g WHERE ${where.join(' AND ')}
          ORDER BY g.next_deadline_on ASC NULLS LAST, g.id ASC
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}) p
    JOIN grant_applications g ON g.id = p.id JOIN worker_directory w ON w.id = g.worker_id
    ORDER BY g.next_deadline_on ASC NULLS LAST, g.id ASC`;
  const rows = await select<{
    id: string;
    state: string;
    programme_code: string;
    beneficiary_group: string;
    next_deadline_on: string | null;
    allowed_vnd: string;
    approved_vnd: string | null;
    submitted_on: string | null;
    full_name: string;
    cccd: string;
  }>(sql, params);
  const [{ n }] = await select<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM grant_applications g WHERE ${where.join(' AND ')} LIMIT 10001) x`,
    params,
  );
  return {
    data: rows.map((r) => ({
      id: Number(r.id),
      state: r.state,
      stateLabel: grantWorkflow.states[r.state as keyof typeof grantWorkflow.states]?.label ?? r.state,
      programme: r.programme_code,
      group: r.beneficiary_group,
      nextDeadlineOn: r.next_deadline_on,
      allowedVnd: Number(r.allowed_vnd),
      approvedVnd: r.approved_vnd === null ? null : Number(r.approved_vnd),
      submittedOn: r.submitted_on,
      workerName: r.full_name,
      workerCccdMasked: maskCccd(r.cccd),
    })),
    page: pageBlock(q, n),
  };
}

// ---- budgets
function budgetProvince(actor: Actor, provinceCode?: string): string {
  if (actor.role === 'province_officer') {
    if (provinceCode && provinceCode !== actor.provinceCode) throw new NotFoundError('Không tìm thấy dự toán');
    return actor.provinceCode!;
  }
  if (actor.role === 'admin' && provinceCode) return provinceCode;
  throw new ForbiddenError('Chỉ cán bộ tỉnh quản lý dự toán hỗ trợ');
}

/** The budgets of the actor's province (an admin: of the province asked for, or of every province). */
export async function listBudgets(actor: Actor, provinceCode?: string) {
  const province = actor.role === 'admin' && !provinceCode ? null : budgetProvince(actor, provinceCode);
  const rows = await select<{
    province_code: string;
    fiscal_year: number;
    programme_code: string;
    name: string;
    source: string;
    allocated_vnd: string;
    committed_vnd: string;
    paid_vnd: string;
  }>(
    `SELECT b.province_code, b.fiscal_year, b.programme_code, p.name, b.source, b.allocated_vnd, b.committed_vnd, b.paid_vnd
     FROM grant_budgets b JOIN grant_programmes p ON p.code = b.programme_code
     WHERE ($1::text IS NULL OR b.province_code = $1)
     ORDER BY b.province_code, b.fiscal_year DESC, b.programme_code, b.source LIMIT 2000`,
    [province],
  );
  return rows.map((r) => {
    const allocated = Number(r.allocated_vnd);
    const committed = Number(r.committed_vnd);
    const paid = Number(r.paid_vnd);
    return {
      provinceCode: r.province_code,
      fiscalYear: r.fiscal_year,
      programme: r.programme_code,
      programmeName: r.name,
      source: r.source,
      allocatedVnd: allocated,
      committedVnd: committed,
      paidVnd: paid,
      availableVnd: allocated - committed - paid,
      /** the share committed or paid, for the alerts (warn at 90 %) */
      committedShare: allocated ? (committed + paid) / allocated : 0,
    };
  });
}

/** Sets a budget's allocation (never below what is already committed and paid: the CHECK says the same). */
export async function setBudget(
  actor: Actor,
  b: {
    provinceCode?: string;
    fiscalYear: number;
    programme: string;
    source: 'central' | 'local';
    allocatedVnd: number;
  },
) {
  const province = budgetProvince(actor, b.provinceCode);
  await inTransaction(async () => {
    const row = await lockBudget({
      provinceCode: province,
      fiscalYear: b.fiscalYear,
      programme: b.programme,
      source: b.source,
    });
    if (row && BigInt(row.committed_vnd) + BigInt(row.paid_vnd) > BigInt(b.allocatedVnd))
      throw new ValidationError([
        {
          path: 'allocatedVnd',
          message: `Dự toán không được thấp hơn số đã cam kết và đã chi (${(BigInt(row.committed_vnd) + BigInt(row.paid_vnd)).toLocaleString('vi-VN')} đồng)`,
        },
      ]);
    await execute(
      `INSERT INTO grant_budgets (province_code, fiscal_year, programme_code, source, allocated_vnd, updated_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (province_code, fiscal_year, programme_code, source)
       DO UPDATE SET allocated_vnd = EXCLUDED.allocated_vnd, updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
      [province, b.fiscalYear, b.programme, b.source, b.allocatedVnd, actor.userId],
    );
    await recordAudit({
      actor,
      action: 'grant_budget.set',
      entity: 'grant_budget',
      entityId: `${province}:${b.fiscalYear}:${b.programme}:${b.source}`,
      before: row ? { allocatedVnd: Number(row.allocated_vnd) } : null,
      after: { allocatedVnd: b.allocatedVnd },
    });
  });
  return listBudgets(actor, province);
}

// ---- eligible areas (MTQG)
/** The eligible areas: an officer's province (a commune officer's own commune and old districts); a public list else. */
export async function listAreas(actor: Actor) {
  const officer = actor.role === 'province_officer' || actor.role === 'commune_officer';
  const province = officer ? actor.provinceCode : null;
  if (officer && !province) throw new ForbiddenError();
  const rows = await select<{
    id: string;
    province_code: string;
    commune_code: string | null;
    kind: string;
    old_province_name: string | null;
    old_district_name: string | null;
    old_commune_name: string | null;
    note: string | null;
  }>(
    `SELECT id, province_code, commune_code, kind, old_province_name, old_district_name, old_commune_name, note
     FROM grant_eligible_areas WHERE ($1::text IS NULL OR province_code = $1)
       AND ($2::text IS NULL OR commune_code = $2 OR commune_code IS NULL)
     ORDER BY kind, old_district_name, commune_code LIMIT 2000`,
    [province, actor.role === 'commune_officer' ? actor.communeCode : null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    provinceCode: r.province_code,
    communeCode: r.commune_code,
    kind: r.kind,
    oldProvinceName: r.old_province_name,
    oldDistrictName: r.old_district_name,
    oldCommuneName: r.old_commune_name,
    note: r.note,
  }));
}

export async function addArea(
  actor: Actor,
  a: {
    kind: 'poor_district' | 'coastal_commune';
    communeCode?: string;
    oldProvinceName?: string;
    oldDistrictName?: string;
    oldCommuneName?: string;
    note?: string;
  },
) {
  const province = actor.role === 'province_officer' ? actor.provinceCode! : null;
  if (!province) throw new ForbiddenError('Chỉ cán bộ tỉnh quản lý danh sách địa bàn');
  if (a.communeCode) {
    const [c] = await select<{ province_code: string }>('SELECT province_code FROM communes WHERE code = $1', [
      a.communeCode,
    ]);
    if (!c || c.province_code !== province)
      throw new ValidationError([{ path: 'communeCode', message: 'Xã không thuộc tỉnh của bạn' }]);
  }
  try {
    await execute(
      `INSERT INTO grant_eligible_areas (province_code, commune_code, kind, old_province_name, old_district_name, old_commune_name, note, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        province,
        a.communeCode ?? null,
        a.kind,
        a.oldProvinceName ?? null,
        a.oldDistrictName ?? null,
        a.oldCommuneName ?? null,
        a.note ?? null,
        actor.userId,
      ],
    );
  } catch (err) {
    if (
      err instanceof UniqueConstraintError ||
      (err as { code?: string }).code === '23505' ||
      (err as { original?: { code?: string } }).original?.code === '23505'
    )
      throw new ConflictError('Xã này đã có trong danh sách');
    throw err;
  }
  await recordAudit({
    actor,
    action: 'grant_area.added',
    entity: 'grant_area',
    entityId: a.communeCode ?? a.oldDistrictName ?? '',
    after: a,
  });
  return listAreas(actor);
}

export { claimsOf };

/** A worker's cases that support could be for (contract signed, not yet closed), newest first. */
export async function workerOpenCases(workerId: number) {
  const rows = await select<{ id: string; code: string; state: string }>(
    `SELECT id, code, state FROM case_placements WHERE worker_id = $1
       AND state IN ('selected', 'contract_signed', 'visa_processing', 'ready_to_depart', 'departed') ORDER BY id DESC LIMIT 5`,
    [workerId],
  );
  return rows.map((r) => ({ id: Number(r.id), code: r.code, state: r.state }));
}
