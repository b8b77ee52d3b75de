// Reference data every install needs, upserted on every start (idempotent). Tests seed it once per run
// and never truncate these tables (test/setup.ts lists them).
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { parseCsv } from '../../server/shared/csv';
import { today } from '../../server/shared/clock';
import { seedPolicies } from './policies';

export const REFERENCE_TABLES = [
  'provinces',
  'communes',
  'cccd_prefixes',
  'countries',
  'holidays',
  'business_days',
] as const;

/** The business-day calendar spans these years; holidays outside the holiday table are not known. */
export const CALENDAR_FROM = '2020-01-01';
export const CALENDAR_TO = '2040-12-31';

const DATA = path.resolve(__dirname, '../data');
const readCsv = (file: string) => parseCsv(fs.readFileSync(path.join(DATA, file), 'utf8'));

/** One multi-row INSERT … ON CONFLICT DO UPDATE; `rows` are arrays in `columns` order. */
async function upsert(db: Sequelize, table: string, key: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const values = rows
    .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
    .join(', ');
  const updates = columns.filter((c) => c !== key).map((c) => `${c} = EXCLUDED.${c}`);
  const changed = columns
    .filter((c) => c !== key)
    .map((c) => `${table}.${c} IS DISTINCT FROM EXCLUDED.${c}`)
    .join(' OR ');
  await db.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}
     ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}, updated_at = now() WHERE ${changed}`,
    { bind: rows.flat() },
  );
}

const provinceKind = (name: string) => (name.startsWith('Thành phố') ? 'thanh_pho' : 'tinh');

async function seedAdministrativeUnits(db: Sequelize): Promise<void> {
  const units = readCsv('vn-admin-units-2025.csv');
  const provinces = new Map<string, string>();
  for (const u of units) provinces.set(u.province_code, u.province_name);
  const provinceRows = [...provinces].map(([code, name]) => [code, name, provinceKind(name)]);
  const communeRows = new Map(
    units.map((u) => [u.commune_code, [u.commune_code, u.province_code, u.commune_name, u.commune_type]]),
  );

  // Changes after 1 July 2025 (seeders/data/admin-unit-changes-2026.csv): names and kinds change, codes stay.
  for (const ch of readCsv('admin-unit-changes-2026.csv')) {
    if (ch.effective_from > today()) continue;
    if (ch.level === 'province') {
      const row = provinceRows.find((p) => p[0] === ch.code);
      if (row) {
        row[1] = ch.name;
        row[2] = ch.kind;
      }
    } else {
      const row = communeRows.get(ch.code);
      if (row) {
        row[2] = ch.name;
        row[3] = ch.kind;
      }
    }
  }
  await upsert(db, 'provinces', 'code', ['code', 'name', 'kind'], provinceRows);
  const all = [...communeRows.values()];
  for (let i = 0; i < all.length; i += 1000) {
    await upsert(db, 'communes', 'code', ['code', 'province_code', 'name', 'kind'], all.slice(i, i + 1000));
  }
}

async function seedCccdPrefixes(db: Sequelize): Promise<void> {
  const rows = readCsv('cccd-prefixes.csv').map((r) => [r.code, r.name, r.kind]);
  await upsert(db, 'cccd_prefixes', 'code', ['code', 'name', 'kind'], rows);
}

async function seedCountries(db: Sequelize): Promise<void> {
  const rows = readCsv('countries.csv').map((r) => [r.code, r.name_vi, r.name_en, r.region]);
  await upsert(db, 'countries', 'code', ['code', 'name_vi', 'name_en', 'region'], rows);
}

async function seedHolidays(db: Sequelize): Promise<void> {
  const rows = readCsv('vn-public-holidays.csv').map((r) => [r.date, r.name, r.kind, r.note || null]);
  await upsert(db, 'holidays', 'date', ['date', 'name', 'kind', 'note'], rows);
  await db.query('SELECT refresh_business_days($1, $2)', { bind: [CALENDAR_FROM, CALENDAR_TO] });
}

export async function seedReference(db: Sequelize): Promise<void> {
  // Each step is an idempotent upsert; the calendar refresh is one statement, so a reader never sees it half-built.
  await seedAdministrativeUnits(db);
  await seedCccdPrefixes(db);
  await seedCountries(db);
  await seedHolidays(db);
  await seedPolicies(db);
}
