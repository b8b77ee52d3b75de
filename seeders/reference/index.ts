// Reference data every install needs, upserted on every start (idempotent). Tests seed it once per run
// and never truncate these tables (test/setup.ts lists them).
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { parseCsv } from '../../server/shared/csv';
import { today } from '../../server/shared/clock';
import { seedPolicies } from './policies';
import { checkOccupationCsv, SECTOR_VERSION } from '../../server/modules/reference/reference.occupations';

export const REFERENCE_TABLES = [
  'provinces',
  'communes',
  'cccd_prefixes',
  'countries',
  'holidays',
  'business_days',
  'occupation_versions',
  'occupations',
  'sectors',
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

/** The sections of the economic sectors (VSIC 2018: A–U), the employer form's list. */
async function seedSectors(db: Sequelize): Promise<void> {
  const rows = readCsv('vn-sectors-vsic2018.csv').map((r) => [SECTOR_VERSION, r.code, r.name_vi]);
  const values = rows.map((_, r) => `($${r * 3 + 1}, $${r * 3 + 2}, $${r * 3 + 3})`).join(', ');
  await db.query(
    `INSERT INTO sectors (version, code, name_vi) VALUES ${values}
     ON CONFLICT (version, code) DO UPDATE SET name_vi = EXCLUDED.name_vi, updated_at = now()
     WHERE sectors.name_vi IS DISTINCT FROM EXCLUDED.name_vi`,
    { bind: rows.flat() },
  );
}

/** The occupation codes every install has: Decision 34/2020 levels 1–2 (10 + 48 groups, checked against 3 copies). */
export const OCCUPATION_SEED_VERSION = {
  name: 'Quyết định 34/2020/QĐ-TTg – cấp 1 và 2',
  source: 'Quyết định 34/2020/QĐ-TTg, Phụ lục (cấp 1–2, đối chiếu 3 bản công bố)',
} as const;

/**
 * The seed version and its codes, upserted (a name corrected in the file is corrected here; codes are never
 * removed: records may point at them). It is put in force only when no version is (an admin's choice stays).
 */
async function seedOccupations(db: Sequelize): Promise<void> {
  const { rows, problems } = checkOccupationCsv(fs.readFileSync(path.join(DATA, 'vn-occupations-2020.csv'), 'utf8'));
  if (problems.length)
    throw new Error(`seeders/data/vn-occupations-2020.csv: ${problems.map((p) => p.message).join('; ')}`);
  await db.transaction(async (transaction) => {
    const maxLevel = Math.max(...rows.map((r) => r.level));
    await db.query(
      `INSERT INTO occupation_versions (name, source, synthetic, status, max_level, code_count)
       VALUES ($1, $2, false, 'draft', $3, $4) ON CONFLICT (name) DO NOTHING`,
      { bind: [OCCUPATION_SEED_VERSION.name, OCCUPATION_SEED_VERSION.source, maxLevel, rows.length], transaction },
    );
    await db.query(
      'UPDATE occupation_versions SET source = $2, updated_at = now() WHERE name = $1 AND source IS DISTINCT FROM $2',
      { bind: [OCCUPATION_SEED_VERSION.name, OCCUPATION_SEED_VERSION.source], transaction },
    );
    const [[version]] = (await db.query('SELECT id FROM occupation_versions WHERE name = $1', {
      bind: [OCCUPATION_SEED_VERSION.name],
      transaction,
    })) as [{ id: string }[], unknown];
    const ordered = [...rows].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
    const values = ordered.map(
      (_, r) => `($1, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5}, $${r * 5 + 6})`,
    );
    await db.query(
      `INSERT INTO occupations (version_id, code, level, name_vi, name_folded, parent_code) VALUES ${values.join(', ')}
       ON CONFLICT (version_id, code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_folded = EXCLUDED.name_folded
       WHERE occupations.name_vi IS DISTINCT FROM EXCLUDED.name_vi`,
      {
        bind: [version.id, ...ordered.flatMap((r) => [r.code, r.level, r.nameVi, r.nameFolded, r.parentCode])],
        transaction,
      },
    );
    await db.query(
      `UPDATE occupation_versions v SET max_level = c.max_level, code_count = c.n, updated_at = now()
       FROM (SELECT max(level) AS max_level, count(*)::int AS n FROM occupations WHERE version_id = $1) c
       WHERE v.id = $1 AND (v.max_level, v.code_count) IS DISTINCT FROM (c.max_level, c.n)`,
      { bind: [version.id], transaction },
    );
    // one version in force: the seed's only when none is (the unique index settles a race)
    await db.query(
      `UPDATE occupation_versions SET status = 'active', activated_at = now(), updated_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM occupation_versions WHERE status = 'active')`,
      { bind: [version.id], transaction },
    );
  });
}

export async function seedReference(db: Sequelize): Promise<void> {
  // Each step is an idempotent upsert; the calendar refresh is one statement, so a reader never sees it half-built.
  await seedAdministrativeUnits(db);
  await seedCccdPrefixes(db);
  await seedCountries(db);
  await seedHolidays(db);
  await seedPolicies(db);
  await seedSectors(db);
  await seedOccupations(db);
}
