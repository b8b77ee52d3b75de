// npm run bench:seed -- --workers 1000000 [--cases 1000000] [--ledgers] [--grants]
// Loads synthetic workers with COPY into the bench database (bench/db.ts): secondary indexes are dropped before
// the load and rebuilt after it from their own definitions, so the schema stays exactly the migrations'.
// Names follow the real distribution of Vietnamese surnames (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 % …).
// --cases N loads agencies, job orders, consent links, N cases and ≈ 5 N case events (bench/generate-cases.ts)
// over the workers already there; given both, workers first. --cases alone leaves the workers as they are.
// --cases also gives every case its money ledger (≈ 6 entries a case, the blocked accounts, the R11 refunds due);
// --ledgers alone replaces the ledgers of the cases already loaded (loadLedgers).
// --cases also loads the support grants (≈ 200,000 applications, their events, claims, awards, budgets, eligible areas
// and processing obligations: bench/generate-grants.ts); --grants alone replaces them over the cases already loaded.
// --exchange loads (or replaces) the job exchange over the workers already there: 34 centres and their staff, 20,000
// employers, one job-seeker profile per worker, 100,000 open vacancies (bench/generate-exchange.ts); after --workers
// when both are given (a workers reseed truncates the exchange with the workers).
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createSequelize } from '../server/db/sequelize';
import { migrateUp } from '../server/db/migrate';
import { seedReference } from '../seeders/reference';
import { centurySexDigit } from '../server/shared/cccd';
import { fold } from '../server/shared/text';
import { openBenchDatabase } from './db';
import { loadCases, loadLedgers } from './generate-cases';
import { loadGrants } from './generate-grants';
import { loadExchange } from './generate-exchange';
import { loadSessions } from './generate-sessions';
import { rng } from './random';

const SURNAMES: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3.2],
  ['Huỳnh', 2],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.6],
  ['Trương', 0.6],
  ['Lò', 0.3],
  ['Hà', 0.5],
  ['Lương', 0.4],
  ['Mai', 0.4],
  ['Cao', 0.4],
  ['Tạ', 0.3],
  ['Vi', 0.2],
  ['Lục', 0.2],
  ['Quách', 0.2],
  ['Kiều', 0.2],
  ['Triệu', 0.3],
  ['Đoàn', 0.5],
  ['Tô', 0.3],
  ['Chu', 0.3],
  ['Tăng', 0.2],
  ['La', 0.2],
  ['Mạc', 0.1],
  ['Thái', 0.3],
];
// Middle and given names: a realistic vocabulary (≈ 180 distinct words), not just a handful, so that PostgreSQL's
// statistics on the name columns (most common elements: it needs ≥ 100 of them to estimate prefix matches) look like
// a real registry's. Văn / Thị dominate the middle names; about one name in seven has a second middle name.
const MIDDLE_MALE = [
  'Văn',
  'Văn',
  'Văn',
  'Văn',
  'Văn',
  'Đức',
  'Minh',
  'Hữu',
  'Quang',
  'Công',
  'Thanh',
  'Xuân',
  'Tiến',
  'Đình',
  'Ngọc',
  'Quốc',
  'Bá',
  'Duy',
  'Trọng',
  'Mạnh',
  'Hoàng',
  'Anh',
  'Gia',
  'Tuấn',
  'Hải',
  'Trung',
  'Việt',
  'Thế',
  'Chí',
  'Kim',
];
const MIDDLE_FEMALE = [
  'Thị',
  'Thị',
  'Thị',
  'Thị',
  'Thị',
  'Thị',
  'Ngọc',
  'Thu',
  'Thanh',
  'Kim',
  'Minh',
  'Phương',
  'Hồng',
  'Mai',
  'Thúy',
  'Bích',
  'Diệu',
  'Mỹ',
  'Khánh',
  'Hoài',
  'Thảo',
  'Bảo',
  'Quỳnh',
  'Hải',
  'Lan',
  'Tuyết',
  'Ánh',
  'Thùy',
];
const GIVEN_MALE = [
  'An',
  'Anh',
  'Bảo',
  'Bình',
  'Cường',
  'Chiến',
  'Công',
  'Dũng',
  'Duy',
  'Dương',
  'Đạt',
  'Đức',
  'Định',
  'Đông',
  'Giang',
  'Hải',
  'Hào',
  'Hậu',
  'Hiếu',
  'Hiển',
  'Hiệp',
  'Hòa',
  'Hoàng',
  'Hùng',
  'Hưng',
  'Huy',
  'Khang',
  'Khánh',
  'Khoa',
  'Khôi',
  'Kiên',
  'Lâm',
  'Lộc',
  'Long',
  'Luân',
  'Lực',
  'Lợi',
  'Mạnh',
  'Minh',
  'Nam',
  'Nghĩa',
  'Nguyên',
  'Nhân',
  'Nhật',
  'Phát',
  'Phong',
  'Phúc',
  'Phước',
  'Quân',
  'Quang',
  'Quốc',
  'Quý',
  'Sang',
  'Sơn',
  'Tài',
  'Tâm',
  'Tân',
  'Thái',
  'Thắng',
  'Thành',
  'Thiện',
  'Thịnh',
  'Thông',
  'Tiến',
  'Toàn',
  'Trí',
  'Trọng',
  'Trung',
  'Trường',
  'Tú',
  'Tuấn',
  'Tùng',
  'Tuyên',
  'Vĩnh',
  'Việt',
  'Vinh',
  'Vũ',
  'Vương',
  'Hiền',
  'Khải',
];
const GIVEN_FEMALE = [
  'An',
  'Anh',
  'Ánh',
  'Bích',
  'Châu',
  'Chi',
  'Diễm',
  'Diệp',
  'Dung',
  'Duyên',
  'Đào',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hân',
  'Hiền',
  'Hoa',
  'Hồng',
  'Huệ',
  'Huyền',
  'Hương',
  'Hường',
  'Khánh',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Ly',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Ngọc',
  'Nguyệt',
  'Nhi',
  'Nhung',
  'Như',
  'Oanh',
  'Phương',
  'Phượng',
  'Quyên',
  'Quỳnh',
  'Tâm',
  'Thanh',
  'Thảo',
  'Thắm',
  'Thơ',
  'Thu',
  'Thúy',
  'Thủy',
  'Thư',
  'Thương',
  'Trâm',
  'Trang',
  'Trinh',
  'Tuyết',
  'Uyên',
  'Vân',
  'Vy',
  'Xuân',
  'Yến',
  'Lệ',
  'Kiều',
  'Nhàn',
  'Hậu',
  'Lụa',
  'Mơ',
  'Sen',
  'Hải',
];
// Where overseas workers come from (weights): the north-central provinces send the most.
const PROVINCES: [string, number][] = [
  ['38', 14],
  ['40', 16],
  ['42', 9],
  ['44', 5],
  ['37', 6],
  ['33', 5],
  ['31', 4],
  ['24', 4],
  ['25', 4],
  ['01', 4],
  ['15', 2],
  ['08', 2],
  ['19', 2],
  ['52', 2],
  ['66', 2],
  ['79', 3],
  ['48', 2],
  ['51', 2],
  ['56', 1],
  ['68', 1],
  ['75', 1],
  ['80', 1],
  ['82', 1],
  ['86', 1],
  ['91', 1],
  ['92', 1],
  ['96', 1],
  ['04', 1],
  ['11', 1],
  ['12', 1],
  ['14', 1],
  ['20', 1],
  ['22', 1],
  ['46', 1],
];
const HOUSEHOLD: [string, number][] = [
  ['none', 80],
  ['poor', 8],
  ['near_poor', 7],
  ['escaped_poverty', 5],
];

function weighted<T>(items: [T, number][], r: () => number): () => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return () => {
    const x = r();
    let i = 0;
    while (i < cum.length - 1 && x > cum[i]) i += 1;
    return items[i][0];
  };
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');

async function main(): Promise<void> {
  const arg = (name: string, max: number): number | null => {
    const i = process.argv.indexOf(name);
    if (i < 0) return null;
    const n = Number(process.argv[i + 1]);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new Error(`usage: bench:seed -- [--workers N (0 … 1,000,000)] [--cases M (0 … 2,000,000)]`);
    return n;
  };
  const count = arg('--workers', 1_000_000);
  const cases = arg('--cases', 2_000_000);
  const ledgers = cases !== null || process.argv.includes('--ledgers');
  const grants = cases !== null || process.argv.includes('--grants');
  const exchange = process.argv.includes('--exchange');
  const sessions = process.argv.includes('--sessions');
  if (count === null && cases === null && !ledgers && !grants && !exchange && !sessions)
    throw new Error(
      'usage: bench:seed -- [--workers N (0 … 1,000,000)] [--cases M (0 … 2,000,000)] [--ledgers] [--grants] [--exchange] [--sessions]',
    );

  const { url, local, label } = await openBenchDatabase();
  const db = createSequelize(url, 2);
  const client = new pg.Client({ connectionString: url });
  try {
    await migrateUp(db);
    await seedReference(db);
    await client.connect();
    if (count !== null) {
      const started = Date.now();

      const [prefixRows, communeRows] = await Promise.all([
        client.query<{ code: string }>("SELECT code FROM cccd_prefixes WHERE kind = 'province' ORDER BY code"),
        client.query<{ code: string; province_code: string }>('SELECT code, province_code FROM communes ORDER BY code'),
      ]);
      const prefixes = prefixRows.rows.map((r) => r.code);
      const communesOf = new Map<string, string[]>();
      for (const c of communeRows.rows)
        communesOf.set(c.province_code, [...(communesOf.get(c.province_code) ?? []), c.code]);

      // Start from an empty registry (links, users and cases point at workers, so they go too).
      await client.query('TRUNCATE workers RESTART IDENTITY CASCADE');
      const { rows: indexes } = await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes
         WHERE schemaname = 'public' AND tablename = 'workers' AND indexname <> 'workers_pkey'`,
      );
      for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
      // The name words (migration 16.30) are kept by a row trigger: off for the COPY, filled in one statement after
      // it, their keys dropped and rebuilt like the workers' indexes.
      const { rows: wordIndexes } = await client.query<{ name: string; def: string }>(
        "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'worker_name_words' AND indexname <> 'worker_name_words_pkey'",
      );
      for (const ix of wordIndexes) await client.query(`DROP INDEX ${ix.name}`);
      await client.query(
        'ALTER TABLE worker_name_words DROP CONSTRAINT IF EXISTS worker_name_words_pkey, DROP CONSTRAINT IF EXISTS worker_name_words_worker_id_fkey',
      );
      await client.query('ALTER TABLE workers DISABLE TRIGGER workers_name_words');

      const r = rng(20261127);
      const surname = weighted(SURNAMES, r);
      const province = weighted(PROVINCES, r);
      const household = weighted(HOUSEHOLD, r);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
      function* rows(): Generator<string> {
        let chunk = '';
        for (let n = 0; n < count!; n += 1) {
          const sex = r() < 0.62 ? 'male' : 'female';
          const year = 1966 + Math.floor(r() * 40);
          const dob = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
          const middles = sex === 'male' ? MIDDLE_MALE : MIDDLE_FEMALE;
          const middle = r() < 0.14 ? `${pick(middles)} ${pick(middles)}` : pick(middles);
          const name = `${surname()} ${middle} ${pick(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE)}`;
          // the serial n (< 1,000,000) alone keeps every CCCD unique
          const cccd = `${pick(prefixes)}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${String(n).padStart(6, '0')}`;
          const p = province();
          const hh = household();
          chunk += `${esc(name)}\t${fold(name)}\t${dob}\t${sex}\t${cccd}\t09${String(n).padStart(8, '0')}\t${p}\t${pick(communesOf.get(p)!)}\t${hh}\t${hh === 'none' ? '\\N' : 2025}\n`;
          if (chunk.length > 1 << 16) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      const copy = client.query(
        copyFrom(
          'COPY workers (full_name, full_name_folded, date_of_birth, sex, cccd, phone, province_code, commune_code, household_status, household_status_year) FROM STDIN',
        ),
      );
      await pipeline(Readable.from(rows()), copy);
      const loaded = Date.now();

      await client.query("SET maintenance_work_mem = '512MB'");
      for (const ix of indexes) await client.query(ix.def);
      await client.query('ALTER TABLE workers ENABLE TRIGGER workers_name_words');
      await client.query(`INSERT INTO worker_name_words (word, full_name_folded, worker_id)
        SELECT DISTINCT w, full_name_folded, id FROM workers, unnest(string_to_array(full_name_folded, ' ')) AS w WHERE w <> ''`);
      await client.query(`ALTER TABLE worker_name_words ADD PRIMARY KEY (word, full_name_folded, worker_id),
        ADD CONSTRAINT worker_name_words_worker_id_fkey FOREIGN KEY (worker_id) REFERENCES workers (id) ON DELETE CASCADE`);
      for (const ix of wordIndexes) await client.query(ix.def);
      await client.query('VACUUM (ANALYZE) worker_name_words');
      // VACUUM as well: sets hint bits and the visibility map now, so the first benchmark queries do not (and index-only
      // scans work), as on a registry that has been live for a while.
      await client.query('VACUUM (ANALYZE) workers');
      const done = Date.now();
      process.stdout.write(
        `${count.toLocaleString('en')} workers: COPY ${((loaded - started) / 1000).toFixed(1)} s, indexes + vacuum analyze ${((done - loaded) / 1000).toFixed(1)} s, total ${((done - started) / 1000).toFixed(1)} s (${label})\n`,
      );
    }
    if (cases !== null) {
      const started = Date.now();
      process.stdout.write(`loading ${cases.toLocaleString('en')} cases (${label})\n`);
      const loaded = await loadCases(client, cases, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(
        `${loaded.agencies} agencies, ${loaded.orders.toLocaleString('en')} job orders, ${loaded.cases.toLocaleString('en')} cases, ` +
          `${loaded.events.toLocaleString('en')} events, ${loaded.links.toLocaleString('en')} consent links: total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    if (ledgers) {
      const started = Date.now();
      process.stdout.write(`loading the cases' ledgers (${label})\n`);
      const loaded = await loadLedgers(client, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(
        `${loaded.entries.toLocaleString('en')} ledger entries over ${loaded.cases.toLocaleString('en')} cases, ` +
          `${loaded.accounts.toLocaleString('en')} blocked accounts, ${loaded.refundsOpen.toLocaleString('en')} refunds due ` +
          `(${loaded.refundsOverdue.toLocaleString('en')} overdue): total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    if (grants) {
      const started = Date.now();
      process.stdout.write(`loading the support grants (${label})\n`);
      const g = await loadGrants(client, (line) => process.stdout.write(`${line}\n`));
      const states = Object.entries(g.byState)
        .sort((a, b) => b[1] - a[1])
        .map(([s, n]) => `${s} ${n.toLocaleString('en')}`)
        .join(', ');
      process.stdout.write(
        `${g.applications.toLocaleString('en')} grant applications (${states}; ${g.inProvince.toLocaleString('en')} in the bench province), ` +
          `${g.events.toLocaleString('en')} events, ${g.claims.toLocaleString('en')} claims, ${g.awards.toLocaleString('en')} awards, ` +
          `${g.obligations.toLocaleString('en')} obligations, ${g.areas.toLocaleString('en')} eligible areas, ${g.budgets} budgets: ` +
          `total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    if (exchange) {
      const started = Date.now();
      process.stdout.write(`loading the job exchange (${label})\n`);
      const x = await loadExchange(client, url, (line) => process.stdout.write(`${line}\n`));
      const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
      process.stdout.write(
        `${x.centres} centres, ${x.employers.toLocaleString('en')} employers, ${x.seekers.toLocaleString('en')} job seekers ` +
          `(${x.active.toLocaleString('en')} active; group ${x.largestGroup.code} ${pct(x.largestGroup.share)}, province ` +
          `${x.largestProvince.code} ${pct(x.largestProvince.share)} of the active; ${x.withProvince2.toLocaleString('en')} with a second province), ` +
          `${x.vacancies.toLocaleString('en')} open vacancies (${x.heaviest.vacancies.toLocaleString('en')} in the heaviest cell, ` +
          `${x.heaviest.seekers.toLocaleString('en')} active seekers there), ${x.certified.toLocaleString('en')} households certified ` +
          `in ${x.seedDay.slice(0, 4)}; dates from ${x.seedDay}: total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    if (sessions) {
      const started = Date.now();
      process.stdout.write(`loading the job exchange sessions (${label})\n`);
      const x = await loadSessions(client, (line) => process.stdout.write(`${line}\n`));
      process.stdout.write(
        `${x.sessions.toLocaleString('en')} sessions, ${x.booths.toLocaleString('en')} booths, ${x.registrations.toLocaleString('en')} registrations, ` +
          `${x.counselling.toLocaleString('en')} counselling records, ${x.activities.toLocaleString('en')} activities, ${x.referrals.toLocaleString('en')} referrals ` +
          `(largest: centre ${x.largest.centreId}, province ${x.largest.province}, ${x.largest.sessions.toLocaleString('en')} sessions): ` +
          `total ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
    await local?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
