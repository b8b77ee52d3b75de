// Admin page of the durable jobs: each queue with its counts, the jobs waiting for a retry, failed for good or
// dead-lettered, with their errors; a dead-lettered job can be sent back to its queue (audited).
import express from 'express';
import Joi from '../../shared/joi';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { recordAudit } from '../../shared/audit';
import { formatDateTimeVi } from '../../shared/dates';
import { flashNext, formValues, pageContext } from '../../shared/pages';
import { check } from '../../shared/validate';
import { jobNames, problemJobs, queueSummaries, redriveDead } from '../../shared/queue';
import { lastRuns, recentRuns, type JobRun } from '../../shared/job-runs';
import { SCHEDULES, cronWords, fire } from '../../jobs';

export const backgroundPages = express.Router();

const KIND_LABELS = { retry: 'Chờ thử lại', failed: 'Đã hết số lần thử', dead: 'Hàng đợi lỗi (dead-letter)' };

const RUN_STATUS = { running: 'Đang chạy', succeeded: 'Thành công', failed: 'Lỗi' };
const runWords = (r: JobRun) => ({
  ...r,
  statusText: RUN_STATUS[r.status],
  triggerText: r.trigger === 'manual' ? 'Chạy thủ công' : 'Theo lịch',
  startedText: formatDateTimeVi(r.startedAt),
  durationText: r.finishedAt ? `${((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} giây` : '',
  summaryText: r.summary
    ? Object.entries(r.summary)
        .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(' · ')
    : '',
});

backgroundPages.get('/admin/jobs', requirePermission('jobs:manage'), async (req, res) => {
  const [queues, problems, runs, last] = await Promise.all([
    queueSummaries(),
    problemJobs(100),
    recentRuns(50),
    lastRuns(),
  ]);
  res.render(
    'background/index',
    pageContext(req, 'Công việc nền', {
      schedules: SCHEDULES.map((s) => ({
        job: s.job,
        description: s.description,
        when: cronWords(s.cron),
        last: last.has(s.job) ? runWords(last.get(s.job)!) : null,
      })),
      runs: runs.map(runWords),
      queues,
      problems: problems.map((p) => ({
        ...p,
        kindLabel: KIND_LABELS[p.kind],
        queue: p.kind === 'dead' ? (p.sourceName ?? p.name.replace(/\.dead$/, '')) : p.name,
        createdAt: formatDateTimeVi(p.createdOn),
        atText: formatDateTimeVi(p.at),
        canRedrive: p.kind === 'dead',
      })),
    }),
  );
});

const redriveBody = Joi.object<{ queue: string; id: string }>({
  queue: Joi.string().max(100).required().label('Hàng đợi'),
  id: Joi.string().guid().required().label('Mã công việc'),
});

backgroundPages.post('/admin/jobs/redrive', requirePermission('jobs:manage'), async (req, res) => {
  const { queue, id } = check(redriveBody, formValues(req.body));
  const moved = jobNames().includes(queue) && (await redriveDead(queue, id));
  if (moved) {
    await recordAudit({
      actor: actorOf(req),
      action: 'job.redriven',
      entity: 'job',
      entityId: id,
      after: { queue, id },
    });
    flashNext(res, 'Đã đưa công việc trở lại hàng đợi; hệ thống sẽ chạy lại.');
  } else flashNext(res, 'Không tìm thấy công việc này trong hàng đợi lỗi (có thể đã được chạy lại).', 'error');
  res.redirect(303, '/admin/jobs');
});

const runBody = Joi.object<{ job: string }>({ job: Joi.string().max(100).required().label('Công việc') });

// "Chạy ngay": the schedule's firing now (the same de-duplicated key per minute: a double click queues one run)
backgroundPages.post('/admin/jobs/run', requirePermission('jobs:manage'), async (req, res) => {
  const { job } = check(runBody, formValues(req.body));
  const schedule = SCHEDULES.find((s) => s.job === job);
  if (!schedule) {
    flashNext(res, 'Không có công việc theo lịch này.', 'error');
    return res.redirect(303, '/admin/jobs');
  }
  const id = await fire(schedule, undefined, 'manual');
  await recordAudit({ actor: actorOf(req), action: 'job.run_now', entity: 'job', entityId: id ?? job, after: { job } });
  flashNext(
    res,
    id
      ? 'Đã đưa công việc vào hàng đợi; kết quả hiện trong «Các lần chạy gần đây» sau ít giây.'
      : 'Công việc này vừa được đưa vào hàng đợi trong phút này; không chạy thêm lần nữa.',
  );
  res.redirect(303, '/admin/jobs');
});
