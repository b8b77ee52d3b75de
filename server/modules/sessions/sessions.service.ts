// Job exchange sessions (phiên giao dịch việc làm; issue 22, DOMAIN.md §15.4): a centre's sessions (fixed, mobile in a
// commune, online) planned → held or cancelled; booths of its employers with their open vacancies and of licensed
// sending organisations with their open overseas orders; registrations (by staff, by the worker in the portal, or at
// the door through the worker registry) each with a signed ticket; check-in by code, CCCD or name; what staff record
// for a person at the session (counselling, interview, pre-selection, overseas registration, an introduction that is
// a part-1 referral marked with the session). Scope: a centre reads and writes its own sessions (another centre, of
// any province, gets 404); an admin reads all; a worker her own registrations and the sessions of her province.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { formatDateTimeVi, formatDateVi } from '../../shared/dates';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { fold, nfc } from '../../shared/text';
import { getCommune } from '../reference';
import { createWorker, grantPurpose, listWorkers, workerByIdentity } from '../workers';
import { introduce } from '../exchange';
import { newTicket, normaliseCode, ticketCode, verifyCode } from './sessions.tickets';
import {
  ACTIVITY_LABELS,
  CHANNEL_LABELS,
  SESSION_KIND_LABELS,
  SESSION_STATE_LABELS,
  TOPIC_LABELS,
  type ActivityInput,
  type BoothInput,
  type SessionInput,
  type WalkInInput,
} from './sessions.schemas';

const SENDER_KINDS = ['service_enterprise', 'public_unit', 'other_sender'];
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The actor's centre: a centre staff member's organisation, an active employment service centre. */
export async function centreOf(actor: Actor): Promise<{ id: number; name: string; provinceCode: string }> {
  if (actor.role !== 'centre_staff' || !actor.agencyId) throw new ForbiddenError();
  const [c] = await select<{ id: string; name: string; province_code: string; kind: string; status: string }>(
    'SELECT id, name, province_code, kind, status FROM agency_licences WHERE id = $1',
    [actor.agencyId],
  );
  if (!c || c.kind !== 'employment_centre')
    throw new ForbiddenError('Tài khoản không thuộc trung tâm dịch vụ việc làm');
  if (c.status !== 'active') throw new ForbiddenError('Trung tâm không ở trạng thái hoạt động');
  return { id: Number(c.id), name: c.name, provinceCode: c.province_code };
}

/** Now in Vietnam as 'YYYY-MM-DDTHH:MM' (compared with a session's day and start). */
const vietnamNow = () => new Date(now().getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);

interface SessionRow {
  id: string;
  centre_id: string;
  province_code: string;
  name: string;
  kind: string;
  held_on: string;
  starts_at: string;
  ends_at: string;
  venue: string;
  commune_code: string | null;
  state: string;
  version: number;
  note: string | null;
  cancel_reason: string | null;
  centre_name: string;
  created_at: Date;
}

function toSession(r: SessionRow) {
  const startsAt = r.starts_at.slice(0, 5);
  const endsAt = r.ends_at.slice(0, 5);
  const started = vietnamNow() >= `${r.held_on}T${startsAt}`;
  return {
    id: Number(r.id),
    centreId: Number(r.centre_id),
    centreName: r.centre_name,
    provinceCode: r.province_code,
    name: r.name,
    kind: r.kind,
    kindLabel: SESSION_KIND_LABELS[r.kind],
    heldOn: r.held_on,
    startsAt,
    endsAt,
    venue: r.venue,
    communeCode: r.commune_code,
    state: r.state,
    stateLabel: SESSION_STATE_LABELS[r.state],
    version: Number(r.version),
    note: r.note,
    cancelReason: r.cancel_reason,
    /** planned and not yet begun: the worker may still register or cancel */
    open: r.state === 'planned' && !started,
    upcoming: r.state === 'planned' && r.held_on >= today(),
    /** check-in and recording: from the session's day on, unless cancelled */
    checkInOpen: r.state !== 'cancelled' && r.held_on <= today(),
    canMarkHeld: r.state === 'planned' && r.held_on <= today(),
  };
}
export type Session = ReturnType<typeof toSession>;

const SESSION_SQL = `SELECT s.*, c.name AS centre_name FROM exchange_sessions s JOIN agency_licences c ON c.id = s.centre_id`;

/** The SQL condition of the sessions an actor may read (alias s). */
function sessionScope(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `s.centre_id = $${bind.length}`;
  }
  return 'FALSE';
}

/** A session in the actor's scope (404 otherwise: another centre's session, of any province, does not exist for it). */
export async function getSession(actor: Actor, id: number, lock = false): Promise<Session> {
  const bind: unknown[] = [id];
  const [r] = await select<SessionRow>(
    `${SESSION_SQL} WHERE s.id = $1 AND ${sessionScope(actor, bind)}${lock ? ' FOR UPDATE OF s' : ''}`,
    bind,
  );
  if (!r) throw new NotFoundError('Không tìm thấy phiên giao dịch việc làm');
  return toSession(r);
}

/** A session the actor's centre may change (its own; an admin reads only). */
async function ownSession(actor: Actor, id: number, lock = false) {
  const centre = await centreOf(actor);
  const s = await getSession(actor, id, lock);
  if (s.centreId !== centre.id) throw new NotFoundError('Không tìm thấy phiên giao dịch việc làm');
  return { centre, s };
}

export async function listSessions(actor: Actor, q: { when?: 'upcoming' | 'past'; page: number; pageSize: number }) {
  const bind: unknown[] = [];
  const where = [sessionScope(actor, bind)];
  if (q.when) {
    bind.push(today());
    const upcoming = `s.state = 'planned' AND s.held_on >= $${bind.length}`;
    where.push(q.when === 'upcoming' ? upcoming : `NOT (${upcoming})`);
  }
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const order = q.when === 'upcoming' ? 's.held_on, s.starts_at, s.id' : 's.held_on DESC, s.starts_at DESC, s.id DESC';
  const rows = await select<SessionRow>(
    `${SESSION_SQL} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  const sessions = rows.map(toSession);
  const counts = await sessionCounts(sessions.map((s) => s.id));
  return sessions.map((s) => ({ ...s, counts: counts.get(s.id)! }));
}

async function checkSessionPlace(provinceCode: string, kind: string, communeCode: string | null | undefined) {
  if (kind === 'mobile' && !communeCode)
    throw new ValidationError([{ path: 'communeCode', message: 'Phiên lưu động cần chọn xã/phường nơi tổ chức' }]);
  if (!communeCode) return;
  const c = await getCommune(communeCode);
  if (!c) throw new ValidationError([{ path: 'communeCode', message: 'Mã xã/phường không tồn tại' }]);
  if (c.provinceCode !== provinceCode)
    throw new ValidationError([{ path: 'communeCode', message: 'Xã/phường không thuộc tỉnh/thành phố của trung tâm' }]);
}

export async function createSession(actor: Actor, input: SessionInput) {
  const centre = await centreOf(actor);
  await checkSessionPlace(centre.provinceCode, input.kind, input.communeCode);
  const id = await inTransaction(async () => {
    const [r] = await select<{ id: string }>(
      `INSERT INTO exchange_sessions (centre_id, province_code, name, kind, held_on, starts_at, ends_at, venue, commune_code,
                                      note, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        centre.id,
        centre.provinceCode,
        nfc(input.name),
        input.kind,
        input.heldOn,
        input.startsAt,
        input.endsAt,
        nfc(input.venue),
        input.communeCode ?? null,
        input.note ? nfc(input.note) : null,
        actor.userId,
      ],
    );
    await recordAudit({
      actor,
      action: 'session.created',
      entity: 'exchange_session',
      entityId: r.id,
      after: { ...input },
    });
    return Number(r.id);
  });
  return getSession(actor, id);
}

function expectVersion(s: Session, expected: number) {
  if (s.version !== expected)
    throw new ConflictError('Phiên đã được người khác thay đổi: mở lại trang để xem bản mới nhất', {
      reason: 'STALE_VERSION',
      version: s.version,
    });
}

export async function updateSession(
  actor: Actor,
  id: number,
  input: Partial<SessionInput> & { expectedVersion: number },
) {
  await inTransaction(async () => {
    const { centre, s } = await ownSession(actor, id, true);
    expectVersion(s, input.expectedVersion);
    if (s.state !== 'planned')
      throw new ConflictError('Chỉ sửa được phiên sắp diễn ra', { reason: 'NOT_PLANNED', state: s.state });
    const kind = input.kind ?? s.kind;
    const commune = input.communeCode !== undefined ? input.communeCode : s.communeCode;
    await checkSessionPlace(centre.provinceCode, kind, commune);
    const starts = input.startsAt ?? s.startsAt;
    const ends = input.endsAt ?? s.endsAt;
    if (ends <= starts) throw new ValidationError([{ path: 'endsAt', message: 'Giờ kết thúc phải sau giờ bắt đầu' }]);
    await execute(
      `UPDATE exchange_sessions SET name = $2, kind = $3, held_on = $4, starts_at = $5, ends_at = $6, venue = $7,
              commune_code = $8, note = $9, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        id,
        input.name ? nfc(input.name) : s.name,
        kind,
        input.heldOn ?? s.heldOn,
        starts,
        ends,
        input.venue ? nfc(input.venue) : s.venue,
        commune ?? null,
        input.note !== undefined ? (input.note ? nfc(input.note) : null) : s.note,
      ],
    );
    const { expectedVersion: _v, ...after } = input;
    await recordAudit({ actor, action: 'session.updated', entity: 'exchange_session', entityId: id, after });
  });
  return getSession(actor, id);
}

/** planned → held (from the session's day on) or planned → cancelled (with a reason). */
export async function moveSession(
  actor: Actor,
  id: number,
  to: 'held' | 'cancelled',
  input: { expectedVersion: number; reason?: string | null },
) {
  await inTransaction(async () => {
    const { s } = await ownSession(actor, id, true);
    expectVersion(s, input.expectedVersion);
    if (s.state !== 'planned')
      throw new ConflictError(`Phiên đã ở trạng thái «${s.stateLabel}»`, { reason: 'NOT_PLANNED', state: s.state });
    if (to === 'held' && s.heldOn > today())
      throw new ConflictError(`Phiên chưa diễn ra (ngày ${formatDateVi(s.heldOn)}): chưa ghi nhận đã tổ chức được`, {
        reason: 'NOT_YET',
      });
    await execute(
      `UPDATE exchange_sessions SET state = $2, cancel_reason = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, to, to === 'cancelled' && input.reason ? nfc(input.reason) : null],
    );
    await recordAudit({
      actor,
      action: to === 'held' ? 'session.held' : 'session.cancelled',
      entity: 'exchange_session',
      entityId: id,
      after: { reason: input.reason ?? null },
    });
  });
  return getSession(actor, id);
}

// ---- booths ----

export async function listBooths(actor: Actor, sessionId: number) {
  await getSession(actor, sessionId);
  const rows = await select<Record<string, unknown>>(
    `SELECT b.*, e.name AS employer_name, a.name AS sender_name
     FROM session_booths b LEFT JOIN exchange_employer_directory e ON e.id = b.employer_id
     LEFT JOIN agency_licences a ON a.id = b.sender_agency_id
     WHERE b.session_id = $1 ORDER BY b.id`,
    [sessionId],
  );
  const vacancyIds = rows.flatMap((r) => (r.vacancy_ids as string[]).map(Number));
  const orderIds = rows.flatMap((r) => (r.job_order_ids as string[]).map(Number));
  const vacancies = vacancyIds.length
    ? await select<{ id: string; title: string; state: string; number_to_hire: number; hired_count: number }>(
        'SELECT id, title, state, number_to_hire, hired_count FROM exchange_vacancy_directory WHERE id = ANY($1)',
        [vacancyIds],
      )
    : [];
  const orders = orderIds.length
    ? await select<{ id: string; job_title: string; destination_country: string; headcount: number; state: string }>(
        'SELECT id, job_title, destination_country, headcount, state FROM job_order_terms WHERE id = ANY($1)',
        [orderIds],
      )
    : [];
  const vById = new Map(vacancies.map((v) => [Number(v.id), v]));
  const oById = new Map(orders.map((o) => [Number(o.id), o]));
  return rows.map((r) => ({
    id: Number(r.id),
    employerId: r.employer_id === null ? null : Number(r.employer_id),
    senderAgencyId: r.sender_agency_id === null ? null : Number(r.sender_agency_id),
    name: ((r.employer_name ?? r.sender_name) as string) ?? '',
    sender: r.sender_agency_id !== null,
    boothLabel: (r.booth_label as string | null) ?? null,
    demandInProvince: Number(r.demand_in_province),
    demandOutOfProvince: Number(r.demand_out_of_province),
    demandAbroad: Number(r.demand_abroad),
    vacancies: (r.vacancy_ids as string[]).map(Number).map((id) => {
      const v = vById.get(id);
      return {
        id,
        title: v?.title ?? '',
        open: v?.state === 'open',
        placesLeft: v ? v.number_to_hire - v.hired_count : 0,
      };
    }),
    jobOrders: (r.job_order_ids as string[]).map(Number).map((id) => {
      const o = oById.get(id);
      return {
        id,
        title: o?.job_title ?? '',
        countryCode: o?.destination_country ?? null,
        headcount: o?.headcount ?? 0,
        open: o?.state === 'open',
      };
    }),
  }));
}
export type Booth = Awaited<ReturnType<typeof listBooths>>[number];

/** What a booth may be given: the centre's employers with their open vacancies, the licensed senders with their open orders. */
export async function boothChoices(actor: Actor, heldOn: string) {
  const centre = await centreOf(actor);
  const employers = await select<{ id: string; name: string }>(
    'SELECT id, name FROM exchange_employer_directory WHERE centre_id = $1 ORDER BY name_folded, id LIMIT 500',
    [centre.id],
  );
  const vacancies = await select<{ id: string; employer_id: string; title: string; deadline: string }>(
    `SELECT id, employer_id, title, deadline FROM exchange_vacancy_directory
     WHERE centre_id = $1 AND state = 'open' ORDER BY employer_id, id LIMIT 1000`,
    [centre.id],
  );
  const senders = await select<{ id: string; name: string }>(
    `SELECT id, name FROM agency_licences
     WHERE kind = ANY($1) AND status = 'active' AND (licence_expires_on IS NULL OR licence_expires_on >= $2)
     ORDER BY name, id LIMIT 500`,
    [SENDER_KINDS, heldOn],
  );
  const orders = await select<{ id: string; agency_id: string; job_title: string; destination_country: string }>(
    `SELECT id, agency_id, job_title, destination_country FROM job_order_terms
     WHERE state = 'open' AND agency_id = ANY($1) ORDER BY agency_id, id LIMIT 1000`,
    [senders.map((s) => s.id)],
  );
  return {
    employers: employers.map((e) => ({
      id: Number(e.id),
      name: e.name,
      vacancies: vacancies
        .filter((v) => v.employer_id === e.id)
        .map((v) => ({ id: Number(v.id), title: v.title, deadline: v.deadline })),
    })),
    senders: senders.map((s) => ({
      id: Number(s.id),
      name: s.name,
      orders: orders
        .filter((o) => o.agency_id === s.id)
        .map((o) => ({ id: Number(o.id), title: o.job_title, countryCode: o.destination_country })),
    })),
  };
}

export async function addBooth(actor: Actor, sessionId: number, input: BoothInput) {
  return inTransaction(async () => {
    const { centre, s } = await ownSession(actor, sessionId, true);
    if (s.state === 'cancelled') throw new ConflictError('Phiên đã hủy', { reason: 'CANCELLED' });
    if (input.employerId) {
      const [e] = await select<{ id: string }>(
        'SELECT id FROM exchange_employer_directory WHERE id = $1 AND centre_id = $2',
        [input.employerId, centre.id],
      );
      if (!e) throw new ValidationError([{ path: 'employerId', message: 'Không có nhà tuyển dụng này ở trung tâm' }]);
      if (input.jobOrderIds.length)
        throw new ValidationError([
          { path: 'jobOrderIds', message: 'Đơn hàng đi nước ngoài chỉ thuộc gian của doanh nghiệp đưa đi' },
        ]);
      const ok = input.vacancyIds.length
        ? await select<{ id: string }>(
            "SELECT id FROM exchange_vacancy_directory WHERE id = ANY($1) AND employer_id = $2 AND state = 'open'",
            [input.vacancyIds, input.employerId],
          )
        : [];
      if (ok.length !== input.vacancyIds.length)
        throw new ValidationError([
          { path: 'vacancyIds', message: 'Chỉ chọn việc làm đang tuyển của nhà tuyển dụng này (E5)' },
        ]);
    } else {
      const [a] = await select<{ id: string }>(
        `SELECT id FROM agency_licences WHERE id = $1 AND kind = ANY($2) AND status = 'active'
           AND (licence_expires_on IS NULL OR licence_expires_on >= $3)`,
        [input.senderAgencyId, SENDER_KINDS, s.heldOn],
      );
      if (!a)
        throw new ValidationError([
          {
            path: 'senderAgencyId',
            message: 'Chỉ doanh nghiệp, đơn vị có giấy phép đưa người lao động đi làm việc ở nước ngoài còn hiệu lực',
          },
        ]);
      if (input.vacancyIds.length)
        throw new ValidationError([
          { path: 'vacancyIds', message: 'Việc làm trong nước thuộc gian của nhà tuyển dụng' },
        ]);
      const ok = input.jobOrderIds.length
        ? await select<{ id: string }>(
            "SELECT id FROM job_order_terms WHERE id = ANY($1) AND agency_id = $2 AND state = 'open'",
            [input.jobOrderIds, input.senderAgencyId],
          )
        : [];
      if (ok.length !== input.jobOrderIds.length)
        throw new ValidationError([
          { path: 'jobOrderIds', message: 'Chỉ chọn đơn hàng đang tuyển của doanh nghiệp này' },
        ]);
    }
    const [r] = await select<{ id: string }>(
      `INSERT INTO session_booths (session_id, employer_id, sender_agency_id, booth_label, demand_in_province,
                                   demand_out_of_province, demand_abroad, vacancy_ids, job_order_ids, registered_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        sessionId,
        input.employerId ?? null,
        input.senderAgencyId ?? null,
        input.boothLabel ? nfc(input.boothLabel) : null,
        input.demandInProvince,
        input.demandOutOfProvince,
        input.demandAbroad,
        input.vacancyIds,
        input.jobOrderIds,
        actor.userId,
      ],
    );
    if (!r) throw new ConflictError('Đơn vị này đã có gian ở phiên', { reason: 'ALREADY_BOOTH' });
    await recordAudit({
      actor,
      action: 'session.booth_added',
      entity: 'exchange_session',
      entityId: sessionId,
      after: { ...input },
    });
    return { id: Number(r.id) };
  });
}

// ---- registrations ----

interface RegRow {
  id: string;
  session_id: string;
  worker_id: string;
  job_seeker_id: string | null;
  ticket: string;
  channel: string;
  registered_at: Date;
  checked_in_at: Date | null;
  full_name: string;
  cccd: string;
  date_of_birth: string;
}

const REG_SQL = `SELECT r.*, w.full_name, w.cccd, w.date_of_birth
  FROM session_registrations r JOIN worker_exchange_facts w ON w.id = r.worker_id`;

function toRegistration(r: RegRow) {
  return {
    id: Number(r.id),
    sessionId: Number(r.session_id),
    workerId: Number(r.worker_id),
    jobSeekerId: r.job_seeker_id === null ? null : Number(r.job_seeker_id),
    fullName: r.full_name,
    cccdMasked: maskCccd(r.cccd),
    dateOfBirth: r.date_of_birth,
    channel: r.channel,
    channelLabel: CHANNEL_LABELS[r.channel],
    registeredAt: r.registered_at,
    checkedInAt: r.checked_in_at,
    checkedInTime: r.checked_in_at ? formatDateTimeVi(r.checked_in_at).slice(11) : null,
  };
}
export type Registration = ReturnType<typeof toRegistration>;

/**
 * Inserts a registration with a fresh ticket; a second one of the person for the session is a 409. The random part is
 * unique across sessions: a collision (1 in 10^12 per pair) draws again.
 */
async function insertRegistration(
  actor: Actor,
  o: { sessionId: number; workerId: number; jobSeekerId: number | null; channel: 'staff' | 'portal' | 'walk_in' },
): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const checkedIn = o.channel === 'walk_in';
    const [r] = await select<{ id: string }>(
      `INSERT INTO session_registrations (session_id, worker_id, job_seeker_id, ticket, channel, registered_by_user_id,
                                          checked_in_at, checked_in_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [
        o.sessionId,
        o.workerId,
        o.jobSeekerId,
        newTicket(),
        o.channel,
        actor.userId,
        checkedIn ? now() : null,
        checkedIn ? actor.userId : null,
      ],
    );
    if (r) {
      await recordAudit({
        actor,
        action: 'session.registered',
        entity: 'session_registration',
        entityId: r.id,
        after: { sessionId: o.sessionId, workerId: o.workerId, channel: o.channel },
      });
      return Number(r.id);
    }
    const [dup] = await select<{ id: string }>(
      'SELECT id FROM session_registrations WHERE session_id = $1 AND worker_id = $2',
      [o.sessionId, o.workerId],
    );
    if (dup)
      throw new ConflictError(
        o.channel === 'portal'
          ? 'Bạn đã đăng ký phiên này rồi: xem vé của bạn bên dưới'
          : 'Người này đã đăng ký phiên này (mỗi người một vé): điểm danh bằng mã vé hoặc số CCCD',
        { reason: 'ALREADY_REGISTERED', registrationId: Number(dup.id) },
      );
  }
  throw new ConflictError('Chưa tạo được mã vé: thử lại', { reason: 'TICKET_COLLISION' });
}

/** The person's active job-seeker profile at the centre, if any (an introduction needs it, E1). */
async function seekerAt(centreId: number, workerId: number): Promise<number | null> {
  const [s] = await select<{ id: string }>(
    "SELECT id FROM exchange_seeker_directory WHERE worker_id = $1 AND centre_id = $2 AND status = 'active'",
    [workerId, centreId],
  );
  return s ? Number(s.id) : null;
}

/**
 * A person of the centre: one of its job seekers (by id), or by CCCD one of its job seekers or a worker linked to it
 * with her consent (the worker registry's scope). Anyone else is "not found" (no stranger's existence is revealed).
 */
async function personOfCentre(
  actor: Actor,
  centreId: number,
  input: { jobSeekerId?: number; cccd?: string },
  path: string,
): Promise<{ workerId: number; jobSeekerId: number | null }> {
  if (input.jobSeekerId) {
    const [s] = await select<{ worker_id: string; status: string }>(
      'SELECT worker_id, status FROM exchange_seeker_directory WHERE id = $1 AND centre_id = $2',
      [input.jobSeekerId, centreId],
    );
    if (!s || s.status === 'withdrawn')
      throw new ValidationError([{ path: 'jobSeekerId', message: 'Không có người tìm việc này ở trung tâm' }]);
    return { workerId: Number(s.worker_id), jobSeekerId: s.status === 'active' ? input.jobSeekerId : null };
  }
  const [s] = await select<{ id: string; worker_id: string; status: string }>(
    `SELECT s.id, s.worker_id, s.status FROM exchange_seeker_directory s JOIN worker_exchange_facts w ON w.id = s.worker_id
     WHERE w.cccd = $1 AND s.centre_id = $2 AND s.status <> 'withdrawn'`,
    [input.cccd, centreId],
  );
  if (s) return { workerId: Number(s.worker_id), jobSeekerId: s.status === 'active' ? Number(s.id) : null };
  const linked = await listWorkers(actor, { q: input.cccd, page: 1, pageSize: 1 });
  const w = (linked as { data: { id: number }[] }).data[0];
  if (!w)
    throw new ValidationError([
      {
        path,
        message:
          'Không có người có số CCCD này trong hồ sơ của trung tâm: người mới đăng ký tại cửa (kèm phiếu đồng ý đã ký) hoặc đăng ký tìm việc trước',
      },
    ]);
  return { workerId: w.id, jobSeekerId: await seekerAt(centreId, w.id) };
}

/** Staff register one of the centre's people before the session. */
export async function registerByStaff(actor: Actor, sessionId: number, input: { jobSeekerId?: number; cccd?: string }) {
  const id = await inTransaction(async () => {
    const { centre, s } = await ownSession(actor, sessionId, true);
    if (s.state !== 'planned')
      throw new ConflictError(`Phiên ${s.stateLabel.toLowerCase()}: không nhận đăng ký`, { reason: 'NOT_PLANNED' });
    const p = await personOfCentre(actor, centre.id, input, input.cccd ? 'cccd' : 'jobSeekerId');
    return insertRegistration(actor, { sessionId, ...p, channel: 'staff' });
  });
  return getRegistration(actor, sessionId, id);
}

/**
 * At the door: the person is registered on the spot through the worker registry (an unknown CCCD is a new worker
 * with the registry's checks of CCCD, birth date and sex, linked to the centre with her signed consent, E1; a known
 * one with the same name and birth date gets the centre's link; a CCCD with other facts is refused), and checked in.
 */
export async function walkIn(actor: Actor, sessionId: number, input: WalkInInput) {
  const id = await inTransaction(async () => {
    const { centre, s } = await ownSession(actor, sessionId, true);
    if (!s.checkInOpen)
      throw new ConflictError(
        s.state === 'cancelled' ? 'Phiên đã hủy' : `Phiên chưa diễn ra (ngày ${formatDateVi(s.heldOn)})`,
        { reason: 'CHECK_IN_CLOSED' },
      );
    const evidence = `Phiếu đồng ý sử dụng dữ liệu để tư vấn, giới thiệu việc làm (đã ký tại phiên «${s.name}» ngày ${formatDateVi(s.heldOn)})`;
    const known = await workerByIdentity(input.cccd, input.fullName, input.dateOfBirth);
    if (known === 'mismatch')
      throw new ValidationError([
        {
          path: 'cccd',
          message:
            'Số CCCD này đã được đăng ký với họ tên hoặc ngày sinh khác. Kiểm tra lại số CCCD, họ tên và ngày sinh.',
        },
      ]);
    let workerId: number;
    if (known) {
      workerId = known.id;
      await grantPurpose(actor, workerId, {
        agencyId: centre.id,
        purpose: 'job_matching',
        consentDate: input.consentDate,
        fileId: input.consentFileId,
        evidence,
      });
    } else {
      const w = await createWorker(actor, {
        fullName: input.fullName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        cccd: input.cccd,
        phone: input.phone || null,
        provinceCode: input.provinceCode ?? null,
        communeCode: input.communeCode ?? null,
        consent: { consentDate: input.consentDate, purposes: ['job_matching'], evidence, fileId: input.consentFileId },
      });
      workerId = Number(w.id);
    }
    return insertRegistration(actor, {
      sessionId,
      workerId,
      jobSeekerId: await seekerAt(centre.id, workerId),
      channel: 'walk_in',
    });
  });
  return getRegistration(actor, sessionId, id);
}

export async function listRegistrations(actor: Actor, sessionId: number) {
  await getSession(actor, sessionId);
  const rows = await select<RegRow>(`${REG_SQL} WHERE r.session_id = $1 ORDER BY w.full_name_folded, r.id LIMIT 2000`, [
    sessionId,
  ]);
  return rows.map(toRegistration);
}

export async function getRegistration(actor: Actor, sessionId: number, regId: number) {
  await getSession(actor, sessionId);
  const [r] = await select<RegRow>(`${REG_SQL} WHERE r.id = $1 AND r.session_id = $2`, [regId, sessionId]);
  if (!r) throw new NotFoundError('Không tìm thấy người đăng ký');
  return toRegistration(r);
}

// ---- check-in ----

export type CheckInResult =
  { outcome: 'checked_in' | 'already'; registration: Registration } | { outcome: 'choose'; matches: Registration[] };

async function markCheckedIn(actor: Actor, sessionId: number, regId: number): Promise<CheckInResult> {
  const done = await execute(
    `UPDATE session_registrations SET checked_in_at = $3, checked_in_by_user_id = $4
     WHERE id = $1 AND session_id = $2 AND checked_in_at IS NULL`,
    [regId, sessionId, now(), actor.userId],
  );
  const registration = await getRegistration(actor, sessionId, regId);
  if (done) {
    await recordAudit({
      actor,
      action: 'session.checked_in',
      entity: 'session_registration',
      entityId: regId,
      after: { sessionId },
    });
  }
  return { outcome: done ? 'checked_in' : 'already', registration };
}

const INVALID_CODE =
  'Mã vé không đúng hoặc không phải vé của phiên này: kiểm tra lại mã in trên phiếu (12 ký tự, ví dụ K7Q2-MX4P-9RTA)';

/**
 * Check-in by a typed or scanned ticket code (with or without dashes and spaces, any case), a CCCD (12 digits: her
 * registration) or a name (accents ignored: the matching registrations to pick from). A ticket checks in once: a
 * second time answers "already" with the time and changes nothing. A code whose signature is not this session's (a
 * forged code, or another session's ticket) is refused before anything is looked up.
 */
export async function checkIn(
  actor: Actor,
  sessionId: number,
  input: { code?: string; cccd?: string; registrationId?: number; q?: string },
): Promise<CheckInResult> {
  const { s } = await ownSession(actor, sessionId);
  if (!s.checkInOpen)
    throw new ConflictError(
      s.state === 'cancelled' ? 'Phiên đã hủy: không điểm danh' : `Phiên chưa diễn ra (ngày ${formatDateVi(s.heldOn)})`,
      { reason: 'CHECK_IN_CLOSED' },
    );
  if (input.registrationId) return markCheckedIn(actor, sessionId, input.registrationId);
  let code = input.code;
  let cccd = input.cccd;
  let name: string | undefined;
  const path = input.q !== undefined ? 'q' : input.code !== undefined ? 'code' : 'cccd';
  if (input.q !== undefined) {
    const q = input.q.trim();
    const compact = q.replace(/[\s.]/g, '');
    // names have no digits: anything with a digit or a dash is a code (a 12-letter code that checks is one too)
    if (/^[0-9]{12}$/.test(compact)) cccd = compact;
    else if (/[0-9-]/.test(q) || (normaliseCode(q) && verifyCode(sessionId, q))) code = q;
    else name = q;
  }
  if (code !== undefined) {
    const random = verifyCode(sessionId, code);
    if (!random) throw new ValidationError([{ path, message: INVALID_CODE }], INVALID_CODE);
    const [r] = await select<{ id: string }>(
      'SELECT id FROM session_registrations WHERE session_id = $1 AND ticket = $2',
      [sessionId, random],
    );
    if (!r) throw new NotFoundError('Vé này đã bị hủy (người đăng ký đã hủy đăng ký)');
    return markCheckedIn(actor, sessionId, Number(r.id));
  }
  if (cccd !== undefined) {
    const [r] = await select<{ id: string }>(
      `SELECT r.id FROM session_registrations r JOIN worker_exchange_facts w ON w.id = r.worker_id
       WHERE r.session_id = $1 AND w.cccd = $2`,
      [sessionId, cccd],
    );
    if (!r)
      throw new NotFoundError(
        'Không có người đăng ký phiên với số CCCD này: nếu là người mới đến, đăng ký tại cửa ở mục bên dưới',
      );
    return markCheckedIn(actor, sessionId, Number(r.id));
  }
  const words = fold(name ?? '').trim();
  if (words.length < 2) throw new ValidationError([{ path, message: 'Nhập ít nhất 2 chữ của họ tên' }]);
  const rows = await select<RegRow>(
    `${REG_SQL} WHERE r.session_id = $1 AND w.full_name_folded LIKE $2 ORDER BY w.full_name_folded, r.id LIMIT 20`,
    [sessionId, `%${words.replace(/[%_\\]/g, '\\$&')}%`],
  );
  if (!rows.length)
    throw new NotFoundError(`Không có người đăng ký nào tên «${name}»: nếu là người mới đến, đăng ký tại cửa`);
  return { outcome: 'choose', matches: rows.map(toRegistration) };
}

// ---- what is recorded at the session ----

/** Records, for a person checked in at the session: counselling, an interview, a pre-selection, an overseas
 * registration, or an introduction (a part-1 referral marked with the session, through the exchange's own flow). */
export async function recordActivity(actor: Actor, sessionId: number, regId: number, input: ActivityInput) {
  const { centre, s } = await ownSession(actor, sessionId);
  if (!s.checkInOpen)
    throw new ConflictError(
      s.state === 'cancelled' ? 'Phiên đã hủy' : `Phiên chưa diễn ra (ngày ${formatDateVi(s.heldOn)})`,
      { reason: 'SESSION_NOT_OPEN' },
    );
  const reg = await getRegistration(actor, sessionId, regId);
  if (!reg.checkedInAt)
    throw new ConflictError('Người này chưa điểm danh: điểm danh trước khi ghi nhận', { reason: 'NOT_CHECKED_IN' });
  const note = input.note ? nfc(input.note) : null;
  if (input.kind === 'introduction') {
    const booths = await listBooths(actor, sessionId);
    if (!booths.some((b) => b.vacancies.some((v) => v.id === input.vacancyId)))
      throw new ValidationError([
        { path: 'vacancyId', message: 'Chọn một việc làm của các gian tuyển dụng tại phiên' },
      ]);
    const jobSeekerId = await seekerAt(centre.id, reg.workerId);
    if (!jobSeekerId)
      throw new ConflictError(
        'Người này chưa đăng ký tìm việc tại trung tâm (Mẫu 01 với điều khoản đồng ý, E1): đăng ký tìm việc trước khi giới thiệu',
        { reason: 'NOT_A_JOB_SEEKER' },
      );
    const r = await introduce(
      actor,
      { jobSeekerId, vacancyId: input.vacancyId!, origin: input.origin ?? 'person' },
      { sessionId },
    );
    return { kind: 'introduction', referralId: r.id };
  }
  return inTransaction(async () => {
    if (input.kind === 'counselling') {
      const [r] = await select<{ id: string }>(
        `INSERT INTO counselling_records (centre_id, session_id, worker_id, topic, counselled_on, note, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [centre.id, sessionId, reg.workerId, input.topic, s.heldOn, note, actor.userId],
      );
      await recordAudit({
        actor,
        action: 'counselling.recorded',
        entity: 'counselling_record',
        entityId: r.id,
        after: { sessionId, workerId: reg.workerId, topic: input.topic },
      });
      return { kind: 'counselling', id: Number(r.id) };
    }
    if (input.boothId) {
      const [b] = await select<{ id: string }>('SELECT id FROM session_booths WHERE id = $1 AND session_id = $2', [
        input.boothId,
        sessionId,
      ]);
      if (!b) throw new ValidationError([{ path: 'boothId', message: 'Chọn một gian của phiên' }]);
    }
    const [r] = await select<{ id: string }>(
      `INSERT INTO session_activities (session_id, registration_id, worker_id, kind, booth_id, note, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [sessionId, regId, reg.workerId, input.kind, input.boothId ?? null, note, actor.userId],
    );
    await recordAudit({
      actor,
      action: `session.${input.kind}`,
      entity: 'session_registration',
      entityId: regId,
      after: { sessionId, boothId: input.boothId ?? null },
    });
    return { kind: input.kind, id: Number(r.id) };
  });
}

/** A person at the session: her registration and everything recorded for her there, oldest first. */
export async function personAtSession(actor: Actor, sessionId: number, regId: number) {
  const reg = await getRegistration(actor, sessionId, regId);
  const [counselling, activities, referrals] = await Promise.all([
    select<{ id: string; topic: string; note: string | null; recorded_at: Date }>(
      'SELECT id, topic, note, recorded_at FROM counselling_records WHERE session_id = $1 AND worker_id = $2 ORDER BY id',
      [sessionId, reg.workerId],
    ),
    select<{ id: string; kind: string; note: string | null; recorded_at: Date; booth_id: string | null }>(
      'SELECT id, kind, note, recorded_at, booth_id FROM session_activities WHERE registration_id = $1 ORDER BY id',
      [regId],
    ),
    select<{ id: string; state: string; vacancy_id: string | null; title: string | null; introduced_on: string }>(
      `SELECT o.id, o.state, o.vacancy_id, v.title, o.introduced_on FROM session_referral_outcomes o
       LEFT JOIN exchange_vacancy_directory v ON v.id = o.vacancy_id
       WHERE o.session_id = $1 AND o.worker_id = $2 ORDER BY o.id`,
      [sessionId, reg.workerId],
    ),
  ]);
  const booths = await listBooths(actor, sessionId);
  const boothName = new Map(booths.map((b) => [b.id, b.name]));
  const items = [
    ...counselling.map((c) => ({
      kind: 'counselling',
      label: `${ACTIVITY_LABELS.counselling}: ${TOPIC_LABELS[c.topic].replace(/^Tư vấn /, '')}`,
      at: c.recorded_at,
      note: c.note,
      link: null as string | null,
    })),
    ...activities.map((a) => ({
      kind: a.kind,
      label: `${ACTIVITY_LABELS[a.kind]}${a.booth_id ? ` – ${boothName.get(Number(a.booth_id)) ?? ''}` : ''}`,
      at: a.recorded_at,
      note: a.note,
      link: null as string | null,
    })),
  ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  return {
    registration: reg,
    items: items.map((i) => ({ ...i, time: formatDateTimeVi(i.at) })),
    referrals: referrals.map((r) => ({
      id: Number(r.id),
      state: r.state,
      vacancyTitle: r.title,
      introducedOn: r.introduced_on,
    })),
    jobSeekerId: actor.role === 'centre_staff' ? await seekerAt(Number(actor.agencyId), reg.workerId) : null,
    booths,
  };
}

// ---- tickets and slips ----

/** The printable slip of a registration: staff of the session's centre, or the worker herself (else 404). */
export async function slipOf(actor: Actor, regId: number) {
  const [r] = await select<RegRow & { sid: string }>(`${REG_SQL} WHERE r.id = $1`, [regId]);
  if (!r) throw new NotFoundError('Không tìm thấy vé');
  if (actor.role === 'worker') {
    if (Number(r.worker_id) !== actor.workerId) throw new NotFoundError('Không tìm thấy vé');
  }
  const [srow] = await select<SessionRow>(`${SESSION_SQL} WHERE s.id = $1`, [r.session_id]);
  const s = toSession(srow);
  if (actor.role !== 'worker') await getSession(actor, s.id);
  return {
    registration: toRegistration(r),
    session: s,
    code: ticketCode(s.id, r.ticket),
  };
}

// ---- the worker's own (portal) ----

function requireWorker(actor: Actor): number {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  return actor.workerId;
}

/** Upcoming sessions of any centre in her province, and her own registrations with their tickets. */
export async function mySessions(actor: Actor) {
  const workerId = requireWorker(actor);
  const [w] = await select<{ province_code: string | null }>(
    'SELECT province_code FROM worker_exchange_facts WHERE id = $1',
    [workerId],
  );
  const mine = await select<SessionRow & { reg_id: string; ticket: string; checked_in_at: Date | null }>(
    `SELECT s.*, c.name AS centre_name, r.id AS reg_id, r.ticket, r.checked_in_at
     FROM session_registrations r JOIN exchange_sessions s ON s.id = r.session_id JOIN agency_licences c ON c.id = s.centre_id
     WHERE r.worker_id = $1 ORDER BY s.held_on DESC, s.starts_at DESC LIMIT 50`,
    [workerId],
  );
  const registered = new Set(mine.map((m) => m.id));
  const upcoming = w?.province_code
    ? await select<SessionRow>(
        `${SESSION_SQL} WHERE s.province_code = $1 AND s.state = 'planned' AND s.held_on >= $2
         ORDER BY s.held_on, s.starts_at, s.id LIMIT 50`,
        [w.province_code, today()],
      )
    : [];
  return {
    provinceCode: w?.province_code ?? null,
    upcoming: upcoming
      .map(toSession)
      .filter((s) => s.open)
      .map((s) => ({ ...s, registered: registered.has(String(s.id)) })),
    mine: mine.map((m) => {
      const s = toSession(m);
      return {
        session: s,
        registrationId: Number(m.reg_id),
        code: ticketCode(s.id, m.ticket),
        checkedInAt: m.checked_in_at,
        canCancel: s.open && !m.checked_in_at,
      };
    }),
  };
}

/** A session she may register for: planned, in her province, not yet begun (else 404 / 409). */
async function portalSession(workerId: number, sessionId: number) {
  const [w] = await select<{ province_code: string | null }>(
    'SELECT province_code FROM worker_exchange_facts WHERE id = $1',
    [workerId],
  );
  const [r] = await select<SessionRow>(`${SESSION_SQL} WHERE s.id = $1 AND s.province_code = $2 FOR UPDATE OF s`, [
    sessionId,
    w?.province_code ?? '',
  ]);
  if (!r) throw new NotFoundError('Không tìm thấy phiên giao dịch việc làm');
  return toSession(r);
}

export async function registerInPortal(actor: Actor, sessionId: number) {
  const workerId = requireWorker(actor);
  return inTransaction(async () => {
    const s = await portalSession(workerId, sessionId);
    if (!s.open)
      throw new ConflictError(
        s.state === 'cancelled' ? 'Phiên đã hủy' : 'Phiên đã bắt đầu hoặc đã kết thúc: không đăng ký trước được nữa',
        { reason: 'CLOSED' },
      );
    const id = await insertRegistration(actor, {
      sessionId,
      workerId,
      jobSeekerId: await seekerAt(s.centreId, workerId),
      channel: 'portal',
    });
    return { id, sessionId };
  });
}

/** She cancels her registration before the session starts (not after check-in): the ticket stops working. */
export async function cancelInPortal(actor: Actor, sessionId: number) {
  const workerId = requireWorker(actor);
  await inTransaction(async () => {
    const [r] = await select<{ id: string; checked_in_at: Date | null }>(
      'SELECT id, checked_in_at FROM session_registrations WHERE session_id = $1 AND worker_id = $2 FOR UPDATE',
      [sessionId, workerId],
    );
    if (!r) throw new NotFoundError('Bạn chưa đăng ký phiên này');
    const [srow] = await select<SessionRow>(`${SESSION_SQL} WHERE s.id = $1`, [sessionId]);
    const s = toSession(srow);
    if (!s.open || r.checked_in_at)
      throw new ConflictError('Phiên đã bắt đầu: không hủy đăng ký được nữa', { reason: 'CLOSED' });
    await execute('DELETE FROM session_registrations WHERE id = $1', [r.id]);
    await recordAudit({
      actor,
      action: 'session.registration_cancelled',
      entity: 'session_registration',
      entityId: r.id,
      after: { sessionId },
    });
  });
}

// ---- the counts ----

export interface SessionCounts {
  /** booths: employers and sending organisations taking part */
  booths: number;
  employers: number;
  senders: number;
  demandInProvince: number;
  demandOutOfProvince: number;
  demandAbroad: number;
  registered: number;
  attended: number;
  counselled: number;
  interviewed: number;
  preselected: number;
  overseasRegistered: number;
  introduced: number;
  connections: number;
  connectionsDomestic: number;
  connectionsAbroad: number;
}

/**
 * The counts of sessions (Mẫu 01 line 1 and the session page), in one statement for any number of sessions:
 * - booths: session_booths rows (employers: with an employer; senders: with a sending organisation); demand: their sums;
 * - registered: session_registrations rows; attended: those checked in (checked_in_at set; walk-ins always);
 * - counselled: distinct people (worker_id) with a counselling_records row at the session (any topic);
 * - interviewed / preselected / overseasRegistered: distinct people with a session_activities row of that kind;
 * - introduced: referrals with the session's session_id (any state);
 * - connections: those referrals in state `hired` (a signed contract, E2) — whenever the hire was recorded, so a hire
 *   weeks after the session still counts for it; domestic (a vacancy) and abroad (an overseas order) apart.
 * No scope: callers check it (the pages and routes through getSession; reports by their own filter).
 */
export async function sessionCounts(sessionIds: number[]): Promise<Map<number, SessionCounts>> {
  const out = new Map<number, SessionCounts>();
  if (!sessionIds.length) return out;
  const rows = await select<Record<string, string>>(
    `SELECT s.id,
       b.booths, b.employers, b.senders, b.d_in, b.d_out, b.d_abroad,
       r.registered, r.attended,
       (SELECT count(DISTINCT c.worker_id) FROM counselling_records c WHERE c.session_id = s.id AND c.worker_id IS NOT NULL) AS counselled,
       a.interviewed, a.preselected, a.overseas,
       o.introduced, o.domestic, o.abroad
     FROM exchange_sessions s
     CROSS JOIN LATERAL (SELECT count(*) AS booths, count(employer_id) AS employers, count(sender_agency_id) AS senders,
                                coalesce(sum(demand_in_province), 0) AS d_in, coalesce(sum(demand_out_of_province), 0) AS d_out,
                                coalesce(sum(demand_abroad), 0) AS d_abroad
                         FROM session_booths WHERE session_id = s.id) b
     CROSS JOIN LATERAL (SELECT count(*) AS registered, count(checked_in_at) AS attended
                         FROM session_registrations WHERE session_id = s.id) r
     CROSS JOIN LATERAL (SELECT count(DISTINCT worker_id) FILTER (WHERE kind = 'interview') AS interviewed,
                                count(DISTINCT worker_id) FILTER (WHERE kind = 'preselection') AS preselected,
                                count(DISTINCT worker_id) FILTER (WHERE kind = 'overseas_registration') AS overseas
                         FROM session_activities WHERE session_id = s.id) a
     CROSS JOIN LATERAL (SELECT count(*) AS introduced,
                                count(*) FILTER (WHERE state = 'hired' AND NOT abroad) AS domestic,
                                count(*) FILTER (WHERE state = 'hired' AND abroad) AS abroad
                         FROM session_referral_outcomes WHERE session_id = s.id) o
     WHERE s.id = ANY($1)`,
    [sessionIds],
  );
  for (const r of rows) {
    const n = (k: string) => Number(r[k] ?? 0);
    out.set(Number(r.id), {
      booths: n('booths'),
      employers: n('employers'),
      senders: n('senders'),
      demandInProvince: n('d_in'),
      demandOutOfProvince: n('d_out'),
      demandAbroad: n('d_abroad'),
      registered: n('registered'),
      attended: n('attended'),
      counselled: n('counselled'),
      interviewed: n('interviewed'),
      preselected: n('preselected'),
      overseasRegistered: n('overseas'),
      introduced: n('introduced'),
      connections: n('domestic') + n('abroad'),
      connectionsDomestic: n('domestic'),
      connectionsAbroad: n('abroad'),
    });
  }
  return out;
}

/** One session's counts, in the actor's scope. */
export async function countsOf(actor: Actor, sessionId: number): Promise<SessionCounts> {
  await getSession(actor, sessionId);
  return (await sessionCounts([sessionId])).get(sessionId)!;
}

// ---- the counselling log (Mẫu 01 line 2) ----

export async function recordCounselling(
  actor: Actor,
  input: {
    subject: 'person' | 'employer';
    jobSeekerId?: number;
    cccd?: string;
    employerId?: number;
    topic: 'job' | 'policy' | 'overseas';
    counselledOn: string;
    note?: string | null;
  },
) {
  const centre = await centreOf(actor);
  let workerId: number | null = null;
  let employerId: number | null = null;
  if (input.subject === 'person') {
    if (!input.jobSeekerId && !input.cccd)
      throw new ValidationError([
        { path: 'cccd', message: 'Chọn người tìm việc hoặc nhập số CCCD của người được tư vấn' },
      ]);
    workerId = (await personOfCentre(actor, centre.id, input, input.cccd ? 'cccd' : 'jobSeekerId')).workerId;
  } else {
    const [e] = await select<{ id: string }>(
      'SELECT id FROM exchange_employer_directory WHERE id = $1 AND centre_id = $2',
      [input.employerId, centre.id],
    );
    if (!e) throw new ValidationError([{ path: 'employerId', message: 'Không có nhà tuyển dụng này ở trung tâm' }]);
    employerId = Number(e.id);
  }
  return inTransaction(async () => {
    const [r] = await select<{ id: string }>(
      `INSERT INTO counselling_records (centre_id, worker_id, employer_id, topic, counselled_on, note, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        centre.id,
        workerId,
        employerId,
        input.topic,
        input.counselledOn,
        input.note ? nfc(input.note) : null,
        actor.userId,
      ],
    );
    await recordAudit({
      actor,
      action: 'counselling.recorded',
      entity: 'counselling_record',
      entityId: r.id,
      after: { workerId, employerId, topic: input.topic, counselledOn: input.counselledOn },
    });
    return { id: Number(r.id) };
  });
}

/** The centre's counselling log, newest first, CCCD masked (at sessions and outside them). */
export async function listCounselling(actor: Actor, q: { from?: string; to?: string; page: number; pageSize: number }) {
  const centre = await centreOf(actor);
  const bind: unknown[] = [centre.id];
  const where = ['c.centre_id = $1'];
  if (q.from) {
    bind.push(q.from);
    where.push(`c.counselled_on >= $${bind.length}`);
  }
  if (q.to) {
    bind.push(q.to);
    where.push(`c.counselled_on <= $${bind.length}`);
  }
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const rows = await select<Record<string, unknown>>(
    `SELECT c.id, c.session_id, c.worker_id, c.employer_id, c.topic, c.counselled_on, c.note, w.full_name, w.cccd,
            e.name AS employer_name, s.name AS session_name
     FROM counselling_records c LEFT JOIN worker_exchange_facts w ON w.id = c.worker_id
     LEFT JOIN exchange_employer_directory e ON e.id = c.employer_id LEFT JOIN exchange_sessions s ON s.id = c.session_id
     WHERE ${where.join(' AND ')} ORDER BY c.counselled_on DESC, c.id DESC LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sessionId: r.session_id === null ? null : Number(r.session_id),
    sessionName: (r.session_name as string | null) ?? null,
    subject: r.worker_id !== null ? 'person' : 'employer',
    name: (r.full_name ?? r.employer_name) as string,
    cccdMasked: r.cccd ? maskCccd(r.cccd as string) : null,
    topic: r.topic as string,
    topicLabel: TOPIC_LABELS[r.topic as string],
    counselledOn: r.counselled_on as string,
    note: (r.note as string | null) ?? null,
  }));
}

/** The centre's job seekers and employers to pick from on the pages (a short list; CCCD masked). */
export async function pickLists(actor: Actor) {
  const centre = await centreOf(actor);
  const [seekers, employers] = await Promise.all([
    select<{ id: string; full_name: string; cccd: string }>(
      `SELECT s.id, w.full_name, w.cccd FROM exchange_seeker_directory s JOIN worker_exchange_facts w ON w.id = s.worker_id
       WHERE s.centre_id = $1 AND s.status = 'active' ORDER BY w.full_name_folded, s.id LIMIT 500`,
      [centre.id],
    ),
    select<{ id: string; name: string }>(
      'SELECT id, name FROM exchange_employer_directory WHERE centre_id = $1 ORDER BY name_folded, id LIMIT 500',
      [centre.id],
    ),
  ]);
  return {
    centre,
    seekers: seekers.map((s) => ({ id: Number(s.id), label: `${s.full_name} (${maskCccd(s.cccd)})` })),
    employers: employers.map((e) => ({ id: Number(e.id), label: e.name })),
  };
}
