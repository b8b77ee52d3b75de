// The nightly job of the job exchange (E5): every open vacancy whose recruitment deadline has passed closes, each in
// its own short transaction under its row lock, so one bad row never stops the night's work.
import { inTransaction } from '../../db/sequelize';
import { select } from '../../db/sql';
import { today } from '../../shared/clock';
import { defineJob } from '../../shared/queue';
import { logger } from '../../shared/logger';
import { expireVacancy } from './exchange.workflow';

export const CLOSE_VACANCIES_JOB = 'exchange.close-vacancies';

export async function closeExpiredVacancies(on = today()): Promise<{ closed: number; failed: number }> {
  let after = 0;
  let closed = 0;
  let failed = 0;
  for (;;) {
    const rows = await select<{ id: string }>(
      "SELECT id FROM vacancies WHERE state = 'open' AND deadline < $1 AND id > $2 ORDER BY id LIMIT 500",
      [on, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      try {
        if (await inTransaction(() => expireVacancy(Number(r.id), on))) closed += 1;
      } catch (err) {
        failed += 1;
        logger.error(
          { vacancyId: Number(r.id), err: err instanceof Error ? err.message : String(err) },
          'exchange.close_failed',
        );
      }
    }
    after = Number(rows[rows.length - 1].id);
  }
  return { closed, failed };
}

defineJob({
  name: CLOSE_VACANCIES_JOB,
  label: 'Đóng các việc làm trống đã quá hạn tuyển dụng (hằng đêm)',
  handler: () => closeExpiredVacancies(),
  expireInSeconds: 3600,
  retryLimit: 2,
  recordRuns: true,
});
