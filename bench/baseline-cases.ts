// The baseline's case routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/cases/cases.service.ts listCases and transitionCase send, statement for statement, on the bare
// pool, for the agency staff the case scenarios log in as (bench/scenarios.ts).
import type { Request } from 'express';
import pg from 'pg';
import { HttpError, tokenUser } from './baseline-auth';
import { maskCccd } from '../server/shared/cccd';
import { TOTAL_CAP } from '../server/shared/page-cap';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

/** Quotes a value the way Sequelize inlines it, so the statement text is byte-identical. */
const lit = (v: unknown) => pg.escapeLiteral(String(v));

interface StaffActor {
  userId: number;
  agencyId: number;
}

/** baseline-auth.ts tokenUser() for agency staff: the actor's agency. */
async function authenticateStaff(req: Request, db: pg.Pool): Promise<StaffActor> {
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
  '"exit_reason" AS "exitReason"',
  '"planned_departure_on" AS "plannedDepartureOn"',
  '"fund_contribution_paid_on" AS "fundContributionPaidOn"',
  '"worker_deposit_paid_on" AS "workerDepositPaidOn"',
  '"flight"',
  '"destination"',
  '"labour_contract_start_on" AS "labourContractStartOn"',
  '"labour_contract_end_on" AS "labourContractEndOn"',
  '"departure_override_reason" AS "departureOverrideReason"',
  '"return_reason" AS "returnReason"',
  '"return_evidence_file_id" AS "returnEvidenceFileId"',
  '"liquidation_deductions" AS "liquidationDeductions"',
  '"created_by_user_id" AS "createdByUserId"',
  '"created_at" AS "createdAt"',
  '"updated_at" AS "updatedAt"',
];
/** listCases: a page of ids from the board index, then those rows with their worker and order */
const CASE_LIST_COLUMNS =
  'c.id, c.worker_id AS "workerId", c.job_order_id AS "jobOrderId", c.state, c.version, c.whose_move AS "whoseMove", ' +
  'c.next_deadline_on AS "nextDeadlineOn", c.next_deadline_rule AS "nextDeadlineRule", w.full_name AS "workerName", w.cccd AS "workerCccd", ' +
  'o.reference AS "jobOrderReference", o.destination_country AS "market"';
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

export function caseRoutes(): Record<string, Handler> {
  return {
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
          ' JOIN cases c ON c.id = page.id LEFT JOIN workers w ON w.id = c.worker_id LEFT JOIN job_orders o ON o.id = c.job_order_id' +
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
        })),
        page: { number: pageNo, size, total: capped ? TOTAL_CAP : n, totalCapped: capped },
      };
    },

    // transitionCase, prescreen only (registered → prescreened, no guard): the token lookup, then in one transaction
    // the row locked, state and version written, the event appended
    'POST /api/v1/cases/:id/transitions': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const id = Number(req.params.id);
      const { action, expectedVersion } = (req.body ?? {}) as { action?: string; expectedVersion?: number };
      if (!Number.isSafeInteger(id) || id < 1 || action !== 'prescreen' || !Number.isInteger(expectedVersion))
        throw new HttpError(400, 'the baseline knows prescreen only');
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
        const updatedAt = new Date();
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
        await client.query('COMMIT;');
        // the app's key order: Sequelize's get({ plain: true }) puts the attributes with getters (the bigint ids) first
        const { id: cid, workerId, jobOrderId, agencyId, returnEvidenceFileId, createdByUserId, ...rest } = row;
        return {
          data: {
            case: {
              id: Number(cid),
              workerId: Number(workerId),
              jobOrderId: Number(jobOrderId),
              agencyId: Number(agencyId),
              returnEvidenceFileId: idOrNull(returnEvidenceFileId),
              createdByUserId: idOrNull(createdByUserId),
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
