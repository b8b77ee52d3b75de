// Occupation codes (Decision 34/2020/QĐ-TTg, Danh mục nghề nghiệp Việt Nam) as versioned reference data, and the
// 21 sectors (VSIC 2018) of the employer form (DOMAIN.md §15.1, §15.3). A version is imported from a CSV as a draft,
// checked line by line, then activated by an admin: one version is in force at a time, the one it replaces is
// retired, and a record keeps the version its code was chosen from (it shows that version's name, never today's).
import type { Transaction } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { parseCsv } from '../../shared/csv';
import { fold, nfc } from '../../shared/text';
import { hasUnsafeText } from '../../shared/joi';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { recordAudit } from '../../shared/audit';
import { now } from '../../shared/clock';
import type { Actor } from '../../shared/auth/permissions';

/** The columns of an occupation CSV, in this order. */
export const OCCUPATION_CSV_HEADER = ['code', 'level', 'name_vi', 'parent_code'] as const;
/** At most this many codes in one version (the full 4-level list is a few thousand). */
export const MAX_OCCUPATION_ROWS = 20_000;
/** At most this many characters of CSV text (the API's bound on `csv` and the page's on the uploaded file). */
export const MAX_OCCUPATION_CSV_CHARS = 2 * 1024 * 1024;
/** The problems listed for one file, at most (the rest are counted). */
const MAX_PROBLEMS = 200;
const MAX_NAME_LENGTH = 500;
/** The deepest level a form uses (Decree 352 Mẫu 01a and 03a code levels 1–4). */
export const MAX_OCCUPATION_LEVEL = 4;

export interface OccupationRow {
  code: string;
  level: number;
  nameVi: string;
  nameFolded: string;
  parentCode: string | null;
}

export interface OccupationCsvProblem {
  /** the line of the file (1 is the header; 0 the file as a whole) */
  line: number;
  /** the code on that line, as written ('' when none) */
  code: string;
  message: string;
}

/** The physical line each row of parseCsv starts on (the header's first), skipping blank lines as parseCsv does. */
function rowStartLines(text: string): number[] {
  const src = text.replace(/^\uFEFF/, '');
  const starts: number[] = [];
  let line = 1;
  let rowStart = 1;
  let fields = 0;
  let length = 0;
  let quoted = false;
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        length += 1;
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        length += 1;
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line += 1;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields += 1;
      length = 0;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      if (fields > 0 || length > 0) starts.push(rowStart);
      fields = 0;
      length = 0;
      line += 1;
      rowStart = line;
    } else length += 1;
  }
  if (fields > 0 || length > 0) starts.push(rowStart);
  return starts;
}

/**
 * Checks an occupation CSV (header code,level,name_vi,parent_code) and reads its rows. Decision 34/2020: the level
 * is the number of digits of the code ("0", "01", "011", "0110"); a code's parent is the code without its last
 * digit and must be in the same file; level 1 has no parent. Levels 1–4 only (the forms code to level 4). Every
 * problem is listed with its line; the rows come back in the file's order (all of them valid only when there is no
 * problem).
 */
export function checkOccupationCsv(text: string): { rows: OccupationRow[]; problems: OccupationCsvProblem[] } {
  const problems: OccupationCsvProblem[] = [];
  const rows: OccupationRow[] = [];
  const src = text.replace(/^\uFEFF/, '');
  if (!src.trim()) {
    problems.push({
      line: 0,
      code: '',
      message: 'Tệp rỗng: cần dòng tiêu đề code,level,name_vi,parent_code và các dòng mã nghề',
    });
    return { rows, problems };
  }
  if (src.length > MAX_OCCUPATION_CSV_CHARS) {
    problems.push({
      line: 0,
      code: '',
      message: `Tệp quá lớn: tối đa ${MAX_OCCUPATION_CSV_CHARS.toLocaleString('vi-VN')} ký tự`,
    });
    return { rows, problems };
  }
  const headerLine = (/^[^\r\n]*/.exec(src.replace(/^\s*[\r\n]+/, ''))?.[0] ?? '').trim();
  const header = headerLine.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  if (header.join(',') !== OCCUPATION_CSV_HEADER.join(',')) {
    problems.push({
      line: 1,
      code: '',
      message: `Dòng 1: tiêu đề phải là «${OCCUPATION_CSV_HEADER.join(',')}» (tệp ghi «${headerLine.slice(0, 100)}»)`,
    });
    return { rows, problems };
  }
  const records = parseCsv(src);
  if (!records.length) {
    problems.push({ line: 0, code: '', message: 'Tệp không có dòng mã nghề nào (chỉ có dòng tiêu đề)' });
    return { rows, problems };
  }
  if (records.length > MAX_OCCUPATION_ROWS) {
    problems.push({
      line: 0,
      code: '',
      message: `Tệp có ${records.length.toLocaleString('vi-VN')} dòng mã nghề: tối đa ${MAX_OCCUPATION_ROWS.toLocaleString('vi-VN')} dòng`,
    });
    return { rows, problems };
  }
  const lines = rowStartLines(src);
  const lineOf = (i: number) => lines[i + 1] ?? i + 2;
  const seen = new Map<string, number>();
  const wanted: { line: number; code: string; parent: string }[] = [];
  records.forEach((r, i) => {
    const line = lineOf(i);
    const code = (r.code ?? '').trim();
    const levelText = (r.level ?? '').trim();
    const parent = (r.parent_code ?? '').trim();
    const name = nfc(r.name_vi ?? '');
    const problem = (message: string) => problems.push({ line, code, message: `Dòng ${line}: ${message}` });
    let ok = true;
    if (!code) {
      problem('thiếu mã nghề (cột code)');
      ok = false;
    } else if (!/^[0-9]+$/.test(code)) {
      problem(`mã «${code.slice(0, 20)}» phải gồm các chữ số`);
      ok = false;
    }
    const level = /^[0-9]{1,2}$/.test(levelText) ? Number(levelText) : null;
    if (level === null) {
      problem(`cấp «${levelText.slice(0, 20)}» phải là số nguyên 1–${MAX_OCCUPATION_LEVEL}`);
      ok = false;
    } else if (level < 1 || level > MAX_OCCUPATION_LEVEL) {
      problem(`mã «${code.slice(0, 20)}» cấp ${level}: chỉ nhận cấp 1–${MAX_OCCUPATION_LEVEL}`);
      ok = false;
    } else if (ok && code.length > MAX_OCCUPATION_LEVEL) {
      problem(
        `mã «${code.slice(0, 20)}» có ${code.length} chữ số (cấp ${code.length}): chỉ nhận cấp 1–${MAX_OCCUPATION_LEVEL}`,
      );
      ok = false;
    } else if (ok && code.length !== level) {
      problem(
        `mã «${code}» có ${code.length} chữ số nhưng ghi cấp ${level}: số chữ số của mã phải bằng cấp (Quyết định 34/2020)`,
      );
      ok = false;
    }
    if (ok && level === 1 && parent) {
      problem(`mã cấp 1 «${code}» không có mã cha (tệp ghi «${parent.slice(0, 20)}»)`);
      ok = false;
    }
    if (ok && level !== null && level > 1) {
      const expected = code.slice(0, -1);
      if (!parent) {
        problem(`thiếu mã cha của «${code}» (phải là «${expected}»)`);
        ok = false;
      } else if (parent !== expected) {
        problem(`mã cha của «${code}» phải là «${expected}» (mã bỏ chữ số cuối), tệp ghi «${parent.slice(0, 20)}»`);
        ok = false;
      } else wanted.push({ line, code, parent });
    }
    if (!name) {
      problem(`thiếu tên nghề của mã «${code.slice(0, 20)}»`);
      ok = false;
    } else if (name.length > MAX_NAME_LENGTH) {
      problem(`tên nghề dài quá ${MAX_NAME_LENGTH} ký tự`);
      ok = false;
    } else if (hasUnsafeText(name)) {
      problem('tên nghề chứa ký tự không được phép (ký tự điều khiển hoặc ký tự đảo chiều văn bản)');
      ok = false;
    }
    if (code && /^[0-9]+$/.test(code)) {
      const first = seen.get(code);
      if (first !== undefined) {
        problem(`mã «${code}» trùng với dòng ${first}`);
        ok = false;
      } else seen.set(code, line);
    }
    if (ok && level !== null)
      rows.push({ code, level, nameVi: name, nameFolded: fold(name), parentCode: level === 1 ? null : parent });
  });
  for (const w of wanted)
    if (!seen.has(w.parent))
      problems.push({
        line: w.line,
        code: w.code,
        message: `Dòng ${w.line}: mã cha «${w.parent}» của «${w.code}» không có trong tệp`,
      });
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS;
    problems.length = MAX_PROBLEMS;
    problems.push({ line: 0, code: '', message: `… và ${more.toLocaleString('vi-VN')} lỗi khác` });
  }
  return { rows, problems };
}

/** The problems of a file as field problems: `csv.line<N>` for a line, `csv` for the file as a whole. */
export function csvFieldProblems(problems: OccupationCsvProblem[]): FieldProblem[] {
  return problems.map((p) => ({ path: p.line > 0 ? `csv.line${p.line}` : 'csv', message: p.message }));
}

export type OccupationVersionStatus = 'draft' | 'active' | 'retired';

export interface OccupationVersion {
  id: number;
  name: string;
  source: string;
  synthetic: boolean;
  status: OccupationVersionStatus;
  maxLevel: number;
  codeCount: number;
  importedByUserId: number | null;
  activatedAt: Date | null;
  activatedByUserId: number | null;
  createdAt: Date;
}

interface VersionRecord {
  id: string;
  name: string;
  source: string;
  synthetic: boolean;
  status: OccupationVersionStatus;
  max_level: number;
  code_count: number;
  imported_by_user_id: string | null;
  activated_at: Date | null;
  activated_by_user_id: string | null;
  created_at: Date;
}

const VERSION_COLUMNS =
  'id, name, source, synthetic, status, max_level, code_count, imported_by_user_id, activated_at, activated_by_user_id, created_at';

const versionOf = (r: VersionRecord): OccupationVersion => ({
  id: Number(r.id),
  name: r.name,
  source: r.source,
  synthetic: r.synthetic,
  status: r.status,
  maxLevel: Number(r.max_level),
  codeCount: Number(r.code_count),
  importedByUserId: r.imported_by_user_id === null ? null : Number(r.imported_by_user_id),
  activatedAt: r.activated_at,
  activatedByUserId: r.activated_by_user_id === null ? null : Number(r.activated_by_user_id),
  createdAt: r.created_at,
});

const auditView = (v: OccupationVersion) => ({
  name: v.name,
  source: v.source,
  synthetic: v.synthetic,
  status: v.status,
  maxLevel: v.maxLevel,
  codeCount: v.codeCount,
});

/** Rows per INSERT statement (5 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

export interface ImportOccupationVersionInput {
  name: string;
  source: string;
  csv: string;
  /** invented codes for tests and demos (shown with a "GIẢ LẬP" badge); never set from a client */
  synthetic?: boolean;
}

/**
 * Imports a version of the occupation codes as a draft: the CSV is checked (every problem at once, 400 with
 * `csv.line<N>` paths), a version name already used is 409; the version and all its codes are written in one
 * transaction, parents before children. `actor` is null for a load by the system (the synthetic codes).
 */
export async function importOccupationVersion(
  actor: Actor | null,
  input: ImportOccupationVersionInput,
): Promise<OccupationVersion> {
  const name = nfc(input.name ?? '');
  const source = nfc(input.source ?? '');
  const fieldProblems: FieldProblem[] = [];
  if (!name) fieldProblems.push({ path: 'name', message: 'Cần tên phiên bản' });
  if (!source) fieldProblems.push({ path: 'source', message: 'Cần nguồn (văn bản, phụ lục) của danh mục' });
  const { rows, problems } = checkOccupationCsv(input.csv ?? '');
  fieldProblems.push(...csvFieldProblems(problems));
  if (fieldProblems.length) {
    throw new ValidationError(
      fieldProblems,
      problems.length ? `Tệp danh mục nghề có ${problems.length} lỗi: chưa nhập` : 'Dữ liệu không hợp lệ',
    );
  }
  const ordered = [...rows].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const maxLevel = Math.max(...rows.map((r) => r.level));
  return inTransaction(async (transaction) => {
    const [taken] = await select<{ id: string }>(
      'SELECT id FROM occupation_versions WHERE name = $1',
      [name],
      transaction,
    );
    if (taken)
      throw new ConflictError(`Đã có phiên bản danh mục nghề tên «${name}»: hãy đặt tên khác`, { path: 'name' });
    const [created] = await select<VersionRecord>(
      `INSERT INTO occupation_versions (name, source, synthetic, status, max_level, code_count, imported_by_user_id)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6) RETURNING ${VERSION_COLUMNS}`,
      [name, source, input.synthetic === true, maxLevel, rows.length, actor?.userId ?? null],
      transaction,
    );
    const version = versionOf(created);
    await insertCodes(version.id, ordered, transaction);
    await recordAudit(
      {
        actor,
        action: 'occupation_version.imported',
        entity: 'occupation_version',
        entityId: version.id,
        after: auditView(version),
      },
      transaction,
    );
    return version;
  });
}

/** The codes of a version in chunks, in the order given (parents first: the foreign key is checked per row). */
async function insertCodes(versionId: number, rows: OccupationRow[], transaction: Transaction): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const values = chunk.map(
      (_, r) => `($1, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5}, $${r * 5 + 6})`,
    );
    await execute(
      `INSERT INTO occupations (version_id, code, level, name_vi, name_folded, parent_code) VALUES ${values.join(', ')}`,
      [versionId, ...chunk.flatMap((r) => [r.code, r.level, r.nameVi, r.nameFolded, r.parentCode])],
      transaction,
    );
  }
}

/**
 * Puts a version in force: under a lock, the version in force becomes 'retired' and this one 'active' (a draft or
 * a retired version; the one already in force is returned as it is). 404 for an unknown id. With
 * `expectedActiveId` (what the admin saw in force: an id, or null for none), a change since is 409.
 */
export async function activateOccupationVersion(
  actor: Actor | null,
  id: number,
  opts: { expectedActiveId?: number | null } = {},
): Promise<OccupationVersion> {
  return inTransaction(async (transaction) => {
    // one activation at a time: the partial unique index would refuse a second concurrent one with a bare 409
    await select("SELECT pg_advisory_xact_lock(hashtext('occupation_versions.activate'))", [], transaction);
    const [row] = await select<VersionRecord>(
      `SELECT ${VERSION_COLUMNS} FROM occupation_versions WHERE id = $1 FOR UPDATE`,
      [id],
      transaction,
    );
    if (!row) throw new NotFoundError('Không tìm thấy phiên bản danh mục nghề');
    const [current] = await select<VersionRecord>(
      `SELECT ${VERSION_COLUMNS} FROM occupation_versions WHERE status = 'active' FOR UPDATE`,
      [],
      transaction,
    );
    const currentId = current ? Number(current.id) : null;
    if (opts.expectedActiveId !== undefined && opts.expectedActiveId !== currentId) {
      throw new ConflictError(
        current
          ? `Phiên bản đang áp dụng đã đổi (nay là «${current.name}»): hãy tải lại trang rồi thử lại`
          : 'Hiện không có phiên bản nào đang áp dụng: hãy tải lại trang rồi thử lại',
        { path: 'expectedActiveId', currentActiveId: currentId },
      );
    }
    const before = versionOf(row);
    if (before.status === 'active') return before;
    if (current) {
      await execute(
        "UPDATE occupation_versions SET status = 'retired', updated_at = $2 WHERE id = $1",
        [current.id, now()],
        transaction,
      );
    }
    const [updated] = await select<VersionRecord>(
      `UPDATE occupation_versions SET status = 'active', activated_at = $2, activated_by_user_id = $3, updated_at = $2
       WHERE id = $1 RETURNING ${VERSION_COLUMNS}`,
      [id, now(), actor?.userId ?? null],
      transaction,
    );
    const after = versionOf(updated);
    await recordAudit(
      {
        actor,
        action: 'occupation_version.activated',
        entity: 'occupation_version',
        entityId: id,
        before: { ...auditView(before), replacedVersionId: currentId },
        after: auditView(after),
      },
      transaction,
    );
    return after;
  });
}

/** Every version, the one in force first, then the newest. */
export async function listOccupationVersions(): Promise<OccupationVersion[]> {
  const rows = await select<VersionRecord>(
    `SELECT ${VERSION_COLUMNS} FROM occupation_versions
     ORDER BY (status = 'active') DESC, created_at DESC, id DESC`,
  );
  return rows.map(versionOf);
}

export async function getOccupationVersion(id: number): Promise<OccupationVersion> {
  const [row] = await select<VersionRecord>(`SELECT ${VERSION_COLUMNS} FROM occupation_versions WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('Không tìm thấy phiên bản danh mục nghề');
  return versionOf(row);
}

/** The version in force (new records take their codes from it), or null when none is. */
export async function activeOccupationVersion(): Promise<{ id: number; name: string; synthetic: boolean } | null> {
  const [row] = await select<{ id: string; name: string; synthetic: boolean }>(
    "SELECT id, name, synthetic FROM occupation_versions WHERE status = 'active'",
  );
  return row ? { id: Number(row.id), name: row.name, synthetic: row.synthetic } : null;
}

/** Whether the code is one of the version's (any level). */
export async function occupationExists(versionId: number, code: string): Promise<boolean> {
  if (!Number.isSafeInteger(versionId) || typeof code !== 'string' || !/^[0-9]{1,4}$/.test(code)) return false;
  const rows = await select('SELECT 1 FROM occupations WHERE version_id = $1 AND code = $2', [versionId, code]);
  return rows.length > 0;
}

/** Names of codes, each in its own version (a record shows the name of the version it was coded in). */
export async function occupationNames(pairs: { versionId: number; code: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = new Map<string, { versionId: number; code: string }>();
  for (const p of pairs)
    if (Number.isSafeInteger(p.versionId) && /^[0-9]{1,4}$/.test(p.code)) wanted.set(`${p.versionId}:${p.code}`, p);
  if (!wanted.size) return out;
  const list = [...wanted.values()];
  const rows = await select<{ version_id: string; code: string; name_vi: string }>(
    `SELECT o.version_id, o.code, o.name_vi
     FROM occupations o JOIN unnest($1::bigint[], $2::text[]) AS w (version_id, code)
       ON o.version_id = w.version_id AND o.code = w.code`,
    [list.map((p) => p.versionId), list.map((p) => p.code)],
  );
  for (const r of rows) out.set(`${r.version_id}:${r.code}`, r.name_vi);
  return out;
}

export interface Occupation {
  versionId: number;
  code: string;
  level: number;
  nameVi: string;
  parentCode: string | null;
}

export const SEARCH_LIMIT_MAX = 50;
const SEARCH_LIMIT_DEFAULT = 20;
/** The admin page's list of one version's codes. */
export const VERSION_PAGE_LIMIT = 200;

async function findCodes(versionId: number, q: string | undefined, level: number | undefined, limit: number) {
  const words = fold(q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 10);
  const bind: unknown[] = [versionId];
  const where = ['version_id = $1'];
  if (level !== undefined) {
    bind.push(level);
    where.push(`level = $${bind.length}`);
  }
  if (words.length) {
    // every word starts a word of the name; or the query, digits only, starts the code
    const nameMatch = words.map((w) => {
      bind.push(`% ${w}%`);
      return `(' ' || name_folded) LIKE $${bind.length}`;
    });
    const digits = words.join('');
    if (words.length === 1 && /^[0-9]+$/.test(digits)) {
      bind.push(`${digits}%`);
      where.push(`(code LIKE $${bind.length} OR (${nameMatch.join(' AND ')}))`);
    } else where.push(`(${nameMatch.join(' AND ')})`);
  }
  bind.push(limit);
  const rows = await select<{
    version_id: string;
    code: string;
    level: number;
    name_vi: string;
    parent_code: string | null;
  }>(
    `SELECT version_id, code, level, name_vi, parent_code FROM occupations
     WHERE ${where.join(' AND ')} ORDER BY code LIMIT $${bind.length}`,
    bind,
  );
  return rows.map((r): Occupation => ({
    versionId: Number(r.version_id),
    code: r.code,
    level: Number(r.level),
    nameVi: r.name_vi,
    parentCode: r.parent_code,
  }));
}

/**
 * Codes for a picker: accent-insensitive (the query is folded; each word starts a word of the name), or by code
 * prefix; in the version given or the one in force (none in force: nothing); in code order, so a group comes
 * before its members; at most 50.
 */
export async function searchOccupations(
  opts: { q?: string; level?: number; versionId?: number; limit?: number } = {},
): Promise<Occupation[]> {
  const versionId = opts.versionId ?? (await activeOccupationVersion())?.id;
  if (versionId === undefined || !Number.isSafeInteger(versionId)) return [];
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? SEARCH_LIMIT_DEFAULT), 1), SEARCH_LIMIT_MAX);
  return findCodes(versionId, opts.q, opts.level, limit);
}

/** The admin page's view of one version: the first 200 codes matching the query, in code order. */
export async function occupationsOfVersion(versionId: number, q?: string): Promise<Occupation[]> {
  return findCodes(versionId, q, undefined, VERSION_PAGE_LIMIT);
}

/** The sector list in use (the employer form, Decree 352 Mẫu 03: 21 sections). */
export const SECTOR_VERSION = 'VSIC 2018';

export async function listSectors(version: string = SECTOR_VERSION): Promise<{ code: string; nameVi: string }[]> {
  return select<{ code: string; nameVi: string }>(
    'SELECT code, name_vi AS "nameVi" FROM sectors WHERE version = $1 ORDER BY code',
    [version],
  );
}
