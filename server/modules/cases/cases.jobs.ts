// Scheduled and on-demand work of the cases module: keeping every case's obligations equal to what the rules say
// today (after a change of law, a paper recorded, a fact corrected, the departure list exported).
import { inTransaction } from '../../db/sequelize';
import { select } from '../../db/sql';
import { defineJob } from '../../shared/queue';
import { syncObligations } from '../../shared/obligations';
import { Case } from './cases.model';
import { computeCaseObligations } from './cases.facts';
import { CASE_STATE_TABLE } from './cases.states';
import { logger } from '../../shared/logger';
import { reloadCalendar } from '../reference';
import { reloadPolicies } from '../policies';

export const RECOMPUTE_JOB = 'obligations.recompute';
const TERMINAL = Object.entries(CASE_STATE_TABLE)
  .filter(([, s]) => s.terminal)
  .map(([k]) => k);

/**
 * Recomputes one case's obligations under its row lock and writes its next deadline. Runs in the caller's
 * transaction when there is one. Returns whether the next deadline changed.
 */
export async function refreshCaseObligations(caseId: number): Promise<boolean> {
  return inTransaction(async (transaction) => {
    const c = await Case.findByPk(caseId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!c) return false;
    const { specs, scope } = await computeCaseObligations(c.get({ plain: true }) as never, transaction);
    const next = await syncObligations({ type: 'case', id: caseId }, specs, scope, transaction);
    const changed = (next?.dueOn ?? null) !== c.nextDeadlineOn || (next?.ruleId ?? null) !== c.nextDeadlineRule;
    if (changed)
      await c.update({ nextDeadlineOn: next?.dueOn ?? null, nextDeadlineRule: next?.ruleId ?? null }, { transaction });
    return changed;
  });
}

/**
 * Every open case, a batch of ids at a time (keyset), each case in its own short transaction. The holiday calendar
 * and the policies are read afresh first (another process may have changed them). A case that fails is logged and
 * skipped: one bad row never stops the night's work, and a retry does not start again from the first case's failure.
 */
export async function recomputeObligations(): Promise<{ cases: number; nextDeadlineChanged: number; failed: number }> {
  reloadCalendar();
  reloadPolicies();
  let after = 0;
  let cases = 0;
  let changed = 0;
  let failed = 0;
  for (;;) {
    const rows = await select<{ id: string }>(
      'SELECT id FROM cases WHERE id > $1 AND NOT (state = ANY($2::text[])) ORDER BY id LIMIT 500',
      [after, TERMINAL],
    );
    if (!rows.length) break;
    for (const r of rows) {
      cases += 1;
      try {
        if (await refreshCaseObligations(Number(r.id))) changed += 1;
      } catch (err) {
        failed += 1;
        logger.error(
          { caseId: Number(r.id), err: err instanceof Error ? err.message : String(err) },
          'obligations.recompute_failed',
        );
      }
    }
    after = Number(rows[rows.length - 1].id);
  }
  return { cases, nextDeadlineChanged: changed, failed };
}

defineJob({
  name: RECOMPUTE_JOB,
  label: 'Tính lại hạn của các hồ sơ theo chính sách hiện hành (hằng đêm)',
  handler: () => recomputeObligations(),
  expireInSeconds: 6 * 3600,
  retryLimit: 2,
  recordRuns: true,
});
