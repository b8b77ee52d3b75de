// E6: the reports' due dates become obligations of every active centre (the current report year's six-monthly and
// annual reports; the next year's from 15 December). Idempotent: a daily run creates only what is missing. The
// reports' list page also creates its centre's on each visit.
import { defineJob } from '../../shared/queue';
import { ensureReportObligations } from './exchange-reports.service';

export const EXCHANGE_REPORT_OBLIGATIONS_JOB = 'exchange-reports.obligations';

defineJob({
  name: EXCHANGE_REPORT_OBLIGATIONS_JOB,
  label: 'Tạo hạn nộp báo cáo Mẫu 01 (6 tháng, cả năm) cho các trung tâm dịch vụ việc làm',
  handler: async () => ({ created: await ensureReportObligations() }),
  expireInSeconds: 600,
  retryLimit: 2,
  recordRuns: true,
});
