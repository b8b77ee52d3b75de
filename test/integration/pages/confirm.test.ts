// Destructive or final actions ask first: a confirmation page naming the worker or order and what will happen (the
// same question in a dialog where scripts run); nothing changes until it is confirmed; a refused input is named
// before asking; "Quay lại" does nothing.
import { expect } from 'chai';
import { agencyWithCase, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const stateOf = async (table: string, id: number) =>
  ((await sequelize().query(`SELECT state FROM ${table} WHERE id = $1`, { bind: [id] }))[0] as { state: string }[])[0]
    .state;
const versionOf = async (id: number) =>
  String(
    (
      (await sequelize().query('SELECT version FROM cases WHERE id = $1', { bind: [id] }))[0] as { version: number }[]
    )[0].version,
  );
/** The hidden fields of the confirmation form, as the browser would send them. */
const confirmFields = (html: string) => {
  const form = /<form method="post" action="[^"]*">[\s\S]*?<\/form>/.exec(
    html.slice(html.indexOf('data-testid="confirm"')),
  )![0];
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    if (m[1] !== '_csrf') out[m[1]] = m[2];
  return out;
};

describe('confirmation before destructive or final actions', () => {
  it('withdrawing a case asks first, names the worker and what happens, then does it when confirmed', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const page = new PageSession(staff);
    const html = (await page.get(`/cases/${caseId}`)).text;
    // the form carries the question for the dialog
    expect(html).to.match(/data-form="withdraw"[^>]*data-confirm="Hồ sơ kết thúc ở bước «Rút hồ sơ»/);
    const asked = await page.post(`/cases/${caseId}/transitions`, {
      action: 'withdraw',
      expectedVersion: await versionOf(caseId),
      reason: 'Người lao động đổi ý',
    });
    expect(asked.status).to.equal(200);
    expect(asked.text).to.contain('Rút hồ sơ?');
    expect(asked.text).to.contain(worker.fullName);
    expect(asked.text).to.contain('chỗ của người lao động trong đơn hàng được trả lại');
    expect(asked.text).to.contain(`href="/cases/${caseId}" role="button" class="secondary">Quay lại, không thực hiện`);
    expect(await stateOf('cases', caseId)).to.equal('registered');
    const fields = confirmFields(asked.text);
    expect(fields).to.deep.include({ action: 'withdraw', reason: 'Người lao động đổi ý', confirmed: 'yes' });
    const done = await page.post(`/cases/${caseId}/transitions`, fields);
    expect(done.status).to.equal(303);
    expect(await stateOf('cases', caseId)).to.equal('withdrawn');
  });

  it('a refused input is named before asking (no confirmation for what cannot be done)', async () => {
    const { staff, caseId } = await agencyWithCase();
    const page = new PageSession(staff);
    await page.get(`/cases/${caseId}`);
    const res = await page.post(`/cases/${caseId}/transitions`, {
      action: 'reject',
      expectedVersion: await versionOf(caseId),
      reason: 'x',
    });
    expect(res.status).to.equal(400);
    expect(res.text).not.to.contain('data-testid="confirm"');
    expect(res.text).to.contain('id="reject-reason-error"');
  });

  it('closing a job order asks first; bulk withdrawals ask with their count', async () => {
    const { staff, order, caseId } = await agencyWithCase();
    const page = new PageSession(staff);
    const html = (await page.get(`/job-orders/${order.id}`)).text;
    expect(html).to.match(/data-confirm="Đơn hàng ngừng tuyển/);
    const asked = await page.post(`/job-orders/${order.id}/transitions`, { action: 'close', expectedVersion: '1' });
    expect(asked.status).to.equal(200);
    expect(asked.text).to.contain('Đóng đơn hàng?');
    expect(await stateOf('job_orders', order.id)).to.equal('open');
    expect((await page.post(`/job-orders/${order.id}/transitions`, confirmFields(asked.text))).status).to.equal(303);
    expect(await stateOf('job_orders', order.id)).to.equal('closed');

    await walk(staff.auth, caseId, []);
    await page.get('/cases');
    // the bulk bar's action asks for its input first (a form built from it), then the confirmation
    const input = await page.post('/cases/bulk', {
      action: 'withdraw',
      items: [`${caseId}:${await versionOf(caseId)}`],
    });
    expect(input.status).to.equal(200);
    expect(input.text).to.contain('data-testid="bulk-input"');
    const bulk = await page.post('/cases/bulk', {
      action: 'withdraw',
      step: 'input',
      reason: 'Đơn hàng đã đóng',
      items: [`${caseId}:${await versionOf(caseId)}`],
    });
    expect(bulk.status).to.equal(200);
    expect(bulk.text).to.contain('Rút hồ sơ 1 hồ sơ?');
    expect(bulk.text).to.contain('Lý do: Đơn hàng đã đóng');
    expect(await stateOf('cases', caseId)).to.equal('registered');
    const fields = confirmFields(bulk.text);
    expect(fields.items).to.equal(`${caseId}:${await versionOf(caseId)}`);
    const done = await page.post('/cases/bulk', fields);
    expect(done.status).to.equal(200); // the bulk result page
    expect(await stateOf('cases', caseId)).to.equal('withdrawn');
  });
});
