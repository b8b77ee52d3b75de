// The job exchange's use cases (issue 21; DOMAIN.md §15): the job-seeker registry on the worker record with its
// consent (E1), employers (Mẫu 03) and vacancies (Mẫu 03a), matching with reasons, introductions and requests
// between centres, referrals to a signed contract (E2) and what they owe (E3, E4). Every read is scoped: a centre sees
// its own registrations in full and other centres' job seekers only as anonymised rows; vacancies' public fields are
// read by every centre; a commune officer reads her residents; a worker her own.
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor } from '../../shared/auth/scope';
import { recordAccess, recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RulesViolatedError,
  ValidationError,
  type FieldProblem,
} from '../../shared/errors';
import { syncObligations, obligationsOf } from '../../shared/obligations';
import { verdict } from '../../shared/rules';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { applyAction, allowedActions, listEvents, timeline } from '../../shared/workflow';
import { TOTAL_CAP } from '../../shared/paging';
import {
  activeOccupationVersion,
  getCommune,
  occupationExists,
  occupationNames,
  provinceName,
  SECTOR_VERSION,
} from '../reference';
import {
  createWorker,
  grantPurpose,
  portalConsentEvidence,
  recordEmploymentFacts,
  withdrawPurpose,
  workerByIdentity,
} from '../workers';
import { notifyOrganisation, notifyWorker } from '../notifications';
import { Referral, Vacancy } from './exchange.model';
import { availableFromOf, isAdultOn } from './exchange.rules';
import type { EmployerInput, JobSeekerInput, VacancyInput } from './exchange.schemas';
import { SYSTEM_ACTIONS, referralWorkflow, vacancyWorkflow } from './exchange.workflow';
import { availabilityWords, rankSeekers, rankVacancies, seekerRow, vacancyRow } from './exchange.matching';

// the engine's scopes (the rows it locks): a centre writes its own vacancies and the referrals it made
defineScope('vacancy', (actor) =>
  actor.role === 'admin'
    ? 'all'
    : actor.role === 'centre_staff' && actor.agencyId
      ? { centreId: actor.agencyId }
      : 'none',
);
defineScope('referral', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'centre_staff' && actor.agencyId) return { centreId: actor.agencyId };
  return 'none';
});

const CONSENT_EVIDENCE = 'Điều khoản đồng ý sử dụng dữ liệu để tư vấn, giới thiệu, kết nối việc làm (Mẫu 01) đã ký';

/** The actor's centre: a centre staff member's organisation, an employment service centre. */
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

/** The active centres, for a worker registering herself and for pages naming centres. */
export async function listCentres(): Promise<{ id: number; name: string; provinceCode: string }[]> {
  const rows = await select<{ id: string; name: string; province_code: string }>(
    "SELECT id, name, province_code FROM agency_licences WHERE kind = 'employment_centre' AND status = 'active' ORDER BY province_code, name",
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, provinceCode: r.province_code }));
}

/** An occupation code must exist in the version in force; the record keeps that version. */
async function occupationVersionFor(code: string, path = 'occupationCode'): Promise<number> {
  const active = await activeOccupationVersion();
  if (!active)
    throw new ValidationError([
      { path, message: 'Chưa có danh mục nghề đang áp dụng: quản trị cần áp dụng một phiên bản' },
    ]);
  if (!(await occupationExists(active.id, code)))
    throw new ValidationError([
      { path, message: `Mã nghề ${code} không có trong danh mục nghề đang áp dụng (${active.name})` },
    ]);
  return active.id;
}

/** A commune in its province (each problem beside its field). */
async function checkPlaces(pairs: { province?: string | null; commune?: string | null; path: string }[]) {
  const problems: FieldProblem[] = [];
  for (const p of pairs) {
    if (!p.commune) continue;
    const c = await getCommune(p.commune);
    if (!c) problems.push({ path: p.path, message: 'Mã xã/phường không tồn tại' });
    else if (p.province && c.provinceCode !== p.province)
      problems.push({ path: p.path, message: 'Xã/phường không thuộc tỉnh/thành phố đã chọn' });
  }
  if (problems.length) throw new ValidationError(problems);
}

function wageColumns(i: { wageKind?: string; wageBand?: number | null; wageAmountVnd?: number | null }) {
  return {
    wage_kind: i.wageKind,
    wage_band: i.wageKind === 'band' ? (i.wageBand ?? null) : null,
    wage_amount_vnd: i.wageKind === 'daily' || i.wageKind === 'hourly' ? (i.wageAmountVnd ?? null) : null,
  };
}

/** The profile's columns from an input (only the keys given). */
function profileColumns(i: Partial<JobSeekerInput>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (v: string | null | undefined) => (typeof v === 'string' ? nfc(v) : (v ?? null));
  const map: [keyof JobSeekerInput, string, (v: never) => unknown][] = [
    ['priorityGroups', 'priority_groups', (v: string[]) => v],
    ['trainingField', 'training_field', text],
    ['skillCertificate', 'skill_certificate', text],
    ['itLevel', 'it_level', (v: string | null) => v],
    ['softSkills', 'soft_skills', text],
    ['workedAbroadIn', 'worked_abroad_in', (v: string | null) => v],
    ['jobTitle', 'job_title', text],
    ['jobDescription', 'job_description', text],
    ['position', 'position', text],
    ['experience', 'experience', (v: string) => v],
    ['province1', 'province_1', (v: string) => v],
    ['commune1', 'commune_1', (v: string | null) => v],
    ['zone1', 'zone_1', text],
    ['province2', 'province_2', (v: string | null) => v],
    ['commune2', 'commune_2', (v: string | null) => v],
    ['zone2', 'zone_2', text],
    ['contractType', 'contract_type', (v: string | null) => v],
    ['fullTime', 'full_time', (v: boolean) => v],
    ['benefits', 'benefits', text],
    ['conditions', 'conditions', text],
    ['recruitmentMode', 'recruitment_mode', (v: string) => v],
    ['wantsAbroad', 'wants_abroad', (v: boolean) => v],
    ['currentAddress', 'current_address', text],
  ];
  for (const [k, col, fn] of map) if (i[k] !== undefined) out[col] = fn(i[k] as never);
  if (i.languages !== undefined) {
    out.languages = JSON.stringify(i.languages);
    out.language_codes = i.languages.map((l) => l.code);
  }
  if (i.workHistory !== undefined)
    out.work_history = JSON.stringify(
      i.workHistory.map((h) => ({ ...h, employer: nfc(h.employer), position: nfc(h.position) })),
    );
  if (i.wageKind !== undefined) Object.assign(out, wageColumns(i));
  return out;
}

async function insertRow(table: string, cols: Record<string, unknown>): Promise<number> {
  const keys = Object.keys(cols);
  const [r] = await select<{ id: string }>(
    `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    keys.map((k) => cols[k]),
  );
  return Number(r.id);
}

async function updateRow(table: string, id: number, cols: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(cols);
  if (!keys.length) return;
  await execute(
    `UPDATE ${table} SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
    [id, ...keys.map((k) => cols[k])],
  );
}

/**
 * Registers a job seeker at the actor's centre (Mẫu 01 + 01a) with the signed consent clause's scan (E1). One person
 * per CCCD: an unknown person is registered through the worker registry; a known one (the same name and birth date)
 * gets the centre's link extended with the purpose job_matching. A profile already active at another centre is not
 * taken over (that centre or the person ends it first); a withdrawn or inactive one is renewed here.
 */
export async function registerJobSeeker(actor: Actor, input: JobSeekerInput) {
  const centre = await centreOf(actor);
  if (!input.consentFileId)
    throw new ValidationError([
      { path: 'consentFileId', message: 'Cần bản chụp điều khoản đồng ý đã ký (Mẫu 01) của người tìm việc' },
    ]);
  const versionId = await occupationVersionFor(input.occupationCode);
  await checkPlaces([
    { province: input.provinceCode, commune: input.communeCode, path: 'communeCode' },
    { province: input.province1, commune: input.commune1, path: 'commune1' },
    { province: input.province2, commune: input.commune2, path: 'commune2' },
  ]);
  const id = await inTransaction(async () => {
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
    if (!known) {
      const w = await createWorker(actor, {
        fullName: input.fullName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        cccd: input.cccd,
        phone: input.phone,
        email: input.email ?? null,
        ethnicity: input.ethnicity,
        provinceCode: input.provinceCode,
        communeCode: input.communeCode,
        street: input.street,
        generalEducation: input.generalEducation,
        technicalLevel: input.technicalLevel,
        consent: {
          consentDate: input.consentDate,
          purposes: ['job_matching'],
          evidence: CONSENT_EVIDENCE,
          fileId: input.consentFileId!,
        },
      });
      workerId = w.id;
    } else {
      workerId = known.id;
      await grantPurpose(actor, workerId, {
        agencyId: centre.id,
        purpose: 'job_matching',
        consentDate: input.consentDate,
        fileId: input.consentFileId!,
        evidence: CONSENT_EVIDENCE,
      });
      await recordEmploymentFacts(actor, workerId, {
        generalEducation: input.generalEducation,
        technicalLevel: input.technicalLevel,
        phone: input.phone,
        ethnicity: input.ethnicity,
      });
    }
    return saveProfile(actor, centre.id, workerId, versionId, input, {
      via: 'scan',
      consentOn: input.consentDate,
      fileId: input.consentFileId!,
    });
  });
  return getJobSeeker(actor, id);
}

/** Inserts or renews the person's one profile (under its row lock), with a registration row for the reports. */
async function saveProfile(
  actor: Actor,
  centreId: number,
  workerId: number,
  versionId: number,
  input: Partial<JobSeekerInput>,
  consent: { via: 'scan' | 'portal'; consentOn: string; fileId: number | null },
): Promise<number> {
  const [existing] = await select<{ id: string; centre_id: string; status: string }>(
    'SELECT id, centre_id, status FROM job_seekers WHERE worker_id = $1 FOR UPDATE',
    [workerId],
  );
  if (existing && existing.status !== 'withdrawn' && Number(existing.centre_id) === centreId)
    throw new ConflictError('Người này đã đăng ký tìm việc tại trung tâm. Cập nhật hồ sơ đã có thay vì đăng ký mới.', {
      reason: 'ALREADY_REGISTERED',
      jobSeekerId: Number(existing.id),
    });
  if (existing && existing.status === 'active' && Number(existing.centre_id) !== centreId)
    throw new ConflictError(
      'Người này đang đăng ký tìm việc tại một trung tâm khác. Người lao động hoặc trung tâm đó cần ngừng đăng ký trước.',
      { reason: 'REGISTERED_ELSEWHERE' },
    );
  const on = today();
  const cols = {
    ...profileColumns(input),
    centre_id: centreId,
    status: 'active',
    registered_on: on,
    consent_on: consent.consentOn,
    consent_via: consent.via,
    consent_file_id: consent.fileId,
    withdrawn_on: null,
    occupation_version_id: versionId,
    occupation_code: input.occupationCode,
    available_after_months: input.availableAfterMonths ?? 0,
    available_from: availableFromOf(on, input.availableAfterMonths ?? 0),
  };
  let id: number;
  if (existing) {
    id = Number(existing.id);
    await updateRow('job_seekers', id, { ...cols, version: 1 });
  } else id = await insertRow('job_seekers', { ...cols, worker_id: workerId, created_by_user_id: actor.userId });
  await execute(
    'INSERT INTO job_seeker_registrations (job_seeker_id, centre_id, registered_on, created_by_user_id) VALUES ($1, $2, $3, $4)',
    [id, centreId, on, actor.userId],
  );
  await recordAudit({
    actor,
    action: existing ? 'job_seeker.renewed' : 'job_seeker.registered',
    entity: 'job_seeker',
    entityId: id,
    after: {
      centreId,
      workerId,
      consentVia: consent.via,
      consentOn: consent.consentOn,
      occupationCode: input.occupationCode,
    },
  });
  return id;
}

/** A worker registers herself in the portal, at a centre she chooses, with her own dated consent (E1). */
export async function registerInPortal(actor: Actor, input: Partial<JobSeekerInput> & { centreId: number }) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  const centres = await listCentres();
  if (!centres.some((c) => c.id === input.centreId))
    throw new ValidationError([{ path: 'centreId', message: 'Chọn một trung tâm dịch vụ việc làm đang hoạt động' }]);
  const versionId = await occupationVersionFor(String(input.occupationCode));
  await checkPlaces([
    { province: input.province1, commune: input.commune1, path: 'commune1' },
    { province: input.province2, commune: input.commune2, path: 'commune2' },
  ]);
  const on = today();
  await inTransaction(async () => {
    await grantPurpose(actor, actor.workerId!, {
      agencyId: input.centreId,
      purpose: 'job_matching',
      consentDate: on,
      fileId: null,
      evidence: portalConsentEvidence(on),
    });
    await recordEmploymentFacts(actor, actor.workerId!, {
      generalEducation: input.generalEducation,
      technicalLevel: input.technicalLevel,
      phone: input.phone,
    });
    await saveProfile(actor, input.centreId, actor.workerId!, versionId, input, {
      via: 'portal',
      consentOn: on,
      fileId: null,
    });
  });
  return myProfile(actor);
}

/** The SQL condition of the job seekers an actor may read (alias s, worker facts w). */
function seekerScope(actor: Actor, bind: unknown[]): string {
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'centre_staff':
      return actor.agencyId ? `s.centre_id = ${p(actor.agencyId)}` : 'FALSE';
    case 'commune_officer':
      return actor.communeCode ? `w.commune_code = ${p(actor.communeCode)}` : 'FALSE';
    case 'worker':
      return actor.workerId ? `s.worker_id = ${p(actor.workerId)}` : 'FALSE';
    default:
      return 'FALSE';
  }
}

const DETAIL_SQL = `SELECT s.*, w.full_name, w.cccd, w.date_of_birth, w.sex, w.ethnicity, w.phone, w.email, w.province_code AS residence_province,
       w.commune_code AS residence_commune, w.street, w.general_education, w.technical_level, w.household_status,
       w.household_status_year, c.name AS centre_name, c.province_code AS centre_province
     FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id JOIN agency_licences c ON c.id = s.centre_id`;

type DetailRow = Record<string, unknown> & { id: string; worker_id: string; centre_id: string; status: string };

/** One profile in full (sensitive groups in the detail only); every read by staff is written to the access log. */
export async function getJobSeeker(actor: Actor, id: number) {
  const bind: unknown[] = [id];
  const [r] = await select<DetailRow>(`${DETAIL_SQL} WHERE s.id = $1 AND ${seekerScope(actor, bind)}`, bind);
  if (!r) throw new NotFoundError('Không tìm thấy người tìm việc');
  if (actor.role !== 'worker') await recordAccess(actor, 'job_seeker.read', 'worker', Number(r.worker_id));
  return toDetail(r);
}

async function toDetail(r: DetailRow) {
  const names = await occupationNames([
    { versionId: Number(r.occupation_version_id), code: String(r.occupation_code) },
  ]);
  const withdrawn = r.status === 'withdrawn';
  return {
    id: Number(r.id),
    workerId: Number(r.worker_id),
    centreId: Number(r.centre_id),
    centreName: r.centre_name as string,
    status: r.status,
    registeredOn: r.registered_on as string,
    consentOn: r.consent_on as string,
    consentVia: r.consent_via as string,
    withdrawnOn: (r.withdrawn_on as string | null) ?? null,
    fullName: r.full_name as string,
    cccd: r.cccd as string,
    dateOfBirth: r.date_of_birth as string,
    sex: r.sex as string,
    ethnicity: (r.ethnicity as string | null) ?? null,
    // rows of past connections stay for the reports, without contact details (E1)
    phone: withdrawn ? null : ((r.phone as string | null) ?? null),
    email: withdrawn ? null : ((r.email as string | null) ?? null),
    currentAddress: withdrawn ? null : ((r.current_address as string | null) ?? null),
    residenceProvince: (r.residence_province as string | null) ?? null,
    residenceCommune: (r.residence_commune as string | null) ?? null,
    street: withdrawn ? null : ((r.street as string | null) ?? null),
    generalEducation: (r.general_education as string | null) ?? null,
    technicalLevel: (r.technical_level as string | null) ?? null,
    householdStatus: r.household_status as string,
    householdStatusYear: (r.household_status_year as number | null) ?? null,
    priorityGroups: r.priority_groups as string[],
    languages: r.languages as { code: string; level: string }[],
    itLevel: (r.it_level as string | null) ?? null,
    softSkills: (r.soft_skills as string | null) ?? null,
    trainingField: (r.training_field as string | null) ?? null,
    skillCertificate: (r.skill_certificate as string | null) ?? null,
    workHistory: r.work_history as { employer: string; position: string; years?: string }[],
    workedAbroadIn: (r.worked_abroad_in as string | null) ?? null,
    jobTitle: r.job_title as string,
    jobDescription: r.job_description as string,
    position: r.position as string,
    occupationVersionId: Number(r.occupation_version_id),
    occupationCode: r.occupation_code as string,
    occupationName: names.get(`${r.occupation_version_id}:${r.occupation_code}`) ?? null,
    experience: r.experience as string,
    province1: r.province_1 as string,
    commune1: (r.commune_1 as string | null) ?? null,
    zone1: (r.zone_1 as string | null) ?? null,
    province2: (r.province_2 as string | null) ?? null,
    commune2: (r.commune_2 as string | null) ?? null,
    zone2: (r.zone_2 as string | null) ?? null,
    contractType: (r.contract_type as string | null) ?? null,
    fullTime: r.full_time as boolean,
    wageKind: r.wage_kind as string,
    wageBand: (r.wage_band as number | null) ?? null,
    wageAmountVnd: r.wage_amount_vnd === null ? null : Number(r.wage_amount_vnd),
    wageCode: (r.wage_code as number | null) ?? null,
    benefits: (r.benefits as string | null) ?? null,
    conditions: (r.conditions as string | null) ?? null,
    availableAfterMonths: Number(r.available_after_months),
    availableFrom: r.available_from as string,
    recruitmentMode: r.recruitment_mode as string,
    wantsAbroad: r.wants_abroad as boolean,
    version: Number(r.version),
  };
}
export type JobSeekerDetail = Awaited<ReturnType<typeof toDetail>>;

/** The registry, masked: no sensitive group, CCCD as 001******345, paged; search by name, CCCD or phone. */
export async function listJobSeekers(actor: Actor, q: { q?: string; status?: string; page: number; pageSize: number }) {
  const bind: unknown[] = [];
  const where = [seekerScope(actor, bind)];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  if (q.status) where.push(`s.status = ${p(q.status)}`);
  const term = (q.q ?? '').trim();
  if (/^[0-9]{12}$/.test(term)) where.push(`w.cccd = ${p(term)}`);
  else if (/^[0-9+][0-9 .]{8,}$/.test(term)) where.push(`w.phone = ${p(normalisePhone(term) ?? term)}`);
  else if (term) where.push(`w.full_name_folded LIKE ${p(`%${fold(term)}%`)}`);
  const from = `FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE ${where.join(' AND ')}`;
  const [rows, [count]] = await Promise.all([
    select<Record<string, unknown>>(
      `SELECT s.id, s.status, s.registered_on, s.job_title, s.occupation_version_id, s.occupation_code, s.province_1,
              s.available_from, s.wants_abroad, w.full_name, w.cccd, w.province_code, w.commune_code
       ${from} ORDER BY s.registered_on DESC, s.id DESC LIMIT ${p(q.pageSize)} OFFSET ${p((q.page - 1) * q.pageSize)}`,
      bind,
    ),
    select<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${TOTAL_CAP + 1}) x`,
      bind.slice(0, bind.length - 2),
    ),
  ]);
  const total = Number(count.n);
  const names = await occupationNames(
    rows.map((r) => ({ versionId: Number(r.occupation_version_id), code: String(r.occupation_code) })),
  );
  return {
    data: rows.map((r) => ({
      id: Number(r.id),
      fullName: r.full_name as string,
      cccdMasked: maskCccd(r.cccd as string),
      status: r.status as string,
      registeredOn: r.registered_on as string,
      jobTitle: r.job_title as string,
      occupationCode: r.occupation_code as string,
      occupationName: names.get(`${r.occupation_version_id}:${r.occupation_code}`) ?? null,
      province1: r.province_1 as string,
      residenceProvince: (r.province_code as string | null) ?? null,
      residenceCommune: (r.commune_code as string | null) ?? null,
      availableFrom: r.available_from as string,
      wantsAbroad: r.wants_abroad as boolean,
    })),
    page: { number: q.page, size: q.pageSize, total: Math.min(total, TOTAL_CAP), totalCapped: total > TOTAL_CAP },
  };
}

/** Locks a profile the actor may change: the centre that holds it, or the worker herself; not after withdrawal. */
async function lockOwnProfile(actor: Actor, id: number) {
  if (actor.role !== 'centre_staff' && actor.role !== 'worker' && actor.role !== 'admin') throw new ForbiddenError();
  const bind: unknown[] = [id];
  const [r] = await select<{ id: string; worker_id: string; centre_id: string; status: string; version: number }>(
    `SELECT s.id, s.worker_id, s.centre_id, s.status, s.version FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id
     WHERE s.id = $1 AND ${seekerScope(actor, bind)} FOR UPDATE OF s`,
    bind,
  );
  if (!r) throw new NotFoundError('Không tìm thấy người tìm việc');
  return r;
}

export async function updateJobSeeker(actor: Actor, id: number, input: Partial<JobSeekerInput>) {
  if (actor.role === 'admin') throw new ForbiddenError();
  await inTransaction(async () => {
    const r = await lockOwnProfile(actor, id);
    if (r.status === 'withdrawn')
      throw new ConflictError('Người tìm việc đã rút lại sự đồng ý: hồ sơ không còn được cập nhật', {
        reason: 'CONSENT_WITHDRAWN',
      });
    const cols = profileColumns(input);
    if (input.occupationCode !== undefined) {
      cols.occupation_version_id = await occupationVersionFor(input.occupationCode);
      cols.occupation_code = input.occupationCode;
    }
    if (input.availableAfterMonths !== undefined) {
      cols.available_after_months = input.availableAfterMonths;
      cols.available_from = availableFromOf(today(), input.availableAfterMonths);
    }
    await checkPlaces([
      { province: input.province1, commune: input.commune1, path: 'commune1' },
      { province: input.province2, commune: input.commune2, path: 'commune2' },
    ]);
    if (input.generalEducation || input.technicalLevel || input.phone)
      await recordEmploymentFacts(actor, Number(r.worker_id), {
        generalEducation: input.generalEducation,
        technicalLevel: input.technicalLevel,
        phone: input.phone,
      });
    await updateRow('job_seekers', id, { ...cols, version: r.version + 1 });
    await recordAudit({ actor, action: 'job_seeker.updated', entity: 'job_seeker', entityId: id, after: input });
  });
  return actor.role === 'worker' ? myProfile(actor) : getJobSeeker(actor, id);
}

/**
 * E1: consent withdrawn (at the centre, or by the worker in the portal). At once: the profile leaves matching, every
 * referral still open is withdrawn, pending requests are declined, and the centre's link loses the purpose. Rows of
 * past connections stay for the legal reports, without contact details.
 */
export async function withdrawConsent(
  actor: Actor,
  id: number,
  input: { withdrawnOn: string; reason?: string | null },
) {
  await inTransaction(async () => {
    const r = await lockOwnProfile(actor, id);
    if (r.status === 'withdrawn')
      throw new ConflictError('Người tìm việc đã rút lại sự đồng ý trước đó', { reason: 'CONSENT_WITHDRAWN' });
    await execute(
      "UPDATE job_seekers SET status = 'withdrawn', withdrawn_on = $2, version = version + 1, updated_at = now() WHERE id = $1",
      [id, input.withdrawnOn],
    );
    await withdrawPurpose(actor, Number(r.worker_id), Number(r.centre_id), 'job_matching', input.withdrawnOn);
    const open = await select<{ id: string; state: string; centre_id: string }>(
      "SELECT id, state, centre_id FROM referrals WHERE job_seeker_id = $1 AND state IN ('introduced', 'interviewed') ORDER BY id FOR UPDATE",
      [id],
    );
    const stamp = now();
    for (const ref of open) {
      await execute(
        "UPDATE referrals SET state = 'withdrawn', version = version + 1, whose_move = 'none', updated_at = now() WHERE id = $1",
        [ref.id],
      );
      await execute(
        `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
         VALUES ($1, $2, $3, 'consent_withdrawn', $4, 'withdrawn', $5, $6)`,
        [
          ref.id,
          stamp,
          actor.userId,
          ref.state,
          JSON.stringify({ withdrawnOn: input.withdrawnOn }),
          JSON.stringify([verdict('E1', true, 'Người tìm việc rút lại sự đồng ý: giới thiệu dừng ngay.')]),
        ],
      );
    }
    await execute(
      `UPDATE introduction_requests SET status = 'declined', decided_at = now(), decided_by_user_id = $2,
              decision_note = 'Người tìm việc đã rút lại sự đồng ý', updated_at = now()
       WHERE job_seeker_id = $1 AND status = 'pending'`,
      [id, actor.userId],
    );
    await recordAudit({
      actor,
      action: 'job_seeker.consent_withdrawn',
      entity: 'job_seeker',
      entityId: id,
      after: { withdrawnOn: input.withdrawnOn, reason: input.reason ?? null, referralsWithdrawn: open.length },
    });
  });
}

// ---- employers (Mẫu 03) ----

const EMPLOYER_PUBLIC =
  'e.id, e.centre_id, e.kind, e.name, e.ownership, e.province_code, e.commune_code, e.industrial_zone, e.sector_code, e.main_product, e.workforce_band';

export async function createEmployer(actor: Actor, input: EmployerInput) {
  const centre = await centreOf(actor);
  await checkPlaces([{ province: input.provinceCode, commune: input.communeCode, path: 'communeCode' }]);
  const phone = normalisePhone(input.phone);
  if (!phone) throw new ValidationError([{ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
  try {
    const id = await inTransaction(async () => {
      const id = await insertRow('employers', {
        centre_id: centre.id,
        kind: input.kind,
        name: nfc(input.name),
        name_folded: fold(input.name),
        enterprise_code: input.enterpriseCode ?? null,
        personal_id: input.personalId ?? null,
        ownership: input.ownership,
        province_code: input.provinceCode,
        commune_code: input.communeCode,
        address: nfc(input.address),
        industrial_zone: input.industrialZone ? nfc(input.industrialZone) : null,
        phone,
        email: input.email,
        sector_version: SECTOR_VERSION,
        sector_code: input.sectorCode,
        main_product: nfc(input.mainProduct),
        workforce_band: input.workforceBand,
        hiring_next_6_months: input.hiringNext6Months ?? null,
        services_wanted: input.servicesWanted ?? [],
        representative: nfc(input.representative),
        created_by_user_id: actor.userId,
      });
      await recordAudit({ actor, action: 'employer.created', entity: 'employer', entityId: id, after: { ...input } });
      return id;
    });
    return getEmployer(actor, id);
  } catch (err) {
    if (err instanceof UniqueConstraintError || (err as { original?: { code?: string } }).original?.code === '23505')
      throw new ConflictError('Trung tâm đã đăng ký người sử dụng lao động có mã số này', { reason: 'DUPLICATE' });
    throw err;
  }
}

function employerScope(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `e.centre_id = $${bind.length}`;
  }
  return 'FALSE';
}

export async function getEmployer(actor: Actor, id: number) {
  const bind: unknown[] = [id];
  const [e] = await select<Record<string, unknown>>(
    `SELECT e.*, c.name AS centre_name FROM employers e JOIN agency_licences c ON c.id = e.centre_id WHERE e.id = $1 AND ${employerScope(actor, bind)}`,
    bind,
  );
  if (!e) throw new NotFoundError('Không tìm thấy người sử dụng lao động');
  const vacancies = await select<Record<string, unknown>>(
    'SELECT id, title, state, number_to_hire, hired_count, deadline FROM vacancies WHERE employer_id = $1 ORDER BY id DESC LIMIT 100',
    [id],
  );
  return {
    id: Number(e.id),
    centreId: Number(e.centre_id),
    centreName: e.centre_name as string,
    kind: e.kind as string,
    name: e.name as string,
    enterpriseCode: (e.enterprise_code as string | null) ?? null,
    personalId: (e.personal_id as string | null) ?? null,
    ownership: e.ownership as string,
    provinceCode: e.province_code as string,
    communeCode: e.commune_code as string,
    address: e.address as string,
    industrialZone: (e.industrial_zone as string | null) ?? null,
    phone: e.phone as string,
    email: e.email as string,
    sectorCode: e.sector_code as string,
    mainProduct: e.main_product as string,
    workforceBand: Number(e.workforce_band),
    hiringNext6Months: e.hiring_next_6_months === null ? null : Number(e.hiring_next_6_months),
    servicesWanted: e.services_wanted as string[],
    representative: e.representative as string,
    vacancies: vacancies.map((v) => ({
      id: Number(v.id),
      title: v.title as string,
      state: v.state as string,
      numberToHire: Number(v.number_to_hire),
      hiredCount: Number(v.hired_count),
      deadline: v.deadline as string,
    })),
  };
}

export async function listEmployers(actor: Actor, q: { q?: string; page: number; pageSize: number }) {
  const bind: unknown[] = [];
  const where = [employerScope(actor, bind)];
  const term = (q.q ?? '').trim();
  if (/^[0-9-]{10,14}$/.test(term)) {
    bind.push(term);
    where.push(`(e.enterprise_code = $${bind.length} OR e.personal_id = $${bind.length})`);
  } else if (term) {
    bind.push(`%${fold(term)}%`);
    where.push(`e.name_folded LIKE $${bind.length}`);
  }
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const rows = await select<Record<string, unknown>>(
    `SELECT ${EMPLOYER_PUBLIC}, e.enterprise_code, (SELECT count(*) FROM vacancies v WHERE v.employer_id = e.id AND v.state = 'open') AS open_vacancies
     FROM employers e WHERE ${where.join(' AND ')} ORDER BY e.name_folded, e.id LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  return rows.map((e) => ({
    id: Number(e.id),
    kind: e.kind as string,
    name: e.name as string,
    enterpriseCode: (e.enterprise_code as string | null) ?? null,
    ownership: e.ownership as string,
    provinceCode: e.province_code as string,
    sectorCode: e.sector_code as string,
    workforceBand: Number(e.workforce_band),
    openVacancies: Number(e.open_vacancies),
  }));
}

export async function updateEmployer(actor: Actor, id: number, input: Partial<EmployerInput>) {
  await inTransaction(async () => {
    const bind: unknown[] = [id];
    const [e] = await select<{ id: string; province_code: string }>(
      `SELECT e.id, e.province_code FROM employers e WHERE e.id = $1 AND ${employerScope(actor, bind)} FOR UPDATE`,
      bind,
    );
    if (!e || actor.role !== 'centre_staff') throw new NotFoundError('Không tìm thấy người sử dụng lao động');
    await checkPlaces([
      { province: input.provinceCode ?? e.province_code, commune: input.communeCode, path: 'communeCode' },
    ]);
    const cols: Record<string, unknown> = {};
    if (input.name !== undefined) Object.assign(cols, { name: nfc(input.name), name_folded: fold(input.name) });
    const plain: [keyof EmployerInput, string][] = [
      ['ownership', 'ownership'],
      ['provinceCode', 'province_code'],
      ['communeCode', 'commune_code'],
      ['address', 'address'],
      ['industrialZone', 'industrial_zone'],
      ['email', 'email'],
      ['sectorCode', 'sector_code'],
      ['mainProduct', 'main_product'],
      ['workforceBand', 'workforce_band'],
      ['hiringNext6Months', 'hiring_next_6_months'],
      ['servicesWanted', 'services_wanted'],
      ['representative', 'representative'],
    ];
    for (const [k, col] of plain)
      if (input[k] !== undefined) cols[col] = typeof input[k] === 'string' ? nfc(input[k] as string) : input[k];
    if (input.phone !== undefined) {
      const phone = normalisePhone(input.phone);
      if (!phone)
        throw new ValidationError([{ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
      cols.phone = phone;
    }
    await updateRow('employers', id, cols);
    await recordAudit({ actor, action: 'employer.updated', entity: 'employer', entityId: id, after: { ...input } });
  });
  return getEmployer(actor, id);
}

// ---- vacancies (Mẫu 03a) ----

export async function createVacancy(actor: Actor, input: VacancyInput) {
  const centre = await centreOf(actor);
  const [employer] = await select<{ id: string }>('SELECT id FROM employers WHERE id = $1 AND centre_id = $2', [
    input.employerId,
    centre.id,
  ]);
  if (!employer)
    throw new ValidationError([{ path: 'employerId', message: 'Chọn người sử dụng lao động do trung tâm đăng ký' }]);
  const versionId = await occupationVersionFor(input.occupationCode);
  await checkPlaces([{ province: input.provinceCode, commune: input.communeCode, path: 'communeCode' }]);
  const phone = normalisePhone(input.contactPhone);
  if (!phone)
    throw new ValidationError([{ path: 'contactPhone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
  const id = await inTransaction(async () => {
    const id = await insertRow('vacancies', {
      centre_id: centre.id,
      employer_id: input.employerId,
      title: nfc(input.title),
      number_to_hire: input.numberToHire,
      description: nfc(input.description),
      position: nfc(input.position),
      occupation_version_id: versionId,
      occupation_code: input.occupationCode,
      general_education: input.generalEducation,
      technical_level: input.technicalLevel,
      skills: input.skills ? nfc(input.skills) : null,
      languages_required: input.languagesRequired ?? [],
      experience: input.experience ?? 'none',
      province_code: input.provinceCode,
      commune_code: input.communeCode,
      industrial_zone: input.industrialZone ? nfc(input.industrialZone) : null,
      contract_type: input.contractType ?? null,
      full_time: input.fullTime,
      ...wageColumns(input),
      benefits: nfc(input.benefits),
      conditions: nfc(input.conditions),
      priority_groups: input.priorityGroups ?? [],
      recruitment_mode: input.recruitmentMode,
      deadline: input.deadline,
      services: input.services ?? [],
      contact_name: nfc(input.contactName),
      contact_phone: phone,
      contact_email: input.contactEmail ?? null,
      contact_opt_in: input.contactOptIn ?? false,
      opened_on: today(),
      next_deadline_on: input.deadline,
      next_deadline_rule: 'E5',
      created_by_user_id: actor.userId,
    });
    await execute(
      `INSERT INTO vacancy_events (vacancy_id, at, actor_user_id, action, from_state, to_state, input)
       VALUES ($1, $2, $3, 'create', NULL, 'open', $4)`,
      [id, now(), actor.userId, JSON.stringify({ numberToHire: input.numberToHire, deadline: input.deadline })],
    );
    await syncObligations(
      { type: 'vacancy', id },
      [{ kind: 'vacancy_deadline', ruleId: 'E5', dueOn: input.deadline, whoseMove: 'agency', status: 'open' }],
      { agencyId: centre.id, provinceCode: centre.provinceCode, communeCode: null },
    );
    await recordAudit({ actor, action: 'vacancy.created', entity: 'vacancy', entityId: id, after: { ...input } });
    return id;
  });
  return getVacancy(actor, id);
}

/** Every centre reads a vacancy's public fields; its contact and the employer's contact stay with its centre. */
export async function getVacancy(actor: Actor, id: number) {
  if (!['admin', 'centre_staff', 'worker'].includes(actor.role)) throw new NotFoundError('Không tìm thấy việc làm');
  const [v] = await select<Record<string, unknown>>(
    `SELECT v.*, e.name AS employer_name, e.kind AS employer_kind, e.ownership, e.sector_code, e.main_product, e.workforce_band,
            e.province_code AS employer_province, e.address AS employer_address, e.phone AS employer_phone, e.email AS employer_email,
            e.representative, c.name AS centre_name
     FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id WHERE v.id = $1`,
    [id],
  );
  if (!v) throw new NotFoundError('Không tìm thấy việc làm');
  const own = actor.role === 'admin' || (actor.role === 'centre_staff' && Number(v.centre_id) === actor.agencyId);
  const names = await occupationNames([
    { versionId: Number(v.occupation_version_id), code: String(v.occupation_code) },
  ]);
  const entity = {
    id: Number(v.id),
    state: v.state as string,
    version: Number(v.version),
  };
  return {
    id: Number(v.id),
    centreId: Number(v.centre_id),
    centreName: v.centre_name as string,
    own,
    state: v.state as string,
    version: Number(v.version),
    title: v.title as string,
    numberToHire: Number(v.number_to_hire),
    hiredCount: Number(v.hired_count),
    description: v.description as string,
    position: v.position as string,
    occupationVersionId: Number(v.occupation_version_id),
    occupationCode: v.occupation_code as string,
    occupationName: names.get(`${v.occupation_version_id}:${v.occupation_code}`) ?? null,
    generalEducation: v.general_education as string,
    technicalLevel: v.technical_level as string,
    skills: (v.skills as string | null) ?? null,
    languagesRequired: v.languages_required as string[],
    experience: v.experience as string,
    provinceCode: v.province_code as string,
    communeCode: v.commune_code as string,
    industrialZone: (v.industrial_zone as string | null) ?? null,
    contractType: (v.contract_type as string | null) ?? null,
    fullTime: v.full_time as boolean,
    wageKind: v.wage_kind as string,
    wageBand: (v.wage_band as number | null) ?? null,
    wageAmountVnd: v.wage_amount_vnd === null ? null : Number(v.wage_amount_vnd),
    wageCode: (v.wage_code as number | null) ?? null,
    benefits: v.benefits as string,
    conditions: v.conditions as string,
    priorityGroups: v.priority_groups as string[],
    recruitmentMode: v.recruitment_mode as string,
    deadline: v.deadline as string,
    services: v.services as string[],
    openedOn: v.opened_on as string,
    closedOn: (v.closed_on as string | null) ?? null,
    employer: {
      id: Number(v.employer_id),
      name: v.employer_name as string,
      kind: v.employer_kind as string,
      ownership: v.ownership as string,
      sectorCode: v.sector_code as string,
      mainProduct: v.main_product as string,
      workforceBand: Number(v.workforce_band),
      provinceCode: v.employer_province as string,
      ...(own
        ? {
            address: v.employer_address as string,
            phone: v.employer_phone as string,
            email: v.employer_email as string,
            representative: v.representative as string,
          }
        : {}),
    },
    contact: own
      ? {
          name: v.contact_name as string,
          phone: v.contact_phone as string,
          email: (v.contact_email as string | null) ?? null,
          optIn: v.contact_opt_in as boolean,
        }
      : null,
    allowedActions:
      own && actor.role === 'centre_staff'
        ? allowedActions(vacancyWorkflow, entity as never, actor).filter((a) => !SYSTEM_ACTIONS.has(a.action))
        : [],
  };
}
export type VacancyDetail = Awaited<ReturnType<typeof getVacancy>>;

export async function vacancyTimeline(actor: Actor, id: number) {
  await getVacancy(actor, id);
  return timeline(vacancyWorkflow, (await listEvents(vacancyWorkflow, id)) as never);
}

export async function listVacancies(
  actor: Actor,
  q: { q?: string; state?: string; mine?: boolean; page: number; pageSize: number },
) {
  if (!['admin', 'centre_staff'].includes(actor.role)) throw new ForbiddenError();
  const bind: unknown[] = [];
  const where: string[] = ['TRUE'];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  if (q.mine && actor.agencyId) where.push(`v.centre_id = ${p(actor.agencyId)}`);
  if (q.state) where.push(`v.state = ${p(q.state)}`);
  const term = (q.q ?? '').trim();
  if (/^[0-9]{1,4}$/.test(term)) where.push(`v.occupation_code LIKE ${p(`${term}%`)}`);
  else if (term)
    where.push(`(lower(v.title) LIKE ${p(`%${term.toLowerCase()}%`)} OR e.name_folded LIKE ${p(`%${fold(term)}%`)})`);
  const rows = await select<Record<string, unknown>>(
    `SELECT v.id, v.centre_id, v.title, v.state, v.number_to_hire, v.hired_count, v.deadline, v.province_code, v.commune_code,
            v.occupation_version_id, v.occupation_code, e.name AS employer_name, c.name AS centre_name
     FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id
     WHERE ${where.join(' AND ')} ORDER BY v.state = 'open' DESC, v.deadline, v.id LIMIT ${p(q.pageSize)} OFFSET ${p((q.page - 1) * q.pageSize)}`,
    bind,
  );
  const names = await occupationNames(
    rows.map((r) => ({ versionId: Number(r.occupation_version_id), code: String(r.occupation_code) })),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    own: actor.role === 'centre_staff' && Number(r.centre_id) === actor.agencyId,
    centreName: r.centre_name as string,
    title: r.title as string,
    state: r.state as string,
    numberToHire: Number(r.number_to_hire),
    hiredCount: Number(r.hired_count),
    deadline: r.deadline as string,
    provinceCode: r.province_code as string,
    communeCode: r.commune_code as string,
    occupationCode: r.occupation_code as string,
    occupationName: names.get(`${r.occupation_version_id}:${r.occupation_code}`) ?? null,
    employerName: r.employer_name as string,
  }));
}

export async function transitionVacancy(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  if (SYSTEM_ACTIONS.has(body.action))
    throw new ConflictError('Việc làm tự chuyển sang «Đã tuyển đủ» khi ghi nhận người được tuyển cuối cùng', {
      reason: 'ACTION_NOT_ALLOWED',
    });
  return applyAction(vacancyWorkflow, {
    model: Vacancy as never,
    id,
    scope: scopeFor(actor, 'vacancy'),
    action: body.action,
    input: body.input ?? {},
    expectedVersion: body.expectedVersion,
    actor,
  });
}

// ---- matching ----

/** The job seekers for the centre's own vacancy: its own registrations in full, other centres' as anonymised rows. */
export async function matchVacancy(actor: Actor, vacancyId: number) {
  const centre = await centreOf(actor);
  const v = await vacancyRow(vacancyId);
  if (!v || Number(v.centre_id) !== centre.id) throw new NotFoundError('Không tìm thấy việc làm');
  const on = today();
  const ranked = await rankSeekers(v, on);
  const own = ranked.filter((r) => Number(r.row.centre_id) === centre.id).map((r) => Number(r.row.id));
  const people = own.length
    ? await select<{ id: string; full_name: string; cccd: string }>(
        'SELECT s.id, w.full_name, w.cccd FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = ANY($1)',
        [own],
      )
    : [];
  const byId = new Map(people.map((p) => [Number(p.id), p]));
  const live = await select<{ job_seeker_id: string; id: string; state: string }>(
    "SELECT job_seeker_id, id, state FROM referrals WHERE vacancy_id = $1 AND state IN ('introduced', 'interviewed', 'hired')",
    [vacancyId],
  );
  const pending = await select<{ job_seeker_id: string }>(
    "SELECT job_seeker_id FROM introduction_requests WHERE vacancy_id = $1 AND status = 'pending'",
    [vacancyId],
  );
  const referred = new Map(live.map((l) => [Number(l.job_seeker_id), { id: Number(l.id), state: l.state }]));
  const asked = new Set(pending.map((p) => Number(p.job_seeker_id)));
  return ranked.map((r, i) => {
    const id = Number(r.row.id);
    const mine = Number(r.row.centre_id) === centre.id;
    const person = byId.get(id);
    const base = {
      rank: i + 1,
      jobSeekerId: id,
      own: mine,
      score: r.match.score,
      hardOk: r.match.hardOk,
      hard: r.match.hard,
      reasons: r.match.reasons,
      certifiedRank: r.certifiedRank,
      referral: referred.get(id) ?? null,
      requested: asked.has(id),
    };
    if (mine && person)
      return { ...base, fullName: person.full_name, cccdMasked: maskCccd(person.cccd), summary: null as string | null };
    // another centre's job seeker: one person, a province, a group, an availability; never a name or a CCCD
    return {
      ...base,
      fullName: null as string | null,
      cccdMasked: null as string | null,
      summary: `1 người ở ${r.row.residence_province ? provinceName(r.row.residence_province).replace(/^Tỉnh /, '') : 'tỉnh chưa rõ'}, nhóm nghề ${
        r.row.occ2 ?? r.row.occupation_code
      }, ${availabilityWords(r.row.available_from, Number(r.row.available_after_months), on)}`,
    };
  });
}

/** The vacancies for one job seeker (the centre's own registration, or the worker herself). */
export async function matchJobSeeker(actor: Actor, jobSeekerId: number) {
  const bind: unknown[] = [jobSeekerId];
  const [s] = await select<{ id: string; status: string }>(
    `SELECT s.id, s.status FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1 AND ${seekerScope(actor, bind)}`,
    bind,
  );
  if (!s || actor.role === 'commune_officer') throw new NotFoundError('Không tìm thấy người tìm việc');
  // E1: a withdrawn consent leaves matching at once
  if (s.status !== 'active') return [];
  const row = (await seekerRow(jobSeekerId))!;
  const on = today();
  const ranked = await rankVacancies(row, on);
  const ids = ranked.map((r) => Number(r.row.id));
  const extra = ids.length
    ? await select<{
        id: string;
        employer_name: string;
        centre_name: string;
        occupation_version_id: string;
        wage_kind: string;
        wage_amount_vnd: string | null;
      }>(
        `SELECT v.id, e.name AS employer_name, c.name AS centre_name, v.occupation_version_id, v.wage_kind, v.wage_amount_vnd
         FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id WHERE v.id = ANY($1)`,
        [ids],
      )
    : [];
  const byId = new Map(extra.map((e) => [Number(e.id), e]));
  const names = await occupationNames(
    ranked.map((r) => ({
      versionId: Number(byId.get(Number(r.row.id))?.occupation_version_id),
      code: r.row.occupation_code,
    })),
  );
  return ranked.map((r, i) => {
    const e = byId.get(Number(r.row.id));
    return {
      rank: i + 1,
      vacancyId: Number(r.row.id),
      title: r.row.title,
      employerName: e?.employer_name ?? '',
      centreName: e?.centre_name ?? '',
      own: actor.role === 'centre_staff' && Number(r.row.centre_id) === actor.agencyId,
      provinceCode: r.row.province_code,
      communeCode: r.row.commune_code,
      deadline: r.row.deadline,
      placesLeft: Number(r.row.number_to_hire) - Number(r.row.hired_count),
      occupationCode: r.row.occupation_code,
      occupationName: names.get(`${e?.occupation_version_id}:${r.row.occupation_code}`) ?? null,
      wageCode: r.row.wage_code,
      wageKind: e?.wage_kind ?? null,
      score: r.match.score,
      hardOk: r.match.hardOk,
      hard: r.match.hard,
      reasons: r.match.reasons,
    };
  });
}

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
  await execute(
    `INSERT INTO referral_events (referral_id, at, actor_user_id, action, from_state, to_state, input)
     VALUES ($1, $2, $3, 'create', NULL, 'introduced', $4)`,
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

/** The centre introduces its own job seeker to an open vacancy (its own or another centre's). */
export async function introduce(
  actor: Actor,
  input: { jobSeekerId: number; vacancyId: number; origin: 'person' | 'employer' },
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

// ---- the worker's own page ----

/** The signed-in worker's profile (null before she registers). */
export async function myProfile(actor: Actor) {
  if (actor.role !== 'worker' || !actor.workerId) throw new ForbiddenError();
  const [r] = await select<DetailRow>(`${DETAIL_SQL} WHERE s.worker_id = $1`, [actor.workerId]);
  return r ? toDetail(r) : null;
}

/** Whether the overseas list applies: she wants to work abroad and is 18 or older today (R1). */
export async function overseasApplies(actor: Actor, profile: { wantsAbroad: boolean; dateOfBirth: string } | null) {
  return Boolean(profile && profile.wantsAbroad && isAdultOn(profile.dateOfBirth, today()));
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
