// Obligations: dated duties on a subject (ARCHITECTURE.md, Obligations). A subject's workflow computes them (pure
// rules over its facts, the policy values and the working-day calendar); this keeps the table equal to what was
// computed, inside the caller's transaction: new ones inserted, changed ones updated, ones no longer computed
// waived ("no longer applies"). A paused obligation keeps its days left until its subject resumes it.
// Alerts, "today's work" and the portal's "what happens next" read this table.
import type { Transaction } from 'sequelize';
import { execute, select } from '../db/sql';
/** Whose turn it is: a state's, an obligation's. */
export type WhoseMove = 'agency' | 'worker' | 'commune' | 'province' | 'none';

export type SubjectType = 'case' | 'grant_application' | 'deposit' | 'vacancy' | 'referral' | 'agency';
export type ObligationStatus = 'open' | 'met' | 'waived' | 'paused';

/** One obligation as a subject's rules compute it. */
export interface ObligationSpec {
  /** what it is, unique on the subject: 'waiting_limit', 'paper_expiry:passport', 'monthly_update:2026-12' */
  kind: string;
  ruleId: string;
  dueOn: string;
  whoseMove: WhoseMove;
  /** 'paused': the clock stopped (a dossier returned for correction), with `pausedDaysLeft` */
  status: ObligationStatus;
  pausedDaysLeft?: number | null;
  metOn?: string | null;
  waivedReason?: string | null;
  /** the policy version the duration came from */
  policyId?: number | null;
}

/** Where a subject sits, for the scans "by scope". */
export interface SubjectScope {
  agencyId: number | null;
  provinceCode: string | null;
  communeCode: string | null;
}

export interface ObligationRow extends ObligationSpec {
  id: number;
  pausedDaysLeft: number | null;
}

/**
 * Makes the subject's obligations those computed: inserts new kinds, updates due dates and statuses, waives open
 * ones no longer computed. Returns the earliest open obligation (the subject's next deadline), or null.
 */
export async function syncObligations(
  subject: { type: SubjectType; id: number },
  specs: readonly ObligationSpec[],
  scope: SubjectScope,
  transaction?: Transaction,
): Promise<{ dueOn: string; ruleId: string } | null> {
  const kinds = specs.map((s) => s.kind);
  if (specs.length) {
    // one statement for all: the computed rows as a VALUES list, upserted
    const COLS = 12;
    const values = specs
      .map((_, i) => `(${Array.from({ length: COLS }, (__, c) => `$${i * COLS + c + 3}`).join(', ')})`)
      .join(', ');
    // the subject's rules say when the clock stops and resumes (a paused spec carries its days left)
    const kept = 'EXCLUDED.status';
    await execute(
      `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, met_on, waived_reason, policy_id, agency_id, province_code, commune_code, paused_days_left)
       SELECT $1, $2::bigint, v.kind, v.rule_id, v.due_on::date, v.whose_move, v.status, v.met_on::date, v.waived_reason, v.policy_id::bigint,
              v.agency_id::bigint, v.province_code, v.commune_code, v.paused_days_left::int
       FROM (VALUES ${values}) AS v(kind, rule_id, due_on, whose_move, status, met_on, waived_reason, policy_id, agency_id, province_code, commune_code, paused_days_left)
       ON CONFLICT (subject_type, subject_id, kind) DO UPDATE SET
         rule_id = EXCLUDED.rule_id, due_on = EXCLUDED.due_on, whose_move = EXCLUDED.whose_move, status = ${kept},
         met_on = EXCLUDED.met_on, waived_reason = EXCLUDED.waived_reason, policy_id = EXCLUDED.policy_id,
         agency_id = EXCLUDED.agency_id, province_code = EXCLUDED.province_code, commune_code = EXCLUDED.commune_code,
         paused_days_left = EXCLUDED.paused_days_left, updated_at = now()
       WHERE (obligations.rule_id, obligations.due_on, obligations.whose_move, obligations.status, obligations.met_on, obligations.waived_reason,
              obligations.policy_id, obligations.agency_id, obligations.province_code, obligations.commune_code, obligations.paused_days_left)
         IS DISTINCT FROM (EXCLUDED.rule_id, EXCLUDED.due_on, EXCLUDED.whose_move, ${kept}, EXCLUDED.met_on, EXCLUDED.waived_reason,
              EXCLUDED.policy_id, EXCLUDED.agency_id, EXCLUDED.province_code, EXCLUDED.commune_code, EXCLUDED.paused_days_left)`,
      [
        subject.type,
        subject.id,
        ...specs.flatMap((o) => [
          o.kind,
          o.ruleId,
          o.dueOn,
          o.whoseMove,
          o.status,
          o.metOn ?? null,
          o.waivedReason ?? null,
          o.policyId ?? null,
          scope.agencyId,
          scope.provinceCode,
          scope.communeCode,
          o.status === 'paused' ? (o.pausedDaysLeft ?? 0) : null,
        ]),
      ],
      transaction,
    );
  }
  await execute(
    `UPDATE obligations SET status = 'waived', waived_reason = 'Không còn áp dụng', updated_at = now()
     WHERE subject_type = $1 AND subject_id = $2 AND status IN ('open', 'paused') AND NOT (kind = ANY($3::text[]))`,
    [subject.type, subject.id, kinds],
    transaction,
  );
  const open = specs
    .filter((s) => s.status === 'open')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind));
  return open.length ? { dueOn: open[0].dueOn, ruleId: open[0].ruleId } : null;
}

/** A subject's obligations, earliest first. */
export async function obligationsOf(
  subject: { type: SubjectType; id: number },
  transaction?: Transaction,
): Promise<ObligationRow[]> {
  const rows = await select<ObligationRow & { id: string; policyId: string | null }>(
    `SELECT id, kind, rule_id AS "ruleId", due_on AS "dueOn", whose_move AS "whoseMove", status, met_on AS "metOn",
            waived_reason AS "waivedReason", policy_id AS "policyId", paused_days_left AS "pausedDaysLeft"
     FROM obligations WHERE subject_type = $1 AND subject_id = $2 ORDER BY due_on, kind`,
    [subject.type, subject.id],
    transaction,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), policyId: r.policyId === null ? null : Number(r.policyId) }));
}
