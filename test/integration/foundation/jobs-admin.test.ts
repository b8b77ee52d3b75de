// The admin page of the durable jobs: queues with their counts, a job out of retries in the dead-letter queue with
// its error, sent back to its queue from the page (audited), then done; other roles get 403.
import { expect } from 'chai';
import { makeUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { drainJobs } from '../../helpers/queue';
import { sequelize } from '../../../server/db/sequelize';
import { createQueueFor, defineJob, enqueue } from '../../../server/shared/queue';

let failing = true;
const flaky = defineJob<{ n: number }>({
  name: 'test.flaky',
  label: 'Việc thử nghiệm',
  retryLimit: 0,
  handler: async () => {
    if (failing) throw new Error('máy chủ thư không trả lời');
  },
});

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

describe('the admin page of background jobs', () => {
  before(async () => createQueueFor(flaky as never));

  it('lists queues, the failed and dead-lettered job with its error; "Chạy lại" sends it back and it completes', async () => {
    failing = true;
    await enqueue('test.flaky', { n: 1 }, { key: 'flaky:1' });
    expect(await drainJobs('test.flaky')).to.equal(1);
    const admin = await makeUser('admin');
    const page = new PageSession(admin);
    const html = (await page.get('/admin/jobs')).text;
    expect(html).to.contain('Báo cho người lao động khi hồ sơ chuyển bước');
    expect(html).to.match(/data-queue="test.flaky"><td>Việc thử nghiệm/);
    expect(html).to.match(/data-kind="failed"[\s\S]*?máy chủ thư không trả lời/);
    const dead = /data-job="([0-9a-f-]+)" data-kind="dead"/.exec(html);
    expect(dead, 'the dead-lettered job is listed').to.not.equal(null);
    failing = false;
    const res = await page.post('/admin/jobs/redrive', { queue: 'test.flaky', id: dead![1] });
    expect(res.status).to.equal(303);
    expect((await page.get('/admin/jobs')).text).to.contain('Đã đưa công việc trở lại hàng đợi');
    expect(await drainJobs('test.flaky')).to.equal(1);
    expect(
      await rows("SELECT state::text FROM pgboss.job WHERE name = 'test.flaky' AND state = 'completed'"),
    ).to.have.length(1);
    expect(await rows("SELECT id FROM pgboss.job WHERE name = 'test.flaky.dead'")).to.have.length(0);
    expect(await rows("SELECT action, entity_id FROM audit_log WHERE action = 'job.redriven'")).to.deep.equal([
      { action: 'job.redriven', entity_id: dead![1] },
    ]);
    // a second press finds nothing to send back
    await page.post('/admin/jobs/redrive', { queue: 'test.flaky', id: dead![1] });
    expect((await page.get('/admin/jobs')).text).to.contain('Không tìm thấy công việc này');
  });

  it('is for admins only', async () => {
    const staff = await makeUser('agency_staff');
    const page = new PageSession(staff);
    expect((await page.get('/admin/jobs')).status).to.equal(403);
    expect(
      (await page.post('/admin/jobs/redrive', { queue: 'test.flaky', id: '00000000-0000-0000-0000-000000000000' }))
        .status,
    ).to.equal(403);
  });
});
