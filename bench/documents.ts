// `npm run bench:documents`: generated documents (issue 16).
// 1. One-page documents per second on one core: the app's renderer (the case summary template's model: header,
//    motto, table, signature, vector QR) against a bare pdfkit loop writing the same text with the same fonts parsed
//    once. 3 rounds × 5 s alternating, medians. Target: ratio ≥ 0.65 and ≥ 50 documents/s.
// 2. A batch of 500 placement contracts on the bench database (an agency's cases): issued, numbered and drawn by the
//    batch's work, timed end to end. Target: under 20 s.
// Appends its figures to bench/RESULTS.md unless BENCH_RECORD=0. Pinned to core 0 with taskset when available.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import path from 'node:path';
import os from 'node:os';

import type * as PdfMod from '../server/modules/documents/documents.pdf';
import type * as SummaryMod from '../server/modules/documents/templates/case-summary';
import type * as DbMod from './db';
import type * as BootMod from '../server/boot';
import type * as QueueMod from '../server/shared/queue';
import type * as ReferenceMod from '../server/modules/reference';
import type * as SqlMod from '../server/db/sql';
import type * as DatabaseMod from '../server/db/database';
import type * as ContextMod from '../server/shared/context';
import type * as UsersMod from '../server/modules/users';
import type * as BatchesMod from '../server/modules/documents/documents.batches';

/** A module loaded now, not at start: the app's configuration must see the bench database's URL first. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(id: string): T => require(id) as T;

const RESULTS = path.join(__dirname, 'RESULTS.md');

if (!process.env.BENCH_PINNED && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0) {
  const r = spawnSync(
    'taskset',
    ['-c', '0', process.execPath, ...process.execArgv, __filename, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function renderThroughput() {
  const { renderPdf, fonts, collect } = load<typeof PdfMod>('../server/modules/documents/documents.pdf');
  const { caseSummaryTemplate } = load<typeof SummaryMod>('../server/modules/documents/templates/case-summary');
  const snapshot = {
    issuer: {
      name: 'Công ty CP Nhân lực Hành Trang',
      licenceNumber: '123/LĐTBXH-GP',
      address: 'Số 1 Lê Lợi',
      province: 'Thanh Hóa',
    },
    worker: {
      fullName: 'Lò Thị Mai',
      dateOfBirth: '2000-05-12',
      cccd: '038300012345',
      sex: 'Nữ',
      address: 'Xã Hồi Xuân, Thanh Hóa',
      phone: null,
    },
    case: {
      code: 'EFVEKHEYVP',
      stage: 'Trúng tuyển',
      selectedOn: '2026-10-01',
      contractSignedOn: null,
      plannedDepartureOn: '2027-01-15',
      departedOn: null,
      returnedOn: null,
      liquidatedOn: null,
      contractStartOn: null,
      contractEndOn: null,
      deductions: [],
    },
    order: {
      reference: 'JP-TTS-2026-07',
      employer: 'Nghiệp đoàn Sakura',
      country: 'Nhật Bản',
      job: 'Chế biến thực phẩm',
      category: null,
      contractMonths: 36,
      salary: '200.000 JPY',
      serviceFeeVnd: 40000000,
      serviceFeeCapVnd: 95016000,
      feeSteps: [],
      brokerageVnd: 0,
      depositVnd: 0,
      depositCapVnd: 0,
      verdicts: [],
    },
    nextSteps: [
      { text: 'Doanh nghiệp phải đưa bạn đi làm việc trước ngày này.', who: 'Doanh nghiệp', dueOn: '2027-03-30' },
    ],
  };
  const model = caseSummaryTemplate.build(snapshot as never, {
    numberText: 'Số: 01/2026/TT-NLHT',
    issuedOn: '2026-11-27',
    verifyCode: 'ABCDEFGHJKMN',
    // a QR payload as long as a real one (documents.keys.ts): its JSON, base64url, and a 64-byte signature
    verifyUrl: `http://localhost:3000/verify/ABCDEFGHJKMN?p=${Buffer.from(
      JSON.stringify({
        v: 1,
        c: 'ABCDEFGHJKMN',
        t: 'case_summary',
        n: 'Số: 01/2026/TT-NLHT',
        d: '2026-11-27',
        h: 'Lò Thị Mai',
        k: '1a2b3c4d',
        s: 'A'.repeat(22),
      }),
    ).toString('base64url')}.${Buffer.alloc(64, 7).toString('base64url')}`,
  });
  // the bare loop: the same strings in the same four faces (bold header and title, italic date and basis, bold
  // italic "Nơi nhận:"), the same fonts parsed once; none of our layout, no table, no QR
  const lines: [string, string][] = [
    ['bold', model.issuer.name.toUpperCase()],
    ['bold', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    ['bold', 'Độc lập - Tự do - Hạnh phúc'],
    ['regular', model.numberText],
    ['italic', model.placeDate],
    ['bold', model.title.toUpperCase()],
    ...model.blocks.flatMap((b): [string, string][] =>
      b.kind === 'para' || b.kind === 'heading'
        ? [['regular', b.text]]
        : b.kind === 'list'
          ? b.items.map((i): [string, string] => ['regular', i])
          : b.kind === 'table'
            ? b.rows.map((r): [string, string] => ['regular', r.join('  ')])
            : [],
    ),
    ['boldItalic', 'Nơi nhận:'],
    ...(model.recipients ?? []).map((r): [string, string] => ['regular', r]),
  ];
  // plain pdfkit: its own document, the four faces parsed once (TOOLCHAIN), nothing of ours
  const bare = async () => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
    for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as never);
    for (const [face, l] of lines) doc.font(face).fontSize(13).text(l);
    return collect(doc);
  };
  const app = () => renderPdf(model);
  const pages = async (bytes: Buffer) => (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  const appPages = await pages(await app());
  const rate = async (fn: () => Promise<Buffer>, ms: number) => {
    const end = Date.now() + ms;
    let n = 0;
    while (Date.now() < end) {
      await fn();
      n += 1;
    }
    return (n * 1000) / ms;
  };
  await rate(app, 3000);
  await rate(bare, 3000);
  const appRates: number[] = [];
  const bareRates: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    appRates.push(await rate(app, 5000));
    bareRates.push(await rate(bare, 5000));
    process.stdout.write(
      `  round ${r + 1}/3  app ${appRates[r].toFixed(1)} docs/s  bare ${bareRates[r].toFixed(1)} docs/s\n`,
    );
  }
  return { app: median(appRates), bare: median(bareRates), ratios: appRates.map((a, i) => a / bareRates[i]), appPages };
}

async function batchOf500() {
  const { openBenchDatabase } = load<typeof DbMod>('./db');
  const opened = await openBenchDatabase();
  process.env.DATABASE_URL = opened.url;
  process.env.JOB_WORKERS = 'false';
  process.env.LOG_LEVEL = 'warn';
  try {
    const { openAppDatabase, prepareAppDatabase } = load<typeof BootMod>('../server/boot');
    load('../server/app');
    const { startQueue, stopQueue } = load<typeof QueueMod>('../server/shared/queue');
    const { loadReferenceNames } = load<typeof ReferenceMod>('../server/modules/reference');
    const { select } = load<typeof SqlMod>('../server/db/sql');
    const { closeDatabase } = load<typeof DatabaseMod>('../server/db/database');
    const { runInContext } = load<typeof ContextMod>('../server/shared/context');
    const db = await openAppDatabase();
    await prepareAppDatabase(db, { demo: false });
    await loadReferenceNames();
    await startQueue({ workers: false });
    try {
      const [agency] = await select<{ agency_id: string; n: string }>(
        `SELECT agency_id, count(*) AS n FROM cases WHERE state IN ('selected', 'contract_signed', 'visa_processing')
         GROUP BY agency_id ORDER BY count(*) DESC LIMIT 1`,
      );
      if (!agency || Number(agency.n) < 500)
        throw new Error('the bench seed needs an agency with 500 open cases: npm run bench:seed -- --cases 1000000');
      const [user] = await select<{ id: string }>(
        `INSERT INTO users (username, display_name, role, password_hash, agency_id)
         VALUES ($1, 'Bench documents', 'agency_staff', 'x', $2)
         ON CONFLICT (username) DO UPDATE SET active = true RETURNING id`,
        [`bench-documents-${agency.agency_id}`, agency.agency_id],
      );
      const ids = (
        await select<{ id: string }>(
          `SELECT id FROM cases WHERE agency_id = $1 AND state IN ('selected', 'contract_signed', 'visa_processing') ORDER BY id LIMIT 500`,
          [agency.agency_id],
        )
      ).map((r) => r.id);
      const { actorOfUser } = load<typeof UsersMod>('../server/modules/users');
      const { startBatch, workBatch, getBatch } = load<typeof BatchesMod>(
        '../server/modules/documents/documents.batches',
      );
      const actor = (await actorOfUser(Number(user.id)))!;
      const started = Date.now();
      const batch = await runInContext({ requestId: 'bench:documents', route: 'BENCH documents' }, () =>
        startBatch(actor, 'placement_contract', ids),
      );
      await runInContext({ requestId: 'bench:documents', route: 'BENCH documents' }, () => workBatch(batch.id));
      const seconds = (Date.now() - started) / 1000;
      const done = await getBatch(actor, batch.id);
      return { seconds, done: done.done, failed: done.failed, label: opened.label };
    } finally {
      await stopQueue();
      await closeDatabase();
    }
  } finally {
    await opened.local?.stop();
  }
}

async function main() {
  // the batch first: the app's configuration is read once, and it must see the bench database's URL
  process.stdout.write('documents: a batch of 500 placement contracts on the bench database\n');
  const b = process.argv.includes('--render-only') ? null : await batchOf500();
  if (b) process.stdout.write(`  ${b.done} issued, ${b.failed} failed in ${b.seconds.toFixed(1)} s\n`);
  process.stdout.write(
    'documents: one-page render throughput (app renderer vs bare pdfkit loop, same fonts, one core)\n',
  );
  const r = await renderThroughput();
  const ratio = median(r.ratios);
  process.stdout.write(
    `  app ${r.app.toFixed(1)} docs/s (${r.appPages} page), bare ${r.bare.toFixed(1)} docs/s, ratio ${ratio.toFixed(2)}\n`,
  );
  const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const section = [
    '',
    `## ${new Date().toISOString()}`,
    '',
    `- commit: ${spawnSync('git', ['rev-parse', '--short', 'HEAD']).stdout.toString().trim()}`,
    `- machine: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores; Node ${process.version}; pinned to core 0`,
    '- method: `npm run bench:documents`: 3 rounds × 5 s alternating, medians; the batch timed end to end on the bench database',
    '',
    '| scenario | app | baseline | ratio (rounds) | target | result |',
    '|---|---|---|---|---|---|',
    `| documents-render (one page) | ${r.app.toFixed(1)} docs/s | ${r.bare.toFixed(1)} docs/s | ${ratio.toFixed(2)} (${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)}) | ≥ 0.65, ≥ 50 docs/s | ${pass(ratio >= 0.65 && r.app >= 50)} |`,
    ...(b
      ? [
          `| documents-batch-500 | ${b.seconds.toFixed(1)} s (${b.done} issued, ${b.failed} failed) | — | — | < 20 s | ${pass(b.seconds < 20 && b.done === 500)} |`,
        ]
      : []),
    '',
  ].join('\n');
  if (process.env.BENCH_RECORD !== '0') fs.appendFileSync(RESULTS, section);
  process.stdout.write(section);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
