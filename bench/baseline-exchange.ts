// The baseline's job-exchange routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/exchange/exchange.vacancies.ts matchVacancy and matchJobSeeker send, statement for statement, on the bare
// pool, for the centre staff the exchange scenarios log in as (bench/scenarios-exchange.ts). The ranking statements are
// exchange.matching.ts rankSeekers / rankVacancies byte for byte (the same text, the same bound values in the same
// order, so the same plans); the points and hard checks of the rows shown are the app's own pure matchOf
// (exchange.rules.ts), as the app explains them; the house weights are read at most once a minute, as the app does.
import type { Request } from 'express';
import type pg from 'pg';
import { HttpError, tokenUser } from './baseline-auth';
import { maskCccd } from '../server/shared/cccd';
import { today } from '../server/shared/clock';
import { GENERAL_EDUCATION, TECHNICAL_LEVELS } from '../server/shared/labour-scales';
import {
  DEFAULT_WEIGHTS,
  WEIGHT_KEYS,
  matchOf,
  type SeekerFacts,
  type VacancyFacts,
  type Weights,
} from '../server/modules/exchange/exchange.rules';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

// ---- exchange.matching.ts, as the app builds it ----

let cachedWeights: { weights: Weights; at: number } | null = null;
async function matchingWeights(db: pg.Pool): Promise<Weights> {
  if (cachedWeights && Date.now() - cachedWeights.at < 60_000) return cachedWeights.weights;
  const { rows } = await db.query<{ key: string; points: number }>('SELECT key, points FROM matching_weights');
  const weights = { ...DEFAULT_WEIGHTS };
  for (const r of rows)
    if ((WEIGHT_KEYS as readonly string[]).includes(r.key)) weights[r.key as keyof Weights] = r.points;
  cachedWeights = { weights, at: Date.now() };
  return weights;
}

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

type Row = Record<string, unknown>;
interface SeekerRow extends Row {
  id: string;
  centre_id: string;
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
interface VacancyRow extends Row {
  id: string;
  centre_id: string;
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

const seekerFacts = (r: SeekerRow): SeekerFacts => ({
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
const vacancyFacts = (r: VacancyRow): VacancyFacts => ({
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

/** The statement and bound values of rankSeekers (top 20 job seekers for a vacancy on `on`). */
export function rankSeekersSql(vacancy: VacancyRow, weights: Weights, on: string): { text: string; values: unknown[] } {
  const bind: unknown[] = [];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  const vid = p(Number(vacancy.id));
  const occ2 = p(vacancy.occupation_code.length >= 2 ? vacancy.occupation_code.slice(0, 2) : null);
  const occ3 = p(vacancy.occupation_code.length >= 3 ? vacancy.occupation_code.slice(0, 3) : null);
  const province = p(vacancy.province_code);
  const text = `SELECT ${SEEKER_COLUMNS}, w.general_education, w.technical_level, w.province_code AS residence_province,
        ${hardSql(p, on)} AS hard_ok, ${scoreSql(p, weights, on)} AS score, ${certifiedSql(p, Number(on.slice(0, 4)))} AS certified_rank
     FROM vacancies v
     JOIN job_seekers s ON s.status = 'active'
       AND ((s.occ2 = ${occ2}::text AND (s.province_1 = ${province}::text OR s.province_2 = ${province}::text))
            OR s.occ3 = ${occ3}::text)
     JOIN worker_exchange_facts w ON w.id = s.worker_id
     WHERE v.id = ${vid}
     ORDER BY hard_ok DESC, score DESC, certified_rank, s.id
     LIMIT ${p(20)}`;
  return { text, values: bind };
}

/** The statement and bound values of rankVacancies (top 20 open vacancies for a job seeker on `on`). */
export function rankVacanciesSql(seeker: SeekerRow, weights: Weights, on: string): { text: string; values: unknown[] } {
  const bind: unknown[] = [];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  const sid = p(Number(seeker.id));
  const occ2 = p(seeker.occupation_code.length >= 2 ? seeker.occupation_code.slice(0, 2) : null);
  const occ3 = p(seeker.occupation_code.length >= 3 ? seeker.occupation_code.slice(0, 3) : null);
  const provinces = p([seeker.province_1, seeker.province_2].filter(Boolean));
  const text = `SELECT ${VACANCY_COLUMNS}, ${hardSql(p, on)} AS hard_ok, ${scoreSql(p, weights, on)} AS score
     FROM job_seekers s
     JOIN worker_exchange_facts w ON w.id = s.worker_id
     JOIN vacancies v ON v.state = 'open'
       AND ((v.occ2 = ${occ2}::text AND v.province_code = ANY(${provinces}::text[])) OR v.occ3 = ${occ3}::text)
     WHERE s.id = ${sid}
     ORDER BY hard_ok DESC, score DESC, v.deadline, v.id
     LIMIT ${p(20)}`;
  return { text, values: bind };
}

// ---- exchange.vacancies.ts ----

interface CentreActor {
  userId: number;
  agencyId: number;
}

/** The token check, then (for the vacancy's matches) centreOf's read: the actor's centre, active. */
async function centreStaff(req: Request, db: pg.Pool): Promise<CentreActor> {
  const u = await tokenUser(req, db);
  if (u.role !== 'centre_staff' || u.agency_id === null)
    throw new HttpError(403, 'the baseline serves centre staff only here');
  return { userId: Number(u.id), agencyId: Number(u.agency_id) };
}

/** The app keeps the provinces' names in its process (reference.service.ts loadReferenceNames, at start). */
let provinceNames: Map<string, string> | null = null;
async function provinceName(db: pg.Pool, code: string | null): Promise<string> {
  provinceNames ??= new Map(
    (await db.query<{ code: string; name: string }>('SELECT code, name FROM provinces')).rows.map((p) => [
      p.code,
      p.name,
    ]),
  );
  return code ? (provinceNames.get(code) ?? code) : '';
}

const availabilityWords = (availableFrom: string, afterMonths: number, on: string) =>
  availableFrom <= on ? 'sẵn sàng ngay' : `sẵn sàng sau ${afterMonths} tháng`;

const idParam = (req: Request) => {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(400, 'bad id');
  return id;
};

export function exchangeRoutes(): Record<string, Handler> {
  return {
    // matchVacancy: the token, the centre, the vacancy (its own), the ranking, her own people's names, the live
    // referrals and the pending requests of the vacancy
    'GET /api/v1/vacancies/:id/matches': async (req, db) => {
      const actor = await centreStaff(req, db);
      const vacancyId = idParam(req);
      const {
        rows: [c],
      } = await db.query<{ id: string; name: string; province_code: string; kind: string; status: string }>(
        'SELECT id, name, province_code, kind, status FROM agency_licences WHERE id = $1',
        [actor.agencyId],
      );
      if (!c || c.kind !== 'employment_centre' || c.status !== 'active') throw new HttpError(403, 'not a centre');
      const centreId = Number(c.id);
      const {
        rows: [v],
      } = await db.query<VacancyRow>(`SELECT ${VACANCY_COLUMNS} FROM vacancies v WHERE v.id = $1`, [vacancyId]);
      if (!v || Number(v.centre_id) !== centreId) throw new HttpError(404, 'Không tìm thấy việc làm');
      const on = today();
      const weights = await matchingWeights(db);
      const { text, values } = rankSeekersSql(v, weights, on);
      const { rows } = await db.query<SeekerRow & { hard_ok: boolean; score: number; certified_rank: number }>(
        text,
        values,
      );
      const facts = vacancyFacts(v);
      const ranked = rows.map((r) => ({
        row: r,
        certifiedRank: Number(r.certified_rank),
        match: matchOf(seekerFacts(r), facts, weights, on),
      }));
      const own = ranked.filter((r) => Number(r.row.centre_id) === centreId).map((r) => Number(r.row.id));
      const people = own.length
        ? (
            await db.query<{ id: string; full_name: string; cccd: string }>(
              'SELECT s.id, w.full_name, w.cccd FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = ANY($1)',
              [own],
            )
          ).rows
        : [];
      const byId = new Map(people.map((p) => [Number(p.id), p]));
      const { rows: live } = await db.query<{ job_seeker_id: string; id: string; state: string }>(
        "SELECT job_seeker_id, id, state FROM referrals WHERE vacancy_id = $1 AND state IN ('introduced', 'interviewed', 'hired')",
        [vacancyId],
      );
      const { rows: pending } = await db.query<{ job_seeker_id: string }>(
        "SELECT job_seeker_id FROM introduction_requests WHERE vacancy_id = $1 AND status = 'pending'",
        [vacancyId],
      );
      const referred = new Map(live.map((l) => [Number(l.job_seeker_id), { id: Number(l.id), state: l.state }]));
      const asked = new Set(pending.map((p) => Number(p.job_seeker_id)));
      const data = [];
      for (const [i, r] of ranked.entries()) {
        const id = Number(r.row.id);
        const mine = Number(r.row.centre_id) === centreId;
        const person = byId.get(id);
        const base = {
          rank: i + 1,
          jobSeekerId: id,
          own: mine,
          score: r.match.score,
          hardOk: r.match.hardOk,
          hard: r.match.hard,
          reasons: r.match.reasons,
          certifiedRank: r.certifiedRank,
          referral: referred.get(id) ?? null,
          requested: asked.has(id),
        };
        if (mine && person) {
          data.push({ ...base, fullName: person.full_name, cccdMasked: maskCccd(person.cccd), summary: null });
          continue;
        }
        const where = r.row.residence_province
          ? (await provinceName(db, r.row.residence_province)).replace(/^Tỉnh /, '')
          : 'tỉnh chưa rõ';
        data.push({
          ...base,
          fullName: null,
          cccdMasked: null,
          summary: `1 người ở ${where}, nhóm nghề ${r.row.occ2 ?? r.row.occupation_code}, ${availabilityWords(
            r.row.available_from,
            Number(r.row.available_after_months),
            on,
          )}`,
        });
      }
      return { data };
    },

    // matchJobSeeker: the token, the job seeker in the centre's scope, her facts, the ranking, the vacancies'
    // employers and centres, the occupations' names
    'GET /api/v1/job-seekers/:id/matches': async (req, db) => {
      const actor = await centreStaff(req, db);
      const jobSeekerId = idParam(req);
      const {
        rows: [s],
      } = await db.query<{ id: string; status: string }>(
        'SELECT s.id, s.status FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1 AND s.centre_id = $2',
        [jobSeekerId, actor.agencyId],
      );
      if (!s) throw new HttpError(404, 'Không tìm thấy người tìm việc');
      if (s.status !== 'active') return { data: [] };
      const {
        rows: [seeker],
      } = await db.query<SeekerRow>(
        `SELECT ${SEEKER_COLUMNS}, w.general_education, w.technical_level, w.province_code AS residence_province
     FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1`,
        [jobSeekerId],
      );
      const on = today();
      const weights = await matchingWeights(db);
      const { text, values } = rankVacanciesSql(seeker!, weights, on);
      const { rows } = await db.query<VacancyRow & { hard_ok: boolean; score: number }>(text, values);
      const facts = seekerFacts(seeker!);
      const ranked = rows.map((r) => ({ row: r, match: matchOf(facts, vacancyFacts(r), weights, on) }));
      const ids = ranked.map((r) => Number(r.row.id));
      const extra = ids.length
        ? (
            await db.query<{
              id: string;
              employer_name: string;
              centre_name: string;
              occupation_version_id: string;
              wage_kind: string;
              wage_amount_vnd: string | null;
            }>(
              `SELECT v.id, e.name AS employer_name, c.name AS centre_name, v.occupation_version_id, v.wage_kind, v.wage_amount_vnd
         FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id WHERE v.id = ANY($1)`,
              [ids],
            )
          ).rows
        : [];
      const byId = new Map(extra.map((e) => [Number(e.id), e]));
      // reference.occupations.ts occupationNames: each code in its own version, one statement
      const wanted = new Map<string, { versionId: number; code: string }>();
      for (const r of ranked) {
        const versionId = Number(byId.get(Number(r.row.id))?.occupation_version_id);
        if (Number.isSafeInteger(versionId) && /^[0-9]{1,4}$/.test(r.row.occupation_code))
          wanted.set(`${versionId}:${r.row.occupation_code}`, { versionId, code: r.row.occupation_code });
      }
      const names = new Map<string, string>();
      if (wanted.size) {
        const list = [...wanted.values()];
        const { rows: named } = await db.query<{ version_id: string; code: string; name_vi: string }>(
          `SELECT o.version_id, o.code, o.name_vi
     FROM occupations o JOIN unnest($1::bigint[], $2::text[]) AS w (version_id, code)
       ON o.version_id = w.version_id AND o.code = w.code`,
          [list.map((p) => p.versionId), list.map((p) => p.code)],
        );
        for (const n of named) names.set(`${n.version_id}:${n.code}`, n.name_vi);
      }
      return {
        data: ranked.map((r, i) => {
          const e = byId.get(Number(r.row.id));
          return {
            rank: i + 1,
            vacancyId: Number(r.row.id),
            title: r.row.title,
            employerName: e?.employer_name ?? '',
            centreName: e?.centre_name ?? '',
            own: Number(r.row.centre_id) === actor.agencyId,
            provinceCode: r.row.province_code,
            communeCode: r.row.commune_code,
            deadline: r.row.deadline,
            placesLeft: Number(r.row.number_to_hire) - Number(r.row.hired_count),
            occupationCode: r.row.occupation_code,
            occupationName: names.get(`${e?.occupation_version_id}:${r.row.occupation_code}`) ?? null,
            wageCode: r.row.wage_code,
            wageKind: e?.wage_kind ?? null,
            score: r.match.score,
            hardOk: r.match.hardOk,
            hard: r.match.hard,
            reasons: r.match.reasons,
          };
        }),
      };
    },
  };
}
