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

export const backgroundPages = express.Router();

const KIND_LABELS = { retry: 'Chờ thử lại', failed: 'Đã hết số lần thử', dead: 'Hàng đợi lỗi (dead-letter)' };

backgroundPages.get('/admin/jobs', requirePermission('jobs:manage'), async (req, res) => {
  const [queues, problems] = await Promise.all([queueSummaries(), problemJobs(100)]);
  res.render(
    'background/index',
    pageContext(req, 'Công việc nền', {
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
