// The job exchange's reports (issue 22): Decree 352 Annex III Mẫu 01 (E6) and the batch exports to the National Job
// Exchange (E4).
import './exchange-reports.template';

export { exchangeReportsApi } from './exchange-reports.routes';
export { exchangeReportsPages } from './exchange-reports.pages';
export { ensureReportObligations, computeReport, REPORT_TEMPLATE } from './exchange-reports.service';
export { reportPeriod, priorPeriod, reportYearOf } from './exchange-reports.periods';
export { computeLines, LINES } from './exchange-reports.lines';
export { EXCHANGE_REPORT_OBLIGATIONS_JOB } from './exchange-reports.jobs';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['exchange_reports', 'nje_exports', 'nje_export_rows'];
