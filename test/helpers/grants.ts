// Support grants in tests: a worker who qualifies (poor household, ethnic minority, contract signed, in an area on
// the province's list), a budget, an application, a transition at the current version.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from './app';
import { makeUser, makeWorker, openOrder, walk } from './cases';
import type { TestUser } from './factories';
import { sequelize } from '../../server/db/sequelize';

export const JP = {
  jobCategory: 'general',
  reference: 'JP-2026-G',
  employerName: 'Công ty Nhật',
  employerCountry: 'JP',
  destinationCountry: 'JP',
  jobTitle: 'Công nhân',
  headcount: 50,
  salaryCurrency: 'JPY',
  salaryMinor: 180_000,
  fxRate: '170',
  fxRateDate: '2026-10-01',
  fxRateSource: 'NHNN',
  contractMonths: 36,
  serviceFeeVnd: 0,
  depositVnd: 0,
  supplyRegStatus: 'approved',
  supplyRegNumber: '9/QLLĐNN',
  supplyRegDate: '2026-09-15',
};

/** A poor-household worker of commune 14869 (Thanh Hóa, 38), in an area on the province's list, contract signed. */
export async function signedWorker(opts: { staff?: TestUser; worker?: Record<string, unknown> } = {}) {
  const staff = opts.staff ?? (await makeUser('agency_staff'));
  const order = await openOrder(staff, JP as never);
  const worker = await makeWorker({
    linkTo: staff.user.agencyId!,
    householdStatus: 'poor',
    householdStatusYear: 2026,
    ethnicity: 'Thái',
    ...opts.worker,
  } as never);
  const res = await request(testApp())
    .post('/api/v1/cases')
    .set(staff.auth)
    .send({ workerId: worker.id, jobOrderId: order.id })
    .expect(201);
  const caseId = res.body.data.id as number;
  await walk(staff.auth, caseId, [
    ['prescreen'],
    ['select', { selectedOn: '2026-10-01' }],
    ['sign_contract', { signedOn: '2026-10-05' }],
  ]);
  return { staff, worker, caseId };
}

export async function area(communeCode = '14869') {
  await sequelize().query(
    "INSERT INTO grant_eligible_areas (province_code, commune_code, kind) VALUES ('38', $1, 'poor_district')",
    {
      bind: [communeCode],
    },
  );
}
export async function budget(allocated: number, programme = 'mtqg', province = '38', year = 2026) {
  await sequelize().query(
    "INSERT INTO grant_budgets (province_code, fiscal_year, programme_code, source, allocated_vnd) VALUES ($1, $2, $3, 'central', $4)",
    { bind: [province, year, programme, allocated] },
  );
}

export const CLAIMS = [
  { item: 'language', quantity: 1, claimedVnd: 5_000_000, evidence: 'Hóa đơn học phí 01' },
  { item: 'personal_items', quantity: 1, claimedVnd: 600_001 },
  { item: 'health_check', quantity: 1, claimedVnd: 700_000 },
];

export const applyFor = (auth: Record<string, string>, caseId: number, claims = CLAIMS, programme = 'mtqg') =>
  request(testApp()).post('/api/v1/grants').set(auth).send({ caseId, programme, claims });

/** One transition at the application's current version; asserts the status (the body in the message). */
export const move = async (
  auth: Record<string, string>,
  id: number,
  action: string,
  input: Record<string, unknown> = {},
  status = 200,
) => {
  const v = (await request(testApp()).get(`/api/v1/grants/${id}`).set(auth)).body.data?.version ?? 0;
  const res = await request(testApp())
    .post(`/api/v1/grants/${id}/transitions`)
    .set(auth)
    .send({ action, input, expectedVersion: v });
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res;
};
