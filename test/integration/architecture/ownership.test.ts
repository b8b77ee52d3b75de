// Writes are owner-only: the INSERT, UPDATE and DELETE targets in each module's code (SQL text and model writes)
// are tables the module declares it owns. Another module asks through the owner's index.ts functions.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';

const MODULES = path.resolve(__dirname, '../../../server/modules');
const SQL_WRITE = /(?:INSERT\s+INTO|(?<!FOR\s)(?<!LOCK\.)UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)"?/g;
const SQL_READ = /\b(?:FROM|JOIN)\s+"?([a-z_]+)"?/g;
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

  it("a module's SQL reads another module's data only through the views that module declares (READ_VIEWS)", async () => {
    const owners = new Map<string, string>();
    const views = new Map<string, string>();
    const names = fs.readdirSync(MODULES);
    for (const name of names) {
      const index = path.join(MODULES, name, 'index.ts');
      if (!fs.existsSync(index)) continue;
      const m = (await import(index)) as { OWNED_TABLES?: readonly string[]; READ_VIEWS?: readonly string[] };
      for (const t of m.OWNED_TABLES ?? []) owners.set(t, name);
      for (const v of m.READ_VIEWS ?? []) views.set(v, name);
    }
    // every declared view exists in the database
    const [existing] = await sequelize().query(
      "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'",
    );
    for (const v of views.keys())
      expect(
        (existing as { table_name: string }[]).map((r) => r.table_name),
        v,
      ).to.include(v);
    const violations: string[] = [];
    for (const name of names) {
      for (const file of moduleFiles(path.join(MODULES, name))) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(SQL_READ)) {
          const owner = owners.get(m[1]);
          // reference data (provinces, communes, countries, holidays…) is everyone's to read
          if (owner && owner !== name && owner !== 'reference')
            violations.push(`${path.relative(MODULES, file)}: reads ${m[1]} of ${owner}`);
        }
      }
    }
    expect(violations).to.deep.equal([]);
  });
});
