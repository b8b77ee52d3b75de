// Decree 352 Annex III Mẫu 01 (E6): a seeded half-year (2026, data 15/12/2025 – 14/06/2026) whose lines 1–3 are
// worked out by hand below, with rows on 14 Jun and 15 Jun (and 14/15 Dec) to prove the boundaries, persons of
// intermediate level or higher for the split, another centre's rows that must not count; the prior-period column;
// drafts, hand-entered lines marked «nhập tay» in the page, the XLSX and the PDF; the issue freezing the figures; a
// second issue refused; the E6 obligation; scope (another province → 404). Real PostgreSQL, real HTTP.
import crypto from 'node:crypto';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { makeAgency, makeCentre, makeUser, type TestUser } from '../../helpers/factories';
import { makeEmployer, registerSeeker, vacancyBody } from '../../helpers/exchange';
import { pdfText } from '../../helpers/pdf';
import { sequelize } from '../../../server/db/sequelize';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];
const one = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) => (await q<T>(sql, bind))[0];
const ticket = () => [...crypto.randomBytes(8)].map((b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');

/** A job seeker registered through the API, her registration then dated `on` (the registry dates it today). */
async function seeker(staff: TestUser, on: string, technicalLevel: string) {
  const s = await registerSeeker(app, staff, { technicalLevel });
  await q('UPDATE job_seeker_registrations SET registered_on = $2 WHERE job_seeker_id = $1', [s.id, on]);
  return s;
}

async function vacancy(staff: TestUser, employerId: number, on: string, numberToHire: number, technicalLevel: string) {
  const res = await request(app)
    .post('/api/v1/vacancies')
    .set(staff.auth)
    .send(vacancyBody(employerId, { numberToHire, technicalLevel }));
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  await q('UPDATE vacancies SET opened_on = $2 WHERE id = $1', [res.body.data.id, on]);
  return res.body.data as { id: number };
}

async function session(centreId: number, heldOn: string, state = 'held') {
  const r = await one<{ id: string }>(
    `INSERT INTO exchange_sessions (centre_id, province_code, name, kind, held_on, starts_at, ends_at, venue, state)
     VALUES ($1, '38', $2, 'fixed', $3, '08:00', '11:30', 'Trung tâm Dịch vụ việc làm', $4) RETURNING id`,
    [centreId, `Phiên ${heldOn}`, heldOn, state],
  );
  return Number(r.id);
}
const booth = (sessionId: number, employerId: number | null, senderId: number | null = null) =>
  q(`INSERT INTO session_booths (session_id, employer_id, sender_agency_id) VALUES ($1, $2, $3)`, [
    sessionId,
    employerId,
    senderId,
  ]);
async function registration(sessionId: number, workerId: number) {
  const r = await one<{ id: string }>(
    `INSERT INTO session_registrations (session_id, worker_id, ticket, channel) VALUES ($1, $2, $3, 'staff') RETURNING id`,
    [sessionId, workerId, ticket()],
  );
  return Number(r.id);
}
const counsel = (
  centreId: number,
  on: string,
  topic: string,
  who: { workerId?: number; employerId?: number },
  sessionId?: number,
) =>
  q(
    `INSERT INTO counselling_records (centre_id, session_id, worker_id, employer_id, topic, counselled_on) VALUES ($1, $2, $3, $4, $5, $6)`,
    [centreId, sessionId ?? null, who.workerId ?? null, who.employerId ?? null, topic, on],
  );
const activity = (sessionId: number, registrationId: number, workerId: number, kind: string, boothId: number | null) =>
  q(
    `INSERT INTO session_activities (session_id, registration_id, worker_id, kind, booth_id) VALUES ($1, $2, $3, $4, $5)`,
    [sessionId, registrationId, workerId, kind, boothId],
  );
async function referral(
  centreId: number,
  s: { id: number; workerId: number },
  vacancyId: number,
  origin: 'person' | 'employer',
  introducedOn: string,
  hiredOn?: string,
  state = hiredOn ? 'hired' : 'introduced',
) {
  await q(
    `INSERT INTO referrals (centre_id, job_seeker_id, seeker_centre_id, worker_id, vacancy_id, origin, state, introduced_on,
       contract_type, signed_on, start_on, position, wage_code, employer_name, employer_enterprise_code, notified_on)
     VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $9)`,
    [
      centreId,
      s.id,
      s.workerId,
      vacancyId,
      origin,
      state,
      introducedOn,
      hiredOn ? 'fixed_term' : null,
      hiredOn ?? null,
      hiredOn ? 'Công nhân' : null,
      hiredOn ? 2 : null,
      hiredOn ? 'Công ty May' : null,
      hiredOn ? '2800000001' : null,
    ],
  );
}

type Fig = { n: number; plus: number | null };
type Figures = Record<string, { current: Fig; prior: Fig }>;
const plain = (f: Figures) =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, [v.current.n, v.current.plus, v.prior.n, v.prior.plus]]));

describe('E6 Mẫu 01 (Decree 352 Annex III): a half-year worked out by hand', () => {
  let staff: TestUser;
  let centreId: number;
  let people: Record<string, { id: number; workerId: number; cccd: string }>;

  beforeEach(async () => {
    const centre = await makeCentre();
    centreId = centre.id;
    staff = await makeUser('centre_staff', { agencyId: centre.id });
    const otherCentre = await makeCentre();
    const otherStaff = await makeUser('centre_staff', { agencyId: otherCentre.id });
    const sender = await makeAgency();

    // job seekers: A intermediate (10/01), B elementary (14/06, last day), C university (15/06, the next half),
    // D elementary (14/12/2025, the prior column), E college (15/12/2025, the first day)
    people = {
      A: await seeker(staff, '2026-01-10', 'intermediate'),
      B: await seeker(staff, '2026-06-14', 'elementary'),
      C: await seeker(staff, '2026-06-15', 'university'),
      D: await seeker(staff, '2025-12-14', 'elementary'),
      E: await seeker(staff, '2025-12-15', 'college'),
    };
    // A renews her registration on 01/03: a second registration in the half
    await q(
      `INSERT INTO job_seeker_registrations (job_seeker_id, centre_id, registered_on) VALUES ($1, $2, '2026-03-01')`,
      [people.A.id, centreId],
    );
    // another centre's registration in the half: not this centre's
    const X = await seeker(otherStaff, '2026-02-01', 'master');

    const e1 = await makeEmployer(app, staff);
    const e2 = await makeEmployer(app, staff);
    // vacancies: V1 5 places untrained (01/02), V2 3 places college (14/06), V3 7 places (15/06: not in the half),
    // V4 2 places intermediate (01/10/2025: the prior column)
    const v1 = await vacancy(staff, e1.id, '2026-02-01', 5, 'untrained');
    const v2 = await vacancy(staff, e1.id, '2026-06-14', 3, 'college');
    await vacancy(staff, e2.id, '2026-06-15', 7, 'university');
    await vacancy(staff, e2.id, '2025-10-01', 2, 'intermediate');

    // sessions: S1 10/03 and S2 14/06 held; S3 15/06 held (next half); S4 planned in the half; S5 held 20/11/2025
    // (prior); S6 held by the other centre in the half
    const s1 = await session(centreId, '2026-03-10');
    const s2 = await session(centreId, '2026-06-14');
    const s3 = await session(centreId, '2026-06-15');
    await session(centreId, '2026-04-01', 'planned');
    const s5 = await session(centreId, '2025-11-20');
    const s6 = await session(otherCentre.id, '2026-03-10');
    await booth(s1, e1.id);
    await booth(s1, e2.id);
    await booth(s2, e1.id);
    await booth(s2, null, sender.id);
    await booth(s3, e2.id);
    await booth(s5, e2.id);
    const [b1] = await q<{ id: string }>('SELECT id FROM session_booths WHERE session_id = $1 ORDER BY id LIMIT 1', [
      s1,
    ]);
    const [b2] = await q<{ id: string }>('SELECT id FROM session_booths WHERE session_id = $1 ORDER BY id LIMIT 1', [
      s2,
    ]);
    const [b3] = await q<{ id: string }>('SELECT id FROM session_booths WHERE session_id = $1', [s3]);
    const rA = await registration(s1, people.A.workerId);
    const rB = await registration(s1, people.B.workerId);
    const rE = await registration(s2, people.E.workerId);
    const rC = await registration(s3, people.C.workerId);
    const rX = await registration(s6, X.workerId);

    // counselling at sessions: A job and policy at S1; B job at S2; C at S3 (next half); D at S5 (prior); X at S6
    await counsel(centreId, '2026-03-10', 'job', { workerId: people.A.workerId }, s1);
    await counsel(centreId, '2026-03-10', 'policy', { workerId: people.A.workerId }, s1);
    await counsel(centreId, '2026-06-14', 'job', { workerId: people.B.workerId }, s2);
    await counsel(centreId, '2026-06-15', 'job', { workerId: people.C.workerId }, s3);
    await counsel(centreId, '2025-11-20', 'job', { workerId: people.D.workerId }, s5);
    await counsel(otherCentre.id, '2026-03-10', 'job', { workerId: X.workerId }, s6);
    // outside sessions: E policy 14/06; B overseas work 15/12/2025; C job 15/06 (next half); employers E1 twice, E2 15/06
    await counsel(centreId, '2026-06-14', 'policy', { workerId: people.E.workerId });
    await counsel(centreId, '2025-12-15', 'overseas', { workerId: people.B.workerId });
    await counsel(centreId, '2026-06-15', 'job', { workerId: people.C.workerId });
    await counsel(centreId, '2026-05-05', 'job', { employerId: e1.id });
    await counsel(centreId, '2026-05-06', 'policy', { employerId: e1.id });
    await counsel(centreId, '2026-06-15', 'job', { employerId: e2.id });
    // interviews: A at S1, E at S2; B pre-selected (not an interview); C at S3 (next half); X at the other centre's
    await activity(s1, rA, people.A.workerId, 'interview', Number(b1.id));
    await activity(s2, rE, people.E.workerId, 'interview', Number(b2.id));
    await activity(s1, rB, people.B.workerId, 'preselection', Number(b1.id));
    await activity(s3, rC, people.C.workerId, 'interview', Number(b3.id));
    await activity(s6, rX, X.workerId, 'overseas_registration', null);

    // referrals: A introduced at her request 20/01; B at her request 01/12/2025 (prior), hired 05/01/2026; E on the
    // employer's request and hired on 14/06; C on the employer's request and hired 15/06 (next half); A on the
    // employer's request 02/02, not hired
    await referral(centreId, people.A, v1.id, 'person', '2026-01-20');
    await referral(centreId, people.B, v1.id, 'person', '2025-12-01', '2026-01-05');
    await referral(centreId, people.E, v2.id, 'employer', '2026-06-14', '2026-06-14');
    await referral(centreId, people.C, v1.id, 'employer', '2026-06-15', '2026-06-15');
    await referral(centreId, people.A, v2.id, 'employer', '2026-02-02', undefined, 'not_hired');
  });

  // [current, current of whom intermediate+, prior, prior of whom intermediate+] — by hand from the rows above
  const EXPECTED = {
    '1.1': [2, null, 1, null], // S1, S2 | S5
    '1.2': [3, null, 1, null], // E1, E2, the sender | E2
    '1.3': [2, 1, 1, 0], // A, B (A) | D
    '1.4': [2, 2, 0, 0], // A, E (both) | —
    '2.1': [3, 2, 1, 0], // A, B, E (A, E) | D
    '2.1a': [2, 1, 1, 0], // A, B (A) | D
    '2.1b': [2, 2, 0, 0], // A, E | —
    '2.2': [1, null, 0, null], // E1 | —
    '3.1.1': [4, 3, 1, 0], // A twice, B, E (A twice, E) | D
    '3.1.2': [1, 1, 1, 0], // A | B
    '3.1.3': [1, 0, 0, 0], // B (introduced in the prior half, hired in this one) | —
    '3.2.1': [8, 3, 2, 2], // V1 5 + V2 3 (V2) | V4 2 (V4)
    '3.2.2': [2, 2, 0, 0], // E, A | —
    '3.2.3': [1, 1, 0, 0], // E | —
  };

  it('E6 lines 1–3 for the half and its prior column are the hand count, 14 Jun in and 15 Jun out', async () => {
    const res = await request(app)
      .get('/api/v1/exchange-reports/mau-01')
      .query({ year: 2026, period: 'half' })
      .set(staff.auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.data.windows.current).to.deep.equal({ from: '2025-12-15', to: '2026-06-14' });
    expect(res.body.data.windows.prior).to.deep.equal({ from: '2025-06-15', to: '2025-12-14' });
    expect(plain(res.body.data.figures)).to.deep.equal(EXPECTED);
  });

  it('the annual report moves the 15 Jun rows in (15/12/2025 – 14/12/2026)', async () => {
    const res = await request(app)
      .get('/api/v1/exchange-reports/mau-01')
      .query({ year: 2026, period: 'annual' })
      .set(staff.auth);
    const f = res.body.data.figures as Figures;
    expect(f['1.1'].current.n).to.equal(3); // S1, S2, S3
    expect(f['3.2.1'].current.n).to.equal(15); // 5 + 3 + 7
    expect(f['3.2.3'].current).to.deep.equal({ n: 2, plus: 2 }); // E, C
  });

  it('a number opens the people it counts (CCCD masked) or the sessions', async () => {
    const d = await request(app)
      .get('/api/v1/exchange-reports/mau-01/drill')
      .query({ year: 2026, period: 'half', line: '3.1.1' })
      .set(staff.auth);
    expect(d.status).to.equal(200);
    const rows = d.body.data.rows as { id: string; cccd: string; times: number; plus: boolean }[];
    const byWorker = Object.fromEntries(rows.map((r) => [Number(r.id), r]));
    expect(Object.keys(byWorker).map(Number).sort()).to.deep.equal(
      [people.A.workerId, people.B.workerId, people.E.workerId].sort(),
    );
    expect(byWorker[people.A.workerId].times).to.equal(2);
    expect(byWorker[people.A.workerId].cccd).to.match(/^\d{3}\*{6}\d{3}$/);
    expect(JSON.stringify(d.body)).not.to.include(people.A.cccd);
    const s = await request(app)
      .get('/api/v1/exchange-reports/mau-01/drill')
      .query({ year: 2026, period: 'half', line: '1.1', column: 'prior' })
      .set(staff.auth);
    expect(s.body.data.rows.map((r: { date: string }) => r.date)).to.deep.equal(['2025-11-20']);
    const page = await request(app)
      .get('/viec-lam/bao-cao/chi-tiet')
      .query({ year: 2026, period: 'half', line: '1.4' })
      .set(staff.auth);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Cách tính');
    expect(page.text).to.include('2 người');
  });

  it('E6 a draft, the hand-entered lines marked «nhập tay» (page, XLSX, PDF); the issue freezes the figures; a second issue → 409; the obligation is met', async () => {
    const draft = await request(app)
      .post('/api/v1/exchange-reports')
      .set(staff.auth)
      .send({ year: 2026, period: 'half' });
    expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
    const id = draft.body.data.id as number;
    // E6: the period's due date is an obligation of the centre, open until the issue
    const due = await one<{ due_on: string; status: string; rule_id: string }>(
      `SELECT due_on, status, rule_id FROM obligations WHERE subject_type = 'agency' AND subject_id = $1 AND kind = 'exchange_report:2026-half'`,
      [centreId],
    );
    expect(due).to.deep.equal({ due_on: '2026-06-19', status: 'open', rule_id: 'E6' });
    // the first centre of the province is the provincial one: line 5 is its to fill
    expect(draft.body.data.provincial).to.equal(true);

    const saved = await request(app)
      .patch(`/api/v1/exchange-reports/${id}`)
      .set(staff.auth)
      .send({
        expectedVersion: 1,
        entered: {
          plan: { '1.1': 4, '3.1.1': 10 },
          manual: { '4.1': { prior: 11, current: 17 }, '4.2': { current: 9 }, '5.1': { current: 123 } },
        },
        labourMarketInfo: 'Nhu cầu tuyển lao động may tăng ở khu công nghiệp Lễ Môn.',
      });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const bad = await request(app)
      .patch(`/api/v1/exchange-reports/${id}`)
      .set(staff.auth)
      .send({ expectedVersion: 2, entered: { manual: { '4.1': { current: -3 } } } });
    expect(bad.status).to.equal(400);

    // the page asks before issuing (a confirmation step); the API issues
    const page = await request(app).get(`/viec-lam/bao-cao/${id}`).set(staff.auth);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('nhập tay');
    const issued = await request(app)
      .post(`/api/v1/exchange-reports/${id}/issue`)
      .set(staff.auth)
      .send({ expectedVersion: 2 });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    expect(issued.body.data.state).to.equal('issued');
    expect(issued.body.data.documentNumber).to.match(/^Số: 01\/2026\/BC-/);

    const met = await one<{ status: string; met_on: string }>(
      `SELECT status, met_on FROM obligations WHERE subject_type = 'agency' AND subject_id = $1 AND kind = 'exchange_report:2026-half'`,
      [centreId],
    );
    expect(met).to.deep.equal({ status: 'met', met_on: '2026-11-27' });

    // data changes afterwards: the live figures move, the issued ones do not
    await counsel(centreId, '2026-03-10', 'job', { workerId: people.D.workerId });
    const live = await request(app)
      .get('/api/v1/exchange-reports/mau-01')
      .query({ year: 2026, period: 'half' })
      .set(staff.auth);
    expect(live.body.data.figures['2.1'].current.n).to.equal(4);
    const got = await request(app).get(`/api/v1/exchange-reports/${id}`).set(staff.auth);
    expect(plain(got.body.data.figures)).to.deep.equal(EXPECTED);
    const table = got.body.data.table as { key: string; source: string; current: number | null }[];
    expect(table.find((r) => r.key === '4.1')).to.include({ source: 'nhập tay', current: 17 });
    expect(table.find((r) => r.key === '5.1')).to.include({ source: 'nhập tay', current: 123 });
    expect(table.find((r) => r.key === '2.1')).to.include({ source: 'tự động', current: 3 });
    // the database keeps an issued report as it is
    let refused = false;
    try {
      await q(`UPDATE exchange_reports SET labour_market_info = 'khác' WHERE id = $1`, [id]);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);

    // a second issue, a second draft, a second issued row: refused
    const again = await request(app)
      .post(`/api/v1/exchange-reports/${id}/issue`)
      .set(staff.auth)
      .send({ expectedVersion: 3 });
    expect(again.status).to.equal(409);
    const second = await request(app)
      .post('/api/v1/exchange-reports')
      .set(staff.auth)
      .send({ year: 2026, period: 'half' });
    expect(second.status).to.equal(409);
    let unique = false;
    try {
      await q(
        `INSERT INTO exchange_reports (centre_id, province_code, year, period, provincial, state, computed, issued_on, issued_at, issued_by_user_id)
         VALUES ($1, '38', 2026, 'half', true, 'issued', '{}', '2026-06-16', now(), $2)`,
        [centreId, staff.user.id],
      );
    } catch {
      unique = true;
    }
    expect(unique).to.equal(true);

    // the XLSX: the same table, the hand-entered lines marked
    const x = await request(app)
      .get(`/api/v1/exchange-reports/${id}/xlsx`)
      .set(staff.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(x.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const rows: unknown[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const line41 = rows.find((r) => r[0] === '4.1')!;
    expect(line41.slice(3)).to.deep.equal([11, 17, 'nhập tay']);
    const line21 = rows.find((r) => r[0] === '2.1')!;
    expect(line21.slice(3)).to.deep.equal([1, 3, 'tự động']);
    expect(rows.some((r) => r.includes('Nhu cầu tuyển lao động may tăng ở khu công nghiệp Lễ Môn.'))).to.equal(true);

    // the PDF: numbered, and its text says which lines were entered by hand
    const pdf = await request(app)
      .get(`/api/v1/exchange-reports/${id}/pdf`)
      .set(staff.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status, String(pdf.body)).to.equal(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).to.include('nhập tay');
    expect(text).to.include('01/2026/BC');
    const doc = await one<{ template: string; agency_id: string }>('SELECT template, agency_id FROM documents');
    expect(doc).to.deep.equal({ template: 'exchange_report', agency_id: String(centreId) });
  });

  it('a centre that is not its province’s first may not fill line 5 (unemployment insurance)', async () => {
    const second = await makeCentre();
    const s2 = await makeUser('centre_staff', { agencyId: second.id });
    const d = await request(app).post('/api/v1/exchange-reports').set(s2.auth).send({ year: 2026, period: 'half' });
    expect(d.body.data.provincial).to.equal(false);
    const r = await request(app)
      .patch(`/api/v1/exchange-reports/${d.body.data.id}`)
      .set(s2.auth)
      .send({ expectedVersion: 1, entered: { manual: { '5.1': { current: 4 } } } });
    expect(r.status).to.equal(400);
  });

  it('scope: a province officer reads the province’s centres; another province’s staff and officer get 404', async () => {
    const draft = await request(app)
      .post('/api/v1/exchange-reports')
      .set(staff.auth)
      .send({ year: 2026, period: 'half' });
    const id = draft.body.data.id as number;
    const [{ code }] = await q<{ code: string }>("SELECT code FROM provinces WHERE code <> '38' ORDER BY code LIMIT 1");
    const far = await makeCentre({ provinceCode: code } as never);
    const farStaff = await makeUser('centre_staff', { agencyId: far.id });
    const farOfficer = await makeUser('province_officer', { provinceCode: code } as never);
    const officer = await makeUser('province_officer');

    expect((await request(app).get(`/api/v1/exchange-reports/${id}`).set(officer.auth)).status).to.equal(200);
    const prov = await request(app)
      .get('/api/v1/exchange-reports/mau-01')
      .query({ year: 2026, period: 'half' })
      .set(officer.auth);
    expect(prov.status).to.equal(200);
    // the province: both centres of Thanh Hóa together (the other centre's session S6 counts here)
    expect(prov.body.data.figures['1.1'].current.n).to.equal(3);

    for (const who of [farStaff, farOfficer]) {
      expect((await request(app).get(`/api/v1/exchange-reports/${id}`).set(who.auth)).status).to.equal(404);
      expect((await request(app).get(`/viec-lam/bao-cao/${id}`).set(who.auth)).status).to.equal(404);
      expect((await request(app).get(`/api/v1/exchange-reports/${id}/xlsx`).set(who.auth)).status).to.equal(404);
      const m = await request(app)
        .get('/api/v1/exchange-reports/mau-01')
        .query({ year: 2026, period: 'half', centreId })
        .set(who.auth);
      expect(m.status).to.equal(404);
    }
    expect(
      (await request(app).post(`/api/v1/exchange-reports/${id}/issue`).set(farStaff.auth).send({ expectedVersion: 1 }))
        .status,
    ).to.equal(404);
    // the officer reads, but does not write
    expect(
      (await request(app).post(`/api/v1/exchange-reports/${id}/issue`).set(officer.auth).send({ expectedVersion: 1 }))
        .status,
    ).to.equal(403);
  });

  it('the pages: the periods with their due dates, the figures with their definitions, the confirmation before issuing', async () => {
    const list = await request(app).get('/viec-lam/bao-cao').set(staff.auth);
    expect(list.status).to.equal(200);
    expect(list.text).to.include('19/06/2026');
    const fig = await request(app)
      .get('/viec-lam/bao-cao/so-lieu')
      .query({ year: 2026, period: 'half' })
      .set(staff.auth);
    expect(fig.status).to.equal(200);
    expect(fig.text).to.include('Cách tính');
    expect(fig.text).to.include('/viec-lam/bao-cao/chi-tiet?year');
  });
});
