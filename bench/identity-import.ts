// `npm run bench:identity-import`: a reconciliation import of 100,000 rows (issue 22; DOMAIN.md §15.5).
// On the bench database's workers: an admin's request batch of 100,000 workers, then a result file for it written the
// way the registry would answer (≈ 90 % matched, 5 % a date of birth differing, 4 % not found, 1 % a corrected personal
// ID — half of them held by another worker, so they are held for the admin). Timed from the upload (multipart over
// HTTP, streamed to disk, typed and hashed) through the durable job (read in chunks, one multi-row INSERT each, one
// set-based comparison) to the reconciliation report. The progress column the page polls is sampled every second.
// Target: under 60 s. `--xlsx` sends the result file as XLSX instead of CSV. Appends to bench/RESULTS.md unless
// BENCH_RECORD=0. Run ONE bench command at a time (bench/db.ts refuses a second one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as DbMod from './db';
import type * as LocalPgMod from '../server/db/local-postgres';
import type * as BootMod from '../server/boot';
import type * as AppMod from '../server/app';
import type * as QueueMod from '../server/shared/queue';
import type * as ReferenceMod from '../server/modules/reference';
import type * as SqlMod from '../server/db/sql';
import type * as DatabaseMod from '../server/db/database';
import type * as ContextMod from '../server/shared/context';
import type * as UsersMod from '../server/modules/users';
import type * as IdentityMod from '../server/modules/identity';
import type * as FilesMod from '../server/modules/identity/identity.files';
import type * as AuthMod from '../server/modules/auth';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(id: string): T => require(id) as T;

const RESULTS = path.join(__dirname, 'RESULTS.md');
const ROWS = Number(process.env.BENCH_IDENTITY_ROWS ?? 100_000);
const XLSX = process.argv.includes('--xlsx');
// --throwaway: when the bench database is unavailable, a temporary PostgreSQL with ROWS + 1,000 generated workers
const THROWAWAY = process.argv.includes('--throwaway');

async function throwawayDatabase(): Promise<{ url: string; local: { stop(): Promise<void> }; label: string }> {
  const { startLocalPostgres } = load<typeof LocalPgMod>('../server/db/local-postgres');
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hanh-trang-bench-identity-'));
  fs.chmodSync(parent, 0o755);
  const server = await startLocalPostgres({
    dir: path.join(parent, 'pg'),
    port: 54000 + Math.floor(Math.random() * 900),
    database: 'hanhtrang_bench_identity',
    persistent: false,
    fast: true,
  });
  return {
    url: server.url,
    local: {
      stop: async () => {
        await server.stop();
        fs.rmSync(parent, { recursive: true, force: true });
      },
    },
    label: 'throwaway embedded PostgreSQL (fsync off) with generated workers',
  };
}

/** `n` workers in one statement: valid CCCDs (Thanh Hóa prefix, century-sex digit, year, serial), names, births. */
async function seedWorkers(select: (typeof SqlMod)['select'], n: number): Promise<void> {
  await select(
    `INSERT INTO workers (full_name, full_name_folded, date_of_birth, sex, cccd, province_code, commune_code,
                          created_at, updated_at)
     SELECT 'Nguyễn Văn Thử ' || i, 'nguyen van thu ' || i, d, s,
            '038' || CASE WHEN s = 'male' THEN '0' ELSE '1' END || to_char(d, 'YY') || lpad(i::text, 6, '0'),
            '38', '14869', now(), now()
     FROM generate_series(1, $1::int) AS i,
          LATERAL (SELECT (date '1970-01-01' + (i % 10000)) AS d, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END AS s) x`,
    [n],
  );
}

type Sent = { row_no: number; cccd: string; full_name: string; date_of_birth: string; sex: 'male' | 'female' };

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function main() {
  const opened = THROWAWAY ? await throwawayDatabase() : await load<typeof DbMod>('./db').openBenchDatabase();
  process.env.DATABASE_URL = opened.url;
  process.env.JOB_WORKERS = 'false';
  process.env.LOG_LEVEL = 'warn';
  let figures:
    | {
        seconds: number;
        uploadSeconds: number;
        readSeconds: number;
        bytes: number;
        samples: string[];
        counts: Record<string, number>;
      }
    | undefined;
  try {
    const { openAppDatabase, prepareAppDatabase } = load<typeof BootMod>('../server/boot');
    const { createApp } = load<typeof AppMod>('../server/app');
    const { startQueue, stopQueue, queue, runJob, jobDefinition } = load<typeof QueueMod>('../server/shared/queue');
    const { loadReferenceNames } = load<typeof ReferenceMod>('../server/modules/reference');
    const { select } = load<typeof SqlMod>('../server/db/sql');
    const { closeDatabase } = load<typeof DatabaseMod>('../server/db/database');
    const { runInContext } = load<typeof ContextMod>('../server/shared/context');
    const db = await openAppDatabase();
    await prepareAppDatabase(db, { demo: false });
    await loadReferenceNames();
    await startQueue({ workers: false });
    try {
      if (THROWAWAY) await seedWorkers(select, ROWS + 1000);
      const [{ n }] = await select<{ n: string }>('SELECT count(*) AS n FROM workers');
      if (Number(n) < ROWS + 1000) throw new Error(`the bench seed needs ${ROWS + 1000} workers: npm run bench:seed`);
      const [user] = await select<{ id: string }>(
        `INSERT INTO users (username, display_name, role, password_hash)
         VALUES ('bench-identity-admin', 'Bench identity', 'admin', 'x')
         ON CONFLICT (username) DO UPDATE SET active = true RETURNING id`,
      );
      const { actorOfUser } = load<typeof UsersMod>('../server/modules/users');
      const { issueToken } = load<typeof AuthMod>('../server/modules/auth');
      const { User } = load<typeof UsersMod>('../server/modules/users');
      const identity = load<typeof IdentityMod>('../server/modules/identity');
      const files = load<typeof FilesMod>('../server/modules/identity/identity.files');
      const actor = (await actorOfUser(Number(user.id)))!;
      const token = issueToken((await User.findByPk(Number(user.id)))!);

      // the request: 100,000 workers (made outside the timing: it is the export, not the import)
      const batch = await runInContext({ requestId: 'bench:identity', route: 'BENCH identity' }, () =>
        identity.createBatch(actor, { selection: 'scope', limit: ROWS }),
      );
      const sent = await select<Sent>(
        'SELECT row_no, cccd, full_name, date_of_birth, sex FROM identity_batch_rows WHERE batch_id = $1 ORDER BY row_no',
        [batch.id],
      );
      // CCCDs held by workers outside the batch: half the corrected IDs point at them (collisions)
      const others = (
        await select<{ cccd: string }>(
          `SELECT cccd FROM workers WHERE id NOT IN (SELECT worker_id FROM identity_batch_rows WHERE batch_id = $1) LIMIT 1000`,
          [batch.id],
        )
      ).map((r) => r.cccd);
      const answer = sent.map((r, i) => {
        const k = i % 100;
        if (k < 4) return { rowNo: r.row_no, found: false };
        const base = {
          rowNo: r.row_no,
          found: true,
          fullName: r.full_name.toUpperCase(),
          dateOfBirth: r.date_of_birth,
          sex: r.sex,
        };
        if (k < 9) return { ...base, dateOfBirth: nextDay(r.date_of_birth) };
        if (k === 9)
          return {
            ...base,
            correctedCccd: i % 200 < 100 ? others[i % others.length] : `9${String(i).padStart(11, '0')}`,
          };
        return base;
      });
      let bytes: Buffer;
      if (XLSX) {
        const ExcelJS = load<typeof import('exceljs')>('exceljs');
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('KQ');
        ws.addRow(files.RESULT_HEADERS);
        const csvRows = files
          .resultCsv(answer)
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .split('\r\n')
          .slice(1);
        for (const line of csvRows) if (line) ws.addRow(files.splitCsvLine(line, ','));
        bytes = Buffer.from(await wb.xlsx.writeBuffer());
      } else bytes = files.resultCsv(answer);

      const app = createApp();
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as { port: number }).port;
      const samples: string[] = [];
      const started = Date.now();
      try {
        const form = new FormData();
        form.append(
          'file',
          new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }),
          XLSX ? 'ket-qua.xlsx' : 'ket-qua.csv',
        );
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/identity-batches/${batch.id}/result-file`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: form,
        });
        if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
        const uploadSeconds = (Date.now() - started) / 1000;
        // the progress the page shows, sampled while the job works
        const poll = setInterval(() => {
          void select<{ import_status: string; import_done: number; import_total: number }>(
            'SELECT import_status, import_done, import_total FROM identity_batches WHERE id = $1',
            [batch.id],
          ).then(([b]) =>
            samples.push(
              `${((Date.now() - started) / 1000).toFixed(1)} s: ${b.import_status} ${b.import_done}/${b.import_total}`,
            ),
          );
        }, 1000);
        try {
          const def = jobDefinition(identity.IMPORT_JOB)!;
          const [job] = await queue().fetch<object>(identity.IMPORT_JOB, { batchSize: 1 });
          if (!job) throw new Error('the import job was not queued');
          await runJob(def, job);
          await queue().complete(identity.IMPORT_JOB, job.id);
        } finally {
          clearInterval(poll);
        }
        const report = await fetch(`http://127.0.0.1:${port}/api/v1/identity-batches/${batch.id}/report`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await report.json()) as {
          data: { counts: Record<string, number>; batch: { importStatus: string; readSeconds?: number } };
        };
        const seconds = (Date.now() - started) / 1000;
        if (body.data.batch.importStatus !== 'done') throw new Error(`import ${body.data.batch.importStatus}`);
        const [t] = await select<{ s: number }>(
          'SELECT extract(epoch FROM import_finished_at - import_started_at) AS s FROM identity_batches WHERE id = $1',
          [batch.id],
        );
        figures = {
          seconds,
          uploadSeconds,
          readSeconds: Number(t.s),
          bytes: bytes.length,
          samples,
          counts: body.data.counts,
        };
      } finally {
        server.close();
      }
    } finally {
      await stopQueue();
      await closeDatabase();
    }
  } finally {
    await opened.local?.stop();
  }
  const f = figures!;
  const pass = f.seconds < 60 && f.counts.matched > 0;
  const section = [
    '',
    `## ${new Date().toISOString()} — identity import (issue 22)`,
    '',
    `- commit: ${spawnSync('git', ['rev-parse', '--short', 'HEAD']).stdout.toString().trim()}`,
    `- machine: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores; Node ${process.version}; database: ${opened.label}`,
    `- method: \`npm run bench:identity-import${XLSX ? ' -- --xlsx' : ''}\`: an admin's batch of ${ROWS.toLocaleString('en')} bench workers; a ${XLSX ? 'XLSX' : 'CSV'} result file of ${(f.bytes / 1024 / 1024).toFixed(1)} MB uploaded over HTTP, the durable job run, the report fetched; timed from the upload to the report`,
    '',
    '| scenario | time | target | result |',
    '|---|---|---|---|',
    `| identity-import-${ROWS / 1000}k (${XLSX ? 'xlsx' : 'csv'}) | ${f.seconds.toFixed(1)} s (upload ${f.uploadSeconds.toFixed(1)} s) | < 60 s | ${pass ? 'pass' : 'FAIL'} |`,
    '',
    `counts: ${JSON.stringify(f.counts)}; progress samples: ${f.samples.join('; ')}`,
    '',
  ].join('\n');
  if (process.env.BENCH_RECORD !== '0') fs.appendFileSync(RESULTS, section);
  process.stdout.write(section);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
