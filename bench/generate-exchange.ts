// npm run bench:seed -- --exchange: the job exchange's data (issue 21) over the workers already loaded
// (`--workers 1000000`). Replaces what it made before (idempotent: the exchange's tables are truncated, the centres and
// their staff upserted), then, with COPY:
// - the synthetic occupation version ("GIẢ LẬP – không dùng thật", seeders/demo/occupations-synthetic.ts), loaded and
//   put in force by the app's own loadSyntheticOccupations: every code below is one of its codes (levels 2–4);
// - one employment service centre per province (34, upserted by tax code 09<province>000000) with one centre_staff
//   user each (bench-centre-<province>);
// - 20,000 employers, spread over the provinces like the vacancies, each registered by its province's centre;
// - one job-seeker profile per worker (1,000,000 at a million workers), at the centre of her home province, with its
//   registration row: level-2 groups skewed (group 93 ≈ 15 %), the wanted province skewed (Hồ Chí Minh City ≈ 20 % of
//   province_1; province_2 for about half), 70 % active (18 % inactive, 12 % withdrawn), codes at levels 2, 3 and 4
//   (20/30/50 %), availability (60 % at once), wage kinds and bands, experience, languages and priority groups in
//   realistic shares; the workers' general education and technical level (correlated with the occupation), and for
//   about 60 % of the poor, near-poor and newly escaped households a certification in the seed's year;
// - 100,000 open vacancies of those employers, skewed like the job seekers (same group and province weights), their
//   requirements by occupation group, deadlines 30 to 180 days after the seed's day, each with its 'create' event.
// No consent links, consent scans, referrals or vacancy_deadline obligations (the matching reads none of them; an
// obligation per vacancy would also change the alert scan's benchmark). Dates count from the day the seed runs (the
// app matches on its real today: deadlines must lie ahead of the benchmark's day); everything else is deterministic
// (seeded PRNG). Indexes and foreign keys of the loaded tables are dropped for the COPY and rebuilt after it from
// their own definitions; the workers' update runs without their secondary indexes, then VACUUM FULL, indexes rebuilt,
// and every table VACUUM ANALYZEd.
import type pg from 'pg';
import { addDays } from '../server/shared/dates';
import { today } from '../server/shared/clock';
import { fold } from '../server/shared/text';
import { availableFromOf } from '../server/modules/exchange/exchange.rules';
import { closeSequelize, useDatabaseUrl } from '../server/db/sequelize';
import { closePlainPool } from '../server/db/sql';
import { loadSyntheticOccupations } from '../seeders/demo/occupations-synthetic';
import { copy, dropIndexesAndKeys, idsAreOneToN, seconds } from './generate-cases';
import { rng } from './random';

/** Fewer workers would measure nothing (one profile per worker). */
export const MIN_EXCHANGE_WORKERS = 100_000;
export const EMPLOYER_COUNT = 20_000;
export const VACANCY_COUNT = 100_000;
/** The staff user of the centre of a province. */
export const centreUsername = (province: string) => `bench-centre-${province}`;

const N = '\\N';
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');
const opt = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? N : esc(String(v)));
/** A text[] literal in COPY's text format (the codes here need no quoting). */
const arr = (xs: string[]) => `{${xs.join(',')}}`;

// ---- distributions ----

/** Level-2 occupation groups (weights ≈ % of job seekers and of vacancies): group 93 is the largest, ≈ 15 %. */
const GROUPS: [string, number][] = [
  ['93', 15],
  ['75', 9],
  ['81', 7],
  ['82', 7],
  ['52', 6.5],
  ['51', 5],
  ['71', 5],
  ['72', 5],
  ['83', 4.5],
  ['91', 4],
  ['92', 3.5],
  ['74', 3],
  ['33', 3],
  ['96', 2.5],
  ['41', 2.5],
  ['42', 2],
  ['53', 2],
  ['54', 2],
  ['61', 1.5],
  ['43', 1.5],
  ['44', 1],
  ['94', 1],
  ['31', 1],
  ['24', 1],
  ['25', 1],
  ['23', 0.8],
  ['21', 0.8],
  ['22', 0.7],
  ['32', 0.6],
  ['34', 0.5],
  ['35', 0.5],
  ['36', 0.5],
  ['26', 0.5],
  ['62', 0.5],
  ['73', 0.5],
  ['63', 0.3],
  ['95', 0.3],
  ['17', 0.3],
  ['16', 0.1],
];
/**
 * Where the work is wanted and offered away from home (weights): Hồ Chí Minh City, Hà Nội, the industrial provinces.
 * Mixed with the home province (HOME_SHARE of the draws), Hồ Chí Minh City comes to ≈ 20 % and Hà Nội to ≈ 9 %.
 */
const WORKPLACES: [string, number][] = [
  ['79', 30],
  ['01', 12],
  ['75', 6],
  ['24', 6],
  ['31', 5],
  ['48', 4],
  ['33', 3],
  ['19', 3],
  ['22', 3],
  ['80', 3],
  ['92', 3],
  ['40', 3],
  ['38', 3],
  ['56', 2],
  ['37', 2],
  ['25', 2],
  ['51', 2],
  ['86', 2],
  ['91', 2],
  ['66', 1.5],
  ['68', 1.5],
  ['52', 1.5],
  ['82', 1.5],
  ['42', 1],
  ['44', 1],
  ['46', 1],
  ['96', 1],
  ['15', 0.5],
  ['08', 0.5],
  ['14', 0.5],
  ['20', 0.5],
  ['04', 0.5],
  ['11', 0.5],
  ['12', 0.5],
];
type Tech =
  | 'untrained'
  | 'skilled_no_certificate'
  | 'elementary'
  | 'intermediate'
  | 'college'
  | 'university'
  | 'master'
  | 'doctorate';
/** A job seeker's technical level by the major group (first digit) of the work she wants. */
const SEEKER_TECH: Record<string, [Tech, number][]> = {
  '1': [
    ['university', 60],
    ['college', 20],
    ['master', 15],
    ['intermediate', 5],
  ],
  '2': [
    ['university', 70],
    ['master', 15],
    ['college', 10],
    ['intermediate', 4],
    ['doctorate', 1],
  ],
  '3': [
    ['college', 40],
    ['intermediate', 35],
    ['university', 20],
    ['elementary', 5],
  ],
  '4': [
    ['intermediate', 30],
    ['college', 25],
    ['university', 20],
    ['elementary', 15],
    ['untrained', 10],
  ],
  '5': [
    ['untrained', 35],
    ['elementary', 25],
    ['skilled_no_certificate', 20],
    ['intermediate', 15],
    ['college', 5],
  ],
  '6': [
    ['untrained', 55],
    ['skilled_no_certificate', 30],
    ['elementary', 15],
  ],
  '7': [
    ['skilled_no_certificate', 30],
    ['elementary', 30],
    ['intermediate', 25],
    ['untrained', 10],
    ['college', 5],
  ],
  '8': [
    ['elementary', 30],
    ['skilled_no_certificate', 25],
    ['intermediate', 20],
    ['untrained', 20],
    ['college', 5],
  ],
  '9': [
    ['untrained', 60],
    ['skilled_no_certificate', 25],
    ['elementary', 15],
  ],
};
/** A vacancy's required technical level by its major group (employers ask for less than seekers hold). */
const VACANCY_TECH: Record<string, [Tech, number][]> = {
  '1': [
    ['university', 90],
    ['master', 10],
  ],
  '2': [
    ['university', 85],
    ['master', 10],
    ['college', 5],
  ],
  '3': [
    ['college', 50],
    ['intermediate', 30],
    ['university', 20],
  ],
  '4': [
    ['intermediate', 40],
    ['college', 30],
    ['university', 20],
    ['untrained', 10],
  ],
  '5': [
    ['untrained', 50],
    ['elementary', 30],
    ['intermediate', 20],
  ],
  '6': [
    ['untrained', 80],
    ['elementary', 20],
  ],
  '7': [
    ['untrained', 25],
    ['skilled_no_certificate', 25],
    ['elementary', 30],
    ['intermediate', 20],
  ],
  '8': [
    ['untrained', 25],
    ['skilled_no_certificate', 25],
    ['elementary', 30],
    ['intermediate', 20],
  ],
  '9': [
    ['untrained', 85],
    ['skilled_no_certificate', 10],
    ['elementary', 5],
  ],
};
/** The share of job seekers wanting work in their home province first (and of vacancies placed like them). */
const HOME_SHARE = 0.3;
const HIGHER: Tech[] = ['college', 'university', 'master', 'doctorate'];
const GENERAL: [string, number][] = [
  ['upper_secondary', 55],
  ['lower_secondary', 35],
  ['primary', 8],
  ['not_completed_primary', 2],
];
const VACANCY_GENERAL: [string, number][] = [
  ['none', 20],
  ['primary', 5],
  ['lower_secondary', 45],
  ['upper_secondary', 30],
];
const STATUS: [string, number][] = [
  ['active', 70],
  ['inactive', 18],
  ['withdrawn', 12],
];
const LEVELS: [number, number][] = [
  [2, 20],
  [3, 30],
  [4, 50],
];
const VACANCY_LEVELS: [number, number][] = [
  [2, 15],
  [3, 35],
  [4, 50],
];
const EXPERIENCE: [string, number][] = [
  ['none', 35],
  ['lt1', 20],
  ['y1_2', 20],
  ['y2_5', 15],
  ['gt5', 10],
];
const AFTER_MONTHS: [number, number][] = [
  [0, 60],
  [1, 10],
  [2, 10],
  [3, 10],
  [6, 7],
  [12, 3],
];
const SEEKER_WAGE: [string, number][] = [
  ['band', 65],
  ['daily', 8],
  ['hourly', 4],
  ['negotiable', 20],
  ['commission', 3],
];
const VACANCY_WAGE: [string, number][] = [
  ['band', 75],
  ['daily', 7],
  ['hourly', 5],
  ['negotiable', 12],
  ['commission', 1],
];
const SEEKER_BANDS: [number, number][] = [
  [1, 5],
  [2, 35],
  [3, 40],
  [4, 15],
  [5, 5],
];
const VACANCY_BANDS: [number, number][] = [
  [1, 5],
  [2, 30],
  [3, 45],
  [4, 15],
  [5, 5],
];
const PRIORITY: [string, number][] = [
  ['ethnic_minority', 30],
  ['poor_household', 15],
  ['near_poor_household', 15],
  ['demobilised', 12],
  ['land_recovered', 10],
  ['escaped_poverty', 8],
  ['disability', 5],
  ['other', 5],
];
const LANGUAGE: [string, number][] = [
  ['en', 10],
  ['ja', 5],
  ['ko', 5],
  ['zh', 2],
];
const LANGUAGE_LEVEL = ['basic', 'intermediate', 'fluent'];
const CONTRACT: [string | null, number][] = [
  ['fixed_term', 45],
  ['indefinite', 30],
  ['seasonal', 10],
  [null, 15],
];
const RECRUITMENT: [string, number][] = [
  ['in_person', 60],
  ['any', 30],
  ['online', 10],
];
const IT: [string | null, number][] = [
  [null, 30],
  ['none', 20],
  ['basic', 40],
  ['advanced', 8],
  ['professional', 2],
];
const TO_HIRE: [[number, number], number][] = [
  [[1, 1], 30],
  [[2, 5], 35],
  [[6, 20], 25],
  [[21, 100], 10],
];
const SECTOR_SHARE: [string, number][] = [
  ['C', 45],
  ['G', 12],
  ['F', 10],
  ['H', 6],
  ['I', 6],
  ['A', 4],
  ['N', 4],
  ['J', 3],
  ['M', 2],
  ['K', 2],
  ['L', 2],
  ['P', 1],
  ['Q', 1],
  ['S', 2],
];
/** A short job title per major group (the forms' free text). */
const TITLES: Record<string, [string, string]> = {
  '1': ['Quản lý', 'Trưởng bộ phận'],
  '2': ['Chuyên viên', 'Kỹ sư'],
  '3': ['Kỹ thuật viên', 'Nhân viên kỹ thuật'],
  '4': ['Nhân viên văn phòng', 'Nhân viên'],
  '5': ['Nhân viên dịch vụ', 'Nhân viên'],
  '6': ['Lao động nông nghiệp', 'Lao động'],
  '7': ['Thợ', 'Công nhân kỹ thuật'],
  '8': ['Công nhân vận hành', 'Công nhân'],
  '9': ['Lao động phổ thông', 'Công nhân'],
};

/** A sampler over weights (binary search on the cumulative shares). */
function weighted<T>(items: [T, number][], r: () => number): () => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return () => {
    const x = r();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

export interface ExchangeLoad {
  seedDay: string;
  versionId: number;
  centres: number;
  employers: number;
  seekers: number;
  active: number;
  vacancies: number;
  largestGroup: { code: string; share: number };
  largestProvince: { code: string; share: number };
  withProvince2: number;
  heaviest: { seekers: number; vacancies: number };
  certified: number;
}

/** The synthetic occupation version, loaded and put in force by the app's own seeder (on its own connections). */
async function syntheticVersion(url: string): Promise<number> {
  // the app's modules open their pools on first use: point them at the bench database first
  useDatabaseUrl(url);
  try {
    return await loadSyntheticOccupations({ activate: true });
  } finally {
    await closePlainPool();
    await closeSequelize();
  }
}

export async function loadExchange(client: pg.Client, url: string, log: (line: string) => void): Promise<ExchangeLoad> {
  const started = Date.now();
  const {
    rows: [count],
  } = await client.query<{ n: string }>('SELECT count(*) AS n FROM workers');
  const workers = Number(count!.n);
  if (workers < MIN_EXCHANGE_WORKERS)
    throw new Error(
      `the workers table has ${workers.toLocaleString('en')} rows, fewer than ${MIN_EXCHANGE_WORKERS.toLocaleString('en')}: ` +
        'run `npm run bench:seed -- --workers 1000000` first',
    );
  await idsAreOneToN(client, 'workers', workers);

  const seedDay = today();
  const year = Number(seedDay.slice(0, 4));
  const versionId = await syntheticVersion(url);
  const { rows: codeRows } = await client.query<{ code: string; name_vi: string }>(
    'SELECT code, name_vi FROM occupations WHERE version_id = $1',
    [versionId],
  );
  const codes = new Set(codeRows.map((c) => c.code));
  const groupName = new Map(codeRows.filter((c) => c.code.length === 2).map((c) => [c.code, c.name_vi]));
  for (const [g] of GROUPS)
    if (!codes.has(`${g}11`)) throw new Error(`the synthetic occupation version has no code ${g}11`);
  const { rows: provinces } = await client.query<{ code: string }>('SELECT code FROM provinces ORDER BY code');
  const { rows: communes } = await client.query<{ code: string; province_code: string }>(
    'SELECT code, province_code FROM communes ORDER BY code',
  );
  const { rows: sectors } = await client.query<{ code: string }>(
    `SELECT code FROM sectors WHERE version = 'VSIC 2018' ORDER BY code`,
  );
  const communesOf = new Map<string, string[]>();
  for (const c of communes) communesOf.set(c.province_code, [...(communesOf.get(c.province_code) ?? []), c.code]);
  const sectorCodes = new Set(sectors.map((s) => s.code));
  const sectorShare = SECTOR_SHARE.filter(([c]) => sectorCodes.has(c));
  if (!sectorShare.length) throw new Error('no VSIC 2018 sectors: the reference data is missing');
  for (const [p] of WORKPLACES) if (!communesOf.has(p)) throw new Error(`province ${p} has no communes`);

  // what a previous run made (the exchange's tables hold only the seed's rows in the bench database)
  await client.query(`TRUNCATE introduction_requests, referral_events, referrals, vacancy_events, vacancies,
    job_seeker_registrations, job_seekers, employers RESTART IDENTITY CASCADE`);
  await client.query(`DELETE FROM obligations WHERE subject_type IN ('vacancy', 'referral')`);

  // ---- centres and their staff ----
  const { rows: centreRows } = await client.query<{ id: string; province_code: string }>(
    `INSERT INTO agencies (kind, name, tax_code, address, province_code, status)
     SELECT 'employment_centre', 'Trung tâm Dịch vụ việc làm ' || regexp_replace(p.name, '^(Tỉnh|Thành phố) ', ''),
            '09' || p.code || '000000', 'Trụ sở Trung tâm, ' || p.name, p.code, 'active'
     FROM provinces p
     ON CONFLICT (tax_code) WHERE tax_code IS NOT NULL DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
       address = EXCLUDED.address, province_code = EXCLUDED.province_code, status = 'active', updated_at = now()
     RETURNING id, province_code`,
  );
  const centreOf = new Map(centreRows.map((c) => [c.province_code, Number(c.id)]));
  for (const p of provinces)
    if (centreOf.get(p.code) === undefined) throw new Error(`no centre for province ${p.code}`);
  const { rows: staffRows } = await client.query<{ id: string; agency_id: string }>(
    `INSERT INTO users (username, password_hash, display_name, role, agency_id)
     SELECT 'bench-centre-' || a.province_code, 'not-a-password-hash', 'Cán bộ ' || a.name, 'centre_staff', a.id
     FROM agencies a WHERE a.id = ANY($1::bigint[])
     ON CONFLICT (username) DO UPDATE SET role = 'centre_staff', agency_id = EXCLUDED.agency_id, branch_id = NULL,
       commune_code = NULL, province_code = NULL, worker_id = NULL, active = true
     RETURNING id, agency_id`,
    [[...centreOf.values()]],
  );
  const staffOf = new Map(staffRows.map((u) => [Number(u.agency_id), Number(u.id)]));
  log(`  ${centreOf.size} centres with their staff; occupation version ${versionId} in force (${codes.size} codes)`);

  const r = rng(20261202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const group = weighted(GROUPS, r);
  const workplace = weighted(WORKPLACES, r);
  const seekerTech = Object.fromEntries(Object.entries(SEEKER_TECH).map(([k, v]) => [k, weighted(v, r)]));
  const vacancyTech = Object.fromEntries(Object.entries(VACANCY_TECH).map(([k, v]) => [k, weighted(v, r)]));
  const general = weighted(GENERAL, r);
  const vacancyGeneral = weighted(VACANCY_GENERAL, r);
  const status = weighted(STATUS, r);
  const level = weighted(LEVELS, r);
  const vacancyLevel = weighted(VACANCY_LEVELS, r);
  const experience = weighted(EXPERIENCE, r);
  const afterMonths = weighted(AFTER_MONTHS, r);
  const seekerWage = weighted(SEEKER_WAGE, r);
  const vacancyWage = weighted(VACANCY_WAGE, r);
  const seekerBand = weighted(SEEKER_BANDS, r);
  const vacancyBand = weighted(VACANCY_BANDS, r);
  const priority = weighted(PRIORITY, r);
  const language = weighted(LANGUAGE, r);
  const contract = weighted(CONTRACT, r);
  const recruitment = weighted(RECRUITMENT, r);
  const itLevel = weighted(IT, r);
  const toHire = weighted(TO_HIRE, r);
  const sector = weighted(sectorShare, r);
  /** A code of group g at a level (2: the group; 3: G1–G3; 4: G11…G32). */
  const codeOf = (g: string, lvl: number) =>
    lvl === 2 ? g : lvl === 3 ? `${g}${between(1, 3)}` : `${g}${between(1, 3)}${between(1, 2)}`;
  const priorities = (share: number) => {
    if (r() >= share) return [];
    const a = priority();
    if (r() < 0.8) return [a];
    const b = priority();
    return b === a ? [a] : [a, b];
  };
  const wage = (kind: string, band: () => number) => ({
    kind,
    band: kind === 'band' ? band() : null,
    amount: kind === 'daily' ? between(20, 50) * 10_000 : kind === 'hourly' ? between(25, 60) * 1_000 : null,
  });

  // the workers' home provinces (by id): a job seeker registers at her home centre; a share of the work wanted and
  // offered is in the home provinces, as many as live there
  const { rows: homes } = await client.query<[string]>({
    text: 'SELECT province_code FROM workers ORDER BY id',
    rowMode: 'array',
  });
  const homeOfSomeone = () => homes[Math.floor(r() * homes.length)]![0];
  /** Where a vacancy (or an employer) is: drawn like the job seekers' first province. */
  const placed = () => (r() < HOME_SHARE ? homeOfSomeone() : workplace());

  // ---- employers ----
  let t = Date.now();
  interface Employer {
    id: number;
    province: string;
    commune: string;
    centre: number;
  }
  const employers: Employer[] = [];
  const employerKeys = await dropIndexesAndKeys(client, 'employers');
  await copy(
    client,
    `COPY employers (centre_id, kind, name, name_folded, enterprise_code, personal_id, ownership, province_code, commune_code,
       address, industrial_zone, phone, email, sector_version, sector_code, main_product, workforce_band, hiring_next_6_months,
       services_wanted, representative, created_by_user_id, created_at, updated_at) FROM STDIN`,
    function* () {
      for (let i = 1; i <= EMPLOYER_COUNT; i += 1) {
        const province = placed();
        const commune = pick(communesOf.get(province)!);
        const centre = centreOf.get(province)!;
        employers.push({ id: i, province, commune, centre });
        const person = r() < 0.05;
        const s = sector();
        const name = person
          ? `Hộ kinh doanh ${pick(['Minh Phát', 'Thành Công', 'Hưng Thịnh', 'Phúc An', 'Tân Tiến'])} ${i}`
          : `Công ty ${pick(['TNHH', 'Cổ phần', 'TNHH MTV'])} ${pick(['May mặc', 'Điện tử', 'Xây dựng', 'Thực phẩm', 'Cơ khí', 'Thương mại', 'Logistics', 'Da giày', 'Gỗ', 'Dịch vụ'])} ${pick(['Sài Gòn', 'Hà Nội', 'Việt Tiến', 'Đông Á', 'Hoàng Long', 'Phương Nam', 'Kim Cương', 'Sao Mai'])} ${i}`;
        const created = `${addDays(seedDay, -between(30, 1500))}T02:00:00Z`;
        yield (
          [
            centre,
            person ? 'individual' : 'enterprise',
            esc(name),
            fold(name),
            person ? N : String(3_000_000_000 + i),
            person ? `0${String(10_000_000_000 + i).slice(-11)}` : N,
            person ? 'non_state' : pick(['non_state', 'non_state', 'non_state', 'fdi', 'fdi', 'state']),
            province,
            commune,
            esc(`Số ${between(1, 300)} đường số ${between(1, 40)}`),
            r() < 0.3
              ? esc(
                  `Khu công nghiệp ${pick(['Tân Bình', 'Quế Võ', 'Yên Phong', 'Nhơn Trạch', 'Đình Vũ', 'Hòa Khánh'])}`,
                )
              : N,
            `028${String(10_000_000 + i).slice(-8)}`,
            `tuyendung${i}@congty${i}.vn`,
            'VSIC 2018',
            s,
            esc(
              pick([
                'Hàng may mặc',
                'Linh kiện điện tử',
                'Công trình dân dụng',
                'Thực phẩm chế biến',
                'Dịch vụ vận tải',
                'Hàng tiêu dùng',
              ]),
            ),
            between(1, 9),
            r() < 0.6 ? between(1, 200) : N,
            r() < 0.7 ? arr(['introduction']) : arr(['counselling', 'introduction', 'supply'].filter(() => r() < 0.6)),
            esc(`Nguyễn Văn Đại Diện ${i}`),
            staffOf.get(centre)!,
            created,
            created,
          ].join('\t') + '\n'
        );
      }
    },
  );
  for (const k of employerKeys) await client.query(k);
  log(`  ${EMPLOYER_COUNT.toLocaleString('en')} employers: ${seconds(t)}`);

  // ---- job seekers, their registrations, and the workers' facts ----
  t = Date.now();
  const stats = {
    active: 0,
    byGroup: new Map<string, number>(),
    byProvince: new Map<string, number>(),
    withProvince2: 0,
  };
  const facts: string[] = []; // id \t general_education \t technical_level \t recertified
  const seekerKeys = await dropIndexesAndKeys(client, 'job_seekers');
  const registrationKeys = await dropIndexesAndKeys(client, 'job_seeker_registrations');
  const registrations: string[] = [];
  await copy(
    client,
    `COPY job_seekers (worker_id, centre_id, status, registered_on, consent_on, consent_via, withdrawn_on, priority_groups,
       languages, language_codes, it_level, job_title, job_description, position, occupation_version_id, occupation_code,
       experience, province_1, commune_1, province_2, commune_2, contract_type, full_time, wage_kind, wage_band,
       wage_amount_vnd, available_after_months, available_from, recruitment_mode, wants_abroad, created_by_user_id,
       created_at, updated_at) FROM STDIN`,
    function* () {
      for (let id = 1; id <= workers; id += 1) {
        const home = homes[id - 1]![0];
        const centre = centreOf.get(home)!;
        const g = group();
        const code = codeOf(g, level());
        const st = status();
        const registered = addDays(seedDay, -between(0, 540));
        const months = afterMonths();
        const p1 = r() < HOME_SHARE ? home : workplace();
        let p2: string | null = null;
        if (r() < 0.5) {
          p2 = workplace();
          if (p2 === p1) p2 = p1 === home ? workplace() : home;
          if (p2 === p1) p2 = null;
        }
        const langs: { code: string; level: string }[] = [];
        if (r() < 0.22) {
          langs.push({ code: language(), level: pick(LANGUAGE_LEVEL) });
          if (r() < 0.15) {
            const second = language();
            if (second !== langs[0]!.code) langs.push({ code: second, level: pick(LANGUAGE_LEVEL) });
          }
        }
        const w = wage(seekerWage(), seekerBand);
        const major = g[0]!;
        const tech = seekerTech[major]!();
        const edu = HIGHER.includes(tech) ? 'upper_secondary' : general();
        const [title, position] = TITLES[major]!;
        if (st === 'active') {
          stats.active += 1;
          stats.byGroup.set(g, (stats.byGroup.get(g) ?? 0) + 1);
          stats.byProvince.set(p1, (stats.byProvince.get(p1) ?? 0) + 1);
          if (p2) stats.withProvince2 += 1;
        }
        facts.push(`${id}\t${edu}\t${tech}\t${r() < 0.6 ? 't' : 'f'}\n`);
        registrations.push(`${id}\t${centre}\t${registered}\t${staffOf.get(centre)!}\n`);
        const stamp = `${registered}T03:00:00Z`;
        yield (
          [
            id,
            centre,
            st,
            registered,
            addDays(registered, -between(0, 3)),
            'portal',
            st === 'withdrawn' ? addDays(registered, between(1, 120)) : N,
            arr(priorities(0.3)),
            esc(JSON.stringify(langs)),
            arr(langs.map((l) => l.code)),
            opt(itLevel()),
            esc(
              `${title} ${fold(groupName.get(g) ?? g)
                .split(' ')
                .slice(0, 4)
                .join(' ')}`,
            ),
            esc(`Làm việc theo nhóm nghề ${g} (${groupName.get(g) ?? g})`),
            esc(position),
            versionId,
            code,
            experience(),
            p1,
            r() < 0.6 ? pick(communesOf.get(p1)!) : N,
            opt(p2),
            p2 && r() < 0.4 ? pick(communesOf.get(p2)!) : N,
            opt(contract()),
            r() < 0.85 ? 't' : 'f',
            w.kind,
            opt(w.band),
            opt(w.amount),
            months,
            availableFromOf(registered, months),
            recruitment(),
            r() < 0.1 ? 't' : 'f',
            staffOf.get(centre)!,
            stamp,
            stamp,
          ].join('\t') + '\n'
        );
      }
    },
  );
  await copy(
    client,
    'COPY job_seeker_registrations (job_seeker_id, centre_id, registered_on, created_by_user_id) FROM STDIN',
    () => registrations,
  );
  registrations.length = 0;
  log(`  ${workers.toLocaleString('en')} job seekers and their registrations (COPY): ${seconds(t)}`);
  t = Date.now();
  for (const k of seekerKeys) await client.query(k);
  for (const k of registrationKeys) await client.query(k);
  log(`  their indexes and keys: ${seconds(t)}`);

  // the workers' education and technical level (Mẫu 01, kept on the worker record), and this year's certifications:
  // one UPDATE from a COPYed table, the workers' secondary indexes dropped for it, then VACUUM FULL and rebuilt
  t = Date.now();
  await client.query(
    'CREATE TEMP TABLE exchange_worker_facts (id bigint PRIMARY KEY, general_education text, technical_level text, recertified boolean)',
  );
  await copy(client, 'COPY exchange_worker_facts FROM STDIN', () => facts);
  facts.length = 0;
  const { rows: workerIndexes } = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
     WHERE schemaname = 'public' AND tablename = 'workers' AND indexname <> 'workers_pkey'`,
  );
  for (const ix of workerIndexes) await client.query(`DROP INDEX ${ix.name}`);
  const { rowCount: certified } = await client.query(
    `UPDATE workers w SET general_education = f.general_education, technical_level = f.technical_level,
       household_status_year = CASE WHEN w.household_status <> 'none' AND f.recertified THEN ${year} ELSE w.household_status_year END
     FROM exchange_worker_facts f WHERE f.id = w.id`,
  );
  await client.query('DROP TABLE exchange_worker_facts');
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query('VACUUM FULL workers');
  for (const ix of workerIndexes) await client.query(ix.def);
  const {
    rows: [cert],
  } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM workers WHERE household_status <> 'none' AND household_status_year = ${year}`,
  );
  log(`  workers' facts (${certified?.toLocaleString('en')} rows, VACUUM FULL, indexes): ${seconds(t)}`);

  // ---- vacancies and their creation events ----
  t = Date.now();
  const vacancyKeys = await dropIndexesAndKeys(client, 'vacancies');
  const eventKeys = await dropIndexesAndKeys(client, 'vacancy_events');
  const events: string[] = [];
  // the employers by province: a vacancy's province is drawn like the seekers', then one of its employers
  const employersIn = new Map<string, Employer[]>();
  for (const e of employers) employersIn.set(e.province, [...(employersIn.get(e.province) ?? []), e]);
  let heaviestVacancies = 0;
  const largestGroup = GROUPS[0]![0];
  const largestProvince = WORKPLACES[0]![0];
  await copy(
    client,
    `COPY vacancies (centre_id, employer_id, state, version, title, number_to_hire, hired_count, description, position,
       occupation_version_id, occupation_code, general_education, technical_level, skills, languages_required, experience,
       province_code, commune_code, industrial_zone, contract_type, full_time, wage_kind, wage_band, wage_amount_vnd,
       benefits, conditions, priority_groups, recruitment_mode, deadline, services, contact_name, contact_phone,
       contact_email, contact_opt_in, opened_on, next_deadline_on, next_deadline_rule, whose_move, created_by_user_id,
       created_at, updated_at) FROM STDIN`,
    function* () {
      for (let id = 1; id <= VACANCY_COUNT; id += 1) {
        let province = placed();
        let pool = employersIn.get(province);
        if (!pool) {
          province = largestProvince;
          pool = employersIn.get(province)!;
        }
        const e = pick(pool);
        const g = group();
        if (g === largestGroup && province === largestProvince) heaviestVacancies += 1;
        const major = g[0]!;
        const code = codeOf(g, vacancyLevel());
        const [lo, hi] = toHire();
        const n = between(lo, hi);
        const hired = r() < 0.7 ? 0 : between(0, n - 1);
        const opened = addDays(seedDay, -between(0, 60));
        const deadline = addDays(seedDay, between(30, 180));
        const w = wage(vacancyWage(), vacancyBand);
        const [title, position] = TITLES[major]!;
        const tech = vacancyTech[major]!();
        const edu = major === '1' || major === '2' ? 'upper_secondary' : vacancyGeneral();
        const langs = r() < 0.08 ? [pick(['en', 'en', 'en', 'ja', 'ja', 'ko', 'ko', 'zh'])] : [];
        const staff = staffOf.get(e.centre)!;
        events.push(
          `${id}\t${opened}T02:00:00Z\t${staff}\tcreate\t${N}\topen\t${esc(JSON.stringify({ numberToHire: n, deadline }))}\n`,
        );
        const stamp = `${opened}T02:00:00Z`;
        yield (
          [
            e.centre,
            e.id,
            'open',
            1,
            esc(`${title} nhóm nghề ${g} – ${province}`),
            n,
            hired,
            esc(`Tuyển ${n} ${position.toLowerCase()} làm việc theo nhóm nghề ${g}`),
            esc(position),
            versionId,
            code,
            edu,
            tech,
            r() < 0.3 ? esc('Chăm chỉ, chịu khó, có sức khỏe tốt') : N,
            arr(langs),
            experience(),
            province,
            r() < 0.7 && e.province === province ? e.commune : pick(communesOf.get(province)!),
            N,
            opt(contract()),
            r() < 0.9 ? 't' : 'f',
            w.kind,
            opt(w.band),
            opt(w.amount),
            esc('Bảo hiểm xã hội, bảo hiểm y tế, thưởng cuối năm'),
            esc('Làm việc 8 giờ mỗi ngày, 6 ngày mỗi tuần'),
            arr(priorities(0.15)),
            recruitment(),
            deadline,
            arr(r() < 0.8 ? ['introduction'] : ['counselling', 'introduction']),
            esc(`Phòng nhân sự ${e.id}`),
            `09${String(10_000_000 + id).slice(-8)}`,
            r() < 0.5 ? `nhansu${e.id}@congty${e.id}.vn` : N,
            r() < 0.3 ? 't' : 'f',
            opened,
            deadline,
            'E5',
            'agency',
            staff,
            stamp,
            stamp,
          ].join('\t') + '\n'
        );
      }
    },
  );
  await copy(
    client,
    'COPY vacancy_events (vacancy_id, at, actor_user_id, action, from_state, to_state, input) FROM STDIN',
    () => events,
  );
  events.length = 0;
  for (const k of vacancyKeys) await client.query(k);
  for (const k of eventKeys) await client.query(k);
  log(`  ${VACANCY_COUNT.toLocaleString('en')} open vacancies and their events: ${seconds(t)}`);

  t = Date.now();
  for (const table of [
    'agencies',
    'users',
    'occupations',
    'employers',
    'job_seekers',
    'job_seeker_registrations',
    'vacancies',
    'vacancy_events',
    'workers',
  ])
    await client.query(`VACUUM (ANALYZE) ${table}`);
  log(`  VACUUM ANALYZE: ${seconds(t)}`);

  const top = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const [gCode, gN] = top(stats.byGroup);
  const [pCode, pN] = top(stats.byProvince);
  const {
    rows: [cell],
  } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM job_seekers WHERE status = 'active' AND occ2 = $1 AND (province_1 = $2 OR province_2 = $2)`,
    [gCode, pCode],
  );
  log(`  total ${seconds(started)}`);
  return {
    seedDay,
    versionId,
    centres: centreOf.size,
    employers: EMPLOYER_COUNT,
    seekers: workers,
    active: stats.active,
    vacancies: VACANCY_COUNT,
    largestGroup: { code: gCode, share: gN / stats.active },
    largestProvince: { code: pCode, share: pN / stats.active },
    withProvince2: stats.withProvince2,
    heaviest: { seekers: Number(cell!.n), vacancies: heaviestVacancies },
    certified: Number(cert!.n),
  };
}
