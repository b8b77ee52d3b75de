// The baseline's money routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/money/money.service.ts postEntry and reconciliation send, statement for statement, on the bare pool,
// for the agency staff the money scenarios log in as (bench/scenarios-money.ts).
import crypto from 'node:crypto';
import type { Request } from 'express';
import type pg from 'pg';
import { HttpError } from './baseline-auth';
import { appCaches, authenticateStaff, lit, obligationsUpsert } from './baseline-cases';
import { maskCccd } from '../server/shared/cccd';
import { dateInVietnam, today } from '../server/shared/clock';
import { caseObligations, type ObligationFacts } from '../server/modules/cases/cases.rules';
import { CATEGORY_LABELS, KIND_LABELS, METHOD_LABELS } from '../server/modules/money/money.labels';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

/** Case.findOne / findByPk's columns (Sequelize's text, as the app sends it). */
export const CASE_COLUMNS = [
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
].join(', ');
/** JobOrder.findByPk's columns (job-orders.service.ts orderMoneyTerms). */
export const ORDER_COLUMNS = [
  '"id"',
  '"agency_id" AS "agencyId"',
  '"reference"',
  '"employer_name" AS "employerName"',
  '"employer_country" AS "employerCountry"',
  '"employer_address" AS "employerAddress"',
  '"destination_country" AS "destinationCountry"',
  '"job_category" AS "jobCategory"',
  '"job_title" AS "jobTitle"',
  '"headcount"',
  '"salary_currency" AS "salaryCurrency"',
  '"salary_minor" AS "salaryMinor"',
  '"fx_rate" AS "fxRate"',
  '"fx_rate_date" AS "fxRateDate"',
  '"fx_rate_source" AS "fxRateSource"',
  '"contract_months" AS "contractMonths"',
  '"service_fee_vnd" AS "serviceFeeVnd"',
  '"foreign_paid_fee_vnd" AS "foreignPaidFeeVnd"',
  '"brokerage_vnd" AS "brokerageVnd"',
  '"deposit_vnd" AS "depositVnd"',
  '"deposit_holder" AS "depositHolder"',
  '"airfare_vnd" AS "airfareVnd"',
  '"supply_reg_number" AS "supplyRegNumber"',
  '"supply_reg_date" AS "supplyRegDate"',
  '"supply_reg_status" AS "supplyRegStatus"',
  '"programme_reference" AS "programmeReference"',
  '"ministry_report_date" AS "ministryReportDate"',
  '"recruit_from" AS "recruitFrom"',
  '"recruit_to" AS "recruitTo"',
  '"expected_departure_on" AS "expectedDepartureOn"',
  '"state"',
  '"version"',
  '"opened_on" AS "openedOn"',
  '"closed_on" AS "closedOn"',
  '"created_by_user_id" AS "createdByUserId"',
  '"created_at" AS "createdAt"',
  '"updated_at" AS "updatedAt"',
].join(', ');
// money.service.ts's own statement texts, byte for byte (the same parse and plan work on both sides)
const ENTRY_COLUMNS = `e.id, e.case_id, e.agency_id, e.worker_id, e.kind, e.component, e.category, e.amount_vnd, e.occurred_on,
  e.payer, e.payee, e.method, e.reference, e.evidence_file_id, e.interest_rate_percent, e.interest_days, e.deduction_index,
  e.note, e.migrated, e.reverses_id, e.actor_user_id, e.idempotency_key, e.request_digest, e.verdicts, e.created_at`;
const ACCOUNT_SQL = `SELECT holder, bank_name, bank_branch, account_number, account_holder_name, agreement_number, agreement_on,
            employer_accepted_on, from_loan, loan_amount_vnd, version FROM deposit_accounts WHERE case_id = $1`;
const PAPERS_SQL = `SELECT kind, number, issued_on, expires_on, sender_agency_id, job_category, market FROM papers
     WHERE worker_id = $1 AND (case_id IS NULL OR case_id = $2)`;
const LEFT_JOIN_REFUND = `LEFT JOIN obligations o ON o.subject_type = 'case' AND o.subject_id = b.case_id AND o.kind = 'deposit_refund' AND o.status = 'open'`;

/** The only entry the scenario posts: what the app's Joi schema would accept for it, nothing more. */
interface PostBody {
  kind?: string;
  category?: string;
  amountVnd?: number;
  occurredOn?: string;
  method?: string;
}

/** money.service.ts digestOf: the request's identity, so a replayed key with another body is refused. */
function digestOf(v: Record<string, unknown>): string {
  const keys = Object.keys(v).sort();
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, v[k] ?? null])))
    .digest('hex');
}

interface EntryRow {
  id: string;
  case_id: string;
  kind: string;
  component: 'principal' | 'interest';
  category: string | null;
  amount_vnd: string;
  occurred_on: string;
  payer: string;
  payee: string;
  method: string;
  reference: string | null;
  evidence_file_id: string | null;
  interest_rate_percent: string | null;
  interest_days: number | null;
  deduction_index: number | null;
  note: string | null;
  migrated: boolean;
  reverses_id: string | null;
  created_at: Date;
}

/** money.service.ts toEntry, for a new entry (never a reversal, never reversed). */
const entryOut = (r: EntryRow) => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  kind: r.kind,
  kindLabel: KIND_LABELS[r.kind] ?? r.kind,
  component: r.component,
  category: r.category,
  categoryLabel: r.category ? (CATEGORY_LABELS[r.category] ?? r.category) : null,
  amountVnd: Number(r.amount_vnd),
  signedVnd: Number(r.amount_vnd),
  occurredOn: r.occurred_on,
  payer: r.payer,
  payee: r.payee,
  method: r.method,
  methodLabel: METHOD_LABELS[r.method] ?? r.method,
  reference: r.reference,
  evidenceFileId: r.evidence_file_id === null ? null : Number(r.evidence_file_id),
  interestRatePercent: r.interest_rate_percent,
  interestDays: r.interest_days,
  deductionIndex: r.deduction_index,
  note: r.note,
  migrated: r.migrated,
  reversesId: null,
  reversedById: null,
  createdAt: new Date(r.created_at).toISOString(),
});

export function moneyRoutes(): Record<string, Handler> {
  return {
    // postEntry for an other_cost_paid entry (no rule refuses it): the token lookup, then in one transaction the case
    // locked, the key's replay looked up, the facts the rules read (order, agency, market, balances, deductions,
    // extension fees, papers, account), the parties' names, the insert (its trigger updating ledger_balances) and its
    // audit row, then the case's obligations recomputed as refreshCaseObligations does (the case locked again, its
    // events, papers, order and ledger facts, the worker's residence, the upsert and the waiver; the next deadline
    // written when it moved)
    'POST /api/v1/cases/:id/ledger': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const caches = await appCaches(db);
      const id = Number(req.params.id);
      const key = req.get('Idempotency-Key') ?? '';
      const body = (req.body ?? {}) as PostBody;
      if (!Number.isSafeInteger(id) || id < 1 || !/^[A-Za-z0-9_.:-]{8,180}$/.test(key))
        throw new HttpError(400, 'bad case id or Idempotency-Key');
      if (body.kind !== 'other_cost_paid' || !body.category || !body.occurredOn || !body.method || !body.amountVnd)
        throw new HttpError(400, 'the baseline posts other_cost_paid entries only');
      const digest = digestOf({
        caseId: id,
        kind: body.kind,
        amountVnd: body.amountVnd,
        occurredOn: body.occurredOn,
        method: body.method,
        category: body.category,
        deductionIndex: undefined,
        reference: undefined,
        interestRatePercent: undefined,
      });
      const client = await db.connect();
      try {
        await client.query('START TRANSACTION;');
        const c = (
          await client.query(
            `SELECT ${CASE_COLUMNS} FROM "cases" AS "Case" WHERE ("Case"."id" = ${id} AND "Case"."agency_id" = ${actor.agencyId}) LIMIT 1 FOR UPDATE;`,
          )
        ).rows[0];
        if (!c) throw new HttpError(404, 'Không tìm thấy hồ sơ');
        const again = await client.query(
          `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e WHERE e.agency_id = $1 AND e.idempotency_key = $2`,
          [actor.agencyId, key],
        );
        if (again.rows[0]) throw new HttpError(409, 'the baseline never replays');
        // gatherFacts: the order's money terms (the order, the agency's kind, the market), the balances, the deductions
        // posted, the extension fees, the papers, the blocked account
        const order = (
          await client.query(
            `SELECT ${ORDER_COLUMNS} FROM "job_orders" AS "JobOrder" WHERE "JobOrder"."id" = ${c.jobOrderId};`,
          )
        ).rows[0];
        await client.query(`SELECT "kind" FROM "agencies" AS "Agency" WHERE "Agency"."id" = ${order.agencyId};`);
        if (order.destinationCountry)
          await client.query(
            `SELECT "code", "name_vi" AS "nameVi", "name_en" AS "nameEn", "region" FROM "countries" AS "Country" WHERE "Country"."code" = ${lit(order.destinationCountry)};`,
          );
        await client.query(`SELECT "kind" FROM "agencies" AS "Agency" WHERE "Agency"."id" = ${order.agencyId};`);
        await client.query('SELECT * FROM ledger_balances WHERE case_id = $1', [id]);
        await client.query(
          `SELECT deduction_index, sum(CASE WHEN reverses_id IS NULL THEN amount_vnd ELSE -amount_vnd END) AS n
     FROM ledger_entries WHERE case_id = $1 AND kind = 'deposit_deduction' GROUP BY deduction_index`,
          [id],
        );
        await client.query('SELECT sum(fee_vnd) AS n FROM case_extension_fees WHERE case_id = $1', [id]);
        await client.query(PAPERS_SQL, [c.workerId, id]);
        await client.query(ACCOUNT_SQL, [id]);
        // postEntry: the account again, the parties' names
        await client.query(ACCOUNT_SQL, [id]);
        const worker = (
          await client.query<{ full_name: string }>('SELECT full_name FROM worker_directory WHERE id = $1', [
            c.workerId,
          ])
        ).rows[0]?.full_name;
        await client.query('SELECT name FROM agency_directory WHERE id = $1', [c.agencyId]);
        const entry = (
          await client.query<EntryRow>(
            `INSERT INTO ledger_entries AS e (case_id, agency_id, worker_id, kind, component, category, amount_vnd, occurred_on, payer,
       payee, method, reference, evidence_file_id, interest_rate_percent, interest_days, deduction_index, note, reverses_id,
       actor_user_id, idempotency_key, request_digest, verdicts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     RETURNING ${ENTRY_COLUMNS}`,
            [
              id,
              c.agencyId,
              c.workerId,
              body.kind,
              'principal',
              body.category,
              String(body.amountVnd),
              body.occurredOn,
              (worker ?? 'Người lao động').slice(0, 200),
              'Cơ quan, đơn vị cung cấp',
              body.method,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              actor.userId,
              key,
              digest,
              '[]',
            ],
          )
        ).rows[0]!;
        await client.query(
          `INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, entity_id, before, after, sensitive_fields, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            new Date(),
            actor.userId,
            'agency_staff',
            'ledger.posted',
            'case',
            String(id),
            'null',
            JSON.stringify({
              entryId: Number(entry.id),
              kind: body.kind,
              amountVnd: body.amountVnd,
              occurredOn: body.occurredOn,
            }),
            [],
            req.get('x-request-id') ?? crypto.randomUUID(),
          ],
        );
        // refreshCaseObligations (cases.jobs.ts): computeCaseObligations, syncObligations, the next deadline
        const row = (
          await client.query(`SELECT ${CASE_COLUMNS} FROM "cases" AS "Case" WHERE "Case"."id" = ${id} FOR UPDATE;`)
        ).rows[0];
        const on = today();
        const events = (
          await client.query<{ action: string; at: Date; input: { returnedOn?: string } }>(
            "SELECT action, at, input FROM case_events WHERE case_id = $1 AND action IN ('return', 'extend', 'withdraw', 'reject') ORDER BY id",
            [id],
          )
        ).rows;
        const exit = events.find((e) => e.action === 'withdraw' || e.action === 'reject');
        const changes = events
          .filter((e) => e.action === 'return' || e.action === 'extend')
          .map((e) => {
            const recordedOn = dateInVietnam(new Date(e.at));
            return {
              on: e.action === 'return' && e.input.returnedOn ? e.input.returnedOn : recordedOn,
              what: e.action,
              recordedOn,
            };
          });
        if (row.labourContractEndOn && row.labourContractEndOn <= on && !row.returnedOn)
          changes.push({ on: row.labourContractEndOn, what: 'contract_end', recordedOn: row.labourContractEndOn });
        const papers = (
          await client.query<{ kind: string; issued_on: string; expires_on: string | null }>(PAPERS_SQL, [
            row.workerId,
            id,
          ])
        ).rows;
        const latest = new Map<string, { kind: string; expiresOn: string | null; issued: string }>();
        for (const p of papers) {
          const seen = latest.get(p.kind);
          if (!seen || p.issued_on > seen.issued)
            latest.set(p.kind, { kind: p.kind, expiresOn: p.expires_on, issued: p.issued_on });
        }
        const terms = (
          await client.query<{ destination_country: string | null; job_category: string }>(
            'SELECT destination_country, job_category FROM job_order_terms WHERE id = $1',
            [row.jobOrderId],
          )
        ).rows[0];
        // the registry's money.forCase: the same statement, the same sums
        const live = (
          await client.query<{ kind: string; amount_vnd: string; occurred_on: string; live: boolean }>(
            `SELECT e.kind, e.amount_vnd, e.occurred_on,
            (e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)) AS live
     FROM ledger_entries e
     WHERE e.case_id = $1 AND e.kind IN ('fund_contribution_paid', 'deposit_received', 'deposit_interest', 'deposit_deduction', 'deposit_refunded')
     ORDER BY e.occurred_on, e.id`,
            [id],
          )
        ).rows.filter((r) => r.live);
        const fundDue = BigInt(caches.policies.require('fund.worker_contribution').value.split('.')[0]!);
        let fund = 0n;
        let fundPaidOn: string | null = null;
        for (const r of live.filter((x) => x.kind === 'fund_contribution_paid')) {
          fund += BigInt(r.amount_vnd);
          if (fund >= fundDue) {
            fundPaidOn = r.occurred_on;
            break;
          }
        }
        const sum = (k: string) => live.filter((r) => r.kind === k).reduce((a, r) => a + BigInt(r.amount_vnd), 0n);
        const received = sum('deposit_received');
        const heldNow = received + sum('deposit_interest') - sum('deposit_deduction') - sum('deposit_refunded');
        const outs = live.filter((r) => r.kind === 'deposit_refunded' || r.kind === 'deposit_deduction');
        const facts: ObligationFacts = {
          state: row.state,
          selectedOn: row.selectedOn,
          waitingAgreementOn: row.waitingAgreementOn,
          plannedDepartureOn: row.plannedDepartureOn,
          contractSignedOn: row.contractSignedOn ?? null,
          jobCategory: terms?.job_category ?? null,
          fundContributionPaidOn: fundPaidOn,
          depositReceivedVnd: Number(received),
          depositReceivedOn: live.find((r) => r.kind === 'deposit_received')?.occurred_on ?? null,
          depositHeldVnd: Number(heldNow),
          depositSettledOn: received > 0n && heldNow === 0n ? (outs.at(-1)?.occurred_on ?? null) : null,
          exitedOn: exit ? dateInVietnam(new Date(exit.at)) : null,
          departedOn: row.departedOn,
          labourContractEndOn: row.labourContractEndOn,
          returnedOn: row.returnedOn,
          liquidatedOn: row.liquidatedOn,
          databaseUpdatedOn: row.databaseUpdatedOn ?? null,
          residenceNotifiedOn: row.residenceNotifiedOn ?? null,
          market: terms?.destination_country ?? null,
          changes: changes.sort((a, b) => a.on.localeCompare(b.on)),
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
              Number(row.agencyId),
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
        if (next.on !== row.nextDeadlineOn || next.rule !== row.nextDeadlineRule)
          await client.query(
            'UPDATE "cases" SET "next_deadline_on"=$1,"next_deadline_rule"=$2,"updated_at"=$3 WHERE "id" = $4',
            [next.on, next.rule, new Date(), id],
          );
        await client.query('COMMIT;');
        return { data: entryOut(entry), replayed: false };
      } catch (err) {
        await client.query('ROLLBACK;');
        throw err;
      } finally {
        client.release();
      }
    },

    // the reconciliation page's data (money.service.ts reconciliation, the held tab's first page): its two statements,
    // answered as JSON (the page renders them; the scenario compares statuses only)
    'GET /money/reconciliation': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const on = today();
      const pageNo = 1;
      const size = 20;
      const [totals] = (
        await db.query<{
          cases: number;
          held: string;
          due: number;
          due_vnd: string;
          overdue: number;
          overdue_vnd: string;
        }>(
          `SELECT count(*)::int AS cases, coalesce(sum(b.deposit_held_vnd), 0) AS held,
            count(o.id)::int AS due, coalesce(sum(b.deposit_held_vnd) FILTER (WHERE o.id IS NOT NULL), 0) AS due_vnd,
            count(o.id) FILTER (WHERE o.due_on < $2)::int AS overdue,
            coalesce(sum(b.deposit_held_vnd) FILTER (WHERE o.due_on < $2), 0) AS overdue_vnd
     FROM ledger_balances b
     ${LEFT_JOIN_REFUND}
     WHERE b.agency_id = $1 AND b.deposit_held_vnd > 0`,
          [actor.agencyId, on],
        )
      ).rows;
      const { rows } = await db.query<{
        case_id: string;
        code: string;
        full_name: string;
        cccd: string;
        state: string;
        held: string;
        received: string;
        liquidated_on: string | null;
        due_on: string | null;
      }>(
        `SELECT b.case_id, p.code, w.full_name, w.cccd, p.state, b.deposit_held_vnd AS held, b.deposit_received_vnd AS received,
            p.liquidated_on, o.due_on
     FROM ledger_balances b
     ${LEFT_JOIN_REFUND}
     JOIN case_placements p ON p.id = b.case_id
     JOIN worker_directory w ON w.id = b.worker_id
     WHERE b.agency_id = $1 AND b.deposit_held_vnd > 0  AND $2::date IS NOT NULL
     ORDER BY o.due_on ASC NULLS LAST, b.case_id
     LIMIT ${size} OFFSET ${(pageNo - 1) * size}`,
        [actor.agencyId, on],
      );
      return {
        totals: {
          cases: totals!.cases,
          heldVnd: Number(totals!.held),
          refundsDue: totals!.due,
          refundsDueVnd: Number(totals!.due_vnd),
          refundsOverdue: totals!.overdue,
          refundsOverdueVnd: Number(totals!.overdue_vnd),
        },
        data: rows.map((r) => ({
          caseId: Number(r.case_id),
          caseCode: r.code,
          workerName: r.full_name,
          workerCccdMasked: maskCccd(r.cccd),
          state: r.state,
          heldVnd: Number(r.held),
          receivedVnd: Number(r.received),
          liquidatedOn: r.liquidated_on,
          refundDueOn: r.due_on,
          overdue: r.due_on !== null && r.due_on < on,
        })),
        page: { number: pageNo, size, total: totals!.cases },
      };
    },
  };
}
