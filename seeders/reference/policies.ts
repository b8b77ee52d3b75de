// The legal values in force (seeders/data/policies.csv), inserted once each: an admin's later version or
// correction is never overwritten (ON CONFLICT on the seeded rows only).
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { parseCsv } from '../../server/shared/csv';

const COLUMNS = [
  'key',
  'market',
  'job_category',
  'beneficiary_group',
  'value',
  'unit',
  'effective_from',
  'effective_to',
  'citation',
  'confirmed',
  'note',
];

export async function seedPolicies(db: Sequelize): Promise<void> {
  const rows = parseCsv(fs.readFileSync(path.resolve(__dirname, '../data/policies.csv'), 'utf8'));
  const values = rows
    .map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`)
    .join(', ');
  const bind = rows.flatMap((r) =>
    COLUMNS.map((c) => (c === 'confirmed' ? r[c] === 'true' : r[c] === '' ? null : r[c])),
  );
  await db.query(
    `INSERT INTO policy_values (${COLUMNS.join(', ')}) VALUES ${values}
     ON CONFLICT (key, (coalesce(market, '')), (coalesce(job_category, '')), (coalesce(beneficiary_group, '')), effective_from)
       WHERE created_by_user_id IS NULL DO NOTHING`,
    { bind },
  );
}
