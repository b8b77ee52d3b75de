// The cases' obligations for the alert scan's benchmark (issue 20, bench/alerts.ts): one set-based INSERT per kind,
// each deriving what server/modules/cases/cases.rules.ts caseObligations would from the case's dates and the seeded
// policy values (the latest version of each key, as generate-cases.ts does for R11). The bench seed carries no papers,
// no database updates, no residence notices and no Fund payment dates on the cases: those facts are drawn
// deterministically from the case id (id modulo), so every run writes the same rows. Dates count from the seed's day
// (BENCH_TODAY, 2026-11-27), so a few percent of the open ones fall in a warning window or are overdue.
// Scope: agency_id the case's agency, province_code/commune_code the worker's residence.
// The kinds generated here are deleted first; the seed's own (R11 deposit_refund, R27 grant processing) stay untouched.
// No import of the app's modules (nor of generate-cases.ts, which loads them): bench/alerts.ts loads this file before
// the app's configuration has seen the bench database's URL.
import type pg from 'pg';

/** The seed's day (generate-cases.ts BENCH_TODAY). */
const BENCH_TODAY = '2026-11-27';
const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

/** The kinds this file writes on cases (paper_expiry:* and monthly_update:* by prefix). */
export const GENERATED_KINDS = [
  'waiting_limit',
  'departure_update',
  'fund_contribution',
  'liquidation',
  'residence_notice',
  'eps_deposit',
] as const;
const GENERATED_WHERE = `subject_type = 'case' AND (kind = ANY('{${GENERATED_KINDS.join(',')}}'::text[])
  OR kind LIKE 'paper_expiry:%' OR kind LIKE 'monthly_update:%')`;

const T = `'${BENCH_TODAY}'::date`;
const AFTER = `('departed', 'returned', 'liquidated', 'closed')`;
const BEFORE = `('registered', 'prescreened', 'selected', 'contract_signed', 'visa_processing', 'ready_to_depart')`;
const WAITING = `('selected', 'contract_signed', 'visa_processing', 'ready_to_depart')`;

/** The policy row in force (latest, not withdrawn) of a key, as a lateral-join source. */
const policy = (key: string, alias: string) =>
  `CROSS JOIN (SELECT id, value FROM policy_values WHERE key = '${key}' AND withdrawn_at IS NULL
               ORDER BY effective_from DESC LIMIT 1) ${alias}`;

const INSERT = `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, met_on, waived_reason,
  policy_id, agency_id, province_code, commune_code)`;
const FROM_CASES = 'FROM cases c JOIN workers w ON w.id = c.worker_id';

/** One statement per kind: [label, SQL]. */
export const OBLIGATION_STATEMENTS: [string, string][] = [
  // R15: 180 days from selection; open while waiting (no written agreement in the seed), met on departure
  [
    'waiting_limit',
    `${INSERT}
     SELECT 'case', c.id, 'waiting_limit', 'R15', c.selected_on + p.value::int, 'agency',
            CASE WHEN c.departed_on IS NOT NULL THEN 'met' ELSE 'open' END, c.departed_on, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('waiting.max_days', 'p')}
     WHERE c.selected_on IS NOT NULL AND (c.state IN ${WAITING} OR c.state IN ${AFTER})`,
  ],
  // R17: the database update within 5 days of departure: reported for most; open for one in five of those departed
  // in the last 60 days (the seed's last departures are in October: these are overdue)
  [
    'departure_update',
    `${INSERT}
     SELECT 'case', c.id, 'departure_update', 'R17', c.departed_on + p.value::int, 'agency',
            CASE WHEN open THEN 'open' ELSE 'met' END, CASE WHEN NOT open THEN c.departed_on + (c.id % 5)::int END, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('departure_update.days', 'p')}
     CROSS JOIN LATERAL (SELECT c.departed_on >= ${T} - 60 AND c.id % 5 = 0 AS open) x
     WHERE c.departed_on IS NOT NULL AND c.state IN ${AFTER}`,
  ],
  // R17: a month with a reportable change (the return) is reported before the 20th of the next month: left unreported
  // for one returned (not yet liquidated) case in eight, reported otherwise
  [
    'monthly_update',
    `${INSERT}
     SELECT 'case', c.id, 'monthly_update:' || to_char(c.returned_on, 'YYYY-MM'), 'R17',
            (date_trunc('month', c.returned_on) + interval '1 month')::date + p.value::int - 2, 'agency',
            CASE WHEN open THEN 'open' ELSE 'met' END, CASE WHEN NOT open THEN c.returned_on + 3 + (c.id % 10)::int END, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('monthly_update.before_day', 'p')}
     CROSS JOIN LATERAL (SELECT c.state = 'returned' AND c.id % 8 = 0 AS open) x
     WHERE c.departed_on IS NOT NULL AND c.returned_on IS NOT NULL AND c.returned_on <= ${T} AND c.state IN ${AFTER}
       AND (c.state NOT IN ('liquidated', 'closed') OR NOT open)`,
  ],
  // R13: the Fund 3 days before departure (the real one once departed, else the planned one): met when the ledger
  // holds the payment (the seed posts it 3 to 12 days before departure) and by all who left; open before departure
  [
    'fund_contribution',
    `${INSERT}
     SELECT 'case', c.id, 'fund_contribution', 'R13', COALESCE(c.departed_on, c.planned_departure_on) - p.value::int, 'worker',
            CASE WHEN paid THEN 'met' ELSE 'open' END,
            CASE WHEN paid THEN COALESCE(c.departed_on, c.planned_departure_on) - 3 - (c.id % 10)::int END, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('fund.days_before_departure', 'p')}
     LEFT JOIN ledger_balances b ON b.case_id = c.id
     CROSS JOIN LATERAL (SELECT c.state IN ${AFTER} OR COALESCE(b.fund_paid_vnd, 0) > 0 AS paid) x
     WHERE COALESCE(c.departed_on, c.planned_departure_on) IS NOT NULL AND (c.state IN ${BEFORE} OR c.state IN ${AFTER})`,
  ],
  // PAPERS: one case in 10 of those with a planned departure holds a paper expiring before it (the passport within
  // the market's 6-month margin, the health certificate, the visa, the orientation certificate, by id)
  [
    'paper_expiry',
    `${INSERT}
     SELECT 'case', c.id, 'paper_expiry:' || k.kind, 'PAPERS', LEAST(c.planned_departure_on, ${T} - 20 + (c.id / 40 % 90)::int),
            k.whose, 'open', NULL, NULL, CASE WHEN k.kind = 'passport' THEN p.id END, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('passport.margin', 'p')}
     JOIN (VALUES (0, 'passport', 'worker'), (1, 'health_certificate', 'worker'), (2, 'visa', 'agency'),
                  (3, 'orientation_certificate', 'agency')) AS k(n, kind, whose) ON k.n = c.id % 160 / 40
     WHERE c.planned_departure_on IS NOT NULL AND c.state IN ${BEFORE} AND c.id % 10 = 7`,
  ],
  // R20: liquidation within 180 days of the contract's end (the return, or the contract's end, whichever first)
  [
    'liquidation',
    `${INSERT}
     SELECT 'case', c.id, 'liquidation', 'R20', e.end_on + p.value::int, 'agency',
            CASE WHEN c.liquidated_on IS NOT NULL THEN 'met' ELSE 'open' END, c.liquidated_on, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('liquidation.days_after_end', 'p')}
     CROSS JOIN LATERAL (SELECT CASE WHEN c.returned_on IS NOT NULL AND c.labour_contract_end_on IS NOT NULL
                                     THEN LEAST(c.returned_on, c.labour_contract_end_on)
                                     ELSE COALESCE(c.labour_contract_end_on, c.returned_on) END AS end_on) e
     WHERE e.end_on IS NOT NULL AND c.state IN ${AFTER}`,
  ],
  // R14: the EPS deposit within 35 days of signing (Korea EPS orders): made by most; open for one in three of those
  // signed in the last 40 days
  [
    'eps_deposit',
    `${INSERT}
     SELECT 'case', c.id, 'eps_deposit', 'R14', c.contract_signed_on + p.value::int, 'worker',
            CASE WHEN open THEN 'open' ELSE 'met' END, CASE WHEN NOT open THEN c.contract_signed_on + (c.id % 30)::int END, NULL,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} JOIN job_orders j ON j.id = c.job_order_id ${policy('eps.deposit_days', 'p')}
     CROSS JOIN LATERAL (SELECT c.contract_signed_on >= ${T} - 40 AND c.id % 3 = 0 AS open) x
     WHERE j.job_category = 'kr_eps' AND c.contract_signed_on IS NOT NULL AND c.state NOT IN ('withdrawn', 'rejected')`,
  ],
  // R21: the residence notice within 15 days of re-entry: given by most (within 14 days); open for one in ten of the
  // returned, and for those back in the last 30 days; waived once the case is closed
  [
    'residence_notice',
    `${INSERT}
     SELECT 'case', c.id, 'residence_notice', 'R21', c.returned_on + p.value::int, 'worker',
            CASE WHEN notified THEN 'met' WHEN c.state = 'closed' THEN 'waived' ELSE 'open' END,
            CASE WHEN notified THEN c.returned_on + (c.id % 14)::int END,
            CASE WHEN NOT notified AND c.state = 'closed' THEN 'Hồ sơ đã đóng, chưa ghi nhận người lao động thông báo cư trú' END,
            p.id, c.agency_id, w.province_code, w.commune_code
     ${FROM_CASES} ${policy('residence_notice.days', 'p')}
     CROSS JOIN LATERAL (SELECT NOT (c.returned_on >= ${T} - 30 OR (c.state = 'returned' AND c.id % 10 = 0)) AS notified) x
     WHERE c.returned_on IS NOT NULL AND c.state IN ${AFTER}`,
  ],
];

/** How many obligations of the generated kinds the database holds (0: not generated yet). */
export async function generatedObligations(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM obligations WHERE subject_type = 'case' AND kind = 'waiting_limit' LIMIT 1) t",
  );
  return rows[0]!.n;
}

export interface ObligationsLoad {
  byKind: Record<string, number>;
  open: number;
  inWindow: number;
  overdue: number;
  ms: number;
}

/** Replaces the generated kinds of every case's obligations (one statement per kind), then VACUUM ANALYZE. */
export async function loadObligations(client: pg.Client, log: (line: string) => void): Promise<ObligationsLoad> {
  const started = Date.now();
  let t = Date.now();
  const { rowCount: removed } = await client.query(`DELETE FROM obligations WHERE ${GENERATED_WHERE}`);
  log(`  obligations: ${(removed ?? 0).toLocaleString('en')} generated ones removed: ${seconds(t)}`);
  const byKind: Record<string, number> = {};
  for (const [kind, sql] of OBLIGATION_STATEMENTS) {
    t = Date.now();
    const { rowCount } = await client.query(sql);
    byKind[kind] = rowCount ?? 0;
    log(`  obligations ${kind}: ${(rowCount ?? 0).toLocaleString('en')} rows: ${seconds(t)}`);
  }
  t = Date.now();
  await client.query('VACUUM (ANALYZE) obligations');
  log(`  vacuum analyze obligations: ${seconds(t)}`);
  const {
    rows: [s],
  } = await client.query<{ open: number; in_window: number; overdue: number }>(
    `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_on >= ${T} AND due_on <= ${T} + 60)::int AS in_window,
            count(*) FILTER (WHERE due_on < ${T})::int AS overdue
     FROM obligations WHERE status = 'open' AND ${GENERATED_WHERE}`,
  );
  log(
    `  generated open: ${s!.open.toLocaleString('en')} (due within 60 days: ${s!.in_window.toLocaleString('en')}, ` +
      `overdue: ${s!.overdue.toLocaleString('en')})`,
  );
  return { byKind, open: s!.open, inWindow: s!.in_window, overdue: s!.overdue, ms: Date.now() - started };
}
