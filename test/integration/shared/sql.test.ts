import { expect } from 'chai';
import { execute, select } from '../../../server/db/sql';
import { sequelize } from '../../../server/db/sequelize';

describe('plain statements: execute() counts the rows it wrote, in a transaction or not', () => {
  it('inside a transaction: an INSERT, an INSERT … DO NOTHING that met its key, an UPDATE and a DELETE', async () => {
    // a temporary table lives on one connection: everything here runs on the transaction's
    await sequelize().transaction(async (t) => {
      await sequelize().query('CREATE TEMP TABLE IF NOT EXISTS sql_count_tx (k text PRIMARY KEY)', { transaction: t });
      expect(await execute("INSERT INTO sql_count_tx VALUES ('a'), ('b')", [], t)).to.equal(2);
      expect(await execute("INSERT INTO sql_count_tx VALUES ('a') ON CONFLICT DO NOTHING", [], t)).to.equal(0);
      expect(await execute("UPDATE sql_count_tx SET k = k || 'x' WHERE k = 'a'", [], t)).to.equal(1);
      expect(await execute("DELETE FROM sql_count_tx WHERE k LIKE '%'", [], t)).to.equal(2);
      expect(await select('SELECT k FROM sql_count_tx', [], t)).to.deep.equal([]);
    });
  });
});
