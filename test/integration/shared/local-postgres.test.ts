import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { freePort, startLocalPostgres } from '../../../server/db/local-postgres';

/** A throwaway cluster folder the `postgres` user can traverse (as root the server runs as `postgres`). */
function tempCluster(): { parent: string; dir: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-local-'));
  fs.chmodSync(parent, 0o755);
  return { parent, dir: path.join(parent, 'pg') };
}

describe('embedded PostgreSQL: npm start on a machine with leftovers', function () {
  this.timeout(60_000);

  it('when a socket lock of a live process sits in /tmp for its port, then it still starts (TCP only)', async () => {
    const { parent, dir } = tempCluster();
    const port = await freePort();
    const lock = path.join(os.tmpdir(), `.s.PGSQL.${port}.lock`);
    // what a killed server of another user leaves: a lock naming a process that is alive (here: this one)
    fs.writeFileSync(lock, `${process.pid}\n`, { mode: 0o644 });
    try {
      const server = await startLocalPostgres({
        dir,
        port,
        database: 'hanhtrang_lock_test',
        persistent: false,
        fast: true,
      });
      try {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
        await client.end();
        expect(rows[0]!.one).to.equal(1);
      } finally {
        await server.stop();
      }
      expect(fs.readFileSync(lock, 'utf8')).to.equal(`${process.pid}\n`); // never touched: no socket made
    } finally {
      fs.rmSync(lock, { force: true });
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('when its port is taken, then the refusal says so in words (not "undefined")', async () => {
    const { parent, dir } = tempCluster();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      let message = '';
      try {
        const server = await startLocalPostgres({
          dir,
          port,
          database: 'hanhtrang_busy_test',
          persistent: false,
          fast: true,
        });
        await server.stop();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).to.include(`PostgreSQL nhúng dừng ngay khi khởi động (cổng ${port}`);
      expect(message).to.include('Address already in use');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
