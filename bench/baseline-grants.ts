// The baseline's support-grant routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/grants/grants.service.ts eligibilityFor and listApplications send, statement for statement, on the
// bare pool, for the agency staff and the province officer the grant scenarios log in as (bench/scenarios-grants.ts).
// The criteria are the app's own pure rules (grants.rules.ts eligibility, bestGroup) over the same facts.
import type { Request } from 'express';
import type pg from 'pg';
import { HttpError, tokenUser } from './baseline-auth';
import { appCaches, authenticateStaff, lit } from './baseline-cases';
import { CASE_COLUMNS, ORDER_COLUMNS } from './baseline-money';
import { maskCccd } from '../server/shared/cccd';
import { today } from '../server/shared/clock';
import { TOTAL_CAP } from '../server/shared/page-cap';
import { CASE_STATE_TABLE } from '../server/modules/cases/cases.states';
import {
  PROGRAMMES,
  bestGroup,
  eligibility,
  type EligibilityFacts,
  type Programme,
  type WorkerFacts,
} from '../server/modules/grants/grants.rules';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

/** grants.workflow.ts GRANT_STATE_TABLE's labels (the queue shows them). */
const STATE_LABELS: Record<string, string> = {
  draft: 'Nháp',
  submitted: 'Chờ xã xác nhận',
  certified: 'Chờ tỉnh phê duyệt',
  returned: 'Trả lại để bổ sung',
  approved: 'Đã phê duyệt',
  rejected: 'Không được hỗ trợ',
};
const STATES = Object.keys(STATE_LABELS);

// grants.facts.ts evaluate's statement texts, byte for byte (bound parameters, as the app's plain statements)
const PROGRAMMES_SQL =
  'SELECT code, name, payable_from, payable_to, citation FROM grant_programmes WHERE code = ANY($1)';
const WORKER_SQL = `SELECT full_name AS "fullName", date_of_birth AS "dateOfBirth", ethnicity, province_code AS "provinceCode",
            commune_code AS "communeCode", old_province_name AS "oldProvinceName", old_district_name AS "oldDistrictName",
            household_status AS "householdStatus", household_status_year AS "householdStatusYear",
            land_recovered AS "landRecovered", meritorious_family AS "meritoriousFamily"
     FROM workers WHERE id = $1`;
const AREA_SQL = `SELECT kind, commune_code, old_district_name, old_province_name FROM grant_eligible_areas
     WHERE province_code = $1 AND (commune_code = $2 OR (old_province_name = $3 AND old_district_name = $4))
     ORDER BY kind DESC LIMIT 1`;
const PLACEMENT_SQL = `SELECT p.state, p.job_order_id, o.reference FROM case_placements p JOIN job_order_terms o ON o.id = p.job_order_id
     WHERE p.id = $1 AND p.worker_id = $2`;
const AWARDED_SQL = `SELECT a.item, a.grant_application_id, g.province_code FROM grant_item_awards a
     JOIN grant_applications g ON g.id = a.grant_application_id WHERE a.worker_id = $1`;
const DAYS_SQL =
  'SELECT sum(days_present) AS n FROM enrolment_attendance WHERE worker_id = $1 AND (case_id = $2 OR case_id IS NULL)';
const agencyKindSql = (id: unknown) => `SELECT "kind" FROM "agencies" AS "Agency" WHERE "Agency"."id" = ${id};`;

/** The app keeps every commune's name in its process (reference.service.ts loadReferenceNames, at start). */
let communeNames: Map<string, string> | null = null;
async function communeName(db: pg.Pool, code: string): Promise<string> {
  communeNames ??= new Map(
    (await db.query<{ code: string; name: string }>('SELECT code, name FROM communes')).rows.map((c) => [
      c.code,
      c.name,
    ]),
  );
  return communeNames.get(code) ?? code;
}

interface OrderRow {
  agencyId: string;
  destinationCountry: string | null;
  supplyRegStatus: string | null;
  supplyRegDate: string | null;
}

export function grantRoutes(): Record<string, Handler> {
  return {
    // eligibilityFor for agency staff: the token lookup, the case in the agency's scope (Case.findOne), then for each
    // programme evaluate()'s reads: the programme, the worker's facts, the eligible area, the case's stage and order,
    // the order's money terms (orderMoneyTerms: the order, the agency's kind, the market, the agency's kind again),
    // the awards anywhere, the training days; the criteria and the group from the app's pure rules
    'GET /api/v1/grants/eligibility': async (req, db) => {
      const actor = await authenticateStaff(req, db);
      const caches = await appCaches(db);
      const caseId = Number(req.query.caseId);
      if (!Number.isSafeInteger(caseId) || caseId < 1) throw new HttpError(400, 'bad caseId');
      const c = (
        await db.query<{ workerId: string }>(
          `SELECT ${CASE_COLUMNS} FROM "cases" AS "Case" WHERE ("Case"."id" = ${caseId} AND "Case"."agency_id" = ${actor.agencyId}) LIMIT 1;`,
        )
      ).rows[0];
      if (!c) throw new HttpError(404, 'Không tìm thấy hồ sơ');
      const workerId = Number(c.workerId);
      const on = today();
      // evaluateAll: the programmes in one statement, then her facts once for both
      const programmeRows = (
        await db.query<{
          code: Programme;
          name: string;
          payable_from: string;
          payable_to: string | null;
          citation: string;
        }>(PROGRAMMES_SQL, [[...PROGRAMMES]])
      ).rows;
      const byCode = new Map(programmeRows.map((r) => [r.code as string, r]));
      for (const code of PROGRAMMES)
        if (!byCode.has(code)) throw new HttpError(404, 'Không có chương trình hỗ trợ này');
      const worker = (
        await db.query<WorkerFacts & { oldProvinceName: string | null; oldDistrictName: string | null }>(WORKER_SQL, [
          workerId,
        ])
      ).rows[0];
      if (!worker) throw new HttpError(404, 'Không tìm thấy người lao động');
      const area = (
        await db.query<{
          kind: 'poor_district' | 'coastal_commune';
          commune_code: string | null;
          old_district_name: string | null;
          old_province_name: string | null;
        }>(AREA_SQL, [worker.provinceCode, worker.communeCode, worker.oldProvinceName, worker.oldDistrictName])
      ).rows[0];
      const placement = (
        await db.query<{ state: string; job_order_id: string; reference: string | null }>(PLACEMENT_SQL, [
          caseId,
          workerId,
        ])
      ).rows[0];
      let orderApproved = false;
      if (placement) {
        const order = (
          await db.query<OrderRow>(
            `SELECT ${ORDER_COLUMNS} FROM "job_orders" AS "JobOrder" WHERE "JobOrder"."id" = ${Number(placement.job_order_id)};`,
          )
        ).rows[0];
        if (order) {
          await db.query(agencyKindSql(order.agencyId));
          if (order.destinationCountry)
            await db.query(
              `SELECT "code", "name_vi" AS "nameVi", "name_en" AS "nameEn", "region" FROM "countries" AS "Country" WHERE "Country"."code" = ${lit(order.destinationCountry)};`,
            );
          const agency = (await db.query<{ kind: string }>(agencyKindSql(order.agencyId))).rows[0];
          const supplyApprovedOn =
            order.supplyRegStatus === 'approved' && order.supplyRegDate ? order.supplyRegDate : null;
          orderApproved =
            (agency?.kind ?? 'service_enterprise') === 'public_unit' ||
            Boolean(supplyApprovedOn && supplyApprovedOn <= on);
        }
      }
      const awarded = (
        await db.query<{ item: string; grant_application_id: string; province_code: string | null }>(AWARDED_SQL, [
          workerId,
        ])
      ).rows;
      await db.query(DAYS_SQL, [workerId, caseId]);
      const out = [];
      for (const programme of PROGRAMMES) {
        const p = byCode.get(programme)!;
        const facts: EligibilityFacts = {
          on,
          programme: {
            code: p.code,
            name: p.name,
            payableFrom: p.payable_from,
            payableTo: p.payable_to,
            citation: p.citation,
          },
          worker,
          provinceCode: worker.provinceCode ?? '',
          area: area
            ? {
                kind: area.kind,
                label: area.commune_code
                  ? `${area.kind === 'coastal_commune' ? 'xã đặc biệt khó khăn' : 'xã thuộc huyện nghèo'} ${await communeName(db, area.commune_code)}`
                  : `huyện nghèo ${area.old_district_name}, ${area.old_province_name} (địa giới cũ)`,
              }
            : null,
          case: placement
            ? {
                state: placement.state,
                stageLabel:
                  CASE_STATE_TABLE[placement.state as keyof typeof CASE_STATE_TABLE]?.label ?? placement.state,
                orderApproved,
                orderReference: placement.reference ?? '',
              }
            : null,
          declaredGroups: [],
          awarded: awarded.map((a) => ({
            item: a.item,
            applicationId: Number(a.grant_application_id),
            provinceCode: a.province_code,
          })),
        };
        const criteria = eligibility(facts, caches.policies.require('worker.min_age') as never);
        out.push({
          programme,
          name: p.name,
          eligible: criteria.every((k) => k.ok),
          criteria,
          group: bestGroup(facts),
          claims: [],
          allowedVnd: 0,
        });
      }
      return { data: { caseId, workerId, programmes: out } };
    },

    // listApplications for a province officer: the page (with the worker's name) and the capped count, the same two
    // statements with the same bound parameters
    'GET /api/v1/grants': async (req, db) => {
      const u = await tokenUser(req, db);
      if (u.role !== 'province_officer' || !u.province_code)
        throw new HttpError(403, 'the baseline serves province officers only here');
      const province = u.province_code;
      const state = req.query.state === undefined ? undefined : String(req.query.state);
      if (state !== undefined && !STATES.includes(state)) throw new HttpError(400, 'bad state');
      const page = Number(req.query.page ?? 1);
      const size = Number(req.query.pageSize ?? 20);
      const params: unknown[] = [province];
      const where = ['g.province_code = $1'];
      if (state) {
        params.push(state);
        where.push(`g.state = $${params.length}`);
      }
      const { rows } = await db.query<{
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
      }>(
        `SELECT g.id, g.state, g.programme_code, g.beneficiary_group, g.next_deadline_on, g.allowed_vnd, g.approved_vnd,
      g.submitted_on, w.full_name, w.cccd
    FROM (SELECT g.id FROM grant_applications g WHERE ${where.join(' AND ')}
          ORDER BY g.next_deadline_on ASC NULLS LAST, g.id ASC
          LIMIT ${size} OFFSET ${(page - 1) * size}) p
    JOIN grant_applications g ON g.id = p.id JOIN worker_directory w ON w.id = g.worker_id
    ORDER BY g.next_deadline_on ASC NULLS LAST, g.id ASC`,
        params,
      );
      const n = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM grant_applications g WHERE ${where.join(' AND ')} LIMIT 10001) x`,
          params,
        )
      ).rows[0]!.n;
      const capped = n > TOTAL_CAP;
      return {
        data: rows.map((r) => ({
          id: Number(r.id),
          state: r.state,
          stateLabel: STATE_LABELS[r.state] ?? r.state,
          programme: r.programme_code,
          group: r.beneficiary_group,
          nextDeadlineOn: r.next_deadline_on,
          allowedVnd: Number(r.allowed_vnd),
          approvedVnd: r.approved_vnd === null ? null : Number(r.approved_vnd),
          submittedOn: r.submitted_on,
          workerName: r.full_name,
          workerCccdMasked: maskCccd(r.cccd),
        })),
        page: { number: page, size, total: capped ? TOTAL_CAP : n, totalCapped: capped },
      };
    },
  };
}
