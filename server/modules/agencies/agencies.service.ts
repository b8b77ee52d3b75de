import { Op } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import { select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scoped } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { Agency, AgencyBranch } from './agencies.model';
import type { AgencyInput } from './agencies.schemas';

// Admin sees every agency; agency staff their own; nobody else.
defineScope('agency', (actor) => {
  if (actor.role === 'admin') return 'all';
  if (actor.role === 'agency_staff' && actor.agencyId) return { id: actor.agencyId };
  return 'none';
});

const BRANCH_ATTRS = ['id', 'name', 'address', 'provinceCode', 'status'];

export function toAgencyDto(a: Agency) {
  const {
    createdAt: _c,
    updatedAt: _u,
    branches,
    ...rest
  } = a.get({ plain: true }) as Agency & { branches?: AgencyBranch[] };
  return {
    ...rest,
    id: Number(rest.id),
    branches: (branches ?? []).map((b) => ({
      id: Number(b.id),
      name: b.name,
      address: b.address,
      provinceCode: b.provinceCode,
      status: b.status,
    })),
  };
}

function checkCoherent(a: Partial<AgencyInput>): void {
  const problems: FieldProblem[] = [];
  if (a.kind === 'service_enterprise' && !a.licenceNumber)
    problems.push({
      path: 'licenceNumber',
      message: 'Doanh nghiệp dịch vụ phải có số giấy phép (Luật 69/2020, Điều 10)',
    });
  if (a.licenceIssuedOn && a.licenceExpiresOn && a.licenceExpiresOn <= a.licenceIssuedOn)
    problems.push({ path: 'licenceExpiresOn', message: 'Ngày hết hạn phải sau ngày cấp' });
  if (a.depositConfirmed && (!a.depositBank || !a.depositConfirmedOn))
    problems.push({ path: 'depositBank', message: 'Xác nhận ký quỹ cần tên ngân hàng và ngày xác nhận' });
  if (problems.length) throw new ValidationError(problems);
}

export async function listAgencies(actor: Actor, q: { q?: string; kind?: string; page: number; pageSize: number }) {
  const where = scoped(actor, 'agency', {
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.q
      ? {
          [Op.or]: [
            { name: { [Op.iLike]: `%${q.q}%` } },
            { licenceNumber: { [Op.iLike]: `%${q.q}%` } },
            { taxCode: q.q },
          ],
        }
      : {}),
  });
  const { rows, count } = await Agency.findAndCountAll({
    where,
    order: [['name', 'ASC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { data: rows.map(toAgencyDto), page: { number: q.page, size: q.pageSize, total: count, totalCapped: false } };
}

export async function getAgency(actor: Actor, id: number) {
  const a = await Agency.findOne({
    where: scoped(actor, 'agency', { id }),
    include: [{ model: AgencyBranch, as: 'branches', attributes: BRANCH_ATTRS }],
    order: [[{ model: AgencyBranch, as: 'branches' }, 'id', 'ASC']],
  });
  if (!a) throw new NotFoundError('Không tìm thấy doanh nghiệp');
  return toAgencyDto(a);
}

export async function createAgency(actor: Actor, input: AgencyInput) {
  checkCoherent(input);
  return inTransaction(async (transaction) => {
    const a = await Agency.create({ ...input, name: input.name.normalize('NFC') } as AgencyInput, { transaction });
    await recordAudit(
      { actor, action: 'agency.created', entity: 'agency', entityId: a.id, after: toAgencyDto(a) },
      transaction,
    );
    return toAgencyDto(a);
  });
}

export async function updateAgency(actor: Actor, id: number, input: Partial<AgencyInput>) {
  await inTransaction(async (transaction) => {
    const a = await Agency.findOne({
      where: scoped(actor, 'agency', { id }),
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!a) throw new NotFoundError('Không tìm thấy doanh nghiệp');
    const before = toAgencyDto(a);
    checkCoherent({ ...before, ...input });
    await a.update(input.name ? { ...input, name: input.name.normalize('NFC') } : input, { transaction });
    await recordAudit(
      { actor, action: 'agency.updated', entity: 'agency', entityId: id, before, after: toAgencyDto(a) },
      transaction,
    );
  });
  return getAgency(actor, id);
}

export async function addBranch(
  actor: Actor,
  agencyId: number,
  input: { name: string; address?: string | null; provinceCode?: string | null },
) {
  await inTransaction(async (transaction) => {
    const a = await Agency.findOne({ where: scoped(actor, 'agency', { id: agencyId }), transaction });
    if (!a) throw new NotFoundError('Không tìm thấy doanh nghiệp');
    const b = await AgencyBranch.create({ agencyId, ...input, name: input.name.normalize('NFC') }, { transaction });
    await recordAudit(
      {
        actor,
        action: 'agency.branch_added',
        entity: 'agency',
        entityId: agencyId,
        after: { branchId: b.id, ...input },
      },
      transaction,
    );
  });
  return getAgency(actor, agencyId);
}

const STATUS_REASON: Record<string, string> = {
  suspended: 'Doanh nghiệp đang bị đình chỉ hoạt động đưa người lao động đi làm việc ở nước ngoài',
  revoked: 'Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài của doanh nghiệp đã bị thu hồi',
};

/**
 * A suspended or revoked agency may not start or advance a placement (register or link workers, create or open job
 * orders, create cases, select, sign, prepare, depart, extend): 403 with the reason. It keeps finishing its duties
 * to the workers already in its care (reads, returns, notices, liquidation, refunds, papers of existing cases).
 * Luật 69/2020/QH14, Điều 12 (đình chỉ), Điều 13 (thu hồi giấy phép).
 */
export async function requireActiveAgency(actor: Actor): Promise<void> {
  if (actor.role !== 'agency_staff' || !actor.agencyId) return;
  const [a] = await select<{ status: string }>('SELECT status FROM agencies WHERE id = $1', [actor.agencyId]);
  if (a && a.status !== 'active') {
    throw new ForbiddenError(
      `${STATUS_REASON[a.status] ?? 'Doanh nghiệp không ở trạng thái hoạt động'}: không được tuyển chọn, ký hợp đồng hay đưa người lao động mới đi. Doanh nghiệp vẫn hoàn thành nghĩa vụ với người lao động đang quản lý (về nước, thông báo, thanh lý, hoàn trả).`,
      { reason: `AGENCY_${a.status.toUpperCase()}` },
    );
  }
}

/** Agencies' and branches' names by id, for pages that show who, never "Doanh nghiệp #1". */
export async function agencyNames(
  agencyIds: readonly number[],
  branchIds: readonly number[] = [],
): Promise<{ agencies: Map<number, string>; branches: Map<number, string> }> {
  const [agencies, branches] = await Promise.all([
    agencyIds.length
      ? select<{ id: string; name: string }>('SELECT id, name FROM agencies WHERE id = ANY($1::bigint[])', [
          [...agencyIds],
        ])
      : [],
    branchIds.length
      ? select<{ id: string; name: string }>('SELECT id, name FROM agency_branches WHERE id = ANY($1::bigint[])', [
          [...branchIds],
        ])
      : [],
  ]);
  return {
    agencies: new Map(agencies.map((a) => [Number(a.id), a.name])),
    branches: new Map(branches.map((b) => [Number(b.id), b.name])),
  };
}

/** Every agency by name with its open branches, for pickers (the users form): a few hundred rows at most. */
export async function agencyChoices(): Promise<
  { id: number; name: string; branches: { id: number; name: string }[] }[]
> {
  const [agencies, branches] = await Promise.all([
    select<{ id: string; name: string }>("SELECT id, name FROM agencies WHERE status <> 'revoked' ORDER BY name, id"),
    select<{ id: string; agency_id: string; name: string }>(
      "SELECT id, agency_id, name FROM agency_branches WHERE status = 'active' ORDER BY name, id",
    ),
  ]);
  return agencies.map((a) => ({
    id: Number(a.id),
    name: a.name,
    branches: branches.filter((b) => b.agency_id === a.id).map((b) => ({ id: Number(b.id), name: b.name })),
  }));
}

/** What a generated document prints of its issuing agency (the letterhead and the parties' block). */
export async function agencyLetterhead(id: number): Promise<{
  id: number;
  name: string;
  licenceNumber: string | null;
  taxCode: string | null;
  address: string | null;
  provinceCode: string | null;
} | null> {
  const [a] = await select<{
    id: string;
    name: string;
    licence_number: string | null;
    tax_code: string | null;
    address: string | null;
    province_code: string | null;
  }>('SELECT id, name, licence_number, tax_code, address, province_code FROM agencies WHERE id = $1', [id]);
  return a
    ? {
        id: Number(a.id),
        name: a.name,
        licenceNumber: a.licence_number,
        taxCode: a.tax_code,
        address: a.address,
        provinceCode: a.province_code,
      }
    : null;
}
