// The alerts' jobs: two real processes firing the same minute queue the scan once, and its run is recorded; a
// failing scheduled job is recorded as failed, retried by the queue and recorded again, while the app answers; the
// admin page lists the schedules and runs and runs one now; the daily digest reaches a real local SMTP server
// (smtp-server, started here) once, in Vietnamese, with links and without CCCD, papers or money, and is retried when
// the server is down.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { sequelize } from '../../../server/db/sequelize';
import { config } from '../../../server/config';
import { DIGEST_SEND_JOB, scanAlerts, sendDigest, sendDigests } from '../../../server/modules/notifications';
import { useSmtpUrl } from '../../../server/shared/mail';
import { createQueueFor, defineJob, enqueue } from '../../../server/shared/queue';
import { setClock } from '../../../server/shared/clock';
import { agencyWithCase, walk } from '../../helpers/cases';
import { makeUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { drainJobs } from '../../helpers/queue';
import { testApp } from '../../helpers/app';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

const ROOT = path.resolve(__dirname, '../../..');

/** The retry of a failed job becomes due now (instead of after its backoff), as time passing would make it. */
async function retryNow(name: string): Promise<void> {
  const moved = await rows(
    "UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry' RETURNING id",
    [name],
  );
  expect(moved, `a retry of ${name} is waiting`).to.have.length(1);
}

/** Fires a schedule from a process of its own (tsx), as a second app process would. */
function fireFromProcess(job: string, at: string): Promise<{ id: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/fixtures/fire-schedule.ts'), job, at],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(err || `exit ${code}`)),
    );
  });
}

let failFirst = true;
const flakyScheduled = defineJob<object>({
  name: 'test.flaky_scheduled',
  label: 'Việc theo lịch thử nghiệm',
  recordRuns: true,
  retryLimit: 2,
  handler: async () => {
    if (failFirst) {
      failFirst = false;
      throw new Error('cơ sở dữ liệu báo cáo không trả lời');
    }
    return { checked: 3 };
  },
});

/** A message as the SMTP server received it: envelope recipients and the decoded subject and text. */
interface Received {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const decodeWords = (s: string) =>
  s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
const decodeQp = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

function parse(raw: string, to: string[]): Received {
  const [head] = raw.split(/\r?\n\r?\n/);
  const subject = decodeWords(/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)![1].replace(/\r?\n[ \t]/g, ' '));
  // the text/plain part, quoted-printable or base64
  const part = /Content-Type: text\/plain[^]*?Content-Transfer-Encoding: ([\w-]+)\r?\n\r?\n([^]*?)\r?\n--/i.exec(raw)!;
  const text = part[1].toLowerCase() === 'base64' ? Buffer.from(part[2], 'base64').toString('utf8') : decodeQp(part[2]);
  const html = /Content-Type: text\/html[^]*?Content-Transfer-Encoding: ([\w-]+)\r?\n\r?\n([^]*?)\r?\n--/i.exec(raw)!;
  return {
    to,
    subject,
    text,
    html: html[1].toLowerCase() === 'base64' ? Buffer.from(html[2], 'base64').toString('utf8') : decodeQp(html[2]),
  };
}

async function smtp(): Promise<{ url: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (raw += d));
      stream.on('end', () => {
        received.push(
          parse(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('deadline alerts: the jobs', () => {
  before(async () => createQueueFor(flakyScheduled as never));
  afterEach(() => useSmtpUrl(null));

  it('two processes firing the same minute queue the scan once; its run is recorded', async function () {
    this.timeout(90_000);
    const at = '2026-11-26T23:00:10Z'; // 06:00 in Vietnam
    const results = await Promise.all([fireFromProcess('alerts.scan', at), fireFromProcess('alerts.scan', at)]);
    expect(results.filter((r) => r.id !== null)).to.have.length(1);
    expect(await drainJobs('alerts.scan')).to.equal(1);
    const runs = await rows('SELECT job, trigger, status, summary FROM job_runs');
    expect(runs).to.have.length(1);
    expect(runs[0]).to.include({ job: 'alerts.scan', trigger: 'schedule', status: 'succeeded' });
    // every rule of the catalogue, E6's report due dates (issue 22) included
    expect((runs[0].summary as { rules: number }).rules).to.equal(21);
  });

  it('a failing scheduled job is recorded, retried by the queue and recorded again; the app keeps answering', async function () {
    this.timeout(30_000);
    failFirst = true;
    await enqueue('test.flaky_scheduled', {}, { key: 'flaky-scheduled:1' });
    await drainJobs('test.flaky_scheduled');
    expect(await rows('SELECT status, error, attempt FROM job_runs')).to.deep.equal([
      { status: 'failed', error: 'cơ sở dữ liệu báo cáo không trả lời', attempt: 0 },
    ]);
    await request(testApp()).get('/healthz').expect(200);
    // the queue retries it after its backoff: time passes (the retry's start moved to now)
    await retryNow('test.flaky_scheduled');
    await drainJobs('test.flaky_scheduled');
    expect(await rows('SELECT status, attempt, summary FROM job_runs ORDER BY id')).to.deep.equal([
      { status: 'failed', attempt: 0, summary: null },
      { status: 'succeeded', attempt: 1, summary: { checked: 3 } },
    ]);
    // the admin page lists the schedules and the runs, and runs one now (once per minute however often clicked)
    const admin = new PageSession(await makeUser('admin'));
    const html = (await admin.get('/admin/jobs')).text;
    expect(html).to.match(/data-schedule="alerts.scan"[\s\S]*?Hằng ngày lúc 06:00/);
    expect(html).to.match(/data-status="failed"[\s\S]*?cơ sở dữ liệu báo cáo không trả lời/);
    await admin.post('/admin/jobs/run', { job: 'alerts.digest' });
    expect((await admin.get('/admin/jobs')).text).to.contain('Đã đưa công việc vào hàng đợi');
    await admin.post('/admin/jobs/run', { job: 'alerts.digest' });
    expect((await admin.get('/admin/jobs')).text).to.contain('không chạy thêm lần nữa');
    await drainJobs('alerts.digest');
    const [manual] = await rows("SELECT trigger, status FROM job_runs WHERE job = 'alerts.digest'");
    expect(manual).to.deep.equal({ trigger: 'manual', status: 'succeeded' });
  });

  it('the daily digest: once per user and day, in Vietnamese, with links, without CCCD, papers or money; retried when SMTP is down', async function () {
    this.timeout(30_000);
    const server = await smtp();
    try {
      const { staff, caseId, worker } = await agencyWithCase();
      await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-06-01' }]]);
      await rows('UPDATE users SET email = $2 WHERE id = $1', [staff.user.id, 'nhanvien@dn.vn']);
      const optedOut = await makeUser('agency_staff', { agencyId: staff.user.agencyId! });
      await rows('UPDATE users SET email = $2, digest_opt_out = true WHERE id = $1', [optedOut.user.id, 'khong@dn.vn']);
      const elsewhere = await makeUser('agency_staff');
      await rows('UPDATE users SET email = $2 WHERE id = $1', [elsewhere.user.id, 'khac@dn.vn']);
      // her passport (its number must not travel)
      await rows(
        `INSERT INTO papers (kind, worker_id, number, issuing_body, issued_on, expires_on)
         VALUES ('passport', $1, 'C7654321', 'Cục Quản lý xuất nhập cảnh', '2026-01-10', '2026-12-20')`,
        [worker.id],
      );
      setClock('2026-11-29');
      await scanAlerts('2026-11-29');

      // SMTP down: the send job fails and is retried
      useSmtpUrl('smtp://127.0.0.1:1');
      expect(await sendDigests('2026-11-29')).to.include({ users: 1 });
      await drainJobs(DIGEST_SEND_JOB);
      expect(server.received).to.have.length(0);
      expect(await rows('SELECT status FROM alert_digests')).to.deep.equal([]); // its claim rolled back with it
      useSmtpUrl(server.url);
      await retryNow(DIGEST_SEND_JOB);
      await drainJobs(DIGEST_SEND_JOB);
      expect(server.received).to.have.length(1);

      const [mail] = server.received;
      expect(mail.to).to.deep.equal(['nhanvien@dn.vn']);
      expect(mail.subject).to.equal('Hành Trang: 1 cảnh báo cần xử lý (1 quá hạn) – ngày 29/11/2026');
      const base = config().publicUrl;
      expect(mail.text).to.contain(`Chào ${staff.user.displayName},`);
      expect(mail.text).to.contain(
        `QUÁ HẠN – Thời hạn 180 ngày chờ xuất cảnh kể từ ngày trúng tuyển – ${worker.fullName} – hạn 28/11/2026`,
      );
      expect(mail.text).to.contain(`${base}/cases/${caseId}`);
      expect(mail.text).to.contain(`${base}/thong-bao`);
      expect(mail.text).to.contain(`${base}/tai-khoan`);
      expect(mail.html).to.contain(`href="${base}/cases/${caseId}"`);
      // nothing identifying or financial in either part: no CCCD, no passport number, no amount
      for (const part of [mail.text, mail.html]) {
        expect(part).to.not.contain(worker.cccd);
        expect(part).to.not.contain('C7654321');
        expect(part).to.not.match(/₫|đồng|\d{1,3}(\.\d{3})+/);
      }

      // once: the day's job again queues nobody, a repeated delivery sends nothing
      expect(await sendDigests('2026-11-29')).to.include({ users: 0 });
      expect(await sendDigest(staff.user.id, '2026-11-29')).to.equal('already');
      await drainJobs(DIGEST_SEND_JOB);
      expect(server.received).to.have.length(1);
      expect(await rows('SELECT user_id, status, alert_count FROM alert_digests')).to.deep.equal([
        { user_id: String(staff.user.id), status: 'sent', alert_count: 1 },
      ]);
      // no address, opted out or out of scope: nothing
      expect(await sendDigest(optedOut.user.id, '2026-11-29')).to.equal('no-address');
      expect(await sendDigest(elsewhere.user.id, '2026-11-29')).to.equal('nothing');
    } finally {
      await server.stop();
    }
  });
});
