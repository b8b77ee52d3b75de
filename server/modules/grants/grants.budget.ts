// A province's budget row for a fiscal year, programme and source: locked before any commitment or payment changes
// it (a hundred approvals racing for ten places approve ten; the CHECK says the same), and its dated movements
// (append-only: commit, release, pay), written set-based, from which the budget picture sums each month.
import { execute, select } from '../../db/sql';

export interface BudgetKey {
  provinceCode: string;
  fiscalYear: number;
  programme: string;
  source: string;
}
export interface LockedBudget {
  id: string;
  allocated_vnd: string;
  committed_vnd: string;
  paid_vnd: string;
}

/** The budget row, locked FOR UPDATE in the caller's transaction (undefined when none was allocated). */
export async function lockBudget(k: BudgetKey): Promise<LockedBudget | undefined> {
  const [b] = await select<LockedBudget>(
    `SELECT id, allocated_vnd, committed_vnd, paid_vnd FROM grant_budgets
     WHERE province_code = $1 AND fiscal_year = $2 AND programme_code = $3 AND source = $4 FOR UPDATE`,
    [k.provinceCode, k.fiscalYear, k.programme, k.source],
  );
  return b;
}

/** What is left to commit: allocated − committed − paid. */
export const availableOf = (b: LockedBudget | undefined): bigint =>
  b ? BigInt(b.allocated_vnd) - BigInt(b.committed_vnd) - BigInt(b.paid_vnd) : 0n;

/**
 * Moves a locked budget: `committedVnd` added to committed (negative releases it), `paidVnd` moved from committed
 * to paid; with each application's dated movement, in two statements whatever the number of applications.
 */
export async function moveBudget(
  budgetId: string,
  on: string,
  decisionId: number | null,
  moves: { kind: 'commit' | 'release' | 'pay'; applicationId: number; amountVnd: bigint }[],
): Promise<void> {
  const live = moves.filter((m) => m.amountVnd > 0n);
  if (!live.length) return;
  const sum = (kind: string) => live.filter((m) => m.kind === kind).reduce((n, m) => n + m.amountVnd, 0n);
  const paid = sum('pay');
  await execute(
    `UPDATE grant_budgets SET committed_vnd = committed_vnd + $2, paid_vnd = paid_vnd + $3, updated_at = now() WHERE id = $1`,
    [budgetId, String(sum('commit') - sum('release') - paid), String(paid)],
  );
  await execute(
    `INSERT INTO grant_budget_movements (budget_id, on_date, kind, amount_vnd, grant_application_id, decision_id)
     SELECT $1, $2, k, a, g, $6 FROM unnest($3::text[], $4::bigint[], $5::bigint[]) AS x(k, a, g)`,
    [
      budgetId,
      on,
      live.map((m) => m.kind),
      live.map((m) => String(m.amountVnd)),
      live.map((m) => m.applicationId),
      decisionId,
    ],
  );
}
