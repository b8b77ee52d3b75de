// The bench database: BENCH_DATABASE_URL, or a persistent embedded PostgreSQL in bench/.tmp/data that
// `npm run bench:seed` fills once and `npm run bench` reuses (ignored by git).
import path from 'node:path';
import { startLocalPostgres, type LocalPostgres } from '../server/db/local-postgres';

export const BENCH_TMP = path.resolve(__dirname, '.tmp');
const PERSISTENT_PORT = 54339;

export async function openBenchDatabase(): Promise<{ url: string; local: LocalPostgres | null; label: string }> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, local: null, label: 'BENCH_DATABASE_URL' };
  const local = await startLocalPostgres({
    dir: path.join(BENCH_TMP, 'data'), port: PERSISTENT_PORT, database: 'hanhtrang_bench', persistent: true, fast: true,
  });
  return { url: local.url, local, label: 'embedded PostgreSQL in bench/.tmp/data (fsync off)' };
}
