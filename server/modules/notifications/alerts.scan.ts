// The alert scan (issue 20): set-based SQL over the obligations table and the facts, for one day. Each alert is keyed
// by (rule, subject, due date), so a scan run twice creates nothing new; an alert whose condition is gone resolves
// itself ("cleared"), and reopens if the condition comes back. A stage reached (a lead time, the due date passed,
// the grace period passed: escalation) is announced once per recipient in the one inbox (notifications).
//
// One transaction, under an advisory lock (a second scan at the same time waits for the first, then finds nothing
// to do). The candidate set goes to a temporary table: one statement per source (obligations joined to a VALUES list
// of the rules; contracts ending; agency licences; province budgets), never a query per case.
import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { today as clockToday } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { defineJob } from '../../shared/queue';
import { policiesAt, reloadPolicies } from '../policies';
import { reloadCalendar, workingCalendar } from '../reference';
import { alertRules, ruleWindow, STAGE_ESCALATED, STAGE_OVERDUE, type RuleWindow } from './alerts.catalogue';
import { forgetUnreadCounts } from './notifications.service';

export const SCAN_JOB = 'alerts.scan';

export interface ScanSummary {
  on: string;
  rules: number;
  skippedRules: string[];
  candidates: number;
  created: number;
  reopened: number;
  changed: number;
  resolved: number;
  notifications: number;
  ms: number;
}

/** The stage of a due date under one rule's window ($-numbered parameters given), as SQL. */
function stageSql(due: string, horizons: string, escalate: string, overdue: string, on: string): string {
  return `CASE WHEN ${overdue} AND ${escalate} IS NOT NULL AND ${due} < ${escalate} THEN ${STAGE_ESCALATED}
               WHEN ${overdue} AND ${due} < ${on} THEN ${STAGE_OVERDUE}
               WHEN ${due} >= ${on} THEN (SELECT max(h.i)::int FROM unnest(${horizons}) WITH ORDINALITY AS h(d, i) WHERE ${due} <= h.d)
          END`;
}

/** Fills alert_now with every (rule, subject, due date) whose condition holds today, with its stage. */
async function collect(windows: RuleWindow[], on: string, t: Transaction): Promise<void> {
  await execute(
    `CREATE TEMP TABLE alert_now (
       rule text NOT NULL, subject_type text NOT NULL, subject_id bigint NOT NULL, due_on date NOT NULL, stage smallint NOT NULL,
       agency_id bigint, province_code varchar(2), commune_code varchar(5), worker_id bigint, case_id bigint,
       assignee_user_id bigint, detail jsonb,
       -- the stage its recipients were last told (0: new or reopened; an alert resolved by hand is told nothing)
       announced smallint NOT NULL DEFAULT 0, reopen boolean NOT NULL DEFAULT false
     ) ON COMMIT DROP`,
    [],
    t,
  );
  const byRule = (source: string) => windows.filter((w) => w.rule.source === source);

  // obligations: one pass over the open ones due before the farthest horizon, matched to the rules by kind
  const obligationRules = byRule('obligation');
  if (obligationRules.length) {
    const bind: unknown[] = [on];
    const values = obligationRules
      .map((w) => {
        const [base, arg] = w.rule.obligationKind!.split(':');
        bind.push(w.rule.id, base, arg ?? null, w.rule.whoseMove, w.horizons, w.escalateBefore, w.rule.overdue);
        const n = bind.length;
        return `($${n - 6}::text, $${n - 5}::text, $${n - 4}::text, $${n - 3}::text, $${n - 2}::date[], $${n - 1}::date, $${n}::boolean)`;
      })
      .join(', ');
    const farthest = obligationRules.map((w) => w.horizons[0] ?? on).sort((a, b) => b.localeCompare(a))[0];
    bind.push(farthest);
    const farIdx = bind.length;
    await execute(
      `INSERT INTO alert_now
       SELECT * FROM (
         SELECT r.id, o.subject_type, o.subject_id, o.due_on,
                ${stageSql('o.due_on', 'r.horizons', 'r.escalate_before', 'r.overdue', '$1::date')} AS stage,
                o.agency_id, o.province_code, o.commune_code,
                COALESCE(cp.worker_id, ga.worker_id), CASE WHEN o.subject_type = 'case' THEN o.subject_id END,
                cp.assignee_user_id,
                CASE WHEN r.id = 'liquidation' THEN jsonb_build_object('notices',
                       (SELECT count(*) FROM case_notice_dates n WHERE n.case_id = o.subject_id))
                     WHEN o.kind LIKE 'monthly_update:%' THEN jsonb_build_object('month', split_part(o.kind, ':', 2)) END
         FROM obligations o
         JOIN (VALUES ${values}) AS r(id, kind_base, kind_arg, whose_move, horizons, escalate_before, overdue)
           ON split_part(o.kind, ':', 1) = r.kind_base AND (r.kind_arg IS NULL OR split_part(o.kind, ':', 2) = r.kind_arg)
          AND (r.whose_move IS NULL OR o.whose_move = r.whose_move)
         LEFT JOIN case_routing cp ON o.subject_type = 'case' AND cp.id = o.subject_id
         LEFT JOIN grant_application_directory ga ON o.subject_type = 'grant_application' AND ga.id = o.subject_id
         WHERE o.status = 'open' AND o.due_on <= $${farIdx}::date
       ) x WHERE stage IS NOT NULL`,
      bind,
      t,
    );
  }

  // labour contracts ending (workers abroad): from the case's own dates, no obligation
  for (const w of byRule('contract_end')) {
    await execute(
      `INSERT INTO alert_now
       SELECT $2::text, 'case', cp.id, cp.labour_contract_end_on,
              ${stageSql('cp.labour_contract_end_on', '$3::date[]', 'NULL::date', 'false', '$1::date')},
              cp.agency_id, wd.province_code, wd.commune_code, cp.worker_id, cp.id, cp.assignee_user_id, NULL
       FROM case_routing cp JOIN worker_directory wd ON wd.id = cp.worker_id
       WHERE cp.state = 'departed' AND cp.labour_contract_end_on >= $1::date AND cp.labour_contract_end_on <= $4::date`,
      [on, w.rule.id, w.horizons, w.horizons[0]],
      t,
    );
  }

  // agency licences expiring (or expired while the agency is still active)
  for (const w of byRule('agency_licence')) {
    await execute(
      `INSERT INTO alert_now
       SELECT $2::text, 'agency', a.id, a.licence_expires_on,
              ${stageSql('a.licence_expires_on', '$3::date[]', 'NULL::date', `${w.rule.overdue}`, '$1::date')},
              a.id, a.province_code, NULL, NULL, NULL, NULL, NULL
       FROM agency_licences a
       WHERE a.status = 'active' AND a.kind = 'service_enterprise' AND a.licence_expires_on <= $4::date`,
      [on, w.rule.id, w.horizons, w.horizons[0]],
      t,
    );
  }

  // province budgets committed (and paid) beyond the threshold, for this fiscal year and later
  for (const w of byRule('budget')) {
    await execute(
      `INSERT INTO alert_now
       SELECT $1::text, 'grant_budget', b.id, make_date(b.fiscal_year, 12, 31), 1, NULL, b.province_code, NULL, NULL, NULL, NULL,
              jsonb_build_object('share', round((b.committed_vnd + b.paid_vnd) * 100.0 / b.allocated_vnd, 1),
                                 'year', b.fiscal_year, 'programme', b.programme_code, 'source', b.source)
       FROM grant_budget_directory b
       WHERE b.allocated_vnd > 0 AND b.fiscal_year >= $2::int AND (b.committed_vnd + b.paid_vnd) * 100 > b.allocated_vnd * $3::numeric`,
      [w.rule.id, Number(on.slice(0, 4)), w.threshold],
      t,
    );
  }
  await execute('CREATE INDEX ON alert_now (rule, subject_type, subject_id, due_on)', [], t);
  await execute('ANALYZE alert_now', [], t);
}

/**
 * Whether a resolved alert (table alias `a`) reopens at the stage `stage`: one closed by the scan (its condition went
 * and came back), or one resolved by hand that has since been breached further (overdue, escalated): "Đã xử lý" never
 * silences a missed deadline.
 */
const REOPENS = (a: string, stage: string) =>
  `(${a}.status = 'resolved' AND (${a}.resolution = 'cleared' OR (${a}.resolution = 'manual' AND ${stage} >= ${STAGE_OVERDUE} AND ${stage} > ${a}.resolved_stage)))`;

/** Upserts the alerts of alert_now, resolves the open ones no longer there, and writes the notifications. */
async function apply(
  windows: RuleWindow[],
  on: string,
  t: Transaction,
): Promise<Omit<ScanSummary, 'on' | 'rules' | 'skippedRules' | 'ms'>> {
  // what each candidate's alert was told before (read before the upsert, which records the stage as told)
  await execute(
    `UPDATE alert_now n SET reopen = ${REOPENS('a', 'n.stage')},
            announced = CASE WHEN a.status = 'resolved' AND a.resolution = 'cleared' THEN 0
                             WHEN ${REOPENS('a', 'n.stage')} THEN a.notified_stage
                             WHEN a.status = 'resolved' THEN ${STAGE_ESCALATED} ELSE a.notified_stage END
     FROM alerts a
     WHERE a.rule = n.rule AND a.subject_type = n.subject_type AND a.subject_id = n.subject_id AND a.due_on = n.due_on`,
    [],
    t,
  );
  const [{ candidates, reopened }] = await select<{ candidates: number; reopened: number }>(
    'SELECT count(*)::int AS candidates, count(*) FILTER (WHERE reopen)::int AS reopened FROM alert_now',
    [],
    t,
  );
  const reopen = REOPENS('alerts', 'EXCLUDED.stage');
  const [{ created, changed }] = await select<{ created: number; changed: number }>(
    `WITH up AS (
       INSERT INTO alerts (rule, subject_type, subject_id, due_on, stage, severity, agency_id, province_code, commune_code,
                           worker_id, case_id, assignee_user_id, detail, opened_on, stage_on, notified_stage)
       SELECT n.rule, n.subject_type, n.subject_id, n.due_on, n.stage,
              CASE WHEN n.stage >= ${STAGE_OVERDUE} THEN 'critical' ELSE r.severity END,
              n.agency_id, n.province_code, n.commune_code, n.worker_id, n.case_id, n.assignee_user_id, n.detail, $1::date, $1::date,
              n.stage
       FROM alert_now n JOIN alert_rules r ON r.id = n.rule
       ON CONFLICT (rule, subject_type, subject_id, due_on) DO UPDATE SET
         stage = EXCLUDED.stage, severity = EXCLUDED.severity,
         status = CASE WHEN ${reopen} THEN 'open' ELSE alerts.status END,
         resolution = CASE WHEN ${reopen} THEN NULL ELSE alerts.resolution END,
         resolved_at = CASE WHEN ${reopen} THEN NULL ELSE alerts.resolved_at END,
         reopened_count = alerts.reopened_count + CASE WHEN ${reopen} THEN 1 ELSE 0 END,
         -- an open (or reopened) alert's stage is told in this same transaction (announce, below)
         notified_stage = CASE WHEN ${reopen} OR alerts.status = 'open' THEN EXCLUDED.stage ELSE alerts.notified_stage END,
         acknowledged_at = CASE WHEN ${reopen} THEN NULL ELSE alerts.acknowledged_at END,
         acknowledged_by_user_id = CASE WHEN ${reopen} THEN NULL ELSE alerts.acknowledged_by_user_id END,
         stage_on = CASE WHEN ${reopen} OR alerts.stage <> EXCLUDED.stage THEN EXCLUDED.stage_on ELSE alerts.stage_on END,
         agency_id = EXCLUDED.agency_id, province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code,
         worker_id = EXCLUDED.worker_id, case_id = EXCLUDED.case_id, assignee_user_id = EXCLUDED.assignee_user_id,
         detail = EXCLUDED.detail, updated_at = now()
       WHERE ${reopen} OR (alerts.stage, alerts.notified_stage, alerts.severity, alerts.agency_id, alerts.province_code, alerts.commune_code,
                           alerts.worker_id, alerts.case_id, alerts.assignee_user_id, alerts.detail)
         IS DISTINCT FROM (EXCLUDED.stage, CASE WHEN alerts.status = 'open' THEN EXCLUDED.stage ELSE alerts.notified_stage END,
                           EXCLUDED.severity, EXCLUDED.agency_id, EXCLUDED.province_code, EXCLUDED.commune_code,
                           EXCLUDED.worker_id, EXCLUDED.case_id, EXCLUDED.assignee_user_id, EXCLUDED.detail)
       RETURNING (xmax = 0) AS inserted
     )
     SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS changed FROM up`,
    [on],
    t,
  );
  // the scanned rules' open alerts whose condition is gone (a rule skipped today keeps its alerts as they are)
  const resolved = await execute(
    `UPDATE alerts a SET status = 'resolved', resolution = 'cleared', resolved_at = now(), updated_at = now()
     WHERE a.status = 'open' AND a.rule = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM alert_now n
                       WHERE n.rule = a.rule AND n.subject_type = a.subject_type AND n.subject_id = a.subject_id AND n.due_on = a.due_on)`,
    [windows.map((w) => w.rule.id)],
    t,
  );
  // resolved by hand and now gone too: closed by the scan as well, so that a comeback reopens it
  await execute(
    `UPDATE alerts a SET resolution = 'cleared', updated_at = now()
     WHERE a.status = 'resolved' AND a.resolution = 'manual' AND a.rule = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM alert_now n
                       WHERE n.rule = a.rule AND n.subject_type = a.subject_type AND n.subject_id = a.subject_id AND n.due_on = a.due_on)`,
    [windows.map((w) => w.rule.id)],
    t,
  );
  const notifications = await announce(t);
  return { candidates, created, reopened, changed: changed - reopened, resolved, notifications };
}

/**
 * Announces each open alert's new stage: its audience for a lead time or the due date passed, the level above for an
 * escalation (agency or commune → the province's officers; province → the admins). Agency alerts go to the case's
 * assignee (an active member of the agency), else to every active member of the agency. Keyed per alert, reopening,
 * stage and recipient: never the same notification twice.
 */
async function announce(t: Transaction): Promise<number> {
  // the alerts to tell, as a table of their own with its statistics: joined to the users with estimates the planner
  // can trust (a CTE's guess of one row made it loop over every alert × every user: minutes on the bench)
  await execute(
    `CREATE TEMP TABLE alert_due ON COMMIT DROP AS
     SELECT a.id, a.rule, a.subject_type, a.subject_id, a.due_on, a.stage, a.severity, a.reopened_count, a.detail,
            a.agency_id, a.province_code, a.commune_code, a.worker_id, a.assignee_user_id,
            n.announced AS told, r.audience, r.title AS rule_title, r.worker_text,
            LEAST(a.stage, ${STAGE_OVERDUE}) AS base_stage,
            'agency' = ANY(r.audience) AS to_agency, 'commune' = ANY(r.audience) AS to_commune,
            'province' = ANY(r.audience) AS to_province, 'admin' = ANY(r.audience) AS to_admin,
            r.threshold_key IS NOT NULL AS threshold_rule
     FROM alert_now n
     JOIN alerts a ON a.rule = n.rule AND a.subject_type = n.subject_type AND a.subject_id = n.subject_id AND a.due_on = n.due_on
     JOIN alert_rules r ON r.id = a.rule
     WHERE a.status = 'open' AND (LEAST(a.stage, ${STAGE_OVERDUE}) > n.announced
                                  OR (a.stage = ${STAGE_ESCALATED} AND n.announced < ${STAGE_ESCALATED}))`,
    [],
    t,
  );
  await execute('ANALYZE alert_due', [], t);
  const written = await execute(
    `WITH staff AS (
       -- each audience an equi-join of its own, between two tables with statistics (users are few: thousands)
       -- the alert's own audience (its stage, up to overdue): the case's assignee when an active member of the agency
       SELECT d.id, d.base_stage AS st, u.id AS user_id
       FROM alert_due d JOIN user_directory u ON u.id = d.assignee_user_id AND u.agency_id = d.agency_id
       WHERE d.to_agency AND d.base_stage > d.told AND u.active AND u.role IN ('agency_staff', 'centre_staff')
       UNION ALL
       -- else every active member of the agency
       SELECT d.id, d.base_stage, u.id
       FROM alert_due d JOIN user_directory u ON u.agency_id = d.agency_id
       WHERE d.to_agency AND d.base_stage > d.told AND u.active AND u.role IN ('agency_staff', 'centre_staff')
         AND NOT EXISTS (SELECT 1 FROM user_directory x
                         WHERE x.id = d.assignee_user_id AND x.active AND x.role IN ('agency_staff', 'centre_staff') AND x.agency_id = d.agency_id)
       UNION ALL
       SELECT d.id, d.base_stage, u.id
       FROM alert_due d JOIN user_directory u ON u.commune_code = d.commune_code
       WHERE d.to_commune AND d.base_stage > d.told AND u.active AND u.role = 'commune_officer'
       UNION ALL
       SELECT d.id, d.base_stage, u.id
       FROM alert_due d JOIN user_directory u ON u.province_code = d.province_code
       WHERE d.to_province AND d.base_stage > d.told AND u.active AND u.role = 'province_officer'
       UNION ALL
       SELECT d.id, d.base_stage, u.id
       FROM alert_due d CROSS JOIN user_directory u
       WHERE d.to_admin AND d.base_stage > d.told AND u.active AND u.role = 'admin'
       UNION ALL
       -- escalation, one level up: agency or commune → the province's officers; province → admins
       SELECT d.id, ${STAGE_ESCALATED}, u.id
       FROM alert_due d JOIN user_directory u ON u.province_code = d.province_code
       WHERE d.stage = ${STAGE_ESCALATED} AND (d.to_agency OR d.to_commune) AND u.active AND u.role = 'province_officer'
       UNION ALL
       SELECT d.id, ${STAGE_ESCALATED}, u.id
       FROM alert_due d CROSS JOIN user_directory u
       WHERE d.stage = ${STAGE_ESCALATED} AND u.active AND u.role = 'admin'
         AND (NOT (d.to_agency OR d.to_commune)
              -- no active officer in the province (or no province known): the escalation goes to the admins
              OR NOT EXISTS (SELECT 1 FROM user_directory p
                             WHERE p.province_code = d.province_code AND p.active AND p.role = 'province_officer'))
     ),
     texts AS (
       SELECT s.user_id, NULL::bigint AS worker_id, d.id AS alert_id, s.st, d.reopened_count,
              CASE WHEN s.st >= ${STAGE_ESCALATED} THEN 'Chuyển lên cấp trên – quá hạn chưa xử lý: '
                   WHEN s.st >= ${STAGE_OVERDUE} THEN 'Quá hạn: ' WHEN d.threshold_rule THEN 'Cảnh báo: ' ELSE 'Sắp đến hạn: ' END
                || d.rule_title AS title,
              concat_ws(' ',
                CASE WHEN w.full_name IS NOT NULL THEN 'Người lao động: ' || w.full_name || '.' END,
                CASE WHEN ag.name IS NOT NULL AND d.subject_type = 'agency'
                     THEN CASE WHEN ag.kind = 'employment_centre' THEN 'Trung tâm: ' || ag.name || '.'
                               ELSE 'Doanh nghiệp: ' || ag.name || COALESCE(' (giấy phép số ' || ag.licence_number || ')', '') || '.' END END,
                CASE WHEN d.subject_type = 'grant_budget'
                     THEN 'Đã cam kết ' || replace(d.detail->>'share', '.', ',') || '% dự toán năm ' || (d.detail->>'year') || '.'
                     ELSE 'Hạn: ' || to_char(d.due_on, 'DD/MM/YYYY') || '.' END,
                CASE WHEN d.rule = 'liquidation' THEN 'Đã gửi ' || COALESCE(d.detail->>'notices', '0') || ' thông báo bằng thư bảo đảm.' END,
                CASE WHEN d.detail->>'month' IS NOT NULL THEN 'Thay đổi của tháng ' || substr(d.detail->>'month', 6, 2) || '/' || substr(d.detail->>'month', 1, 4) || '.' END
              ) AS body,
              CASE WHEN s.st >= ${STAGE_OVERDUE} THEN 'critical' ELSE d.severity END AS severity,
              CASE d.subject_type WHEN 'case' THEN '/cases/' || d.subject_id WHEN 'grant_application' THEN '/grants/' || d.subject_id
                   WHEN 'agency' THEN CASE WHEN ag.kind = 'employment_centre' THEN '/viec-lam/bao-cao' ELSE '/agencies/' || d.subject_id END
                   WHEN 'grant_budget' THEN '/grants/budgets/picture'
                   WHEN 'vacancy' THEN '/viec-lam/viec-trong/' || d.subject_id
                   WHEN 'referral' THEN '/viec-lam/gioi-thieu/' || d.subject_id END AS link,
              d.subject_type, d.subject_id
       FROM staff s JOIN alert_due d ON d.id = s.id
       LEFT JOIN worker_directory w ON w.id = d.worker_id
       LEFT JOIN agency_licences ag ON d.subject_type = 'agency' AND ag.id = d.subject_id
       UNION ALL
       -- the worker herself, in plain words, in her portal inbox (by worker record: she may have no account yet)
       SELECT NULL, d.worker_id, d.id, d.base_stage, d.reopened_count,
              CASE WHEN d.base_stage >= ${STAGE_OVERDUE} THEN 'Đã quá hạn: ' ELSE 'Việc cần làm: ' END
                || replace(d.worker_text, '{due}', to_char(d.due_on, 'DD/MM/YYYY')),
              NULL, CASE WHEN d.base_stage >= ${STAGE_OVERDUE} THEN 'critical' ELSE d.severity END, '/toi', d.subject_type, d.subject_id
       FROM alert_due d
       WHERE 'worker' = ANY(d.audience) AND d.worker_text IS NOT NULL AND d.worker_id IS NOT NULL AND d.base_stage > d.told
     )
     INSERT INTO notifications (recipient_user_id, recipient_worker_id, kind, title, body, subject_type, subject_id,
                                idempotency_key, severity, alert_id, link)
     SELECT user_id, worker_id, 'alert', title, NULLIF(body, ''), subject_type, subject_id::text,
            'alert:' || alert_id || ':' || reopened_count || ':' || st || ':' || COALESCE('u' || user_id, 'w' || worker_id),
            severity, alert_id, link
     FROM texts
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [],
    t,
  );
  return written;
}

/** Scans every rule of the catalogue for the day `on` (default: today in Vietnam). */
export async function scanAlerts(on: string = clockToday()): Promise<ScanSummary> {
  const started = Date.now();
  const [rules, policy] = await Promise.all([alertRules(), policiesAt(on)]);
  const calendar = await workingCalendar();
  const grace = policy.get('alert.escalation.grace');
  const windows: RuleWindow[] = [];
  const skippedRules: string[] = [];
  for (const rule of rules) {
    const w = ruleWindow(rule, on, policy, calendar, grace);
    if (w) windows.push(w);
    else skippedRules.push(rule.id);
  }
  if (skippedRules.length) logger.warn({ skippedRules, on }, 'alerts.rules_skipped');
  const counts = await inTransaction(async (t) => {
    // one scan at a time: a second waits here, then sees the first one's alerts and changes nothing
    await execute("SELECT pg_advisory_xact_lock(hashtext('alerts.scan'))", [], t);
    await collect(windows, on, t);
    return apply(windows, on, t);
  });
  forgetUnreadCounts();
  return { on, rules: windows.length, skippedRules, ...counts, ms: Date.now() - started };
}

defineJob({
  name: SCAN_JOB,
  label: 'Quét hạn và tạo cảnh báo (hằng ngày)',
  handler: async () => {
    reloadCalendar();
    reloadPolicies();
    return scanAlerts();
  },
  expireInSeconds: 3600,
  retryLimit: 3,
  recordRuns: true,
});
