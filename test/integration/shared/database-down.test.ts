// While PostgreSQL is down, the API answers 503 with Retry-After and pages show a Vietnamese page (never 500);
// once it is back, the same process answers again. The app runs as its own process (npm start's entry point) on
// a database of its own, reached through a TCP proxy the test cuts and restores.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { freePort } from '../../../server/db/local-postgres';
import { withDatabase } from '../../helpers/db';

class Proxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** The database goes away: live connections are cut and new ones refused. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

async function waitFor(url: string, ok: (status: number) => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if (ok((await fetch(url)).status)) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready`);
}

describe('while PostgreSQL is down', function () {
  this.timeout(120_000);
  let child: ChildProcess | null = null;
  let dir = '';
  const dbName = 'hanhtrang_down_test';

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it('the API answers 503 with Retry-After, pages a Vietnamese 503 page, and both recover when it is back', async () => {
    const testUrl = new URL(process.env.TEST_DATABASE_URL!);
    const admin = new pg.Client({ connectionString: withDatabase(testUrl.toString(), 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`);
    await admin.end();

    const proxy = new Proxy(await freePort(), {
      host: testUrl.hostname === 'localhost' ? '127.0.0.1' : testUrl.hostname,
      port: Number(testUrl.port || 5432),
    });
    await proxy.open();
    const viaProxy = new URL(withDatabase(testUrl.toString(), dbName));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-down-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: viaProxy.toString(),
        SEED_DEMO: 'true',
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        DATABASE_ACQUIRE_TIMEOUT_MS: '1000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(`${base}/readyz`, (s) => s === 200);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agency', password: 'demo1234' }),
    });
    const {
      data: { token },
    } = (await login.json()) as { data: { token: string } };
    const api = () => fetch(`${base}/api/v1/workers`, { headers: { authorization: `Bearer ${token}` } });
    const page = () => fetch(`${base}/workers`, { headers: { cookie: `ht_session=${token}` }, redirect: 'manual' });
    expect((await api()).status).to.equal(200);

    await proxy.cut();
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const res = await api();
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.match(/^\d+$/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('SERVICE_UNAVAILABLE');
      expect(body.error.message).not.to.match(/ECONN|terminated|Sequelize|postgres/i);
      expect(Date.now() - started).to.be.below(5000);
    }
    const p = await page();
    expect(p.status).to.equal(503);
    expect(p.headers.get('retry-after')).to.match(/^\d+$/);
    const html = await p.text();
    expect(html).to.contain('Hệ thống tạm thời không kết nối được cơ sở dữ liệu');
    expect(html).to.match(/<html lang="vi">/);
    expect((await fetch(`${base}/readyz`)).status).to.equal(503);

    await proxy.open();
    await waitFor(`${base}/readyz`, (s) => s === 200, 20_000);
    expect((await api()).status).to.equal(200);
    expect((await page()).status).to.equal(200);
  });
});
