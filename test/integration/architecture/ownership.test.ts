// Writes are owner-only: the INSERT, UPDATE and DELETE targets in each module's code (SQL text and model writes)
// are tables the module declares it owns. Another module asks through the owner's index.ts functions.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';

const MODULES = path.resolve(__dirname, '../../../server/modules');
const SQL_WRITE = /(?:INSERT\s+INTO|(?<!FOR\s)(?<!LOCK\.)UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)"?/g;
const MODEL_WRITE = /\b([A-Z]\w+)\.(create|bulkCreate|update|destroy|increment|decrement|upsert)\(/g;

function moduleFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? moduleFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

describe('module boundaries: writes are owner-only', () => {
  it('each module writes only the tables it owns, in SQL and through models', async () => {
    const tableOfModel = new Map(Object.values(sequelize().models).map((m) => [m.name, m.getTableName() as string]));
    const violations: string[] = [];
    const owners = new Map<string, string>();
    for (const name of fs.readdirSync(MODULES)) {
      const dir = path.join(MODULES, name);
      const index = path.join(dir, 'index.ts');
      const owned: readonly string[] = fs.existsSync(index)
        ? (((await import(index)) as { OWNED_TABLES?: readonly string[] }).OWNED_TABLES ?? [])
        : [];
      for (const t of owned) {
        expect(owners.get(t), `${t} owned by ${owners.get(t)} and ${name}`).to.equal(undefined);
        owners.set(t, name);
      }
      for (const file of moduleFiles(dir)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(SQL_WRITE))
          if (!owned.includes(m[1])) violations.push(`${path.relative(MODULES, file)}: SQL writes ${m[1]}`);
        for (const m of text.matchAll(MODEL_WRITE)) {
          const table = tableOfModel.get(m[1]);
          if (table && !owned.includes(table))
            violations.push(`${path.relative(MODULES, file)}: ${m[1]}.${m[2]} writes ${table}`);
        }
      }
    }
    expect(violations).to.deep.equal([]);
    // every model's table has an owner
    for (const table of tableOfModel.values())
      if (table !== 'migration_meta') expect(owners.has(table), table).to.equal(true);
  });
});
