// The alert rules catalogue (table alert_rules, seeded by its migration): each rule's legal rule, audience, lead
// times (policy keys, so a change of law or of practice is a new policy version, not a release) and severity. The
// scan (alerts.scan.ts) turns each rule into a window of due dates for the day it runs.
import { select } from '../../db/sql';
import { addDays } from '../../shared/dates';
import type { WorkingCalendar } from '../../shared/working-days';
import type { PolicyRow, PolicySet } from '../policies';

export type Audience = 'agency' | 'commune' | 'province' | 'worker' | 'admin';
export type Severity = 'info' | 'warning' | 'critical';

export interface AlertRule {
  id: string;
  ruleId: string;
  title: string;
  workerText: string | null;
  source: 'obligation' | 'contract_end' | 'agency_licence' | 'budget';
  obligationKind: string | null;
  whoseMove: string | null;
  audience: Audience[];
  leadKeys: string[];
  thresholdKey: string | null;
  overdue: boolean;
  escalates: boolean;
  severity: Severity;
  position: number;
}

/** Stages: 1.. a lead time reached (1 the farthest), then the due date passed, then the grace period too. */
export const STAGE_OVERDUE = 10;
export const STAGE_ESCALATED = 20;

export const SEVERITY_LABELS: Record<Severity, string> = {
  info: 'Thông tin',
  warning: 'Cần chú ý',
  critical: 'Nghiêm trọng',
};

export const AUDIENCE_LABELS: Record<Audience, string> = {
  agency: 'Doanh nghiệp (người phụ trách hồ sơ)',
  commune: 'Cán bộ xã',
  province: 'Cán bộ tỉnh',
  worker: 'Người lao động (cổng thông tin)',
  admin: 'Quản trị hệ thống',
};

export function stageLabel(stage: number): string {
  if (stage >= STAGE_ESCALATED) return 'Quá hạn, đã chuyển lên cấp trên';
  if (stage >= STAGE_OVERDUE) return 'Quá hạn';
  return 'Sắp đến hạn';
}

export async function alertRules(): Promise<AlertRule[]> {
  return select<AlertRule>(
    `SELECT id, rule_id AS "ruleId", title, worker_text AS "workerText", source, obligation_kind AS "obligationKind",
            whose_move AS "whoseMove", audience, lead_keys AS "leadKeys", threshold_key AS "thresholdKey", overdue,
            escalates, severity, position
     FROM alert_rules ORDER BY position`,
  );
}

/** A lead time before a due date, as the horizon of the day `on`: a due date on or before it has reached the lead. */
export function horizonOf(on: string, lead: PolicyRow, calendar: WorkingCalendar): string {
  const n = Number(lead.value);
  return lead.unit === 'working_days' ? calendar.addWorkingDays(on, n) : addDays(on, n);
}

/**
 * The escalation cut-off of the day `on`: an overdue alert whose due date is before it has been overdue longer than
 * the grace period (the due date plus the grace, in its unit, is before `on`).
 */
export function escalationCutoff(on: string, grace: PolicyRow, calendar: WorkingCalendar): string {
  const n = Number(grace.value);
  return grace.unit === 'working_days' ? calendar.addWorkingDays(on, -n) : addDays(on, -n);
}

/** What the scan needs of a rule on the day `on`; null when a policy value it needs is not in force (skipped). */
export interface RuleWindow {
  rule: AlertRule;
  /** horizons, farthest first (stage i+1 when the due date is on or before horizons[i]) */
  horizons: string[];
  escalateBefore: string | null;
  threshold: number | null;
  policyIds: number[];
}

export function ruleWindow(
  rule: AlertRule,
  on: string,
  policy: PolicySet,
  calendar: WorkingCalendar,
  grace: PolicyRow | null,
): RuleWindow | null {
  const leads = rule.leadKeys.map((k) => policy.get(k));
  if (leads.some((l) => l === null)) return null;
  const threshold = rule.thresholdKey ? policy.get(rule.thresholdKey) : null;
  if (rule.thresholdKey && !threshold) return null;
  const horizons = (leads as PolicyRow[]).map((l) => horizonOf(on, l, calendar)).sort((a, b) => b.localeCompare(a));
  const escalateBefore = rule.overdue && rule.escalates && grace ? escalationCutoff(on, grace, calendar) : null;
  return {
    rule,
    horizons,
    escalateBefore,
    threshold: threshold ? Number(threshold.value) : null,
    policyIds: [...(leads as PolicyRow[]).map((l) => l.id), ...(threshold ? [threshold.id] : [])],
  };
}
