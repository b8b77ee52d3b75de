// Browser tests start their own app (a child process on a free port) and Debian's Chromium through
// playwright-core. With DATABASE_URL set they use a fresh hanhtrang_e2e_test database on that server;
// otherwise the app starts its embedded PostgreSQL in a temporary folder.
process.env.NODE_ENV ??= 'test';

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type BrowserContext } from 'playwright-core';
import { freePort } from '../../server/db/local-postgres';
import { withDatabase } from '../helpers/db';

const ROOT = path.resolve(__dirname, '../..');
let app: ChildProcess | null = null;
let context: BrowserContext | null = null;
let tmp: string | null = null;
export let baseUrl = '';
let appDatabaseUrl = '';

/** The database the app under test uses (to read back what a page stored). */
export const databaseUrl = () => appDatabaseUrl;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freshDatabase(url: string): Promise<string> {
  const name = 'hanhtrang_e2e_test';
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(url, name);
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the app did not become ready in 90 s');
}

/** A new page in the shared browser context, with a clean cookie jar. */
export async function newPage() {
  if (!context) throw new Error('browser not started');
  await context.clearCookies();
  return context.newPage();
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(180_000);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-e2e-'));
    fs.chmodSync(tmp, 0o755);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      DATA_DIR: tmp,
      PUBLIC_URL: baseUrl,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    };
    if (process.env.DATABASE_URL) env.DATABASE_URL = appDatabaseUrl = await freshDatabase(process.env.DATABASE_URL);
    else {
      env.EMBEDDED_PG_PORT = String(await freePort());
      appDatabaseUrl = `postgres://postgres:hanh-trang-local@localhost:${env.EMBEDDED_PG_PORT}/hanhtrang`;
    }
    app = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitReady(baseUrl, app);
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      locale: 'vi-VN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await context?.close().catch(() => undefined);
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (app.exitCode === null) app.kill('SIGKILL');
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  },
};
