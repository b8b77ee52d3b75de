import { Op, UniqueConstraintError, literal, type Transaction, type WhereOptions } from 'sequelize';
import type { Request } from 'express';
import { sequelize } from '../../db/sequelize';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scoped } from '../../shared/auth/scope';
import { recordAccess, recordAudit } from '../../shared/audit';
import { checkCccd, maskCccd } from '../../shared/cccd';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { today } from '../../shared/clock';
import { cccdPrefixes, getCommune } from '../reference';
import { Worker, WorkerAgencyLink } from './workers.model';
import { TOTAL_CAP, cappedCount as cappedCountOf, countFor, pageBlock } from '../../shared/paging';
import type { ConsentInput, WorkerInput, WorkerQuery } from './workers.schemas';

// Admin: all; agency staff: workers linked to their agency; officers: residents of their commune or province;
// a worker: themself.
defineScope('worker', (actor) => {
  switch (actor.role) {
    case 'admin': return 'all';
    case 'agency_staff':
      return actor.agencyId
        ? { id: { [Op.in]: literal(`(SELECT worker_id FROM worker_agency_links WHERE agency_id = ${Number(actor.agencyId)})`) } }
        : 'none';
    case 'commune_officer': return actor.communeCode ? { communeCode: actor.communeCode } : 'none';
    case 'province_officer': return actor.provinceCode ? { provinceCode: actor.provinceCode } : 'none';
    case 'worker': return actor.workerId ? { id: actor.workerId } : 'none';
    default: return 'none';
  }
});

const IDENTITY = ['fullName', 'dateOfBirth', 'sex', 'cccd'] as const;

export function toListItem(w: Pick<Worker, 'id' | 'fullName' | 'dateOfBirth' | 'sex' | 'cccd' | 'provinceCode' | 'communeCode' | 'householdStatus'>) {
  return {
    id: Number(w.id), fullName: w.fullName, dateOfBirth: w.dateOfBirth, sex: w.sex, cccdMasked: maskCccd(w.cccd),
    provinceCode: w.provinceCode, communeCode: w.communeCode, householdStatus: w.householdStatus,
  };
}

function toDetail(w: Worker, links: WorkerAgencyLink[]) {
  const { fullNameFolded: _f, createdAt: _c, updatedAt: _u, ...rest } = w.get({ plain: true });
  return {
    ...rest, id: Number(w.id),
    links: links.map((l) => ({ agencyId: Number(l.agencyId), since: l.since, consentDate: l.consentDate, purposes: l.purposes, evidence: l.evidence })),
  };
}

/** Normalises and checks a worker's fields: NFC names, phone form, CCCD against date of birth and sex, commune in province. */
async function prepare(input: Partial<WorkerInput>, current?: Worker): Promise<Partial<WorkerInput> & { fullNameFolded?: string }> {
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
    if (!phone) problems.push({ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx hoặc +84xxxxxxxxx)' });
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
    else if (province && c.provinceCode !== province) problems.push({ path: 'communeCode', message: 'Xã/phường không thuộc tỉnh/thành phố đã chọn' });
    else out.provinceCode = c.provinceCode;
  }
  if (input.householdStatus && input.householdStatus !== 'none' && !(input.householdStatusYear ?? current?.householdStatusYear)) {
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
    return new ConflictError('Người lao động này đã có trong hệ thống. Hãy liên kết hồ sơ khi có sự đồng ý của người lao động.', {
      reason: 'ALREADY_REGISTERED', existingWorkerId: Number(existing.id),
    });
  }
  return new ConflictError('Số CCCD này đã được đăng ký với thông tin khác. Kiểm tra lại số CCCD, họ tên và ngày sinh.', { reason: 'CCCD_TAKEN' });
}

async function link(actor: Actor, workerId: number, consent: ConsentInput, transaction: Transaction) {
  await WorkerAgencyLink.create({
    workerId, agencyId: actor.agencyId!, since: today(), consentDate: consent.consentDate, purposes: consent.purposes,
    evidence: nfc(consent.evidence), createdByUserId: actor.userId,
  }, { transaction });
  await recordAudit({ actor, action: 'worker.linked', entity: 'worker', entityId: workerId, after: { agencyId: actor.agencyId, ...consent } }, transaction);
}

export async function createWorker(actor: Actor, input: WorkerInput & { consent?: ConsentInput }) {
  if (actor.role === 'agency_staff' && !input.consent) {
    throw new ValidationError([{ path: 'consent', message: 'Cần ghi nhận sự đồng ý xử lý dữ liệu cá nhân của người lao động' }]);
  }
  const { consent, ...fields } = input;
  const data = await prepare(fields);
  if (await Worker.findOne({ where: { cccd: fields.cccd }, attributes: ['id'] })) throw await duplicateConflict(fields.cccd, fields.fullName, fields.dateOfBirth);
  try {
    const id = await sequelize().transaction(async (transaction) => {
      const w = await Worker.create({ ...(data as WorkerInput), fullNameFolded: data.fullNameFolded!, createdByAgencyId: actor.agencyId }, { transaction });
      await recordAudit({ actor, action: 'worker.created', entity: 'worker', entityId: w.id, after: toDetail(w, []) }, transaction);
      if (actor.role === 'agency_staff' && consent) await link(actor, w.id, consent, transaction);
      return w.id;
    });
    return getWorkerUnlogged(actor, id);
  } catch (err) {
    // two registrations of one CCCD racing: the unique index decides, the loser gets the same answer
    if (err instanceof UniqueConstraintError) throw await duplicateConflict(fields.cccd, fields.fullName, fields.dateOfBirth);
    throw err;
  }
}

export async function linkWorker(actor: Actor, workerId: number, input: ConsentInput & { cccd: string; fullName: string; dateOfBirth: string }) {
  const w = await Worker.findByPk(workerId, { attributes: ['id', 'cccd', 'fullNameFolded', 'dateOfBirth'] });
  // Without the three matching facts the id answers exactly like one that does not exist.
  if (!w || w.cccd !== input.cccd || w.fullNameFolded !== fold(input.fullName) || w.dateOfBirth !== input.dateOfBirth) {
    throw new NotFoundError('Không tìm thấy người lao động');
  }
  if (await WorkerAgencyLink.findOne({ where: { workerId, agencyId: actor.agencyId! } })) {
    throw new ConflictError('Người lao động đã được liên kết với doanh nghiệp', { reason: 'ALREADY_LINKED' });
  }
  try {
    await sequelize().transaction((transaction) => link(actor, workerId, input, transaction));
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw new ConflictError('Người lao động đã được liên kết với doanh nghiệp', { reason: 'ALREADY_LINKED' });
    throw err;
  }
  return getWorkerUnlogged(actor, workerId);
}

async function findScoped(actor: Actor, id: number, transaction?: Transaction): Promise<Worker> {
  const w = await Worker.findOne({ where: scoped(actor, 'worker', { id }), transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  if (!w) throw new NotFoundError('Không tìm thấy người lao động');
  return w;
}

async function getWorkerUnlogged(actor: Actor, id: number) {
  const w = await findScoped(actor, id);
  const links = await WorkerAgencyLink.findAll({ where: { workerId: id }, order: [['id', 'ASC']] });
  // Other agencies' links stay invisible to agency staff (competing applications are private).
  return toDetail(w, actor.role === 'agency_staff' ? links.filter((l) => l.agencyId === actor.agencyId) : links);
}

/** One worker's detail; the read is written to the access log. */
export async function getWorker(actor: Actor, id: number, req: Request) {
  const detail = await getWorkerUnlogged(actor, id);
  await recordAccess(actor, 'worker', id, req);
  return detail;
}

/** Identity fields may be corrected by an admin, or by the creating agency while no other agency is linked. */
async function mayCorrectIdentity(actor: Actor, w: Worker, transaction: Transaction): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'agency_staff' || w.createdByAgencyId !== actor.agencyId) return false;
  const others = await WorkerAgencyLink.count({ where: { workerId: w.id, agencyId: { [Op.ne]: actor.agencyId! } }, transaction });
  return others === 0;
}

export async function updateWorker(actor: Actor, id: number, input: Partial<WorkerInput>) {
  await sequelize().transaction(async (transaction) => {
    const w = await findScoped(actor, id, transaction);
    const identityChange = IDENTITY.filter((k) => input[k] !== undefined && input[k] !== w[k]);
    if (identityChange.length && !(await mayCorrectIdentity(actor, w, transaction))) {
      throw new ForbiddenError('Chỉ quản trị viên, hoặc doanh nghiệp tạo hồ sơ khi chưa có doanh nghiệp khác liên kết, được sửa họ tên, ngày sinh, giới tính, số CCCD');
    }
    const data = await prepare(input, w);
    const before = toDetail(w, []);
    try {
      await w.update(data, { transaction });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new ConflictError('Số CCCD này đã được đăng ký cho người khác', { reason: 'CCCD_TAKEN' });
      throw err;
    }
    await recordAudit({
      actor, action: identityChange.length ? 'worker.identity_corrected' : 'worker.updated', entity: 'worker', entityId: id,
      before: { ...before, links: undefined }, after: { ...toDetail(w, []), links: undefined },
    }, transaction);
  });
  return getWorkerUnlogged(actor, id);
}

type Filters = Record<string | symbol, unknown>;

function filtersOf(q: WorkerQuery): Filters {
  const where: Filters = {};
  if (q.provinceCode) where.provinceCode = q.provinceCode;
  if (q.communeCode) where.communeCode = q.communeCode;
  if (q.householdStatus) where.householdStatus = q.householdStatus;
  return where;
}

/** Byte order of folded names (ASCII): the order of the workers_name_order index. */
const NAME_ORDER: [ReturnType<typeof literal>, string][] = [[literal('full_name_folded COLLATE "C"'), 'ASC'], [literal('id'), 'ASC']];
const byName = (a: { fullNameFolded: string; id: number }, b: { fullNameFolded: string; id: number }) =>
  (a.fullNameFolded < b.fullNameFolded ? -1 : a.fullNameFolded > b.fullNameFolded ? 1 : Number(a.id) - Number(b.id));

/**
 * Every word of q must begin a word of the name ('nguyen thi hang' and 'hang' both find "Nguyễn Thị Hằng").
 * The matches split in two: names whose first word begins with q's first word (a btree range, read in order) and
 * names where only a later word does (GIN on the later words). Each side answers its first rows without sorting
 * the other's, even for a surname a third of the workers share.
 */
function nameBranches([first]: string[]): WhereOptions[] {
  const esc = (v: string) => sequelize().escape(v);
  const next = first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + 1);
  const range = `full_name_folded COLLATE "C" >= ${esc(first)} AND full_name_folded COLLATE "C" < ${esc(next)}`;
  // One word: the branch condition says it all, so no row is rechecked against the all-words index.
  return [
    { [Op.and]: [literal(range)] },
    { [Op.and]: [literal(`later_words @@ to_tsquery('simple', ${esc(`${first}:*`)})`), literal(`NOT (${range})`)] },
  ];
}

const LIST_ATTRS = ['id', 'fullName', 'fullNameFolded', 'dateOfBirth', 'sex', 'cccd', 'provinceCode', 'communeCode', 'householdStatus'] as const;

const cappedCount = (where: WhereOptions) => cappedCountOf(Worker as never, where);
const page = (rows: Worker[], q: WorkerQuery, n: number) => ({ data: rows.map(toListItem), page: pageBlock(q, n) });

/** Search in the actor's scope, ordered by folded name; the total is counted up to 10,001 and capped. */
export async function listWorkers(actor: Actor, q: WorkerQuery) {
  const filters = filtersOf(q);
  const offset = (q.page - 1) * q.pageSize;
  const text = q.q?.trim();
  const digits = text?.replace(/[\s.+()-]/g, '') ?? '';
  const phone = text ? normalisePhone(text) : null;
  const words = text && !/^[0-9]{12}$/.test(digits) && !phone ? fold(text).split(' ').filter(Boolean) : [];

  if (!words.length) {
    if (text && /^[0-9]{12}$/.test(digits)) filters.cccd = digits;
    else if (phone) filters.phone = phone;
    else if (text) return page([], q, 0); // nothing searchable in q
    const where = scoped(actor, 'worker', filters as WhereOptions);
    const rows = await Worker.findAll({ attributes: [...LIST_ATTRS], where, order: NAME_ORDER, limit: q.pageSize, offset, raw: true });
    return page(rows, q, await countFor(Worker as never, where, q, rows.length));
  }

  if (words.length > 1) {
    // Several words: the GIN index intersects them (selective); the few matches are sorted, not walked in order.
    const tsq = words.map((w) => `${w}:*`).join(' & ');
    const where = scoped(actor, 'worker', { ...filters, [Op.and]: [literal(`name_words @@ to_tsquery('simple', ${sequelize().escape(tsq)})`)] } as WhereOptions);
    const sorted = [[literal(`(full_name_folded COLLATE "C") || ''`), 'ASC'], [literal('id'), 'ASC']] as typeof NAME_ORDER;
    const found = await Worker.findAll({ attributes: [...LIST_ATTRS], where, order: sorted, limit: q.pageSize, offset, raw: true });
    return page(found, q, await countFor(Worker as never, where, q, found.length));
  }
  const wheres = nameBranches(words).map((branch) => scoped(actor, 'worker', { ...filters, [Op.and]: [branch] } as WhereOptions));
  // NOTE: the later-word side is sorted, never walked in index order: a surname that is nobody's later word
  // (pham, quach) would otherwise read the whole name index looking for a first match.
  const orders = [NAME_ORDER, [[literal(`(full_name_folded COLLATE "C") || ''`), 'ASC'], [literal('id'), 'ASC']] as typeof NAME_ORDER];
  const sides = await Promise.all(wheres.map((where, i) => Worker.findAll({ attributes: [...LIST_ATTRS], where, order: orders[i], limit: offset + q.pageSize, raw: true })));
  const rows = [...sides[0], ...sides[1]].sort(byName).slice(offset, offset + q.pageSize);
  const full = sides.map((side) => side.length >= offset + q.pageSize);
  const first = full[0] ? await cappedCount(wheres[0]) : sides[0].length;
  // past the cap the second side cannot change the answer
  const second = first > TOTAL_CAP ? 0 : full[1] ? await cappedCount(wheres[1]) : sides[1].length;
  return page(rows, q, first + second);
}
