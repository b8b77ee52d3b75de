// The job exchange's scenarios (issue 21), appended to bench/scenarios.ts's list: the matching, one statement ranking
// the candidates of one side for one row of the other, as a centre's staff reads it. Random job seekers' top 20
// vacancies (8 connections); random open vacancies' top 20 job seekers (1 and 8 connections); and the same for the
// vacancies of the heaviest cell only (the largest level-2 group in the largest province: the most candidates). Each
// request carries the token of the centre that holds the row (bench-centre-<province>), as the app answers 404 to
// any other centre. They need the exchange's seed (`npm run bench:seed -- --exchange`: bench/generate-exchange.ts);
// the baseline's side is bench/baseline-exchange.ts.
import type pg from 'pg';
import { bearerHeaders } from './baseline-auth';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios';
import { dateInVietnam } from '../server/shared/clock';
import { rng } from './random';

/** Fewer rows would measure nothing (the issue: a million job seekers, 100,000 open vacancies). */
const MIN_SEEKERS = 500_000;
const MIN_OPEN = 50_000;
/** Rows per scenario, cycled by every connection (run.ts compares every one's body on both servers first). */
const SAMPLE = 200;

async function requireExchange(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ seekers: number; open: number; past: number }>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM job_seekers LIMIT ${MIN_SEEKERS}) t) AS seekers,
            (SELECT count(*)::int FROM (SELECT 1 FROM vacancies WHERE state = 'open' LIMIT ${MIN_OPEN}) t) AS open,
            (SELECT count(*)::int FROM vacancies WHERE state = 'open' AND deadline < $1::date) AS past`,
    [dateInVietnam(new Date())],
  );
  const { seekers, open, past } = rows[0]!;
  if (seekers < MIN_SEEKERS || open < MIN_OPEN)
    throw new Error(
      `${seekers.toLocaleString('en')} job seekers and ${open.toLocaleString('en')} open vacancies, fewer than ` +
        `${MIN_SEEKERS.toLocaleString('en')} and ${MIN_OPEN.toLocaleString('en')}: run \`npm run bench:seed -- --exchange\``,
    );
  // the seed's deadlines are 30 to 180 days after the day it ran; the app matches on its real today
  if (past > 0)
    throw new Error(
      `${past.toLocaleString('en')} open vacancies are past their deadline (the seed is old): run \`npm run bench:seed -- --exchange\` again`,
    );
}

/** The bearer header of each centre's staff user (bench-centre-<province>), by centre id. */
async function centreTokens(ctx: ScenarioContext): Promise<Map<number, string>> {
  const { rows } = await ctx.db.query<{ id: string; token_version: number; agency_id: string }>(
    `SELECT id, token_version, agency_id FROM users
     WHERE username LIKE 'bench-centre-%' AND role = 'centre_staff' AND active AND agency_id IS NOT NULL`,
  );
  if (!rows.length) throw new Error('no bench-centre-* staff: run `npm run bench:seed -- --exchange`');
  return new Map(rows.map((u) => [Number(u.agency_id), bearerHeaders(ctx.jwtSecret, u).authorization!]));
}

/** Ids drawn at random (seeded: every run reads the same rows in the same order) from 1…max. */
function randomIds(seed: number, max: number, n: number): number[] {
  const r = rng(seed);
  const ids = new Set<number>();
  while (ids.size < n) ids.add(1 + Math.floor(r() * max));
  return [...ids];
}

/** The rows of `ids` that pass `where`, in the order drawn, at most SAMPLE, as requests with their centre's token. */
async function requestsFor(
  ctx: ScenarioContext,
  table: 'job_seekers' | 'vacancies',
  where: string,
  ids: number[],
  path: (id: number) => string,
): Promise<BenchRequest[]> {
  const tokens = await centreTokens(ctx);
  const { rows } = await ctx.db.query<{ id: string; centre_id: string }>(
    `SELECT id, centre_id FROM ${table} WHERE id = ANY($1::bigint[]) AND ${where}`,
    [ids],
  );
  const centre = new Map(rows.map((x) => [Number(x.id), Number(x.centre_id)]));
  const out: BenchRequest[] = [];
  for (const id of ids) {
    const c = centre.get(id);
    if (c === undefined) continue;
    const authorization = tokens.get(c);
    if (!authorization)
      throw new Error(`no bench-centre-* staff for centre ${c}: run \`npm run bench:seed -- --exchange\``);
    out.push({ method: 'GET', path: path(id), headers: { authorization } });
    if (out.length === SAMPLE) break;
  }
  if (out.length < SAMPLE) throw new Error(`only ${out.length} ${table} rows found of ${SAMPLE}: reseed the exchange`);
  return out;
}

const maxId = async (db: pg.Pool, table: string) =>
  Number((await db.query<{ m: string }>(`SELECT max(id) AS m FROM ${table}`)).rows[0]!.m);

/** The largest level-2 group (by active job seekers) and the largest first province: the heaviest cell. */
let heaviest: { occ2: string; province: string } | null = null;
async function heaviestCell(db: pg.Pool): Promise<{ occ2: string; province: string }> {
  if (heaviest) return heaviest;
  const { rows } = await db.query<{ occ2: string; province: string }>(
    `SELECT (SELECT occ2 FROM job_seekers WHERE status = 'active' AND occ2 IS NOT NULL GROUP BY occ2 ORDER BY count(*) DESC, occ2 LIMIT 1) AS occ2,
            (SELECT province_1 FROM job_seekers WHERE status = 'active' GROUP BY province_1 ORDER BY count(*) DESC, province_1 LIMIT 1) AS province`,
  );
  heaviest = rows[0]!;
  return heaviest;
}

const seekerMatches = async (ctx: ScenarioContext) => {
  await requireExchange(ctx.db);
  const ids = randomIds(21_01, await maxId(ctx.db, 'job_seekers'), SAMPLE * 3);
  return {
    requests: await requestsFor(
      ctx,
      'job_seekers',
      `status = 'active'`,
      ids,
      (id) => `/api/v1/job-seekers/${id}/matches`,
    ),
  };
};
const vacancyMatches = async (ctx: ScenarioContext) => {
  await requireExchange(ctx.db);
  const ids = randomIds(21_02, await maxId(ctx.db, 'vacancies'), SAMPLE * 2);
  return {
    requests: await requestsFor(ctx, 'vacancies', `state = 'open'`, ids, (id) => `/api/v1/vacancies/${id}/matches`),
  };
};
const heaviestMatches = async (ctx: ScenarioContext) => {
  await requireExchange(ctx.db);
  const cell = await heaviestCell(ctx.db);
  // every open vacancy of the cell (≈ 3,000), in a seeded random order
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT id FROM vacancies WHERE state = 'open' AND occ2 = $1 AND province_code = $2 ORDER BY id`,
    [cell.occ2, cell.province],
  );
  const all = rows.map((x) => Number(x.id));
  const r = rng(21_03);
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(r() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return {
    requests: await requestsFor(ctx, 'vacancies', `state = 'open'`, all, (id) => `/api/v1/vacancies/${id}/matches`),
  };
};

const SEEKERS_FOR_VACANCY =
  'GET /api/v1/vacancies/<id>/matches — the top 20 of 700,000 active job seekers for 200 random open vacancies of ' +
  '100,000, cycled (the candidates: the same level-2 group in the vacancy’s province as first or second choice, or ' +
  'the same level-3 group anywhere; each joined to its worker; hard checks, points, certified group), then the own ' +
  'people’s names, live referrals, pending requests (the token of the vacancy’s centre)';
const SEEKERS_HEAVIEST =
  'GET /api/v1/vacancies/<id>/matches — the same for 200 of the ≈ 3,000 open vacancies of the heaviest cell only ' +
  '(group 93 in province 79 with the seed: ≈ 31,500 candidates by group and province, ≈ 50,000 with the level-3 ' +
  'group anywhere)';

export const exchangeScenarios: Scenario[] = [
  {
    name: 'exchange-vacancies-for-seeker',
    description:
      'GET /api/v1/job-seekers/<id>/matches — the top 20 of 100,000 open vacancies for 200 random active job seekers of ' +
      'a million, cycled (the candidates: her level-2 group in her one or two provinces, or her level-3 group anywhere; ' +
      'hard checks and points), then their employers and centres and the occupations’ names (the token of her centre)',
    requests: '/api/v1/job-seekers/1/matches', // replaced by setup
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 100,
    setup: seekerMatches,
  },
  {
    name: 'exchange-seekers-for-vacancy',
    description: SEEKERS_FOR_VACANCY,
    requests: '/api/v1/vacancies/1/matches',
    connections: 1,
    targetRatio: 0.5,
    p99TargetMs: 100,
    setup: vacancyMatches,
  },
  {
    name: 'exchange-seekers-for-vacancy',
    description: `${SEEKERS_FOR_VACANCY}, at 8 connections`,
    requests: '/api/v1/vacancies/1/matches',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 250,
    setup: vacancyMatches,
  },
  {
    name: 'exchange-seekers-heaviest',
    description: SEEKERS_HEAVIEST,
    requests: '/api/v1/vacancies/1/matches',
    connections: 1,
    targetRatio: 0.5,
    p99TargetMs: 100,
    setup: heaviestMatches,
  },
  {
    name: 'exchange-seekers-heaviest',
    description: `${SEEKERS_HEAVIEST}, at 8 connections`,
    requests: '/api/v1/vacancies/1/matches',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 250,
    setup: heaviestMatches,
  },
];
