// The foundation: the workflow engine joins a caller's transaction; its effects are durable jobs written in that
// transaction (retried, idempotent by key, surviving a crashed worker); schedules fire once per minute however many
// processes fire them; obligations follow the law's current values, in calendar or working days.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { act, agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser } from '../../helpers/factories';
import { drainJobs } from '../../helpers/queue';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { PageSession } from '../../helpers/pages';
import { inTransaction, sequelize } from '../../../server/db/sequelize';
import { jobDefinition, runJob } from '../../../server/shared/queue';
import { runInContext } from '../../../server/shared/context';
import { setClock } from '../../../server/shared/clock';
import { applyActions } from '../../../server/shared/workflow';
import { scopeFor } from '../../../server/shared/auth/scope';
import { toActor } from '../../../server/modules/users';
import { Case, caseWorkflow, recomputeObligations, transitionCase } from '../../../server/modules/cases';
import { addVersion } from '../../../server/modules/policies';
import { createJobOrder } from '../../../server/modules/job-orders';
import { SCHEDULES, fire } from '../../../server/jobs';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const versionOf = async (id: number) =>
  Number((await rows('SELECT version FROM cases WHERE id = $1', [id]))[0].version);
const jobsOf = (name: string) =>
  rows('SELECT state, singleton_key, retry_count FROM pgboss.job WHERE name = $1 ORDER BY created_on', [name]);
const toVisa: [string, Record<string, unknown>?][] = [
  ['prescreen'],
  ['select', { selectedOn: '2026-10-01' }],
  ['sign_contract', { signedOn: '2026-10-05' }],
  ['start_visa'],
];

describe('the foundation', () => {
  it('a transition and an insert of another module in one transaction roll back together, its effect job with them', async () => {
    const { staff, caseId } = await agencyWithCase();
    const actor = toActor(staff.user);
    const version = await versionOf(caseId);
    await runInContext({ actor }, async () => {
      await inTransaction(async () => {
        await transitionCase(actor, caseId, { action: 'prescreen', expectedVersion: version });
        await createJobOrder(actor, { jobCategory: 'general', reference: 'CUNG-GIAO-DICH' });
        throw new Error('the caller changes its mind');
      }).catch((err: Error) => expect(err.message).to.equal('the caller changes its mind'));
    });
    expect(await rows('SELECT state, version FROM cases WHERE id = $1', [caseId])).to.deep.equal([
      { state: 'registered', version },
    ]);
    expect(await rows("SELECT id FROM case_events WHERE action = 'prescreen'")).to.have.length(0);
    expect(await rows("SELECT id FROM job_orders WHERE reference = 'CUNG-GIAO-DICH'")).to.have.length(0);
    expect(await jobsOf('case.stage_changed')).to.have.length(0);
    // committed, both are there, and the effect's job with its key
    await runInContext({ actor }, () =>
      inTransaction(async () => {
        await transitionCase(actor, caseId, { action: 'prescreen', expectedVersion: version });
        await createJobOrder(actor, { jobCategory: 'general', reference: 'CUNG-GIAO-DICH' });
      }),
    );
    expect(await rows("SELECT id FROM job_orders WHERE reference = 'CUNG-GIAO-DICH'")).to.have.length(1);
    const [job] = await jobsOf('case.stage_changed');
    expect(job).to.include({ state: 'created' });
    expect(job.singleton_key).to.match(/^case-stage:\d+$/);
  });

  it('applyActions moves many cases in one transaction: all of them, or (one refused) none', async () => {
    const a = await agencyWithCase();
    const actor = toActor(a.staff.user);
    const b = await agencyWithCase();
    await sequelize().query('UPDATE cases SET agency_id = $1, job_order_id = $2 WHERE id = $3', {
      bind: [a.staff.user.agencyId, a.order.id, b.caseId],
    });
    const base = { model: Case as never, scope: scopeFor(actor, 'case'), action: 'prescreen', input: {}, actor };
    const [va, vb] = [await versionOf(a.caseId), await versionOf(b.caseId)];
    const refused = await runInContext({ actor }, () =>
      applyActions(caseWorkflow, {
        ...base,
        items: [
          { id: a.caseId, expectedVersion: va },
          { id: b.caseId, expectedVersion: 77 },
        ],
      }),
    ).catch((e: Error) => e);
    expect(refused).to.be.instanceOf(Error);
    expect(
      (await rows('SELECT state FROM cases WHERE id = ANY($1) ORDER BY id', [[a.caseId, b.caseId]])).map(
        (r) => r.state,
      ),
    ).to.deep.equal(['registered', 'registered']);
    await runInContext({ actor }, () =>
      applyActions(caseWorkflow, {
        ...base,
        items: [
          { id: b.caseId, expectedVersion: vb },
          { id: a.caseId, expectedVersion: va },
        ],
      }),
    );
    expect(
      (await rows('SELECT state FROM cases WHERE id = ANY($1) ORDER BY id', [[a.caseId, b.caseId]])).map(
        (r) => r.state,
      ),
    ).to.deep.equal(['prescreened', 'prescreened']);
  });

  it('the stage effect tells the worker once, however often its job is delivered', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await act(staff.auth, caseId, 'prescreen').expect(200);
    const [job] = await rows("SELECT id, data FROM pgboss.job WHERE name = 'case.stage_changed'");
    expect(await drainJobs('case.stage_changed')).to.equal(1);
    // the same job delivered again (a worker that crashed before completing it): no second notification
    await runJob(jobDefinition('case.stage_changed')!, { id: String(job.id), data: job.data as object });
    const notes = await rows('SELECT recipient_worker_id, kind, title FROM notifications');
    expect(notes).to.deep.equal([
      {
        recipient_worker_id: String(worker.id),
        kind: 'case.stage',
        title: 'Hồ sơ đi làm việc tại Nhật Bản của bạn đã chuyển sang bước: Sơ tuyển đạt',
      },
    ]);
    // a state the worker does not see sends nothing: none here, every case state but «closed» is visible
    expect(await jobsOf('case.stage_changed')).to.have.length(1);
  });

  it("an effect survives a worker killed between its effect and the job's completion: restarted, it takes effect once", async function () {
    this.timeout(60_000);
    const { staff, caseId } = await agencyWithCase();
    await act(staff.auth, caseId, 'prescreen').expect(200);
    // a short expiry for this one job, so the test need not wait the queue's minute
    await sequelize().query(
      "UPDATE pgboss.job SET expire_seconds = 2, retry_delay = 1, retry_backoff = false WHERE name = 'case.stage_changed'",
    );
    const worker = (env: Record<string, string>) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
          cwd: path.resolve(__dirname, '../../..'),
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_URL: process.env.TEST_DATABASE_URL!,
            LOG_LEVEL: 'silent',
            ...env,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        const timer = setTimeout(() => child.kill('SIGTERM'), 25_000);
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          resolve(signal === 'SIGKILL' ? -9 : code);
        });
        if (!env.QUEUE_CRASH_AFTER) {
          const poll = setInterval(async () => {
            const [j] = await jobsOf('case.stage_changed');
            if (j?.state === 'completed') {
              clearInterval(poll);
              child.kill('SIGTERM');
            }
          }, 300);
          child.on('exit', () => clearInterval(poll));
        }
      });
    // the first worker writes the notification, then dies before it can complete the job
    expect(await worker({ QUEUE_CRASH_AFTER: 'case.stage_changed' })).to.equal(-9);
    expect(await rows('SELECT id FROM notifications')).to.have.length(1);
    expect((await jobsOf('case.stage_changed'))[0].state).to.equal('active');
    // restarted: the job expires, is delivered again, completes; the notification is still one
    await worker({});
    const [job] = await jobsOf('case.stage_changed');
    expect(job.state).to.equal('completed');
    expect(Number(job.retry_count)).to.be.at.least(1);
    expect(await rows('SELECT id FROM notifications')).to.have.length(1);
  });

  it('two processes firing the same cron minute run the job once', async () => {
    const recompute = SCHEDULES.find((s) => s.job === 'obligations.recompute')!;
    const at = new Date('2026-11-27T18:30:05Z'); // 01:30 in Vietnam
    const sent = await Promise.all([fire(recompute, at), fire(recompute, new Date(at.getTime() + 20_000))]);
    expect(sent.filter((id) => id !== null)).to.have.length(1);
    expect(await drainJobs('obligations.recompute')).to.equal(1);
    // the next night is another firing
    expect(await fire(recompute, new Date(at.getTime() + 86_400_000))).to.be.a('string');
  });

  it('a changed policy duration moves a due date at the next re-computation', async () => {
    const { staff, caseId } = await agencyWithCase();
    await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
    const due = async () =>
      (await rows("SELECT due_on FROM obligations WHERE kind = 'waiting_limit' AND subject_id = $1", [caseId]))[0]
        .due_on;
    expect(await due()).to.equal('2027-03-30');
    const admin = await makeUser('admin');
    await addVersion(toActor(admin.user), {
      key: 'waiting.max_days',
      value: '150',
      unit: 'days',
      effectiveFrom: '2026-11-27',
      citation: 'Nghị định thử nghiệm',
      confirmed: false,
      reason: 'Thử một thay đổi của luật',
    });
    expect(await due()).to.equal('2027-03-30'); // not before the re-computation
    expect(await recomputeObligations()).to.include({ cases: 1, nextDeadlineChanged: 1 });
    expect(await due()).to.equal('2027-02-28');
    expect((await rows('SELECT next_deadline_on FROM cases WHERE id = $1', [caseId]))[0].next_deadline_on).to.equal(
      '2027-02-28',
    );
  });

  it('a deadline across Tết is counted in working days when the policy says so', async () => {
    setClock('2027-02-03');
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2027-02-03');
    await walk(staff.auth, caseId, [
      ['prescreen'],
      ['select', { selectedOn: '2027-01-05' }],
      ['sign_contract', { signedOn: '2027-01-06' }],
      ['start_visa'],
      ['mark_ready'],
      ['depart', { departedOn: '2027-02-03' }],
    ]);
    const due = async () =>
      (await rows("SELECT due_on FROM obligations WHERE kind = 'departure_update' AND subject_id = $1", [caseId]))[0]
        .due_on;
    expect(await due()).to.equal('2027-02-08');
    const admin = await makeUser('admin');
    await addVersion(toActor(admin.user), {
      key: 'departure_update.days',
      value: '5',
      unit: 'working_days',
      effectiveFrom: '2027-02-01',
      citation: 'Thông tư thử nghiệm',
      confirmed: false,
      reason: 'Tính theo ngày làm việc',
    });
    await recomputeObligations();
    expect(await due()).to.equal('2027-02-17'); // 04–10/02 are Tết and compensatory days
  });

  it('extend and record_notice are usable from the case page: their forms show, not a blocked "undefined" verdict', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await sequelize().query(
      "UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, contract_months = 36 WHERE id = (SELECT job_order_id FROM cases WHERE id = $1)",
      { bind: [caseId] },
    );
    await walk(staff.auth, caseId, [...toVisa, ['mark_ready'], ['depart', { departedOn: '2026-11-20' }]]);
    const page = new PageSession(staff);
    const abroad = await page.get(`/cases/${caseId}`);
    expect(abroad.text).to.match(/data-action="extend"/);
    expect(abroad.text).not.to.contain('undefined');
    const extended = await page.post(`/cases/${caseId}/transitions`, {
      action: 'extend',
      expectedVersion: String(await versionOf(caseId)),
      newEndOn: '2030-11-20',
      feeVnd: '17.000.000',
    });
    expect(extended.status).to.equal(303);
    expect((await page.get(`/cases/${caseId}`)).text).to.contain('Đã ghi nhận');
    await act(staff.auth, caseId, 'return', { returnedOn: '2026-11-25', outcome: 'early_not_at_fault' }).expect(200);
    const back = await page.get(`/cases/${caseId}`);
    expect(back.text).to.match(/data-action="record_notice"/);
    const noticed = await page.post(`/cases/${caseId}/transitions`, {
      action: 'record_notice',
      expectedVersion: String(await versionOf(caseId)),
      sentOn: '2026-11-26',
      postalReceiptNumber: 'RR123456VN',
    });
    expect(noticed.status).to.equal(303);
    expect(await rows('SELECT postal_receipt_number FROM case_notices')).to.deep.equal([
      { postal_receipt_number: 'RR123456VN' },
    ]);
  });

  it('the audit log carries the request id of the request that wrote (services read it from the request context)', async () => {
    const staff = await makeUser('agency_staff');
    const res = await request(testApp())
      .post('/api/v1/job-orders')
      .set(staff.auth)
      .set('x-request-id', 'req-audit-13')
      .send({ jobCategory: 'general', reference: 'DH-AUDIT' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const audit = await rows("SELECT action, request_id FROM audit_log WHERE entity = 'job_order'");
    expect(audit).to.have.length.at.least(1);
    expect(audit.every((a) => a.request_id === 'req-audit-13')).to.equal(true);
  });
});
