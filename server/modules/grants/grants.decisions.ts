// Support decisions (issue 19): a province officer approves many certified applications into one decision with one
// annex. Everything the decision changes is taken in one transaction or not at all: the applications' transitions
// (approve), the awards (once per item per person, R26), the budget commitment (row lock, CHECK), the decision's
// number (the documents counter) and its lines. A list the budget cannot cover is refused whole, with the shortfall
// and the applications that would fit. A batch runs as a durable job: it judges each application first (no lock
// held, the progress counted), then commits in one transaction; a single approval runs the same code inline.
// A decision is corrected only by a new one that supersedes it, its commitments adjusted; payments move the amount
// from committed to paid and write the support_paid entry on the worker's ledger.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RulesViolatedError,
  ValidationError,
} from '../../shared/errors';
import { roleHas, type Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { now, today } from '../../shared/clock';
import { formatMoney } from '../../shared/format';
import { maskCccd } from '../../shared/cccd';
import { verdict, type Verdict } from '../../shared/rules';
import { defineJob, enqueue } from '../../shared/queue';
import { applyActions } from '../../shared/workflow';
import { pageBlock } from '../../shared/paging';
import { issueDocument, revokeDocument } from '../documents';
import { actorOfUser } from '../users';
import { GrantApplication } from './grants.model';
import { grantWorkflow, type DecisionPlan } from './grants.workflow';
import { availableOf, lockBudget, moveBudget } from './grants.budget';
import { claimsOf, evaluate } from './grants.facts';
import { ITEM_LABELS } from './grants.rules';
import { SOURCE_LABELS } from './grants.schemas';
import './grants.templates';

export const DECISION_JOB = 'grants.decision';
export const EXTRACTS_JOB = 'grants.extracts';
export const DECISION_MAX = 500;

type Evaluation = Awaited<ReturnType<typeof evaluate>>;

const STATUS_LABELS: Record<string, string> = {
  queued: 'Đang chờ xử lý',
  checking: 'Đang kiểm tra từng đề nghị',
  committing: 'Đang ghi quyết định',
  issued: 'Đã ban hành',
  refused: 'Không lập được',
  superseded: 'Đã được thay thế',
};

/** Only a province officer decides, for the province's own applications. */
function deciderProvince(actor: Actor): string {
  if (actor.role !== 'province_officer' || !actor.provinceCode || !roleHas(actor.role, 'grants:decide'))
    throw new ForbiddenError('Chỉ cán bộ tỉnh ra quyết định hỗ trợ');
  return actor.provinceCode;
}
/** Who reads decisions: the province's officers; an admin every province's. */
function readerProvince(actor: Actor): string | null {
  if (actor.role === 'admin') return null;
  if (actor.role === 'province_officer' && actor.provinceCode) return actor.provinceCode;
  throw new ForbiddenError('Chỉ cán bộ tỉnh xem quyết định hỗ trợ');
}

interface AppRow {
  id: string;
  worker_id: string;
  case_id: string;
  state: string;
  version: number;
  programme_code: string;
  province_code: string;
  submitted_by_user_id: string | null;
  certified_by_user_id: string | null;
}

const evaluationOf = async (r: AppRow, on: string) =>
  evaluate({
    workerId: Number(r.worker_id),
    caseId: Number(r.case_id),
    programme: r.programme_code,
    provinceCode: r.province_code,
    on,
    claims: await claimsOf(Number(r.id)),
    applicationId: Number(r.id),
  });

const stateLabel = (s: string) => grantWorkflow.states[s as keyof typeof grantWorkflow.states]?.label ?? s;

/** One application's problems for a decision: its state, its province and programme, maker-checker, eligibility. */
function problemsOf(
  actor: Actor,
  r: AppRow,
  programme: string,
  province: string,
  ev: Evaluation | undefined,
  expectedVersion: number | undefined,
): Verdict[] {
  const id = Number(r.id);
  const out: Verdict[] = [];
  const no = (ruleId: string, message: string) =>
    out.push(verdict(ruleId, false, `#${id}: ${message}`, { applicationId: id }));
  if (r.province_code !== province)
    return [verdict('SCOPE', false, `#${id}: không thuộc tỉnh của bạn`, { applicationId: id })];
  if (r.state !== 'certified') no('R27', `đang ở bước «${stateLabel(r.state)}», chưa phải «Chờ tỉnh phê duyệt»`);
  if (expectedVersion !== undefined && r.version !== expectedVersion)
    no('STALE', 'đã được người khác thay đổi trong lúc lập quyết định; hãy lập lại');
  if (r.programme_code !== programme)
    no('PROGRAMME', 'thuộc chương trình khác; một quyết định chỉ gồm một chương trình');
  if (String(actor.userId) === r.submitted_by_user_id || String(actor.userId) === r.certified_by_user_id)
    no('R27', 'người đã lập hoặc xác nhận hồ sơ không được tự phê duyệt');
  if (ev) {
    for (const c of ev.criteria.filter((k) => !k.ok)) no(c.ruleId, c.message);
    if (ev.criteria.every((k) => k.ok) && ev.allowedVnd <= 0n)
      no('R25', 'không còn khoản nào được hỗ trợ (đã hỗ trợ trước đó hoặc không thuộc mức hỗ trợ)');
  }
  return out;
}

interface DecisionHead {
  id: number;
  provinceCode: string;
  programme: string;
  source: 'central' | 'local';
  applicationIds: number[];
  seriesId: number;
}

/**
 * The decision's one transaction: lock the applications (in id order), judge them (or take the judgments made just
 * before, if their versions have not moved), refuse the whole list on any problem, lock the budget and refuse the
 * whole list if it does not cover it (saying which would fit), then approve each, commit the total, write the lines,
 * take the number and queue the extracts. `insertHead` makes the decision row inside it (a single approval: a
 * refusal leaves nothing behind).
 */
async function commitDecision(
  actor: Actor,
  head: Omit<DecisionHead, 'id' | 'seriesId'> & { id?: number },
  judged?: { evs: Map<number, Evaluation>; versions: Map<number, number> },
  expectedVersions?: Map<number, number>,
) {
  return inTransaction(async () => {
    const date = today();
    const year = Number(date.slice(0, 4));
    const ids = head.applicationIds;
    // a single approval from the application's page (no decision row yet): its words are the transition's
    const inline = head.id === undefined;
    const rows = await select<AppRow>(
      `SELECT id, worker_id, case_id, state, version, programme_code, province_code, submitted_by_user_id, certified_by_user_id
       FROM grant_applications WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const problems: Verdict[] = [];
    const evs = new Map<number, Evaluation>();
    for (const id of ids) {
      const r = byId.get(id);
      if (!r || r.province_code !== head.provinceCode) {
        if (inline) throw new NotFoundError('Không tìm thấy đề nghị hỗ trợ');
        problems.push(verdict('SCOPE', false, `#${id}: không tìm thấy trong tỉnh của bạn`, { applicationId: id }));
        continue;
      }
      const prior = judged && judged.versions.get(id) === r.version ? judged.evs.get(id) : undefined;
      const ev = r.state === 'certified' ? (prior ?? (await evaluationOf(r, date))) : undefined;
      if (ev) evs.set(id, ev);
      problems.push(
        ...problemsOf(
          actor,
          r,
          head.programme,
          head.provinceCode,
          ev,
          expectedVersions?.get(id) ?? judged?.versions.get(id),
        ),
      );
    }
    // once per item per person (R26): already awarded, or twice in this list
    const seen = new Set<string>();
    const pairs = [...evs].flatMap(([id, ev]) =>
      ev.claims.filter((c) => c.allowedVnd > 0n).map((c) => ({ id, worker: byId.get(id)!.worker_id, item: c.item })),
    );
    const awarded = new Set(
      (
        await select<{ k: string }>(
          `SELECT worker_id || ':' || item AS k FROM grant_item_awards WHERE worker_id = ANY($1::bigint[])`,
          [[...new Set(pairs.map((p) => p.worker))]],
        )
      ).map((r) => r.k),
    );
    for (const p of pairs) {
      const k = `${p.worker}:${p.item}`;
      if (awarded.has(k) || seen.has(k))
        problems.push(
          verdict('R26', false, `#${p.id}: ${ITEM_LABELS[p.item]} đã được hỗ trợ cho người này (mỗi khoản một lần).`, {
            applicationId: p.id,
            item: p.item,
          }),
        );
      seen.add(k);
    }
    if (problems.length)
      throw new RulesViolatedError(
        problems,
        inline
          ? 'Không thực hiện được: vi phạm quy định'
          : `Chưa lập được quyết định: ${new Set(problems.map((p) => p.details.applicationId)).size} đề nghị chưa đủ điều kiện; không đề nghị nào được phê duyệt`,
      );
    // the budget, locked: a list it cannot cover is refused whole, with what would fit (in the list's order)
    const amounts = ids.map((id) => ({ id, amount: evs.get(id)!.allowedVnd }));
    const total = amounts.reduce((n, a) => n + a.amount, 0n);
    const b = await lockBudget({
      provinceCode: head.provinceCode,
      fiscalYear: year,
      programme: head.programme,
      source: head.source,
    });
    const available = availableOf(b);
    if (!b || available < total) {
      const fits: number[] = [];
      let left = available;
      for (const a of amounts)
        if (a.amount <= left) {
          fits.push(a.id);
          left -= a.amount;
        }
      throw new RulesViolatedError(
        [
          verdict(
            'BUDGET',
            false,
            b
              ? `Dự toán năm ${year} (${SOURCE_LABELS[head.source]}) còn ${formatMoney(available)}, không đủ ${formatMoney(total)}: thiếu ${formatMoney(total - available)}.`
              : `Chưa có dự toán năm ${year} cho chương trình và nguồn kinh phí này.`,
            {
              availableVnd: Number(available),
              amountVnd: Number(total),
              shortfallVnd: Number(total - available),
              fits,
              fitsVnd: Number(available - left),
            },
          ),
        ],
        inline ? 'Dự toán không đủ' : `Dự toán không đủ cho cả ${ids.length} đề nghị; không đề nghị nào được phê duyệt`,
      );
    }
    let id = head.id;
    if (id === undefined) {
      const [row] = await select<{ id: string }>(
        `INSERT INTO grant_decisions (province_code, programme_code, funding_source, status, application_ids, total, checked, requested_by_user_id)
         VALUES ($1, $2, $3, 'committing', $4, $5, $5, $6) RETURNING id`,
        [head.provinceCode, head.programme, head.source, ids, ids.length, actor.userId],
      );
      id = Number(row.id);
    }
    const decisionId = id;
    await applyActions(grantWorkflow, {
      model: GrantApplication as never,
      scope: { provinceCode: head.provinceCode },
      action: 'approve',
      input: { source: head.source },
      actor,
      items: amounts.map((a) => ({
        id: a.id,
        expectedVersion: byId.get(a.id)!.version,
        context: { decisionId, ev: evs.get(a.id)!, amountVnd: a.amount } satisfies DecisionPlan,
      })),
    });
    await moveBudget(
      b.id,
      date,
      decisionId,
      amounts.map((a) => ({ kind: 'commit' as const, applicationId: a.id, amountVnd: a.amount })),
    );
    await execute(
      `INSERT INTO grant_decision_lines (decision_id, grant_application_id, worker_id, amount_vnd)
       SELECT $1, g, w, a FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS x(g, w, a)`,
      [decisionId, ids, ids.map((x) => byId.get(x)!.worker_id), amounts.map((a) => String(a.amount))],
    );
    await execute(`UPDATE grant_decisions SET fiscal_year = $2, decided_on = $3, total_vnd = $4 WHERE id = $1`, [
      decisionId,
      year,
      date,
      String(total),
    ]);
    const doc = await issueDocument(actor, 'grant_decision', String(decisionId), { hint: { decisionId } });
    await execute(
      `UPDATE grant_decisions SET status = 'issued', document_id = $2, series_id = id, finished_at = $3 WHERE id = $1`,
      [decisionId, doc.id, now()],
    );
    await recordAudit({
      actor,
      action: 'grant_decision.issued',
      entity: 'grant_decision',
      entityId: decisionId,
      after: { numberText: doc.numberText, applications: ids.length, totalVnd: Number(total), source: head.source },
    });
    await enqueue(EXTRACTS_JOB, { decisionId }, { key: `grant-extracts:${decisionId}` });
    return { decisionId, numberText: doc.numberText, totalVnd: Number(total) };
  });
}

/** A single approval (the application's own page or API): a decision of one line, inline. */
export async function decideOne(
  actor: Actor,
  applicationId: number,
  expectedVersion: number,
  source: 'central' | 'local',
) {
  const province = deciderProvince(actor);
  const [r] = await select<{ programme_code: string; province_code: string }>(
    'SELECT programme_code, province_code FROM grant_applications WHERE id = $1',
    [applicationId],
  );
  if (!r || r.province_code !== province) throw new NotFoundError('Không tìm thấy đề nghị hỗ trợ');
  return commitDecision(
    actor,
    { provinceCode: province, programme: r.programme_code, source, applicationIds: [applicationId] },
    undefined,
    new Map([[applicationId, expectedVersion]]),
  );
}

/** Starts a decision over many certified applications: the job judges and commits it; the page shows its progress. */
export async function startDecision(actor: Actor, body: { applicationIds: number[]; source: 'central' | 'local' }) {
  const province = deciderProvince(actor);
  const ids = [...new Set(body.applicationIds)];
  if (!ids.length || ids.length > DECISION_MAX)
    throw new ValidationError([{ path: 'applicationIds', message: `Chọn từ 1 đến ${DECISION_MAX} đề nghị` }]);
  const rows = await select<{ id: string; programme_code: string }>(
    'SELECT id, programme_code FROM grant_applications WHERE id = ANY($1::bigint[]) AND province_code = $2',
    [ids, province],
  );
  if (rows.length !== ids.length) throw new NotFoundError('Có đề nghị không thuộc tỉnh của bạn');
  const programmes = new Set(rows.map((r) => r.programme_code));
  if (programmes.size > 1)
    throw new ValidationError([
      { path: 'applicationIds', message: 'Một quyết định chỉ gồm các đề nghị của cùng một chương trình' },
    ]);
  const [row] = await select<{ id: string }>(
    `INSERT INTO grant_decisions (province_code, programme_code, funding_source, application_ids, total, requested_by_user_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [province, rows[0]!.programme_code, body.source, ids, ids.length, actor.userId, now()],
  );
  const id = Number(row.id);
  await recordAudit({
    actor,
    action: 'grant_decision.started',
    entity: 'grant_decision',
    entityId: id,
    after: { applications: ids.length, source: body.source },
  });
  await enqueue(DECISION_JOB, { decisionId: id }, { key: `grant-decision:${id}` });
  return getDecision(actor, id);
}

/** The first 500 applications waiting for the province's approval in a programme, earliest deadline first. */
export async function waitingIds(actor: Actor, programme: string): Promise<number[]> {
  const province = deciderProvince(actor);
  const rows = await select<{ id: string }>(
    `SELECT id FROM grant_applications WHERE province_code = $1 AND state = 'certified' AND programme_code = $2
     ORDER BY next_deadline_on ASC NULLS LAST, id ASC LIMIT ${DECISION_MAX}`,
    [province, programme],
  );
  return rows.map((r) => Number(r.id));
}

/** The job: judge each application (no lock held; progress counted), then the one transaction; a refusal is kept. */
export async function workDecision(decisionId: number): Promise<void> {
  const [d] = await select<{
    province_code: string;
    programme_code: string;
    funding_source: 'central' | 'local';
    application_ids: string[];
    status: string;
    requested_by_user_id: string;
  }>(
    `SELECT province_code, programme_code, funding_source, application_ids, status, requested_by_user_id
     FROM grant_decisions WHERE id = $1`,
    [decisionId],
  );
  if (!d || !['queued', 'checking', 'committing'].includes(d.status)) return;
  const refuse = (refusal: object) =>
    execute(`UPDATE grant_decisions SET status = 'refused', refusal = $2, finished_at = $3 WHERE id = $1`, [
      decisionId,
      JSON.stringify(refusal),
      now(),
    ]);
  const actor = await actorOfUser(Number(d.requested_by_user_id));
  if (!actor) {
    await refuse({ message: 'Người lập quyết định không còn hoạt động', verdicts: [] });
    return;
  }
  const ids = d.application_ids.map(Number);
  await execute(`UPDATE grant_decisions SET status = 'checking', checked = 0 WHERE id = $1`, [decisionId]);
  const judged = { evs: new Map<number, Evaluation>(), versions: new Map<number, number>() };
  const date = today();
  for (let i = 0; i < ids.length; i += 25) {
    const rows = await select<AppRow>(
      `SELECT id, worker_id, case_id, state, version, programme_code, province_code, submitted_by_user_id, certified_by_user_id
       FROM grant_applications WHERE id = ANY($1::bigint[])`,
      [ids.slice(i, i + 25)],
    );
    for (const r of rows) judged.versions.set(Number(r.id), r.version);
    // read-only and outside any transaction: three at a time (the job holds at most three pooled connections; the
    // evaluation waits on PostgreSQL half its time), so 500 are judged in about half the time one by one
    const todo = rows.filter((r) => r.state === 'certified' && r.province_code === d.province_code);
    await Promise.all(
      [0, 1, 2].map(async (lane) => {
        for (let k = lane; k < todo.length; k += 3)
          judged.evs.set(Number(todo[k]!.id), await evaluationOf(todo[k]!, date));
      }),
    );
    await execute('UPDATE grant_decisions SET checked = $2 WHERE id = $1', [decisionId, Math.min(ids.length, i + 25)]);
  }
  await execute(`UPDATE grant_decisions SET status = 'committing' WHERE id = $1`, [decisionId]);
  try {
    await commitDecision(
      actor,
      {
        id: decisionId,
        provinceCode: d.province_code,
        programme: d.programme_code,
        source: d.funding_source,
        applicationIds: ids,
      },
      judged,
    );
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await refuse({ message: err.message, verdicts: (err.details as { verdicts?: unknown[] })?.verdicts ?? [] });
  }
}

defineJob<{ decisionId: number }>({
  name: DECISION_JOB,
  label: 'Lập quyết định hỗ trợ theo danh sách',
  expireInSeconds: 600,
  handler: async ({ decisionId }) => {
    await workDecision(decisionId);
    return true;
  },
});

/** Each line's extract for its worker (superseding her extract of a decision this one corrects); removed lines' revoked. */
export async function workExtracts(decisionId: number, removed: number[] = []): Promise<void> {
  const [d] = await select<{ requested_by_user_id: string; status: string; reason: string | null }>(
    'SELECT requested_by_user_id, status, reason FROM grant_decisions WHERE id = $1',
    [decisionId],
  );
  if (!d || d.status !== 'issued') return;
  const actor = await actorOfUser(Number(d.requested_by_user_id));
  if (!actor) return;
  const live = async (applicationId: number) =>
    (
      await select<{ id: string; status: string }>(
        `SELECT id, status FROM document_register WHERE template = 'grant_decision_extract' AND subject_type = 'grant_application'
           AND subject_id = $1 AND status IN ('issued', 'rendering') ORDER BY id DESC LIMIT 1`,
        [String(applicationId)],
      )
    )[0];
  const lines = await select<{ grant_application_id: string }>(
    'SELECT grant_application_id FROM grant_decision_lines WHERE decision_id = $1 AND extract_document_id IS NULL ORDER BY grant_application_id',
    [decisionId],
  );
  const reason = `Đính chính quyết định: ${d.reason ?? ''}`.slice(0, 1000);
  for (const l of lines) {
    const appId = Number(l.grant_application_id);
    const old = await live(appId);
    const doc = await issueDocument(actor, 'grant_decision_extract', String(appId), {
      hint: { decisionId },
      ...(old?.status === 'issued' ? { supersedes: { id: Number(old.id), reason } } : {}),
    });
    await execute(
      'UPDATE grant_decision_lines SET extract_document_id = $3 WHERE decision_id = $1 AND grant_application_id = $2',
      [decisionId, appId, doc.id],
    );
  }
  for (const appId of removed) {
    const old = await live(appId);
    if (old?.status === 'issued') await revokeDocument(actor, Number(old.id), reason);
  }
}

defineJob<{ decisionId: number; removed?: number[] }>({
  name: EXTRACTS_JOB,
  label: 'Cấp trích lục quyết định hỗ trợ cho từng người lao động',
  expireInSeconds: 900,
  handler: async ({ decisionId, removed }) => {
    await workExtracts(decisionId, removed ?? []);
    return true;
  },
});

// ---- reading decisions
export interface DecisionView {
  id: number;
  status: string;
  statusLabel: string;
  programme: string;
  source: string;
  sourceLabel: string;
  fiscalYear: number | null;
  decidedOn: string | null;
  total: number;
  checked: number;
  percent: number;
  totalVnd: number | null;
  refusal: { message: string; verdicts: Verdict[] } | null;
  document: { id: number; numberText: string; status: string } | null;
  supersedesId: number | null;
  supersededById: number | null;
  reason: string | null;
  lines: {
    applicationId: number;
    workerName: string;
    workerCccdMasked: string;
    amountVnd: number;
    state: string;
    stateLabel: string;
    paidOn: string | null;
    version: number;
  }[];
  paidVnd: number;
}

export async function getDecision(actor: Actor, id: number): Promise<DecisionView> {
  const province = readerProvince(actor);
  const [d] = await select<{
    id: string;
    status: string;
    programme_code: string;
    funding_source: string;
    fiscal_year: number | null;
    decided_on: string | null;
    total: number;
    checked: number;
    total_vnd: string | null;
    refusal: DecisionView['refusal'];
    document_id: string | null;
    supersedes_id: string | null;
    superseded_by_id: string | null;
    reason: string | null;
    number_text: string | null;
    doc_status: string | null;
  }>(
    `SELECT d.id, d.status, d.programme_code, d.funding_source, d.fiscal_year, d.decided_on, d.total, d.checked, d.total_vnd,
       d.refusal, d.document_id, d.supersedes_id, d.superseded_by_id, d.reason, doc.number_text, doc.status AS doc_status
     FROM grant_decisions d LEFT JOIN document_register doc ON doc.id = d.document_id
     WHERE d.id = $1 AND ($2::text IS NULL OR d.province_code = $2)`,
    [id, province],
  );
  if (!d) throw new NotFoundError('Không tìm thấy quyết định');
  const lines = await select<{
    grant_application_id: string;
    amount_vnd: string;
    full_name: string;
    cccd: string;
    state: string;
    paid_on: string | null;
    version: number;
  }>(
    `SELECT l.grant_application_id, l.amount_vnd, w.full_name, w.cccd, g.state, g.paid_on, g.version
     FROM grant_decision_lines l JOIN grant_applications g ON g.id = l.grant_application_id
       JOIN worker_directory w ON w.id = l.worker_id
     WHERE l.decision_id = $1 ORDER BY l.grant_application_id`,
    [id],
  );
  const paidVnd = lines
    .filter((l) => l.state === 'paid' || l.state === 'closed')
    .reduce((n, l) => n + Number(l.amount_vnd), 0);
  return {
    id: Number(d.id),
    status: d.status,
    statusLabel: STATUS_LABELS[d.status] ?? d.status,
    programme: d.programme_code,
    source: d.funding_source,
    sourceLabel: SOURCE_LABELS[d.funding_source] ?? d.funding_source,
    fiscalYear: d.fiscal_year,
    decidedOn: d.decided_on,
    total: d.total,
    checked: d.checked,
    percent: d.status === 'issued' || d.status === 'superseded' ? 100 : Math.floor((d.checked * 90) / d.total),
    totalVnd: d.total_vnd === null ? null : Number(d.total_vnd),
    refusal: d.refusal,
    document: d.document_id ? { id: Number(d.document_id), numberText: d.number_text!, status: d.doc_status! } : null,
    supersedesId: d.supersedes_id === null ? null : Number(d.supersedes_id),
    supersededById: d.superseded_by_id === null ? null : Number(d.superseded_by_id),
    reason: d.reason,
    lines: lines.map((l) => ({
      applicationId: Number(l.grant_application_id),
      workerName: l.full_name,
      workerCccdMasked: maskCccd(l.cccd),
      amountVnd: Number(l.amount_vnd),
      state: l.state,
      stateLabel: stateLabel(l.state),
      paidOn: l.paid_on,
      version: l.version,
    })),
    paidVnd,
  };
}

/** The province's decisions, newest first. */
export async function listDecisions(actor: Actor, q: { page: number; pageSize: number }) {
  const province = readerProvince(actor);
  const rows = await select<{
    id: string;
    status: string;
    programme_code: string;
    funding_source: string;
    decided_on: string | null;
    total: number;
    total_vnd: string | null;
    number_text: string | null;
    created_at: Date;
  }>(
    `SELECT d.id, d.status, d.programme_code, d.funding_source, d.decided_on, d.total, d.total_vnd, doc.number_text, d.created_at
     FROM grant_decisions d LEFT JOIN document_register doc ON doc.id = d.document_id
     WHERE ($1::text IS NULL OR d.province_code = $1) ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
    [province, q.pageSize, (q.page - 1) * q.pageSize],
  );
  const [{ n }] = await select<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM grant_decisions WHERE ($1::text IS NULL OR province_code = $1) LIMIT 10001) x',
    [province],
  );
  return {
    data: rows.map((r) => ({
      id: Number(r.id),
      status: r.status,
      statusLabel: STATUS_LABELS[r.status] ?? r.status,
      programme: r.programme_code,
      sourceLabel: SOURCE_LABELS[r.funding_source] ?? r.funding_source,
      decidedOn: r.decided_on,
      total: r.total,
      totalVnd: r.total_vnd === null ? null : Number(r.total_vnd),
      numberText: r.number_text,
    })),
    page: pageBlock(q, n),
  };
}

// ---- correcting a decision: a new decision that supersedes it
export interface CorrectionBody {
  reason: string;
  remove?: number[];
  amounts?: { applicationId: number; amountVnd: number }[];
}

/**
 * Corrects an issued decision by a new one: lines removed (their approval annulled, the award undone, the commitment
 * released) or amounts changed (never above what the application was found entitled to; an increase must fit the
 * budget); a paid line cannot change. The new decision takes a new number and supersedes the old document.
 */
export async function correctDecision(actor: Actor, id: number, body: CorrectionBody) {
  const province = deciderProvince(actor);
  const result = await inTransaction(async () => {
    const [d] = await select<{
      status: string;
      programme_code: string;
      funding_source: 'central' | 'local';
      fiscal_year: number;
      document_id: string;
      series_id: string;
    }>(
      `SELECT status, programme_code, funding_source, fiscal_year, document_id, series_id FROM grant_decisions
       WHERE id = $1 AND province_code = $2 FOR UPDATE`,
      [id, province],
    );
    if (!d) throw new NotFoundError('Không tìm thấy quyết định');
    if (d.status !== 'issued') throw new ConflictError('Chỉ quyết định đang có hiệu lực mới được đính chính');
    const lines = await select<{ grant_application_id: string; amount_vnd: string; worker_id: string }>(
      'SELECT grant_application_id, amount_vnd, worker_id FROM grant_decision_lines WHERE decision_id = $1 ORDER BY grant_application_id',
      [id],
    );
    const lineIds = new Set(lines.map((l) => Number(l.grant_application_id)));
    const remove = new Set(body.remove ?? []);
    const amounts = new Map((body.amounts ?? []).map((a) => [a.applicationId, BigInt(a.amountVnd)]));
    const problems: { path: string; message: string }[] = [];
    for (const x of [...remove, ...amounts.keys()])
      if (!lineIds.has(x)) problems.push({ path: 'applicationId', message: `#${x} không có trong quyết định này` });
    if (problems.length) throw new ValidationError(problems);
    const apps = await select<{
      id: string;
      state: string;
      version: number;
      allowed_vnd: string;
      approved_vnd: string;
    }>(
      'SELECT id, state, version, allowed_vnd, approved_vnd FROM grant_applications WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
      [[...lineIds]],
    );
    const app = new Map(apps.map((a) => [Number(a.id), a]));
    const changed = lines.filter((l) => {
      const n = amounts.get(Number(l.grant_application_id));
      return n !== undefined && n !== BigInt(l.amount_vnd);
    });
    if (!remove.size && !changed.length)
      throw new ValidationError([{ path: 'remove', message: 'Chưa có thay đổi nào: bỏ một dòng hoặc sửa số tiền' }]);
    const rules: Verdict[] = [];
    for (const x of [...remove, ...changed.map((l) => Number(l.grant_application_id))]) {
      const a = app.get(x)!;
      if (a.state !== 'approved')
        rules.push(
          verdict('R27', false, `#${x}: đã «${stateLabel(a.state)}», không đính chính được`, { applicationId: x }),
        );
    }
    for (const l of changed) {
      const x = Number(l.grant_application_id);
      const n = amounts.get(x)!;
      const entitled = BigInt(app.get(x)!.allowed_vnd);
      if (n <= 0n)
        rules.push(verdict('R25', false, `#${x}: số tiền phải lớn hơn 0; để bỏ, hãy bỏ dòng`, { applicationId: x }));
      else if (n > entitled)
        rules.push(
          verdict('R25', false, `#${x}: không được vượt mức được hỗ trợ ${formatMoney(entitled)}`, {
            applicationId: x,
            allowedVnd: Number(entitled),
          }),
        );
    }
    const kept = lines.filter((l) => !remove.has(Number(l.grant_application_id)));
    if (!kept.length)
      rules.push(
        verdict(
          'R27',
          false,
          'Quyết định đính chính phải còn ít nhất một người; để hủy cả quyết định, hãy bỏ từng người qua một quyết định mới.',
          {},
        ),
      );
    if (rules.length) throw new RulesViolatedError(rules, 'Không đính chính được');
    // the budget difference: released for removed lines and decreases, committed for increases (must fit)
    const before = lines.reduce((n, l) => n + BigInt(l.amount_vnd), 0n);
    const after = kept.reduce((n, l) => n + (amounts.get(Number(l.grant_application_id)) ?? BigInt(l.amount_vnd)), 0n);
    const b = (await lockBudget({
      provinceCode: province,
      fiscalYear: d.fiscal_year,
      programme: d.programme_code,
      source: d.funding_source,
    }))!;
    const available = availableOf(b);
    if (after - before > available)
      throw new RulesViolatedError(
        [
          verdict(
            'BUDGET',
            false,
            `Dự toán còn ${formatMoney(available)}, không đủ phần tăng ${formatMoney(after - before)}.`,
            {
              availableVnd: Number(available),
              shortfallVnd: Number(after - before - available),
            },
          ),
        ],
        'Dự toán không đủ',
      );
    const date = today();
    const keptIds = kept.map((l) => Number(l.grant_application_id));
    const [row] = await select<{ id: string }>(
      `INSERT INTO grant_decisions (province_code, programme_code, funding_source, fiscal_year, status, application_ids, total, checked,
         series_id, supersedes_id, reason, decided_on, total_vnd, requested_by_user_id)
       VALUES ($1, $2, $3, $4, 'committing', $5, $6, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        province,
        d.programme_code,
        d.funding_source,
        d.fiscal_year,
        keptIds,
        keptIds.length,
        d.series_id,
        id,
        body.reason.normalize('NFC'),
        date,
        String(after),
        actor.userId,
      ],
    );
    const newId = Number(row.id);
    // removed lines: their approval annulled through the workflow (the award undone), in id order
    const removedIds = [...remove].sort((x, y) => x - y);
    if (removedIds.length)
      await applyActions(grantWorkflow, {
        model: GrantApplication as never,
        scope: { provinceCode: province },
        action: 'annul',
        input: {},
        actor,
        items: removedIds.map((x) => ({
          id: x,
          expectedVersion: app.get(x)!.version,
          context: { decisionId: newId, amountVnd: 0n, reason: body.reason.normalize('NFC') } satisfies DecisionPlan,
        })),
      });
    const keptAmounts = kept.map((l) => String(amounts.get(Number(l.grant_application_id)) ?? BigInt(l.amount_vnd)));
    await execute(
      `UPDATE grant_applications g SET decision_id = $1, approved_vnd = x.a, version = g.version + 1, updated_at = now()
       FROM unnest($2::bigint[], $3::bigint[]) AS x(i, a) WHERE g.id = x.i`,
      [newId, keptIds, keptAmounts],
    );
    await execute(
      `INSERT INTO grant_decision_lines (decision_id, grant_application_id, worker_id, amount_vnd)
       SELECT $1, g, w, a FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS x(g, w, a)`,
      [newId, keptIds, kept.map((l) => l.worker_id), keptAmounts],
    );
    // each line's budget movement: released (removed, decreased) or committed (increased)
    await moveBudget(
      b.id,
      date,
      newId,
      lines.map((l) => {
        const x = Number(l.grant_application_id);
        const was = BigInt(l.amount_vnd);
        const is = remove.has(x) ? 0n : (amounts.get(x) ?? was);
        return is < was
          ? { kind: 'release' as const, applicationId: x, amountVnd: was - is }
          : { kind: 'commit' as const, applicationId: x, amountVnd: is - was };
      }),
    );
    const doc = await issueDocument(actor, 'grant_decision', d.series_id, {
      hint: { decisionId: newId },
      supersedes: { id: Number(d.document_id), reason: body.reason.normalize('NFC') },
    });
    await execute(`UPDATE grant_decisions SET status = 'issued', document_id = $2, finished_at = $3 WHERE id = $1`, [
      newId,
      doc.id,
      now(),
    ]);
    await execute(`UPDATE grant_decisions SET status = 'superseded', superseded_by_id = $2 WHERE id = $1`, [id, newId]);
    await recordAudit({
      actor,
      action: 'grant_decision.corrected',
      entity: 'grant_decision',
      entityId: newId,
      before: { decisionId: id, totalVnd: Number(before) },
      after: { numberText: doc.numberText, totalVnd: Number(after), removed: removedIds, reason: body.reason },
    });
    await enqueue(EXTRACTS_JOB, { decisionId: newId, removed: removedIds }, { key: `grant-extracts:${newId}` });
    return newId;
  });
  return getDecision(actor, result);
}

// ---- payments
export interface PaymentBody {
  method: 'cash' | 'bank_transfer';
  reference: string;
  paidOn: string;
  applicationIds?: number[];
}

/**
 * Records payments against one decision, in one transaction: each approved line (or the ones chosen) moves to paid,
 * its support_paid entry on the worker's ledger, committed → paid in the budget. All or none.
 */
export async function payDecision(actor: Actor, id: number, body: PaymentBody) {
  const province = deciderProvince(actor);
  const d = await getDecision(actor, id);
  if (d.status !== 'issued') throw new ConflictError('Chỉ chi trả theo quyết định đang có hiệu lực');
  const chosen = body.applicationIds?.length ? new Set(body.applicationIds) : null;
  if (chosen)
    for (const x of chosen)
      if (!d.lines.some((l) => l.applicationId === x))
        throw new ValidationError([{ path: 'applicationIds', message: `#${x} không có trong quyết định này` }]);
  const due = d.lines.filter((l) => l.state === 'approved' && (!chosen || chosen.has(l.applicationId)));
  if (!due.length) throw new ConflictError('Không còn người nào chờ chi trả trong quyết định này');
  const results = await applyActions(grantWorkflow, {
    model: GrantApplication as never,
    scope: { provinceCode: province, decisionId: id },
    action: 'pay',
    input: { method: body.method, reference: body.reference, paidOn: body.paidOn },
    actor,
    items: due.map((l) => ({ id: l.applicationId, expectedVersion: l.version })),
  });
  return {
    paid: results.length,
    paidVnd: due.reduce((n, l) => n + l.amountVnd, 0),
    decision: await getDecision(actor, id),
  };
}

// ---- the budget picture
/**
 * A province's budgets of a fiscal year per programme and source: allocated, committed, paid and available, and per
 * month what was committed (net of releases) and paid, from the dated movements. The share committed or paid is the
 * figure the alerts will watch (warn at 90 %).
 */
export async function budgetPicture(actor: Actor, fiscalYear: number, provinceCode?: string) {
  const province = readerProvince(actor) ?? provinceCode ?? null;
  if (!province) throw new ValidationError([{ path: 'provinceCode', message: 'Chọn tỉnh' }]);
  const budgets = await select<{
    id: string;
    programme_code: string;
    name: string;
    source: string;
    allocated_vnd: string;
    committed_vnd: string;
    paid_vnd: string;
  }>(
    `SELECT b.id, b.programme_code, p.name, b.source, b.allocated_vnd, b.committed_vnd, b.paid_vnd
     FROM grant_budgets b JOIN grant_programmes p ON p.code = b.programme_code
     WHERE b.province_code = $1 AND b.fiscal_year = $2 ORDER BY b.programme_code, b.source`,
    [province, fiscalYear],
  );
  const moves = await select<{ budget_id: string; month: number; kind: string; amount: string }>(
    `SELECT m.budget_id, extract(month FROM m.on_date)::int AS month, m.kind, sum(m.amount_vnd) AS amount
     FROM grant_budget_movements m WHERE m.budget_id = ANY($1::bigint[]) GROUP BY 1, 2, 3`,
    [budgets.map((b) => b.id)],
  );
  return budgets.map((b) => {
    const allocated = Number(b.allocated_vnd);
    const committed = Number(b.committed_vnd);
    const paid = Number(b.paid_vnd);
    let outstanding = 0;
    let paidSoFar = 0;
    const months = Array.from({ length: 12 }, (_, i) => {
      const of = (kind: string) =>
        Number(moves.find((m) => m.budget_id === b.id && m.month === i + 1 && m.kind === kind)?.amount ?? 0);
      const newCommitted = of('commit') - of('release');
      const paidIn = of('pay');
      outstanding += newCommitted - paidIn;
      paidSoFar += paidIn;
      return {
        month: i + 1,
        committedVnd: newCommitted,
        paidVnd: paidIn,
        committedEndVnd: outstanding,
        paidEndVnd: paidSoFar,
        availableEndVnd: allocated - outstanding - paidSoFar,
      };
    });
    return {
      programme: b.programme_code,
      programmeName: b.name,
      source: b.source,
      sourceLabel: SOURCE_LABELS[b.source] ?? b.source,
      allocatedVnd: allocated,
      committedVnd: committed,
      paidVnd: paid,
      availableVnd: allocated - committed - paid,
      committedShare: allocated ? (committed + paid) / allocated : 0,
      months,
    };
  });
}

/** A worker's decisions (her extracts) and payments, for "Hỗ trợ của tôi". */
export async function workerDecisions(workerId: number) {
  const rows = await select<{
    grant_application_id: string;
    amount_vnd: string;
    decision_status: string;
    number_text: string | null;
    decided_on: string | null;
    extract_document_id: string | null;
    extract_status: string | null;
    state: string;
    paid_vnd: string | null;
    paid_on: string | null;
    payment_method: string | null;
    payment_reference: string | null;
  }>(
    `SELECT l.grant_application_id, l.amount_vnd, d.status AS decision_status, doc.number_text, d.decided_on,
       l.extract_document_id, x.status AS extract_status, g.state, g.paid_vnd, g.paid_on, g.payment_method, g.payment_reference
     FROM grant_decision_lines l JOIN grant_decisions d ON d.id = l.decision_id
       JOIN grant_applications g ON g.id = l.grant_application_id
       LEFT JOIN document_register doc ON doc.id = d.document_id LEFT JOIN document_register x ON x.id = l.extract_document_id
     WHERE l.worker_id = $1 ORDER BY d.id DESC LIMIT 50`,
    [workerId],
  );
  return rows.map((r) => ({
    applicationId: Number(r.grant_application_id),
    amountVnd: Number(r.amount_vnd),
    current: r.decision_status === 'issued',
    numberText: r.number_text,
    decidedOn: r.decided_on,
    extractId: r.extract_document_id && r.extract_status !== 'rendering' ? Number(r.extract_document_id) : null,
    extractPending: r.extract_document_id === null || r.extract_status === 'rendering',
    paid: r.state === 'paid' || r.state === 'closed',
    paidVnd: r.paid_vnd === null ? null : Number(r.paid_vnd),
    paidOn: r.paid_on,
    paymentMethod: r.payment_method,
    paymentReference: r.payment_reference,
  }));
}
