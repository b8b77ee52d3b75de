// audit_log: every write (who, what, before, after); access_log: every read of a person's detail.
// Both are append-only (a trigger refuses UPDATE and DELETE). Sensitive fields appear by name only.
import type { Request } from 'express';
import type { Transaction } from 'sequelize';
import { sequelize } from '../db/sequelize';
import { execute } from '../db/sql';
import { now } from './clock';
import type { Actor } from './auth/permissions';

/** Personal data whose values never enter the audit log (DOMAIN.md §9): the diff names them only. */
export const SENSITIVE_FIELDS = new Set([
  'ethnicity', 'healthCertificate', 'health', 'criminalRecord', 'bankAccount', 'bankName', 'bankData',
]);
/** Never logged at all, not even by name. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'tokenVersion']);

type Row = Record<string, unknown>;

function redact(row: Row | null | undefined): Row | null {
  if (!row) return null;
  return Object.fromEntries(Object.entries(row).filter(([k]) => !SENSITIVE_FIELDS.has(k) && !SECRET_FIELDS.has(k)));
}

function changedSensitive(before: Row | null | undefined, after: Row | null | undefined): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => SENSITIVE_FIELDS.has(k)
    && JSON.stringify((before ?? {})[k] ?? null) !== JSON.stringify((after ?? {})[k] ?? null));
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
  await sequelize().query(
    `INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, entity_id, before, after, sensitive_fields, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    {
      bind: [now(), entry.actor?.userId ?? null, entry.actor?.role ?? null, entry.action, entry.entity, String(entry.entityId),
        JSON.stringify(redact(entry.before)), JSON.stringify(redact(entry.after)), changedSensitive(entry.before, entry.after),
        entry.requestId ?? null],
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

/** Writes who looked at a person's detail, from which organisation and route. */
export async function recordAccess(actor: Actor, subjectType: string, subjectId: string | number, req: Request): Promise<void> {
  await execute(
    `INSERT INTO access_log (at, actor_user_id, actor_role, organisation, subject_type, subject_id, route)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [now(), actor.userId, actor.role, organisationOf(actor), subjectType, String(subjectId), `${req.method} ${req.originalUrl.split('?')[0]}`],
  );
}
