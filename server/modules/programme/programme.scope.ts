// Who sees which province's programme results: a province officer her province; centre staff their centre's share of
// their centre's province; the admin the province she picks. An explicit province outside the actor's scope is not
// found (404), as every other out-of-scope record.
import { select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { provinceName } from '../reference';

export interface ProgrammeScope {
  provinceCode: string;
  provinceName: string;
  /** centre staff see their centre's figures only */
  centreId: number | null;
  centreName: string | null;
}

async function centreOf(actor: Actor): Promise<{ id: number; name: string; provinceCode: string }> {
  const [c] = await select<{ id: string; name: string; province_code: string | null; kind: string }>(
    'SELECT id, name, province_code, kind FROM agency_licences WHERE id = $1',
    [actor.agencyId],
  );
  if (!c || c.kind !== 'employment_centre' || !c.province_code)
    throw new ForbiddenError('Tài khoản không thuộc trung tâm dịch vụ việc làm');
  return { id: Number(c.id), name: c.name, provinceCode: c.province_code };
}

/** The actor's province (and centre): `asked` is the province a request names, if any. */
export async function programmeScope(actor: Actor, asked?: string | null): Promise<ProgrammeScope> {
  const scope = (provinceCode: string, centre: { id: number; name: string } | null): ProgrammeScope => ({
    provinceCode,
    provinceName: provinceName(provinceCode),
    centreId: centre?.id ?? null,
    centreName: centre?.name ?? null,
  });
  if (actor.role === 'admin') {
    if (!asked) throw new ValidationError([{ path: 'provinceCode', message: 'Chọn tỉnh, thành phố' }]);
    const [p] = await select<{ code: string }>('SELECT code FROM provinces WHERE code = $1', [asked]);
    if (!p) throw new NotFoundError('Không có tỉnh, thành phố này');
    return scope(asked, null);
  }
  if (actor.role === 'province_officer' && actor.provinceCode) {
    if (asked && asked !== actor.provinceCode) throw new NotFoundError('Không tìm thấy');
    return scope(actor.provinceCode, null);
  }
  if (actor.role === 'centre_staff' && actor.agencyId) {
    const c = await centreOf(actor);
    if (asked && asked !== c.provinceCode) throw new NotFoundError('Không tìm thấy');
    return scope(c.provinceCode, c);
  }
  throw new ForbiddenError();
}

/** The province whose targets and procurement modes the actor enters (programme:targets): her own only. */
export function enteringProvince(actor: Actor, asked?: string | null): string {
  if (actor.role !== 'province_officer' || !actor.provinceCode) throw new ForbiddenError();
  if (asked && asked !== actor.provinceCode) throw new NotFoundError('Không tìm thấy');
  return actor.provinceCode;
}
