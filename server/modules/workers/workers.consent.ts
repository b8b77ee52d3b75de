// Consent links for a purpose (E1, Decree 13/2023 and Law 91/2025): an organisation's link to a worker is created or
// extended with a purpose and its evidence — the signed clause's scan, or the worker's own dated consent in the
// portal — and a purpose withdrawn leaves the link's evidence in place while the organisation loses sight of the
// person when no purpose remains. Every change is audited. Runs in the caller's transaction (request context).
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { fileStore, requireReadableFile } from '../../shared/files';
import { ValidationError } from '../../shared/errors';

export interface PurposeConsent {
  agencyId: number;
  purpose: string;
  consentDate: string;
  /** the scanned clause (an organisation's staff); null: the worker's own consent in the portal */
  fileId: number | null;
  evidence: string;
}

/** The worker behind a CCCD, for a registration that must not make a twin: only when name and birth date match too. */
export async function workerByIdentity(
  cccd: string,
  fullName: string,
  dateOfBirth: string,
): Promise<{ id: number } | 'mismatch' | null> {
  const [w] = await select<{ id: string; full_name_folded: string; date_of_birth: string }>(
    'SELECT id, full_name_folded, date_of_birth FROM workers WHERE cccd = $1',
    [cccd],
  );
  if (!w) return null;
  if (w.full_name_folded !== fold(nfc(fullName)) || w.date_of_birth !== dateOfBirth) return 'mismatch';
  return { id: Number(w.id) };
}

/** Creates or extends the organisation's link with the purpose (a withdrawn link comes back with the new consent). */
export async function grantPurpose(actor: Actor, workerId: number, c: PurposeConsent): Promise<void> {
  if (c.fileId !== null) await requireReadableFile(actor, c.fileId, 'consentFileId');
  const scan = c.fileId === null ? null : (await fileStore().info([c.fileId])).get(c.fileId)!;
  const [existing] = await select<{ id: string; purposes: string[]; withdrawn_on: string | null }>(
    'SELECT id, purposes, withdrawn_on FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2 FOR UPDATE',
    [workerId, c.agencyId],
  );
  if (existing) {
    const purposes = existing.withdrawn_on ? [c.purpose] : [...new Set([...existing.purposes, c.purpose])];
    await execute(
      `UPDATE worker_agency_links SET purposes = $2, consent_date = $3, evidence = $4,
              consent_file_id = COALESCE($5, consent_file_id), withdrawn_on = NULL, updated_at = now()
       WHERE id = $1`,
      [existing.id, purposes, c.consentDate, nfc(c.evidence), c.fileId],
    );
  } else {
    await execute(
      `INSERT INTO worker_agency_links (worker_id, agency_id, since, consent_date, purposes, evidence, consent_file_id, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [workerId, c.agencyId, today(), c.consentDate, [c.purpose], nfc(c.evidence), c.fileId, actor.userId],
    );
  }
  await recordAudit({
    actor,
    action: existing ? 'worker.consent_extended' : 'worker.linked',
    entity: 'worker',
    entityId: workerId,
    after: {
      agencyId: c.agencyId,
      purpose: c.purpose,
      consentDate: c.consentDate,
      evidence: c.evidence,
      ...(scan ? { consentFile: { id: scan.id, sha256: scan.sha256, mime: scan.mime, size: scan.size } } : {}),
    },
  });
}

/** The evidence of a consent the worker gave herself in the portal: who, when, on which screen. */
export const portalConsentEvidence = (on: string) =>
  `Người lao động tự đồng ý trên cổng thông tin Hành Trang ngày ${formatDateVi(on)} (tài khoản đã kích hoạt)`;

/**
 * Withdraws one purpose of the organisation's link on a date: the purpose goes; when none is left the link keeps its
 * evidence and is marked withdrawn, and the organisation no longer sees the person (the workers scope).
 */
export async function withdrawPurpose(
  actor: Actor,
  workerId: number,
  agencyId: number,
  purpose: string,
  on: string,
): Promise<void> {
  const [link] = await select<{ id: string; purposes: string[] }>(
    'SELECT id, purposes FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2 AND withdrawn_on IS NULL FOR UPDATE',
    [workerId, agencyId],
  );
  if (!link) return;
  const left = link.purposes.filter((p) => p !== purpose);
  if (left.length)
    await execute('UPDATE worker_agency_links SET purposes = $2, updated_at = now() WHERE id = $1', [link.id, left]);
  else
    await execute('UPDATE worker_agency_links SET withdrawn_on = $2, updated_at = now() WHERE id = $1', [link.id, on]);
  await recordAudit({
    actor,
    action: 'worker.consent_withdrawn',
    entity: 'worker',
    entityId: workerId,
    after: { agencyId, purpose, withdrawnOn: on, linkWithdrawn: left.length === 0 },
  });
}

/** The employment forms' facts, stored once on the worker (Mẫu 01): education, technical level, contact. */
export async function recordEmploymentFacts(
  actor: Actor,
  workerId: number,
  facts: { generalEducation?: string; technicalLevel?: string; phone?: string; ethnicity?: string },
): Promise<void> {
  const [before] = await select<Record<string, string | null>>(
    'SELECT general_education, technical_level, phone, ethnicity FROM workers WHERE id = $1 FOR UPDATE',
    [workerId],
  );
  const phone = facts.phone === undefined ? undefined : normalise(facts.phone);
  await execute(
    `UPDATE workers SET general_education = COALESCE($2, general_education), technical_level = COALESCE($3, technical_level),
            phone = COALESCE($4, phone), ethnicity = COALESCE($5, ethnicity), updated_at = now() WHERE id = $1`,
    [workerId, facts.generalEducation ?? null, facts.technicalLevel ?? null, phone ?? null, facts.ethnicity ?? null],
  );
  await recordAudit({
    actor,
    action: 'worker.updated',
    entity: 'worker',
    entityId: workerId,
    before: {
      generalEducation: before?.general_education,
      technicalLevel: before?.technical_level,
      phone: before?.phone,
    },
    after: { generalEducation: facts.generalEducation, technicalLevel: facts.technicalLevel, phone },
  });
}

function normalise(phone: string): string {
  const local = normalisePhone(phone);
  if (!local)
    throw new ValidationError([
      { path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx hoặc +84xxxxxxxxx)' },
    ]);
  return local;
}
