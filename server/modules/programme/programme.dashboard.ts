// The province dashboard's figures (issue 22): programme outputs per month and group, domestic and abroad apart, beside
// every successful connection; sessions held per month; job seekers and vacancies in the databases now; the year's
// figures against the province's targets. One statement per figure, each grouped in the database; the tables on the
// page are these numbers, the charts a view of them.
import { select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { DASHBOARD_GROUPS, TARGET_METRICS, type DashboardGroup, type TargetMetric } from './programme.labels';
import { tagOutputs } from './programme.outputs';
import { programmeScope, type ProgrammeScope } from './programme.scope';
import { targetsOf } from './programme.settings';

export type GroupCounts = Record<DashboardGroup, number> & { outputs: number; connections: number };

export interface MonthRow {
  month: number;
  domestic: GroupCounts;
  abroad: GroupCounts;
  sessions: number;
}

export interface Dashboard {
  scope: ProgrammeScope;
  year: number;
  months: MonthRow[];
  totals: { domestic: GroupCounts; abroad: GroupCounts; sessions: number };
  stock: { jobSeekers: number; vacancies: number; places: number };
  targets: { metric: TargetMetric; target: number | null; actual: number; share: number | null }[];
}

const zero = (): GroupCounts =>
  Object.assign(Object.fromEntries(DASHBOARD_GROUPS.map((g) => [g, 0])) as Record<DashboardGroup, number>, {
    outputs: 0,
    connections: 0,
  });

/** The dashboard of a year for the actor's province (centre staff: their centre). Tags new outputs first. */
export async function dashboard(actor: Actor, q: { year: number; provinceCode?: string }): Promise<Dashboard> {
  const scope = await programmeScope(actor, q.provinceCode);
  await tagOutputs();
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const centre = scope.centreId;
  const [outputs, hires, sessions, stock] = await Promise.all([
    select<{ m: number; abroad: boolean; g: DashboardGroup; n: number }>(
      `SELECT extract(month FROM signed_on)::int AS m, abroad,
              CASE WHEN certified THEN output_group ELSE 'uncertified' END AS g, count(*)::int AS n
       FROM programme_outputs
       WHERE province_code = $1 AND signed_on BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR centre_id = $4)
       GROUP BY 1, 2, 3`,
      [scope.provinceCode, from, to, centre],
    ),
    select<{ m: number; abroad: boolean; n: number }>(
      `SELECT extract(month FROM h.signed_on)::int AS m, h.abroad, count(*)::int AS n
       FROM exchange_hires h JOIN agency_licences a ON a.id = h.centre_id
       WHERE a.province_code = $1 AND h.signed_on BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR h.centre_id = $4)
       GROUP BY 1, 2`,
      [scope.provinceCode, from, to, centre],
    ),
    select<{ m: number; n: number }>(
      `SELECT extract(month FROM held_on)::int AS m, count(*)::int AS n
       FROM exchange_session_calendar
       WHERE province_code = $1 AND state = 'held' AND held_on BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR centre_id = $4)
       GROUP BY 1`,
      [scope.provinceCode, from, to, centre],
    ),
    select<{ kind: string; n: string; places: string }>(
      `SELECT s.kind, sum(s.n) AS n, sum(s.places) AS places
       FROM exchange_stock s JOIN agency_licences a ON a.id = s.centre_id
       WHERE a.province_code = $1 AND ($2::bigint IS NULL OR s.centre_id = $2)
       GROUP BY s.kind`,
      [scope.provinceCode, centre],
    ),
  ]);
  const months: MonthRow[] = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    domestic: zero(),
    abroad: zero(),
    sessions: 0,
  }));
  const totals = { domestic: zero(), abroad: zero(), sessions: 0 };
  for (const r of outputs) {
    for (const c of [months[r.m - 1][r.abroad ? 'abroad' : 'domestic'], totals[r.abroad ? 'abroad' : 'domestic']]) {
      c[r.g] += r.n;
      if (r.g !== 'uncertified') c.outputs += r.n;
    }
  }
  for (const r of hires) {
    months[r.m - 1][r.abroad ? 'abroad' : 'domestic'].connections += r.n;
    totals[r.abroad ? 'abroad' : 'domestic'].connections += r.n;
  }
  for (const r of sessions) {
    months[r.m - 1].sessions = r.n;
    totals.sessions += r.n;
  }
  const stockOf = (k: string) => stock.find((s) => s.kind === k);
  const household = (c: GroupCounts) => c.poor + c.near_poor + c.escaped_poverty;
  const actual: Record<TargetMetric, number> = {
    outputs: totals.domestic.outputs + totals.abroad.outputs,
    outputs_household: household(totals.domestic) + household(totals.abroad),
    outputs_abroad: totals.abroad.outputs,
    sessions: totals.sessions,
  };
  // a centre's share is not the province's target: centre staff see the figures, the targets stay the province's
  const targets = await targetsOf(scope.provinceCode, q.year);
  return {
    scope,
    year: q.year,
    months,
    totals,
    stock: {
      jobSeekers: Number(stockOf('job_seekers')?.n ?? 0),
      vacancies: Number(stockOf('vacancies')?.n ?? 0),
      places: Number(stockOf('vacancies')?.places ?? 0),
    },
    targets: TARGET_METRICS.map((metric) => {
      const target = targets[metric] ?? null;
      return {
        metric,
        target,
        actual: actual[metric],
        share: target ? Math.round((actual[metric] / target) * 1000) / 10 : null,
      };
    }),
  };
}
