import { Op, UniqueConstraintError, literal, type Transaction, type WhereOptions } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeIsAll, scoped } from '../../shared/auth/scope';
import { recordAccess, recordAudit } from '../../shared/audit';
import { checkCccd, maskCccd } from '../../shared/cccd';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { dateInVietnam, today } from '../../shared/clock';
import { VERIFICATION_METHOD_LABELS, VERIFIED_IDENTITY_RULE, type VerificationMethod } from './workers.identity';
import { cccdPrefixes, getCommune } from '../reference';
import { Worker, WorkerAgencyLink } from './workers.model';
import { execute, select, whereSql } from '../../db/sql';
import { fileStore, requireReadableFile } from '../../shared/files';
import { requireActiveAgency } from '../agencies';
import { countFor, pageBlock } from '../../shared/paging';
import { LIST_COLUMNS, nameCondition, nameWords, searchByName, type ListRow, type Runner } from './workers.search';
import type { ConsentInput, WorkerInput, WorkerQuery } from './workers.schemas';

// Admin: all; agency staff: workers linked to their agency; officers: residents of their commune or province;
// a worker: themself.
defineScope('worker', (actor) => {
  switch (actor.role) {
    case 'admin':
      return 'all';
    case 'agency_staff':
    case 'centre_staff':
      // the organisation's consent links; a consent withdrawn (E1) hides the person again
      return actor.agencyId
        ? {
            id: {
              [Op.in]: literal(
                `(SELECT worker_id FROM worker_agency_links WHERE agency_id = ${Number(actor.agencyId)} AND withdrawn_on IS NULL)`,
              ),
            },
          }
        : 'none';
    case 'commune_officer':
      return actor.communeCode ? { communeCode: actor.communeCode } : 'none';
    case 'province_officer':
      return actor.provinceCode ? { provinceCode: actor.provinceCode } : 'none';
    case 'worker':
      return actor.workerId ? { id: actor.workerId } : 'none';
    default:
      return 'none';
  }
});

const IDENTITY = ['fullName', 'dateOfBirth', 'sex', 'cccd'] as const;

export function toListItem(w: ListRow) {
  return {
    id: Number(w.id),
    fullName: w.fullName,
    dateOfBirth: w.dateOfBirth,
    sex: w.sex,
    cccdMasked: maskCccd(w.cccd),
    provinceCode: w.provinceCode,
    communeCode: w.communeCode,
    householdStatus: w.householdStatus,
  };
}

/** A consent link as the detail shows it (model instance or plain row: BIGINTs may come as strings). */
const toLink = (l: {
  agencyId: number | string;
  since: string;
  consentDate: string;
  purposes: string[];
  evidence: string;
  consentFileId?: number | string | null;
}) => ({
  agencyId: Number(l.agencyId),
  since: l.since,
  consentDate: l.consentDate,
  purposes: l.purposes,
  evidence: l.evidence,
  consentFileId: l.consentFileId === null || l.consentFileId === undefined ? null : Number(l.consentFileId),
});

function toDetail(w: Worker, links: WorkerAgencyLink[]) {
  const {
    fullNameFolded: _f,
    createdAt: _c,
    updatedAt: _u,
    identityVerifiedAt: at,
    identityVerifiedMethod: method,
    identityVerifiedByUserId: _b,
    ...rest
  } = w.get({ plain: true });
  return {
    ...rest,
    id: Number(w.id),
    identityVerification: verificationOf(at ?? null, method ?? null),
    links: links.map(toLink),
  };
}

/** The verification as the detail shows it: when (ISO instant), how, and the method in words; null when never. */
function verificationOf(at: Date | string | null, method: string | null) {
  if (!at || !method) return null;
  const instant = at instanceof Date ? at : new Date(at);
  return {
    at: instant.toISOString(),
    on: dateInVietnam(instant),
    method,
    methodLabel: VERIFICATION_METHOD_LABELS[method as VerificationMethod] ?? method,
  };
}

/** Normalises and checks a worker's fields: NFC names, phone form, CCCD against date of birth and sex, commune in province. */
async function prepare(
  input: Partial<WorkerInput>,
  current?: Worker,
): Promise<Partial<WorkerInput> & { fullNameFolded?: string }> {
  const out: Partial<WorkerInput> & { fullNameFolded?: string } = { ...input };
  const problems: FieldProblem[] = [];
  if (input.fullName !== undefined) {
    out.fullName = nfc(input.fullName);
    out.fullNameFolded = fold(out.fullName);
  }
  for (const k of ['street', 'ethnicity', 'oldProvinceName', 'oldDistrictName'] as const) {
    if (typeof input[k] === 'string') out[k] = nfc(input[k] as string);
  }
  if (input.phone) {
    const phone = normalisePhone(input.phone);
    if (!phone)
      problems.push({ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx hoặc +84xxxxxxxxx)' });
    else out.phone = phone;
  }
  if (input.email) out.email = input.email.toLowerCase();
  const cccd = input.cccd ?? current?.cccd;
  const dob = input.dateOfBirth ?? current?.dateOfBirth;
  const sex = input.sex ?? current?.sex;
  if (cccd && dob && sex && (input.cccd !== undefined || input.dateOfBirth !== undefined || input.sex !== undefined)) {
    problems.push(...checkCccd(cccd, dob, sex, await cccdPrefixes()));
  }
  if (dob && dob > today()) problems.push({ path: 'dateOfBirth', message: 'Ngày sinh không được sau hôm nay' });
  const commune = input.communeCode ?? (input.provinceCode !== undefined ? current?.communeCode : undefined);
  if (commune) {
    const c = await getCommune(commune);
    const province = input.provinceCode ?? current?.provinceCode ?? c?.provinceCode;
    if (!c) problems.push({ path: 'communeCode', message: 'Mã xã/phường không tồn tại' });
    else if (province && c.provinceCode !== province)
      problems.push({ path: 'communeCode', message: 'Xã/phường không thuộc tỉnh/thành phố đã chọn' });
    else out.provinceCode = c.provinceCode;
  }
  // the status and its year together, as they will be stored (the CHECK on workers says the same)
  const status = input.householdStatus ?? current?.householdStatus ?? 'none';
  const year =
    input.householdStatusYear !== undefined ? input.householdStatusYear : (current?.householdStatusYear ?? null);
  if ((input.householdStatus !== undefined || input.householdStatusYear !== undefined) && status !== 'none' && !year) {
    problems.push({ path: 'householdStatusYear', message: 'Cần năm được xác nhận hộ nghèo/cận nghèo/mới thoát nghèo' });
  }
  if (problems.length) throw new ValidationError(problems);
  return out;
}

/**
 * A CCCD already registered never creates a twin and never leaks a stranger: when the full name and date of birth
 * also match, the 409 carries the existing id so the agency can link the person with their consent.
 */
async function duplicateConflict(cccd: string, fullName: string, dateOfBirth: string): Promise<ConflictError> {
  const existing = await Worker.findOne({ where: { cccd }, attributes: ['id', 'fullNameFolded', 'dateOfBirth'] });
  if (existing && existing.fullNameFolded === fold(fullName) && existing.dateOfBirth === dateOfBirth) {
    return new ConflictError(
      'Người lao động này đã có trong hệ thống. Hãy liên kết hồ sơ khi có sự đồng ý của người lao động.',
      {
        reason: 'ALREADY_REGISTERED',
        existingWorkerId: Number(existing.id),
      },
    );
  }
  return new ConflictError(
    'Số CCCD này đã được đăng ký với thông tin khác. Kiểm tra lại số CCCD, họ tên và ngày sinh.',
    { reason: 'CCCD_TAKEN' },
  );
}

/** A new consent link, with the scanned consent form (a file the actor's agency uploaded: any other answers 404). */
async function link(actor: Actor, workerId: number, consent: ConsentInput, transaction: Transaction) {
  const scan = (await fileStore().info([consent.fileId])).get(consent.fileId)!;
  await WorkerAgencyLink.create(
    {
      workerId,
      agencyId: actor.agencyId!,
      since: today(),
      consentDate: consent.consentDate,
      purposes: consent.purposes,
      evidence: nfc(consent.evidence),
      consentFileId: consent.fileId,
      createdByUserId: actor.userId,
    },
    { transaction },
  );
  await recordAudit(
    {
      actor,
      action: 'worker.linked',
      entity: 'worker',
      entityId: workerId,
      after: {
        agencyId: actor.agencyId,
        ...consent,
        consentFile: { id: scan.id, sha256: scan.sha256, mime: scan.mime, size: scan.size },
      },
    },
    transaction,
  );
}

export async function createWorker(actor: Actor, input: WorkerInput & { consent?: ConsentInput }) {
  if (!input.consent) {
    throw new ValidationError([
      { path: 'consent', message: 'Cần ghi nhận sự đồng ý xử lý dữ liệu cá nhân của người lao động' },
    ]);
  }
  if (actor.role === 'agency_staff' || actor.role === 'centre_staff') await requireActiveAgency(actor);
  await requireReadableFile(actor, input.consent.fileId, 'consent.fileId');
  const { consent, ...fields } = input;
  const data = await prepare(fields);
  if (await Worker.findOne({ where: { cccd: fields.cccd }, attributes: ['id'] }))
    throw await duplicateConflict(fields.cccd, fields.fullName, fields.dateOfBirth);
  try {
    const id = await inTransaction(async (transaction) => {
      const w = await Worker.create(
        { ...(data as WorkerInput), fullNameFolded: data.fullNameFolded!, createdByAgencyId: actor.agencyId },
        { transaction },
      );
      // an admin registers with the person's consent on file too (kept in the audit: an admin belongs to no agency)
      await recordAudit(
        {
          actor,
          action: 'worker.created',
          entity: 'worker',
          entityId: w.id,
          after: { ...toDetail(w, []), ...(actor.agencyId ? {} : { consent }) },
        },
        transaction,
      );
      if (actor.role === 'agency_staff' || actor.role === 'centre_staff') await link(actor, w.id, consent, transaction);
      return w.id;
    });
    return writtenDetail(actor, id);
  } catch (err) {
    // two registrations of one CCCD racing: the unique index decides, the loser gets the same answer
    if (err instanceof UniqueConstraintError)
      throw await duplicateConflict(fields.cccd, fields.fullName, fields.dateOfBirth);
    throw err;
  }
}

export async function linkWorker(
  actor: Actor,
  workerId: number,
  input: ConsentInput & { cccd: string; fullName: string; dateOfBirth: string },
) {
  await requireActiveAgency(actor);
  await requireReadableFile(actor, input.fileId, 'fileId');
  const w = await Worker.findByPk(workerId, { attributes: ['id', 'cccd', 'fullNameFolded', 'dateOfBirth'] });
  // Without the three matching facts the id answers exactly like one that does not exist.
  if (!w || w.cccd !== input.cccd || w.fullNameFolded !== fold(input.fullName) || w.dateOfBirth !== input.dateOfBirth) {
    throw new NotFoundError('Không tìm thấy người lao động');
  }
  if (await WorkerAgencyLink.findOne({ where: { workerId, agencyId: actor.agencyId! } })) {
    throw new ConflictError('Người lao động đã được liên kết với doanh nghiệp', { reason: 'ALREADY_LINKED' });
  }
  try {
    await inTransaction((transaction) => link(actor, workerId, input, transaction));
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('Người lao động đã được liên kết với doanh nghiệp', { reason: 'ALREADY_LINKED' });
    throw err;
  }
  return writtenDetail(actor, workerId);
}

async function findScoped(actor: Actor, id: number, transaction?: Transaction): Promise<Worker> {
  const w = await Worker.findOne({
    where: scoped(actor, 'worker', { id }),
    transaction,
    lock: transaction ? transaction.LOCK.UPDATE : undefined,
  });
  if (!w) throw new NotFoundError('Không tìm thấy người lao động');
  return w;
}

const DETAIL_COLUMNS = `"id", "full_name" AS "fullName", "date_of_birth" AS "dateOfBirth", "sex", "cccd", "cccd_issued_on" AS "cccdIssuedOn",
  "phone", "email", "ethnicity", "province_code" AS "provinceCode", "commune_code" AS "communeCode", "street",
  "old_province_name" AS "oldProvinceName", "old_district_name" AS "oldDistrictName", "education",
  "general_education" AS "generalEducation", "technical_level" AS "technicalLevel", "languages",
  "household_status" AS "householdStatus", "household_status_year" AS "householdStatusYear", "land_recovered" AS "landRecovered",
  "meritorious_family" AS "meritoriousFamily", "created_by_agency_id" AS "createdByAgencyId",
  "identity_verified_at" AS "identityVerifiedAt", "identity_verified_method" AS "identityVerifiedMethod"`;

type DetailRow = Omit<ReturnType<typeof toDetail>, 'id' | 'createdByAgencyId' | 'links' | 'identityVerification'> & {
  id: string;
  createdByAgencyId: string | null;
  identityVerifiedAt: Date | null;
  identityVerifiedMethod: string | null;
};

/** The detail in two plain statements (a hot read: no model instances). */
async function getWorkerUnlogged(actor: Actor, id: number) {
  const [w] = await select<DetailRow>(
    `SELECT ${DETAIL_COLUMNS} FROM "workers" AS "Worker" WHERE ${whereSql(Worker as never, scoped(actor, 'worker', { id }))} LIMIT 1`,
  );
  if (!w) throw new NotFoundError('Không tìm thấy người lao động');
  const { identityVerifiedAt, identityVerifiedMethod, ...fields } = w;
  const links = await select<{
    agencyId: string;
    since: string;
    consentDate: string;
    purposes: string[];
    evidence: string;
    consentFileId: string | null;
  }>(
    'SELECT agency_id AS "agencyId", since, consent_date AS "consentDate", purposes, evidence, consent_file_id AS "consentFileId" FROM worker_agency_links WHERE worker_id = $1 ORDER BY id',
    [id],
  );
  return {
    ...fields,
    id: Number(w.id),
    createdByAgencyId: w.createdByAgencyId === null ? null : Number(w.createdByAgencyId),
    identityVerification: verificationOf(identityVerifiedAt, identityVerifiedMethod),
    // Other agencies' links stay invisible to agency staff (competing applications are private).
    links: links
      .filter(
        (l) =>
          (actor.role !== 'agency_staff' && actor.role !== 'centre_staff') || Number(l.agencyId) === actor.agencyId,
      )
      .map(toLink),
  };
}

/** One worker's detail; the read is written to the access log. */
export async function getWorker(actor: Actor, id: number) {
  const detail = await getWorkerUnlogged(actor, id);
  await recordAccess(actor, 'worker.read', 'worker', id);
  return detail;
}

/** The detail answered after a write: it carries the full CCCD, so it is logged like a read. */
async function writtenDetail(actor: Actor, id: number) {
  const detail = await getWorkerUnlogged(actor, id);
  await recordAccess(actor, 'worker.written', 'worker', id);
  return detail;
}

/** Identity fields may be corrected by an admin, or by the creating agency while no other agency is linked. */
async function mayCorrectIdentity(actor: Actor, w: Worker, transaction: Transaction): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'agency_staff' || w.createdByAgencyId !== actor.agencyId) return false;
  const others = await WorkerAgencyLink.count({
    where: { workerId: w.id, agencyId: { [Op.ne]: actor.agencyId! } },
    transaction,
  });
  return others === 0;
}

export async function updateWorker(actor: Actor, id: number, input: Partial<WorkerInput>) {
  await inTransaction(async (transaction) => {
    const w = await findScoped(actor, id, transaction);
    const identityChange = IDENTITY.filter((k) => input[k] !== undefined && input[k] !== w[k]);
    // Decree 318/2025: verified identity fields change only through re-verification (/xac-thuc)
    if (identityChange.length && w.identityVerifiedAt) {
      throw new ConflictError(VERIFIED_IDENTITY_RULE, {
        reason: 'IDENTITY_VERIFIED',
        fields: identityChange,
        verifiedAt: new Date(w.identityVerifiedAt).toISOString(),
        method: w.identityVerifiedMethod,
      });
    }
    if (identityChange.length && !(await mayCorrectIdentity(actor, w, transaction))) {
      throw new ForbiddenError(
        'Chỉ quản trị viên, hoặc doanh nghiệp tạo hồ sơ khi chưa có doanh nghiệp khác liên kết, được sửa họ tên, ngày sinh, giới tính, số CCCD',
      );
    }
    const data = await prepare(input, w);
    const before = toDetail(w, []);
    try {
      await w.update(data, { transaction });
    } catch (err) {
      if (err instanceof UniqueConstraintError)
        throw new ConflictError('Số CCCD này đã được đăng ký cho người khác', { reason: 'CCCD_TAKEN' });
      throw err;
    }
    await recordAudit(
      {
        actor,
        action: identityChange.length ? 'worker.identity_corrected' : 'worker.updated',
        entity: 'worker',
        entityId: id,
        before: { ...before, links: undefined },
        after: { ...toDetail(w, []), links: undefined },
      },
      transaction,
    );
  });
  return writtenDetail(actor, id);
}

type Filters = Record<string | symbol, unknown>;

function filtersOf(q: WorkerQuery): Filters {
  const where: Filters = {};
  if (q.provinceCode) where.provinceCode = q.provinceCode;
  if (q.communeCode) where.communeCode = q.communeCode;
  if (q.householdStatus) where.householdStatus = q.householdStatus;
  return where;
}

/** Byte order of folded names (ASCII), then id: the order of the workers_name_order index. */
const NAME_ORDER = ' ORDER BY ("Worker"."full_name_folded" COLLATE "C"), "Worker"."id"';
const run: Runner = (sql) => select(sql);
const page = (rows: ListRow[], q: WorkerQuery, n: number) => ({ data: rows.map(toListItem), page: pageBlock(q, n) });

/** One page of `where` in name order, read through the index the planner picks for it (a scope, a CCCD…). */
async function scopedPage(where: WhereOptions, q: WorkerQuery) {
  const rows = await select<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM "workers" AS "Worker" WHERE ${whereSql(Worker as never, where)}` +
      `${NAME_ORDER} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return page(rows, q, await countFor(Worker as never, where, q, rows.length));
}

/** Search in the actor's scope, ordered by folded name; the total is counted up to 10,001 and capped. */
export async function listWorkers(actor: Actor, q: WorkerQuery) {
  const filters = filtersOf(q);
  const text = q.q?.trim();
  const digits = text?.replace(/[\s.+()-]/g, '') ?? '';
  const phone = text ? normalisePhone(text) : null;
  const words = text && !/^[0-9]{12}$/.test(digits) && !phone ? nameWords(fold(text)) : [];

  if (!words.length) {
    if (text && /^[0-9]{12}$/.test(digits)) filters.cccd = digits;
    else if (phone) filters.phone = phone;
    else if (text) return page([], q, 0); // nothing searchable in q
    return scopedPage(scoped(actor, 'worker', filters as WhereOptions), q);
  }
  // Inside a commune, a province or an agency's workers, the scope's own index leads; over the whole registry
  // (an admin, or only a household filter), the name words do (workers.search.ts).
  if (scopeIsAll(actor, 'worker') && !q.communeCode && !q.provinceCode) {
    const filterSql = Object.keys(filters).length ? whereSql(Worker as never, filters as WhereOptions) : null;
    const { rows, total } = await searchByName(run, { words, filterSql, page: q.page, pageSize: q.pageSize });
    return page(rows, q, total);
  }
  return scopedPage(
    scoped(actor, 'worker', { ...filters, [Op.and]: [literal(nameCondition(words))] } as WhereOptions),
    q,
  );
}

/** Where a worker lives (province and commune codes), for the scope of another module's rows (obligations). */
export async function residenceOf(
  workerId: number,
): Promise<{ provinceCode: string | null; communeCode: string | null }> {
  const [w] = await select<{ provinceCode: string | null; communeCode: string | null }>(
    'SELECT province_code AS "provinceCode", commune_code AS "communeCode" FROM workers WHERE id = $1',
    [workerId],
  );
  return w ?? { provinceCode: null, communeCode: null };
}

/** A worker as pickers show her: name and masked CCCD (no access-log entry: nothing beyond what lists show). */
export async function workerLabel(id: number): Promise<{ id: number; label: string } | null> {
  const [w] = await select<{ full_name: string; cccd: string }>('SELECT full_name, cccd FROM workers WHERE id = $1', [
    id,
  ]);
  return w ? { id, label: `${w.full_name} (${maskCccd(w.cccd)})` } : null;
}

/** What support-grant eligibility reads of a worker (R1, R24): birth, ethnicity, residence old and new, household. */
export interface GrantWorkerFacts {
  fullName: string;
  dateOfBirth: string;
  ethnicity: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  oldProvinceName: string | null;
  oldDistrictName: string | null;
  householdStatus: 'poor' | 'near_poor' | 'escaped_poverty' | 'none';
  householdStatusYear: number | null;
  landRecovered: boolean;
  meritoriousFamily: boolean;
}
export async function grantFactsOf(workerId: number): Promise<GrantWorkerFacts | null> {
  const [w] = await select<GrantWorkerFacts>(
    `SELECT full_name AS "fullName", date_of_birth AS "dateOfBirth", ethnicity, province_code AS "provinceCode",
            commune_code AS "communeCode", old_province_name AS "oldProvinceName", old_district_name AS "oldDistrictName",
            household_status AS "householdStatus", household_status_year AS "householdStatusYear",
            land_recovered AS "landRecovered", meritorious_family AS "meritoriousFamily"
     FROM workers WHERE id = $1`,
    [workerId],
  );
  return w ?? null;
}

/**
 * A commune officer's certification of a resident's household status for a year (R27), in the caller's
 * transaction; audited. Only the worker's own commune may certify (the caller checked the scope).
 */
export async function certifyHousehold(
  actor: Actor,
  workerId: number,
  status: GrantWorkerFacts['householdStatus'],
  year: number,
): Promise<void> {
  const before = await grantFactsOf(workerId);
  await execute(
    'UPDATE workers SET household_status = $2, household_status_year = $3, updated_at = now() WHERE id = $1',
    [workerId, status, status === 'none' ? null : year],
  );
  await recordAudit({
    actor,
    action: 'worker.household_certified',
    entity: 'worker',
    entityId: workerId,
    before: { householdStatus: before?.householdStatus, householdStatusYear: before?.householdStatusYear },
    after: { householdStatus: status, householdStatusYear: status === 'none' ? null : year },
  });
}
