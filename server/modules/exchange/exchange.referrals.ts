// Referrals: introductions by the centre holding the job seeker, requests between centres and from the worker, the
// workflow to a Mẫu 04 hire (E2) and what it owes (E3, E4), and the centre's today.
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { ConflictError, ForbiddenError, NotFoundError, RulesViolatedError } from '../../shared/errors';
import { obligationsOf } from '../../shared/obligations';
import { verdict } from '../../shared/rules';
import { nfc } from '../../shared/text';
import { applyAction, allowedActions, listEvents, timeline } from '../../shared/workflow';
import { notifyOrganisation, notifyWorker } from '../notifications';
import { Referral } from './exchange.model';
import { referralWorkflow } from './exchange.workflow';
import { centreOf, insertRow } from './exchange.seekers';

// the engine's scope: a centre moves the referrals it made
defineScope('referral', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'centre_staff' && actor.agencyId) return { centreId: actor.agencyId };
  return 'none';
});

// ---- referrals ----

function e5Verdicts(v: { state: string; number_to_hire: number; hired_count: number; deadline: string }, on: string) {
  const left = v.number_to_hire - v.hired_count;
  return [
    verdict(
      'E5',
      v.state === 'open' && left > 0,
      v.state === 'open' && left > 0 ? `Còn ${left} chỗ.` : 'Việc làm đã đóng hoặc đã tuyển đủ.',
    ),
    verdict(
      'E5',
      v.deadline >= on,
      v.deadline >= on ? `Hạn tuyển ${formatDateVi(v.deadline)}.` : `Đã quá hạn tuyển ${formatDateVi(v.deadline)}.`,
    ),
  ];
}

/** A new referral (in the caller's transaction), its event, and a word to the worker. */
async function createReferral(
  actor: Actor,
  o: {
    centreId: number;
    seekerCentreId: number;
    jobSeekerId: number;
    workerId: number;
    vacancyId: number;
    origin: 'person' | 'employer';
    /** the job exchange session the introduction was made at (issue 22: its counts trace the hire to it) */
    sessionId?: number | null;
  },
): Promise<number> {
  const [v] = await select<{
    state: string;
    number_to_hire: number;
    hired_count: number;
    deadline: string;
    title: string;
  }>('SELECT state, number_to_hire, hired_count, deadline, title FROM vacancies WHERE id = $1', [o.vacancyId]);
  if (!v) throw new NotFoundError('Không tìm thấy việc làm');
  const failing = e5Verdicts(v, today()).filter((x) => !x.ok);
  if (failing.length) throw new RulesViolatedError(failing, 'Không giới thiệu được vào việc làm này');
  let id: number;
  try {
    const r = await Referral.create({
      centreId: o.centreId,
      seekerCentreId: o.seekerCentreId,
      jobSeekerId: o.jobSeekerId,
      workerId: o.workerId,
      vacancyId: o.vacancyId,
      origin: o.origin,
      introducedOn: today(),
      createdByUserId: actor.userId,
    });
    id = Number(r.id);
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('Người này đã được giới thiệu vào việc làm này', { reason: 'ALREADY_REFERRED' });
    throw err;
  }
  if (o.sessionId) await execute('UPDATE referrals SET session_id = $2 WHERE id = $1', [id, o.sessionId]);
  await execute(
    `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input)
     VALUES ($1, $2, $3, 'introduce', NULL, 'introduced', $4)`,
    [id, now(), actor.userId, JSON.stringify({ vacancyId: o.vacancyId, origin: o.origin })],
  );
  await notifyWorker(o.workerId, {
    kind: 'referral.introduced',
    title: `Trung tâm đã giới thiệu bạn vào việc làm «${v.title}»`,
    body: 'Nhà tuyển dụng sẽ liên hệ hẹn phỏng vấn. Xem tình trạng trong mục Tìm việc.',
    subject: { type: 'referral', id },
    key: `referral-introduced:${id}`,
  });
  await recordAudit({ actor, action: 'referral.created', entity: 'referral', entityId: id, after: o });
  return id;
}

/**
 * The centre introduces its own job seeker to an open vacancy (its own or another centre's). `at.sessionId`: made at
 * one of the centre's job exchange sessions (the sessions module checks the session and the person before calling).
 */
export async function introduce(
  actor: Actor,
  input: { jobSeekerId: number; vacancyId: number; origin: 'person' | 'employer' },
  at: { sessionId?: number | null } = {},
) {
  const centre = await centreOf(actor);
  const id = await inTransaction(async () => {
    const [s] = await select<{ id: string; worker_id: string; centre_id: string; status: string }>(
      'SELECT id, worker_id, centre_id, status FROM job_seekers WHERE id = $1 FOR UPDATE',
      [input.jobSeekerId],
    );
    if (!s) throw new NotFoundError('Không tìm thấy người tìm việc');
    if (Number(s.centre_id) !== centre.id)
      throw new ConflictError('Người tìm việc do trung tâm khác quản lý: gửi đề nghị giới thiệu tới trung tâm đó', {
        reason: 'OTHER_CENTRE',
      });
    if (s.status !== 'active')
      throw new RulesViolatedError(
        [verdict('E1', false, 'Người tìm việc không còn đăng ký hoặc đã rút lại sự đồng ý: không giới thiệu.')],
        'Không giới thiệu được',
      );
    return createReferral(actor, {
      centreId: centre.id,
      seekerCentreId: centre.id,
      jobSeekerId: input.jobSeekerId,
      workerId: Number(s.worker_id),
      vacancyId: input.vacancyId,
      origin: input.origin,
      sessionId: at.sessionId ?? null,
    });
  });
  return getReferral(actor, id);
}

/** For the centre's own vacancy, asks the centre holding a job seeker to introduce her; that centre decides. */
export async function requestIntroduction(
  actor: Actor,
  input: { jobSeekerId: number; vacancyId: number; note?: string | null },
) {
  const centre = await centreOf(actor);
  return inTransaction(async () => {
    const [v] = await select<{ centre_id: string; state: string; title: string }>(
      'SELECT centre_id, state, title FROM vacancies WHERE id = $1',
      [input.vacancyId],
    );
    if (!v || Number(v.centre_id) !== centre.id) throw new NotFoundError('Không tìm thấy việc làm');
    if (v.state !== 'open') throw new RulesViolatedError([verdict('E5', false, 'Việc làm đã đóng hoặc đã tuyển đủ.')]);
    const [s] = await select<{ centre_id: string; status: string }>(
      'SELECT centre_id, status FROM job_seekers WHERE id = $1',
      [input.jobSeekerId],
    );
    if (!s || s.status !== 'active') throw new NotFoundError('Không tìm thấy người tìm việc');
    if (Number(s.centre_id) === centre.id)
      throw new ConflictError('Người tìm việc do chính trung tâm quản lý: giới thiệu trực tiếp', {
        reason: 'OWN_CENTRE',
      });
    let id: number;
    try {
      id = await insertRow('introduction_requests', {
        job_seeker_id: input.jobSeekerId,
        vacancy_id: input.vacancyId,
        to_centre_id: Number(s.centre_id),
        from_centre_id: centre.id,
        from_worker: false,
        note: input.note ? nfc(input.note) : null,
        requested_by_user_id: actor.userId,
      });
    } catch (err) {
      if ((err as { original?: { code?: string } }).original?.code === '23505' || err instanceof UniqueConstraintError)
        throw new ConflictError('Đã gửi đề nghị giới thiệu người này vào việc làm này, đang chờ trả lời', {
          reason: 'ALREADY_REQUESTED',
        });
      throw err;
    }
    await notifyOrganisation(Number(s.centre_id), 'centre_staff', {
      kind: 'exchange.request',
      title: `${centre.name} đề nghị giới thiệu một người tìm việc của trung tâm vào việc làm «${v.title}»`,
      body: input.note ?? null,
      subject: { type: 'introduction_request', id },
      key: `introduction-request:${id}`,
      link: '/viec-lam/yeu-cau',
    });
    await recordAudit({
      actor,
      action: 'introduction.requested',
      entity: 'introduction_request',
      entityId: id,
      after: input,
    });
    return { id };
  });
}

/** The worker asks her centre to introduce her to a vacancy (portal). */
export async function requestFromPortal(actor: Actor, input: { vacancyId: number; note?: string | null }) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  return inTransaction(async () => {
    const [s] = await select<{ id: string; centre_id: string; status: string }>(
      'SELECT id, centre_id, status FROM job_seekers WHERE worker_id = $1',
      [actor.workerId],
    );
    if (!s || s.status !== 'active')
      throw new ConflictError('Bạn cần đăng ký tìm việc (và đồng ý cho trung tâm sử dụng thông tin) trước', {
        reason: 'NOT_REGISTERED',
      });
    const [v] = await select<{
      state: string;
      title: string;
      number_to_hire: number;
      hired_count: number;
      deadline: string;
    }>('SELECT state, title, number_to_hire, hired_count, deadline FROM vacancies WHERE id = $1', [input.vacancyId]);
    if (!v) throw new NotFoundError('Không tìm thấy việc làm');
    const failing = e5Verdicts(v, today()).filter((x) => !x.ok);
    if (failing.length) throw new RulesViolatedError(failing, 'Việc làm này không còn tuyển');
    let id: number;
    try {
      id = await insertRow('introduction_requests', {
        job_seeker_id: Number(s.id),
        vacancy_id: input.vacancyId,
        to_centre_id: Number(s.centre_id),
        from_centre_id: null,
        from_worker: true,
        note: input.note ? nfc(input.note) : null,
        requested_by_user_id: actor.userId,
      });
    } catch (err) {
      if ((err as { original?: { code?: string } }).original?.code === '23505' || err instanceof UniqueConstraintError)
        throw new ConflictError('Bạn đã đề nghị giới thiệu vào việc làm này, trung tâm đang xem xét', {
          reason: 'ALREADY_REQUESTED',
        });
      throw err;
    }
    await notifyOrganisation(Number(s.centre_id), 'centre_staff', {
      kind: 'exchange.request',
      title: `Người tìm việc đề nghị được giới thiệu vào việc làm «${v.title}»`,
      body: input.note ?? null,
      subject: { type: 'introduction_request', id },
      key: `introduction-request:${id}`,
      link: '/viec-lam/yeu-cau',
    });
    return { id };
  });
}

/** The centre holding the job seeker accepts (a referral is made) or declines a request. */
export async function decideRequest(
  actor: Actor,
  id: number,
  input: { decision: 'accept' | 'decline'; note?: string | null },
) {
  const centre = await centreOf(actor);
  return inTransaction(async () => {
    const [q] = await select<{
      id: string;
      job_seeker_id: string;
      vacancy_id: string;
      to_centre_id: string;
      from_centre_id: string | null;
      from_worker: boolean;
      status: string;
    }>('SELECT * FROM introduction_requests WHERE id = $1 FOR UPDATE', [id]);
    if (!q || Number(q.to_centre_id) !== centre.id) throw new NotFoundError('Không tìm thấy đề nghị');
    if (q.status !== 'pending') throw new ConflictError('Đề nghị đã được trả lời', { reason: 'ALREADY_DECIDED' });
    let referralId: number | null = null;
    if (input.decision === 'accept') {
      const [s] = await select<{ worker_id: string; status: string }>(
        'SELECT worker_id, status FROM job_seekers WHERE id = $1 FOR UPDATE',
        [q.job_seeker_id],
      );
      if (s.status !== 'active')
        throw new RulesViolatedError([
          verdict('E1', false, 'Người tìm việc không còn đăng ký hoặc đã rút lại sự đồng ý.'),
        ]);
      referralId = await createReferral(actor, {
        centreId: q.from_centre_id ? Number(q.from_centre_id) : centre.id,
        seekerCentreId: centre.id,
        jobSeekerId: Number(q.job_seeker_id),
        workerId: Number(s.worker_id),
        vacancyId: Number(q.vacancy_id),
        origin: q.from_worker ? 'person' : 'employer',
      });
    }
    await execute(
      `UPDATE introduction_requests SET status = $2, decided_by_user_id = $3, decided_at = now(), decision_note = $4,
              referral_id = $5, updated_at = now() WHERE id = $1`,
      [
        id,
        input.decision === 'accept' ? 'accepted' : 'declined',
        actor.userId,
        input.note ? nfc(input.note) : null,
        referralId,
      ],
    );
    if (q.from_centre_id)
      await notifyOrganisation(Number(q.from_centre_id), 'centre_staff', {
        kind: 'exchange.request_decided',
        title:
          input.decision === 'accept'
            ? `${centre.name} đã nhận giới thiệu người tìm việc vào việc làm của trung tâm`
            : `${centre.name} không giới thiệu người tìm việc đã đề nghị`,
        body: input.note ?? null,
        subject: { type: 'introduction_request', id },
        key: `introduction-decided:${id}`,
        link: referralId ? `/viec-lam/gioi-thieu/${referralId}` : '/viec-lam/yeu-cau',
      });
    await recordAudit({
      actor,
      action: `introduction.${input.decision}ed`,
      entity: 'introduction_request',
      entityId: id,
      after: input,
    });
    return { id, referralId };
  });
}

/** Requests to the centre (to decide) and from it (sent), newest first. */
export async function listRequests(actor: Actor) {
  const centre = await centreOf(actor);
  const rows = await select<Record<string, unknown>>(
    `SELECT q.id, q.status, q.from_worker, q.note, q.decision_note, q.created_at, q.referral_id, q.to_centre_id, q.from_centre_id,
            v.id AS vacancy_id, v.title, fc.name AS from_centre, tc.name AS to_centre,
            CASE WHEN q.to_centre_id = $1 THEN w.full_name END AS full_name, s.id AS job_seeker_id
     FROM introduction_requests q JOIN vacancies v ON v.id = q.vacancy_id JOIN job_seekers s ON s.id = q.job_seeker_id
     JOIN worker_exchange_facts w ON w.id = s.worker_id
     LEFT JOIN agency_licences fc ON fc.id = q.from_centre_id JOIN agency_licences tc ON tc.id = q.to_centre_id
     WHERE q.to_centre_id = $1 OR q.from_centre_id = $1 ORDER BY q.status = 'pending' DESC, q.id DESC LIMIT 200`,
    [centre.id],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    incoming: Number(r.to_centre_id) === centre.id,
    status: r.status as string,
    fromWorker: r.from_worker as boolean,
    note: (r.note as string | null) ?? null,
    decisionNote: (r.decision_note as string | null) ?? null,
    at: r.created_at as Date,
    referralId: r.referral_id === null ? null : Number(r.referral_id),
    vacancyId: Number(r.vacancy_id),
    vacancyTitle: r.title as string,
    fromCentre: (r.from_centre as string | null) ?? null,
    toCentre: r.to_centre as string,
    // her name only for the centre that holds her record
    fullName: (r.full_name as string | null) ?? null,
    jobSeekerId: Number(r.to_centre_id) === centre.id ? Number(r.job_seeker_id) : null,
  }));
}

function referralScope(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `(r.centre_id = $${bind.length} OR r.seeker_centre_id = $${bind.length})`;
  }
  if (actor.role === 'worker' && actor.workerId) {
    bind.push(actor.workerId);
    return `r.worker_id = $${bind.length}`;
  }
  return 'FALSE';
}

const REFERRAL_SQL = `SELECT r.*, w.full_name, w.cccd, v.title AS vacancy_title, e.name AS vacancy_employer, c.name AS centre_name,
       sc.name AS seeker_centre_name, s.status AS seeker_status
     FROM referrals r JOIN worker_exchange_facts w ON w.id = r.worker_id JOIN job_seekers s ON s.id = r.job_seeker_id
     LEFT JOIN vacancies v ON v.id = r.vacancy_id LEFT JOIN employers e ON e.id = v.employer_id
     JOIN agency_licences c ON c.id = r.centre_id JOIN agency_licences sc ON sc.id = r.seeker_centre_id`;

function toReferral(r: Record<string, unknown>, actor: Actor) {
  return {
    id: Number(r.id),
    state: r.state as string,
    version: Number(r.version),
    origin: r.origin as string,
    centreId: Number(r.centre_id),
    centreName: r.centre_name as string,
    seekerCentreName: r.seeker_centre_name as string,
    jobSeekerId: Number(r.job_seeker_id),
    workerId: Number(r.worker_id),
    fullName: r.full_name as string,
    cccdMasked: maskCccd(r.cccd as string),
    seekerWithdrawn: r.seeker_status === 'withdrawn',
    vacancyId: r.vacancy_id === null ? null : Number(r.vacancy_id),
    vacancyTitle: (r.vacancy_title as string | null) ?? null,
    vacancyEmployer: (r.vacancy_employer as string | null) ?? null,
    introducedOn: r.introduced_on as string,
    contractType: (r.contract_type as string | null) ?? null,
    signedOn: (r.signed_on as string | null) ?? null,
    startOn: (r.start_on as string | null) ?? null,
    contractEndOn: (r.contract_end_on as string | null) ?? null,
    position: (r.position as string | null) ?? null,
    wageCode: (r.wage_code as number | null) ?? null,
    employerName: (r.employer_name as string | null) ?? null,
    employerEnterpriseCode: (r.employer_enterprise_code as string | null) ?? null,
    employerPersonalId: actor.role === 'worker' ? null : ((r.employer_personal_id as string | null) ?? null),
    employerSectorCode: (r.employer_sector_code as string | null) ?? null,
    notifiedOn: (r.notified_on as string | null) ?? null,
    followUpOn: (r.follow_up_on as string | null) ?? null,
    stillEmployed: (r.still_employed as boolean | null) ?? null,
    njeEnteredOn: (r.nje_entered_on as string | null) ?? null,
    njeReference: (r.nje_reference as string | null) ?? null,
    nextDeadlineOn: (r.next_deadline_on as string | null) ?? null,
    nextDeadlineRule: (r.next_deadline_rule as string | null) ?? null,
  };
}

export async function getReferral(actor: Actor, id: number) {
  const bind: unknown[] = [id];
  const [r] = await select<Record<string, unknown>>(
    `${REFERRAL_SQL} WHERE r.id = $1 AND ${referralScope(actor, bind)}`,
    bind,
  );
  if (!r) throw new NotFoundError('Không tìm thấy giới thiệu');
  const out = toReferral(r, actor);
  const mine = actor.role === 'centre_staff' && out.centreId === actor.agencyId;
  return {
    ...out,
    own: mine,
    allowedActions: mine
      ? allowedActions(referralWorkflow, { id, state: out.state, version: out.version } as never, actor)
      : [],
    obligations: actor.role === 'worker' ? [] : await obligationsOf({ type: 'referral', id }),
  };
}
export type ReferralDetail = Awaited<ReturnType<typeof getReferral>>;

export async function referralTimeline(actor: Actor, id: number) {
  await getReferral(actor, id);
  return timeline(referralWorkflow, (await listEvents(referralWorkflow, id)) as never);
}

export async function listReferrals(actor: Actor, q: { state?: string; page: number; pageSize: number }) {
  const bind: unknown[] = [];
  const where = [referralScope(actor, bind)];
  if (q.state) {
    bind.push(q.state);
    where.push(`r.state = $${bind.length}`);
  }
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const rows = await select<Record<string, unknown>>(
    `${REFERRAL_SQL} WHERE ${where.join(' AND ')} ORDER BY r.id DESC LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  return rows.map((r) => toReferral(r, actor));
}

export async function transitionReferral(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  const result = await applyAction(referralWorkflow, {
    model: Referral as never,
    id,
    scope: scopeFor(actor, 'referral'),
    action: body.action,
    input: body.input ?? {},
    expectedVersion: body.expectedVersion,
    actor,
  });
  if (body.action === 'hire') {
    const r = result.entity as unknown as { workerId: number; id: number };
    await notifyWorker(Number(r.workerId), {
      kind: 'referral.hired',
      title: 'Trung tâm đã ghi nhận bạn được tuyển dụng',
      body: 'Chúc mừng bạn. Trung tâm sẽ hỏi thăm bạn sau khi bắt đầu làm việc.',
      subject: { type: 'referral', id: r.id },
      key: `referral-hired:${r.id}`,
    });
  }
  return result;
}

// ---- today's work of a centre ----

export async function centreToday(actor: Actor) {
  const centre = await centreOf(actor);
  const horizon = new Date(`${today()}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + 14);
  const rows = await select<Record<string, unknown>>(
    `SELECT o.subject_type, o.subject_id, o.kind, o.rule_id, o.due_on, o.status,
            v.title AS vacancy_title, w.full_name, rv.title AS referral_vacancy
     FROM obligations o
     LEFT JOIN vacancies v ON o.subject_type = 'vacancy' AND v.id = o.subject_id
     LEFT JOIN referrals r ON o.subject_type = 'referral' AND r.id = o.subject_id
     LEFT JOIN worker_exchange_facts w ON w.id = r.worker_id
     LEFT JOIN vacancies rv ON rv.id = r.vacancy_id
     WHERE o.agency_id = $1 AND o.subject_type IN ('vacancy', 'referral') AND o.status = 'open'
       AND (o.due_on <= $2 OR o.kind = 'nje_report')
     ORDER BY o.due_on, o.subject_id LIMIT 300`,
    [centre.id, horizon.toISOString().slice(0, 10)],
  );
  const [pending] = await select<{ n: string }>(
    "SELECT count(*) AS n FROM introduction_requests WHERE to_centre_id = $1 AND status = 'pending'",
    [centre.id],
  );
  const item = (r: Record<string, unknown>) => ({
    subjectType: r.subject_type as string,
    subjectId: Number(r.subject_id),
    ruleId: r.rule_id as string,
    dueOn: r.due_on as string,
    overdue: (r.due_on as string) < today(),
    title:
      r.subject_type === 'vacancy'
        ? (r.vacancy_title as string)
        : `${r.full_name as string}${r.referral_vacancy ? ` – ${r.referral_vacancy as string}` : ''}`,
    link:
      r.subject_type === 'vacancy' ? `/viec-lam/viec-trong/${r.subject_id}` : `/viec-lam/gioi-thieu/${r.subject_id}`,
  });
  return {
    centre,
    followUps: rows.filter((r) => r.kind === 'follow_up').map(item),
    closing: rows.filter((r) => r.kind === 'vacancy_deadline').map(item),
    reports: rows.filter((r) => r.kind === 'nje_report').map(item),
    pendingRequests: Number(pending.n),
  };
}

/** The requests the worker sent from the portal, newest first. */
export async function myRequests(actor: Actor) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  const rows = await select<Record<string, unknown>>(
    `SELECT q.id, q.status, q.decision_note, q.created_at, q.referral_id, v.title, v.id AS vacancy_id
     FROM introduction_requests q JOIN job_seekers s ON s.id = q.job_seeker_id JOIN vacancies v ON v.id = q.vacancy_id
     WHERE s.worker_id = $1 AND q.from_worker ORDER BY q.id DESC LIMIT 50`,
    [actor.workerId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    status: r.status as string,
    decisionNote: (r.decision_note as string | null) ?? null,
    vacancyId: Number(r.vacancy_id),
    vacancyTitle: r.title as string,
    referralId: r.referral_id === null ? null : Number(r.referral_id),
  }));
}
