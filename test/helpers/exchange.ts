// The job exchange in tests: bodies with every required field of the forms (DOMAIN §15.7), and the steps a centre
// takes (register a job seeker with a consent scan, an employer, a vacancy) through the real API.
import request from 'supertest';
import { expect } from 'chai';
import type { Application } from 'express';
import { consentScanOf, validCccd, type TestUser } from './factories';

let serial = 500_000;

/** Mẫu 01 + 01a: every required field, in Thanh Hóa, wanting group 93 work. */
export function seekerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const dateOfBirth = (overrides.dateOfBirth as string | undefined) ?? '1999-03-04';
  const sex = (overrides.sex as 'male' | 'female' | undefined) ?? 'female';
  return {
    cccd: validCccd(dateOfBirth, sex, serial),
    fullName: `Lò Thị Tìm Việc ${serial}`,
    dateOfBirth,
    sex,
    ethnicity: 'Thái',
    provinceCode: '38',
    communeCode: '14869',
    street: 'Bản Chiềng',
    currentAddress: 'Bản Chiềng, xã Hồi Xuân',
    phone: '0912345678',
    generalEducation: 'upper_secondary',
    technicalLevel: 'elementary',
    jobTitle: 'Công nhân may',
    jobDescription: 'May công nghiệp theo dây chuyền',
    position: 'Công nhân',
    occupationCode: '9311',
    experience: 'none',
    province1: '38',
    commune1: '14758',
    wageKind: 'band',
    wageBand: 2,
    availableAfterMonths: 0,
    recruitmentMode: 'in_person',
    consentDate: '2026-11-20',
    ...overrides,
  };
}

export function employerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    kind: 'enterprise',
    name: `Công ty May Thử nghiệm ${serial}`,
    enterpriseCode: String(2800000000 + serial),
    ownership: 'non_state',
    provinceCode: '38',
    communeCode: '14758',
    address: 'Khu công nghiệp Lễ Môn',
    phone: '02373888999',
    email: `tuyendung${serial}@example.vn`,
    sectorCode: 'C',
    mainProduct: 'Hàng may mặc xuất khẩu',
    workforceBand: 5,
    representative: 'Nguyễn Văn Giám Đốc',
    ...overrides,
  };
}

export function vacancyBody(employerId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    employerId,
    title: 'Công nhân may công nghiệp',
    numberToHire: 5,
    description: 'May áo sơ mi theo dây chuyền',
    position: 'Công nhân',
    occupationCode: '9311',
    generalEducation: 'lower_secondary',
    technicalLevel: 'untrained',
    provinceCode: '38',
    communeCode: '14758',
    fullTime: true,
    wageKind: 'band',
    wageBand: 2,
    benefits: 'Bảo hiểm xã hội, ăn trưa',
    conditions: 'Ngồi máy 8 giờ mỗi ngày',
    recruitmentMode: 'in_person',
    deadline: '2026-12-31',
    contactName: 'Chị Hà',
    contactPhone: '0987654321',
    ...overrides,
  };
}

export async function registerSeeker(app: Application, staff: TestUser, overrides: Record<string, unknown> = {}) {
  const body = seekerBody({ consentFileId: await consentScanOf(staff.auth), ...overrides });
  const res = await request(app).post('/api/v1/job-seekers').set(staff.auth).send(body);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.data as { id: number; workerId: number; fullName: string; cccd: string };
}

export async function makeEmployer(app: Application, staff: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await request(app).post('/api/v1/employers').set(staff.auth).send(employerBody(overrides));
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.data as { id: number; name: string };
}

export async function makeVacancy(app: Application, staff: TestUser, overrides: Record<string, unknown> = {}) {
  const employer = await makeEmployer(app, staff);
  const res = await request(app).post('/api/v1/vacancies').set(staff.auth).send(vacancyBody(employer.id, overrides));
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.data as { id: number; title: string; version: number };
}

export async function introduce(app: Application, staff: TestUser, jobSeekerId: number, vacancyId: number) {
  const res = await request(app)
    .post('/api/v1/referrals')
    .set(staff.auth)
    .send({ jobSeekerId, vacancyId, origin: 'employer' });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.data as { id: number; version: number };
}

export const HIRE = {
  contractType: 'fixed_term',
  signedOn: '2026-11-25',
  startOn: '2026-12-01',
  position: 'Công nhân may',
  wageCode: 2,
  notifiedOn: '2026-11-26',
};

import { openOrder as openJobOrder } from './cases';

/**
 * The overseas hand-off (issue 22): an open order of a sending organisation's staff, with the foreign employer, the
 * job, and a salary with its recorded rate (160,000 JPY at 125.0001 ₫ = 20,000,016 ₫ a month: just over the 20
 * million boundary of Mẫu 04 wage code 3, so code 4).
 */
export async function overseasOrder(agency: TestUser, overrides: Record<string, unknown> = {}) {
  return openJobOrder(agency, {
    reference: 'DH-NB-01',
    jobTitle: 'Chế biến thực phẩm',
    employerName: 'Sakura Foods Co., Ltd.',
    destinationCountry: 'JP',
    salaryCurrency: 'JPY',
    salaryMinor: 160000,
    fxRate: '125.0001',
    fxRateDate: '2026-11-20',
    fxRateSource: 'Vietcombank',
    contractMonths: 36,
    ...overrides,
  } as never);
}

/** A centre refers its job seeker to an overseas order at her request; the expected status (201 unless given). */
export async function referAbroad(
  app: Application,
  staff: TestUser,
  jobSeekerId: number,
  jobOrderId: number,
  status = 201,
) {
  const res = await request(app)
    .post('/api/v1/handoffs')
    .set(staff.auth)
    .send({ jobSeekerId, jobOrderId, origin: 'person' });
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  return res;
}

/** A job exchange session of the staff's centre (issue 22), today (the test clock's day) 07:30–11:30 unless given. */
export async function makeSession(app: Application, staff: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await request(app)
    .post('/api/v1/exchange-sessions')
    .set(staff.auth)
    .send({
      name: 'Phiên giao dịch việc làm tháng 11',
      heldOn: '2026-11-27',
      startsAt: '07:30',
      endsAt: '11:30',
      kind: 'fixed',
      venue: 'Số 23 Hạc Thành, Phường Hạc Thành',
      ...overrides,
    });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.data as { id: number; version: number; name: string };
}

/** Registers one of the centre's job seekers for a session; answers the registration and its ticket code. */
export async function registerForSession(app: Application, staff: TestUser, sessionId: number, jobSeekerId: number) {
  const res = await request(app)
    .post(`/api/v1/exchange-sessions/${sessionId}/registrations`)
    .set(staff.auth)
    .send({ jobSeekerId });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  const ticket = await request(app).get(`/api/v1/session-registrations/${res.body.data.id}/ticket`).set(staff.auth);
  expect(ticket.status, JSON.stringify(ticket.body)).to.equal(200);
  return {
    ...(res.body.data as { id: number; workerId: number; fullName: string }),
    code: ticket.body.data.code as string,
  };
}
