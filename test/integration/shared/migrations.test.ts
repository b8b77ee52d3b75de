import { expect } from 'chai';
import pg from 'pg';
import { createSequelize } from '../../../server/db/sequelize';
import { migrator } from '../../../server/db/migrate';
import { databaseName, withDatabase } from '../../helpers/db';

// Down and up run on a separate *_migrations_test database, so the main test database keeps its reference data.
describe('migrations', function () {
  this.timeout(120_000);
  const mainUrl = () => process.env.TEST_DATABASE_URL!;
  const name = () => databaseName(mainUrl()).replace(/_test$/, '_migrations_test');

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: withDatabase(mainUrl(), 'postgres') });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  before(async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name()}"`);
      await c.query(`CREATE DATABASE "${name()}"`);
    });
  });
  after(async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name()}" WITH (FORCE)`));
  });

  it('when every migration goes up, down to zero and up again, then the schema comes back whole', async () => {
    const db = createSequelize(withDatabase(mainUrl(), name()), 2);
    try {
      const m = migrator(db);
      const all = (await m.up()).map((x) => x.name);
      expect(all.length).to.be.greaterThan(0);
      const tables = async () =>
        (
          (
            await db.query(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migration_meta' ORDER BY 1",
            )
          )[0] as { tablename: string }[]
        ).map((r) => r.tablename);
      const before = await tables();
      expect(before).to.include.members(['provinces', 'communes', 'holidays', 'business_days']);

      await m.down({ to: 0 });
      expect(await tables()).to.deep.equal([]);
      expect(await m.pending()).to.have.length(all.length);

      await m.up();
      expect(await tables()).to.deep.equal(before);
    } finally {
      await db.close();
    }
  });
});
