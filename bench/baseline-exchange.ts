// The baseline's job-exchange routes (bench/baseline.ts spreads them into baselineRoutes): what
// server/modules/exchange/exchange.vacancies.ts matchVacancy and matchJobSeeker send, statement for statement, on the bare
// pool, for the centre staff the exchange scenarios log in as (bench/scenarios-exchange.ts). The ranking statements are
// built by the app's own exchange.matching.ts rankSeekersSql / rankVacanciesSql (the same text, the same bound values,
// so the same plans: the baseline measures everything around them); the points and hard checks of the rows shown are the app's own pure matchOf
// (exchange.rules.ts), as the app explains them; the house weights are read at most once a minute, as the app does.
import type { Request } from 'express';
import type pg from 'pg';
import { HttpError, tokenUser } from './baseline-auth';
import { maskCccd } from '../server/shared/cccd';
import { today } from '../server/shared/clock';
import { DEFAULT_WEIGHTS, WEIGHT_KEYS, matchOf, type Weights } from '../server/modules/exchange/exchange.rules';
import {
  SEEKER_COLUMNS,
  VACANCY_COLUMNS,
  rankSeekersSql,
  rankVacanciesSql,
  seekerFacts,
  vacancyFacts,
  type SeekerRow,
  type VacancyRow,
} from '../server/modules/exchange/exchange.matching';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

// ---- exchange.matching.ts matchingWeights, on the bare pool ----

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
      // rankSeekers: the passes, then the failures only when fewer than 20 pass
      type Ranked = SeekerRow & { hard_ok: boolean; score: number; certified_rank: number };
      const pass = rankSeekersSql(v, weights, on, true, 20);
      const { rows } = await db.query<Ranked>(pass.text, pass.values);
      if (rows.length < 20) {
        const fail = rankSeekersSql(v, weights, on, false, 20 - rows.length);
        rows.push(...(await db.query<Ranked>(fail.text, fail.values)).rows);
      }
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
      const { text, values } = rankVacanciesSql(seeker!, weights, on, 20);
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
