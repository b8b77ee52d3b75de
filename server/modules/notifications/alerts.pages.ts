// The alert rules catalogue for admins (/admin/canh-bao): each rule's legal rule, audience, lead times as the policy
// values in force today, severity and escalation, with its open alerts counted; and a case's alerts as a panel of
// the case page (the cases module asks for it by name, so neither module imports the other).
import express from 'express';
import { select } from '../../db/sql';
import { requirePermission } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import { formatDateTimeVi, formatDateVi } from '../../shared/dates';
import { pageContext } from '../../shared/pages';
import { registerPanel } from '../../shared/registry';
import { ruleWords } from '../../shared/rules';
import { policiesAt } from '../policies';
import {
  alertRules,
  AUDIENCE_LABELS,
  SEVERITY_LABELS,
  STAGE_ESCALATED,
  STAGE_OVERDUE,
  stageLabel,
} from './alerts.catalogue';
import { alertsOfCase } from './notifications.service';

export const alertsPages = express.Router();

const UNIT_WORDS: Record<string, string> = { days: ' ngày', working_days: ' ngày làm việc', percent: '%' };

alertsPages.get('/admin/canh-bao', requirePermission('alerts:rules'), async (req, res) => {
  const on = today();
  const [rules, policy, counts, lastScan] = await Promise.all([
    alertRules(),
    policiesAt(on),
    select<{ rule: string; open: number; overdue: number; escalated: number; resolved30: number }>(
      `SELECT rule, count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'open' AND stage >= ${STAGE_OVERDUE})::int AS overdue,
              count(*) FILTER (WHERE status = 'open' AND stage >= ${STAGE_ESCALATED})::int AS escalated,
              count(*) FILTER (WHERE status = 'resolved' AND resolved_at > now() - interval '30 days')::int AS resolved30
       FROM alerts GROUP BY rule`,
    ),
    select<{ started_at: Date; status: string }>(
      "SELECT started_at, status FROM job_runs WHERE job = 'alerts.scan' ORDER BY started_at DESC LIMIT 1",
    ),
  ]);
  const byRule = new Map(counts.map((c) => [c.rule, c]));
  const grace = policy.get('alert.escalation.grace');
  const valueOf = (key: string) => {
    const p = policy.get(key);
    return p ? `${p.value}${UNIT_WORDS[p.unit] ?? ` ${p.unit}`}` : 'chưa có giá trị hiệu lực';
  };
  res.render(
    'notifications/rules',
    pageContext(req, 'Quy tắc cảnh báo', {
      grace: grace ? valueOf('alert.escalation.grace') : 'chưa có giá trị hiệu lực',
      lastScan: lastScan[0]
        ? `${formatDateTimeVi(lastScan[0].started_at)} (${lastScan[0].status === 'succeeded' ? 'thành công' : lastScan[0].status === 'failed' ? 'lỗi' : 'đang chạy'})`
        : 'chưa chạy lần nào',
      rules: rules.map((r) => ({
        ...r,
        ruleText: ruleWords(r.ruleId),
        audienceText: r.audience.map((a) => AUDIENCE_LABELS[a]).join('; '),
        leads: r.leadKeys.map((k) => ({ key: k, text: `${valueOf(k)} trước hạn` })),
        threshold: r.thresholdKey ? { key: r.thresholdKey, text: `trên ${valueOf(r.thresholdKey)}` } : null,
        severityText: SEVERITY_LABELS[r.severity],
        counts: byRule.get(r.id) ?? { open: 0, overdue: 0, escalated: 0, resolved30: 0 },
      })),
    }),
  );
});

registerPanel('alerts.case', async (_actor, caseId) =>
  (await alertsOfCase(caseId)).map((a) => ({
    ...a,
    alertRule: a.rule,
    dueText: formatDateVi(a.dueOn),
    stageText: a.status === 'open' ? stageLabel(a.stage) : a.resolution === 'cleared' ? 'Đã tự đóng' : 'Đã xử lý',
    severityText: SEVERITY_LABELS[a.severity],
    ruleText: ruleWords(a.ruleId),
    open: a.status === 'open',
  })),
);
