// The job-seeker registry (Decree 352 Mẫu 01 + 01a) on the worker record: registration at a centre with the signed
// consent clause's scan, or by the worker in the portal with her own dated consent (E1); one person per CCCD; the
// profile read in scope (a centre its own, a commune its residents, a worker herself); consent withdrawn; and the
// helpers the other use cases of the exchange share (the actor's centre, places, occupation codes, plain rows).
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { verdict } from '../../shared/rules';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { TOTAL_CAP } from '../../shared/paging';
import { activeOccupationVersion, getCommune, occupationExists, occupationNames } from '../reference';
import {
  createWorker,
  grantPurpose,
  portalConsentEvidence,
  recordEmploymentFacts,
  withdrawPurpose,
  workerByIdentity,
} from '../workers';
import { availableFromOf, isAdultOn } from './exchange.rules';
import type { JobSeekerInput } from './exchange.schemas';

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
export async function listCentres(): Promise<
  { id: number; name: string; provinceCode: string; address: string | null }[]
> {
  const rows = await select<{ id: string; name: string; province_code: string; address: string | null }>(
    "SELECT id, name, province_code, address FROM agency_licences WHERE kind = 'employment_centre' AND status = 'active' ORDER BY province_code, name",
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, provinceCode: r.province_code, address: r.address }));
}

/** An occupation code must exist in the version in force; the record keeps that version. */
export async function occupationVersionFor(code: string, path = 'occupationCode'): Promise<number> {
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
export async function checkPlaces(pairs: { province?: string | null; commune?: string | null; path: string }[]) {
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

export function wageColumns(i: { wageKind?: string; wageBand?: number | null; wageAmountVnd?: number | null }) {
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

export async function insertRow(table: string, cols: Record<string, unknown>): Promise<number> {
  const keys = Object.keys(cols);
  const [r] = await select<{ id: string }>(
    `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    keys.map((k) => cols[k]),
  );
  return Number(r.id);
}

export async function updateRow(table: string, id: number, cols: Record<string, unknown>): Promise<void> {
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
  if (existing && existing.status === 'active' && Number(existing.centre_id) === centreId)
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
export function seekerScope(actor: Actor, bind: unknown[]): string {
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
