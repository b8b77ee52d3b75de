// The schedules (node-cron, Asia/Ho_Chi_Minh): the only caller of cron.schedule. Each firing sends its job with a key
// of its own (the job's name and the firing's date and minute) that pg-boss de-duplicates, so N app processes run each
// firing once. Nothing is scheduled under NODE_ENV=test; tests call the job functions. `npm run job -- <name>` runs
// one now.
import cron, { type ScheduledTask } from 'node-cron';
import { TIME_ZONE, config } from '../config';
import { enqueue } from '../shared/queue';
import { logger } from '../shared/logger';
import { now } from '../shared/clock';
import { RECOMPUTE_JOB, recomputeObligations } from '../modules/cases';
import { DIGEST_JOB, SCAN_JOB, scanAlerts, sendDigests } from '../modules/notifications';
import { CLOSE_VACANCIES_JOB, closeExpiredVacancies } from '../modules/exchange';
import { TAG_OUTPUTS_JOB, tagOutputs } from '../modules/programme';
import { EXCHANGE_REPORT_OBLIGATIONS_JOB, ensureReportObligations } from '../modules/exchange-reports';

export interface Schedule {
  /** the job queued at each firing */
  job: string;
  cron: string;
  description: string;
  /** the work itself, for `npm run job -- <name>` */
  run: () => Promise<unknown>;
}

export const SCHEDULES: Schedule[] = [
  {
    job: RECOMPUTE_JOB,
    cron: '30 1 * * *',
    run: recomputeObligations,
    description:
      'Tính lại nghĩa vụ và hạn của mọi hồ sơ đang mở theo chính sách đang có hiệu lực (sau khi luật thay đổi)',
  },
  {
    job: CLOSE_VACANCIES_JOB,
    cron: '15 0 * * *',
    run: () => closeExpiredVacancies(),
    description:
      'Đóng các việc làm trống đã quá hạn tuyển dụng (E5), ghi sự kiện và hoàn thành nghĩa vụ của từng việc làm',
  },
  {
    job: TAG_OUTPUTS_JOB,
    cron: '45 0 * * *',
    run: () => tagOutputs(),
    description:
      'Gắn kết quả chương trình cho các kết nối việc làm thành công, điền hình thức cung cấp dịch vụ còn thiếu',
  },
  {
    job: EXCHANGE_REPORT_OBLIGATIONS_JOB,
    cron: '50 0 * * *',
    run: () => ensureReportObligations(),
    description: 'Tạo hạn nộp báo cáo Mẫu 01 (6 tháng, cả năm) cho các trung tâm dịch vụ việc làm (E6)',
  },
  {
    job: SCAN_JOB,
    cron: '0 6 * * *',
    run: () => scanAlerts(),
    description:
      'Quét mọi quy tắc cảnh báo: tạo cảnh báo sắp đến hạn, quá hạn, chuyển cấp; tự đóng cảnh báo đã hết điều kiện',
  },
  {
    job: DIGEST_JOB,
    cron: '0 7 * * *',
    run: () => sendDigests(),
    description: 'Gửi thư tổng hợp cảnh báo đang mở cho từng người dùng có địa chỉ thư (trừ người đã tắt)',
  },
];

/** A schedule's time in words ("hằng ngày lúc 06:00"), for the admin page. */
export function cronWords(expr: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(expr);
  return m ? `Hằng ngày lúc ${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}` : expr;
}

/** The key of one firing: the same in every process that fires it (to the minute, in Vietnam time). */
export function firingKey(job: string, at: Date): string {
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return `${job}@${local.replace(' ', 'T')}`;
}

/** Sends a firing's job; a second process firing the same minute sends the same key, and pg-boss keeps one. */
export function fire(s: Schedule, at = now(), trigger: 'schedule' | 'manual' = 'schedule'): Promise<string | null> {
  return enqueue(
    s.job,
    { firedAt: at.toISOString(), trigger },
    { key: firingKey(s.job, at), uniqueForSeconds: 24 * 3600 },
  );
}

const tasks: ScheduledTask[] = [];

export function startSchedules(): void {
  if (config().env === 'test' || tasks.length) return;
  for (const s of SCHEDULES) {
    tasks.push(
      cron.schedule(
        s.cron,
        async () => {
          try {
            const id = await fire(s);
            logger.info({ job: s.job, jobId: id, duplicate: id === null }, 'schedule.fired');
          } catch (err) {
            logger.error({ job: s.job, err: err instanceof Error ? err.message : String(err) }, 'schedule.failed');
          }
        },
        { name: s.job, timezone: TIME_ZONE, noOverlap: true },
      ),
    );
  }
}

export async function stopSchedules(): Promise<void> {
  for (const t of tasks.splice(0)) await t.stop();
}
