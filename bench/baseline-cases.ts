// The baseline's case routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/cases/cases.service.ts listCases and transitionCase send, statement for statement, on the bare
// pool, for the agency staff the case scenarios log in as (bench/scenarios.ts).
import type { Request } from 'express';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { HttpError, tokenUser } from './baseline-auth';
import { maskCccd } from '../server/shared/cccd';
import { TOTAL_CAP } from '../server/shared/page-cap';
import { dateInVietnam, today } from '../server/shared/clock';
import { WorkingCalendar } from '../server/shared/working-days';
import { caseObligations, type ObligationFacts } from '../server/modules/cases/cases.rules';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

/** Quotes a value the way Sequelize inlines it, so the statement text is byte-identical. */
export const lit = (v: unknown) => pg.escapeLiteral(String(v));

export interface StaffActor {
  userId: number;
  agencyId: number;
}

/** baseline-auth.ts tokenUser() for agency staff: the actor's agency. */
export async function authenticateStaff(req: Request, db: pg.Pool): Promise<StaffActor> {
  const u = await tokenUser(req, db);
  if (u.role !== 'agency_staff' || u.agency_id === null)
    throw new HttpError(403, 'the baseline serves agency staff only here');
  return { userId: Number(u.id), agencyId: Number(u.agency_id) };
}

const CASE_COLUMNS = [
  '"id"',
  '"worker_id" AS "workerId"',
  '"job_order_id" AS "jobOrderId"',
  '"agency_id" AS "agencyId"',
  '"state"',
  '"version"',
  '"whose_move" AS "whoseMove"',
  '"next_deadline_on" AS "nextDeadlineOn"',
  '"next_deadline_rule" AS "nextDeadlineRule"',
  '"selected_on" AS "selectedOn"',
  '"waiting_agreement_on" AS "waitingAgreementOn"',
  '"contract_signed_on" AS "contractSignedOn"',
  '"departed_on" AS "departedOn"',
  '"returned_on" AS "returnedOn"',
  '"return_outcome" AS "returnOutcome"',
  '"liquidated_on" AS "liquidatedOn"',
  '"liquidated_unilaterally" AS "liquidatedUnilaterally"',
  '"closed_on" AS "closedOn"',
  '"database_updated_on" AS "databaseUpdatedOn"',
  '"residence_notified_on" AS "residenceNotifiedOn"',
  '"exit_reason" AS "exitReason"',
  '"planned_departure_on" AS "plannedDepartureOn"',
  '"contract_signed_on" AS "contractSignedOn"',
  '"flight"',
  '"destination"',
  '"labour_contract_start_on" AS "labourContractStartOn"',
  '"labour_contract_end_on" AS "labourContractEndOn"',
  '"departure_override_reason" AS "departureOverrideReason"',
  '"return_reason" AS "returnReason"',
  '"return_evidence_file_id" AS "returnEvidenceFileId"',
  '"liquidation_deductions" AS "liquidationDeductions"',
  '"created_by_user_id" AS "createdByUserId"',
  '"assignee_user_id" AS "assigneeUserId"',
  '"created_at" AS "createdAt"',
  '"updated_at" AS "updatedAt"',
];
/** listCases: a page of ids from the board index, then those rows with their worker and order */
const CASE_LIST_COLUMNS =
  'c.id, c.worker_id AS "workerId", c.job_order_id AS "jobOrderId", c.state, c.version, c.whose_move AS "whoseMove", ' +
  'c.next_deadline_on AS "nextDeadlineOn", c.next_deadline_rule AS "nextDeadlineRule", w.full_name AS "workerName", w.cccd AS "workerCccd", ' +
  'o.reference AS "jobOrderReference", o.destination_country AS "market", c.assignee_user_id AS "assigneeUserId"';
/** caseWorkflow's labels of the states the scenarios read */
const STATE_LABELS: Record<string, string> = {
  departed: 'Đã xuất cảnh',
  prescreened: 'Sơ tuyển đạt',
  registered: 'Đăng ký',
};
/** allowedActions(caseWorkflow, a prescreened case, agency staff) */
const PRESCREENED_ACTIONS = [
  { action: 'select', label: 'Trúng tuyển', to: 'selected' },
  { action: 'withdraw', label: 'Rút hồ sơ', to: 'withdrawn' },
  { action: 'reject', label: 'Không đạt', to: 'rejected' },
];
const idOrNull = (v: string | null) => (v === null ? null : Number(v));

/**
 * What the app caches in its process: the policy values in force and the holiday calendar (read once here, as the
 * app reads them once per 30 s and once per start), and the queue's client (pg-boss writes the effect's job with
 * the baseline's own connection, the same statement the app's transaction sends).
 */
let cached: { policies: PolicyLike; calendar: WorkingCalendar; boss: PgBoss } | null = null;
interface PolicyRowLite {
  id: number;
  key: string;
  value: string;
  unit: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  market: string | null;
  jobCategory: string | null;
  beneficiaryGroup: string | null;
}
interface PolicyLike {
  require(key: string): PolicyRowLite;
}

export async function appCaches(db: pg.Pool): Promise<NonNullable<typeof cached>> {
  if (cached) return cached;
  const on = today();
  const { rows } = await db.query<PolicyRowLite>(
    `SELECT id::int, key, value::text, unit, effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo",
            market, job_category AS "jobCategory", beneficiary_group AS "beneficiaryGroup"
     FROM policy_values WHERE withdrawn_at IS NULL ORDER BY key, effective_from`,
  );
  const unscoped = rows.filter((r) => r.market === null && r.jobCategory === null && r.beneficiaryGroup === null);
  const policies: PolicyLike = {
    require: (key) => {
      const r = unscoped
        .filter((x) => x.key === key && x.effectiveFrom <= on && (!x.effectiveTo || x.effectiveTo >= on))
        .at(-1);
      if (!r) throw new Error(`no policy ${key}`);
      return { ...r, value: r.value.replace(/\.?0+$/, '') || '0' };
    },
  };
  const holidays = await db.query<{ date: string; kind: string }>(
    'SELECT date::text, kind FROM holidays ORDER BY date',
  );
  const boss = new PgBoss({
    connectionString: process.env.DATABASE_URL!,
    max: 1,
    supervise: false,
    schedule: false,
    migrate: false,
  } as never);
  await boss.start();
  cached = { policies, calendar: new WorkingCalendar(holidays.rows as never), boss };
  return cached;
}

/** The obligations upsert of server/shared/obligations.ts syncObligations, for `n` computed rows. */
export function obligationsUpsert(n: number): string {
  const COLS = 12;
  const values = Array.from(
    { length: n },
    (_, i) => `(${Array.from({ length: COLS }, (__, c) => `$${i * COLS + c + 3}`).join(', ')})`,
  ).join(', ');
  const kept = 'EXCLUDED.status';
  return `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, met_on, waived_reason, policy_id, agency_id, province_code, commune_code, paused_days_left)
       SELECT $1, $2::bigint, v.kind, v.rule_id, v.due_on::date, v.whose_move, v.status, v.met_on::date, v.waived_reason, v.policy_id::bigint,
              v.agency_id::bigint, v.province_code, v.commune_code, v.paused_days_left::int
       FROM (VALUES ${values}) AS v(kind, rule_id, due_on, whose_move, status, met_on, waived_reason, policy_id, agency_id, province_code, commune_code, paused_days_left)
       ON CONFLICT (subject_type, subject_id, kind) DO UPDATE SET
         rule_id = EXCLUDED.rule_id, due_on = EXCLUDED.due_on, whose_move = EXCLUDED.whose_move, status = ${kept},
         met_on = EXCLUDED.met_on, waived_reason = EXCLUDED.waived_reason, policy_id = EXCLUDED.policy_id,
         agency_id = EXCLUDED.agency_id, province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code,
         paused_days_left = EXCLUDED.paused_days_left, updated_at = now()
       WHERE (obligations.rule_id, obligations.due_on, obligations.whose_move, obligations.status, obligations.met_on, obligations.waived_reason,
              obligations.policy_id, obligations.agency_id, obligations.province_code, obligations.commune_code, obligations.paused_days_left)
         IS DISTINCT FROM (EXCLUDED.rule_id, EXCLUDED.due_on, EXCLUDED.whose_move, ${kept}, EXCLUDED.met_on, EXCLUDED.waived_reason,
              EXCLUDED.policy_id, EXCLUDED.agency_id, EXCLUDED.province_code, EXCLUDED.commune_code, EXCLUDED.paused_days_left)`;
}

/** The open states, in the board's column order (cases.states.ts OPEN_STATES). */
const OPEN_STATES = [
  'registered',
  'prescreened',
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
  'departed',
  'returned',
  'liquidated',
];

export function caseRoutes(): Record<string, Handler> {
  return {
    // the board as the list API would give it: cases.service.ts boardColumns, the same single statement (each open
    // column's count and first 30 cards with their worker and order), answered as JSON
    'GET /cases': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const where = `"Case"."agency_id" = ${actor.agencyId}`;
      const { rows } = await db.query(
        `SELECT s.state AS col, cnt.n, card.* FROM unnest($1::text[]) WITH ORDINALITY AS s(state, ord)
     CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "cases" AS "Case" WHERE ${where} AND "Case"."state" = s.state) cnt
     LEFT JOIN LATERAL (
       SELECT ${CASE_LIST_COLUMNS}, page.pos FROM (
         SELECT "Case"."id", "Case"."next_deadline_on", row_number() OVER () AS pos FROM (
           SELECT "Case"."id", "Case"."next_deadline_on" FROM "cases" AS "Case" WHERE ${where} AND "Case"."state" = s.state
           ORDER BY "Case"."next_deadline_on" ASC NULLS LAST, "Case"."id" ASC LIMIT 30
         ) AS "Case"
       ) AS page
       JOIN cases c ON c.id = page.id LEFT JOIN worker_directory w ON w.id = c.worker_id
       LEFT JOIN job_order_terms o ON o.id = c.job_order_id
     ) card ON true
     ORDER BY s.ord, card.pos`,
        [OPEN_STATES],
      );
      return {
        data: OPEN_STATES.map((state) => {
          const mine = rows.filter((r) => r.col === state);
          return {
            state,
            count: mine[0]?.n ?? 0,
            cards: mine
              .filter((r) => r.id !== null)
              .map((c) => ({
                id: Number(c.id),
                workerId: Number(c.workerId),
                jobOrderId: Number(c.jobOrderId),
                state: c.state,
                version: c.version,
                whoseMove: c.whoseMove,
                nextDeadlineOn: c.nextDeadlineOn,
                nextDeadlineRule: c.nextDeadlineRule,
                workerName: c.workerName,
                workerCccdMasked: c.workerCccd === null ? null : maskCccd(c.workerCccd),
                jobOrderReference: c.jobOrderReference,
                market: c.market,
                assigneeUserId: c.assigneeUserId === null ? null : Number(c.assigneeUserId),
              })),
          };
        }),
      };
    },

    // listCases with the state and job order filters: one page (ids from the board index, then those rows with their
    // worker and order), then the capped count unless a first page is short
    'GET /api/v1/cases': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const state = String(req.query.state ?? '');
      const jobOrderId = Number(req.query.jobOrderId);
      if (!STATE_LABELS[state] || !Number.isSafeInteger(jobOrderId) || jobOrderId < 1)
        throw new HttpError(400, 'the baseline needs state and jobOrderId');
      const pageNo = Number(req.query.page ?? 1);
      const size = Number(req.query.pageSize ?? 20);
      const where = ` WHERE ((("Case"."state" = ${lit(state)} AND "Case"."job_order_id" = ${jobOrderId})) AND "Case"."agency_id" = ${actor.agencyId})`;
      const { rows } = await db.query(
        `SELECT ${CASE_LIST_COLUMNS} FROM (SELECT "Case"."id", "Case"."next_deadline_on" FROM "cases" AS "Case"${where}` +
          ` ORDER BY "Case"."next_deadline_on" ASC NULLS LAST, "Case"."id" ASC LIMIT ${size} OFFSET ${(pageNo - 1) * size}) AS page` +
          ' JOIN cases c ON c.id = page.id LEFT JOIN worker_directory w ON w.id = c.worker_id LEFT JOIN job_order_terms o ON o.id = c.job_order_id' +
          ' ORDER BY page.next_deadline_on ASC NULLS LAST, page.id ASC',
      );
      const n =
        rows.length < size && pageNo === 1
          ? rows.length
          : (
              await db.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM (SELECT 1 AS "one" FROM "cases" AS "Case"${where} LIMIT ${TOTAL_CAP + 1}) AS capped`,
              )
            ).rows[0]!.n;
      const capped = n > TOTAL_CAP;
      return {
        data: rows.map((c) => ({
          id: Number(c.id),
          workerId: Number(c.workerId),
          jobOrderId: Number(c.jobOrderId),
          state: c.state,
          stateLabel: STATE_LABELS[c.state],
          version: c.version,
          whoseMove: c.whoseMove,
          nextDeadlineOn: c.nextDeadlineOn,
          nextDeadlineRule: c.nextDeadlineRule,
          workerName: c.workerName,
          workerCccdMasked: c.workerCccd === null ? null : maskCccd(c.workerCccd),
          jobOrderReference: c.jobOrderReference,
          market: c.market,
          assigneeUserId: c.assigneeUserId === null ? null : Number(c.assigneeUserId),
        })),
        page: { number: pageNo, size, total: capped ? TOTAL_CAP : n, totalCapped: capped },
      };
    },

    // transitionCase, prescreen only (registered → prescreened, no guard): the token lookup and the agency's status,
    // then in one transaction the row locked, state and version written, the event appended, the case's obligations
    // computed from its facts (events, papers, residence) and upserted, the next deadline written when it moved, and
    // the stage effect's job inserted
    'POST /api/v1/cases/:id/transitions': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const caches = await appCaches(db);
      const id = Number(req.params.id);
      const { action, expectedVersion } = (req.body ?? {}) as { action?: string; expectedVersion?: number };
      if (!Number.isSafeInteger(id) || id < 1 || action !== 'prescreen' || !Number.isInteger(expectedVersion))
        throw new HttpError(400, 'the baseline knows prescreen only');
      const agency = (await db.query<{ status: string }>('SELECT status FROM agencies WHERE id = $1', [actor.agencyId]))
        .rows[0];
      if (agency && agency.status !== 'active') throw new HttpError(403, 'agency not active');
      const client = await db.connect();
      try {
        await client.query('START TRANSACTION;');
        const row = (
          await client.query(
            `SELECT ${CASE_COLUMNS.join(', ')} FROM "cases" AS "Case" WHERE "Case"."id" = ${id} AND "Case"."agency_id" = ${actor.agencyId} FOR UPDATE;`,
          )
        ).rows[0];
        if (!row) throw new HttpError(404, 'Không tìm thấy');
        if (row.version !== expectedVersion) throw new HttpError(409, 'STALE_VERSION');
        if (row.state !== 'registered') throw new HttpError(409, 'ACTION_NOT_ALLOWED');
        let updatedAt = new Date();
        await client.query('UPDATE "cases" SET "state"=$1,"version"=$2,"updated_at"=$3 WHERE "id" = $4', [
          'prescreened',
          row.version + 1,
          updatedAt,
          id,
        ]);
        const at = new Date();
        const event = (
          await client.query<{ id: string }>(
            `INSERT INTO case_events (case_id, at, actor_user_id, action, from_state, to_state, input, verdicts, policy_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [id, at, actor.userId, 'prescreen', 'registered', 'prescreened', '{}', '[]', []],
          )
        ).rows[0]!;
        // the obligations (server/modules/cases/cases.facts.ts, then the pure rules)
        const on = today();
        const events = (
          await client.query<{ action: string; at: Date; input: { returnedOn?: string } }>(
            "SELECT action, at, input FROM case_events WHERE case_id = $1 AND action IN ('return', 'extend') ORDER BY id",
            [id],
          )
        ).rows;
        const papers = (
          await client.query<{ kind: string; issued_on: string; expires_on: string | null }>(
            'SELECT kind, number, issued_on, expires_on, sender_agency_id, job_category, market FROM papers WHERE worker_id = $1 AND (case_id IS NULL OR case_id = $2)',
            [row.workerId, id],
          )
        ).rows;
        const latest = new Map<string, { kind: string; expiresOn: string | null; issued: string }>();
        for (const p of papers) {
          const seen = latest.get(p.kind);
          if (!seen || p.issued_on > seen.issued)
            latest.set(p.kind, { kind: p.kind, expiresOn: p.expires_on, issued: p.issued_on });
        }
        // the ledger facts the app reads through the registry (R11, R13, R14): the same statement
        const money = (
          await client.query<{ kind: string; amount_vnd: string; occurred_on: string; live: boolean }>(
            `SELECT e.kind, e.amount_vnd, e.occurred_on,
                    (e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)) AS live
             FROM ledger_entries e
             WHERE e.case_id = $1 AND e.kind IN ('fund_contribution_paid', 'deposit_received', 'deposit_interest', 'deposit_deduction', 'deposit_refunded')
             ORDER BY e.occurred_on, e.id`,
            [id],
          )
        ).rows.filter((r) => r.live);
        const facts: ObligationFacts = {
          state: 'prescreened',
          selectedOn: row.selectedOn,
          waitingAgreementOn: row.waitingAgreementOn,
          plannedDepartureOn: row.plannedDepartureOn,
          contractSignedOn: row.contractSignedOn ?? null,
          jobCategory: 'general',
          fundContributionPaidOn: money.find((m) => m.kind === 'fund_contribution_paid')?.occurred_on ?? null,
          depositReceivedVnd: 0,
          depositReceivedOn: null,
          depositHeldVnd: 0,
          depositSettledOn: null,
          departedOn: row.departedOn,
          labourContractEndOn: row.labourContractEndOn,
          returnedOn: row.returnedOn,
          liquidatedOn: row.liquidatedOn,
          databaseUpdatedOn: row.databaseUpdatedOn,
          residenceNotifiedOn: row.residenceNotifiedOn,
          // the bench's workers carry no papers: the destination (for a passport's margin) is never read
          market: null,
          changes: events.map((e) => {
            const recordedOn = dateInVietnam(new Date(e.at));
            return {
              on: e.action === 'return' && e.input.returnedOn ? e.input.returnedOn : recordedOn,
              what: e.action,
              recordedOn,
            };
          }),
          papers: [...latest.values()].map(({ kind, expiresOn }) => ({ kind, expiresOn })),
          today: on,
        };
        const specs = caseObligations(facts, caches.policies as never, caches.calendar);
        const residence = (
          await client.query<{ provinceCode: string | null; communeCode: string | null }>(
            'SELECT province_code AS "provinceCode", commune_code AS "communeCode" FROM workers WHERE id = $1',
            [Number(row.workerId)],
          )
        ).rows[0] ?? { provinceCode: null, communeCode: null };
        if (specs.length)
          await client.query(obligationsUpsert(specs.length), [
            'case',
            id,
            ...specs.flatMap((o) => [
              o.kind,
              o.ruleId,
              o.dueOn,
              o.whoseMove,
              o.status,
              o.metOn ?? null,
              o.waivedReason ?? null,
              o.policyId ?? null,
              actor.agencyId,
              residence.provinceCode,
              residence.communeCode,
              null,
            ]),
          ]);
        await client.query(
          `UPDATE obligations SET status = 'waived', waived_reason = 'Không còn áp dụng', updated_at = now()
     WHERE subject_type = $1 AND subject_id = $2 AND status IN ('open', 'paused') AND NOT (kind = ANY($3::text[]))`,
          ['case', id, specs.map((o) => o.kind)],
        );
        const open = specs
          .filter((o) => o.status === 'open')
          .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
        const next = { on: open[0]?.dueOn ?? null, rule: open[0]?.ruleId ?? null };
        if (next.on !== row.nextDeadlineOn || next.rule !== row.nextDeadlineRule) {
          updatedAt = new Date();
          await client.query(
            'UPDATE "cases" SET "next_deadline_on"=$1,"next_deadline_rule"=$2,"updated_at"=$3 WHERE "id" = $4',
            [next.on, next.rule, updatedAt, id],
          );
          row.nextDeadlineOn = next.on;
          row.nextDeadlineRule = next.rule;
        }
        // the stage effect (prescreened is a stage the worker sees), written by this transaction
        await caches.boss.send(
          'case.stage_changed',
          { caseId: id, workerId: Number(row.workerId), eventId: Number(event.id), toState: 'prescreened' },
          {
            singletonKey: `case-stage:${event.id}`,
            singletonSeconds: 86_400,
            db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) },
          } as never,
        );
        await client.query('COMMIT;');
        // the app's key order: Sequelize's get({ plain: true }) puts the attributes with getters (the bigint ids) first
        const {
          id: cid,
          workerId,
          jobOrderId,
          agencyId,
          returnEvidenceFileId,
          createdByUserId,
          assigneeUserId,
          ...rest
        } = row;
        return {
          data: {
            case: {
              id: Number(cid),
              workerId: Number(workerId),
              jobOrderId: Number(jobOrderId),
              agencyId: Number(agencyId),
              returnEvidenceFileId: idOrNull(returnEvidenceFileId),
              createdByUserId: idOrNull(createdByUserId),
              assigneeUserId: idOrNull(assigneeUserId),
              ...rest,
              state: 'prescreened',
              version: row.version + 1,
              updatedAt,
            },
            event: {
              id: Number(event.id),
              at: at.toISOString(),
              actorUserId: actor.userId,
              action: 'prescreen',
              fromState: 'registered',
              toState: 'prescreened',
              input: {},
              verdicts: [],
              policyIds: [],
            },
            allowedActions: PRESCREENED_ACTIONS,
          },
        };
      } catch (err) {
        await client.query('ROLLBACK;');
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
