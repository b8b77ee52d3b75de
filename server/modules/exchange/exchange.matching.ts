// Matching that explains itself (DOMAIN.md §15; issue 21). One SQL statement ranks the candidates — the candidate set
// from the indexes (the same level-2 group in one of the two preferred provinces, or the same level-3 group), every
// hard requirement (a failure ranks below every pass), the house points, and ties broken by certified programme
// groups (poor > near-poor > newly escaped > eligible area > none; declared groups never break ties). The rows shown
// are explained by the pure rules (exchange.rules.ts) with the same weights; a test holds the two to one example.
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

/** The SQL of the soft points between a job seeker (alias s) and a vacancy (alias v); $w… are bound weights. */
function scoreSql(p: (v: unknown) => string, w: Weights, today: string): string {
  return `(CASE WHEN length(s.occupation_code) = 4 AND s.occupation_code = v.occupation_code THEN ${p(w.occupation_l4)}::int
                WHEN s.occ3 = v.occ3 THEN ${p(w.occupation_l3)}::int
                WHEN s.occ2 = v.occ2 THEN ${p(w.occupation_l2)}::int ELSE 0 END
         + CASE WHEN s.commune_1 = v.commune_code THEN ${p(w.workplace_commune_1)}::int
                WHEN s.commune_2 = v.commune_code THEN ${p(w.workplace_commune_2)}::int
                WHEN s.province_1 = v.province_code THEN ${p(w.workplace_province_1)}::int
                WHEN s.province_2 = v.province_code THEN ${p(w.workplace_province_2)}::int ELSE 0 END
         + CASE WHEN s.wage_code IS NULL OR v.wage_code IS NULL OR s.wage_code <= v.wage_code THEN ${p(w.wage)}::int ELSE 0 END
         + CASE WHEN s.experience <> 'none' THEN ${p(w.experience)}::int ELSE 0 END
         + CASE WHEN s.available_from <= ${p(today)}::date THEN ${p(w.available_now)}::int ELSE 0 END
         + CASE WHEN s.priority_groups && v.priority_groups THEN ${p(w.priority_group)}::int ELSE 0 END)`;
}

/** The hard requirements of the vacancy (v) on the job seeker (s) and her worker facts (w). */
function hardSql(p: (v: unknown) => string, today: string): string {
  const tech = p([...TECHNICAL_LEVELS]);
  const edu = p([...GENERAL_EDUCATION]);
  return `(v.state = 'open' AND v.hired_count < v.number_to_hire AND v.deadline >= ${p(today)}::date
          AND (v.technical_level = 'untrained'
               OR COALESCE(array_position(${tech}::text[], w.technical_level), 0) >= array_position(${tech}::text[], v.technical_level))
          AND (v.general_education = 'none'
               OR COALESCE(array_position(${edu}::text[], w.general_education), 0) >= array_position(${edu}::text[], v.general_education))
          AND s.language_codes @> v.languages_required
          AND s.available_from <= v.deadline)`;
}

/** Certified programme group of the worker (w): 1 poor … 4 eligible area, 5 none (the year's certification counts). */
function certifiedSql(p: (v: unknown) => string, year: number): string {
  const y = p(year);
  return `(CASE WHEN w.household_status_year = ${y}::int AND w.household_status = 'poor' THEN 1
                WHEN w.household_status_year = ${y}::int AND w.household_status = 'near_poor' THEN 2
                WHEN w.household_status_year = ${y}::int AND w.household_status = 'escaped_poverty' THEN 3
                WHEN w.commune_code IN (SELECT commune_code FROM grant_area_communes) THEN 4 ELSE 5 END)`;
}

const SEEKER_COLUMNS = `s.id, s.centre_id, s.worker_id, s.occupation_code, s.occ2, s.province_1, s.commune_1, s.province_2, s.commune_2,
  s.wage_code, s.experience, s.available_from, s.available_after_months, s.priority_groups, s.language_codes`;
const VACANCY_COLUMNS = `v.id, v.centre_id, v.employer_id, v.state, v.number_to_hire, v.hired_count, v.deadline, v.occupation_code,
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

/**
 * The top job seekers for a vacancy on the day `on`: active registrations (consent not withdrawn) in the candidate
 * set, passes before failures, then points, then the certified group, then the registration's id.
 */
export async function rankSeekers(vacancy: VacancyRow, on: string, limit = 20): Promise<RankedSeeker[]> {
  const weights = await matchingWeights();
  const bind: unknown[] = [];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  const vid = p(Number(vacancy.id));
  // the candidate set as constants (the vacancy is one row): the planner ORs the three partial indexes
  const occ2 = p(vacancy.occupation_code.length >= 2 ? vacancy.occupation_code.slice(0, 2) : null);
  const occ3 = p(vacancy.occupation_code.length >= 3 ? vacancy.occupation_code.slice(0, 3) : null);
  const province = p(vacancy.province_code);
  const sql = `SELECT ${SEEKER_COLUMNS}, w.general_education, w.technical_level, w.province_code AS residence_province,
        ${hardSql(p, on)} AS hard_ok, ${scoreSql(p, weights, on)} AS score, ${certifiedSql(p, Number(on.slice(0, 4)))} AS certified_rank
     FROM vacancies v
     JOIN job_seekers s ON s.status = 'active'
       AND ((s.occ2 = ${occ2}::text AND (s.province_1 = ${province}::text OR s.province_2 = ${province}::text))
            OR s.occ3 = ${occ3}::text)
     JOIN worker_exchange_facts w ON w.id = s.worker_id
     WHERE v.id = ${vid}
     ORDER BY hard_ok DESC, score DESC, certified_rank, s.id
     LIMIT ${p(limit)}`;
  const rows = await select<SeekerRow & { hard_ok: boolean; score: number; certified_rank: number }>(sql, bind);
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

/** The top open vacancies for a job seeker on the day `on`: passes first, then points, then the nearest deadline. */
export async function rankVacancies(seeker: SeekerRow, on: string, limit = 20): Promise<RankedVacancy[]> {
  const weights = await matchingWeights();
  const bind: unknown[] = [];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  const sid = p(Number(seeker.id));
  const occ2 = p(seeker.occupation_code.length >= 2 ? seeker.occupation_code.slice(0, 2) : null);
  const occ3 = p(seeker.occupation_code.length >= 3 ? seeker.occupation_code.slice(0, 3) : null);
  const provinces = p([seeker.province_1, seeker.province_2].filter(Boolean));
  const sql = `SELECT ${VACANCY_COLUMNS}, ${hardSql(p, on)} AS hard_ok, ${scoreSql(p, weights, on)} AS score
     FROM job_seekers s
     JOIN worker_exchange_facts w ON w.id = s.worker_id
     JOIN vacancies v ON v.state = 'open'
       AND ((v.occ2 = ${occ2}::text AND v.province_code = ANY(${provinces}::text[])) OR v.occ3 = ${occ3}::text)
     WHERE s.id = ${sid}
     ORDER BY hard_ok DESC, score DESC, v.deadline, v.id
     LIMIT ${p(limit)}`;
  const rows = await select<VacancyRow & { hard_ok: boolean; score: number }>(sql, bind);
  const s = seekerFacts(seeker);
  return rows.map((r) => ({ row: r, sqlScore: Number(r.score), match: matchOf(s, vacancyFacts(r), weights, on) }));
}

/** "Sẵn sàng ngay" or "sẵn sàng sau 3 tháng", for the anonymised rows and the portal. */
export function availabilityWords(availableFrom: string, afterMonths: number, on: string): string {
  return availableFrom <= on ? 'sẵn sàng ngay' : `sẵn sàng sau ${afterMonths} tháng`;
}

export { rankOf };
export type { GeneralEducation, TechnicalLevel, SeekerRow, VacancyRow };
