// The bench database: BENCH_DATABASE_URL, or a persistent embedded PostgreSQL in bench/.tmp/data that
// `npm run bench:seed` fills once and `npm run bench` reuses (ignored by git).
import fs from 'node:fs';
import path from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '../server/db/local-postgres';

export const BENCH_TMP = path.resolve(__dirname, '.tmp');
const PERSISTENT_PORT = 54339;
const LOCK = path.join(BENCH_TMP, 'data.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One bench command at a time: starting the embedded server stops any server still running on bench/.tmp/data
 * (an orphan of a killed run), which would pull the database from under a seed or a benchmark in progress.
 */
function takeLock(): () => void {
  fs.mkdirSync(BENCH_TMP, { recursive: true });
  try {
    const holder = Number(fs.readFileSync(LOCK, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new Error(`another bench command (pid ${holder}) is using bench/.tmp/data; wait for it to finish`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(LOCK, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(LOCK, 'utf8') === String(process.pid)) fs.unlinkSync(LOCK);
    } catch {
      /* already gone */
    }
  };
}

export async function openBenchDatabase(): Promise<{ url: string; local: LocalPostgres | null; label: string }> {
  if (process.env.BENCH_DATABASE_URL)
    return { url: process.env.BENCH_DATABASE_URL, local: null, label: 'BENCH_DATABASE_URL' };
  const release = takeLock();
  let server: LocalPostgres;
  try {
    server = await startLocalPostgres({
      dir: path.join(BENCH_TMP, 'data'),
      port: PERSISTENT_PORT,
      database: 'hanhtrang_bench',
      persistent: true,
      fast: true,
    });
  } catch (err) {
    release();
    throw err;
  }
  const local: LocalPostgres = {
    url: server.url,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        release();
      }
    },
  };
  return { url: local.url, local, label: 'embedded PostgreSQL in bench/.tmp/data (fsync off)' };
}
