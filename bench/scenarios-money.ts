// The money ledger's scenarios (issue 17), appended to bench/scenarios.ts's list: one entry posted on a case of the
// largest agency (the case locked, the key's replay looked up, the rules' facts, the insert and its balance trigger,
// the case's obligations recomputed, in one transaction), and that agency's reconciliation page (≈ 80,000 cases,
// ≈ 10,600 of them holding a deposit). They need the cases and their ledgers (`npm run bench:seed -- --cases
// 1000000`, or `-- --ledgers` over cases already loaded); the baseline's side is bench/baseline-money.ts.
import type pg from 'pg';
import type { Scenario } from './scenarios';
import { agencyStaffHeaders, largestAgency } from './scenarios-cases';

/** The entries' day: the generated history's last day (generate-cases.ts BENCH_TODAY), after every registration. */
const POSTED_ON = '2026-11-27';
/** Postings per second neither server is expected to exceed here: each request takes a case of its own. */
const MAX_POSTS_PER_S = 500;
/** The cases posted on: open, short of liquidation (the generator wrote no obligation on them, so none is lost). */
const POST_STATES = [
  'registered',
  'prescreened',
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
  'departed',
  'returned',
];
/** Both servers' keys start with this: the teardown removes exactly those entries. */
const KEY_PREFIX = 'bench-post-';
/** Fewer deposits held would measure nothing. */
const MIN_HELD = 5000;

async function requireLedgers(db: pg.Pool, agencyId: number): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ledger_balances WHERE agency_id = $1 AND deposit_held_vnd > 0 LIMIT ${MIN_HELD}) t`,
    [agencyId],
  );
  if (rows[0]!.n < MIN_HELD)
    throw new Error(
      `agency ${agencyId} holds ${rows[0]!.n} deposits, fewer than ${MIN_HELD}: run \`npm run bench:seed -- --ledgers\``,
    );
}

/** What a posting changes on its case besides the ledger (refreshCaseObligations), kept to be put back. */
interface Saved {
  agencyId: number;
  ids: string[];
  deadlines: (string | null)[];
  rules: (string | null)[];
  versions: number[];
  updated: Date[];
}
let saved: Saved | null = null;

/**
 * Removes the entries both servers posted (the balances first: the trigger added each one; then the entries, whose
 * append-only trigger is switched off inside this one transaction, for these benchmark rows only), the obligations
 * the postings computed on the cases, and puts the cases' next deadlines back.
 */
async function removePostings(db: pg.Pool, agencyId: number, s: Saved | null): Promise<number> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const mine = [agencyId, `${KEY_PREFIX}%`];
    await client.query(
      `UPDATE ledger_balances b SET other_costs_vnd = b.other_costs_vnd - x.s, entries = b.entries - x.n
       FROM (SELECT case_id, sum(amount_vnd) AS s, count(*)::int AS n FROM ledger_entries
             WHERE agency_id = $1 AND idempotency_key LIKE $2 GROUP BY case_id) x
       WHERE b.case_id = x.case_id`,
      mine,
    );
    await client.query('DELETE FROM ledger_balances WHERE agency_id = $1 AND entries = 0', [agencyId]);
    await client.query('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only');
    const { rowCount } = await client.query(
      'DELETE FROM ledger_entries WHERE agency_id = $1 AND idempotency_key LIKE $2',
      mine,
    );
    await client.query('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only');
    if (s) {
      await client.query("DELETE FROM obligations WHERE subject_type = 'case' AND subject_id = ANY($1::bigint[])", [
        s.ids,
      ]);
      await client.query(
        `UPDATE cases c SET next_deadline_on = x.d::date, next_deadline_rule = x.r, version = x.v, updated_at = x.u
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS x(id, d, r, v, u)
         WHERE c.id = x.id AND (c.next_deadline_on, c.next_deadline_rule, c.version, c.updated_at)
           IS DISTINCT FROM (x.d::date, x.r, x.v, x.u)`,
        [s.ids, s.deadlines, s.rules, s.versions, s.updated],
      );
    }
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export const moneyScenarios: Scenario[] = [
  {
    name: 'money-post',
    description:
      'POST /api/v1/cases/<id>/ledger {other_cost_paid 1,000 ₫} with a fresh Idempotency-Key — one entry on each of the ' +
      "largest agency's open cases, once (agency staff; token lookup, then in one transaction: the case locked, the key's " +
      'replay looked up, the facts the rules read, the insert and its balance trigger, the audit row, and the case locked ' +
      'again to recompute and upsert its obligations)',
    requests: [], // made by setup: the key carries the run's own prefix
    targetRatio: 0.5,
    setup: async (ctx) => {
      const agencyId = await largestAgency(ctx.db);
      await requireLedgers(ctx.db, agencyId);
      await removePostings(ctx.db, agencyId, null); // what a killed run left behind
      // both servers, warm-up included, at the fastest expected rate; + 2 for run.ts's check of the answers
      const count = Math.ceil(2 * ctx.loadSeconds * MAX_POSTS_PER_S) + 2;
      // a fixed shuffle of the open cases: every run posts on the same cases in the same order
      const { rows } = await ctx.db.query<{
        id: string;
        d: string | null;
        r: string | null;
        v: number;
        u: Date;
      }>(
        `SELECT id, next_deadline_on::text AS d, next_deadline_rule AS r, version AS v, updated_at AS u FROM cases
         WHERE agency_id = $1 AND state = ANY($2::text[]) ORDER BY (id * 2654435761) % 4294967296, id LIMIT $3`,
        [agencyId, POST_STATES, count],
      );
      if (rows.length < count / 4)
        throw new Error(`agency ${agencyId} has ${rows.length} open cases, too few: reseed the cases`);
      saved = {
        agencyId,
        ids: rows.map((x) => x.id),
        deadlines: rows.map((x) => x.d),
        rules: rows.map((x) => x.r),
        versions: rows.map((x) => x.v),
        updated: rows.map((x) => x.u),
      };
      const run = Date.now().toString(36);
      return {
        headers: await agencyStaffHeaders(ctx, agencyId),
        requests: [
          {
            method: 'POST',
            path: '/api/v1/cases/{feed}/ledger',
            headers: { 'content-type': 'application/json', 'idempotency-key': `${KEY_PREFIX}${run}-{feed}` },
            body: JSON.stringify({
              kind: 'other_cost_paid',
              category: 'other',
              amountVnd: 1000,
              method: 'cash',
              occurredOn: POSTED_ON,
            }),
          },
        ],
        feed: saved.ids,
      };
    },
    teardown: async (ctx) => {
      const agencyId = saved?.agencyId ?? (await largestAgency(ctx.db));
      const removed = await removePostings(ctx.db, agencyId, saved);
      saved = null;
      console.log(`  teardown: ${removed} benchmark entries removed`);
      // now, rather than autovacuum in the middle of the next scenario
      await ctx.db.query('VACUUM (ANALYZE) ledger_entries, ledger_balances, obligations');
      await ctx.db.query('VACUUM cases');
    },
  },
  {
    name: 'money-reconciliation',
    description:
      'GET /money/reconciliation — the reconciliation page (HTML) of the largest agency (≈ 80,000 cases, ≈ 10,600 ' +
      'deposits held): totals held, due and overdue, and the first 20 by refund date, against the bare baseline ' +
      'answering the same two statements as JSON (agency staff, 8 connections)',
    requests: '/money/reconciliation',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 500,
    compare: 'status',
    setup: async (ctx) => {
      const agencyId = await largestAgency(ctx.db);
      await requireLedgers(ctx.db, agencyId);
      const bearer = await agencyStaffHeaders(ctx, agencyId);
      // the page signs in with its cookie, the baseline with the bearer token: the same token
      const token = bearer.authorization!.replace(/^Bearer /, '');
      return { headers: { ...bearer, cookie: `ht_session=${token}` } };
    },
  },
];
