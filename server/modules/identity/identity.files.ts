// The batch files of the population-database adapter (DOMAIN.md §15.5): the request file we send and the result file
// we read back, in CSV (UTF-8 with a BOM, so Excel opens it) or XLSX. Result files are read as streams (a line reader
// for CSV, exceljs's streaming reader for XLSX) and handed on in chunks, so 100,000 rows never sit in memory as objects.
import readline from 'node:readline';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { Readable, PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { fold, nfc } from '../../shared/text';
import { formatDateVi, parseViDate } from '../../shared/dates';

/** A result file whose layout cannot be read (no header, a missing column): reported on the batch page. */
export class ResultFileError extends Error {}

/** One row of a request file: the identity as we hold it. */
export interface RequestRow {
  rowNo: number;
  cccd: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
}

export const REQUEST_HEADERS = ['Mã lô', 'STT', 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính'];
export const RESULT_HEADERS = [
  'STT',
  'Số định danh cá nhân',
  'Trạng thái',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số định danh cá nhân đúng',
];
const SEX_WORDS = { male: 'Nam', female: 'Nữ' } as const;

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The request file as CSV: a BOM, the header, one line per row (dates dd/mm/yyyy, sex in words). */
export function requestCsv(batchId: number, rows: RequestRow[]): Buffer {
  const lines = [REQUEST_HEADERS.join(',')];
  for (const r of rows)
    lines.push(
      [batchId, r.rowNo, r.cccd, r.fullName, formatDateVi(r.dateOfBirth), SEX_WORDS[r.sex]].map(csvCell).join(','),
    );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The request file as XLSX (streamed into a buffer; every cell text, so an ID keeps its leading zeros). */
export async function requestXlsx(batchId: number, rows: RequestRow[]): Promise<Buffer> {
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Yeu cau xac thuc');
  ws.addRow(REQUEST_HEADERS).commit();
  for (const r of rows)
    ws.addRow([
      String(batchId),
      String(r.rowNo),
      r.cccd,
      r.fullName,
      formatDateVi(r.dateOfBirth),
      SEX_WORDS[r.sex],
    ]).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(parts);
}

/** One row of a result file as read. */
export interface ResultRow {
  lineNo: number;
  rowNo: number | null;
  cccd: string | null;
  found: boolean;
  fullName: string | null;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  correctedCccd: string | null;
}
export interface LineProblem {
  lineNo: number;
  message: string;
}

type Column = 'rowNo' | 'cccd' | 'status' | 'fullName' | 'dateOfBirth' | 'sex' | 'correctedCccd';
// header words folded (no accents, lower case, underscores) → the column they name
const HEADER_ALIASES: Record<string, Column> = {
  stt: 'rowNo',
  so_thu_tu: 'rowNo',
  row: 'rowNo',
  row_no: 'rowNo',
  so_dinh_danh_ca_nhan: 'cccd',
  so_dinh_danh: 'cccd',
  so_cccd: 'cccd',
  cccd: 'cccd',
  personal_id: 'cccd',
  trang_thai: 'status',
  ket_qua: 'status',
  status: 'status',
  ho_va_ten: 'fullName',
  ho_ten: 'fullName',
  full_name: 'fullName',
  ngay_sinh: 'dateOfBirth',
  date_of_birth: 'dateOfBirth',
  gioi_tinh: 'sex',
  sex: 'sex',
  so_dinh_danh_ca_nhan_dung: 'correctedCccd',
  so_dinh_danh_dung: 'correctedCccd',
  so_cccd_dung: 'correctedCccd',
  corrected_personal_id: 'correctedCccd',
  corrected_cccd: 'correctedCccd',
};
const FOUND = new Set(['found', 'co', 'tim_thay', 'khop', 'co_thong_tin', '1', 'true']);
const NOT_FOUND = new Set(['not_found', 'khong', 'khong_tim_thay', 'khong_co', 'khong_co_thong_tin', '0', 'false']);
const SEXES: Record<string, 'male' | 'female'> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  nu: 'female',
  female: 'female',
  f: 'female',
};

const key = (s: string) =>
  fold(s)
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** The column of each header cell; refuses a header without a status or without both row number and ID. */
export function readHeader(cells: string[]): (Column | null)[] {
  const cols = cells.map((c) => HEADER_ALIASES[key(c.replace(/^\uFEFF/, ''))] ?? null);
  if (!cols.includes('status'))
    throw new ResultFileError('Dòng tiêu đề thiếu cột «Trạng thái» (found / not found, hoặc «Có» / «Không»)');
  if (!cols.includes('rowNo') && !cols.includes('cccd'))
    throw new ResultFileError('Dòng tiêu đề cần cột «STT» hoặc cột «Số định danh cá nhân»');
  return cols;
}

const digits12 = (v: string) => (/^[0-9]{12}$/.test(v) ? v : null);

function isoFromCell(v: string): string | null {
  if (!v) return null;
  // a date cell of a workbook is a serial day number (1 = 01/01/1900, with Excel's 29/02/1900)
  if (/^[0-9]{1,5}(\.0+)?$/.test(v) && Number(v) > 60)
    return new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000).toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  return parseViDate(v);
}

/** One data line into a row (or the reason it cannot be read). */
export function readLine(cols: (Column | null)[], cells: string[], lineNo: number): ResultRow | LineProblem {
  const v: Partial<Record<Column, string>> = {};
  cols.forEach((c, i) => {
    if (c) v[c] = (cells[i] ?? '').trim();
  });
  const rowNo = v.rowNo ? Number(v.rowNo) : null;
  if (v.rowNo && (!Number.isInteger(rowNo) || rowNo! <= 0)) return { lineNo, message: `STT «${v.rowNo}» không hợp lệ` };
  const cccd = v.cccd ? digits12(v.cccd.replace(/\s/g, '')) : null;
  if (v.cccd && !cccd) return { lineNo, message: 'Số định danh cá nhân phải gồm 12 chữ số' };
  if (rowNo === null && cccd === null) return { lineNo, message: 'Thiếu cả STT lẫn số định danh cá nhân' };
  const status = key(v.status ?? '');
  if (!FOUND.has(status) && !NOT_FOUND.has(status))
    return { lineNo, message: `Trạng thái «${v.status ?? ''}» không hiểu được (found / not found)` };
  const found = FOUND.has(status);
  const dateOfBirth = v.dateOfBirth ? isoFromCell(v.dateOfBirth) : null;
  if (found && v.dateOfBirth && !dateOfBirth)
    return { lineNo, message: `Ngày sinh «${v.dateOfBirth}» không hợp lệ (dd/mm/yyyy)` };
  const sex = v.sex ? (SEXES[key(v.sex)] ?? null) : null;
  if (found && v.sex && !sex) return { lineNo, message: `Giới tính «${v.sex}» không hợp lệ (Nam / Nữ)` };
  const corrected = v.correctedCccd ? digits12(v.correctedCccd.replace(/\s/g, '')) : null;
  if (v.correctedCccd && !corrected) return { lineNo, message: 'Số định danh cá nhân đúng phải gồm 12 chữ số' };
  const fullName = found && v.fullName ? nfc(v.fullName).replace(/\s+/g, ' ').trim() || null : null;
  return {
    lineNo,
    rowNo,
    cccd,
    found,
    fullName,
    dateOfBirth: found ? dateOfBirth : null,
    sex: found ? sex : null,
    correctedCccd: found ? corrected : null,
  };
}

/** Splits one CSV line (quotes, doubled quotes; a comma or a semicolon as chosen from the header). */
export function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

export type RowSink = (rows: ResultRow[], problems: LineProblem[]) => Promise<void>;

/** Reads a CSV result file line by line, handing rows on in chunks of `chunk`. */
export async function readResultCsv(bytes: Buffer, onChunk: RowSink, chunk = 5000): Promise<void> {
  const lines = readline.createInterface({ input: Readable.from([bytes]), crlfDelay: Infinity });
  let cols: (Column | null)[] | null = null;
  let sep = ',';
  let lineNo = 0;
  let rows: ResultRow[] = [];
  let problems: LineProblem[] = [];
  for await (const raw of lines) {
    lineNo += 1;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    if (!cols) {
      sep = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
      cols = readHeader(splitCsvLine(line, sep));
      continue;
    }
    const r = readLine(cols, splitCsvLine(line, sep), lineNo);
    if ('message' in r) problems.push(r);
    else rows.push(r);
    if (rows.length >= chunk) {
      await onChunk(rows, problems);
      rows = [];
      problems = [];
    }
  }
  if (!cols) throw new ResultFileError('Tệp kết quả không có dòng tiêu đề');
  await onChunk(rows, problems);
}

// NOTE: exceljs's streaming reader decodes each inflated chunk on its own (utils/parse-sax.js), so a Vietnamese letter
// split across two chunks comes out as U+FFFD (about 1 row in 3,000 of a 100,000-row file). The result file's first
// sheet is read here instead: its entries inflated off the event loop (zlib's thread pool), rows taken one by one.

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The entries of a ZIP in memory by name (central directory). */
function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new ResultFileError('Tệp XLSX hỏng: không đọc được danh mục tệp nén');
  const count = tail.readUInt16LE(eocd + 10);
  let at = tail.readUInt32LE(eocd + 16);
  const out = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new ResultFileError('Tệp XLSX hỏng');
    const nameLength = bytes.readUInt16LE(at + 28);
    out.set(bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'), {
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return out;
}

const inflate = promisify(zlib.inflateRaw);

/** One entry's text (UTF-8, decoded whole: no letter is cut), or null when the workbook has no such entry. */
async function entryText(bytes: Buffer, entries: Map<string, ZipEntry>, name: string): Promise<string | null> {
  const e = entries.get(name);
  if (!e) return null;
  const start = e.localOffset + 30 + bytes.readUInt16LE(e.localOffset + 26) + bytes.readUInt16LE(e.localOffset + 28);
  const raw = bytes.subarray(start, start + e.compressedSize);
  if (e.method === 0) return raw.toString('utf8');
  if (e.method !== 8) throw new ResultFileError('Tệp XLSX dùng kiểu nén không hỗ trợ');
  return (await inflate(raw)).toString('utf8');
}

const xmlText = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** The text of every <t> inside an element (rich text runs joined), phonetic runs left out. */
const runsText = (xml: string) =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)]
    .map((m) => xmlText(m[1]))
    .join('');

const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref.replace(/[0-9]/g, '')) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
};

/** The first sheet's path, from workbook.xml and its relationships. */
async function firstSheet(bytes: Buffer, entries: Map<string, ZipEntry>): Promise<string> {
  const workbook = (await entryText(bytes, entries, 'xl/workbook.xml')) ?? '';
  const rels = (await entryText(bytes, entries, 'xl/_rels/workbook.xml.rels')) ?? '';
  const rid = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  const target = rid
    ? (new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1])
    : undefined;
  if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheets = [...entries.keys()].filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).sort();
  if (!sheets.length) throw new ResultFileError('Tệp XLSX không có trang tính nào');
  return sheets[0];
}

/** Reads the first sheet of an XLSX result file, row by row, handing rows on in chunks of `chunk`. */
export async function readResultXlsx(bytes: Buffer, onChunk: RowSink, chunk = 5000): Promise<void> {
  const entries = zipEntries(bytes);
  const shared: string[] = [];
  const sst = await entryText(bytes, entries, 'xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)) shared.push(runsText(m[1]));
  const sheet = await entryText(bytes, entries, await firstSheet(bytes, entries));
  if (sheet === null) throw new ResultFileError('Tệp XLSX không có trang tính nào');
  let cols: (Column | null)[] | null = null;
  let rows: ResultRow[] = [];
  let problems: LineProblem[] = [];
  let lineNo = 0;
  for (const m of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    lineNo = Number(/\br="(\d+)"/.exec(m[1])?.[1] ?? lineNo + 1);
    const values: string[] = [];
    for (const c of (m[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+)\d*"/.exec(c[1])?.[1];
      const type = /\bt="([a-zA-Z]+)"/.exec(c[1])?.[1] ?? 'n';
      const inner = c[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      const text =
        type === 's'
          ? (shared[Number(v)] ?? '')
          : type === 'inlineStr'
            ? runsText(inner)
            : v !== undefined
              ? xmlText(v)
              : '';
      values[ref ? columnIndex(ref) : values.length] = text;
    }
    const cells = Array.from(values, (x) => x ?? '');
    if (!cells.some((x) => x.trim())) continue;
    if (!cols) {
      cols = readHeader(cells);
      continue;
    }
    const r = readLine(cols, cells, lineNo);
    if ('message' in r) problems.push(r);
    else rows.push(r);
    if (rows.length >= chunk) {
      await onChunk(rows, problems);
      rows = [];
      problems = [];
    }
  }
  if (!cols) throw new ResultFileError('Tệp kết quả không có dòng tiêu đề');
  await onChunk(rows, problems);
}

/** A result file as test and bench fixtures write it (CSV). */
export function resultCsv(
  rows: {
    rowNo?: number | null;
    cccd?: string | null;
    found: boolean;
    fullName?: string | null;
    dateOfBirth?: string | null;
    sex?: 'male' | 'female' | null;
    correctedCccd?: string | null;
  }[],
): Buffer {
  const lines = [RESULT_HEADERS.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.rowNo ?? '',
        r.cccd ?? '',
        r.found ? 'found' : 'not found',
        r.fullName ?? '',
        r.dateOfBirth ? formatDateVi(r.dateOfBirth) : '',
        r.sex ? SEX_WORDS[r.sex] : '',
        r.correctedCccd ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
