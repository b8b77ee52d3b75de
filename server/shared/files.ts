// Uploaded and generated files behind one small storage interface (ARCHITECTURE.md, Data). Today the bytes live in
// PostgreSQL (`files`, bytea); a deployment may move them to object storage by implementing FileStore again.
// The type is read from the content (magic number), never from the name or the Content-Type the client sent.
import crypto from 'node:crypto';
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
  let clean = cleanFileName(name);
  const dot = clean.lastIndexOf('.');
  const claimed = dot > 0 ? EXTENSION_MIME[clean.slice(dot + 1).toLowerCase()] : undefined;
  if (claimed && claimed !== mime) {
    const message = `Tên tệp «${clean}» cho biết là ${KIND_NAME[claimed]} nhưng nội dung là ${KIND_NAME[mime]}`;
    throw new ValidationError([{ path: field, message }], message);
  }
  if (!claimed) clean = `${clean || 'tep'}.${DEFAULT_EXTENSION[mime]}`;
  if (clean.length > MAX_NAME_LENGTH) {
    const ext = clean.slice(clean.lastIndexOf('.'));
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return { mime, name: clean };
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
}

export interface FileStore {
  /** Checks (checkUpload) and stores the bytes; inside the caller's transaction when one is given. */
  put(input: PutInput, transaction?: Transaction): Promise<StoredFile>;
  get(id: number): Promise<{ bytes: Buffer; mime: string; name: string; size: number } | null>;
  /** Metadata only (no bytes), for lists. */
  info(ids: number[]): Promise<Map<number, FileInfo>>;
}

/** Files in the `files` table. */
export const postgresFileStore: FileStore = {
  async put({ bytes, name, uploaderUserId, field }, transaction) {
    const checked = checkUpload(bytes, name, field);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const [row] = await sequelize().query<{ id: string }>(
      `INSERT INTO files (sha256, mime, size, name, content, uploaded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      {
        bind: [sha256, checked.mime, bytes.length, checked.name, bytes, uploaderUserId],
        type: QueryTypes.SELECT,
        transaction,
      },
    );
    return { id: Number(row.id), sha256, mime: checked.mime, size: bytes.length };
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

/** A file id given as evidence must be one the actor may read; any other answers like a missing file (404). */
export async function requireReadableFile(actor: Actor, fileId: number, field = 'fileId'): Promise<void> {
  if (!(await fileReadableBy(actor, fileId))) throw new NotFoundError(`Không tìm thấy tệp (${field})`);
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
