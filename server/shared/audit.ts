// audit_log: every write (who, what, before, after); access_log: every read of a person's detail, papers, scans and
// every answer that carries a full CCCD. Both are append-only (a trigger refuses UPDATE and DELETE).
// Personal data in the audit: sensitive fields (ethnicity, health, criminal record, bank) by name only; identifying
// numbers (CCCD, phone, e-mail, date of birth, a paper's number) masked, with an HMAC-SHA256 under AUDIT_HASH_KEY and
// the key's id, so an auditor holding the key can confirm a value without the log holding it.
import crypto from 'node:crypto';
import type { Transaction } from 'sequelize';
import { sequelize } from '../db/sequelize';
import { execute } from '../db/sql';
import { config } from '../config';
import { now } from './clock';
import { maskCccd } from './cccd';
import { currentContext } from './context';
import type { Actor } from './auth/permissions';

/** Personal data whose values never enter the audit log (DOMAIN.md §9): the diff names them only. */
export const SENSITIVE_FIELDS = new Set([
  'ethnicity',
  'healthCertificate',
  'health',
  'criminalRecord',
  'bankAccount',
  'bankName',
  'bankData',
  // a user's e-mail address (the digests'): named in the diff, never copied
  'email',
]);
/** Never logged at all, not even by name. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'tokenVersion']);

const keep = (s: string, head: number, tail: number) =>
  s.length <= head + tail
    ? '*'.repeat(s.length)
    : `${s.slice(0, head)}${'*'.repeat(s.length - head - tail)}${s.slice(s.length - tail)}`;

/** Identifying values kept masked in the audit, each with its mask. */
export const IDENTIFYING_FIELDS: Record<string, (v: string) => string> = {
  cccd: maskCccd,
  phone: (v) => keep(v, 2, 2),
  email: (v) => {
    const [user, domain] = v.split('@');
    return domain ? `${keep(user, 1, 0)}@${domain}` : keep(v, 1, 0);
  },
  dateOfBirth: (v) => `${v.slice(0, 4)}-**-**`,
  number: (v) => keep(v, 1, 2),
};

export interface HashedValue {
  masked: string;
  hmac: string;
  keyId: string;
}

/** HMAC-SHA256 of a value under the audit key (hex): what an auditor recomputes to confirm a value. */
export function auditHmac(value: string, key = config().auditHash.key): string {
  return crypto.createHmac('sha256', key).update(value.normalize('NFC')).digest('hex');
}

const isHashed = (v: unknown): v is HashedValue =>
  Boolean(v && typeof v === 'object' && 'hmac' in (v as object) && 'masked' in (v as object));

function hashed(field: string, value: unknown, key: { key: string; keyId: string }): unknown {
  if (value === null || value === undefined || isHashed(value) || typeof value === 'object') return value;
  const s = String(value);
  return { masked: IDENTIFYING_FIELDS[field](s), hmac: auditHmac(s, key.key), keyId: key.keyId } satisfies HashedValue;
}

type Row = Record<string, unknown>;

/** A before/after picture fit for the audit: secrets and sensitive fields out, identifying numbers masked + hashed. */
export function redactForAudit(value: unknown, key = config().auditHash): unknown {
  if (Array.isArray(value)) return value.map((v) => redactForAudit(v, key));
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const out: Row = {};
  for (const [k, v] of Object.entries(value as Row)) {
    if (SENSITIVE_FIELDS.has(k) || SECRET_FIELDS.has(k)) continue;
    out[k] = k in IDENTIFYING_FIELDS ? hashed(k, v, key) : redactForAudit(v, key);
  }
  return out;
}

function changedSensitive(before: Row | null | undefined, after: Row | null | undefined): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter(
    (k) =>
      SENSITIVE_FIELDS.has(k) && JSON.stringify((before ?? {})[k] ?? null) !== JSON.stringify((after ?? {})[k] ?? null),
  );
}

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entity: string;
  entityId: string | number;
  before?: Row | null;
  after?: Row | null;
  requestId?: string;
}

export async function recordAudit(entry: AuditEntry, transaction?: Transaction): Promise<void> {
  const redact = (r: Row | null | undefined) => (r ? JSON.stringify(redactForAudit(r)) : 'null');
  await sequelize().query(
    `INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, entity_id, before, after, sensitive_fields, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    {
      bind: [
        now(),
        entry.actor?.userId ?? null,
        entry.actor?.role ?? null,
        entry.action,
        entry.entity,
        String(entry.entityId),
        redact(entry.before),
        redact(entry.after),
        changedSensitive(entry.before, entry.after),
        entry.requestId ?? currentContext().requestId,
      ],
      transaction,
    },
  );
}

function organisationOf(actor: Actor): string | null {
  if (actor.agencyId) return `agency:${actor.agencyId}${actor.branchId ? `/branch:${actor.branchId}` : ''}`;
  if (actor.communeCode) return `commune:${actor.communeCode}`;
  if (actor.provinceCode) return `province:${actor.provinceCode}`;
  if (actor.workerId) return `worker:${actor.workerId}`;
  return null;
}

/**
 * What was read. Every event type the app writes is listed here (the worker portal's "who looked at my file"
 * reads them back).
 */
export const ACCESS_EVENTS = {
  'worker.read': "a worker's detail (full CCCD, contact, address)",
  'worker.written': 'the answer to a registration, change or consent link of a worker, which carries the full detail',
  'papers.listed': "a worker's papers (or a case's) listed, in the API or on a page",
  'scan.downloaded': "a paper's scan downloaded",
  'departures.exported': 'the departure list exported with full CCCDs (R17 database update)',
  'user.read': "a user account's detail",
  'area.exported': "an officer's area dashboard exported (residents' names with masked CCCD)",
  'document.downloaded': "a generated document (PDF) downloaded or previewed: it carries the holder's personal data",
  'job_seeker.read': "a job seeker's full profile (the job exchange): contact, residence, sensitive groups",
  'job_seekers.exported': 'the job seekers exported with full CCCDs and contacts (an admin action)',
} as const;
export type AccessEvent = keyof typeof ACCESS_EVENTS;

/** Writes who read what about a person, from which organisation, route and request. */
export async function recordAccess(
  actor: Actor,
  event: AccessEvent,
  subjectType: string,
  subjectId: string | number,
): Promise<void> {
  const ctx = currentContext();
  await execute(
    `INSERT INTO access_log (at, actor_user_id, actor_role, organisation, subject_type, subject_id, route, event, request_id, client_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      now(),
      actor.userId,
      actor.role,
      organisationOf(actor),
      subjectType,
      String(subjectId),
      ctx.route ?? 'internal',
      event,
      ctx.requestId,
      ctx.address,
    ],
  );
}
