// The overseas hand-off (Decree 352/2025 Art 7.1.b; DOMAIN.md §15.6): a centre introduces a job seeker who wants to
// work abroad, is 18 or older on the day (R1), whose consent is live (E1) and who asks for it, to a licensed sending
// organisation's open order. The referral lands in that organisation's inbox (/gioi-thieu-ngoai-nuoc). The
// organisation accepts — linking the worker with her consent (a scan, or her dated portal consent) and opening the
// application through the cases module, with the referral as the case's source — or declines with a reason (the
// referral ends "not hired"). From then on the referral follows its case (a hook the cases module runs in each
// transition's transaction): selected → interviewed; contract signed → hired, a Mẫu 04 row (E2) with the foreign
// employer's name, no enterprise code, and the wage code of the order's salary at its recorded rate; withdrawn or
// rejected → not hired. The worker may also ask in the portal: a request her centre then acts on (the centre stays
// the one that introduces).
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { ConflictError, ForbiddenError, NotFoundError, RulesViolatedError, ValidationError } from '../../shared/errors';
import { CURRENCY_EXPONENT, decimal, div, floor, frac, mul } from '../../shared/money';
import { syncObligations } from '../../shared/obligations';
import { registerPanel } from '../../shared/registry';
import { verdict, type Verdict } from '../../shared/rules';
import { nfc } from '../../shared/text';
import { createCase, onCaseTransition, type CaseAfterTransition } from '../cases';
import { notifyOrganisation, notifyWorker } from '../notifications';
import { grantPurpose, portalConsentEvidence } from '../workers';
import type { WorkflowEvent } from '../../shared/workflow';
import { isAdultOn, wageCodeOf } from './exchange.rules';
import { centreOf, insertRow } from './exchange.seekers';
import { REFERRAL_STATE_TABLE, referralObligations } from './exchange.workflow';

/** The purpose of the sending organisation's link: placing the worker abroad (the application it opens). */
export const HANDOFF_PURPOSE = 'placement_abroad';

const isUnique = (err: unknown) =>
  err instanceof UniqueConstraintError || (err as { original?: { code?: string } }).original?.code === '23505';

// ---- the facts checked before a referral ----

interface OrderFacts {
  id: number;
  agencyId: number;
  agencyName: string;
  state: string;
  agencyStatus: string;
  agencyKind: string;
  jobTitle: string | null;
  employerName: string | null;
  destinationCountry: string | null;
  salaryMinor: number | null;
  salaryCurrency: string | null;
  fxRate: string | null;
  contractMonths: number | null;
}

async function orderFacts(jobOrderId: number): Promise<OrderFacts | null> {
  const [o] = await select<Record<string, unknown>>(
    `SELECT o.id, o.agency_id, o.state, o.job_title, o.employer_name, o.destination_country, o.salary_minor,
            o.salary_currency, o.fx_rate, o.contract_months, a.name AS agency_name, a.status AS agency_status, a.kind AS agency_kind
     FROM job_order_terms o JOIN agency_licences a ON a.id = o.agency_id WHERE o.id = $1`,
    [jobOrderId],
  );
  if (!o) return null;
  return {
    id: Number(o.id),
    agencyId: Number(o.agency_id),
    agencyName: o.agency_name as string,
    state: o.state as string,
    agencyStatus: o.agency_status as string,
    agencyKind: o.agency_kind as string,
    jobTitle: (o.job_title as string | null) ?? null,
    employerName: (o.employer_name as string | null) ?? null,
    destinationCountry: (o.destination_country as string | null) ?? null,
    salaryMinor: o.salary_minor === null ? null : Number(o.salary_minor),
    salaryCurrency: (o.salary_currency as string | null) ?? null,
    fxRate: o.fx_rate === null ? null : String(o.fx_rate),
    contractMonths: o.contract_months === null ? null : Number(o.contract_months),
  };
}

/** An open order of an active licensed sender (never a centre's own): the only orders a centre refers to. */
function requireOpenOrder(o: OrderFacts | null): OrderFacts {
  if (!o || o.agencyKind === 'employment_centre') throw new NotFoundError('Không tìm thấy đơn hàng');
  if (o.state !== 'open' || o.agencyStatus !== 'active')
    throw new ConflictError('Đơn hàng không còn tuyển hoặc doanh nghiệp không còn hoạt động', {
      reason: 'ORDER_NOT_OPEN',
    });
  return o;
}

/**
 * The monthly salary in đồng at the order's recorded rate (salary in minor units × rate per major unit), floored to
 * whole đồng, and its Mẫu 04 wage code (E2). Null when the order records no salary or rate.
 */
export function orderMonthlyWage(o: {
  salaryMinor: number | null;
  salaryCurrency: string | null;
  fxRate: string | null;
}): { monthlyVnd: number; wageCode: number } | null {
  if (o.salaryMinor === null || !o.fxRate || !o.salaryCurrency) return null;
  const exp = CURRENCY_EXPONENT[o.salaryCurrency];
  if (exp === undefined) return null;
  const monthly = floor(mul(frac(BigInt(o.salaryMinor)), div(decimal(o.fxRate), frac(10n ** BigInt(exp)))));
  return { monthlyVnd: Number(monthly), wageCode: wageCodeOf(Number(monthly)) };
}

interface SeekerFacts {
  id: number;
  workerId: number;
  centreId: number;
  status: string;
  wantsAbroad: boolean;
  dateOfBirth: string;
  fullName: string;
}

/**
 * Who may be handed to a sending organisation (verdicts, each with its rule): her consent is live (E1) and she is 18
 * or older on the day (R1). Wanting to work abroad is her own profile's answer (refused apart, 409).
 */
export function handoffVerdicts(s: SeekerFacts, on: string): Verdict[] {
  const adult = isAdultOn(s.dateOfBirth, on);
  return [
    verdict(
      'E1',
      s.status === 'active',
      s.status === 'active'
        ? 'Người tìm việc đồng ý cho trung tâm sử dụng dữ liệu để giới thiệu việc làm.'
        : s.status === 'withdrawn'
          ? 'Người tìm việc đã rút lại sự đồng ý: không giới thiệu.'
          : 'Người tìm việc không còn đăng ký tìm việc: cần đăng ký lại trước khi giới thiệu.',
    ),
    verdict(
      'R1',
      adult,
      adult
        ? `Đủ 18 tuổi ngày ${formatDateVi(on)} (sinh ngày ${formatDateVi(s.dateOfBirth)}).`
        : `Chưa đủ 18 tuổi ngày ${formatDateVi(on)} (sinh ngày ${formatDateVi(s.dateOfBirth)}): chưa được giới thiệu đi làm việc ở nước ngoài.`,
      { dateOfBirth: s.dateOfBirth, on },
    ),
  ];
}

async function lockSeeker(jobSeekerId: number): Promise<SeekerFacts | null> {
  const [s] = await select<Record<string, unknown>>(
    `SELECT s.id, s.worker_id, s.centre_id, s.status, s.wants_abroad, w.date_of_birth, w.full_name
     FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1 FOR UPDATE OF s`,
    [jobSeekerId],
  );
  if (!s) return null;
  return {
    id: Number(s.id),
    workerId: Number(s.worker_id),
    centreId: Number(s.centre_id),
    status: s.status as string,
    wantsAbroad: s.wants_abroad as boolean,
    dateOfBirth: s.date_of_birth as string,
    fullName: s.full_name as string,
  };
}

function checkSeeker(s: SeekerFacts, on: string) {
  const failing = handoffVerdicts(s, on).filter((v) => !v.ok);
  if (failing.length) throw new RulesViolatedError(failing, 'Không giới thiệu đi làm việc ở nước ngoài được');
  if (!s.wantsAbroad)
    throw new ConflictError(
      'Người tìm việc không đăng ký mong muốn làm việc ở nước ngoài: cập nhật hồ sơ theo đề nghị của người lao động trước',
      { reason: 'NOT_WANTING_ABROAD' },
    );
}

// ---- the centre refers ----

/**
 * The centre refers its own job seeker, at her request (origin person), to an open overseas order (Decree 352 Art
 * 7.1.b). In one transaction: the checks under the profile's lock, the referral (introduced) with its event, the word
 * to the sending organisation's staff and to her. `fromRequest`: her portal request, then marked referred.
 */
export async function referAbroad(
  actor: Actor,
  input: { jobSeekerId: number; jobOrderId: number; origin: 'person'; note?: string | null },
  fromRequest?: { id: number; consentOn: string },
) {
  const centre = await centreOf(actor);
  const id = await inTransaction(async () => {
    const s = await lockSeeker(input.jobSeekerId);
    // another centre's job seeker is not in scope (404)
    if (!s || s.centreId !== centre.id) throw new NotFoundError('Không tìm thấy người tìm việc');
    const on = today();
    checkSeeker(s, on);
    const o = requireOpenOrder(await orderFacts(input.jobOrderId));
    let referralId: number;
    try {
      referralId = await insertRow('referrals', {
        centre_id: centre.id,
        seeker_centre_id: centre.id,
        job_seeker_id: s.id,
        worker_id: s.workerId,
        job_order_id: o.id,
        sender_agency_id: o.agencyId,
        origin: input.origin,
        introduced_on: on,
        sender_consent_on: fromRequest?.consentOn ?? null,
        created_by_user_id: actor.userId,
      });
    } catch (err) {
      if (isUnique(err))
        throw new ConflictError('Người này đã được giới thiệu vào đơn hàng này', { reason: 'ALREADY_REFERRED' });
      throw err;
    }
    await execute(
      `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
       VALUES ($1, $2, $3, 'refer_abroad', NULL, 'introduced', $4, $5)`,
      [
        referralId,
        now(),
        actor.userId,
        JSON.stringify({
          jobOrderId: o.id,
          senderAgencyId: o.agencyId,
          origin: input.origin,
          ...(fromRequest ? { requestId: fromRequest.id } : {}),
          ...(input.note ? { note: nfc(input.note) } : {}),
        }),
        JSON.stringify(handoffVerdicts(s, on)),
      ],
    );
    if (fromRequest)
      await execute(
        `UPDATE handoff_requests SET status = 'referred', referral_id = $2, decided_by_user_id = $3, decided_at = now(),
                updated_at = now() WHERE id = $1`,
        [fromRequest.id, referralId, actor.userId],
      );
    await notifyOrganisation(o.agencyId, 'agency_staff', {
      kind: 'handoff.referred',
      title: `${centre.name} giới thiệu một người lao động vào đơn hàng «${o.jobTitle ?? `#${o.id}`}»`,
      body: 'Xem và nhận hoặc từ chối trong mục Giới thiệu từ trung tâm dịch vụ việc làm.',
      subject: { type: 'referral', id: referralId },
      key: `handoff-referred:${referralId}`,
      link: `/gioi-thieu-ngoai-nuoc/${referralId}`,
    });
    await notifyWorker(s.workerId, {
      kind: 'referral.introduced',
      title: `Trung tâm đã giới thiệu bạn tới ${o.agencyName} cho đơn hàng «${o.jobTitle ?? ''}»`,
      body: 'Doanh nghiệp sẽ xem hồ sơ và liên hệ với bạn. Xem tình trạng trong mục Tìm việc.',
      subject: { type: 'referral', id: referralId },
      key: `referral-introduced:${referralId}`,
    });
    await recordAudit({
      actor,
      action: 'referral.created',
      entity: 'referral',
      entityId: referralId,
      after: { ...input, senderAgencyId: o.agencyId, abroad: true },
    });
    return referralId;
  });
  return getHandoff(actor, id);
}

// ---- the worker asks in the portal; her centre decides ----

/** She asks her centre to introduce her to an overseas order, consenting (dated today) to the hand-off. */
export async function requestAbroadFromPortal(
  actor: Actor,
  input: { jobOrderId: number; consent: boolean; note?: string | null },
) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  if (input.consent !== true)
    throw new ValidationError([
      { path: 'consent', message: 'Cần bạn đồng ý để trung tâm chuyển thông tin của bạn cho doanh nghiệp' },
    ]);
  return inTransaction(async () => {
    const [row] = await select<{ id: string }>('SELECT id FROM job_seekers WHERE worker_id = $1', [actor.workerId]);
    const s = row ? await lockSeeker(Number(row.id)) : null;
    if (!s)
      throw new ConflictError('Bạn cần đăng ký tìm việc (và đồng ý cho trung tâm sử dụng thông tin) trước', {
        reason: 'NOT_REGISTERED',
      });
    const on = today();
    checkSeeker(s, on);
    const o = requireOpenOrder(await orderFacts(input.jobOrderId));
    const [live] = await select<{ id: string }>(
      "SELECT id FROM referrals WHERE job_seeker_id = $1 AND job_order_id = $2 AND state IN ('introduced', 'interviewed', 'hired')",
      [s.id, o.id],
    );
    if (live) throw new ConflictError('Trung tâm đã giới thiệu bạn vào đơn hàng này', { reason: 'ALREADY_REFERRED' });
    let id: number;
    try {
      id = await insertRow('handoff_requests', {
        job_seeker_id: s.id,
        worker_id: s.workerId,
        job_order_id: o.id,
        centre_id: s.centreId,
        consent_on: on,
        note: input.note ? nfc(input.note) : null,
        requested_by_user_id: actor.userId,
      });
    } catch (err) {
      if (isUnique(err))
        throw new ConflictError('Bạn đã đề nghị giới thiệu vào đơn hàng này, trung tâm đang xem xét', {
          reason: 'ALREADY_REQUESTED',
        });
      throw err;
    }
    await notifyOrganisation(s.centreId, 'centre_staff', {
      kind: 'handoff.requested',
      title: `Người tìm việc đề nghị được giới thiệu đi làm việc ở nước ngoài (đơn hàng «${o.jobTitle ?? ''}»)`,
      body: input.note ?? null,
      subject: { type: 'handoff_request', id },
      key: `handoff-request:${id}`,
      link: '/viec-lam/gioi-thieu?noi=nuoc-ngoai',
    });
    await recordAudit({
      actor,
      action: 'handoff.requested',
      entity: 'handoff_request',
      entityId: id,
      after: { jobOrderId: o.id, consentOn: on },
    });
    return { id };
  });
}

/** The centre holding her record refers her (the request's consent travels with the referral) or declines. */
export async function decideHandoffRequest(
  actor: Actor,
  id: number,
  input: { decision: 'refer' | 'decline'; note?: string | null },
) {
  const centre = await centreOf(actor);
  return inTransaction(async () => {
    const [q] = await select<{
      id: string;
      job_seeker_id: string;
      job_order_id: string;
      centre_id: string;
      worker_id: string;
      status: string;
      consent_on: string;
    }>('SELECT * FROM handoff_requests WHERE id = $1 FOR UPDATE', [id]);
    if (!q || Number(q.centre_id) !== centre.id) throw new NotFoundError('Không tìm thấy đề nghị');
    if (q.status !== 'pending') throw new ConflictError('Đề nghị đã được trả lời', { reason: 'ALREADY_DECIDED' });
    if (input.decision === 'refer') {
      const r = await referAbroad(
        actor,
        { jobSeekerId: Number(q.job_seeker_id), jobOrderId: Number(q.job_order_id), origin: 'person' },
        { id, consentOn: q.consent_on },
      );
      return { id, referralId: r.id };
    }
    await execute(
      `UPDATE handoff_requests SET status = 'declined', decided_by_user_id = $2, decided_at = now(), decision_note = $3,
              updated_at = now() WHERE id = $1`,
      [id, actor.userId, input.note ? nfc(input.note) : null],
    );
    await notifyWorker(Number(q.worker_id), {
      kind: 'handoff.request_declined',
      title: 'Trung tâm chưa giới thiệu bạn vào đơn hàng ở nước ngoài bạn đã đề nghị',
      body: input.note ?? null,
      subject: { type: 'handoff_request', id },
      key: `handoff-request-declined:${id}`,
    });
    await recordAudit({
      actor,
      action: 'handoff.request_declined',
      entity: 'handoff_request',
      entityId: id,
      after: input,
    });
    return { id, referralId: null };
  });
}

/** The portal's requests of the signed-in worker (the order ids she already asked for, pending). */
export async function myHandoffRequests(actor: Actor) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  const rows = await select<{ id: string; job_order_id: string; status: string; decision_note: string | null }>(
    'SELECT id, job_order_id, status, decision_note FROM handoff_requests WHERE worker_id = $1 ORDER BY id DESC LIMIT 50',
    [actor.workerId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    jobOrderId: Number(r.job_order_id),
    status: r.status,
    decisionNote: r.decision_note,
  }));
}

// ---- reading: the sending organisation's inbox, the centre's referrals abroad ----

/** The scope of overseas referrals: the sending organisation its inbox, a centre its own, an admin all (else none). */
function handoffScope(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'r.job_order_id IS NOT NULL';
  if (actor.role === 'agency_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `r.sender_agency_id = $${bind.length}`;
  }
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `r.job_order_id IS NOT NULL AND (r.centre_id = $${bind.length} OR r.seeker_centre_id = $${bind.length})`;
  }
  return 'FALSE';
}

const HANDOFF_SQL = `SELECT r.id, r.state, r.version, r.origin, r.introduced_on, r.job_order_id, r.sender_agency_id, r.case_id,
       r.centre_id, r.seeker_centre_id, r.job_seeker_id, r.worker_id, r.sender_consent_on, r.signed_on, r.start_on,
       r.contract_end_on, r.position, r.wage_code, r.employer_name, r.employer_enterprise_code, r.notified_on,
       w.full_name, w.cccd, w.date_of_birth, w.sex, w.phone, w.email, w.province_code, w.commune_code,
       w.general_education, w.technical_level, s.status AS seeker_status, s.job_title AS wanted_job,
       s.worked_abroad_in, s.language_codes, c.name AS centre_name, a.name AS sender_name,
       o.job_title AS order_job_title, o.employer_name AS order_employer, o.destination_country, o.reference AS order_reference,
       o.salary_minor, o.salary_currency, o.fx_rate
     FROM referrals r JOIN worker_exchange_facts w ON w.id = r.worker_id JOIN job_seekers s ON s.id = r.job_seeker_id
     JOIN agency_licences c ON c.id = r.centre_id JOIN agency_licences a ON a.id = r.sender_agency_id
     JOIN job_order_terms o ON o.id = r.job_order_id`;

function toHandoff(r: Record<string, unknown>, full: boolean) {
  return {
    id: Number(r.id),
    state: r.state as string,
    stateLabel: REFERRAL_STATE_TABLE[r.state as 'introduced'].label,
    version: Number(r.version),
    origin: r.origin as string,
    introducedOn: r.introduced_on as string,
    jobOrderId: Number(r.job_order_id),
    orderReference: (r.order_reference as string | null) ?? null,
    orderJobTitle: (r.order_job_title as string | null) ?? null,
    orderEmployer: (r.order_employer as string | null) ?? null,
    destinationCountry: (r.destination_country as string | null) ?? null,
    senderAgencyId: Number(r.sender_agency_id),
    senderName: r.sender_name as string,
    centreId: Number(r.centre_id),
    centreName: r.centre_name as string,
    caseId: r.case_id === null ? null : Number(r.case_id),
    jobSeekerId: Number(r.job_seeker_id),
    workerId: Number(r.worker_id),
    fullName: r.full_name as string,
    cccdMasked: maskCccd(r.cccd as string),
    seekerWithdrawn: r.seeker_status === 'withdrawn',
    senderConsentOn: (r.sender_consent_on as string | null) ?? null,
    signedOn: (r.signed_on as string | null) ?? null,
    startOn: (r.start_on as string | null) ?? null,
    contractEndOn: (r.contract_end_on as string | null) ?? null,
    position: (r.position as string | null) ?? null,
    wageCode: r.wage_code === null ? null : Number(r.wage_code),
    employerName: (r.employer_name as string | null) ?? null,
    employerEnterpriseCode: (r.employer_enterprise_code as string | null) ?? null,
    decided: r.case_id !== null || r.state !== 'introduced',
    // the person in full for the organisation that decides, and the centre that holds her record (logged)
    ...(full
      ? {
          cccd: r.cccd as string,
          dateOfBirth: r.date_of_birth as string,
          sex: r.sex as string,
          phone: (r.phone as string | null) ?? null,
          email: (r.email as string | null) ?? null,
          provinceCode: (r.province_code as string | null) ?? null,
          communeCode: (r.commune_code as string | null) ?? null,
          generalEducation: (r.general_education as string | null) ?? null,
          technicalLevel: (r.technical_level as string | null) ?? null,
          wantedJob: (r.wanted_job as string | null) ?? null,
          workedAbroadIn: (r.worked_abroad_in as string | null) ?? null,
        }
      : {}),
  };
}
export type Handoff = ReturnType<typeof toHandoff>;

/** One overseas referral in the actor's scope, the person in full (written to the access log); else 404. */
export async function getHandoff(actor: Actor, id: number) {
  const bind: unknown[] = [id];
  const [r] = await select<Record<string, unknown>>(
    `${HANDOFF_SQL} WHERE r.id = $1 AND ${handoffScope(actor, bind)}`,
    bind,
  );
  if (!r) throw new NotFoundError('Không tìm thấy giới thiệu');
  await recordAccess(actor, 'job_seeker.read', 'worker', Number(r.worker_id));
  return toHandoff(r, true);
}

/** The inbox (or the centre's referrals abroad), masked: waiting first, newest first. */
export async function listHandoffs(
  actor: Actor,
  q: { state?: string; waiting?: boolean; page: number; pageSize: number },
) {
  const bind: unknown[] = [];
  const where = [handoffScope(actor, bind)];
  if (q.state) {
    bind.push(q.state);
    where.push(`r.state = $${bind.length}`);
  }
  if (q.waiting) where.push("r.state = 'introduced' AND r.case_id IS NULL");
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const rows = await select<Record<string, unknown>>(
    `${HANDOFF_SQL} WHERE ${where.join(' AND ')}
     ORDER BY (r.state = 'introduced' AND r.case_id IS NULL) DESC, r.id DESC LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  return rows.map((r) => toHandoff(r, false));
}

/** The centre's pending portal requests (it decides), with the person's name and the order. */
export async function pendingHandoffRequests(actor: Actor) {
  const centre = await centreOf(actor);
  const rows = await select<Record<string, unknown>>(
    `SELECT q.id, q.job_seeker_id, q.job_order_id, q.consent_on, q.note, q.created_at, w.full_name, w.cccd,
            o.job_title, o.destination_country, a.name AS sender_name
     FROM handoff_requests q JOIN worker_exchange_facts w ON w.id = q.worker_id JOIN job_order_terms o ON o.id = q.job_order_id
     JOIN agency_licences a ON a.id = o.agency_id
     WHERE q.centre_id = $1 AND q.status = 'pending' ORDER BY q.id DESC LIMIT 200`,
    [centre.id],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    jobSeekerId: Number(r.job_seeker_id),
    jobOrderId: Number(r.job_order_id),
    consentOn: r.consent_on as string,
    note: (r.note as string | null) ?? null,
    fullName: r.full_name as string,
    cccdMasked: maskCccd(r.cccd as string),
    jobTitle: (r.job_title as string | null) ?? null,
    destinationCountry: (r.destination_country as string | null) ?? null,
    senderName: r.sender_name as string,
  }));
}

/** Open overseas orders a centre may refer to (licensed senders, active), for the seeker page's picker. */
export async function referableOrders(limit = 100) {
  const rows = await select<Record<string, unknown>>(
    `SELECT o.id, o.reference, o.job_title, o.employer_name, o.destination_country, a.name AS sender_name
     FROM job_order_terms o JOIN agency_licences a ON a.id = o.agency_id
     WHERE o.state = 'open' AND a.status = 'active' AND a.kind <> 'employment_centre' ORDER BY o.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    reference: (r.reference as string | null) ?? null,
    jobTitle: (r.job_title as string | null) ?? null,
    employerName: (r.employer_name as string | null) ?? null,
    destinationCountry: (r.destination_country as string | null) ?? null,
    senderName: r.sender_name as string,
  }));
}

// ---- the sending organisation decides ----

async function lockForDecision(actor: Actor, id: number) {
  if (actor.role !== 'agency_staff' || !actor.agencyId) throw new ForbiddenError();
  const [r] = await select<Record<string, unknown>>(
    'SELECT * FROM referrals WHERE id = $1 AND sender_agency_id = $2 FOR UPDATE',
    [id, actor.agencyId],
  );
  // another organisation's referral is not in scope (404)
  if (!r) throw new NotFoundError('Không tìm thấy giới thiệu');
  if (r.case_id !== null || r.state !== 'introduced')
    throw new ConflictError('Giới thiệu này đã được trả lời', {
      reason: 'ALREADY_DECIDED',
      caseId: r.case_id === null ? null : Number(r.case_id),
    });
  return r;
}

/**
 * The organisation accepts, in one transaction: the worker's consent link to it (the scan uploaded with the
 * decision, or her dated portal consent), then the application through the cases module, its source this referral.
 * Accepting twice: 409, one case only (the referral's row lock, then the unique indexes on cases and referrals).
 */
export async function acceptHandoff(
  actor: Actor,
  id: number,
  input: { consentVia: 'scan' | 'portal'; consentFileId?: number; consentDate?: string },
) {
  const caseId = await inTransaction(async () => {
    const r = await lockForDecision(actor, id);
    const [s] = await select<{ status: string }>('SELECT status FROM job_seekers WHERE id = $1 FOR UPDATE', [
      r.job_seeker_id,
    ]);
    if (s.status === 'withdrawn')
      throw new RulesViolatedError(
        [verdict('E1', false, 'Người lao động đã rút lại sự đồng ý: không tiếp nhận được.')],
        'Không tiếp nhận được',
      );
    let consent: { consentDate: string; fileId: number | null; evidence: string };
    if (input.consentVia === 'portal') {
      if (!r.sender_consent_on)
        throw new ValidationError([
          {
            path: 'consentVia',
            message:
              'Người lao động chưa tự đồng ý trên cổng thông tin cho giới thiệu này: tải lên bản chụp phiếu đồng ý đã ký',
          },
        ]);
      const on = r.sender_consent_on as string;
      consent = { consentDate: on, fileId: null, evidence: portalConsentEvidence(on) };
    } else {
      const problems = [];
      if (!input.consentFileId)
        problems.push({ path: 'consentFileId', message: 'Cần bản chụp phiếu đồng ý đã ký của người lao động' });
      if (!input.consentDate) problems.push({ path: 'consentDate', message: 'Cần ngày người lao động ký đồng ý' });
      if (problems.length) throw new ValidationError(problems);
      consent = {
        consentDate: input.consentDate!,
        fileId: input.consentFileId!,
        evidence: `Phiếu đồng ý đã ký của người lao động (giới thiệu #${id} của trung tâm dịch vụ việc làm)`,
      };
    }
    const workerId = Number(r.worker_id);
    await grantPurpose(actor, workerId, { agencyId: actor.agencyId!, purpose: HANDOFF_PURPOSE, ...consent });
    const c = await createCase(
      actor,
      { workerId, jobOrderId: Number(r.job_order_id) },
      { kind: 'centre_referral', referralId: id },
    );
    try {
      await execute('UPDATE referrals SET case_id = $2, version = version + 1, updated_at = now() WHERE id = $1', [
        id,
        c.id,
      ]);
    } catch (err) {
      if (isUnique(err)) throw new ConflictError('Giới thiệu này đã được trả lời', { reason: 'ALREADY_DECIDED' });
      throw err;
    }
    await execute(
      `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input)
       VALUES ($1, $2, $3, 'handoff_accept', 'introduced', 'introduced', $4)`,
      [
        id,
        now(),
        actor.userId,
        JSON.stringify({ caseId: c.id, consentVia: input.consentVia, consentDate: consent.consentDate }),
      ],
    );
    await notifyOrganisation(Number(r.centre_id), 'centre_staff', {
      kind: 'handoff.accepted',
      title: 'Doanh nghiệp đã tiếp nhận người lao động trung tâm giới thiệu đi làm việc ở nước ngoài',
      body: null,
      subject: { type: 'referral', id },
      key: `handoff-accepted:${id}`,
      link: `/viec-lam/gioi-thieu/${id}`,
    });
    await notifyWorker(workerId, {
      kind: 'handoff.accepted',
      title: 'Doanh nghiệp đã tiếp nhận hồ sơ đi làm việc ở nước ngoài của bạn',
      body: 'Doanh nghiệp sẽ hướng dẫn bạn các bước tuyển chọn. Xem trong mục Hồ sơ của tôi.',
      subject: { type: 'referral', id },
      key: `handoff-accepted-worker:${id}`,
    });
    await recordAudit({
      actor,
      action: 'handoff.accepted',
      entity: 'referral',
      entityId: id,
      after: { caseId: c.id, consentVia: input.consentVia, consentDate: consent.consentDate },
    });
    return c.id;
  });
  return { referral: await getHandoff(actor, id), caseId };
}

/** The organisation declines with a reason: the referral ends not hired (the centre and the worker are told). */
export async function declineHandoff(actor: Actor, id: number, input: { reason: string }) {
  await inTransaction(async () => {
    const r = await lockForDecision(actor, id);
    const reason = nfc(input.reason);
    await execute(
      `UPDATE referrals SET state = 'not_hired', version = version + 1, whose_move = 'none', next_deadline_on = NULL,
              next_deadline_rule = NULL, updated_at = now() WHERE id = $1`,
      [id],
    );
    await execute(
      `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input)
       VALUES ($1, $2, $3, 'handoff_decline', 'introduced', 'not_hired', $4)`,
      [id, now(), actor.userId, JSON.stringify({ reason })],
    );
    await notifyOrganisation(Number(r.centre_id), 'centre_staff', {
      kind: 'handoff.declined',
      title: 'Doanh nghiệp không tiếp nhận người lao động trung tâm giới thiệu đi làm việc ở nước ngoài',
      body: reason,
      subject: { type: 'referral', id },
      key: `handoff-declined:${id}`,
      link: `/viec-lam/gioi-thieu/${id}`,
    });
    await notifyWorker(Number(r.worker_id), {
      kind: 'handoff.declined',
      title: 'Doanh nghiệp chưa tiếp nhận bạn cho đơn hàng ở nước ngoài',
      body: reason,
      subject: { type: 'referral', id },
      key: `handoff-declined-worker:${id}`,
    });
    await recordAudit({ actor, action: 'handoff.declined', entity: 'referral', entityId: id, after: { reason } });
  });
  return getHandoff(actor, id);
}

// ---- the referral follows its case (run by the cases module in the transition's transaction) ----

const FOLLOW: Record<string, { to: 'interviewed' | 'hired' | 'not_hired'; from: string[] }> = {
  selected: { to: 'interviewed', from: ['introduced'] },
  contract_signed: { to: 'hired', from: ['introduced', 'interviewed'] },
  withdrawn: { to: 'not_hired', from: ['introduced', 'interviewed'] },
  rejected: { to: 'not_hired', from: ['introduced', 'interviewed'] },
};

async function syncReferralObligations(r: Record<string, unknown>) {
  const entity = {
    state: r.state,
    startOn: r.start_on,
    notifiedOn: r.notified_on,
    contractEndOn: r.contract_end_on,
    followUpOn: r.follow_up_on,
    njeEnteredOn: r.nje_entered_on,
  } as never;
  const [c] = await select<{ province_code: string | null }>(
    'SELECT province_code FROM agency_licences WHERE id = $1',
    [r.centre_id],
  );
  const next = await syncObligations({ type: 'referral', id: Number(r.id) }, await referralObligations(entity), {
    agencyId: Number(r.centre_id),
    provinceCode: c?.province_code ?? null,
    communeCode: null,
  });
  await execute('UPDATE referrals SET next_deadline_on = $2, next_deadline_rule = $3 WHERE id = $1', [
    r.id,
    next?.dueOn ?? null,
    next?.ruleId ?? null,
  ]);
}

/**
 * Idempotent: the referral moves only from the states its target allows (a second delivery finds it there already).
 * A departure fills in the hire's start date (the labour contract's start, or the departure) when it was unknown.
 */
export async function followCase(c: CaseAfterTransition, e: WorkflowEvent, actor: Actor): Promise<void> {
  if (c.source !== 'centre_referral' || !c.sourceReferralId) return;
  if (e.fromState === e.toState && e.toState !== 'departed') return;
  const [r] = await select<Record<string, unknown>>('SELECT * FROM referrals WHERE id = $1 FOR UPDATE', [
    c.sourceReferralId,
  ]);
  if (!r || Number(r.case_id) !== Number(c.id)) return;
  if (e.toState === 'departed') {
    if (r.state !== 'hired' || r.start_on !== null) return;
    const start = c.labourContractStartOn ?? c.departedOn;
    if (!start) return;
    const end = c.labourContractEndOn && c.labourContractEndOn > start ? c.labourContractEndOn : null;
    await execute(
      'UPDATE referrals SET start_on = $2, contract_end_on = COALESCE($3, contract_end_on), version = version + 1, updated_at = now() WHERE id = $1',
      [r.id, start, end],
    );
    await execute(
      `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input)
       VALUES ($1, $2, $3, 'case_departed', 'hired', 'hired', $4)`,
      [r.id, now(), actor.userId, JSON.stringify({ caseId: c.id, caseEventId: e.id, startOn: start })],
    );
    await syncReferralObligations({ ...r, start_on: start, contract_end_on: end ?? r.contract_end_on });
    return;
  }
  const follow = FOLLOW[e.toState];
  if (!follow || r.state === follow.to || !follow.from.includes(r.state as string)) return;
  let changes: Record<string, unknown> = {};
  const verdicts: Verdict[] = [];
  if (follow.to === 'hired') {
    const o = await orderFacts(Number(c.jobOrderId));
    const wage = o ? orderMonthlyWage(o) : null;
    if (!o || !wage || !o.employerName)
      throw new ConflictError(
        'Đơn hàng chưa ghi tên người sử dụng lao động nước ngoài, mức lương hoặc tỷ giá: không ghi được kết quả kết nối việc làm (Mẫu 04) cho trung tâm đã giới thiệu',
        { reason: 'ORDER_TERMS_MISSING' },
      );
    const signedOn = c.contractSignedOn ?? today();
    const start = c.labourContractStartOn ?? c.departedOn ?? null;
    changes = {
      contract_type: 'fixed_term',
      signed_on: signedOn,
      start_on: start,
      contract_end_on: start && c.labourContractEndOn && c.labourContractEndOn > start ? c.labourContractEndOn : null,
      position: o.jobTitle ?? 'Theo đơn hàng',
      wage_code: wage.wageCode,
      employer_name: o.employerName,
      employer_enterprise_code: null,
      employer_personal_id: null,
      employer_sector_code: null,
      notified_on: today(),
    };
    verdicts.push(
      verdict('E2', true, `Hợp đồng ký ngày ${formatDateVi(signedOn)} với ${o.employerName}.`, {
        salaryMinor: o.salaryMinor,
        salaryCurrency: o.salaryCurrency,
        fxRate: o.fxRate,
        monthlyVnd: wage.monthlyVnd,
        wageCode: wage.wageCode,
      }),
    );
    // placed: no longer looking for work (as a domestic hire)
    await execute(
      "UPDATE job_seekers SET status = 'inactive', version = version + 1, updated_at = now() WHERE id = $1 AND status = 'active'",
      [r.job_seeker_id],
    );
  }
  const keys = Object.keys(changes);
  await execute(
    `UPDATE referrals SET state = $2, whose_move = $3, version = version + 1, updated_at = now()
       ${keys.map((k, i) => `, ${k} = $${i + 4}`).join('')} WHERE id = $1`,
    [r.id, follow.to, REFERRAL_STATE_TABLE[follow.to].whoseMove, ...keys.map((k) => changes[k])],
  );
  await execute(
    `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
     VALUES ($1, $2, $3, 'follow_case', $4, $5, $6, $7)`,
    [
      r.id,
      now(),
      actor.userId,
      r.state,
      follow.to,
      JSON.stringify({ caseId: c.id, caseAction: e.action, caseEventId: e.id, caseState: e.toState }),
      JSON.stringify(verdicts),
    ],
  );
  if (follow.to === 'hired') {
    await syncReferralObligations({ ...r, ...changes, state: 'hired' });
    await notifyWorker(Number(r.worker_id), {
      kind: 'referral.hired',
      title: 'Trung tâm đã ghi nhận bạn ký hợp đồng đi làm việc ở nước ngoài',
      body: 'Chúc mừng bạn. Doanh nghiệp đưa đi sẽ hướng dẫn các bước trước khi xuất cảnh.',
      subject: { type: 'referral', id: Number(r.id) },
      key: `referral-hired:${r.id}`,
    });
  }
}

onCaseTransition('exchange.handoff', followCase);

// the case page names the centre that referred (the cases module asks by name; it never imports the exchange)
registerPanel('exchange.caseSource', async (actor, caseId) => {
  const [r] = await select<{ id: string; introduced_on: string; centre_name: string }>(
    `SELECT r.id, r.introduced_on, c.name AS centre_name FROM referrals r JOIN agency_licences c ON c.id = r.centre_id
     WHERE r.case_id = $1`,
    [caseId],
  );
  void actor; // the case page has already checked the actor's scope on the case
  return r ? { referralId: Number(r.id), introducedOn: r.introduced_on, centreName: r.centre_name } : null;
});

// ---- counts for the reports and the dashboard ----

/**
 * A centre's successful connections (E2: a signed contract, the referral hired) signed in [from, to], domestic and
 * abroad apart. For the Mẫu 01 report and the province dashboard.
 */
export async function connectionCounts(
  centreId: number,
  from: string,
  to: string,
): Promise<{ domestic: number; abroad: number }> {
  const [r] = await select<{ domestic: string; abroad: string }>(
    `SELECT count(*) FILTER (WHERE NOT abroad) AS domestic, count(*) FILTER (WHERE abroad) AS abroad
     FROM referrals WHERE centre_id = $1 AND state = 'hired' AND signed_on BETWEEN $2 AND $3`,
    [centreId, from, to],
  );
  return { domestic: Number(r.domestic), abroad: Number(r.abroad) };
}

/** Today's counts of the centre's overseas work: requests waiting for it, referrals waiting for the sender, placed. */
export async function centreAbroadToday(centreId: number) {
  const [r] = await select<{ requests: string; waiting: string; in_process: string; placed: string }>(
    `SELECT (SELECT count(*) FROM handoff_requests WHERE centre_id = $1 AND status = 'pending') AS requests,
            count(*) FILTER (WHERE state = 'introduced' AND case_id IS NULL) AS waiting,
            count(*) FILTER (WHERE state IN ('introduced', 'interviewed') AND case_id IS NOT NULL) AS in_process,
            count(*) FILTER (WHERE state = 'hired') AS placed
     FROM referrals WHERE job_order_id IS NOT NULL AND centre_id = $1`,
    [centreId],
  );
  return {
    requests: Number(r.requests),
    waiting: Number(r.waiting),
    inProcess: Number(r.in_process),
    placed: Number(r.placed),
  };
}
