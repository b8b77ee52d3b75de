export {
  notifyWorker,
  notifyOrganisation,
  notificationsOfWorker,
  inbox,
  unreadCount,
  markRead,
  acknowledge,
  resolveByHand,
  openAlertCounts,
  alertsOfCase,
  type CaseAlert,
  type InboxFilter,
  type NewNotification,
  type NotificationRow,
} from './notifications.service';
export { notificationsPages, unreadInNavigation } from './notifications.pages';
export { scanAlerts, SCAN_JOB, type ScanSummary } from './alerts.scan';
export { sendDigests, sendDigest, composeDigest, DIGEST_JOB, DIGEST_SEND_JOB } from './alerts.digest';
export { alertRules, SEVERITY_LABELS, STAGE_OVERDUE, STAGE_ESCALATED, stageLabel } from './alerts.catalogue';
export { alertsPages } from './alerts.pages';
export { notificationsApi } from './notifications.routes';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
// Alerts live here: they reach people only through this one inbox (issue 20: "build no second inbox").
// (alert_now: the scan's temporary table, dropped at its commit)
export const OWNED_TABLES: readonly string[] = ['notifications', 'alerts', 'alert_rules', 'alert_digests', 'alert_now'];
