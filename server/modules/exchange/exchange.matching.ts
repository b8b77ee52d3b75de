// Matching that explains itself (DOMAIN.md §15; issue 21). One SQL statement ranks the candidates — the candidate set
// from the indexes (the same level-2 group in one of the two preferred provinces, or the same level-3 group), every
// hard requirement (a failure ranks below every pass), the house points, and ties broken by certified programme
// groups (poor > near-poor > newly escaped > eligible area > none; declared groups never break ties). The statement
// is built for the one vacancy or job seeker it ranks for, its values bound and what each part of the candidate set
// already decides left out; the rows shown are explained by the pure rules (exchange.rules.ts matchOf) with the same
// weights, and the tests hold the statement's points to the rule's for every kind of vacancy and job seeker.
import { select } from '../../db/sql';
import { GENERAL_EDUCATION, TECHNICAL_LEVELS, rankOf } from '../../shared/labour-scales';
import type { GeneralEducation, TechnicalLevel } from '../../shared/labour-scales';
import {
  matchOf,
  WEIGHT_KEYS,
  DEFAULT_WEIGHTS,
  type Match,
  type SeekerFacts,
  type VacancyFacts,
  type Weights,
} from './exchange.rules';

let cached: { weights: Weights; at: number } | null = null;

/** The house points, read at most once a minute (an admin's change clears the cache at once). */
export async function matchingWeights(): Promise<Weights> {
  if (cached && Date.now() - cached.at < 60_000) return cached.weights;
  const rows = await select<{ key: string; points: number }>('SELECT key, points FROM matching_weights');
  const weights = { ...DEFAULT_WEIGHTS };
  for (const r of rows)
    if ((WEIGHT_KEYS as readonly string[]).includes(r.key)) weights[r.key as keyof Weights] = r.points;
  cached = { weights, at: Date.now() };
  return weights;
}
export const forgetWeights = () => {
  cached = null;
};

/** The hard requirements on the worker's own facts (w): technical level and general education against `tech` / `edu`. */
function workerHardSql(p: (v: unknown) => string, tech: string, edu: string): string {
  const techs = p([...TECHNICAL_LEVELS]);
  const edus = p([...GENERAL_EDUCATION]);
  return `((${tech} = 'untrained'
               OR COALESCE(array_position(${techs}::text[], w.technical_level), 0) >= array_position(${techs}::text[], ${tech}))
          AND (${edu} = 'none'
               OR COALESCE(array_position(${edus}::text[], w.general_education), 0) >= array_position(${edus}::text[], ${edu})))`;
}

/** Certified programme group of the worker (w): 1 poor … 4 eligible area, 5 none (the year's certification counts). */
function certifiedSql(p: (v: unknown) => string, year: number): string {
  const y = p(year);
  return `(CASE WHEN w.household_status_year = ${y}::int AND w.household_status = 'poor' THEN 1
                WHEN w.household_status_year = ${y}::int AND w.household_status = 'near_poor' THEN 2
                WHEN w.household_status_year = ${y}::int AND w.household_status = 'escaped_poverty' THEN 3
                WHEN w.commune_code IN (SELECT commune_code FROM grant_area_communes) THEN 4 ELSE 5 END)`;
}

export const SEEKER_COLUMNS = `s.id, s.centre_id, s.worker_id, s.occupation_code, s.occ2, s.province_1, s.commune_1, s.province_2, s.commune_2,
  s.wage_code, s.experience, s.available_from, s.available_after_months, s.priority_groups, s.language_codes`;
export const VACANCY_COLUMNS = `v.id, v.centre_id, v.employer_id, v.state, v.number_to_hire, v.hired_count, v.deadline, v.occupation_code,
  v.province_code, v.commune_code, v.wage_code, v.general_education, v.technical_level, v.languages_required, v.priority_groups, v.title`;

interface SeekerRow {
  id: string;
  centre_id: string;
  worker_id: string;
  occupation_code: string;
  occ2: string | null;
  province_1: string;
  commune_1: string | null;
  province_2: string | null;
  commune_2: string | null;
  wage_code: number | null;
  experience: string;
  available_from: string;
  available_after_months: number;
  priority_groups: string[];
  language_codes: string[];
  general_education: string | null;
  technical_level: string | null;
  residence_province: string | null;
}
interface VacancyRow {
  id: string;
  centre_id: string;
  employer_id: string;
  state: string;
  number_to_hire: number;
  hired_count: number;
  deadline: string;
  occupation_code: string;
  province_code: string;
  commune_code: string;
  wage_code: number | null;
  general_education: string;
  technical_level: string;
  languages_required: string[];
  priority_groups: string[];
  title: string;
}

export const seekerFacts = (r: SeekerRow): SeekerFacts => ({
  occupationCode: r.occupation_code,
  province1: r.province_1,
  commune1: r.commune_1,
  province2: r.province_2,
  commune2: r.commune_2,
  wageCode: r.wage_code === null ? null : Number(r.wage_code),
  experience: r.experience,
  availableFrom: r.available_from,
  priorityGroups: r.priority_groups,
  languageCodes: r.language_codes,
  generalEducation: r.general_education,
  technicalLevel: r.technical_level,
});
export const vacancyFacts = (r: VacancyRow): VacancyFacts => ({
  state: r.state,
  numberToHire: Number(r.number_to_hire),
  hiredCount: Number(r.hired_count),
  deadline: r.deadline,
  occupationCode: r.occupation_code,
  provinceCode: r.province_code,
  communeCode: r.commune_code,
  wageCode: r.wage_code === null ? null : Number(r.wage_code),
  generalEducation: r.general_education,
  technicalLevel: r.technical_level,
  languagesRequired: r.languages_required,
  priorityGroups: r.priority_groups,
});

export async function vacancyRow(id: number): Promise<VacancyRow | null> {
  const [v] = await select<VacancyRow>(`SELECT ${VACANCY_COLUMNS} FROM vacancies v WHERE v.id = $1`, [id]);
  return v ?? null;
}
export async function seekerRow(id: number): Promise<SeekerRow | null> {
  const [s] = await select<SeekerRow>(
    `SELECT ${SEEKER_COLUMNS}, w.general_education, w.technical_level, w.province_code AS residence_province
     FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1`,
    [id],
  );
  return s ?? null;
}

export interface RankedSeeker {
  row: SeekerRow;
  sqlScore: number;
  certifiedRank: number;
  match: Match;
}

/** The candidate set's constants for an occupation code: its level-2 and level-3 groups. */
const groupsOf = (code: string) => ({
  occ2: code.length >= 2 ? code.slice(0, 2) : null,
  occ3: code.length >= 3 ? code.slice(0, 3) : null,
});

/** Which part of the candidate set a branch reads: the vacancy's province as first choice, as second, or neither. */
type Part = 'first' | 'second' | 'elsewhere';

/**
 * The occupation's points of the other side's rows (alias `o`, `s` or `v`) against one side's fixed `code`, all of
 * them in its level-2 group: level 4 on the same code, level 3 on the same level-3 group, else level 2 — or, where
 * every row already shares the level-3 group (`sameGroup3`), level 4 on the same code, else level 3.
 */
function occupationPointsSql(
  p: (v: unknown) => string,
  code: string,
  w: Weights,
  o: 's' | 'v',
  sameGroup3: boolean,
): string {
  const { occ3 } = groupsOf(code);
  const cases = [
    ...(code.length === 4 ? [`WHEN ${o}.occupation_code = ${p(code)}::text THEN ${p(w.occupation_l4)}::int`] : []),
    ...(occ3 !== null && !sameGroup3 ? [`WHEN ${o}.occ3 = ${p(occ3)}::text THEN ${p(w.occupation_l3)}::int`] : []),
  ];
  const otherwise = `${p(sameGroup3 ? w.occupation_l3 : w.occupation_l2)}::int`;
  return cases.length ? `CASE ${cases.join(' ')} ELSE ${otherwise} END` : otherwise;
}

/** The priority-group points of the other side's rows (alias `o`) against one side's fixed groups: none named, none. */
function groupPointsSql(p: (v: unknown) => string, groups: readonly string[], w: Weights, o: 's' | 'v'): string {
  return groups.length === 0
    ? ''
    : `+ CASE WHEN ${o}.priority_groups && ${p(groups)}::text[] THEN ${p(w.priority_group)}::int ELSE 0 END`;
}

/**
 * The house points (matchOf in exchange.rules.ts) of one vacancy's candidates (alias s), its values bound and what
 * the part already decides left out (every candidate shares the level-2 group; the first part's province is the
 * vacancy's; a job seeker elsewhere has no workplace points, her communes lying in her own provinces by foreign key):
 * the same points, row for row, with a third of the comparisons and no join per candidate — the comparisons are most
 * of the cost of a ranking over 30,000 candidates.
 */
function pointsOf(p: (v: unknown) => string, vacancy: VacancyRow, w: Weights, on: string, part: Part): string {
  const place =
    part === 'elsewhere'
      ? ''
      : `+ CASE WHEN s.commune_1 = ${p(vacancy.commune_code)}::text THEN ${p(w.workplace_commune_1)}::int
                WHEN s.commune_2 = ${p(vacancy.commune_code)}::text THEN ${p(w.workplace_commune_2)}::int
                ELSE ${p(part === 'first' ? w.workplace_province_1 : w.workplace_province_2)}::int END`;
  const wage =
    vacancy.wage_code === null
      ? `${p(w.wage)}::int`
      : `CASE WHEN s.wage_code IS NULL OR s.wage_code <= ${p(Number(vacancy.wage_code))}::int THEN ${p(w.wage)}::int ELSE 0 END`;
  return `(${occupationPointsSql(p, vacancy.occupation_code, w, 's', part === 'elsewhere')}
         ${place}
         + ${wage}
         + CASE WHEN s.experience <> 'none' THEN ${p(w.experience)}::int ELSE 0 END
         + CASE WHEN s.available_from <= ${p(on)}::date THEN ${p(w.available_now)}::int ELSE 0 END
         ${groupPointsSql(p, vacancy.priority_groups, w, 's')})`;
}

/**
 * The hard requirements of one vacancy on its candidates (alias s) alone: its own state, places and deadline decided
 * once (bound as a constant), her languages and availability row by row (her worker's facts: workerHardSql).
 */
function seekerHardOf(p: (v: unknown) => string, vacancy: VacancyRow, on: string): string {
  const open =
    vacancy.state === 'open' && Number(vacancy.hired_count) < Number(vacancy.number_to_hire) && vacancy.deadline >= on;
  const languages =
    vacancy.languages_required.length === 0 ? '' : ` AND s.language_codes @> ${p(vacancy.languages_required)}::text[]`;
  return `(${p(open)}::boolean${languages} AND s.available_from <= ${p(vacancy.deadline)}::date)`;
}

/**
 * The house points (matchOf) of one job seeker over the open vacancies (alias v), her values bound and what the part
 * decides left out: every vacancy shares her level-2 group; in `mine` its province is one of her two; `elsewhere` it
 * is in neither, so no workplace points (her communes lie in her provinces, by foreign key).
 */
function vacancyPointsOf(
  p: (v: unknown) => string,
  seeker: SeekerRow,
  w: Weights,
  on: string,
  part: 'mine' | 'elsewhere',
): string {
  const place =
    part === 'elsewhere'
      ? ''
      : `+ CASE ${[
          ...(seeker.commune_1
            ? [`WHEN v.commune_code = ${p(seeker.commune_1)}::text THEN ${p(w.workplace_commune_1)}::int`]
            : []),
          ...(seeker.commune_2
            ? [`WHEN v.commune_code = ${p(seeker.commune_2)}::text THEN ${p(w.workplace_commune_2)}::int`]
            : []),
          `WHEN v.province_code = ${p(seeker.province_1)}::text THEN ${p(w.workplace_province_1)}::int`,
        ].join(' ')} ELSE ${p(w.workplace_province_2)}::int END`;
  const wage =
    seeker.wage_code === null
      ? `${p(w.wage)}::int`
      : `CASE WHEN v.wage_code IS NULL OR v.wage_code >= ${p(Number(seeker.wage_code))}::int THEN ${p(w.wage)}::int ELSE 0 END`;
  // her experience and availability are hers alone: one number for every vacancy
  const own = (seeker.experience !== 'none' ? w.experience : 0) + (seeker.available_from <= on ? w.available_now : 0);
  return `(${occupationPointsSql(p, seeker.occupation_code, w, 'v', part === 'elsewhere')}
         ${place}
         + ${wage}
         + ${p(own)}::int
         ${groupPointsSql(p, seeker.priority_groups, w, 'v')})`;
}

/** Every hard requirement over the open vacancies (alias v) for one job seeker: her languages, availability and worker facts bound. */
function vacancyHardOf(p: (v: unknown) => string, seeker: SeekerRow, on: string): string {
  const techs = p([...TECHNICAL_LEVELS]);
  const edus = p([...GENERAL_EDUCATION]);
  // array_position's numbering (1-based), 0 for none: the COALESCE of workerHardSql
  const tech = rankOf(TECHNICAL_LEVELS, seeker.technical_level as TechnicalLevel | null) + 1;
  const edu = rankOf(GENERAL_EDUCATION, seeker.general_education as GeneralEducation | null) + 1;
  return `(v.state = 'open' AND v.hired_count < v.number_to_hire AND v.deadline >= ${p(on)}::date
          AND ${p(seeker.language_codes)}::text[] @> v.languages_required
          AND ${p(seeker.available_from)}::date <= v.deadline
          AND (v.technical_level = 'untrained' OR ${p(tech)}::int >= array_position(${techs}::text[], v.technical_level))
          AND (v.general_education = 'none' OR ${p(edu)}::int >= array_position(${edus}::text[], v.general_education)))`;
}

/**
 * The most points a candidate of the same level-3 group can score where the vacancy is in neither of her two
 * provinces: no workplace points — a preferred commune lies in its own province (the foreign keys (commune, province)
 * of job_seekers and vacancies), so it cannot be the vacancy's; the occupation's level 4 only when the side that is
 * fixed (`code`, the vacancy's or the job seeker's) is coded at level 4, else level 3; a priority group only when that
 * side names one; the wage, experience and availability always.
 */
export function outsideBound(w: Weights, code: string, priorityGroups: readonly string[]): number {
  const occupation = code.length === 4 ? Math.max(w.occupation_l4, w.occupation_l3) : w.occupation_l3;
  const group = priorityGroups.length > 0 ? w.priority_group : 0;
  return occupation + w.wage + w.experience + w.available_now + group;
}

/**
 * The statement that ranks the job seekers for a vacancy, the passes (`passing`) or the failures of the hard
 * requirements. Built for 50,000 candidates in a busy group and province: the candidates come from range scans of
 * covering indexes, in two disjoint parts — those with the vacancy's province among their two (the same level-2
 * group), then those of the same level-3 group elsewhere. The second part scores at most outsideBound (no workplace
 * points), so it is read only when the first yields fewer than `limit` rows or its last row scores no more than that
 * bound (a tie could still go to the other part on the certified group): in a busy province the job seekers of the
 * group living elsewhere are never read. In each part the narrow rows (id, worker, points) are sorted on the points
 * in memory; the worker record (technical level, education, the certified group) is read row by row in that order
 * until the LIMIT is reached — a few hundred workers, not the whole candidate set — and the winners' columns are
 * read last, by id. The vacancy's own values (its state, places and deadline decided once) are bound into the points
 * and checks (pointsOf, seekerHardOf): no join per candidate. Exported for the bench's baseline, which sends the same
 * text.
 */
export function rankSeekersSql(
  vacancy: VacancyRow,
  weights: Weights,
  on: string,
  passing: boolean,
  limit: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const { occ2, occ3 } = groupsOf(vacancy.occupation_code);
  const g2 = p(occ2);
  const g3 = occ3 === null ? null : p(occ3);
  const province = p(vacancy.province_code);
  const lim = p(limit);
  // the vacancy's own requirements, bound: the worker's hard checks are made row by row after the sort
  const workerOk = workerHardSql(p, `${p(vacancy.technical_level)}::text`, `${p(vacancy.general_education)}::text`);
  const seekerOk = seekerHardOf(p, vacancy, on);
  const certified = certifiedSql(p, Number(on.slice(0, 4)));
  const branch = (part: Part, where: string) =>
    `SELECT s.id, s.worker_id, ${seekerOk} AS seeker_ok, ${pointsOf(p, vacancy, weights, on, part)} AS score
                 FROM job_seekers s WHERE s.status = 'active' AND ${where}`;
  // one part ranked: the narrow sort, then the worker facts row by row until the LIMIT; `gate` may stop it unread
  const ranked = (candidates: string, gate = '', floor = '') => `SELECT c.id, c.score, ${certified} AS certified_rank,
                  w.general_education, w.technical_level, w.province_code AS residence_province
           FROM (SELECT * FROM (${candidates}) s${gate} ORDER BY score DESC) c
           CROSS JOIN LATERAL (SELECT general_education, technical_level, province_code, household_status,
                                      household_status_year, commune_code
                               FROM worker_exchange_facts w WHERE w.id = c.worker_id) w
           WHERE ${floor}${passing ? '' : 'NOT '}(c.seeker_ok AND ${workerOk})
           ORDER BY c.score DESC, certified_rank, c.id
           LIMIT ${lim}`;
  // the vacancy's province first or second (index job_seekers_match_place), every level-3 group of the level-2 group
  const inside = [
    branch('first', `s.occ2 = ${g2}::text AND s.province_1 = ${province}::text`),
    branch('second', `s.occ2 = ${g2}::text AND s.province_2 = ${province}::text AND s.province_1 <> ${province}::text`),
  ].join('\n                 UNION ALL ');
  // the same level-3 group elsewhere (index job_seekers_match_group), read only when the bound cannot rule it out
  const outside =
    occ3 === null
      ? null
      : branch(
          'elsewhere',
          `s.occ2 = ${g2}::text AND s.occ3 = ${g3}::text AND s.province_1 <> ${province}::text
             AND s.province_2 IS DISTINCT FROM ${province}::text`,
        );
  // (the bound is bound only when the second part exists: a statement carries no unused parameter)
  const gate = () =>
    ` WHERE (SELECT count(*) < ${lim} OR min(score) <= ${p(outsideBound(weights, vacancy.occupation_code, vacancy.priority_groups))}::int FROM inside)`;
  // and when it is read, only its rows that can still rank: none below the first part's last row once that is full
  // (a tie at the top of a part would otherwise make its whole group of equal points look up their workers)
  const floor = `c.score >= (SELECT CASE WHEN count(*) < ${lim} THEN 0 ELSE min(score) END FROM inside) AND `;
  const parts =
    outside === null ? `SELECT * FROM inside` : `SELECT * FROM inside UNION ALL (${ranked(outside, gate(), floor)})`;
  const text = `WITH inside AS MATERIALIZED (${ranked(inside)})
     SELECT ${SEEKER_COLUMNS}, r.general_education, r.technical_level, r.residence_province, ${passing} AS hard_ok,
        r.score, r.certified_rank
     FROM (${parts}
           ORDER BY score DESC, certified_rank, id
           LIMIT ${lim}) r
     JOIN job_seekers s ON s.id = r.id
     ORDER BY r.score DESC, r.certified_rank, r.id`;
  return { text, values };
}

/**
 * The top job seekers for a vacancy on the day `on`: active registrations (consent not withdrawn) in the candidate
 * set, passes before failures, then points, then the certified group, then the registration's id. The failures are
 * asked for only when fewer than `limit` pass.
 */
export async function rankSeekers(vacancy: VacancyRow, on: string, limit = 20): Promise<RankedSeeker[]> {
  const weights = await matchingWeights();
  type Ranked = SeekerRow & { hard_ok: boolean; score: number; certified_rank: number };
  const pass = rankSeekersSql(vacancy, weights, on, true, limit);
  const rows = await select<Ranked>(pass.text, pass.values);
  if (rows.length < limit) {
    const fail = rankSeekersSql(vacancy, weights, on, false, limit - rows.length);
    rows.push(...(await select<Ranked>(fail.text, fail.values)));
  }
  const v = vacancyFacts(vacancy);
  return rows.map((r) => ({
    row: r,
    sqlScore: Number(r.score),
    certifiedRank: Number(r.certified_rank),
    match: matchOf(seekerFacts(r), v, weights, on),
  }));
}

export interface RankedVacancy {
  row: VacancyRow;
  sqlScore: number;
  match: Match;
}

/**
 * The statement that ranks the open vacancies for a job seeker, passes first: index scans of vacancies_open_match,
 * in two disjoint parts — the level-2 group in her two provinces, then the same level-3 group elsewhere, which scores
 * at most outsideBound and is read only when the first part yields fewer than `limit` passes or its last one scores
 * no more than that bound. Exported for the bench's baseline.
 */
export function rankVacanciesSql(
  seeker: SeekerRow,
  weights: Weights,
  on: string,
  limit: number,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const { occ2, occ3 } = groupsOf(seeker.occupation_code);
  const g2 = p(occ2);
  const g3 = occ3 === null ? null : p(occ3);
  const provinces = p([seeker.province_1, seeker.province_2].filter(Boolean));
  const lim = p(limit);
  const hard = vacancyHardOf(p, seeker, on);
  const ranked = (
    part: 'mine' | 'elsewhere',
    where: string,
    gate = '',
  ) => `SELECT ${VACANCY_COLUMNS}, ${hard} AS hard_ok,
       ${vacancyPointsOf(p, seeker, weights, on, part)} AS score
     FROM vacancies v
     WHERE v.state = 'open' AND ${where}${gate}
     ORDER BY hard_ok DESC, score DESC, v.deadline, v.id
     LIMIT ${lim}`;
  // the level-2 group in her provinces (every level-3 group of it)
  const inside = ranked('mine', `v.occ2 = ${g2}::text AND v.province_code = ANY(${provinces}::text[])`);
  // the same level-3 group elsewhere, read only when the bound cannot rule it out (the bound is bound only then)
  const gate = () =>
    ` AND (SELECT count(*) < ${lim} OR bool_or(NOT hard_ok) OR min(score) <= ${p(outsideBound(weights, seeker.occupation_code, seeker.priority_groups))}::int
                      FROM inside)`;
  const outside =
    occ3 === null
      ? null
      : ranked(
          'elsewhere',
          `v.occ2 = ${g2}::text AND v.occ3 = ${g3}::text AND v.province_code <> ALL(${provinces}::text[])`,
          gate(),
        );
  const parts = outside === null ? `SELECT * FROM inside` : `SELECT * FROM inside UNION ALL (${outside})`;
  const text = `WITH inside AS MATERIALIZED (${inside})
     ${parts}
     ORDER BY hard_ok DESC, score DESC, deadline, id
     LIMIT ${lim}`;
  return { text, values };
}

/** The top open vacancies for a job seeker on the day `on`: passes first, then points, then the nearest deadline. */
export async function rankVacancies(seeker: SeekerRow, on: string, limit = 20): Promise<RankedVacancy[]> {
  const weights = await matchingWeights();
  const q = rankVacanciesSql(seeker, weights, on, limit);
  const rows = await select<VacancyRow & { hard_ok: boolean; score: number }>(q.text, q.values);
  const s = seekerFacts(seeker);
  return rows.map((r) => ({ row: r, sqlScore: Number(r.score), match: matchOf(s, vacancyFacts(r), weights, on) }));
}

/** "Sẵn sàng ngay" or "sẵn sàng sau 3 tháng", for the anonymised rows and the portal. */
export function availabilityWords(availableFrom: string, afterMonths: number, on: string): string {
  return availableFrom <= on ? 'sẵn sàng ngay' : `sẵn sàng sau ${afterMonths} tháng`;
}

export { rankOf };
export type { GeneralEducation, TechnicalLevel, SeekerRow, VacancyRow };
