// Lines 1–3 of Decree 352 Annex III Mẫu 01 (E6; DOMAIN.md §15.4), computed from the sessions, the counselling log,
// the job-seeker registrations, the vacancies and the referrals (by origin), for a set of centres (one centre's
// report; a province officer's reading of the whole province) and a data window. Every figure is defined by one base
// query (the rows it counts); the count and its drill-down read the same base, so the number on the page is the
// length of the list behind it.
//
// The definitions (the same words are shown on the page as "cách tính"), for a window [from, to] (both days included):
// 1.1 sessions held: the centre's job exchange sessions in state "held" with held_on in the window.
// 1.2 employers taking part: distinct employers (and sending organisations) with a booth at those sessions.
// 1.3 workers counselled at sessions: distinct workers with a counselling record attached to one of those sessions.
// 1.4 workers interviewed: distinct workers with an "interview" recorded at one of those sessions.
// 2.1 people counselled on jobs or policy: distinct workers in the centre's counselling log (at a session or not) with
//     counselled_on in the window; 2.1a on jobs (topic job, or overseas work), 2.1b on policy.
// 2.2 employers counselled: distinct employers in the centre's counselling log with counselled_on in the window.
// 3.1.1 job-search registrations: job-seeker registrations (and renewals) taken by the centre, registered_on in the
//       window; a person registering twice counts twice (each is a registration).
// 3.1.2 introduced: distinct workers the centre introduced at their own request (referral origin "person"),
//       introduced_on in the window.
// 3.1.3 hired after introduction: distinct workers of origin-"person" referrals of the centre hired (a signed labour
//       contract, E2) with the contract signed in the window, whenever the introduction was made.
// 3.2.1 workers requested by employers: the sum of "number to hire" of the centre's vacancies opened in the window
//       (of whom intermediate or higher: vacancies requiring intermediate level or higher).
// 3.2.2 supplied: distinct workers the centre introduced on an employer's request (origin "employer") in the window.
// 3.2.3 taken on: distinct workers of origin-"employer" referrals hired with the contract signed in the window.
// "Intermediate level or higher" (trình độ trung cấp trở lên): the worker's technical level on record today is
// intermediate, college, university, master or doctorate (server/shared/labour-scales.ts). Placements abroad through a
// sending organisation are referrals too and count in their line.
import { select } from '../../db/sql';
import { TECHNICAL_LEVELS, rankOf } from '../../shared/labour-scales';
import type { IsoDate } from '../../shared/clock';

/** Technical levels counted as "intermediate or higher". */
export const INTERMEDIATE_PLUS: readonly string[] = TECHNICAL_LEVELS.filter(
  (l) => rankOf(TECHNICAL_LEVELS, l) >= rankOf(TECHNICAL_LEVELS, 'intermediate'),
);

export type LineUnit = 'session' | 'employer' | 'worker' | 'registration' | 'vacancy';

export interface LineDef {
  key: string;
  /** the line's number as printed (1.1, 2.1a …) */
  label: string;
  title: string;
  /** the definition in words (cách tính) */
  how: string;
  unit: LineUnit;
  /** whether the line has an "of whom intermediate level or higher" count */
  split: boolean;
  /** how the base rows are counted */
  count: 'distinct' | 'rows' | 'sum';
  /**
   * the rows counted (see base) with d, the line's day that {F}/{T} bound, and, unless byWorker, plus; the report reads
   * them once over both windows and counts each window by d
   */
  rows: string;
  /**
   * whether "intermediate or higher" is the level on record of the row's worker (rows has no plus column: the report
   * reads each worker's level once, base joins it row by row)
   */
  byWorker: boolean;
  /**
   * the rows counted: subject (text), worker_id, amount, plus; $1 the centres, {F}/{T} the window's bounds,
   * $2 the intermediate-or-higher levels
   */
  base: string;
  indent?: boolean;
}

const HELD = `s.centre_id = ANY($1::bigint[]) AND s.state = 'held' AND s.held_on BETWEEN {F} AND {T}`;
const PLUS = `COALESCE(w.technical_level = ANY($2::text[]), false)`;

const LINE_ROWS: Omit<LineDef, 'base'>[] = [
  {
    key: '1.1',
    label: '1.1',
    title: 'Số phiên giao dịch việc làm đã tổ chức',
    how: 'Các phiên của trung tâm ở trạng thái «đã tổ chức» có ngày tổ chức trong kỳ.',
    unit: 'session',
    split: false,
    count: 'distinct',
    byWorker: false,
    rows: `SELECT s.id::text AS subject, NULL::bigint AS worker_id, 1 AS amount, false AS plus, s.held_on AS d
           FROM session_report_facts s WHERE ${HELD}`,
  },
  {
    key: '1.2',
    label: '1.2',
    title: 'Số người sử dụng lao động tham gia',
    how: 'Số người sử dụng lao động (và tổ chức đưa người lao động đi làm việc ở nước ngoài) khác nhau có gian tuyển dụng tại các phiên ở dòng 1.1.',
    unit: 'employer',
    split: false,
    count: 'distinct',
    byWorker: false,
    rows: `SELECT COALESCE('e' || b.employer_id, 's' || b.sender_agency_id) AS subject, NULL::bigint AS worker_id, 1 AS amount,
                  false AS plus, s.held_on AS d
           FROM session_booth_report_facts b JOIN session_report_facts s ON s.id = b.session_id WHERE ${HELD}`,
  },
  {
    key: '1.3',
    label: '1.3',
    title: 'Số người lao động được tư vấn tại phiên',
    how: 'Số người lao động khác nhau có lượt tư vấn ghi nhận tại một phiên ở dòng 1.1.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT c.worker_id::text AS subject, c.worker_id, 1 AS amount, s.held_on AS d
           FROM counselling_report_facts c JOIN session_report_facts s ON s.id = c.session_id
           WHERE ${HELD} AND c.worker_id IS NOT NULL`,
  },
  {
    key: '1.4',
    label: '1.4',
    title: 'Số người lao động được phỏng vấn',
    how: 'Số người lao động khác nhau được ghi nhận phỏng vấn với nhà tuyển dụng tại một phiên ở dòng 1.1.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT a.worker_id::text AS subject, a.worker_id, 1 AS amount, s.held_on AS d
           FROM session_activity_report_facts a JOIN session_report_facts s ON s.id = a.session_id
           WHERE ${HELD} AND a.kind = 'interview'`,
  },
  {
    key: '2.1',
    label: '2.1',
    title: 'Số người được tư vấn việc làm, chính sách',
    how: 'Số người lao động khác nhau trong sổ tư vấn của trung tâm (tại phiên hoặc không) có ngày tư vấn trong kỳ.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT c.worker_id::text AS subject, c.worker_id, 1 AS amount, c.counselled_on AS d
           FROM counselling_report_facts c
           WHERE c.centre_id = ANY($1::bigint[]) AND c.counselled_on BETWEEN {F} AND {T} AND c.worker_id IS NOT NULL`,
  },
  {
    key: '2.1a',
    label: '– tư vấn việc làm',
    title: 'Trong đó: tư vấn việc làm',
    how: 'Như dòng 2.1, chỉ các lượt tư vấn về việc làm (kể cả việc làm ở nước ngoài).',
    unit: 'worker',
    split: true,
    count: 'distinct',
    indent: true,
    byWorker: true,
    rows: `SELECT c.worker_id::text AS subject, c.worker_id, 1 AS amount, c.counselled_on AS d
           FROM counselling_report_facts c
           WHERE c.centre_id = ANY($1::bigint[]) AND c.counselled_on BETWEEN {F} AND {T} AND c.worker_id IS NOT NULL
             AND c.topic IN ('job', 'overseas')`,
  },
  {
    key: '2.1b',
    label: '– tư vấn chính sách',
    title: 'Trong đó: tư vấn chính sách',
    how: 'Như dòng 2.1, chỉ các lượt tư vấn về chính sách.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    indent: true,
    byWorker: true,
    rows: `SELECT c.worker_id::text AS subject, c.worker_id, 1 AS amount, c.counselled_on AS d
           FROM counselling_report_facts c
           WHERE c.centre_id = ANY($1::bigint[]) AND c.counselled_on BETWEEN {F} AND {T} AND c.worker_id IS NOT NULL
             AND c.topic = 'policy'`,
  },
  {
    key: '2.2',
    label: '2.2',
    title: 'Số người sử dụng lao động được tư vấn',
    how: 'Số người sử dụng lao động khác nhau trong sổ tư vấn của trung tâm có ngày tư vấn trong kỳ.',
    unit: 'employer',
    split: false,
    count: 'distinct',
    byWorker: false,
    rows: `SELECT 'e' || c.employer_id AS subject, NULL::bigint AS worker_id, 1 AS amount, false AS plus, c.counselled_on AS d
           FROM counselling_report_facts c
           WHERE c.centre_id = ANY($1::bigint[]) AND c.counselled_on BETWEEN {F} AND {T} AND c.employer_id IS NOT NULL`,
  },
  {
    key: '3.1.1',
    label: '3.1.1',
    title: 'Số lượt người đăng ký tìm việc',
    how: 'Số lượt đăng ký (và đăng ký lại) tìm việc do trung tâm tiếp nhận có ngày đăng ký trong kỳ; một người đăng ký hai lần tính hai lượt.',
    unit: 'registration',
    split: true,
    count: 'rows',
    byWorker: true,
    rows: `SELECT r.id::text AS subject, r.worker_id, 1 AS amount, r.registered_on AS d
           FROM seeker_registration_report_facts r
           WHERE r.centre_id = ANY($1::bigint[]) AND r.registered_on BETWEEN {F} AND {T}`,
  },
  {
    key: '3.1.2',
    label: '3.1.2',
    title: 'Số người được giới thiệu việc làm',
    how: 'Số người lao động khác nhau được trung tâm giới thiệu theo đề nghị của chính họ (giới thiệu từ phía người tìm việc) có ngày giới thiệu trong kỳ.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT f.worker_id::text AS subject, f.worker_id, 1 AS amount, f.introduced_on AS d
           FROM referral_report_facts f
           WHERE f.centre_id = ANY($1::bigint[]) AND f.introduced_on BETWEEN {F} AND {T} AND f.origin = 'person'`,
  },
  {
    key: '3.1.3',
    label: '3.1.3',
    title: 'Số người được tuyển dụng sau giới thiệu',
    how: 'Số người lao động khác nhau ở dòng giới thiệu từ phía người tìm việc đã ký hợp đồng lao động (E2) với ngày ký trong kỳ, dù được giới thiệu từ kỳ trước.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT f.worker_id::text AS subject, f.worker_id, 1 AS amount, f.signed_on AS d
           FROM referral_report_facts f
           WHERE f.centre_id = ANY($1::bigint[]) AND f.state = 'hired' AND f.signed_on BETWEEN {F} AND {T} AND f.origin = 'person'`,
  },
  {
    key: '3.2.1',
    label: '3.2.1',
    title: 'Số lao động người sử dụng lao động đề nghị cung ứng',
    how: 'Tổng «số lượng cần tuyển» của các việc làm trống (Mẫu 03a) do trung tâm tiếp nhận, mở trong kỳ; trong đó trung cấp trở lên: các việc làm yêu cầu trình độ trung cấp trở lên.',
    unit: 'vacancy',
    split: true,
    count: 'sum',
    byWorker: false,
    rows: `SELECT v.id::text AS subject, NULL::bigint AS worker_id, v.number_to_hire AS amount,
                  COALESCE(v.technical_level = ANY($2::text[]), false) AS plus, v.opened_on AS d
           FROM vacancy_report_facts v WHERE v.centre_id = ANY($1::bigint[]) AND v.opened_on BETWEEN {F} AND {T}`,
  },
  {
    key: '3.2.2',
    label: '3.2.2',
    title: 'Số lao động đã cung ứng',
    how: 'Số người lao động khác nhau được trung tâm giới thiệu theo đề nghị của người sử dụng lao động (giới thiệu từ phía việc làm) có ngày giới thiệu trong kỳ.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT f.worker_id::text AS subject, f.worker_id, 1 AS amount, f.introduced_on AS d
           FROM referral_report_facts f
           WHERE f.centre_id = ANY($1::bigint[]) AND f.introduced_on BETWEEN {F} AND {T} AND f.origin = 'employer'`,
  },
  {
    key: '3.2.3',
    label: '3.2.3',
    title: 'Số lao động được tiếp nhận',
    how: 'Số người lao động khác nhau ở dòng cung ứng đã ký hợp đồng lao động (E2) với ngày ký trong kỳ.',
    unit: 'worker',
    split: true,
    count: 'distinct',
    byWorker: true,
    rows: `SELECT f.worker_id::text AS subject, f.worker_id, 1 AS amount, f.signed_on AS d
           FROM referral_report_facts f
           WHERE f.centre_id = ANY($1::bigint[]) AND f.state = 'hired' AND f.signed_on BETWEEN {F} AND {T} AND f.origin = 'employer'`,
  },
];

/** A line's base from its rows: the worker's level joined for the split (a row without its worker is not counted). */
const withBase = (l: Omit<LineDef, 'base'>): LineDef => ({
  ...l,
  base: l.byWorker
    ? `SELECT x.subject, x.worker_id, x.amount, ${PLUS} AS plus
       FROM (${l.rows}) x JOIN worker_exchange_facts w ON w.id = x.worker_id`
    : `SELECT x.subject, x.worker_id, x.amount, x.plus FROM (${l.rows}) x`,
});

export const LINES: readonly LineDef[] = LINE_ROWS.map(withBase);

// A line split by the worker's level that counts distinct subjects counts its workers: its subject is the worker.
for (const l of LINES)
  if (l.byWorker && l.count === 'distinct' && !/^SELECT (\w+)\.worker_id::text AS subject, \1\.worker_id,/.test(l.rows))
    throw new Error(`line ${l.key}: a distinct count split by the worker's level must count workers`);

export const LINE_KEYS = LINES.map((l) => l.key);
export const lineOf = (key: string) => LINES.find((l) => l.key === key);

/** The section headings the lines sit under, as printed. */
export const SECTIONS: { line: string; title: string }[] = [
  { line: '1', title: 'Tổ chức phiên giao dịch việc làm' },
  { line: '2', title: 'Tư vấn' },
  { line: '3', title: 'Giới thiệu việc làm, cung ứng lao động' },
  { line: '3.1', title: 'Giới thiệu việc làm (từ phía người tìm việc)' },
  { line: '3.2', title: 'Cung ứng lao động (từ phía người sử dụng lao động)' },
];

export interface Figure {
  n: number;
  /** of whom intermediate level or higher (null: the line has no split) */
  plus: number | null;
}
export type Figures = Record<string, { current: Figure; prior: Figure }>;

const bounded = (sql: string, from: string, to: string) =>
  sql.replaceAll('{F}', `${from}::date`).replaceAll('{T}', `${to}::date`);

const IN_CURRENT = 'd BETWEEN $3::date AND $4::date';
const IN_PRIOR = 'd BETWEEN $5::date AND $6::date';

/** A line's figure for one window over rows with d and plus (count: the line's; within: the window's condition). */
function figureExprs(l: Pick<LineDef, 'count'>, within: string, subject = 'subject'): [string, string] {
  if (l.count === 'sum')
    return [
      `COALESCE(sum(amount) FILTER (WHERE ${within}), 0)`,
      `COALESCE(sum(amount) FILTER (WHERE ${within} AND plus), 0)`,
    ];
  if (l.count === 'rows') return [`count(*) FILTER (WHERE ${within})`, `count(*) FILTER (WHERE ${within} AND plus)`];
  return [
    `count(DISTINCT ${subject}) FILTER (WHERE ${within})`,
    `count(DISTINCT ${subject}) FILTER (WHERE ${within} AND plus)`,
  ];
}

/**
 * Every line for both windows in one statement (one round trip). Each line's rows are read once over the span of both
 * windows (bind parameters: $3/$4 the current window, $5/$6 the prior one, $7/$8 the span) and counted per window by
 * their day; the rows of the lines split by the worker's level are gathered, each looks its worker's level up in an
 * index, and all are counted in one pass. The figures are those of base: the same rows, the same worker join.
 */
export async function computeLines(
  centreIds: readonly number[],
  current: { from: IsoDate; to: IsoDate },
  prior: { from: IsoDate; to: IsoDate },
): Promise<Figures> {
  const { sql, bind } = linesStatement(centreIds, current, prior);
  const result = await select<{ line: number; f: string[] }>(sql, bind);
  const byLine = new Map(result.map((r) => [Number(r.line), r.f.map(Number)]));
  const out: Figures = {};
  LINES.forEach((l, i) => {
    const f = byLine.get(i) ?? [];
    // the split lines' figures: distinct subjects, rows, sums (each: current, of whom plus, prior, of whom plus)
    const at = !l.byWorker ? 0 : l.count === 'distinct' ? 0 : l.count === 'rows' ? 4 : 8;
    const v = (k: number) => f[at + k] ?? 0;
    out[l.key] = {
      current: { n: v(0), plus: l.split ? v(1) : null },
      prior: { n: v(2), plus: l.split ? v(3) : null },
    };
  });
  return out;
}

/** The statement of computeLines and its bind parameters (also for reading its plan). */
export function linesStatement(
  centreIds: readonly number[],
  current: { from: IsoDate; to: IsoDate },
  prior: { from: IsoDate; to: IsoDate },
): { sql: string; bind: unknown[] } {
  const arms: string[] = [];
  const byWorker: string[] = [];
  LINES.forEach((l, i) => {
    const rows = bounded(l.rows, '$7', '$8');
    if (l.byWorker) {
      byWorker.push(`SELECT ${i} AS line, worker_id, amount, d FROM (${rows}) x`);
      return;
    }
    const [nc, pc] = figureExprs(l, IN_CURRENT);
    const [np, pp] = figureExprs(l, IN_PRIOR);
    arms.push(`SELECT ${i} AS line, ARRAY[${nc}, ${pc}, ${np}, ${pp}]::bigint[] AS f FROM (${rows}) x`);
  });
  // the lines split by the worker's level: their rows, each with its worker's level (an index-only lookup; a row
  // without its worker is not counted, as in base), counted per window in one sort by line and worker. A distinct
  // count of such a line counts its workers (its subject is the worker: checked with LINES).
  const [dc, dpc] = figureExprs({ count: 'distinct' }, IN_CURRENT, 'worker_id');
  const [dp, dpp] = figureExprs({ count: 'distinct' }, IN_PRIOR, 'worker_id');
  const [rc, prc] = figureExprs({ count: 'rows' }, IN_CURRENT);
  const [rp, prp] = figureExprs({ count: 'rows' }, IN_PRIOR);
  const [ac, pac] = figureExprs({ count: 'sum' }, IN_CURRENT);
  const [ap, pap] = figureExprs({ count: 'sum' }, IN_PRIOR);
  const sql = `
    WITH wl AS MATERIALIZED (
      SELECT line, ARRAY[${dc}, ${dpc}, ${dp}, ${dpp}, ${rc}, ${prc}, ${rp}, ${prp}, ${ac}, ${pac}, ${ap}, ${pap}]::bigint[] AS f
      FROM (${byWorker.join('\n            UNION ALL ')}) u
      JOIN LATERAL (SELECT ${PLUS} AS plus FROM worker_exchange_facts w WHERE w.id = u.worker_id OFFSET 0) w ON true
      GROUP BY line
    ), ol AS MATERIALIZED (
      ${arms.join('\n      UNION ALL ')}
    )
    SELECT line, f FROM wl UNION ALL SELECT line, f FROM ol`;
  const [cFrom, pFrom] = [current.from, prior.from];
  return {
    sql,
    bind: [
      centreIds,
      INTERMEDIATE_PLUS,
      current.from,
      current.to,
      prior.from,
      prior.to,
      cFrom < pFrom ? cFrom : pFrom,
      current.to > prior.to ? current.to : prior.to,
    ],
  };
}

export interface DrillRow {
  id: string;
  /** a person: her name, masked CCCD, level; a session: its name, day, venue; an employer or vacancy: its name */
  name: string;
  cccd?: string;
  technicalLevel?: string | null;
  plus: boolean;
  /** how many rows of the line this subject accounts for (registrations of a person, places of a vacancy) */
  times: number;
  date?: string | null;
  detail?: string | null;
  link?: string | null;
}

/** What a figure counts: the people (CCCD masked by the caller), sessions, employers or vacancies behind it. */
export async function drillLine(
  l: LineDef,
  centreIds: readonly number[],
  window: { from: IsoDate; to: IsoDate },
  page: { limit: number; offset: number },
): Promise<{ rows: DrillRow[]; total: number }> {
  const base = bounded(l.base, '$3', '$4');
  const bind = [centreIds, INTERMEDIATE_PLUS, window.from, window.to, page.limit, page.offset];
  const grouped = `SELECT subject, min(worker_id) AS worker_id, sum(amount)::int AS times, bool_or(plus) AS plus
                   FROM (${base}) x WHERE $2::text[] IS NOT NULL GROUP BY subject`;
  let sql: string;
  if (l.unit === 'worker' || l.unit === 'registration')
    sql = `SELECT g.worker_id::text AS id, w.full_name AS name, w.cccd, w.technical_level AS "technicalLevel", g.plus,
                  ${l.unit === 'registration' ? 'count(*)::int' : 'max(g.times)'} AS times, count(*) OVER () AS total
           FROM (${grouped}) g JOIN worker_exchange_facts w ON w.id = g.worker_id
           GROUP BY g.worker_id, w.full_name, w.cccd, w.technical_level, g.plus
           ORDER BY w.full_name, g.worker_id LIMIT $5 OFFSET $6`;
  else if (l.unit === 'session')
    sql = `SELECT s.id::text AS id, s.name, s.held_on AS date, s.venue AS detail, false AS plus, 1 AS times,
                  '/viec-lam/phien/' || s.id AS link, count(*) OVER () AS total
           FROM (${grouped}) g JOIN session_report_facts s ON s.id = g.subject::bigint
           ORDER BY s.held_on, s.id LIMIT $5 OFFSET $6`;
  else if (l.unit === 'employer')
    sql = `SELECT g.subject AS id, COALESCE(e.name, a.name) AS name, COALESCE(e.enterprise_code, a.licence_number) AS detail,
                  false AS plus, g.times, CASE WHEN e.id IS NOT NULL THEN '/viec-lam/nha-tuyen-dung/' || e.id END AS link,
                  count(*) OVER () AS total
           FROM (${grouped}) g
           LEFT JOIN employer_report_facts e ON g.subject LIKE 'e%' AND e.id = substr(g.subject, 2)::bigint
           LEFT JOIN agency_licences a ON g.subject LIKE 's%' AND a.id = substr(g.subject, 2)::bigint
           ORDER BY 2, 1 LIMIT $5 OFFSET $6`;
  else
    sql = `SELECT v.id::text AS id, v.title AS name, v.opened_on AS date, e.name AS detail, v.technical_level AS "technicalLevel",
                  g.plus, g.times, '/viec-lam/viec-trong/' || v.id AS link, count(*) OVER () AS total
           FROM (${grouped}) g JOIN vacancy_report_facts v ON v.id = g.subject::bigint
           JOIN employer_report_facts e ON e.id = v.employer_id
           ORDER BY v.opened_on, v.id LIMIT $5 OFFSET $6`;
  const rows = await select<DrillRow & { total: string }>(sql, bind);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    rows: rows.map(({ total: _t, ...r }) => ({ ...r, times: Number(r.times) })),
  };
}
