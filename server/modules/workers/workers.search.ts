// Name search over worker_name_words (migration 16.30): every word of q must begin a word of the folded name
// ('nguyen thi hang' and 'hang' both find "Nguyễn Thị Hằng"); results in byte order of the folded name, then id.
//
// Pure SQL building plus the order of statements, with the runner injected: the app runs it on its pool
// (server/db/sql.ts) and the benchmark's bare baseline (bench/baseline.ts) on a plain pg.Pool, so both send the
// same statements by construction.
//
// The plan, for q's words w1…wk (w1 as typed first, usually the surname):
//  1. vocabulary: the distinct name words each wi begins (a loose index scan, one probe per word);
//  2. split the matches in two disjoint halves by where w1 sits: A, names whose FIRST word begins with w1 (a range
//     of folded names), and B, the others (w1 begins a later word). With one word, A is a range of the
//     workers_name_order index and B the entries of w1's words outside that range: both read in order, a page's
//     worth. With more words, each half walks the entries of one word of q (its "driver": the one with the fewest
//     entries in that half, counted up to DRIVER_PROBE) and checks the other words on the name held in the entry;
//  3. a page: in each half, every stream sorted by (name, id) and limited, merged (MergeAppend), duplicates dropped
//     (a name with two words one prefix begins); both halves and the workers' columns in one statement, merged here;
//  4. the total: a half that returned less than a page's worth is its own count; the others are counted up to
//     TOTAL_CAP + 1 the same way (the second not at all when the first passes the cap).
import { TOTAL_CAP } from '../../shared/page-cap';
import { fold } from '../../shared/text';

export type Runner = <T>(sql: string) => Promise<T[]>;

/** Entries counted per candidate driver: enough to tell a rare word from a common one, never a long read. */
export const DRIVER_PROBE = 300;

export const LIST_COLUMNS =
  '"Worker"."id", "Worker"."full_name" AS "fullName", "Worker"."date_of_birth" AS "dateOfBirth", "Worker"."sex", ' +
  '"Worker"."cccd", "Worker"."province_code" AS "provinceCode", "Worker"."commune_code" AS "communeCode", "Worker"."household_status" AS "householdStatus"';

export interface ListRow {
  id: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string;
  provinceCode: string | null;
  communeCode: string | null;
  householdStatus: string;
}

/** A SQL string literal (folded words are [a-z0-9] already; quotes doubled all the same). */
export const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
/** The first string after every string beginning with p (p is [a-z0-9]+, so the last character never overflows). */
const after = (p: string) => p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);

/** The words of q that must each begin a word of the name (deduplicated, in typed order). */
export function nameWords(folded: string): string[] {
  return [...new Set(folded.split(' ').filter(Boolean))];
}

/** Some word of the name begins with w: checked on the folded name itself (an index entry carries it), with no
 *  string built per row. */
const hasWord = (column: string, w: string) =>
  `(starts_with(${column}, ${lit(w)}) OR strpos(${column}, ${lit(` ${w}`)}) > 0)`;

/** The name's FIRST word begins with w1: a range of names in byte order. */
const firstWord = (column: string, w1: string) => `${column} >= ${lit(w1)} AND ${column} < ${lit(after(w1))}`;

function vocabularySql(words: string[]): string {
  const one = (p: string, i: number) => `(WITH RECURSIVE v(word) AS (
      (SELECT word FROM worker_name_words WHERE word >= ${lit(p)} AND word < ${lit(after(p))} ORDER BY word LIMIT 1)
      UNION ALL
      SELECT (SELECT n.word FROM worker_name_words n WHERE n.word > v.word AND n.word < ${lit(after(p))} ORDER BY n.word LIMIT 1)
      FROM v WHERE v.word IS NOT NULL
    ) SELECT coalesce(array_agg(word), '{}') FROM v WHERE word IS NOT NULL) AS "v${i}"`;
  return `SELECT ${words.map(one).join(', ')}`;
}

const N = 'n.full_name_folded';
const inList = (vocab: string[]) => `n.word IN (${vocab.map(lit).join(', ')})`;

/** Entries of a word's vocabulary in a range of names, counted up to DRIVER_PROBE. */
const probe = (vocab: string[], range: string) =>
  `(SELECT count(*)::int FROM (SELECT 1 FROM worker_name_words n WHERE ${inList(vocab)} AND ${range} LIMIT ${DRIVER_PROBE}) c)`;

/** One ordered stream: the entries of vocabulary word v in a range of names, the other words checked on the name. */
function stream(v: string, range: string, others: string[], filterSql: string | null): string {
  const join = filterSql ? ` JOIN "workers" AS "Worker" ON "Worker"."id" = n.worker_id AND ${filterSql}` : '';
  const where = [`n.word = ${lit(v)}`, range, ...others.map((w) => hasWord(N, w))].join(' AND ');
  return `SELECT ${N} AS f, n.worker_id AS id FROM worker_name_words n${join} WHERE ${where}`;
}

/** Names whose first word begins with w1, read from the workers_name_order index (one word of q). */
function firstWordStream(w1: string, filterSql: string | null): string {
  const name = '("Worker"."full_name_folded" COLLATE "C")';
  return `SELECT ${name} AS f, "Worker"."id" AS id FROM "workers" AS "Worker" WHERE ${firstWord(name, w1)}${filterSql ? ` AND ${filterSql}` : ''}`;
}

/** A half's first `limit` entries in order, duplicates (a name with two words one prefix begins) dropped. */
function halfPage(streams: string[], limit: number): string {
  const limited = streams.map((s) => `(${s} ORDER BY f, id LIMIT ${limit})`).join(' UNION ALL ');
  return `SELECT DISTINCT f, id FROM (${limited}) s ORDER BY f, id LIMIT ${limit}`;
}

/** Both halves' first `limit` entries with the workers' columns, in one statement; h says which half. */
function pagesSql(halves: string[][], limit: number): string {
  const parts = halves
    .map((streams, h) => `SELECT ${h} AS h, f, id FROM (${halfPage(streams, limit)}) h${h}`)
    .join(' UNION ALL ');
  return `SELECT p.h, p.f, ${LIST_COLUMNS} FROM (${parts}) p JOIN "workers" AS "Worker" ON "Worker"."id" = p.id`;
}

/**
 * A half's entries counted up to TOTAL_CAP + 1. Streams of one vocabulary word cover disjoint ranges of names, so
 * they are simply added; with several words, duplicates are dropped the same way as for the page.
 */
function countSql(streams: string[], vocabularyWords: number): string {
  if (vocabularyWords <= 1)
    return `SELECT count(*)::int AS n FROM (${streams.map((s) => `(${s})`).join(' UNION ALL ')} LIMIT ${TOTAL_CAP + 1}) c`;
  const ordered = streams.map((s) => `(${s} ORDER BY f, id)`).join(' UNION ALL ');
  return `SELECT count(*)::int AS n FROM (SELECT DISTINCT f, id FROM (${ordered}) s ORDER BY f, id LIMIT ${TOTAL_CAP + 1}) c`;
}

export interface NameSearch {
  /** folded words of q (nameWords) */
  words: string[];
  /** extra condition on "Worker" (e.g. household status), or null */
  filterSql: string | null;
  page: number;
  pageSize: number;
}

/** One page of the name search and its (capped) total. */
export async function searchByName(run: Runner, o: NameSearch): Promise<{ rows: ListRow[]; total: number }> {
  const { words, filterSql, pageSize: size } = o;
  const offset = (o.page - 1) * size;
  const [w1] = words as [string, ...string[]];
  const vocabRow = (await run<Record<string, string[]>>(vocabularySql(words)))[0]!;
  const vocab = words.map((_, i) => vocabRow[`v${i}`]!);
  if (vocab.some((v) => v.length === 0)) return { rows: [], total: 0 }; // a word no name has

  const below = `${N} < ${lit(w1)}`;
  const above = `${N} >= ${lit(after(w1))}`;
  let halves: [string[], string[]];
  let spread: [number, number]; // vocabulary words behind each half's streams
  if (words.length === 1) {
    halves = [
      [firstWordStream(w1, filterSql)],
      vocab[0]!.flatMap((v) => [stream(v, below, [], filterSql), stream(v, above, [], filterSql)]),
    ];
    spread = [1, vocab[0]!.length];
  } else {
    // The driver of each half: the word of q with the fewest entries there (ties: the longer word, the later one).
    const inA = words.map((_, i) => (i === 0 ? null : probe(vocab[i]!, firstWord(N, w1))));
    const inB = words.map((_, i) => `(${probe(vocab[i]!, below)} + ${probe(vocab[i]!, above)})`);
    const probes = [...inA.filter((p): p is string => p !== null), ...inB];
    const counts = Object.values(
      (await run<Record<string, number>>(`SELECT ${probes.map((p, i) => `${p} AS "p${i}"`).join(', ')}`))[0]!,
    );
    const a = counts.slice(0, words.length - 1);
    const b = counts.slice(words.length - 1);
    const pick = (n: number[], offsetIndex: number) =>
      n.reduce(
        (best, c, i) =>
          c < n[best]! || (c === n[best]! && words[i + offsetIndex]!.length >= words[best + offsetIndex]!.length)
            ? i
            : best,
        0,
      ) + offsetIndex;
    const dA = pick(a, 1);
    const dB = pick(b, 0);
    const others = (d: number) => words.filter((_, i) => i !== d);
    halves = [
      vocab[dA]!.map((v) =>
        stream(
          v,
          firstWord(N, w1),
          others(dA).filter((w) => w !== w1),
          filterSql,
        ),
      ),
      vocab[dB]!.flatMap((v) => [stream(v, below, others(dB), filterSql), stream(v, above, others(dB), filterSql)]),
    ];
    spread = [vocab[dA]!.length, vocab[dB]!.length];
  }
  // Each half's first offset + size entries (a half that returns fewer is exhausted: that is its count), merged.
  const limit = offset + size;
  const found = await run<ListRow & { h: number; f: string }>(pagesSql(halves, limit));
  const byName = (x: { f: string; id: string }, y: { f: string; id: string }) =>
    x.f < y.f ? -1 : x.f > y.f ? 1 : Number(x.id) - Number(y.id);
  const rows = [...found]
    .sort(byName)
    .slice(offset, limit)
    .map(({ h: _h, f: _f, ...row }) => row);
  const inHalf = [0, 1].map((h) => found.filter((r) => r.h === h).length);
  let total = 0;
  for (const h of [0, 1]) {
    total += inHalf[h]! < limit ? inHalf[h]! : (await run<{ n: number }>(countSql(halves[h]!, spread[h]!)))[0]!.n;
    if (total > TOTAL_CAP) break; // the other half cannot change the answer
  }
  return { rows, total };
}

/**
 * The same match on the workers table itself, for a search inside a small scope (a commune, an agency's workers,
 * a province): the scope's own index is read in name order and each name checked.
 */
export function nameCondition(words: string[]): string {
  return words.map((w) => hasWord('"Worker"."full_name_folded"', w)).join(' AND ');
}

/**
 * For another module's list (the case board): a condition that the worker in `workerIdColumn` matches what was
 * typed, a CCCD (12 digits) or the beginnings of name words, accents ignored; null when nothing is searchable.
 * It reads the workers module's own view, so the caller's single statement keeps its plan.
 */
export function workerMatchCondition(typed: string, workerIdColumn: string): string | null {
  const digits = typed.replace(/[\s.]/g, '');
  if (/^[0-9]{12}$/.test(digits))
    return `${workerIdColumn} IN (SELECT id FROM worker_directory WHERE cccd = ${lit(digits)})`;
  const words = nameWords(fold(typed));
  if (!words.length) return null;
  return `EXISTS (SELECT 1 FROM worker_directory wm WHERE wm.id = ${workerIdColumn} AND ${words
    .map((w) => hasWord('wm.full_name_folded', w))
    .join(' AND ')})`;
}
