// No request can freeze the app: every query of a transition runs in the transition's own transaction (the request
// context carries it), so three times the pool size of concurrent transitions of every guarded kind all finish,
// each with its expected answer, and none waits for a connection (no 503). Before the fix, ten transitions held
// the ten pooled connections while their guards waited for an eleventh: every user stalled 60 s, then 500.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker, type TestUser } from '../../helpers/factories';
import { openOrder, setFundPaid } from '../../helpers/cases';
import { sequelize } from '../../../server/db/sequelize';
import { config } from '../../../server/config';
import { setClock } from '../../../server/shared/clock';
import { reloadPolicies } from '../../../server/modules/policies';
import { JobOrder } from '../../../server/modules/job-orders';

const N = config().db.poolMax * 3;
const q = (sql: string, bind: unknown[] = []) => sequelize().query(sql, { bind });

const completeOrder = {
  jobCategory: 'home_caregiver',
  reference: 'TW-2026-01',
  employerName: 'Gia đình Trần',
  employerCountry: 'TW',
  destinationCountry: 'TW',
  jobTitle: 'Khán hộ công gia đình',
  headcount: 2,
  salaryCurrency: 'TWD',
  salaryMinor: 29_500,
  fxRate: '800',
  fxRateDate: '2026-10-01',
  fxRateSource: 'Tỷ giá trung tâm NHNN',
  contractMonths: 36,
  serviceFeeVnd: 23_600_000,
  depositVnd: 12_000_000,
  depositHolder: 'commercial_bank',
  supplyRegStatus: 'approved',
  supplyRegNumber: '456/QLLĐNN-ĐH',
  supplyRegDate: '2026-09-15',
};

/** Sends every request at once (policies reloaded first, so guards must read them too); all answers within 5 s. */
async function burst(calls: (() => Promise<request.Response>)[], allowed: number[]) {
  reloadPolicies();
  const started = Date.now();
  const answers = await Promise.all(calls.map((c) => c()));
  const ms = Date.now() - started;
  const statuses = answers.map((r) => r.status);
  expect(statuses, JSON.stringify(answers.find((r) => !allowed.includes(r.status))?.body)).to.satisfy((s: number[]) =>
    s.every((x) => allowed.includes(x)),
  );
  expect(statuses).not.to.include(503);
  expect(ms, `${calls.length} concurrent transitions took ${ms} ms`).to.be.below(5000);
  return statuses;
}

/** n cases of the staff's agency in `state`, each for its own worker, with the given columns. */
async function casesIn(
  staff: TestUser,
  orderId: number,
  n: number,
  state: string,
  columns: Record<string, unknown> = {},
) {
  const ids: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const cols = {
      worker_id: w.id,
      job_order_id: orderId,
      agency_id: staff.user.agencyId,
      state,
      version: 1,
      created_by_user_id: staff.user.id,
      ...columns,
    };
    const names = Object.keys(cols);
    const [rows] = await q(
      `INSERT INTO cases (${names.join(', ')}) VALUES (${names.map((_, k) => `$${k + 1}`).join(', ')}) RETURNING id`,
      Object.values(cols),
    );
    ids.push(Number((rows as { id: string }[])[0].id));
  }
  return ids;
}

async function papers(staff: TestUser, caseIds: number[]) {
  await q(
    `INSERT INTO papers (kind, worker_id, case_id, number, issuing_body, issued_on, expires_on, sender_agency_id, job_category, market)
    SELECT k.kind, c.worker_id, CASE WHEN k.kind = 'visa' THEN c.id END, 'P-' || c.id, 'Cơ quan cấp', '2026-09-01',
           CASE k.kind WHEN 'passport' THEN date '2031-09-01' WHEN 'visa' THEN date '2027-09-01' ELSE date '2028-09-01' END,
           CASE WHEN k.kind = 'orientation_certificate' THEN $2::bigint END,
           CASE WHEN k.kind = 'orientation_certificate' THEN 'general' END, CASE WHEN k.kind = 'orientation_certificate' THEN 'JP' END
    FROM cases c CROSS JOIN (VALUES ('passport'), ('orientation_certificate'), ('visa')) AS k(kind) WHERE c.id = ANY($1::bigint[])`,
    [caseIds, staff.user.agencyId],
  );
}

const transition =
  (auth: Record<string, string>, path: string, action: string, input: Record<string, unknown> = {}) =>
  () =>
    request(testApp()).post(path).set(auth).send({ action, input, expectedVersion: 1 });

describe(`pool starvation: ${N} concurrent transitions of every guarded kind (pool of ${config().db.poolMax})`, function () {
  this.timeout(60_000);
  let staff: TestUser;
  beforeEach(async () => {
    setClock('2026-11-27');
    staff = await makeUser('agency_staff');
  });

  it('job orders: open and reopen (agency, country and policies read in the transition)', async () => {
    const drafts = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        JobOrder.create({
          ...completeOrder,
          reference: `TW-${i}`,
          agencyId: staff.user.agencyId!,
          state: 'draft',
          version: 1,
        } as never),
      ),
    );
    expect(
      await burst(
        drafts.map((o) => transition(staff.auth, `/api/v1/job-orders/${o.id}/transitions`, 'open')),
        [200],
      ),
    ).to.have.length(N);
    await q("UPDATE job_orders SET state = 'closed', version = 1 WHERE agency_id = $1", [staff.user.agencyId]);
    await burst(
      drafts.map((o) => transition(staff.auth, `/api/v1/job-orders/${o.id}/transitions`, 'reopen')),
      [200],
    );
  });

  it('select: the headcount is never exceeded (R4) while every request answers', async () => {
    const order = await openOrder(staff, { headcount: 10 });
    const ids = await casesIn(staff, order.id, N, 'prescreened');
    const statuses = await burst(
      ids.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'select', { selectedOn: '2026-11-01' }),
      ),
      [200, 422],
    );
    expect(statuses.filter((s) => s === 200)).to.have.length(10);
  });

  it('sign_contract, mark_ready, depart, extend, record_notice and liquidate', async () => {
    const order = await openOrder(staff, {
      headcount: 1000,
      salaryCurrency: 'JPY',
      salaryMinor: 200_000,
      fxRate: '170',
      contractMonths: 36,
    } as never);
    const selected = { selected_on: '2026-11-01', next_deadline_on: '2027-04-30' };
    const signIds = await casesIn(staff, order.id, N, 'selected', selected);
    await burst(
      signIds.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'sign_contract', { signedOn: '2026-11-05' }),
      ),
      [200],
    );

    const readyIds = await casesIn(staff, order.id, N, 'visa_processing', {
      ...selected,
    });
    for (const id of readyIds) await setFundPaid(id, '2026-11-10');
    await papers(staff, readyIds);
    await burst(
      readyIds.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'mark_ready', { plannedDepartureOn: '2026-11-25' }),
      ),
      [200],
    );

    const departIds = await casesIn(staff, order.id, N, 'ready_to_depart', {
      ...selected,
      planned_departure_on: '2026-11-25',
    });
    for (const id of departIds) await setFundPaid(id, '2026-11-10');
    await papers(staff, departIds);
    await burst(
      departIds.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'depart', { departedOn: '2026-11-25' }),
      ),
      [200],
    );

    const abroad = {
      ...selected,
      departed_on: '2026-01-10',
      labour_contract_start_on: '2026-01-10',
      labour_contract_end_on: '2029-01-10',
    };
    const extendIds = await casesIn(staff, order.id, N, 'departed', abroad);
    await burst(
      extendIds.map((id, i) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'extend', {
          newEndOn: '2030-01-10',
          feeVnd: i % 2 ? 17_000_000 : 17_000_001,
        }),
      ),
      [200, 422],
    );

    const back = { ...abroad, state: 'returned', returned_on: '2026-11-01', return_outcome: 'early_not_at_fault' };
    const noticeIds = await casesIn(staff, order.id, N, 'returned', back);
    await burst(
      noticeIds.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'record_notice', {
          sentOn: '2026-11-20',
          postalReceiptNumber: `RR${id}VN`,
        }),
      ),
      [200],
    );

    const liquidateIds = await casesIn(staff, order.id, N, 'returned', back);
    await burst(
      liquidateIds.map((id) =>
        transition(staff.auth, `/api/v1/cases/${id}/transitions`, 'liquidate', {
          liquidatedOn: '2026-11-26',
          unilateral: true,
        }),
      ),
      [422],
    );
  });
});
