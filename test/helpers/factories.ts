// Test data built through the real models (never the demo seed). Tokens are minted as login would.
import { Agency, AgencyBranch } from '../../server/modules/agencies';
import { User } from '../../server/modules/users';
import { Worker, WorkerAgencyLink } from '../../server/modules/workers';
import { centurySexDigit } from '../../server/shared/cccd';
import { fold } from '../../server/shared/text';
import { issueToken } from '../../server/modules/auth';
import { hashPassword } from '../../server/shared/auth/passwords';
import type { Role } from '../../server/shared/auth/permissions';
import { fileStore } from '../../server/shared/files';

export const PASSWORD = 'correct horse 1';
let passwordHash: Promise<string> | null = null;
let seq = 0;

export async function makeAgency(overrides: Partial<Agency> = {}): Promise<Agency> {
  seq += 1;
  return Agency.create({
    kind: 'service_enterprise',
    name: `Công ty Thử nghiệm ${seq}`,
    licenceNumber: `GP-${seq}`,
    licenceIssuedOn: '2024-01-10',
    licenceExpiresOn: null,
    taxCode: null,
    address: null,
    provinceCode: '38',
    depositConfirmed: false,
    depositBank: null,
    depositConfirmedOn: null,
    ...overrides,
  } as Agency);
}

/** An employment service centre (the job exchange's organisation), in Thanh Hóa unless given. */
export async function makeCentre(overrides: Partial<Agency> = {}): Promise<Agency> {
  seq += 1;
  return makeAgency({
    kind: 'employment_centre',
    name: `Trung tâm Dịch vụ việc làm ${seq}`,
    licenceNumber: null,
    licenceIssuedOn: null,
    ...overrides,
  } as Partial<Agency>);
}

export async function makeBranch(agencyId: number): Promise<AgencyBranch> {
  return AgencyBranch.create({ agencyId, name: `Chi nhánh ${++seq}`, address: null, provinceCode: null });
}

export interface TestUser {
  user: User;
  token: string;
  auth: { authorization: string };
}

/** A user of the role with a coherent scope (its own agency for agency staff unless given). */
export async function makeUser(role: Role, overrides: Partial<User> = {}): Promise<TestUser> {
  seq += 1;
  passwordHash ??= hashPassword(PASSWORD);
  let scope: Partial<User> = {};
  if (role === 'agency_staff') scope = { agencyId: overrides.agencyId ?? (await makeAgency()).id };
  if (role === 'centre_staff') scope = { agencyId: overrides.agencyId ?? (await makeCentre()).id };
  if (role === 'commune_officer') scope = { communeCode: '14869', provinceCode: '38' };
  if (role === 'province_officer') scope = { provinceCode: '38' };
  if (role === 'worker') scope = { workerId: overrides.workerId ?? (await makeWorker()).id };
  const user = await User.create({
    username: `${role.replace('_', '-')}-${seq}`,
    displayName: `Người dùng ${seq}`,
    role,
    passwordHash: await passwordHash,
    agencyId: null,
    branchId: null,
    communeCode: null,
    provinceCode: null,
    ...scope,
    ...overrides,
  } as User);
  const token = issueToken(user);
  return { user, token, auth: { authorization: `Bearer ${token}` } };
}

/** A valid CCCD for the date of birth and sex (prefix 038 Thanh Hóa unless given). */
export function validCccd(dateOfBirth: string, sex: 'male' | 'female', serial = ++seq, prefix = '038'): string {
  const year = Number(dateOfBirth.slice(0, 4));
  return `${prefix}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

export async function makeWorker(overrides: Partial<Worker> & { linkTo?: number } = {}): Promise<Worker> {
  seq += 1;
  const { linkTo, ...fields } = overrides;
  const dateOfBirth = fields.dateOfBirth ?? '1998-04-12';
  const sex = fields.sex ?? 'female';
  const fullName = fields.fullName ?? `Nguyễn Thị Mẫu ${seq}`;
  const w = await Worker.create({
    fullName,
    fullNameFolded: fold(fullName),
    dateOfBirth,
    sex,
    cccd: fields.cccd ?? validCccd(dateOfBirth, sex, seq),
    cccdIssuedOn: null,
    phone: null,
    email: null,
    ethnicity: null,
    provinceCode: '38',
    communeCode: '14869',
    street: null,
    oldProvinceName: null,
    oldDistrictName: null,
    education: null,
    householdStatusYear: null,
    createdByAgencyId: linkTo ?? null,
    ...fields,
  } as Worker);
  if (linkTo) {
    await WorkerAgencyLink.create({
      workerId: w.id,
      agencyId: linkTo,
      since: '2026-01-05',
      consentDate: '2026-01-05',
      purposes: ['recruitment'],
      evidence: 'Phiếu đồng ý số 1',
      createdByUserId: null,
    });
  }
  return w;
}

/** A scanned consent form stored as uploaded by the user of an `authorization` header (their agency may cite it). */
export async function consentScanOf(auth: { authorization: string }): Promise<number> {
  const { sub } = JSON.parse(Buffer.from(auth.authorization.split('.')[1], 'base64url').toString()) as { sub: string };
  const stored = await fileStore().put({
    bytes: Buffer.from(`%PDF-1.4\n% phieu dong y ${sub}\n`),
    name: 'phieu-dong-y.pdf',
    uploaderUserId: Number(sub),
  });
  return stored.id;
}

/** A registration or link body with a consent scan of the caller: in `consent` when the body has one, else at the top. */
export async function withConsentScan<T extends Record<string, unknown>>(
  auth: { authorization: string },
  body: T,
): Promise<T> {
  const fileId = await consentScanOf(auth);
  return (
    body.consent && typeof body.consent === 'object'
      ? { ...body, consent: { ...(body.consent as object), fileId } }
      : { ...body, fileId }
  ) as T;
}
