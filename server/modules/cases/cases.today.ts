// The day's work of a staff member (the "Việc hôm nay" page): open obligations due soon or overdue, from the
// obligations table (indexed by agency, province and commune, open only), the actor's own cases first.
import { select } from '../../db/sql';
import { addDays } from '../../shared/dates';
import { today } from '../../shared/clock';
import type { Actor } from '../../shared/auth/permissions';
import { obligationLabel } from './cases.rules';
import { CASE_STATE_TABLE, type CaseState } from './cases.states';

export interface TodayItem {
  caseId: number;
  workerId: number;
  workerName: string;
  kind: string;
  label: string;
  ruleId: string;
  dueOn: string;
  overdue: boolean;
  whoseMove: string;
  stateLabel: string;
}

export interface TodayCounts {
  overdue: number;
  dueSoon: number;
  papers: number;
  waitingOnUs: number;
}

/** How far ahead "due soon" looks (days). */
export const SOON_DAYS = 7;
const LIST_AHEAD_DAYS = 14;
const LIMIT = 50;

/** Where the actor's obligations are: its agency (and, with `mine`, its own cases), or its commune or province. */
function scopeOf(actor: Actor, mine: 'mine' | 'unassigned' | 'all'): { sql: string; values: unknown[] } | null {
  if (actor.role === 'agency_staff' && actor.agencyId) {
    const who =
      mine === 'mine' ? ' AND c.assignee_user_id = $2' : mine === 'unassigned' ? ' AND c.assignee_user_id IS NULL' : '';
    return {
      sql: `o.agency_id = $1${who}`,
      values: mine === 'mine' ? [actor.agencyId, actor.userId] : [actor.agencyId],
    };
  }
  if (actor.role === 'commune_officer' && actor.communeCode)
    return { sql: 'o.commune_code = $1', values: [actor.communeCode] };
  if (actor.role === 'province_officer' && actor.provinceCode)
    return { sql: 'o.province_code = $1', values: [actor.provinceCode] };
  return null;
}

/** Open obligations due within two weeks or overdue, earliest first (at most 50). */
export async function todayItems(actor: Actor, mine: 'mine' | 'unassigned' | 'all'): Promise<TodayItem[]> {
  const scope = scopeOf(actor, mine);
  if (!scope) return [];
  const on = today();
  const n = scope.values.length;
  const rows = await select<Omit<TodayItem, 'label' | 'overdue' | 'stateLabel'> & { state: CaseState }>(
    `SELECT o.subject_id::int AS "caseId", c.worker_id::int AS "workerId", w.full_name AS "workerName", o.kind,
            o.rule_id AS "ruleId", o.due_on AS "dueOn", o.whose_move AS "whoseMove", c.state
     FROM obligations o JOIN cases c ON c.id = o.subject_id JOIN worker_directory w ON w.id = c.worker_id
     WHERE o.subject_type = 'case' AND o.status = 'open' AND ${scope.sql} AND o.due_on <= $${n + 1}
     ORDER BY o.due_on, o.subject_id, o.kind LIMIT ${LIMIT}`,
    [...scope.values, addDays(on, LIST_AHEAD_DAYS)],
  );
  return rows.map((r) => ({
    ...r,
    label: obligationLabel(r.kind),
    overdue: r.dueOn < on,
    stateLabel: CASE_STATE_TABLE[r.state]?.label ?? r.state,
  }));
}

/** The counts the page links from: overdue, due within a week, papers expiring before departure, cases on us. */
export async function todayCounts(actor: Actor, mine: 'mine' | 'all'): Promise<TodayCounts | null> {
  const scope = scopeOf(actor, mine);
  if (!scope) return null;
  const on = today();
  const n = scope.values.length;
  const [o] = await select<{ overdue: number; soon: number; papers: number }>(
    `SELECT count(*) FILTER (WHERE o.due_on < $${n + 1})::int AS overdue,
            count(*) FILTER (WHERE o.due_on >= $${n + 1} AND o.due_on <= $${n + 2})::int AS soon,
            count(*) FILTER (WHERE o.rule_id = 'PAPERS')::int AS papers
     FROM obligations o JOIN cases c ON c.id = o.subject_id
     WHERE o.subject_type = 'case' AND o.status = 'open' AND ${scope.sql}`,
    [...scope.values, on, addDays(on, SOON_DAYS)],
  );
  let waiting = 0;
  if (actor.role === 'agency_staff' && actor.agencyId) {
    const open = Object.entries(CASE_STATE_TABLE)
      .filter(([, s]) => !s.terminal)
      .map(([k]) => k);
    const [w] = await select<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases c WHERE c.agency_id = $1 AND c.whose_move = 'agency' AND c.state = ANY($2::text[])${
        mine === 'mine' ? ' AND c.assignee_user_id = $3' : ''
      }`,
      mine === 'mine' ? [actor.agencyId, open, actor.userId] : [actor.agencyId, open],
    );
    waiting = w.n;
  }
  return { overdue: o.overdue, dueSoon: o.soon, papers: o.papers, waitingOnUs: waiting };
}
