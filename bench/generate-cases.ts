// npm run bench:seed -- --cases 1000000 (bench/generate.ts calls loadCases): the case lifecycle's data on top of
// the workers already loaded. 200 service enterprises (the ten largest hold 40 % of the cases), their job orders,
// the consent links of the workers they have cases with, N cases in realistic states with their whole event
// history (≈ 5 events per case) — loaded with COPY, the tables' secondary indexes and foreign keys dropped
// before the load and rebuilt after it from their own definitions, so the schema stays the migrations' and
// every constraint is checked once, on the whole table.
//
// Every case is what the workflow would have left behind (server/modules/cases/cases.workflow.ts): its events
// follow the transitions table, version = number of events, whose_move and next_deadline_on come from the
// workflow's own state definitions (R15 selection + 180 days, R20 contract end, …), and a worker holds at most
// one case from selection to return (the cases_one_place index). Deterministic: seeded PRNG, dates counted
// from BENCH_TODAY rather than the clock.
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addMonths, formatDateVi } from '../server/shared/dates';
import { verdict } from '../server/shared/rules';
// the module's index first: it loads the case files in the order they need
import { caseWorkflow, type CaseState } from '../server/modules/cases';
import { PLACE_STATES } from '../server/modules/cases/cases.model';
import type { JobCategory } from '../server/modules/job-orders/job-orders.model';
import { rng } from './random';

/** The day the generated history ends ("today" for the data), fixed so every run generates the same rows. */
export const BENCH_TODAY = '2026-11-27';
/** Licence numbers of the generated agencies end with this; rank 1 (the largest) is BENCH_LICENCE(1). */
export const benchLicence = (rank: number) => `${100 + rank * 3}/LĐTBXH-GP`;
export const AGENCY_COUNT = 200;

const DAY_MS = 86_400_000;
const dayOf = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const TODAY = dayOf(BENCH_TODAY);
const isoCache = new Map<number, string>();
function iso(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** A sampler over weights (binary search on the cumulative sums). */
function sampler(weights: number[], r: () => number): () => number {
  const cum = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    cum[i] = acc += w;
  });
  return () => {
    const x = r() * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');
const N = '\\N';
const opt = (v: string | number | null | undefined) => (v === null || v === undefined ? N : esc(String(v)));

// ---- the case lifecycle, as the workflow defines it ----

/** The main line of the workflow; a case's history is a prefix of it, or a prefix then an exit (withdraw / reject). */
const PATH: CaseState[] = [
  'registered',
  'prescreened',
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
  'departed',
  'returned',
  'liquidated',
  'closed',
];
const ACTIONS = [
  'prescreen',
  'select',
  'sign_contract',
  'start_visa',
  'mark_ready',
  'depart',
  'return',
  'liquidate',
  'close',
];
const P = Object.fromEntries(PATH.map((s, i) => [s, i])) as Record<CaseState, number>;
for (let j = 1; j < PATH.length; j += 1) {
  const t = caseWorkflow.transitions.find((x) => x.action === ACTIONS[j - 1]);
  if (!t || !t.from.includes(PATH[j - 1]!) || t.to !== PATH[j])
    throw new Error(`the workflow no longer moves ${PATH[j - 1]} to ${PATH[j]} by ${ACTIONS[j - 1]}`);
}
for (const exit of ['withdraw', 'reject']) {
  const t = caseWorkflow.transitions.find((x) => x.action === exit)!;
  if (PATH.slice(0, 6).some((s) => !t.from.includes(s)))
    throw new Error(`the workflow no longer allows ${exit} before departure`);
}

/** Final states, in per cent of the cases: a mature market, mostly history, a fifth of the cases abroad. ≈ 5 events per case. */
const STATE_SHARES: [CaseState, number][] = [
  ['registered', 7],
  ['prescreened', 4.5],
  ['selected', 3.5],
  ['contract_signed', 2],
  ['visa_processing', 2],
  ['ready_to_depart', 1.5],
  ['departed', 22],
  ['returned', 2.5],
  ['liquidated', 2],
  ['closed', 27],
  ['withdrawn', 15],
  ['rejected', 11],
];
/** From which state a withdrawn / rejected case left (index on PATH, before departure), in per cent. */
const EXIT_FROM: Record<'withdrawn' | 'rejected', number[]> = {
  withdrawn: [30, 25, 20, 10, 8, 7],
  rejected: [55, 35, 5, 3, 1, 1],
};
const OUTCOMES = ['on_time', 'early_not_at_fault', 'early_at_fault', 'absconded'] as const;
/** Days between two steps of the main line (the return is computed from the labour contract). */
const GAP: [number, number][] = [
  [0, 0],
  [3, 30],
  [7, 60],
  [5, 40],
  [3, 20],
  [15, 60],
  [3, 30],
  [0, 0],
  [10, 150],
  [1, 45],
];
/** How long a case has been in its (non-final) state, in days. */
const DWELL: Partial<Record<CaseState, number>> = {
  registered: 60,
  prescreened: 60,
  selected: 200,
  contract_signed: 50,
  visa_processing: 45,
  ready_to_depart: 40,
  returned: 210,
  liquidated: 60,
};
/** Pre-departure open states: their cases are on open job orders only. */
const RECRUITING = new Set<CaseState>([
  'registered',
  'prescreened',
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
]);
/** The states of the cases_one_place index: one case per worker. */
const ONE_PLACE = new Set<CaseState>([
  'selected',
  'contract_signed',
  'visa_processing',
  'ready_to_depart',
  'departed',
  'returned',
]);
const COUNTS_PLACE = new Set<CaseState>(PLACE_STATES);

const WITHDRAW_REASONS = [
  'Người lao động đổi ý, không tiếp tục tham gia',
  'Gia đình không đồng ý cho đi',
  'Đã tìm được việc làm trong nước',
  'Không thu xếp được chi phí',
  'Người lao động chuyển sang đơn hàng khác',
];
const REJECT_REASONS = [
  'Không đạt yêu cầu sức khỏe',
  'Không đạt kỳ thi tuyển của đối tác',
  'Không đạt yêu cầu ngoại ngữ',
  'Hồ sơ không đủ điều kiện',
  'Không đạt kiểm tra tay nghề',
];
const EARLY_REASONS: Record<string, string[]> = {
  early_not_at_fault: [
    'Doanh nghiệp tiếp nhận cắt giảm sản xuất',
    'Người lao động ốm đau, về nước điều trị',
    'Hoàn cảnh gia đình đặc biệt',
  ],
  early_at_fault: ['Vi phạm nội quy lao động', 'Tự ý chấm dứt hợp đồng lao động'],
  absconded: ['Bỏ trốn khỏi nơi làm việc theo hợp đồng'],
};

// ---- markets (destination countries of the countries reference table) ----

interface Market {
  country: string;
  weight: number;
  currency: string;
  salary: [number, number];
  fx: number;
  jobs: [JobCategory, number, number][]; // category, contract months, weight
  cities: string[];
  flights: string[];
  employers: string[];
}
const JP_FIRMS = [
  'Tanaka',
  'Suzuki',
  'Sato',
  'Yamamoto',
  'Nakamura',
  'Kobayashi',
  'Kato',
  'Yoshida',
  'Yamada',
  'Matsumoto',
  'Inoue',
  'Kimura',
];
const MARKETS: Market[] = [
  {
    country: 'JP',
    weight: 45,
    currency: 'JPY',
    salary: [170_000, 230_000],
    fx: 170,
    jobs: [
      ['jp_tts_1_2', 36, 70],
      ['jp_tts_3', 24, 8],
      ['jp_ssw_after_tts', 60, 14],
      ['jp_high_skilled', 36, 8],
    ],
    cities: ['Aichi', 'Osaka', 'Saitama', 'Chiba', 'Fukuoka', 'Hiroshima', 'Gifu', 'Ibaraki'],
    flights: ['VN310', 'VN300', 'VN318', 'VJ822', 'VJ932'],
    employers: JP_FIRMS.flatMap((n) => [
      `Kabushiki Kaisha ${n} Kōgyō`,
      `${n} Seisakusho Co., Ltd.`,
      `${n} Shokuhin K.K.`,
    ]),
  },
  {
    country: 'TW',
    weight: 30,
    currency: 'TWD',
    salary: [28_590, 33_000],
    fx: 800,
    jobs: [
      ['general', 36, 65],
      ['institutional_caregiver', 36, 10],
      ['home_caregiver', 36, 15],
      ['fishing_coastal', 36, 5],
      ['agriculture', 36, 5],
    ],
    cities: ['Đào Viên', 'Đài Trung', 'Tân Bắc', 'Cao Hùng', 'Tân Trúc', 'Chương Hóa'],
    flights: ['VN570', 'CI792', 'BR392', 'VJ946'],
    employers: [
      'Hsin Chu Electronics Co., Ltd.',
      'Formosa Textile Corp.',
      'Tai Yuan Precision Co.',
      'Chang Hua Metal Works',
      'Kaohsiung Plastics Co.',
      'Da Tong Food Co.',
      'Yung Fu Machinery',
      'Evergreen Care Home',
    ],
  },
  {
    country: 'KR',
    weight: 5,
    currency: 'KRW',
    salary: [2_100_000, 2_600_000],
    fx: 18,
    jobs: [
      ['fishing_distant', 36, 40],
      ['seafarer_transport', 36, 20],
      ['general', 36, 40],
    ],
    cities: ['Busan', 'Incheon', 'Ulsan', 'Changwon'],
    flights: ['VN416', 'KE440', 'OZ734'],
    employers: ['Daehan Fisheries Co.', 'Hanil Shipping Co.', 'Samsung Precision Parts', 'Busan Marine Co.'],
  },
  {
    country: 'CN',
    weight: 2,
    currency: 'CNY',
    salary: [5000, 7000],
    fx: 3500,
    jobs: [['general', 24, 1]],
    cities: ['Quảng Châu', 'Thâm Quyến'],
    flights: ['CZ372', 'VN502'],
    employers: ['Guangzhou Huafeng Co.', 'Shenzhen Mingda Electronics'],
  },
  {
    country: 'SG',
    weight: 1,
    currency: 'SGD',
    salary: [1400, 1800],
    fx: 19_500,
    jobs: [
      ['general', 24, 2],
      ['seafarer_transport', 24, 1],
    ],
    cities: ['Singapore'],
    flights: ['VN651', 'SQ175'],
    employers: ['Lion City Engineering Pte. Ltd.', 'Jurong Marine Pte. Ltd.'],
  },
  {
    country: 'MY',
    weight: 2,
    currency: 'MYR',
    salary: [1700, 2200],
    fx: 5600,
    jobs: [['general', 24, 1]],
    cities: ['Kuala Lumpur', 'Penang', 'Johor'],
    flights: ['VN675', 'MH751'],
    employers: ['Sinar Jaya Sdn. Bhd.', 'Penang Electronics Sdn. Bhd.'],
  },
  {
    country: 'SA',
    weight: 3,
    currency: 'SAR',
    salary: [1500, 2000],
    fx: 6900,
    jobs: [
      ['general', 24, 2],
      ['home_caregiver', 24, 1],
    ],
    cities: ['Riyadh', 'Jeddah', 'Dammam'],
    flights: ['SV557', 'EK395'],
    employers: ['Al Rajhi Contracting Co.', 'Saudi Gulf Services'],
  },
  {
    country: 'AE',
    weight: 1,
    currency: 'AED',
    salary: [1500, 2200],
    fx: 7000,
    jobs: [['general', 24, 1]],
    cities: ['Dubai', 'Abu Dhabi'],
    flights: ['EK395', 'VN6049'],
    employers: ['Emirates Facility Services LLC'],
  },
  {
    country: 'QA',
    weight: 1,
    currency: 'QAR',
    salary: [1600, 2200],
    fx: 7100,
    jobs: [['general', 24, 1]],
    cities: ['Doha'],
    flights: ['QR975'],
    employers: ['Doha Building Contracting'],
  },
  {
    country: 'DE',
    weight: 3,
    currency: 'EUR',
    salary: [2300, 2900],
    fx: 28_000,
    jobs: [
      ['institutional_caregiver', 36, 2],
      ['general', 24, 1],
    ],
    cities: ['Berlin', 'München', 'Frankfurt', 'Hamburg'],
    flights: ['VN31', 'VN37'],
    employers: ['Pflegeheim Sonnenhof GmbH', 'Klinikum Nord gGmbH', 'Müller Bau GmbH'],
  },
  {
    country: 'RO',
    weight: 2,
    currency: 'EUR',
    salary: [750, 1000],
    fx: 28_000,
    jobs: [['general', 24, 1]],
    cities: ['Bucharest', 'Cluj-Napoca'],
    flights: ['TK163'],
    employers: ['Construct Grup S.R.L.', 'Carpați Food S.R.L.'],
  },
  {
    country: 'HU',
    weight: 1,
    currency: 'EUR',
    salary: [800, 1100],
    fx: 28_000,
    jobs: [['general', 24, 1]],
    cities: ['Budapest', 'Győr'],
    flights: ['TK163'],
    employers: ['Danube Automotive Kft.'],
  },
  {
    country: 'PL',
    weight: 1,
    currency: 'PLN',
    salary: [4300, 5200],
    fx: 6700,
    jobs: [['general', 24, 1]],
    cities: ['Warsaw', 'Wrocław'],
    flights: ['LO4455'],
    employers: ['Polmet Sp. z o.o.'],
  },
  {
    country: 'MO',
    weight: 0.5,
    currency: 'MOP',
    salary: [7000, 9000],
    fx: 3200,
    jobs: [
      ['general', 24, 1],
      ['home_caregiver', 24, 1],
    ],
    cities: ['Ma Cao'],
    flights: ['NX881'],
    employers: ['Macau Golden Hotel Ltd.'],
  },
  {
    country: 'AU',
    weight: 0.5,
    currency: 'AUD',
    salary: [3500, 4500],
    fx: 16_800,
    jobs: [['agriculture', 12, 1]],
    cities: ['Queensland', 'Victoria'],
    flights: ['VN781'],
    employers: ['Sunshine Farms Pty Ltd'],
  },
  {
    country: 'IL',
    weight: 0.5,
    currency: 'ILS',
    salary: [6000, 7000],
    fx: 7000,
    jobs: [['agriculture', 60, 1]],
    cities: ['Arava'],
    flights: ['VN9611'],
    employers: ['Arava Growers Ltd.'],
  },
];
const TITLES: Record<string, string[]> = {
  jp_tts_1_2: [
    'Chế biến thực phẩm',
    'Hàn kim loại',
    'Cốp pha xây dựng',
    'May mặc',
    'Đóng gói công nghiệp',
    'Trồng trọt',
    'Lắp ráp linh kiện điện tử',
  ],
  jp_tts_3: ['Chế biến thực phẩm (năm 4–5)', 'Hàn kim loại (năm 4–5)'],
  jp_ssw_after_tts: [
    'Kỹ năng đặc định: chế biến thực phẩm',
    'Kỹ năng đặc định: xây dựng',
    'Kỹ năng đặc định: điều dưỡng',
  ],
  jp_high_skilled: ['Kỹ sư cơ khí', 'Kỹ sư công nghệ thông tin'],
  general: [
    'Công nhân sản xuất',
    'Công nhân lắp ráp điện tử',
    'Công nhân dệt may',
    'Công nhân xây dựng',
    'Công nhân cơ khí',
  ],
  institutional_caregiver: ['Hộ lý tại viện dưỡng lão', 'Điều dưỡng viên'],
  home_caregiver: ['Khán hộ công gia đình', 'Giúp việc gia đình'],
  fishing_coastal: ['Thuyền viên tàu cá gần bờ'],
  fishing_distant: ['Thuyền viên tàu cá xa bờ'],
  seafarer_transport: ['Thuyền viên tàu vận tải'],
  agriculture: ['Lao động nông nghiệp', 'Thu hoạch nông sản'],
};

// ---- agencies ----

const BRAND_WORDS = [
  'An',
  'Bình',
  'Đông',
  'Hưng',
  'Phát',
  'Thịnh',
  'Việt',
  'Hải',
  'Long',
  'Minh',
  'Nam',
  'Phú',
  'Quang',
  'Sao',
  'Tân',
  'Thành',
  'Trường',
  'Vinh',
  'Hòa',
  'Kim',
  'Đại',
  'Gia',
  'Hoàng',
  'Nhật',
];
const KINDS = ['Công ty Cổ phần', 'Công ty TNHH', 'Công ty Cổ phần Đầu tư'];
const LINES = [
  'Cung ứng Nhân lực Quốc tế',
  'Hợp tác Lao động',
  'Phát triển Nhân lực',
  'Xuất khẩu Lao động và Thương mại',
  'Dịch vụ Việc làm Quốc tế',
  'Thương mại và Nhân lực',
];
const HQ: [string, number][] = [
  ['01', 70],
  ['79', 12],
  ['31', 4],
  ['38', 3],
  ['40', 4],
  ['42', 3],
  ['48', 4],
];

interface Agency {
  rank: number;
  id: number;
  initials: string;
  share: number;
}

/** Shares of the cases by rank: the ten largest hold 40 % (1/√r among them), the other 190 60 % (1/r). */
function agencyShares(): number[] {
  const top = Array.from({ length: 10 }, (_, i) => 1 / Math.sqrt(i + 1));
  const rest = Array.from({ length: AGENCY_COUNT - 10 }, (_, i) => 1 / (i + 11));
  const t = top.reduce((a, b) => a + b, 0);
  const s = rest.reduce((a, b) => a + b, 0);
  return [...top.map((w) => (0.4 * w) / t), ...rest.map((w) => (0.6 * w) / s)];
}

async function upsertAgencies(client: pg.Client, r: () => number): Promise<Agency[]> {
  const shares = agencyShares();
  const hq = sampler(
    HQ.map(([, w]) => w),
    r,
  );
  const pairs: string[] = [];
  for (const a of BRAND_WORDS) for (const b of BRAND_WORDS) if (a !== b) pairs.push(`${a} ${b}`);
  const rows = shares.map((share, i) => {
    const rank = i + 1;
    const brand = pairs[(i * 97) % pairs.length]!;
    const issued = iso(dayOf('2018-01-01') + Math.floor(r() * 2400));
    return {
      rank,
      share,
      initials: brand
        .split(' ')
        .map(
          (w) =>
            w
              .normalize('NFD')
              .replace(/[\u0300-\u036f]/g, '')
              .replace('Đ', 'D')[0],
        )
        .join(''),
      name: `${KINDS[i % KINDS.length]} ${LINES[(i * 7) % LINES.length]} ${brand}`,
      licence: benchLicence(rank),
      issued,
      tax: `01${String(10_234_567 + rank * 7919).slice(-8)}`,
      province: HQ[hq()]![0],
      address: `Số ${1 + Math.floor(r() * 200)} đường ${brand}`,
      // a handful of small agencies had their licence suspended: their history stays
      status: rank > AGENCY_COUNT - 4 ? 'suspended' : 'active',
    };
  });
  const { rows: saved } = await client.query<{ id: string; licence_number: string }>(
    `INSERT INTO agencies (kind, name, licence_number, licence_issued_on, tax_code, address, province_code, status, deposit_confirmed, deposit_bank, deposit_confirmed_on)
     SELECT 'service_enterprise', n, l, d::date, t, a, p, s, true, 'Ngân hàng TMCP Ngoại thương Việt Nam', d::date
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(n, l, d, t, a, p, s)
     ON CONFLICT (licence_number) WHERE licence_number IS NOT NULL DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
       licence_issued_on = EXCLUDED.licence_issued_on, tax_code = EXCLUDED.tax_code, address = EXCLUDED.address, province_code = EXCLUDED.province_code,
       status = EXCLUDED.status, deposit_confirmed = true, deposit_bank = EXCLUDED.deposit_bank, deposit_confirmed_on = EXCLUDED.deposit_confirmed_on, updated_at = now()
     RETURNING id, licence_number`,
    [
      rows.map((x) => x.name),
      rows.map((x) => x.licence),
      rows.map((x) => x.issued),
      rows.map((x) => x.tax),
      rows.map((x) => x.address),
      rows.map((x) => x.province),
      rows.map((x) => x.status),
    ],
  );
  const ids = new Map(saved.map((s) => [s.licence_number, Number(s.id)]));
  return rows.map((x) => ({ rank: x.rank, id: ids.get(x.licence)!, initials: x.initials, share: x.share }));
}

// ---- job orders ----

interface Order {
  agency: number; // index in agencies
  open: boolean;
  market: Market;
  category: JobCategory;
  months: number;
  title: string;
  employer: string;
  salary: number;
  fee: number;
  airfare: number;
  // filled from the cases
  taken: number;
  firstDay: number;
  lastDay: number;
  headcount: number;
  opened: number;
  closed: number | null;
  selections: number;
}

function makeOrders(
  agencies: Agency[],
  total: number,
  r: () => number,
): { orders: Order[]; byAgency: { all: () => number; open: () => number }[] } {
  const market = sampler(
    MARKETS.map((m) => m.weight),
    r,
  );
  const orders: Order[] = [];
  const byAgency = agencies.map((a, ai) => {
    // a few dozen for the large agencies, a handful for the small ones
    const count = Math.max(3, Math.min(60, Math.round(Math.sqrt(a.share * total) / 5)));
    const first = orders.length;
    for (let j = 0; j < count; j += 1) {
      const m = MARKETS[market()]!;
      const job =
        m.jobs[
          sampler(
            m.jobs.map(([, , w]) => w),
            r,
          )()
        ]!;
      const salary = Math.round(m.salary[0] + r() * (m.salary[1] - m.salary[0]));
      orders.push({
        agency: ai,
        open: j < 3 || r() < 0.75,
        market: m,
        category: job[0],
        months: job[1],
        title: TITLES[job[0]]![Math.floor(r() * TITLES[job[0]]!.length)]!,
        employer: m.employers[Math.floor(r() * m.employers.length)]!,
        salary,
        fee: Math.round((salary * m.fx * (0.5 + r() * 0.5)) / 100_000) * 100_000,
        airfare: 8_000_000 + Math.floor(r() * 70) * 100_000,
        taken: 0,
        firstDay: Infinity,
        lastDay: -Infinity,
        headcount: 0,
        opened: 0,
        closed: null,
        selections: 0,
      });
    }
    // sizes by rank within the agency (1/j^0.9): the biggest is a long-running framework order
    const ids = Array.from({ length: count }, (_, j) => first + j);
    const weights = ids.map((_, j) => 1 / (j + 1) ** 0.9);
    const openIds = ids.filter((id) => orders[id]!.open);
    const all = sampler(weights, r);
    const open = sampler(
      openIds.map((id) => weights[id - first]!),
      r,
    );
    return { all: () => ids[all()]!, open: () => openIds[open()]! };
  });
  return { orders, byAgency };
}

// ---- the cases ----

/** What generateCases decides for every case; the rows themselves are written from it, case by case. */
interface CaseSet {
  state: Uint8Array; // index in STATE_NAMES
  agency: Uint16Array;
  order: Uint32Array;
  worker: Int32Array;
  outcome: Uint8Array; // OUTCOMES index, for cases that returned
  exitFrom: Int8Array; // PATH index the case left from (withdrawn / rejected), else -1
  last: Int8Array; // PATH index of the last main-line state reached
  days: Int32Array; // 10 per case: the day each main-line state was reached (days[0] = registration)
  exitDay: Int32Array;
  endDay: Int32Array; // labour contract end, for cases that departed
}
const STATE_NAMES = Object.keys(caseWorkflow.states) as CaseState[];
const SI = Object.fromEntries(STATE_NAMES.map((s, i) => [s, i])) as Record<CaseState, number>;

function generateCases(
  total: number,
  workerIds: Int32Array,
  agencies: Agency[],
  r: () => number,
): { c: CaseSet; orders: Order[] } {
  const { orders, byAgency } = makeOrders(agencies, total, r);
  const agencyOf = sampler(
    agencies.map((a) => a.share),
    r,
  );
  const stateOf = sampler(
    STATE_SHARES.map(([, w]) => w),
    r,
  );
  const exitFrom = { withdrawn: sampler(EXIT_FROM.withdrawn, r), rejected: sampler(EXIT_FROM.rejected, r) };
  const outcomeOfReturned = sampler([78, 8, 5, 9], r);
  const outcomeOfLiquidated = sampler([86, 9, 5], r); // absconded workers are liquidated unilaterally (R20): they stay returned here
  const span = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  // Historical cases ended at any time over the last eight years, more of them recently (the market grew).
  const history = () => Math.floor(2900 * r() ** 1.4);
  const c: CaseSet = {
    state: new Uint8Array(total),
    agency: new Uint16Array(total),
    order: new Uint32Array(total),
    worker: new Int32Array(total),
    outcome: new Uint8Array(total),
    exitFrom: new Int8Array(total),
    last: new Int8Array(total),
    days: new Int32Array(total * 10),
    exitDay: new Int32Array(total),
    endDay: new Int32Array(total),
  };

  // Workers: a shuffled registry. Each case holding a place (selected … returned) gets a worker of its own from the
  // front; open registrations come from the rest; history (closed, exits) from anyone: people go abroad twice.
  const perm = Int32Array.from(workerIds);
  for (let i = perm.length - 1; i > 0; i -= 1) {
    const j = Math.floor(r() * (i + 1));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  let nextPlace = 0;
  const placeTotal = Math.ceil(total * 0.36); // ≥ the share of the place states (33.5 %)
  if (placeTotal >= perm.length)
    throw new Error(`${total.toLocaleString('en')} cases need more than ${placeTotal.toLocaleString('en')} workers`);
  const applied = new Set<number>(); // worker × order: one application per worker and order (cases_one_application)
  const ORDER_KEY = 2 ** 22;
  if (orders.length >= ORDER_KEY) throw new Error('too many job orders');

  for (let i = 0; i < total; i += 1) {
    const state = STATE_SHARES[stateOf()]![0];
    const a = agencyOf();
    const o = RECRUITING.has(state) ? byAgency[a]!.open() : byAgency[a]!.all();
    const order = orders[o]!;
    c.state[i] = SI[state];
    c.agency[i] = a;
    c.order[i] = o;
    c.exitFrom[i] = -1;

    for (;;) {
      let w: number;
      if (ONE_PLACE.has(state))
        w = perm[nextPlace++]!; // a worker never seen before: no clash possible
      else if (RECRUITING.has(state)) w = perm[placeTotal + Math.floor(r() * (perm.length - placeTotal))]!;
      else w = perm[Math.floor(r() * perm.length)]!;
      const key = w * ORDER_KEY + o;
      if (!applied.has(key)) {
        applied.add(key);
        c.worker[i] = w;
        break;
      }
    }

    // The timeline, from the last event back to the registration.
    const d = c.days.subarray(i * 10, i * 10 + 10);
    let last: number;
    if (state === 'withdrawn' || state === 'rejected') {
      last = exitFrom[state]();
      c.exitFrom[i] = last;
      c.exitDay[i] = TODAY - history();
      d[last] = c.exitDay[i]! - span(1, 45);
    } else {
      last = P[state];
      if (last >= P.returned) {
        d[last] = state === 'closed' ? TODAY - history() : TODAY - span(0, DWELL[state]!);
        for (let j = last; j > P.returned; j -= 1) d[j - 1] = d[j]! - span(GAP[j]![0], GAP[j]![1]);
        const outcome = state === 'returned' ? outcomeOfReturned() : outcomeOfLiquidated();
        c.outcome[i] = outcome;
        const ret = d[P.returned]!;
        // on time: back around the contract's end; early: some months into it
        d[P.departed] =
          outcome === 0
            ? dayOf(addMonths(iso(ret - span(-3, 20)), -order.months)) + span(-3, 3)
            : ret - span(60, Math.floor(order.months * 30 * 0.85));
        c.endDay[i] = dayOf(addMonths(iso(d[P.departed]!), order.months));
      } else if (last === P.departed) {
        // abroad: most contracts still running, a few past their end (the return not recorded yet)
        d[last] = TODAY - Math.floor(r() * order.months * 30.44 * 1.04);
        c.endDay[i] = dayOf(addMonths(iso(d[last]!), order.months));
      } else {
        d[last] = TODAY - span(0, DWELL[state]!);
      }
    }
    for (let j = Math.min(last, P.departed); j > 0; j -= 1) d[j - 1] = d[j]! - span(GAP[j]![0], GAP[j]![1]);
    c.last[i] = last;
    if (COUNTS_PLACE.has(state)) order.taken += 1;
    // an order is open from before its first registration until after its last registration and selection
    order.firstDay = Math.min(order.firstDay, d[0]!);
    order.lastDay = Math.max(order.lastDay, d[Math.min(last, P.selected)]!);
  }
  return { c, orders };
}

// ---- rows ----

/** A PRNG of its own for each case, so the cases pass and the events pass draw the same numbers. */
const caseRng = (pos: number) => rng(Math.imul(pos + 1, 0x9e3779b1) ^ 20261208);

function stamp(day: number, r: () => number): string {
  const minutes = 7 * 60 + Math.floor(r() * 600); // office hours, Vietnam time
  return `${iso(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}+07`;
}

/**
 * The next deadline the engine would have stored on the last transition: the earliest open obligation of the case's
 * rules with the seeded policy values (R15 180 days from selection while waiting; R17 5 days after departure, not
 * reported in the bench; R20 180 days after the contract's end; R21 15 days after re-entry). Papers and the Fund are
 * left out: the bench carries no papers.
 */
function benchDeadline(
  state: CaseState,
  selectedOn: string | null,
  departedOn: string | null,
  end: string | null,
  returnedOn: string | null,
) {
  const add = (d: string, n: number) => iso(Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000) + n);
  const open: { on: string; ruleId: string }[] = [];
  if (selectedOn && ['selected', 'contract_signed', 'visa_processing', 'ready_to_depart'].includes(state))
    open.push({ on: add(selectedOn, 180), ruleId: 'R15' });
  if (departedOn && ['departed', 'returned'].includes(state)) open.push({ on: add(departedOn, 5), ruleId: 'R17' });
  const contractEnd = returnedOn && end ? (returnedOn < end ? returnedOn : end) : (end ?? returnedOn);
  if (contractEnd && ['departed', 'returned'].includes(state)) open.push({ on: add(contractEnd, 180), ruleId: 'R20' });
  if (returnedOn && state === 'returned') open.push({ on: add(returnedOn, 15), ruleId: 'R21' });
  return open.sort((a, b) => a.on.localeCompare(b.on))[0] ?? null;
}

interface Described {
  row: string;
  events: string[];
  version: number;
  worker: number;
  agency: number;
  registered: number;
}

/** The row of the case at position `pos` (id pos + 1) and, when asked, its event rows. */
function describe(
  pos: number,
  i: number,
  c: CaseSet,
  orders: Order[],
  agencies: Agency[],
  withEvents: boolean,
): Described {
  const rc = caseRng(pos);
  const pick = <T>(xs: T[]) => xs[Math.floor(rc() * xs.length)]!;
  const caseId = pos + 1;
  const state = STATE_NAMES[c.state[i]!]!;
  const order = orders[c.order[i]!]!;
  const m = order.market;
  const d = c.days.subarray(i * 10, i * 10 + 10);
  const last = c.last[i]!;
  const exitFrom = c.exitFrom[i]!;
  const reached = (s: CaseState) => last >= P[s];
  const on = (s: CaseState) => (reached(s) ? iso(d[P[s]]!) : null);
  const outcome = reached('returned') ? OUTCOMES[c.outcome[i]!]! : null;
  const departed = on('departed');
  const end = departed ? iso(c.endDay[i]!) : null;
  const def = caseWorkflow.states[state];
  const deadline = benchDeadline(state, on('selected'), departed, end, on('returned'));
  const planned = reached('ready_to_depart')
    ? (departed ?? iso(d[P.ready_to_depart]! + 7 + Math.floor(rc() * 24)))
    : null;
  // the draw of the Fund date the row carried before the ledger (issue 17): kept, so the rows after it stay the same
  if (reached('ready_to_depart')) rc();
  const exitReason =
    state === 'withdrawn' ? pick(WITHDRAW_REASONS) : state === 'rejected' ? pick(REJECT_REASONS) : null;
  const returnReason = outcome && outcome !== 'on_time' ? pick(EARLY_REASONS[outcome]!) : null;
  const flight = departed ? pick(m.flights) : null;
  const destination = departed ? pick(m.cities) : null;

  const events: string[] = [];
  const created = stamp(d[0]!, rc);
  let at = created;
  const ev = (
    day: number,
    action: string,
    from: string,
    to: string,
    input: () => object,
    verdicts: () => unknown[] = () => [],
  ) => {
    at = stamp(day, rc);
    if (withEvents)
      events.push(
        `${caseId}\t${at}\t${action}\t${from}\t${to}\t${esc(JSON.stringify(input()))}\t${esc(JSON.stringify(verdicts()))}\n`,
      );
  };
  for (let j = 1; j <= last; j += 1) {
    const day = d[j]!;
    const date = iso(day);
    switch (ACTIONS[j - 1]) {
      case 'select':
        ev(
          day,
          'select',
          PATH[j - 1]!,
          PATH[j]!,
          () => ({ selectedOn: date }),
          () => {
            order.selections += 1;
            const free = Math.max(1, order.headcount - order.selections + 1);
            return [
              verdict('R3', true, 'Đơn hàng đang tuyển.', { jobOrderState: 'open' }),
              verdict('R4', true, `Còn ${free}/${order.headcount} chỗ trong đơn hàng.`, {
                headcount: order.headcount,
                taken: order.headcount - free,
              }),
            ];
          },
        );
        break;
      case 'sign_contract':
        ev(day, 'sign_contract', PATH[j - 1]!, PATH[j]!, () => ({ signedOn: date }));
        break;
      case 'mark_ready':
        ev(day, 'mark_ready', PATH[j - 1]!, PATH[j]!, () => ({ plannedDepartureOn: planned }));
        break;
      case 'depart':
        ev(
          day,
          'depart',
          PATH[j - 1]!,
          PATH[j]!,
          () => ({ departedOn: date, flight, destination }),
          // the R15 verdict the guard records on a departure inside the 180 days (the bench never departs late)
          () => [
            verdict('R15', true, `Xuất cảnh ngày ${date}, trong thời hạn chờ.`, {
              selectedOn: on('selected'),
              departedOn: date,
            }),
          ],
        );
        break;
      case 'return':
        ev(day, 'return', PATH[j - 1]!, PATH[j]!, () => ({
          returnedOn: date,
          outcome,
          ...(returnReason ? { reason: returnReason } : {}),
        }));
        break;
      case 'liquidate':
        ev(day, 'liquidate', PATH[j - 1]!, PATH[j]!, () => ({ liquidatedOn: date, unilateral: false, deductions: [] }));
        break;
      default:
        ev(day, ACTIONS[j - 1]!, PATH[j - 1]!, PATH[j]!, () => ({}));
    }
  }
  if (exitFrom >= 0)
    ev(c.exitDay[i]!, state === 'withdrawn' ? 'withdraw' : 'reject', PATH[exitFrom]!, state, () => ({
      reason: exitReason,
    }));
  const version = last + (exitFrom >= 0 ? 1 : 0);

  const row =
    [
      c.worker[i]!,
      c.order[i]! + 1,
      agencies[c.agency[i]!]!.id,
      state,
      version,
      def.whoseMove,
      opt(deadline?.on),
      opt(deadline?.ruleId),
      opt(on('selected')),
      opt(on('contract_signed')),
      opt(departed),
      opt(on('returned')),
      opt(outcome),
      opt(on('liquidated')),
      opt(on('closed')),
      opt(exitReason),
      created,
      at,
      opt(planned),
      opt(flight),
      opt(destination),
      opt(departed),
      opt(end),
      opt(returnReason),
    ].join('\t') + '\n';
  return { row, events, version, worker: c.worker[i]!, agency: c.agency[i]!, registered: d[0]! };
}

export interface CasesLoad {
  cases: number;
  events: number;
  links: number;
  orders: number;
  agencies: number;
}

/** Drops a table's secondary indexes and foreign keys; returns the statements that rebuild them as they were. */
export async function dropIndexesAndKeys(client: pg.Client, table: string): Promise<string[]> {
  const { rows: keys } = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
    [table],
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
     ORDER BY i.indexname`,
    [table],
  );
  for (const k of keys) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${k.name}`);
  for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
  return [...indexes.map((ix) => ix.def), ...keys.map((k) => `ALTER TABLE ${table} ADD CONSTRAINT ${k.name} ${k.def}`)];
}

/**
 * The foreign keys of other tables that reference `table` (a TRUNCATE of it alone refuses them), dropped; returns the
 * statements that add them back (each checks its table once).
 */
export async function dropKeysReferencing(client: pg.Client, table: string): Promise<string[]> {
  const { rows: keys } = await client.query<{ tbl: string; name: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE confrelid = $1::regclass AND conrelid <> confrelid AND contype = 'f' ORDER BY 1, 2`,
    [table],
  );
  for (const k of keys) await client.query(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${k.name}`);
  return keys.map((k) => `ALTER TABLE ${k.tbl} ADD CONSTRAINT ${k.name} ${k.def}`);
}

/** COPY from a generator of lines, sent in chunks of ≈ 64 kB. */
export async function copy(client: pg.Client, sql: string, lines: () => Iterable<string>): Promise<void> {
  function* chunks(): Generator<string> {
    let chunk = '';
    for (const line of lines()) {
      chunk += line;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

export async function idsAreOneToN(client: pg.Client, table: string, n: number): Promise<void> {
  const {
    rows: [x],
  } = await client.query<{ lo: string | null; hi: string | null; n: string }>(
    `SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM ${table}`,
  );
  if (Number(x!.n) !== n || (n > 0 && (Number(x!.lo) !== 1 || Number(x!.hi) !== n)))
    throw new Error(`${table}: ids are not 1…${n}`);
}

export const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;

/** Loads `total` cases (with agencies, job orders, consent links and events) over the workers already loaded. */
export async function loadCases(client: pg.Client, total: number, log: (line: string) => void): Promise<CasesLoad> {
  let t = Date.now();
  const {
    rows: [wc],
  } = await client.query<{ n: string }>('SELECT count(*) AS n FROM workers');
  const workerCount = Number(wc!.n);
  if (workerCount < total * 0.5) {
    throw new Error(
      `${total.toLocaleString('en')} cases need at least ${Math.ceil(total * 0.5).toLocaleString('en')} workers and the registry has ` +
        `${workerCount.toLocaleString('en')}: load them first (--workers 1000000)`,
    );
  }
  const workerIds = new Int32Array(workerCount);
  (await client.query<[number]>({ text: 'SELECT id::int FROM workers ORDER BY id', rowMode: 'array' })).rows.forEach(
    (row, i) => {
      workerIds[i] = row[0];
    },
  );

  // Start from no cases: job orders, cases and all that hangs on them (events, papers, enrolments…), and the consent
  // links. Agencies are upserted by licence number, so their ids (and users made for them) survive a reseed.
  await client.query(`TRUNCATE worker_agency_links, job_orders, job_order_events, cases, case_events, case_extensions, case_notices
    RESTART IDENTITY CASCADE`);
  // obligations name their case by id only (no foreign key): the old cases' would land on the new ones
  await client.query("DELETE FROM obligations WHERE subject_type = 'case'");
  const r = rng(20261206);
  const agencies = await upsertAgencies(client, r);
  const { c, orders } = generateCases(total, workerIds, agencies, r);
  const ro = rng(20261207);
  for (const o of orders) {
    o.opened = (Number.isFinite(o.firstDay) ? o.firstDay : TODAY - 30) - Math.floor(ro() * 20);
    o.closed = o.open ? null : Math.min(TODAY, Math.max(o.opened + 30, o.lastDay + 1 + Math.floor(ro() * 30)));
    // open orders keep free places; closed ones were filled
    o.headcount = o.open ? o.taken + Math.ceil(o.taken * (0.1 + ro() * 0.3)) + 5 : Math.max(1, o.taken);
  }
  // chronological ids, as a live system would have given them
  const byReg = new Uint32Array(total);
  for (let i = 0; i < total; i += 1) byReg[i] = i;
  byReg.sort((x, y) => c.days[x * 10]! - c.days[y * 10]! || x - y);
  log(
    `  generated ${total.toLocaleString('en')} cases over ${orders.length.toLocaleString('en')} job orders of ${agencies.length} agencies: ${seconds(t)}`,
  );

  t = Date.now();
  const rebuild: string[] = [];
  for (const table of ['cases', 'case_events', 'worker_agency_links'])
    rebuild.push(...(await dropIndexesAndKeys(client, table)));

  await copy(
    client,
    `COPY job_orders (agency_id, reference, employer_name, employer_country, employer_address, destination_country, job_category,
      job_title, headcount, salary_currency, salary_minor, fx_rate, fx_rate_date, fx_rate_source, contract_months, service_fee_vnd, airfare_vnd,
      supply_reg_number, supply_reg_date, supply_reg_status, recruit_from, recruit_to, expected_departure_on, state, version, opened_on, closed_on,
      created_at, updated_at) FROM STDIN`,
    function* () {
      for (let j = 0; j < orders.length; j += 1) {
        const o = orders[j]!;
        const a = agencies[o.agency]!;
        yield (
          [
            a.id,
            `${a.initials}-${iso(o.opened).slice(0, 4)}-${String(j + 1).padStart(5, '0')}`,
            esc(o.employer),
            o.market.country,
            esc(o.market.cities[j % o.market.cities.length]!),
            o.market.country,
            o.category,
            esc(o.title),
            o.headcount,
            o.market.currency,
            o.salary,
            o.market.fx,
            iso(o.opened - 5),
            'Vietcombank',
            o.months,
            o.fee,
            o.airfare,
            `${1000 + j}/QLLĐNN-ĐKHĐ`,
            iso(o.opened - 10),
            'approved',
            iso(o.opened),
            iso(o.closed ?? TODAY + 60 + (j % 120)),
            iso(o.opened + 180),
            o.open ? 'open' : 'closed',
            o.open ? 1 : 2,
            iso(o.opened),
            o.closed === null ? N : iso(o.closed),
            `${iso(o.opened - 10)} 09:00:00+07`,
            `${iso(o.closed ?? o.opened)} 09:00:00+07`,
          ].join('\t') + '\n'
        );
      }
    },
  );
  await copy(client, 'COPY job_order_events (job_order_id, at, action, from_state, to_state) FROM STDIN', function* () {
    for (let j = 0; j < orders.length; j += 1) {
      const o = orders[j]!;
      yield `${j + 1}\t${iso(o.opened)} 09:00:00+07\topen\tdraft\topen\n`;
      if (o.closed !== null) yield `${j + 1}\t${iso(o.closed)} 16:00:00+07\tclose\topen\tclosed\n`;
    }
  });
  await idsAreOneToN(client, 'job_orders', orders.length);
  log(`  COPY ${orders.length.toLocaleString('en')} job orders and their events: ${seconds(t)}`);

  // cases (ids 1…N in registration order), then their events: two passes over the same per-case PRNGs
  t = Date.now();
  const links = new Map<number, number>(); // worker × 256 + agency → earliest registration day
  let events = 0;
  await copy(
    client,
    `COPY cases (worker_id, job_order_id, agency_id, state, version, whose_move, next_deadline_on, next_deadline_rule, selected_on,
      contract_signed_on, departed_on, returned_on, return_outcome, liquidated_on, closed_on, exit_reason, created_at, updated_at,
      planned_departure_on, flight, destination, labour_contract_start_on, labour_contract_end_on, return_reason) FROM STDIN`,
    function* () {
      for (let pos = 0; pos < total; pos += 1) {
        const x = describe(pos, byReg[pos]!, c, orders, agencies, false);
        events += x.version;
        const key = x.worker * 256 + x.agency;
        const seen = links.get(key);
        if (seen === undefined || x.registered < seen) links.set(key, x.registered);
        yield x.row;
      }
    },
  );
  await idsAreOneToN(client, 'cases', total);
  log(`  COPY ${total.toLocaleString('en')} cases: ${seconds(t)}`);

  t = Date.now();
  await copy(
    client,
    'COPY case_events (case_id, at, action, from_state, to_state, input, verdicts) FROM STDIN',
    function* () {
      for (let pos = 0; pos < total; pos += 1) yield* describe(pos, byReg[pos]!, c, orders, agencies, true).events;
    },
  );
  log(`  COPY ${events.toLocaleString('en')} case events: ${seconds(t)}`);

  t = Date.now();
  const rl = rng(20261209);
  await copy(
    client,
    'COPY worker_agency_links (worker_id, agency_id, since, consent_date, purposes, evidence) FROM STDIN',
    function* () {
      for (const [key, day] of links) {
        const consent = iso(day - Math.floor(rl() * 10));
        yield `${Math.floor(key / 256)}\t${agencies[key % 256]!.id}\t${consent}\t${consent}\t{recruitment,placement_abroad,training}\tPhiếu đồng ý ký ngày ${formatDateVi(consent)}\n`;
      }
    },
  );
  log(`  COPY ${links.size.toLocaleString('en')} worker–agency links (consent): ${seconds(t)}`);

  t = Date.now();
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const sql of rebuild) await client.query(sql);
  log(`  ${rebuild.length} indexes and foreign keys rebuilt (each checks the whole table once): ${seconds(t)}`);
  t = Date.now();
  await client.query(
    'VACUUM (ANALYZE) agencies, job_orders, job_order_events, cases, case_events, worker_agency_links',
  );
  log(`  vacuum analyze: ${seconds(t)}`);
  return { cases: total, events, links: links.size, orders: orders.length, agencies: agencies.length };
}

// ---- the money ledger (issue 17): what staff would have posted on each case ----

/** The deposit an order agreed (R9's cap for the market, or a little less), for the jobs that take one. */
const DEPOSITS: Record<string, [number, number]> = { TW: [12_000_000, 10_000_000], KR: [36_000_000, 30_000_000] };
/** Seafarers and fishermen pay no deposit (policies.csv, deposit.cap). */
const NO_DEPOSIT_JOBS = ['fishing_coastal', 'fishing_distant', 'seafarer_transport'];
/** Markets where the worker usually pays her own ticket (other_cost_paid, airfare). */
const WORKER_PAYS_AIRFARE = new Set(['TW', 'MY', 'SA', 'AE', 'QA', 'MO']);
const BANKS = [
  'Ngân hàng TMCP Ngoại thương Việt Nam',
  'Ngân hàng TMCP Công thương Việt Nam',
  'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam',
  'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam',
];
const CLINICS = [
  'Bệnh viện Giao thông vận tải',
  'Bệnh viện Đa khoa Hồng Ngọc',
  'Phòng khám Đa khoa Quốc tế Thanh Chân',
  'Bệnh viện Đa khoa tỉnh',
];
/** The bank's demand rate the refunds' interest is computed at (% a year). */
const DEMAND_RATE = 0.1;
/** Cases whose contract was signed before this day carry their Fund contribution as the migration left it (issue 17). */
const LEDGER_SINCE = dayOf('2025-01-01');
const FUND_PAYEE = 'Quỹ Hỗ trợ việc làm ngoài nước';
const EXITS = new Set(['withdrawn', 'rejected']);

export interface LedgersLoad {
  entries: number;
  cases: number;
  accounts: number;
  refundsOpen: number;
  refundsOverdue: number;
}

interface LedgerCase {
  id: number;
  agency: number;
  worker: number;
  state: string;
  reg: number;
  selected: number | null;
  signed: number | null;
  departed: number | null;
  liquidated: number | null;
  closed: number | null;
  planned: number | null;
  last: number; // the day of the last event (an exit's day)
  fee: number;
  airfare: number;
  deposit: number;
  market: string;
  workerName: string;
}

/** One entry as a COPY line of ledger_entries (LEDGER_COLUMNS). */
interface EntryLine {
  kind: string;
  category?: string;
  amount: number;
  day: number;
  payer: string;
  payee: string;
  method: string;
  reference?: string;
  interestDays?: number;
  note?: string;
  migratedKey?: string;
}

const LEDGER_COLUMNS = `case_id, agency_id, worker_id, kind, category, amount_vnd, occurred_on, payer, payee, method, reference,
  interest_rate_percent, interest_days, note, migrated, actor_user_id, idempotency_key, request_digest, created_at`;

/**
 * A case's entries, oldest first: the costs paid before the contract (health check, passport, criminal record,
 * training, a second health check before the flight), the service fee due at signing and paid in one to three instalments within it (the order's fee, itself
 * within R7's cap), the visa and, where the worker pays it, the ticket; the Fund contribution (R13) 3 to 12 days before
 * departure; for a deposit market (TW, KR), the deposit into the blocked account once the visa is under way (R10), and
 * after liquidation its interest and refund (R11) — every closed case, about half of the liquidated ones (the others
 * still held: refunds due, some overdue).
 */
function ledgerLines(c: LedgerCase, agencyName: string, account: string | null): EntryLine[] {
  const r = rng(Math.imul(c.id, 0x85ebca6b) ^ 20261201);
  const out: EntryLine[] = [];
  const limit = Math.min(TODAY, EXITS.has(c.state) ? c.last : (c.closed ?? TODAY));
  const at = (from: number, lo: number, hi: number, until = limit) =>
    Math.max(c.reg, Math.min(until, from + lo + Math.floor(r() * (hi - lo + 1))));
  const step = (lo: number, hi: number, by: number) => (lo + Math.floor((r() * (hi - lo)) / by) * by) as number;
  const paid = () => (r() < 0.6 ? 'cash' : 'bank_transfer');
  const cost = (category: string, amount: number, day: number, payee: string) =>
    out.push({ kind: 'other_cost_paid', category, amount, day, payer: c.workerName, payee, method: paid() });
  const reached = c.state !== 'registered' && (!EXITS.has(c.state) || c.selected !== null || r() < 0.4);
  if (reached)
    cost('health_check', step(600_000, 1_500_000, 50_000), at(c.reg, 2, 25), CLINICS[c.id % CLINICS.length]!);
  if (c.selected !== null) {
    if (r() < 0.9) cost('passport', 200_000, at(c.selected, 1, 20), 'Cục Quản lý xuất nhập cảnh, Bộ Công an');
    if (r() < 0.6) cost('criminal_record', 200_000, at(c.selected, 1, 20), 'Sở Tư pháp');
    if (r() < (c.market === 'JP' ? 0.9 : 0.3))
      cost(
        'training',
        c.market === 'JP' ? step(6_000_000, 15_000_000, 500_000) : step(2_000_000, 5_000_000, 500_000),
        at(c.selected, 5, 60),
        agencyName,
      );
  }
  if (c.signed !== null) {
    const by = c.departed ?? limit;
    if (c.fee > 0) {
      out.push({
        kind: 'service_fee_due',
        amount: c.fee,
        day: at(c.signed, 0, 0),
        payer: c.workerName,
        payee: agencyName,
        method: 'offset',
      });
      const n = 1 + Math.floor(r() * 3);
      // abroad or after: all paid before departure; before it, some of the instalments
      const k = c.departed !== null ? n : Math.floor(r() * (n + 1));
      const part = Math.floor(c.fee / n / 100_000) * 100_000 || c.fee;
      let left = c.fee;
      for (let j = 0; j < k && left > 0; j += 1) {
        const amount = j === n - 1 ? left : Math.min(part, left);
        left -= amount;
        out.push({
          kind: 'service_fee_paid',
          amount,
          day: at(c.signed, j * 10, j * 10 + 15, by),
          payer: c.workerName,
          payee: agencyName,
          method: paid(),
          reference: `PT-${c.id}-${j + 1}`,
        });
      }
    }
    const visa = c.departed !== null || c.state === 'visa_processing' || c.state === 'ready_to_depart';
    if (visa || (EXITS.has(c.state) && r() < 0.3))
      cost(
        'visa',
        c.market === 'JP' ? 600_000 : step(1_500_000, 4_000_000, 100_000),
        at(c.signed, 5, 40, by),
        'Cơ quan đại diện nước tiếp nhận',
      );
    const departure = c.departed ?? c.planned;
    if (departure !== null && !EXITS.has(c.state)) {
      // the employer's second health check, a few weeks before the flight (Japan and Taiwan ask for it)
      if (r() < 0.5)
        cost(
          'health_check',
          step(400_000, 900_000, 50_000),
          at(departure, -40, -15),
          CLINICS[(c.id + 1) % CLINICS.length]!,
        );
      if (WORKER_PAYS_AIRFARE.has(c.market) && r() < 0.7 && c.airfare > 0)
        cost('airfare', c.airfare, at(departure, -20, -5), 'Đại lý vé máy bay');
      const fundDay = at(departure, -12, -3);
      out.push(
        c.signed < LEDGER_SINCE
          ? {
              kind: 'fund_contribution_paid',
              amount: 100_000,
              day: fundDay,
              payer: 'Người lao động',
              payee: FUND_PAYEE,
              method: 'migrated',
              note: 'Chuyển từ ngày đóng Quỹ đã ghi trên hồ sơ; chưa có chứng từ',
              migratedKey: `migrated:fund:${c.id}`,
            }
          : {
              kind: 'fund_contribution_paid',
              amount: 100_000,
              day: fundDay,
              payer: c.workerName,
              payee: FUND_PAYEE,
              method: 'bank_transfer',
              reference: `QHT-${c.id}`,
            },
      );
    }
    if (account !== null) {
      // as the app writes it (money.service.ts maskAccount): bank data stays out of free text
      const masked = `${'•'.repeat(Math.min(8, account.length - 4))}${account.slice(-4)}`;
      const blocked = `Tài khoản phong tỏa ${masked} tại ${BANKS[c.id % BANKS.length]}`;
      const received = at(c.signed, 10, 40, c.departed === null ? limit : c.departed - 1);
      out.push({
        kind: 'deposit_received',
        amount: c.deposit,
        day: received,
        payer: c.workerName,
        payee: blocked,
        method: 'blocked_account',
        reference: `KQ-${c.id}`,
      });
      const liq = c.liquidated;
      if (liq !== null && (c.state === 'closed' || (TODAY - liq >= 2 && r() < 0.5))) {
        const day = at(liq, 1, 20, Math.min(limit, TODAY));
        const days = day - received;
        const interest = Math.ceil((c.deposit * DEMAND_RATE * days) / 100 / 365);
        if (interest > 0)
          out.push({
            kind: 'deposit_interest',
            amount: interest,
            day,
            payer: BANKS[c.id % BANKS.length]!,
            payee: blocked,
            method: 'blocked_account',
            interestDays: days,
            note: `Lãi không kỳ hạn ${DEMAND_RATE}%/năm, ${days} ngày`,
          });
        out.push({
          kind: 'deposit_refunded',
          amount: c.deposit + interest,
          day,
          payer: blocked,
          payee: c.workerName,
          method: 'blocked_account',
          interestDays: days,
          note: `Hoàn trả gốc và lãi`,
        });
      }
    }
  }
  return out.sort((a, b) => a.day - b.day);
}

/** Has the case's order a deposit and did the case get far enough to pay it (visa under way, not withdrawn)? */
const takesDeposit = (c: LedgerCase) =>
  c.deposit > 0 &&
  c.signed !== null &&
  !EXITS.has(c.state) &&
  (c.departed !== null || c.state === 'visa_processing' || c.state === 'ready_to_depart');

/**
 * Replaces every case's ledger: the agreed deposit on the TW and KR orders, one staff member per agency who posted
 * the entries, the blocked accounts, ≈ 6 entries per case (COPY, the balance trigger off: ledger_balances is filled
 * in one GROUP BY after it, then the trigger back on; the table's secondary indexes and foreign keys dropped and
 * rebuilt as loadCases does), and the R11 refund obligation of every liquidated case with a deposit (open while it
 * is held: due 15 days after liquidation, deposit.refund_days). `npm run bench:seed -- --ledgers` runs it alone on
 * the cases already loaded; `--cases N` runs it after them.
 */
export async function loadLedgers(client: pg.Client, log: (line: string) => void): Promise<LedgersLoad> {
  let t = Date.now();
  // a paid support grant names its support_paid entry (issue 19): the seed's grants are replaced by --grants, so their
  // payments go with the ledgers; TRUNCATE refuses a table another one references, so that key is dropped around it
  await client.query('UPDATE grant_applications SET ledger_entry_id = NULL WHERE ledger_entry_id IS NOT NULL');
  const referencing = await dropKeysReferencing(client, 'ledger_entries');
  await client.query('TRUNCATE ledger_entries, ledger_balances, deposit_accounts RESTART IDENTITY');
  for (const sql of referencing) await client.query(sql);
  await client.query("DELETE FROM obligations WHERE subject_type = 'case' AND kind = 'deposit_refund'");
  await client.query(
    `UPDATE job_orders SET deposit_holder = NULL, deposit_vnd = 0 WHERE deposit_vnd <> 0 OR deposit_holder IS NOT NULL`,
  );
  for (const [market, [full, less]] of Object.entries(DEPOSITS))
    await client.query(
      `UPDATE job_orders SET deposit_holder = 'commercial_bank', deposit_vnd = CASE WHEN id % 4 = 0 THEN $2::bigint ELSE $3::bigint END
       WHERE destination_country = $1 AND NOT (job_category = ANY($4::text[]))`,
      [market, less, full, NO_DEPOSIT_JOBS],
    );
  const { rows: agencyRows } = await client.query<{ id: string; name: string; user_id: string }>(
    `WITH a AS (SELECT DISTINCT agency_id AS id FROM cases)
     INSERT INTO users (username, password_hash, display_name, role, agency_id)
     SELECT 'bench-staff-' || a.id, 'not-a-password-hash', 'Kế toán ' || g.name, 'agency_staff', a.id FROM a JOIN agencies g ON g.id = a.id
     ON CONFLICT (username) DO UPDATE SET role = 'agency_staff', agency_id = EXCLUDED.agency_id, display_name = EXCLUDED.display_name
     RETURNING agency_id AS id, (SELECT name FROM agencies WHERE id = users.agency_id) AS name, id AS user_id`,
  );
  const agencyName = new Map(agencyRows.map((a) => [Number(a.id), a.name]));
  const staff = new Map(agencyRows.map((a) => [Number(a.id), Number(a.user_id)]));
  const {
    rows: [bounds],
  } = await client.query<{ hi: string | null }>('SELECT max(id) AS hi FROM cases');
  const hi = Number(bounds!.hi ?? 0);
  log(`  deposits on the TW and KR orders, ${staff.size} agency accountants: ${seconds(t)}`);

  t = Date.now();
  const rebuild = await dropIndexesAndKeys(client, 'ledger_entries');
  await client.query('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balance');
  await client.query('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_reversal');
  const day = (v: string | null) => (v === null ? null : dayOf(v));
  let entries = 0;
  let accounts = 0;
  const CHUNK = 100_000;
  for (let lo = 0; lo < hi; lo += CHUNK) {
    const { rows } = await client.query<string[]>({
      text: `SELECT c.id, c.agency_id, c.worker_id, c.state, (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text,
               c.selected_on::text, c.contract_signed_on::text, c.departed_on::text, c.liquidated_on::text, c.closed_on::text,
               c.planned_departure_on::text, (c.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text, o.service_fee_vnd,
               o.airfare_vnd, o.deposit_vnd, coalesce(o.destination_country, ''), w.full_name
             FROM cases c JOIN job_orders o ON o.id = c.job_order_id JOIN workers w ON w.id = c.worker_id
             WHERE c.id > $1 AND c.id <= $2 ORDER BY c.id`,
      values: [lo, lo + CHUNK],
      rowMode: 'array',
    });
    const cases: LedgerCase[] = rows.map((x) => ({
      id: Number(x[0]),
      agency: Number(x[1]),
      worker: Number(x[2]),
      state: x[3]!,
      reg: dayOf(x[4]!),
      selected: day(x[5]!),
      signed: day(x[6]!),
      departed: day(x[7]!),
      liquidated: day(x[8]!),
      closed: day(x[9]!),
      planned: day(x[10]!),
      last: dayOf(x[11]!),
      fee: Number(x[12]),
      airfare: Number(x[13]),
      deposit: Number(x[14]),
      market: x[15]!,
      workerName: x[16]!,
    }));
    const receivedOn = new Map<number, number>();
    const accountOf = (c: LedgerCase) => `${String(1000 + (c.id % 9000))}${String(c.id).padStart(9, '0')}`;
    await copy(client, `COPY ledger_entries (${LEDGER_COLUMNS}) FROM STDIN`, function* () {
      for (const c of cases) {
        const lines = ledgerLines(c, agencyName.get(c.agency)!, takesDeposit(c) ? accountOf(c) : null);
        const deposit = lines.find((e) => e.kind === 'deposit_received');
        if (deposit) receivedOn.set(c.id, deposit.day);
        let n = 0;
        for (const e of lines) {
          n += 1;
          const key = e.migratedKey ?? `bench:${c.id}:${n}`;
          const digest = crypto.createHash('sha256').update(key).digest('hex');
          yield (
            [
              c.id,
              c.agency,
              c.worker,
              e.kind,
              opt(e.category),
              e.amount,
              iso(e.day),
              esc(e.payer),
              esc(e.payee),
              e.method,
              opt(e.reference),
              e.interestDays === undefined ? N : DEMAND_RATE,
              opt(e.interestDays),
              opt(e.note),
              e.migratedKey ? 't' : 'f',
              e.migratedKey ? N : staff.get(c.agency)!,
              key,
              e.migratedKey ? '0'.repeat(64) : digest,
              `${iso(e.day)} ${String(8 + (n % 9)).padStart(2, '0')}:${String((c.id * 7 + n * 13) % 60).padStart(2, '0')}:00+07`,
            ].join('\t') + '\n'
          );
        }
        entries += lines.length;
      }
    });
    // the blocked accounts of the deposits received, agreed before the deposit (R10: after the employer's acceptance)
    const withDeposit = cases.filter((c) => receivedOn.has(c.id));
    accounts += withDeposit.length;
    await copy(
      client,
      `COPY deposit_accounts (case_id, agency_id, holder, bank_name, bank_branch, account_number, account_holder_name,
        agreement_number, agreement_on, employer_accepted_on, recorded_by_user_id, created_at, updated_at) FROM STDIN`,
      function* () {
        for (const c of withDeposit) {
          const on = iso(Math.min(c.signed! + 5, receivedOn.get(c.id)!));
          yield (
            [
              c.id,
              c.agency,
              'commercial_bank',
              BANKS[c.id % BANKS.length],
              'Chi nhánh Hà Nội',
              accountOf(c),
              esc(c.workerName),
              `KQ3B-${c.id}`,
              on,
              on,
              staff.get(c.agency),
              `${on} 09:00:00+07`,
              `${on} 09:00:00+07`,
            ].join('\t') + '\n'
          );
        }
      },
    );
  }
  log(
    `  COPY ${entries.toLocaleString('en')} ledger entries (${(entries / Math.max(1, hi)).toFixed(2)} a case), ${accounts.toLocaleString('en')} blocked accounts: ${seconds(t)}`,
  );

  t = Date.now();
  await client.query("SET maintenance_work_mem = '512MB'");
  for (const sql of rebuild) await client.query(sql);
  await client.query('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_balance');
  await client.query('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_reversal');
  // what the trigger would have kept, in one statement (the same sums: a reversal counts negative)
  const sum = (where: string) => `coalesce(sum(s) FILTER (WHERE ${where}), 0)`;
  await client.query(`
    INSERT INTO ledger_balances (case_id, agency_id, worker_id, deposit_received_vnd, deposit_interest_vnd, deposit_deducted_vnd,
      deposit_refunded_vnd, fee_due_vnd, fee_paid_vnd, fee_refunded_vnd, fee_refund_interest_vnd, fund_paid_vnd, other_costs_vnd,
      support_vnd, entries, updated_at)
    SELECT case_id, min(agency_id), min(worker_id), ${sum("kind = 'deposit_received'")}, ${sum("kind = 'deposit_interest'")},
      ${sum("kind = 'deposit_deduction'")}, ${sum("kind = 'deposit_refunded'")}, ${sum("kind = 'service_fee_due'")},
      ${sum("kind = 'service_fee_paid'")}, ${sum("kind = 'service_fee_refund' AND component = 'principal'")},
      ${sum("kind = 'service_fee_refund' AND component = 'interest'")}, ${sum("kind = 'fund_contribution_paid'")},
      ${sum("kind = 'other_cost_paid'")}, ${sum("kind = 'support_paid'")}, count(*), max(created_at)
    FROM (SELECT *, CASE WHEN reverses_id IS NULL THEN amount_vnd ELSE -amount_vnd END AS s FROM ledger_entries) e
    GROUP BY case_id`);
  // R11: every liquidated case that received a deposit owes its refund within deposit.refund_days of liquidation
  const { rowCount } = await client.query(`
    INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, met_on, policy_id, agency_id,
      province_code, commune_code)
    SELECT 'case', c.id, 'deposit_refund', 'R11', c.liquidated_on + p.value::int, 'agency',
      CASE WHEN b.deposit_held_vnd = 0 THEN 'met' ELSE 'open' END, r.on, p.id, c.agency_id, w.province_code, w.commune_code
    FROM ledger_balances b JOIN cases c ON c.id = b.case_id JOIN workers w ON w.id = c.worker_id
    CROSS JOIN (SELECT id, value FROM policy_values WHERE key = 'deposit.refund_days' AND withdrawn_at IS NULL
                ORDER BY effective_from DESC LIMIT 1) p
    LEFT JOIN LATERAL (SELECT max(occurred_on) AS on FROM ledger_entries e WHERE e.case_id = c.id AND e.kind = 'deposit_refunded') r ON true
    WHERE b.deposit_received_vnd > 0 AND c.liquidated_on IS NOT NULL`);
  const {
    rows: [open],
  } = await client.query<{ open: number; overdue: number }>(
    `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_on < current_date)::int AS overdue FROM obligations
     WHERE subject_type = 'case' AND kind = 'deposit_refund' AND status = 'open'`,
  );
  log(
    `  ${rebuild.length} indexes and foreign keys rebuilt, balances summed, ${(rowCount ?? 0).toLocaleString('en')} refund obligations ` +
      `(${open!.open.toLocaleString('en')} open, ${open!.overdue.toLocaleString('en')} overdue): ${seconds(t)}`,
  );
  t = Date.now();
  await client.query(
    'VACUUM (ANALYZE) job_orders, ledger_entries, ledger_balances, deposit_accounts, obligations, users',
  );
  log(`  vacuum analyze: ${seconds(t)}`);
  return { entries, cases: hi, accounts, refundsOpen: open!.open, refundsOverdue: open!.overdue };
}
