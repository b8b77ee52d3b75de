// Uploaded and generated files behind one small storage interface (ARCHITECTURE.md, Data). Today the bytes live in
// PostgreSQL (`files`, bytea); a deployment may move them to object storage by implementing FileStore again.
// The type is read from the content (magic number), never from the name or the Content-Type the client sent.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../db/sequelize';
import { AppError, NotFoundError, ValidationError } from './errors';
import { select } from '../db/sql';
import type { Actor } from './auth/permissions';
import { hasUnsafeText } from './joi';

export const MAX_FILE_BYTES = 10 * 1024 * 1024; // 10 MB, the same bound as the CHECK on files.size
export const ALLOWED_MIME = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type FileMime = (typeof ALLOWED_MIME)[number];

const KIND_NAME: Record<FileMime, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const EXTENSION_MIME: Record<string, FileMime> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
const DEFAULT_EXTENSION: Record<FileMime, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};
const MAX_NAME_LENGTH = 200;
const ONLY_ALLOWED = 'Chỉ nhận tệp PDF, JPEG hoặc PNG';

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type of the content by its magic number; null when it is none of PDF, JPEG, PNG. */
export function detectMime(bytes: Buffer): FileMime | null {
  const starts = (magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
  if (starts(PDF)) return 'application/pdf';
  if (starts(PNG)) return 'image/png';
  if (starts(JPEG)) return 'image/jpeg';
  return null;
}

// eslint-disable-next-line no-control-regex -- control characters are what this strips
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** The last path part (either separator), NFC, without control characters, trimmed. */
export function cleanFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  return last.normalize('NFC').replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/**
 * Checks an upload and returns its detected type and the name to store. Empty → 400; larger than 10 MB → 413;
 * content not PDF/JPEG/PNG → 400; a name whose extension claims another of those types → 400. A name without
 * one of the known extensions gets the right one appended, so a download never opens as something else.
 */
export function checkUpload(bytes: Buffer, name: string, field = 'file'): { mime: FileMime; name: string } {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses or strips
  if (/[\u0000-\u001f\u007f]/.test(name) || hasUnsafeText(name)) {
    const message =
      'Tên tệp chứa ký tự không được phép (xuống dòng, ký tự điều khiển hoặc ký tự đảo chiều văn bản): hãy đổi tên tệp rồi gửi lại';
    throw new ValidationError([{ path: field, message, type: 'file.name' }], message);
  }
  if (bytes.length === 0) throw new ValidationError([{ path: field, message: 'Tệp rỗng' }], 'Tệp rỗng');
  if (bytes.length > MAX_FILE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'Tệp quá lớn: tối đa 10 MB', 413, { limit: MAX_FILE_BYTES });
  const mime = detectMime(bytes);
  if (!mime) throw new ValidationError([{ path: field, message: ONLY_ALLOWED }], ONLY_ALLOWED);
  return checkUploadName(mime, name, field);
}

/** A stored name within MAX_NAME_LENGTH, its extension kept. */
function fitName(clean: string): string {
  if (clean.length <= MAX_NAME_LENGTH) return clean;
  const ext = clean.slice(clean.lastIndexOf('.'));
  return clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
}

export interface StoredFile {
  id: number;
  sha256: string;
  mime: string;
  size: number;
}
export interface FileInfo extends StoredFile {
  name: string;
}
export interface PutInput {
  bytes: Buffer;
  name: string;
  uploaderUserId: number | null;
  /** the form field the bytes came in, named in 400 details (default 'file') */
  field?: string;
  /** which kinds the caller takes: documents (PDF, JPEG, PNG ≤ 10 MB, the default), data (CSV, XLSX ≤ 50 MB), any */
  accept?: Accept;
}

export interface FileStore {
  /** Checks (checkUpload) and stores the bytes; inside the caller's transaction when one is given. */
  put(input: PutInput, transaction?: Transaction): Promise<StoredFile>;
  /** Stores a file received to disk (receiveUpload), already typed and hashed while it streamed; removes the temp file. */
  putReceived(
    file: ReceivedFile,
    input: { uploaderUserId: number | null; accept: Accept; field?: string },
    transaction?: Transaction,
  ): Promise<StoredFile>;
  get(id: number): Promise<{ bytes: Buffer; mime: string; name: string; size: number } | null>;
  /** Metadata only (no bytes), for lists. */
  info(ids: number[]): Promise<Map<number, FileInfo>>;
}

async function insertFile(
  sha256: string,
  mime: StoredMime,
  bytes: Buffer,
  name: string,
  uploaderUserId: number | null,
  transaction?: Transaction,
): Promise<StoredFile> {
  // NOTE: pg sends a Buffer parameter as binary: no hex copy of a 50 MB file on the event loop
  const [row] = await sequelize().query<{ id: string }>(
    `INSERT INTO files (sha256, mime, size, name, content, uploaded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    { bind: [sha256, mime, bytes.length, name, bytes, uploaderUserId], type: QueryTypes.SELECT, transaction },
  );
  return { id: Number(row.id), sha256, mime, size: bytes.length };
}

/** Files in the `files` table. */
export const postgresFileStore: FileStore = {
  async put({ bytes, name, uploaderUserId, field, accept = 'documents' }, transaction) {
    const checked =
      accept === 'documents'
        ? checkUpload(bytes, name, field)
        : checkReceived(classifyBytes(bytes), name, accept, field);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    return insertFile(sha256, checked.mime, bytes, checked.name, uploaderUserId, transaction);
  },

  async putReceived(file, { uploaderUserId, accept, field }, transaction) {
    try {
      const checked = checkReceived(file, file.originalname, accept, field ?? file.fieldname);
      const bytes = await fs.promises.readFile(file.path);
      return await insertFile(file.sha256, checked.mime, bytes, checked.name, uploaderUserId, transaction);
    } finally {
      await fs.promises.rm(file.path, { force: true });
    }
  },

  async get(id) {
    const [row] = await sequelize().query<{ content: Buffer; mime: string; name: string; size: number }>(
      'SELECT content, mime, name, size FROM files WHERE id = $1',
      { bind: [id], type: QueryTypes.SELECT },
    );
    return row ? { bytes: row.content, mime: row.mime, name: row.name, size: Number(row.size) } : null;
  },

  async info(ids) {
    const out = new Map<number, FileInfo>();
    const wanted = [...new Set(ids.filter((i) => Number.isSafeInteger(i)))];
    if (!wanted.length) return out;
    const rows = await sequelize().query<{ id: string; sha256: string; mime: string; size: number; name: string }>(
      'SELECT id, sha256, mime, size, name FROM files WHERE id = ANY($1::bigint[])',
      { bind: [wanted], type: QueryTypes.SELECT },
    );
    for (const r of rows)
      out.set(Number(r.id), { id: Number(r.id), sha256: r.sha256, mime: r.mime, size: Number(r.size), name: r.name });
    return out;
  },
};

let store: FileStore = postgresFileStore;

/** The store in use (PostgreSQL unless a deployment or a test sets another). */
export function fileStore(): FileStore {
  return store;
}

export function useFileStore(next: FileStore): void {
  store = next;
}

/** RFC 6266/5987: `attachment; filename*=UTF-8''…` (quotes, parentheses and stars escaped too). */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * Busboy reads a raw multipart file name as latin1; browsers send UTF-8 bytes. Recover them when they are valid UTF-8.
 * Browsers also write a line feed, a carriage return and a double quote in a file name as %0A, %0D and %22
 * (WHATWG multipart/form-data encoding): they are read back, so such a name is refused like a raw one.
 */
function utf8Name(name: string): string {
  const unescaped = name.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"');
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses or strips
  if (!/[\u0080-\u00ff]/.test(unescaped) || /[^\u0000-\u00ff]/.test(unescaped)) return unescaped;
  const decoded = Buffer.from(unescaped, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? unescaped : decoded;
}

/**
 * Receives one multipart file in `field` into memory (other requests pass through untouched). Limits are a byte
 * above 10 MB so that checkUpload, not multer, answers the exact 413. Text fields land in req.body as strings;
 * empty ones are dropped so optional fields stay absent.
 */
const uploaders = new Map<string, RequestHandler>();

export function receiveFile(req: Request, res: Response, field: string): Promise<void> {
  let upload = uploaders.get(field);
  if (!upload) {
    upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: MAX_FILE_BYTES + 1, files: 1, fields: 30, fieldSize: 10_000, parts: 32 },
    }).single(field);
    uploaders.set(field, upload);
  }
  const handler = upload;
  return new Promise((resolve, reject) => {
    handler(req, res, (err: unknown) => {
      if (err) return reject(uploadError(err, field));
      if (req.file) req.file.originalname = utf8Name(req.file.originalname);
      if (req.is('multipart/form-data')) {
        req.body = Object.fromEntries(
          Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''),
        );
      }
      resolve();
    });
  });
}

/**
 * The file a form carries after receiveFile: the one uploaded with it now (stored), or the one a refused form kept
 * (its id in the hidden field `keptField`, still in the store). Neither: null. A refused upload throws its 4xx.
 */
export async function formFile(
  req: Request,
  field: string,
  keptField: string,
  uploaderUserId: number,
): Promise<{ id: number; name: string } | null> {
  if (req.file) {
    const stored = await fileStore().put({
      bytes: req.file.buffer,
      name: req.file.originalname,
      uploaderUserId,
      field,
    });
    return { id: stored.id, name: req.file.originalname };
  }
  const kept = (req.body as Record<string, unknown> | undefined)?.[keptField];
  if (typeof kept !== 'string' || !/^[0-9]{1,15}$/.test(kept)) return null;
  const info = (await fileStore().info([Number(kept)])).get(Number(kept));
  return info ? { id: Number(kept), name: info.name } : null;
}

/** receiveFile as middleware, for `before: [...]` of a declared route (after the access check). */
export function fileUpload(field: string): RequestHandler {
  return (req, res, next) => {
    receiveFile(req, res, field).then(() => next(), next);
  };
}

function uploadError(err: unknown, field: string): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE')
      return new AppError('PAYLOAD_TOO_LARGE', 'Tệp quá lớn: tối đa 10 MB', 413, { limit: MAX_FILE_BYTES });
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
      return new ValidationError([{ path: field, message: `Chỉ gửi một tệp, trong trường «${field}»` }]);
    }
    return new ValidationError([
      { path: err.field ?? 'body', message: 'Biểu mẫu gửi lên quá nhiều trường hoặc trường quá dài' },
    ]);
  }
  return new ValidationError(
    [{ path: 'body', message: 'Nội dung multipart/form-data không hợp lệ' }],
    'Nội dung tải lên không hợp lệ',
  );
}

/**
 * Whether the actor may read a stored file: an admin any; agency staff the files someone of their agency uploaded;
 * anyone else the files they uploaded themselves. (Scans of papers are served through the paper, in its scope.)
 */
export async function fileReadableBy(actor: Actor, fileId: number): Promise<boolean> {
  if (!Number.isSafeInteger(fileId) || fileId <= 0) return false;
  const [f] = await select<{ uploader: string | null; agency_id: string | null }>(
    'SELECT f.uploaded_by_user_id AS uploader, u.agency_id FROM files f LEFT JOIN users u ON u.id = f.uploaded_by_user_id WHERE f.id = $1',
    [fileId],
  );
  if (!f) return false;
  if (actor.role === 'admin') return true;
  if (actor.role === 'agency_staff' || actor.role === 'centre_staff')
    return f.agency_id !== null && Number(f.agency_id) === actor.agencyId;
  return f.uploader !== null && Number(f.uploader) === actor.userId;
}

/**
 * A file id given as evidence must be one the actor may read (any other answers like a missing file, 404), and a
 * document (PDF, JPEG, PNG): a CSV or XLSX stored for an import is no scan of a signed paper.
 */
export async function requireReadableFile(actor: Actor, fileId: number, field = 'fileId'): Promise<void> {
  if (!(await fileReadableBy(actor, fileId))) throw new NotFoundError(`Không tìm thấy tệp (${field})`);
  const info = (await fileStore().info([fileId])).get(fileId);
  if (info && !(ALLOWED_MIME as readonly string[]).includes(info.mime))
    throw new ValidationError([{ path: field, message: 'Bằng chứng phải là tệp PDF, JPEG hoặc PNG' }]);
}

/** Answers stored bytes (a scan, a PDF): its type, length, never cached or sniffed; a file name when given. */
export function sendBytes(res: Response, bytes: Buffer, mime: string, disposition?: string): void {
  res
    .status(200)
    .set({
      'Content-Type': mime,
      'Content-Length': String(bytes.length),
      ...(disposition ? { 'Content-Disposition': disposition } : {}),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    })
    .end(bytes);
}

// ---- data files: CSV and XLSX up to 50 MB, for imports and exports (issue 22) ----
// Typed from the content like the others: an XLSX is a ZIP (PK\x03\x04) whose directory holds [Content_Types].xml
// and xl/ entries; a CSV is UTF-8 text (a BOM allowed) without NUL bytes. A large upload streams to a temp file,
// typed from its first bytes and hashed as it arrives, so it never sits in memory while other requests wait.

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATA_MIME = ['text/csv', XLSX_MIME] as const;
export type DataMime = (typeof DATA_MIME)[number];
export type StoredMime = FileMime | DataMime;
export const MAX_DATA_FILE_BYTES = 50 * 1024 * 1024; // 50 MB, the same bound as the CHECK on files.size
/** documents: PDF, JPEG, PNG (≤ 10 MB); data: CSV, XLSX (≤ 50 MB); any: either */
export type Accept = 'documents' | 'data' | 'any';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DATA_EXTENSION: Record<string, DataMime> = { csv: 'text/csv', xlsx: XLSX_MIME };
const DATA_DEFAULT_EXTENSION: Record<DataMime, string> = { 'text/csv': 'csv', [XLSX_MIME]: 'xlsx' };
const KIND_WORDS: Record<StoredMime, string> = { ...KIND_NAME, 'text/csv': 'CSV', [XLSX_MIME]: 'XLSX' };
const TOO_LARGE_DOCUMENT = 'Tệp quá lớn: tệp PDF, JPEG, PNG tối đa 10 MB';
const TOO_LARGE_DATA = 'Tệp quá lớn: tệp CSV, XLSX tối đa 50 MB';

/** What the content of an upload turned out to be, as classified while it streamed (or from bytes in memory). */
export interface Classified {
  size: number;
  mime: StoredMime | null;
  /** why a data file was refused: text that is not UTF-8, a NUL byte, a ZIP that is not a workbook */
  problem?: 'invalid_utf8' | 'nul_byte' | 'zip_not_xlsx';
}
/** A file received to disk by receiveUpload (multer's file with what the storage learnt). */
export interface ReceivedFile extends Classified {
  path: string;
  sha256: string;
  originalname: string;
  fieldname: string;
}

/** Where a ZIP's central directory is, from its end record (searched in the last 64 KB, the `tail`). */
function centralDirectory(tail: Buffer, size: number): { entries: number; offset: number; length: number } | null {
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return null;
  const length = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (offset + length > size || length > 16 * 1024 * 1024) return null;
  return { entries: tail.readUInt16LE(eocd + 10), offset, length };
}

/** The entry names of a central directory; null when it is not one. */
function entryNames(dir: Buffer, entries: number): string[] | null {
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = dir.readUInt16LE(at + 28);
    names.push(dir.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
  }
  return names;
}

/** The entry names of a ZIP in memory (null when it has no valid directory). */
export function zipEntryNames(bytes: Buffer): string[] | null {
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  const d = centralDirectory(tail, bytes.length);
  return d ? entryNames(bytes.subarray(d.offset, d.offset + d.length), d.entries) : null;
}

/** The entry names of a ZIP on disk, reading only its end and its directory. */
async function zipEntryNamesOnDisk(file: string, size: number): Promise<string[] | null> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const read = async (position: number, length: number) => {
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, position);
      return buf;
    };
    const tailLength = Math.min(size, 65_557);
    const d = centralDirectory(await read(size - tailLength, tailLength), size);
    return d ? entryNames(await read(d.offset, d.length), d.entries) : null;
  } finally {
    await fh.close();
  }
}

const isWorkbook = (names: string[] | null) =>
  Boolean(names?.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/')));

/** Classifies bytes in memory the way receiveUpload classifies a stream. */
export function classifyBytes(bytes: Buffer): Classified {
  const document = detectMime(bytes);
  if (document) return { size: bytes.length, mime: document };
  if (bytes.length >= 4 && bytes.subarray(0, 4).equals(ZIP))
    return isWorkbook(zipEntryNames(bytes))
      ? { size: bytes.length, mime: XLSX_MIME }
      : { size: bytes.length, mime: null, problem: 'zip_not_xlsx' };
  if (bytes.includes(0)) return { size: bytes.length, mime: null, problem: 'nul_byte' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { size: bytes.length, mime: null, problem: 'invalid_utf8' };
  }
  return { size: bytes.length, mime: 'text/csv' };
}

const PROBLEM_WORDS: Record<NonNullable<Classified['problem']>, string> = {
  invalid_utf8: 'Tệp CSV phải là văn bản mã hoá UTF-8: tệp này có byte không hợp lệ (hãy lưu lại dạng «CSV UTF-8»)',
  nul_byte: 'Tệp CSV không được chứa ký tự NUL: đây không phải tệp văn bản',
  zip_not_xlsx: 'Tệp nén ZIP này không phải bảng tính Excel (XLSX)',
};

/**
 * Checks a classified upload against what the caller takes and returns its type and the name to store. Documents
 * keep their rules (10 MB; a name claiming another type refused). A data file: ≤ 50 MB; a .csv name on a workbook
 * (or the reverse) is corrected to what the content is; a name claiming a PDF or an image is refused.
 */
export function checkReceived(
  c: Classified,
  name: string,
  accept: Accept,
  field = 'file',
): { mime: StoredMime; name: string } {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses or strips
  if (/[\u0000-\u001f\u007f]/.test(name) || hasUnsafeText(name)) {
    const message =
      'Tên tệp chứa ký tự không được phép (xuống dòng, ký tự điều khiển hoặc ký tự đảo chiều văn bản): hãy đổi tên tệp rồi gửi lại';
    throw new ValidationError([{ path: field, message, type: 'file.name' }], message);
  }
  if (c.size === 0) throw new ValidationError([{ path: field, message: 'Tệp rỗng' }], 'Tệp rỗng');
  const only =
    accept === 'data'
      ? 'Chỉ nhận tệp CSV (UTF-8) hoặc XLSX'
      : accept === 'any'
        ? 'Chỉ nhận tệp PDF, JPEG, PNG, CSV (UTF-8) hoặc XLSX'
        : ONLY_ALLOWED;
  const isDocument = c.mime !== null && (ALLOWED_MIME as readonly string[]).includes(c.mime);
  if (c.mime === null) {
    const message = c.problem && accept !== 'documents' ? PROBLEM_WORDS[c.problem] : only;
    throw new ValidationError([{ path: field, message }], message);
  }
  if ((isDocument && accept === 'data') || (!isDocument && accept === 'documents'))
    throw new ValidationError([{ path: field, message: only }], only);
  if (isDocument && c.size > MAX_FILE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE_DOCUMENT, 413, { limit: MAX_FILE_BYTES });
  if (c.size > MAX_DATA_FILE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE_DATA, 413, { limit: MAX_DATA_FILE_BYTES });
  if (isDocument) return checkUploadName(c.mime as FileMime, name, field);
  let clean = cleanFileName(name);
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  const mime = c.mime as DataMime;
  if (EXTENSION_MIME[ext]) {
    const message = `Tên tệp «${clean}» cho biết là ${KIND_NAME[EXTENSION_MIME[ext]]} nhưng nội dung là ${KIND_WORDS[mime]}`;
    throw new ValidationError([{ path: field, message }], message);
  }
  // a workbook saved as .csv (or the reverse) is what its content says: the stored name tells the truth
  if (DATA_EXTENSION[ext]) clean = `${clean.slice(0, dot)}.${DATA_DEFAULT_EXTENSION[mime]}`;
  else clean = `${clean || 'tep'}.${DATA_DEFAULT_EXTENSION[mime]}`;
  return { mime, name: fitName(clean) };
}

/** The name rules of checkUpload for a document whose type is known. */
function checkUploadName(mime: FileMime, name: string, field: string): { mime: FileMime; name: string } {
  let clean = cleanFileName(name);
  const dot = clean.lastIndexOf('.');
  const claimed = dot > 0 ? EXTENSION_MIME[clean.slice(dot + 1).toLowerCase()] : undefined;
  if (claimed && claimed !== mime) {
    const message = `Tên tệp «${clean}» cho biết là ${KIND_NAME[claimed]} nhưng nội dung là ${KIND_NAME[mime]}`;
    throw new ValidationError([{ path: field, message }], message);
  }
  if (!claimed) clean = `${clean || 'tep'}.${DEFAULT_EXTENSION[mime]}`;
  return { mime, name: fitName(clean) };
}

/**
 * multer storage that streams a file to a temp file while hashing it and typing it from its first bytes: a PDF or
 * an image stops at 10 MB (multer's own limit stops anything at 50 MB); text is checked as UTF-8 chunk by chunk.
 */
class CheckedDiskStorage implements multer.StorageEngine {
  _handleFile(
    _req: Request,
    file: Express.Multer.File,
    cb: (error?: unknown, info?: Partial<ReceivedFile>) => void,
  ): void {
    const target = path.join(os.tmpdir(), `ht-upload-${crypto.randomUUID()}`);
    const out = fs.createWriteStream(target);
    const hash = crypto.createHash('sha256');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let head = Buffer.alloc(0);
    let kind: 'document' | 'zip' | 'text' | null = null;
    let documentMime: FileMime | null = null;
    let size = 0;
    let problem: Classified['problem'];
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      file.stream.unpipe(out);
      file.stream.resume();
      out.destroy();
      fs.rm(target, { force: true }, () => cb(err));
    };
    const classify = (final: boolean) => {
      if (kind || (head.length < 8 && !final)) return;
      documentMime = detectMime(head);
      kind = documentMime ? 'document' : head.length >= 4 && head.subarray(0, 4).equals(ZIP) ? 'zip' : 'text';
    };
    const text = (chunk: Buffer, stream: boolean) => {
      if (problem) return;
      if (chunk.includes(0)) problem = 'nul_byte';
      else
        try {
          decoder.decode(chunk, { stream });
        } catch {
          problem = 'invalid_utf8';
        }
    };
    file.stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (!kind) {
        head = Buffer.concat([head, chunk]);
        classify(false);
        if (kind === 'text') text(head, true);
      } else if (kind === 'text') text(chunk, true);
      if (kind === 'document' && size > MAX_FILE_BYTES)
        fail(new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE_DOCUMENT, 413, { limit: MAX_FILE_BYTES }));
    });
    file.stream.pipe(out);
    out.on('error', fail);
    out.on('finish', () => {
      if (failed) return;
      const small = !kind; // under 8 bytes: typed only now, its bytes not yet checked
      classify(true);
      if (kind === 'text') text(small ? head : Buffer.alloc(0), false);
      const done = (mime: StoredMime | null) =>
        cb(null, { path: target, size, sha256: hash.digest('hex'), mime, ...(mime ? {} : { problem }) });
      if (kind === 'document') return done(documentMime);
      if (kind === 'text') return done(problem ? null : 'text/csv');
      if (kind === null) return done(null);
      zipEntryNamesOnDisk(target, size).then((names) => {
        if (!isWorkbook(names)) problem = 'zip_not_xlsx';
        done(problem ? null : XLSX_MIME);
      }, fail);
    });
  }

  _removeFile(_req: Request, file: Express.Multer.File & { path?: string }, cb: (error: Error | null) => void): void {
    if (!file.path) return cb(null);
    fs.rm(file.path, { force: true }, () => cb(null));
  }
}

const diskUploaders = new Map<string, RequestHandler>();

/**
 * Receives one multipart file in `field` to a temp file (typed and hashed while it streams), for the routes that
 * take CSV and XLSX imports: up to 50 MB for those, 10 MB for PDFs and images. Store it with fileStore().putReceived
 * (which removes the temp file); a route that refuses it must call discardReceived.
 */
export function receiveUpload(req: Request, res: Response, field: string): Promise<ReceivedFile | null> {
  let upload = diskUploaders.get(field);
  if (!upload) {
    upload = multer({
      storage: new CheckedDiskStorage(),
      limits: { fileSize: MAX_DATA_FILE_BYTES + 1, files: 1, fields: 30, fieldSize: 10_000, parts: 32 },
    }).single(field);
    diskUploaders.set(field, upload);
  }
  const handler = upload;
  return new Promise((resolve, reject) => {
    handler(req, res, (err: unknown) => {
      if (err) return reject(err instanceof AppError ? err : dataUploadError(err, field));
      if (req.is('multipart/form-data')) {
        req.body = Object.fromEntries(
          Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''),
        );
      }
      if (!req.file) return resolve(null);
      req.file.originalname = utf8Name(req.file.originalname);
      const f = req.file as unknown as ReceivedFile;
      // the name is checked now, the content when stored (checkReceived)
      resolve(f);
    });
  });
}

/** receiveUpload as middleware (req.file is the ReceivedFile), for `before: [...]` of a declared route. */
export function dataFileUpload(field: string): RequestHandler {
  return (req, res, next) => {
    receiveUpload(req, res, field).then(() => next(), next);
  };
}

/** Removes a received temp file that will not be stored. */
export async function discardReceived(file: ReceivedFile | null | undefined): Promise<void> {
  if (file?.path) await fs.promises.rm(file.path, { force: true });
}

function dataUploadError(err: unknown, field: string): AppError {
  if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
    return new AppError('PAYLOAD_TOO_LARGE', TOO_LARGE_DATA, 413, { limit: MAX_DATA_FILE_BYTES });
  return uploadError(err, field);
}
