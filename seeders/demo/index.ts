// Demo data for `npm start` on a fresh machine (and SEED_DEMO=true): idempotent, never used by tests.
// Outside demo mode no account has a known password.
import type { InferCreationAttributes, Sequelize } from 'sequelize';
import { Agency, AgencyBranch } from '../../server/modules/agencies';
import { User } from '../../server/modules/users';
import { Worker, WorkerAgencyLink } from '../../server/modules/workers';
import { JobOrder, createJobOrder, transitionJobOrder } from '../../server/modules/job-orders';
import { toActor } from '../../server/modules/users';
import { Case, createCase, transitionCase } from '../../server/modules/cases';
import { hashPassword } from '../../server/shared/auth/passwords';
import { centurySexDigit } from '../../server/shared/cccd';
import { addDays, addMonths } from '../../server/shared/dates';
import { today } from '../../server/shared/clock';
import { postEntry, setDepositAccount } from '../../server/modules/money';
import { apply as applyForGrant } from '../../server/modules/grants';
import { scanAlerts } from '../../server/modules/notifications';
import { execute, select } from '../../server/db/sql';
import { fold } from '../../server/shared/text';
import { fileStore } from '../../server/shared/files';
import type { Role } from '../../server/shared/auth/permissions';
import { loadSyntheticOccupations } from './occupations-synthetic';
import { seedCentres, seedExchange } from './exchange';
import { seedSessions } from './sessions';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  note: string;
}

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_COMMUNE = { code: '14869', name: 'Xã Hồi Xuân', provinceCode: '38' };

export const DEMO_LOGINS: DemoLogin[] = [
  { username: 'admin', password: DEMO_PASSWORD, role: 'admin', note: 'quản trị hệ thống' },
  {
    username: 'agency',
    password: DEMO_PASSWORD,
    role: 'agency_staff',
    note: 'trụ sở chính, Công ty CP Nhân lực Hành Trang Demo',
  },
  { username: 'commune', password: DEMO_PASSWORD, role: 'commune_officer', note: `${DEMO_COMMUNE.name}, Thanh Hóa` },
  { username: 'province', password: DEMO_PASSWORD, role: 'province_officer', note: 'Tỉnh Thanh Hóa' },
  {
    username: 'worker',
    password: DEMO_PASSWORD,
    role: 'worker',
    note: 'người lao động Lò Thị Mai (chỉ xem hồ sơ của mình)',
  },
  {
    username: 'colab',
    password: DEMO_PASSWORD,
    role: 'agency_staff',
    note: 'Trung tâm Lao động ngoài nước (EPS Hàn Quốc)',
  },
  {
    username: 'centre',
    password: DEMO_PASSWORD,
    role: 'centre_staff',
    note: 'Trung tâm Dịch vụ việc làm Thanh Hóa (sàn việc làm: người tìm việc, việc làm trống, giới thiệu)',
  },
  {
    username: 'centre2',
    password: DEMO_PASSWORD,
    role: 'centre_staff',
    note: 'Trung tâm Dịch vụ việc làm Nghệ An (xem người tìm việc của trung tâm khác ở dạng ẩn danh)',
  },
];

const approved = { supplyRegStatus: 'approved', supplyRegDate: '2026-09-15' };
// [reference, fields, open?]: the draft over its cap stays a draft and shows why.
const DEMO_ORDERS: [string, Record<string, unknown>, boolean][] = [
  [
    'JP-TTS-2026-07',
    {
      jobCategory: 'jp_tts_1_2',
      employerName: 'Nghiệp đoàn Sakura (Aichi)',
      employerCountry: 'JP',
      destinationCountry: 'JP',
      jobTitle: 'Thực tập sinh chế biến thực phẩm',
      headcount: 12,
      salaryCurrency: 'JPY',
      salaryMinor: 185_000,
      fxRate: '171.2',
      fxRateDate: '2026-09-30',
      fxRateSource: 'Tỷ giá trung tâm NHNN',
      contractMonths: 36,
      serviceFeeVnd: 40_000_000,
      supplyRegNumber: '1203/QLLĐNN-NB',
      recruitFrom: '2026-10-01',
      recruitTo: '2026-12-31',
      expectedDepartureOn: '2027-04-15',
      ...approved,
    },
    true,
  ],
  [
    'TW-NM-2026-11',
    {
      jobCategory: 'general',
      employerName: 'Công ty Điện tử Tân Trúc',
      employerCountry: 'TW',
      destinationCountry: 'TW',
      jobTitle: 'Công nhân lắp ráp linh kiện',
      headcount: 20,
      salaryCurrency: 'TWD',
      salaryMinor: 29_500,
      fxRate: '810',
      fxRateDate: '2026-10-15',
      fxRateSource: 'Tỷ giá trung tâm NHNN',
      contractMonths: 36,
      serviceFeeVnd: 65_000_000,
      depositVnd: 12_000_000,
      depositHolder: 'commercial_bank',
      supplyRegNumber: '1388/QLLĐNN-ĐL',
      recruitFrom: '2026-11-01',
      expectedDepartureOn: '2027-03-01',
      ...approved,
      supplyRegDate: '2026-02-01',
    },
    true,
  ],
  [
    'TW-KHC-2026-05',
    {
      jobCategory: 'home_caregiver',
      employerName: 'Gia đình ông Lâm (Đài Trung)',
      employerCountry: 'TW',
      destinationCountry: 'TW',
      jobTitle: 'Khán hộ công gia đình',
      headcount: 3,
      salaryCurrency: 'TWD',
      salaryMinor: 24_000,
      fxRate: '810',
      fxRateDate: '2026-10-15',
      fxRateSource: 'Tỷ giá trung tâm NHNN',
      contractMonths: 36,
      serviceFeeVnd: 19_440_000,
      depositVnd: 12_000_000,
      depositHolder: 'commercial_bank',
      supplyRegNumber: '1390/QLLĐNN-ĐL',
      expectedDepartureOn: '2027-02-15',
      ...approved,
      supplyRegDate: '2024-05-15',
    },
    true,
  ],
  [
    'TW-KHC-2026-06',
    {
      jobCategory: 'home_caregiver',
      employerName: 'Gia đình bà Trần (Cao Hùng)',
      employerCountry: 'TW',
      destinationCountry: 'TW',
      jobTitle: 'Khán hộ công gia đình',
      headcount: 2,
      salaryCurrency: 'TWD',
      salaryMinor: 24_000,
      fxRate: '810',
      fxRateDate: '2026-10-15',
      fxRateSource: 'Tỷ giá trung tâm NHNN',
      contractMonths: 36,
      serviceFeeVnd: 45_000_000,
      supplyRegNumber: '1391/QLLĐNN-ĐL',
      ...approved,
    },
    false,
  ],
];
const EPS_ORDER: Record<string, unknown> = {
  reference: 'EPS-2026-SX',
  jobCategory: 'kr_eps',
  employerName: 'Doanh nghiệp sản xuất (Gyeonggi)',
  employerCountry: 'KR',
  destinationCountry: 'KR',
  jobTitle: 'Sản xuất chế tạo',
  headcount: 100,
  salaryCurrency: 'KRW',
  salaryMinor: 2_096_270,
  fxRate: '18.6',
  fxRateDate: '2026-10-01',
  fxRateSource: 'Tỷ giá trung tâm NHNN',
  contractMonths: 56,
  depositVnd: 100_000_000,
  depositHolder: 'vbsp',
  programmeReference: 'Bản ghi nhớ EPS Việt Nam – Hàn Quốc',
  ministryReportDate: '2026-09-20',
};

async function seedOrder(
  actor: ReturnType<typeof toActor>,
  reference: string,
  fields: Record<string, unknown>,
  open: boolean,
) {
  if (await JobOrder.findOne({ where: { reference, agencyId: actor.agencyId! } })) return;
  const o = await createJobOrder(actor, { ...fields, reference });
  if (open) await transitionJobOrder(actor, o.id, { action: 'open', expectedVersion: o.version });
}

// [full name, date of birth, sex, CCCD prefix (birth province), commune, household status, ethnicity]
type DemoWorker = [
  string,
  string,
  'male' | 'female',
  string,
  string,
  'poor' | 'near_poor' | 'escaped_poverty' | 'none',
  string,
];
const DEMO_WORKERS: DemoWorker[] = [
  ['Lò Thị Mai', '2001-05-14', 'female', '038', '14869', 'poor', 'Thái'],
  ['Hà Văn Tuấn', '1998-09-02', 'male', '038', '14869', 'near_poor', 'Mường'],
  ['Vi Thị Hoa', '2003-02-20', 'female', '038', '14869', 'none', 'Thái'],
  ['Nguyễn Văn Hùng', '1996-11-30', 'male', '038', '14872', 'none', 'Kinh'],
  ['Nguyễn Thị Hằng', '1999-03-08', 'female', '038', '14875', 'escaped_poverty', 'Kinh'],
  ['Lê Thị Thu Trang', '2000-07-21', 'female', '038', '14878', 'none', 'Kinh'],
  ['Trần Đức Mạnh', '1995-01-17', 'male', '038', '14890', 'poor', 'Kinh'],
  ['Phạm Văn Đức', '1997-04-05', 'male', '038', '14797', 'none', 'Kinh'],
  ['Hoàng Thị Lan', '2002-12-12', 'female', '038', '14896', 'near_poor', 'Dao'],
  ['Đặng Văn Long', '1994-06-25', 'male', '040', '16702', 'none', 'Kinh'],
  ['Bùi Thị Ngọc Ánh', '2004-10-09', 'female', '042', '14902', 'none', 'Kinh'],
  ['Võ Minh Khang', '1993-08-18', 'male', '038', '14908', 'none', 'Kinh'],
];

function demoCccd(prefix: string, dob: string, sex: 'male' | 'female', serial: number): string {
  const year = Number(dob.slice(0, 4));
  return `${prefix}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(100_000 + serial * 7_919)
    .padStart(6, '0')
    .slice(-6)}`;
}

async function upsertAgency(
  values: Omit<InferCreationAttributes<Agency>, 'id' | 'status' | 'createdAt' | 'updatedAt'>,
): Promise<Agency> {
  const found = await Agency.findOne({ where: { name: values.name } });
  return found ?? Agency.create(values);
}

export async function seedDemo(_db: Sequelize): Promise<void> {
  await loadSyntheticOccupations({ activate: true });
  const enterprise = await upsertAgency({
    kind: 'service_enterprise',
    name: 'Công ty Cổ phần Nhân lực Hành Trang Demo',
    licenceNumber: '999/LĐTBXH-GP',
    licenceIssuedOn: '2023-03-15',
    licenceExpiresOn: null,
    taxCode: '0109999999',
    address: 'Số 1 Đại lộ Lê Lợi, Phường Hạc Thành, Thanh Hóa',
    provinceCode: '38',
    depositConfirmed: true,
    depositBank: 'Ngân hàng TMCP Ngoại thương Việt Nam – CN Thanh Hóa',
    depositConfirmedOn: '2023-02-20',
  });
  if (!(await AgencyBranch.findOne({ where: { agencyId: enterprise.id } }))) {
    await AgencyBranch.create({
      agencyId: enterprise.id,
      name: 'Chi nhánh Nghệ An',
      address: 'Phường Vinh Phú, Nghệ An',
      provinceCode: '40',
    });
  }
  const colab = await upsertAgency({
    kind: 'public_unit',
    name: 'Trung tâm Lao động ngoài nước (COLAB)',
    licenceNumber: null,
    licenceIssuedOn: null,
    licenceExpiresOn: null,
    taxCode: null,
    address: 'Số 1 Trịnh Hoài Đức, Hà Nội',
    provinceCode: '01',
    depositConfirmed: false,
    depositBank: null,
    depositConfirmedOn: null,
  });

  const centres = await seedCentres();
  const workers: Worker[] = [];
  for (const [
    i,
    [fullName, dateOfBirth, sex, prefix, communeCode, householdStatus, ethnicity],
  ] of DEMO_WORKERS.entries()) {
    const cccd = demoCccd(prefix, dateOfBirth, sex, i + 1);
    let w = await Worker.findOne({ where: { cccd } });
    if (!w) {
      const provinceCode = communeCode.startsWith('167') ? '40' : '38';
      w = await Worker.create({
        fullName,
        fullNameFolded: fold(fullName),
        dateOfBirth,
        sex,
        cccd,
        cccdIssuedOn: '2021-06-15',
        phone: `09${String(12_345_670 + i).padStart(8, '0')}`,
        email: null,
        ethnicity,
        provinceCode,
        communeCode,
        street: `Thôn ${i + 1}`,
        oldProvinceName: provinceCode === '38' ? 'Thanh Hóa' : 'Nghệ An',
        oldDistrictName: communeCode === '14869' ? 'Quan Hóa' : null,
        education: 'upper_secondary',
        languages: i % 3 === 0 ? ['Tiếng Nhật N5'] : [],
        householdStatus,
        householdStatusYear: householdStatus === 'none' ? null : 2025,
        createdByAgencyId: enterprise.id,
      });
      await WorkerAgencyLink.create({
        workerId: w.id,
        agencyId: enterprise.id,
        since: '2026-09-01',
        consentDate: '2026-09-01',
        purposes: ['recruitment', 'placement_abroad', 'support_grants'],
        evidence: `Phiếu đồng ý xử lý dữ liệu cá nhân số ${i + 1}/2026`,
        createdByUserId: null,
      });
    }
    workers.push(w);
  }

  const scopes: Record<string, Partial<User>> = {
    admin: { displayName: 'Quản trị viên' },
    agency: { displayName: 'Nguyễn Thị Lan (DN Demo)', agencyId: enterprise.id },
    commune: {
      displayName: 'Lê Văn Hùng (UBND xã)',
      communeCode: DEMO_COMMUNE.code,
      provinceCode: DEMO_COMMUNE.provinceCode,
    },
    province: { displayName: 'Trần Thị Mai (Sở Nội vụ)', provinceCode: '38' },
    worker: { displayName: 'Lò Thị Mai', workerId: workers[0].id },
    colab: { displayName: 'Phạm Văn Bình (COLAB)', agencyId: colab.id },
    centre: { displayName: 'Vũ Thị Hạnh (TT DVVL Thanh Hóa)', agencyId: centres.thanhHoa.id },
    centre2: { displayName: 'Đặng Văn Long (TT DVVL Nghệ An)', agencyId: centres.ngheAn.id },
  };
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const login of DEMO_LOGINS) {
    if (await User.findOne({ where: { username: login.username } })) continue;
    await User.create({
      username: login.username,
      role: login.role,
      passwordHash: hash,
      displayName: login.username,
      agencyId: null,
      branchId: null,
      communeCode: null,
      provinceCode: null,
      workerId: null,
      ...scopes[login.username],
    });
  }

  const agencyUser = await User.findOne({ where: { username: 'agency' } });
  const colabUser = await User.findOne({ where: { username: 'colab' } });
  // each consent link carries its scanned form, uploaded by the agency's staff (here a one-page PDF)
  for (const l of await WorkerAgencyLink.findAll({ where: { agencyId: enterprise.id, consentFileId: null } })) {
    const scan = await fileStore().put({
      bytes: demoConsentPdf(Number(l.workerId)),
      name: `phieu-dong-y-${l.workerId}.pdf`,
      uploaderUserId: agencyUser!.id,
    });
    await l.update({ consentFileId: scan.id });
  }
  for (const [reference, fields, open] of DEMO_ORDERS) await seedOrder(toActor(agencyUser!), reference, fields, open);
  await seedOrder(toActor(colabUser!), String(EPS_ORDER.reference), EPS_ORDER, true);

  if (!(await Case.findOne({ where: { agencyId: enterprise.id } }))) await seedCases(toActor(agencyUser!), workers);
  await seedGrants(toActor(agencyUser!), workers[0]);
  await seedExchange(workers[0]);
  await seedSessions();
  // the day's alerts, as the 06:00 scan would have left them (idempotent: a restart changes nothing)
  await scanAlerts();
}

/**
 * Support grants in Thanh Hóa: Hồi Xuân on the MTQG list (a commune of the old poor district Quan Hóa), the 2026
 * budgets, and the demo worker's application submitted by her agency, waiting for the commune to certify it.
 */
async function seedGrants(actor: ReturnType<typeof toActor>, worker: Worker): Promise<void> {
  const [{ n }] = await select<{ n: number }>('SELECT count(*)::int AS n FROM grant_budgets');
  if (n > 0) return;
  await execute(
    `INSERT INTO grant_eligible_areas (province_code, commune_code, kind, old_province_name, old_district_name, note)
     VALUES ('38', $1, 'poor_district', 'Thanh Hóa', 'Quan Hóa', 'Huyện nghèo theo Quyết định 353/QĐ-TTg'),
            ('38', NULL, 'poor_district', 'Thanh Hóa', 'Mường Lát', 'Huyện nghèo theo Quyết định 353/QĐ-TTg')
     ON CONFLICT DO NOTHING`,
    [DEMO_COMMUNE.code],
  );
  await execute(
    `INSERT INTO grant_budgets (province_code, fiscal_year, programme_code, source, allocated_vnd) VALUES
       ('38', 2026, 'mtqg', 'central', 2000000000), ('38', 2026, 'mtqg', 'local', 300000000),
       ('38', 2026, 'nd338', 'central', 1000000000)`,
  );
  const c = await Case.findOne({ where: { workerId: worker.id, state: 'contract_signed' } });
  if (!c) return;
  await applyForGrant(actor, {
    caseId: Number(c.id),
    programme: 'mtqg',
    claims: [
      { item: 'language', quantity: 1, claimedVnd: 4_500_000, evidence: 'Hóa đơn học phí tiếng Nhật số 0123/2026' },
      { item: 'personal_items', quantity: 1, claimedVnd: 600_000, evidence: 'Phiếu chi đồ dùng cá nhân' },
      { item: 'passport', quantity: 1, claimedVnd: 200_000, evidence: 'Biên lai lệ phí hộ chiếu' },
      { item: 'health_check', quantity: 1, claimedVnd: 750_000, evidence: 'Hóa đơn khám sức khỏe' },
    ],
  });
}

/** A minimal one-page PDF standing for a scanned consent form. */
function demoConsentPdf(workerId: number): Buffer {
  const text = `Phieu dong y xu ly du lieu ca nhan - nguoi lao dong ${workerId} (demo)`;
  const stream = `BT /F1 12 Tf 50 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

type Step = [string, Record<string, unknown>?];
// A dozen cases across the states, on the demo job orders, with dates that make the deadlines visible.
const CASE_PLANS: [number, string, Step[]][] = [
  // the demo worker: contract signed, her support grant application waits for the commune (seedGrants)
  [
    1,
    'JP-TTS-2026-07',
    [['prescreen'], ['select', { selectedOn: '2026-09-01' }], ['sign_contract', { signedOn: '2026-09-15' }]],
  ],
  [2, 'JP-TTS-2026-07', []],
  [3, 'JP-TTS-2026-07', [['prescreen'], ['select', { selectedOn: '2026-06-10' }]]],
  [
    4,
    'JP-TTS-2026-07',
    [['prescreen'], ['select', { selectedOn: '2026-09-01' }], ['sign_contract', { signedOn: '2026-09-10' }]],
  ],
  [
    5,
    'TW-NM-2026-11',
    [
      ['prescreen'],
      ['select', { selectedOn: '2026-08-15' }],
      ['sign_contract', { signedOn: '2026-08-20' }],
      ['start_visa'],
    ],
  ],
  [
    6,
    'TW-NM-2026-11',
    [
      ['prescreen'],
      ['select', { selectedOn: '2026-07-01' }],
      ['sign_contract', { signedOn: '2026-07-05' }],
      ['start_visa'],
      ['mark_ready', { plannedDepartureOn: '2026-12-20' }],
    ],
  ],
  [
    7,
    'TW-NM-2026-11',
    [
      ['prescreen'],
      ['select', { selectedOn: '2026-03-01' }],
      ['sign_contract', { signedOn: '2026-03-05' }],
      ['start_visa'],
      ['mark_ready', { plannedDepartureOn: '2026-05-20' }],
      ['depart', { departedOn: '2026-05-20', flight: 'CI782', destination: 'Tân Trúc' }],
    ],
  ],
  [
    8,
    'TW-KHC-2026-05',
    [
      ['prescreen'],
      ['select', { selectedOn: '2025-01-10' }],
      ['sign_contract', { signedOn: '2025-01-15' }],
      ['start_visa'],
      ['mark_ready', { plannedDepartureOn: '2025-04-01' }],
      ['depart', { departedOn: '2025-04-01', flight: 'BR396' }],
      [
        'return',
        {
          returnedOn: '2026-09-30',
          outcome: 'early_not_at_fault',
          reason: 'Người được chăm sóc qua đời, chủ sử dụng chấm dứt hợp đồng',
        },
      ],
    ],
  ],
  [
    9,
    'TW-KHC-2026-05',
    [
      ['prescreen'],
      ['select', { selectedOn: '2024-06-01' }],
      ['sign_contract', { signedOn: '2024-06-05' }],
      ['start_visa'],
      ['mark_ready', { plannedDepartureOn: '2024-09-01' }],
      ['depart', { departedOn: '2024-09-01', flight: 'VJ940' }],
      ['return', { returnedOn: '2026-08-15', outcome: 'on_time' }],
      ['liquidate', { liquidatedOn: '2026-10-01' }],
    ],
  ],
  [10, 'TW-NM-2026-11', [['withdraw', { reason: 'Gia đình không đồng ý' }]]],
  [11, 'JP-TTS-2026-07', [['prescreen'], ['reject', { reason: 'Không đạt yêu cầu sức khỏe' }]]],
  [12, 'TW-NM-2026-11', [['prescreen']]],
];

/** The papers and payments a departure needs, dated around the planned departure. */
async function demoPapers(caseId: number, workerId: number, order: JobOrder, departureOn: string): Promise<void> {
  const issued = addMonths(departureOn, -4);
  await Worker.sequelize!.query(
    `INSERT INTO papers (kind, worker_id, case_id, number, issuing_body, issued_on, expires_on, sender_agency_id, job_category, market) VALUES
     ('passport', $1, NULL, $3, 'Cục Quản lý xuất nhập cảnh', $4, $5, NULL, NULL, NULL),
     ('health_certificate', $1, NULL, $6, 'Bệnh viện Đa khoa tỉnh Thanh Hóa', $4, $7, NULL, NULL, NULL),
     ('orientation_certificate', $1, NULL, $8, 'Trung tâm đào tạo Hành Trang', $4, $9, $10, $11, $12),
     ('visa', $1, $2, $13, 'Văn phòng Kinh tế Văn hóa Đài Bắc', $4, $14, NULL, NULL, NULL)`,
    {
      bind: [
        workerId,
        caseId,
        `C${String(7_000_000 + caseId)}`,
        issued,
        addMonths(departureOn, 60),
        `SK-${caseId}`,
        addMonths(issued, 12),
        `GDĐH-${caseId}/2026`,
        addMonths(issued, 24),
        order.agencyId,
        order.jobCategory,
        order.destinationCountry,
        `TV-${caseId}`,
        addMonths(departureOn, 36),
      ],
    },
  );
  await demoMoney(caseId, order, departureOn);
}

/**
 * The money a departure needs, on the ledger: the Fund contribution (R13) and, where the market allows one, the
 * deposit into a blocked account in the worker's name (R9, R10), dated a week before departure (today at the latest).
 */
async function demoMoney(caseId: number, order: JobOrder, departureOn: string): Promise<void> {
  const staff = demoActor!;
  const on = [addDays(departureOn, -7), today()].sort()[0];
  await postEntry(
    staff,
    caseId,
    {
      kind: 'fund_contribution_paid',
      amountVnd: 100_000,
      occurredOn: on,
      method: 'bank_transfer',
      reference: `QHT-${caseId}`,
    },
    `demo:fund:${caseId}`,
  );
  if (order.serviceFeeVnd > 0) {
    const fee = Number(order.serviceFeeVnd);
    await postEntry(
      staff,
      caseId,
      { kind: 'service_fee_due', amountVnd: fee, occurredOn: on, method: 'offset' },
      `demo:fee-due:${caseId}`,
    );
    await postEntry(
      staff,
      caseId,
      { kind: 'service_fee_paid', amountVnd: fee, occurredOn: on, method: 'bank_transfer', reference: `PT-${caseId}` },
      `demo:fee-paid:${caseId}`,
    );
  }
  for (const [category, amountVnd] of [
    ['passport', 200_000],
    ['health_check', 750_000],
  ] as const)
    await postEntry(
      staff,
      caseId,
      { kind: 'other_cost_paid', category, amountVnd, occurredOn: on, method: 'cash' },
      `demo:${category}:${caseId}`,
    );
  if (order.depositVnd > 0) {
    await setDepositAccount(staff, caseId, {
      holder: 'commercial_bank',
      bankName: 'Ngân hàng TMCP Ngoại thương Việt Nam',
      accountNumber: `0011${String(caseId).padStart(9, '0')}`,
      agreementOn: on,
      employerAcceptedOn: on,
      fromLoan: false,
    });
    await postEntry(
      staff,
      caseId,
      { kind: 'deposit_received', amountVnd: Number(order.depositVnd), occurredOn: on, method: 'blocked_account' },
      `demo:deposit:${caseId}`,
    );
  }
}

let demoActor: ReturnType<typeof toActor> | null = null;

async function seedCases(actor: ReturnType<typeof toActor>, workers: Worker[]): Promise<void> {
  demoActor = actor;
  for (const [n, reference, steps] of CASE_PLANS) {
    const order = await JobOrder.findOne({ where: { reference, agencyId: actor.agencyId! } });
    if (!order) continue;
    const c = await createCase(actor, { workerId: workers[n - 1].id, jobOrderId: order.id });
    let version = c.version;
    for (const [action, input] of steps) {
      if (action === 'mark_ready') await demoPapers(c.id, workers[n - 1].id, order, String(input!.plannedDepartureOn));
      version = (
        await transitionCase(actor, c.id, {
          action,
          input: input ?? {},
          expectedVersion: version + (action === 'mark_ready' ? 0 : 0),
        })
      ).case.version;
    }
  }
}
