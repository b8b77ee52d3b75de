// The port to the national population database (DOMAIN.md §15.5; Decree 318/2025 verifies a worker's identity fields
// from it): verify(identity) answers verified, mismatch (which fields) or not found. No public API exists, so it has
// adapters: the recorded manual check of a chip card or VNeID (an answer at once), batch request and result files
// (identity.batches.ts: the answers come with the imported file), and an HTTP adapter whose seam is here for when a
// connection contract exists (POPULATION_DB_URL). Every request and answer is logged, whatever the adapter
// (Decree 47/2020 Art 45): identity_verification_log is append-only.
import type { Transaction } from 'sequelize';
import { execute } from '../../db/sql';
import { AppError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { currentContext } from '../../shared/context';
import { config } from '../../config';

export const IDENTITY_FIELDS = ['full_name', 'date_of_birth', 'sex', 'cccd'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export const FIELD_LABELS: Record<IdentityField, string> = {
  full_name: 'họ và tên',
  date_of_birth: 'ngày sinh',
  sex: 'giới tính',
  cccd: 'số định danh cá nhân (CCCD)',
};
export const RESULTS = ['verified', 'mismatch', 'not_found'] as const;
export type VerifyResult = (typeof RESULTS)[number];
export const RESULT_LABELS: Record<VerifyResult, string> = {
  verified: 'khớp (đã xác thực)',
  mismatch: 'sai lệch',
  not_found: 'không tìm thấy',
};
export const ADAPTERS = ['manual', 'batch_file', 'http'] as const;
export type AdapterName = (typeof ADAPTERS)[number];
export const MANUAL_METHODS = ['chip_card', 'vneid', 'paper'] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];

/** The identity sent: what we hold for the worker. */
export interface Identity {
  workerId: number;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  cccd: string;
}

/** What the registry (or the card) holds, for the fields it answered. */
export interface RegistryValues {
  fullName?: string | null;
  dateOfBirth?: string | null;
  sex?: 'male' | 'female' | null;
  /** a corrected personal ID, when the one we sent is not the person's */
  cccd?: string | null;
}

export interface Answer {
  result: VerifyResult;
  /** the fields that differ (mismatch only) */
  mismatched: IdentityField[];
  /** the fields the answer carried */
  answered: IdentityField[];
  /** the registry's values of the answered fields */
  values: RegistryValues;
}

/** An adapter that answers at once (manual, HTTP). The batch adapter answers later, by file. */
export interface SyncAdapter<I> {
  name: AdapterName;
  verify(identity: Identity, input: I): Promise<Answer>;
}

/** Which fields of the registry's values differ from the identity sent (names compared without case or spacing). */
export function mismatchedFields(sent: Identity, reg: RegistryValues): IdentityField[] {
  const out: IdentityField[] = [];
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
  if (reg.fullName && norm(reg.fullName) !== norm(sent.fullName)) out.push('full_name');
  if (reg.dateOfBirth && reg.dateOfBirth !== sent.dateOfBirth) out.push('date_of_birth');
  if (reg.sex && reg.sex !== sent.sex) out.push('sex');
  if (reg.cccd && reg.cccd !== sent.cccd) out.push('cccd');
  return out;
}

export interface ManualInput {
  method: ManualMethod;
  /** what the officer concluded from the card or the app */
  outcome: VerifyResult;
  /** the values seen, for a mismatch (the fields that differ) */
  seen?: RegistryValues;
}

/** Adapter 1: an officer checked the chip card (NFC or by eye), VNeID or the paper and recorded what was seen. */
export const manualAdapter: SyncAdapter<ManualInput> = {
  name: 'manual',
  async verify(identity, input) {
    if (input.outcome === 'not_found') return { result: 'not_found', mismatched: [], answered: [], values: {} };
    if (input.outcome === 'verified')
      return { result: 'verified', mismatched: [], answered: [...IDENTITY_FIELDS], values: {} };
    const seen = input.seen ?? {};
    const mismatched = mismatchedFields(identity, seen);
    const answered = IDENTITY_FIELDS.filter((f) => seen[fieldKey(f)] !== undefined && seen[fieldKey(f)] !== null);
    return { result: mismatched.length ? 'mismatch' : 'verified', mismatched, answered, values: seen };
  },
};

export const fieldKey = (f: IdentityField): keyof RegistryValues =>
  ({ full_name: 'fullName', date_of_birth: 'dateOfBirth', sex: 'sex', cccd: 'cccd' })[f] as keyof RegistryValues;

/**
 * Adapter 3 (the seam): the population database's service over HTTPS, once a connection contract names its
 * endpoint, authentication and message format (POPULATION_DB_URL). Until then it answers 503 and makes no call.
 */
export const httpAdapter: SyncAdapter<Record<string, never>> = {
  name: 'http',
  verify() {
    const url = config().populationDb.url;
    // NOTE: no network call is implemented: the contract (endpoint, mutual TLS, message schema) is not known yet
    return Promise.reject(
      new AppError(
        'SERVICE_UNAVAILABLE',
        url
          ? 'Kết nối trực tuyến với Cơ sở dữ liệu quốc gia về dân cư chưa được triển khai: hãy xác thực thủ công hoặc theo lô'
          : 'Chưa cấu hình kết nối với Cơ sở dữ liệu quốc gia về dân cư: hãy xác thực thủ công hoặc theo lô',
        503,
      ),
    );
  },
};

/** The log entry's who and where (Art 45: who, when, which organisation). */
export interface LogActor {
  actor: Actor;
  at: Date;
}

/** Logs one request or answer (Art 45). */
export async function logExchange(
  who: LogActor,
  entry: {
    workerId: number;
    direction: 'request' | 'answer';
    adapter: AdapterName;
    method: string | null;
    fieldsSent?: readonly string[];
    fieldsAnswered?: readonly string[];
    result?: VerifyResult | null;
    mismatched?: readonly string[];
    batchId?: number | null;
    batchRowNo?: number | null;
  },
  transaction?: Transaction,
): Promise<void> {
  await execute(
    `INSERT INTO identity_verification_log (at, actor_user_id, actor_role, agency_id, commune_code, worker_id, direction,
       adapter, method, batch_id, batch_row_no, fields_sent, fields_answered, result, mismatched_fields, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      who.at,
      who.actor.userId,
      who.actor.role,
      who.actor.agencyId ?? null,
      who.actor.communeCode ?? null,
      entry.workerId,
      entry.direction,
      entry.adapter,
      entry.method,
      entry.batchId ?? null,
      entry.batchRowNo ?? null,
      entry.fieldsSent ?? [],
      entry.fieldsAnswered ?? [],
      entry.result ?? null,
      entry.mismatched ?? [],
      currentContext().requestId ?? null,
    ],
    transaction,
  );
}
