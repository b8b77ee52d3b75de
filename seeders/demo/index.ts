// Demo data for `npm start` on a fresh machine (and SEED_DEMO=true): idempotent, never used by tests.
// Outside demo mode no account has a known password.
import type { InferCreationAttributes, Sequelize } from 'sequelize';
import { Agency, AgencyBranch } from '../../server/modules/agencies';
import { User } from '../../server/modules/users';
import { hashPassword } from '../../server/shared/auth/passwords';
import type { Role } from '../../server/shared/auth/permissions';

export interface DemoLogin { username: string; password: string; role: Role; note: string }

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_COMMUNE = { code: '14869', name: 'Xã Hồi Xuân', provinceCode: '38' };

export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'admin', note: 'quản trị hệ thống' },
  { username: 'agency', password: DEMO_PASSWORD, role: 'agency_staff', note: 'trụ sở chính, Công ty CP Nhân lực Hành Trang Demo' },
  { username: 'commune', password: DEMO_PASSWORD, role: 'commune_officer', note: `${DEMO_COMMUNE.name}, Thanh Hóa` },
  { username: 'province', password: DEMO_PASSWORD, role: 'province_officer', note: 'Tỉnh Thanh Hóa' },
];

async function upsertAgency(values: Omit<InferCreationAttributes<Agency>, 'id' | 'status' | 'createdAt' | 'updatedAt'>): Promise<Agency> {
  const found = await Agency.findOne({ where: { name: values.name } });
  return found ?? Agency.create(values);
}

export async function seedDemo(_db: Sequelize): Promise<void> {
  const enterprise = await upsertAgency({
    kind: 'service_enterprise', name: 'Công ty Cổ phần Nhân lực Hành Trang Demo', licenceNumber: '999/LĐTBXH-GP',
    licenceIssuedOn: '2023-03-15', licenceExpiresOn: null, taxCode: '0109999999', address: 'Số 1 Đại lộ Lê Lợi, Phường Hạc Thành, Thanh Hóa',
    provinceCode: '38', depositConfirmed: true, depositBank: 'Ngân hàng TMCP Ngoại thương Việt Nam – CN Thanh Hóa', depositConfirmedOn: '2023-02-20',
  });
  if (!(await AgencyBranch.findOne({ where: { agencyId: enterprise.id } }))) {
    await AgencyBranch.create({ agencyId: enterprise.id, name: 'Chi nhánh Nghệ An', address: 'Phường Vinh Phú, Nghệ An', provinceCode: '40' });
  }
  await upsertAgency({
    kind: 'public_unit', name: 'Trung tâm Lao động ngoài nước (COLAB)', licenceNumber: null, licenceIssuedOn: null,
    licenceExpiresOn: null, taxCode: null, address: 'Số 1 Trịnh Hoài Đức, Hà Nội', provinceCode: '01',
    depositConfirmed: false, depositBank: null, depositConfirmedOn: null,
  });

  const scopes: Record<string, Partial<User>> = {
    admin: { displayName: 'Quản trị viên' },
    agency: { displayName: 'Nguyễn Thị Lan (DN Demo)', agencyId: enterprise.id },
    commune: { displayName: 'Lê Văn Hùng (UBND xã)', communeCode: DEMO_COMMUNE.code, provinceCode: DEMO_COMMUNE.provinceCode },
    province: { displayName: 'Trần Thị Mai (Sở Nội vụ)', provinceCode: '38' },
  };
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const login of DEMO_LOGINS) {
    if (await User.findOne({ where: { username: login.username } })) continue;
    await User.create({
      username: login.username, role: login.role, passwordHash: hash, displayName: login.username,
      agencyId: null, branchId: null, communeCode: null, provinceCode: null, ...scopes[login.username],
    });
  }
}
