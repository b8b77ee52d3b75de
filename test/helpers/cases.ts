import { expect } from 'chai';
import request from 'supertest';
import { testApp } from './app';
import { makeUser, makeWorker, type TestUser } from './factories';
import { JobOrder } from '../../server/modules/job-orders';
import { sequelize } from '../../server/db/sequelize';
import { addDays, addMonths } from '../../server/shared/dates';

/** An open job order of the staff's agency (bypassing the opening rules, which job-order tests cover). */
export async function openOrder(staff: TestUser, overrides: Partial<JobOrder> = {}): Promise<JobOrder> {
  return JobOrder.create({
    agencyId: staff.user.agencyId!,
    jobCategory: 'general',
    reference: 'DH-TEST',
    destinationCountry: 'JP',
    employerName: 'Công ty B',
    headcount: 5,
    state: 'open',
    version: 1,
    ...overrides,
  } as JobOrder);
}

export async function agencyWithCase(opts: { headcount?: number } = {}) {
  const staff = await makeUser('agency_staff');
  const order = await openOrder(staff, { headcount: opts.headcount ?? 5 });
  const worker = await makeWorker({ linkTo: staff.user.agencyId! });
  const res = await request(testApp())
    .post('/api/v1/cases')
    .set(staff.auth)
    .send({ workerId: worker.id, jobOrderId: order.id });
  if (res.status !== 201) throw new Error(`case not created: ${res.status} ${JSON.stringify(res.body)}`);
  return { staff, order, worker, caseId: res.body.data.id as number };
}

/** A transition with the case's current version unless one is given; `.expect(status)` asserts like supertest. */
export function act(
  auth: Record<string, string>,
  id: number,
  action: string,
  input: Record<string, unknown> = {},
  expectedVersion?: number,
) {
  const response = (async (): Promise<request.Response> => {
    const version =
      expectedVersion ?? (await request(testApp()).get(`/api/v1/cases/${id}`).set(auth)).body.data?.version ?? 0;
    return request(testApp())
      .post(`/api/v1/cases/${id}/transitions`)
      .set(auth)
      .send({ action, input, expectedVersion: version });
  })();
  return Object.assign(response, {
    expect: async (status: number) => {
      const r = await response;
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).to.equal(status);
      return r;
    },
  });
}

/** Walks a case from registered to the given action's target, with the dates given. */
export async function walk(auth: Record<string, string>, id: number, steps: [string, Record<string, unknown>?][]) {
  for (const [action, input] of steps) {
    const res = await act(auth, id, action, input ?? {});
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export { makeUser, makeWorker };

/** Papers and facts that let a case be marked ready and depart around `departureOn` (JP, general job). */
export async function papersForDeparture(
  c: { caseId: number; workerId: number; agencyId: number; market?: string; jobCategory?: string },
  departureOn: string,
) {
  const issued = addMonths(departureOn, -3);
  await sequelize().query(
    `INSERT INTO papers (kind, worker_id, case_id, number, issuing_body, issued_on, expires_on, sender_agency_id, job_category, market) VALUES
     ('passport', $1, NULL, 'C1234567', 'Cục Quản lý xuất nhập cảnh', $3, $4, NULL, NULL, NULL),
     ('orientation_certificate', $1, NULL, 'GDĐH-01', 'Trung tâm đào tạo', $3, $5, $6, $7, $8),
     ('visa', $1, $2, 'V-0001', 'Đại sứ quán', $3, $9, NULL, NULL, NULL)`,
    {
      bind: [
        c.workerId,
        c.caseId,
        issued,
        addMonths(departureOn, 60),
        addMonths(issued, 24),
        c.agencyId,
        c.jobCategory ?? 'general',
        c.market ?? 'JP',
        addMonths(departureOn, 12),
      ],
    },
  );
  await sequelize().query('UPDATE cases SET planned_departure_on = $2 WHERE id = $1', {
    bind: [c.caseId, departureOn],
  });
  await setFundPaid(c.caseId, addDays(departureOn, -10));
}

/**
 * The Fund contribution (R13) as the ledger records it, for tests that set up a departure: every live Fund entry of
 * the case is reversed, then one of 100,000 đồng dated `on` is written (none when `on` is null). Written as a
 * migrated entry (no actor) straight in SQL: the money tests post through the API.
 */
export async function setFundPaid(caseId: number, on: string | null): Promise<void> {
  await sequelize()
    .query(
      `INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, migrated,
       reverses_id, idempotency_key, request_digest)
     SELECT e.case_id, e.agency_id, e.worker_id, e.kind, e.amount_vnd, e.occurred_on, e.payee, e.payer, 'migrated', true, e.id,
       'test:unfund:' || e.id, repeat('0', 64)
     FROM ledger_entries e WHERE e.case_id = $1 AND e.kind = 'fund_contribution_paid' AND e.reverses_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)`,
      { bind: [caseId] },
    )
    .catch((e: { original?: Error }) => {
      throw e.original ?? e;
    });
  if (on)
    await sequelize().query(
      `INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, migrated,
         idempotency_key, request_digest)
       SELECT id, agency_id, worker_id, 'fund_contribution_paid', 100000, $2, 'Người lao động', 'Quỹ', 'migrated', true,
         'test:fund:' || id || ':' || gen_random_uuid(), repeat('0', 64)
       FROM cases WHERE id = $1`,
      { bind: [caseId, on] },
    );
}
