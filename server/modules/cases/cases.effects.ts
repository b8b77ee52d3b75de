// Durable effects of the case workflow (jobs written in the transition's transaction, pg-boss): the worker is told
// when her case reaches a stage she sees. Idempotent by the event: a job delivered twice writes one notification.
import { defineJob } from '../../shared/queue';
import { select } from '../../db/sql';
import { notifyWorker } from '../notifications';
import { CASE_STATE_TABLE, type CaseState } from './cases.states';

export const STAGE_JOB = 'case.stage_changed';

defineJob<{ caseId: number; workerId: number; eventId: number; toState: CaseState }>({
  name: STAGE_JOB,
  label: 'Báo cho người lao động khi hồ sơ chuyển bước',
  handler: async ({ caseId, workerId, eventId, toState }) => {
    const state = CASE_STATE_TABLE[toState];
    const [order] = await select<{ country: string | null }>(
      `SELECT co.name_vi AS country FROM cases c JOIN job_order_terms o ON o.id = c.job_order_id LEFT JOIN countries co ON co.code = o.destination_country
       WHERE c.id = $1`,
      [caseId],
    );
    const where = order?.country ? ` đi làm việc tại ${order.country}` : '';
    return notifyWorker(workerId, {
      kind: 'case.stage',
      title: `Hồ sơ${where} của bạn đã chuyển sang bước: ${state.label}`,
      body: 'portalText' in state ? state.portalText : null,
      subject: { type: 'case', id: caseId },
      key: `case-stage:${eventId}`,
    });
  },
});
