// The job exchange's demo (issue 21): the employment service centres of Thanh Hóa and Nghệ An with a staff login
// each, employers and vacancies coded under the synthetic occupation version ("GIẢ LẬP – không dùng thật"), job
// seekers registered through the real services with their consent scans, a referral hired (its follow-up and report
// obligations running), one introduced, and a request from the Nghệ An centre waiting in Thanh Hóa's inbox.
// Idempotent: a restart changes nothing.
import { Agency } from '../../server/modules/agencies';
import { User, toActor } from '../../server/modules/users';
import {
  createEmployer,
  createVacancy,
  getReferral,
  introduce,
  registerJobSeeker,
  requestIntroduction,
  transitionReferral,
} from '../../server/modules/exchange';
import { select } from '../../server/db/sql';
import { fileStore } from '../../server/shared/files';
import { addDays, addMonths } from '../../server/shared/dates';
import { today } from '../../server/shared/clock';
import { centurySexDigit } from '../../server/shared/cccd';
import type { Worker } from '../../server/modules/workers';

export const CENTRES = [
  { name: 'Trung tâm Dịch vụ việc làm Thanh Hóa', provinceCode: '38', address: 'Số 23 Hạc Thành, Phường Hạc Thành' },
  { name: 'Trung tâm Dịch vụ việc làm Nghệ An', provinceCode: '40', address: 'Số 5 Lê Hồng Phong, Phường Thành Vinh' },
];

async function centre(c: (typeof CENTRES)[number]): Promise<Agency> {
  const found = await Agency.findOne({ where: { name: c.name } });
  return (
    found ??
    Agency.create({
      kind: 'employment_centre',
      name: c.name,
      licenceNumber: null,
      licenceIssuedOn: null,
      licenceExpiresOn: null,
      taxCode: null,
      address: c.address,
      provinceCode: c.provinceCode,
      depositConfirmed: false,
      depositBank: null,
      depositConfirmedOn: null,
    } as never)
  );
}

function cccdOf(dateOfBirth: string, sex: 'male' | 'female', serial: number, prefix = '038'): string {
  const year = Number(dateOfBirth.slice(0, 4));
  return `${prefix}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(700_000 + serial).padStart(6, '0')}`;
}

const scan = async (userId: number, n: number) =>
  (
    await fileStore().put({
      bytes: Buffer.from(`%PDF-1.4\n% Dieu khoan dong y (Mau 01) so ${n}\n`),
      name: `dieu-khoan-dong-y-${n}.pdf`,
      uploaderUserId: userId,
    })
  ).id;

/** The centres (ids) for the demo logins, before the users are made. */
export async function seedCentres(): Promise<{ thanhHoa: Agency; ngheAn: Agency }> {
  return { thanhHoa: await centre(CENTRES[0]), ngheAn: await centre(CENTRES[1]) };
}

export async function seedExchange(demoWorker: Worker): Promise<void> {
  const staff = await User.findOne({ where: { username: 'centre' } });
  const other = await User.findOne({ where: { username: 'centre2' } });
  if (!staff || !other) return;
  const [done] = await select<{ n: string }>('SELECT count(*) AS n FROM job_seekers WHERE centre_id = $1', [
    staff.agencyId,
  ]);
  if (Number(done.n) > 0) return;
  const actor = toActor(staff);
  const actor2 = toActor(other);
  const deadline = addMonths(today(), 1);

  const may = await createEmployer(actor, {
    kind: 'enterprise',
    name: 'Công ty TNHH May mặc Lễ Môn',
    enterpriseCode: '2801111111',
    ownership: 'fdi',
    provinceCode: '38',
    communeCode: '14758',
    address: 'Lô C2, khu công nghiệp Lễ Môn',
    industrialZone: 'Khu công nghiệp Lễ Môn',
    phone: '02373999111',
    email: 'tuyendung@lemon-garment.vn',
    sectorCode: 'C',
    mainProduct: 'Áo sơ mi, quần âu xuất khẩu',
    workforceBand: 6,
    hiringNext6Months: 120,
    servicesWanted: ['introduction', 'supply'],
    representative: 'Park Ji-hoon',
  });
  const bep = await createEmployer(actor, {
    kind: 'individual',
    name: 'Hộ kinh doanh Nhà hàng Sông Mã',
    personalId: cccdOf('1980-02-02', 'male', 90),
    ownership: 'non_state',
    provinceCode: '38',
    communeCode: '14797',
    address: 'Số 12 Lê Lai',
    phone: '0915222333',
    email: 'nhahangsongma@example.vn',
    sectorCode: 'I',
    mainProduct: 'Ăn uống',
    workforceBand: 2,
    representative: 'Hà Văn Sơn',
  });
  const base = {
    description: 'Làm việc theo ca, được đào tạo tại chỗ',
    position: 'Nhân viên',
    generalEducation: 'lower_secondary',
    technicalLevel: 'untrained',
    provinceCode: '38',
    fullTime: true,
    benefits: 'Bảo hiểm xã hội, bảo hiểm y tế; ăn ca; xe đưa đón',
    conditions: 'Đứng hoặc ngồi máy 8 giờ mỗi ngày',
    recruitmentMode: 'in_person',
    deadline,
    contactName: 'Chị Nguyễn Thu Hà',
    contactPhone: '0987111222',
    contactOptIn: true,
  };
  const v1 = await createVacancy(actor, {
    ...base,
    employerId: may.id,
    title: 'Công nhân may công nghiệp',
    numberToHire: 30,
    occupationCode: '9311',
    communeCode: '14758',
    wageKind: 'band',
    wageBand: 2,
    priorityGroups: ['ethnic_minority', 'poor_household'],
    services: ['introduction'],
  } as never);
  await createVacancy(actor, {
    ...base,
    employerId: may.id,
    title: 'Tổ trưởng chuyền may',
    numberToHire: 2,
    occupationCode: '9312',
    communeCode: '14758',
    technicalLevel: 'elementary',
    experience: 'y2_5',
    wageKind: 'band',
    wageBand: 3,
  } as never);
  await createVacancy(actor, {
    ...base,
    employerId: bep.id,
    title: 'Phụ bếp',
    numberToHire: 1,
    occupationCode: '9411',
    communeCode: '14797',
    generalEducation: 'none',
    wageKind: 'daily',
    wageAmountVnd: 280_000,
  } as never);

  const people: [string, string, 'male' | 'female', string, Record<string, unknown>][] = [
    ['Lò Văn Quý', '2000-07-14', 'male', 'Thái', { occupationCode: '9311', commune1: '14758', experience: 'lt1' }],
    [
      'Hà Thị Nga',
      '1996-01-09',
      'female',
      'Mường',
      { occupationCode: '9312', experience: 'y2_5', technicalLevel: 'elementary', wageBand: 3 },
    ],
    ['Vi Văn Thắng', '1999-10-30', 'male', 'Thái', { occupationCode: '9321', commune1: null, wageKind: 'negotiable' }],
    [
      'Phạm Thị Hằng',
      '2001-04-22',
      'female',
      'Kinh',
      { occupationCode: '9411', commune1: '14797', wageKind: 'daily', wageAmountVnd: 250_000 },
    ],
    [
      'Lương Thị Xuân',
      '1998-12-05',
      'female',
      'Thái',
      { occupationCode: '9311', commune1: '14758', generalEducation: 'primary' },
    ],
  ];
  const ids: number[] = [];
  for (const [i, [fullName, dateOfBirth, sex, ethnicity, extra]] of people.entries()) {
    const s = await registerJobSeeker(actor, {
      cccd: cccdOf(dateOfBirth, sex, i + 1),
      fullName,
      dateOfBirth,
      sex,
      ethnicity,
      provinceCode: '38',
      communeCode: '14869',
      street: `Bản ${i + 1}`,
      currentAddress: `Bản ${i + 1}, xã Hồi Xuân`,
      phone: `09${String(30_000_000 + i).padStart(8, '0')}`,
      generalEducation: 'lower_secondary',
      technicalLevel: 'untrained',
      priorityGroups: ['ethnic_minority'],
      jobTitle: 'Công nhân',
      jobDescription: 'Làm việc tại khu công nghiệp gần nhà',
      position: 'Công nhân',
      experience: 'none',
      province1: '38',
      commune1: '14758',
      wageKind: 'band',
      wageBand: 2,
      availableAfterMonths: 0,
      recruitmentMode: 'in_person',
      wantsAbroad: i === 0,
      consentDate: addDays(today(), -5),
      consentFileId: await scan(staff.id, i + 1),
      ...extra,
    } as never);
    ids.push(s.id);
  }
  // the demo worker of the portal looks for work too (she also wants to work abroad)
  const mai = await registerJobSeeker(actor, {
    cccd: demoWorker.cccd,
    fullName: demoWorker.fullName,
    dateOfBirth: demoWorker.dateOfBirth,
    sex: demoWorker.sex,
    ethnicity: demoWorker.ethnicity ?? 'Thái',
    provinceCode: demoWorker.provinceCode ?? '38',
    communeCode: demoWorker.communeCode ?? '14869',
    street: demoWorker.street ?? 'Thôn 1',
    currentAddress: 'Thôn 1, xã Hồi Xuân',
    phone: demoWorker.phone ?? '0912345670',
    generalEducation: 'upper_secondary',
    technicalLevel: 'untrained',
    jobTitle: 'Công nhân may',
    jobDescription: 'May công nghiệp',
    position: 'Công nhân',
    occupationCode: '9311',
    experience: 'none',
    province1: '38',
    commune1: '14758',
    wageKind: 'band',
    wageBand: 2,
    availableAfterMonths: 0,
    recruitmentMode: 'any',
    wantsAbroad: true,
    consentDate: addDays(today(), -3),
    consentFileId: await scan(staff.id, 99),
  } as never);

  // a hire (Mẫu 04) and an introduction waiting for its interview
  const r1 = await introduce(actor, { jobSeekerId: ids[0], vacancyId: v1.id, origin: 'employer' });
  await transitionReferral(actor, r1.id, {
    action: 'hire',
    input: {
      contractType: 'fixed_term',
      signedOn: addDays(today(), -2),
      startOn: addDays(today(), -1),
      contractEndOn: addMonths(today(), 12),
      position: 'Công nhân may',
      wageCode: 2,
      notifiedOn: addDays(today(), -2),
    },
    expectedVersion: (await getReferral(actor, r1.id)).version,
  });
  await introduce(actor, { jobSeekerId: mai.id, vacancyId: v1.id, origin: 'person' });

  // Nghệ An's own vacancy and job seeker: it asks Thanh Hóa to introduce one of Thanh Hóa's job seekers
  const na = await createEmployer(actor2, {
    kind: 'enterprise',
    name: 'Công ty CP Dệt may Hoàng Mai',
    enterpriseCode: '2902222222',
    ownership: 'non_state',
    provinceCode: '40',
    communeCode: '16702',
    address: 'Khu công nghiệp Hoàng Mai',
    phone: '02383888222',
    email: 'nhansu@hoangmai-textile.vn',
    sectorCode: 'C',
    mainProduct: 'Sợi, vải',
    workforceBand: 5,
    representative: 'Nguyễn Văn Tâm',
  });
  const nv = await createVacancy(actor2, {
    ...base,
    employerId: na.id,
    title: 'Công nhân dệt',
    numberToHire: 10,
    occupationCode: '9321',
    provinceCode: '40',
    communeCode: '16702',
    wageKind: 'band',
    wageBand: 2,
  } as never);
  await requestIntroduction(actor2, {
    jobSeekerId: ids[2],
    vacancyId: nv.id,
    note: 'Doanh nghiệp có ký túc xá cho người ở xa',
  });
}
