// The overseas hand-off (issue 22; Decree 352/2025 Art 7.1.b; DOMAIN.md §15.6): a centre refers a job seeker who
// wants to work abroad, is 18 or older (R1), whose consent is live (E1) and who asks for it; the sending
// organisation's inbox; acceptance links the worker with her consent and opens the case (source centre_referral);
// the referral follows the case to a Mẫu 04 hire (E2) with the foreign employer's name and the wage code of the
// order's salary at its recorded rate. Real PostgreSQL, real HTTP.
import request from 'supertest';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { consentScanOf, makeCentre, makeUser, type TestUser } from '../../helpers/factories';
import { overseasOrder, referAbroad, registerSeeker } from '../../helpers/exchange';
import { act, walk } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { connectionCounts, orderMonthlyWage } from '../../../server/modules/exchange';
import { issueToken } from '../../../server/modules/auth/auth.tokens';
import { Case } from '../../../server/modules/cases';
import { followCase } from '../../../server/modules/exchange/exchange.handoff';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];

describe('overseas hand-off (issue 22; Decree 352 Art 7.1.b)', () => {
  let centre: TestUser;
  let agency: TestUser;
  let orderId: number;
  beforeEach(async () => {
    centre = await makeUser('centre_staff');
    agency = await makeUser('agency_staff');
    orderId = Number((await overseasOrder(agency, { headcount: 5 })).id);
  });

  const seeker = (overrides: Record<string, unknown> = {}) =>
    registerSeeker(app, centre, { wantsAbroad: true, ...overrides });

  async function acceptWithScan(referralId: number, who = agency) {
    const fileId = await consentScanOf(who.auth);
    return request(app)
      .post(`/api/v1/handoffs/${referralId}/accept`)
      .set(who.auth)
      .send({ consentVia: 'scan', consentFileId: fileId, consentDate: '2026-11-26' });
  }

  it('referral → the sending organisation’s inbox → accept: the case has source centre_referral and the referral, the worker’s consent link to the agency exists with its scan', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    expect(referral).to.include({ state: 'introduced', jobOrderId: orderId, senderAgencyId: agency.user.agencyId });

    // the inbox: the organisation's staff were told, and see it (masked in the list)
    const inbox = await request(app).get('/api/v1/handoffs?waiting=true').set(agency.auth);
    expect(inbox.status).to.equal(200);
    expect(inbox.body.data.map((r: { id: number }) => r.id)).to.deep.equal([referral.id]);
    expect(inbox.body.data[0].cccd).to.equal(undefined);
    const told = await q<{ n: string }>(
      "SELECT count(*) AS n FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE u.agency_id = $1 AND n.kind = 'handoff.referred'",
      [agency.user.agencyId],
    );
    expect(Number(told[0].n)).to.equal(1);
    const page = await request(app).get('/gioi-thieu-ngoai-nuoc').set(agency.auth);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(s.fullName);

    const fileId = await consentScanOf(agency.auth);
    const accepted = await request(app)
      .post(`/api/v1/handoffs/${referral.id}/accept`)
      .set(agency.auth)
      .send({ consentVia: 'scan', consentFileId: fileId, consentDate: '2026-11-26' });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    const caseId = accepted.body.data.caseId as number;
    const [c] = await q<{ source: string; source_referral_id: string; worker_id: string; job_order_id: string }>(
      'SELECT source, source_referral_id, worker_id, job_order_id FROM cases WHERE id = $1',
      [caseId],
    );
    expect(c).to.deep.include({ source: 'centre_referral', source_referral_id: String(referral.id) });
    expect(Number(c.worker_id)).to.equal(s.workerId);
    expect(Number(c.job_order_id)).to.equal(orderId);
    const [r] = await q<{ case_id: string; state: string }>('SELECT case_id, state FROM referrals WHERE id = $1', [
      referral.id,
    ]);
    expect(r).to.deep.equal({ case_id: String(caseId), state: 'introduced' });
    const [link] = await q<{ purposes: string[]; consent_date: string; consent_file_id: string; withdrawn_on: null }>(
      'SELECT purposes, consent_date, consent_file_id, withdrawn_on FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2',
      [s.workerId, agency.user.agencyId],
    );
    expect(link).to.deep.equal({
      purposes: ['placement_abroad'],
      consent_date: '2026-11-26',
      consent_file_id: String(fileId),
      withdrawn_on: null,
    });

    // the case page names the centre that referred; the referral page links the case
    const casePage = await request(app).get(`/cases/${caseId}`).set(agency.auth);
    expect(casePage.status).to.equal(200);
    expect(casePage.text).to.match(/data-testid="case-source">Do Trung tâm Dịch vụ việc làm [^<]* giới thiệu/);
    const refPage = await request(app).get(`/viec-lam/gioi-thieu/${referral.id}`).set(centre.auth);
    expect(refPage.status).to.equal(200);
    expect(refPage.text).to.include(`href="/cases/${caseId}"`);
  });

  it('the referral follows the case: selected → interviewed; contract_signed → hired with the foreign employer, no enterprise code, and the wage code of the salary at the order’s rate (E2)', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    const caseId = (await acceptWithScan(referral.id)).body.data.caseId as number;

    await walk(agency.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-11-27' }]]);
    expect((await q<{ state: string }>('SELECT state FROM referrals WHERE id = $1', [referral.id]))[0].state).to.equal(
      'interviewed',
    );
    await walk(agency.auth, caseId, [['sign_contract', { signedOn: '2026-11-27' }]]);
    const [hire] = await q<Record<string, unknown>>(
      `SELECT state, employer_name, employer_enterprise_code, employer_personal_id, position, wage_code, signed_on,
              contract_type, start_on FROM referrals WHERE id = $1`,
      [referral.id],
    );
    // 160,000 JPY × 125.0001 ₫ = 20,000,016 ₫ a month: over 20 million, code 4 (at 125 ₫ it would be 20,000,000: code 3)
    expect(hire).to.deep.equal({
      state: 'hired',
      employer_name: 'Sakura Foods Co., Ltd.',
      employer_enterprise_code: null,
      employer_personal_id: null,
      position: 'Chế biến thực phẩm',
      wage_code: 4,
      signed_on: '2026-11-27',
      contract_type: 'fixed_term',
      start_on: null,
    });
    expect(orderMonthlyWage({ salaryMinor: 160000, salaryCurrency: 'JPY', fxRate: '125.0001' })).to.deep.equal({
      monthlyVnd: 20000016,
      wageCode: 4,
    });
    expect(orderMonthlyWage({ salaryMinor: 160000, salaryCurrency: 'JPY', fxRate: '125' })?.wageCode).to.equal(3);
    // placed abroad: a successful connection of the centre, counted apart from domestic ones
    expect(await connectionCounts(centre.user.agencyId!, '2026-11-01', '2026-11-30')).to.deep.equal({
      domestic: 0,
      abroad: 1,
    });
    const board = await request(app).get('/viec-lam/gioi-thieu?noi=nuoc-ngoai').set(centre.auth);
    expect(board.text).to.include(s.fullName);
    const domestic = await request(app).get('/viec-lam/gioi-thieu').set(centre.auth);
    expect(domestic.text).not.to.include(s.fullName);
    const today = await request(app).get('/viec-lam/hom-nay').set(centre.auth);
    expect(today.text).to.match(/1 người đã ký hợp đồng đi làm việc ở nước ngoài/);
    // the centre no longer moves it by hand: the case does
    const [{ version }] = await q<{ version: number }>('SELECT version FROM referrals WHERE id = $1', [referral.id]);
    const byHand = await request(app)
      .post(`/api/v1/referrals/${referral.id}/transitions`)
      .set(centre.auth)
      .send({ action: 'withdraw', input: { reason: 'Thử rút bằng tay' }, expectedVersion: version });
    expect(byHand.status).to.be.oneOf([409, 422]);
  });

  it('withdrawn (or rejected) case → the referral is not hired; a second delivery of the same move changes nothing', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    const caseId = (await acceptWithScan(referral.id)).body.data.caseId as number;
    await act(agency.auth, caseId, 'withdraw', { reason: 'Người lao động đổi ý' }).expect(200);
    const [r] = await q<{ state: string; version: number }>('SELECT state, version FROM referrals WHERE id = $1', [
      referral.id,
    ]);
    expect(r.state).to.equal('not_hired');
    const events = await q<{ action: string; to_state: string }>(
      'SELECT action, to_state FROM referral_events WHERE referral_id = $1 ORDER BY id',
      [referral.id],
    );
    expect(events.map((e) => `${e.action}:${e.to_state}`)).to.deep.equal([
      'refer_abroad:introduced',
      'handoff_accept:introduced',
      'follow_case:not_hired',
    ]);
    // the same move delivered again (a retried transaction): nothing changes
    const c = (await Case.findByPk(caseId))!.get({ plain: true }) as never;
    const [ev] = await q<{ id: string }>("SELECT id FROM case_events WHERE case_id = $1 AND action = 'withdraw'", [
      caseId,
    ]);
    await followCase(
      c,
      {
        id: Number(ev.id),
        at: '',
        actorUserId: agency.user.id,
        action: 'withdraw',
        fromState: 'registered',
        toState: 'withdrawn',
        input: {},
        verdicts: [],
        policyIds: [],
      },
      { userId: agency.user.id, role: 'agency_staff', agencyId: agency.user.agencyId } as never,
    );
    const [again] = await q<{ state: string; version: number }>('SELECT state, version FROM referrals WHERE id = $1', [
      referral.id,
    ]);
    expect(again).to.deep.equal(r);
  });

  it('R1: refused when she is 17 (the day before her 18th birthday), allowed on the birthday', async () => {
    const s = await seeker({ dateOfBirth: '2008-11-28' });
    const young = await referAbroad(app, centre, s.id, orderId, 422);
    expect(young.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['R1']);
    setClock('2026-11-28');
    // a fresh sign-in on the new day (the earlier token has expired by then)
    const token = issueToken(centre.user);
    await referAbroad(app, { ...centre, token, auth: { authorization: `Bearer ${token}` } }, s.id, orderId, 201);
  });

  it('refused when she does not want to work abroad (409), or her consent is withdrawn (E1, 422)', async () => {
    const stays = await seeker({ wantsAbroad: false });
    const r1 = await referAbroad(app, centre, stays.id, orderId, 409);
    expect(r1.body.error.details.reason).to.equal('NOT_WANTING_ABROAD');
    const s = await seeker();
    const wd = await request(app)
      .post(`/api/v1/job-seekers/${s.id}/withdraw-consent`)
      .set(centre.auth)
      .send({ withdrawnOn: '2026-11-27' });
    expect(wd.status, JSON.stringify(wd.body)).to.equal(204);
    const r2 = await referAbroad(app, centre, s.id, orderId, 422);
    expect(r2.body.error.details.verdicts.map((v: { ruleId: string }) => v.ruleId)).to.deep.equal(['E1']);
  });

  it('another agency cannot see or accept it (404); a centre of another province cannot see it (404)', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    const other = await makeUser('agency_staff');
    expect((await request(app).get(`/api/v1/handoffs/${referral.id}`).set(other.auth)).status).to.equal(404);
    expect((await acceptWithScan(referral.id, other)).status).to.equal(404);
    expect((await request(app).get(`/gioi-thieu-ngoai-nuoc/${referral.id}`).set(other.auth)).status).to.equal(404);
    const list = await request(app).get('/api/v1/handoffs').set(other.auth);
    expect(list.body.data).to.deep.equal([]);
    const hanoi = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '01' })).id });
    expect((await request(app).get(`/api/v1/handoffs/${referral.id}`).set(hanoi.auth)).status).to.equal(404);
    expect((await request(app).get(`/viec-lam/gioi-thieu/${referral.id}`).set(hanoi.auth)).status).to.equal(404);
    // nor may it refer another centre's job seeker
    await referAbroad(app, hanoi, s.id, orderId, 404);
  });

  it('accepting twice → 409 and one case only', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    expect((await acceptWithScan(referral.id)).status).to.equal(200);
    const again = await acceptWithScan(referral.id);
    expect(again.status).to.equal(409);
    expect(again.body.error.details.reason).to.equal('ALREADY_DECIDED');
    const cases = await q<{ n: string }>('SELECT count(*) AS n FROM cases WHERE source_referral_id = $1', [
      referral.id,
    ]);
    expect(Number(cases[0].n)).to.equal(1);
  });

  it('declined with a reason → not hired; the scan is required when there is no portal consent', async () => {
    const s = await seeker();
    const referral = (await referAbroad(app, centre, s.id, orderId)).body.data;
    const noScan = await request(app)
      .post(`/api/v1/handoffs/${referral.id}/accept`)
      .set(agency.auth)
      .send({ consentVia: 'portal' });
    expect(noScan.status).to.equal(400);
    const declined = await request(app)
      .post(`/api/v1/handoffs/${referral.id}/decline`)
      .set(agency.auth)
      .send({ reason: 'Không đủ chiều cao theo yêu cầu của đơn hàng' });
    expect(declined.status, JSON.stringify(declined.body)).to.equal(200);
    expect(declined.body.data.state).to.equal('not_hired');
    const [e] = await q<{ input: { reason: string } }>(
      "SELECT input FROM referral_events WHERE referral_id = $1 AND action = 'handoff_decline'",
      [referral.id],
    );
    expect(e.input.reason).to.equal('Không đủ chiều cao theo yêu cầu của đơn hàng');
    expect((await acceptWithScan(referral.id)).status).to.equal(409);
  });

  it('she asks in the portal with her dated consent; her centre refers; the organisation accepts on that consent', async () => {
    const s = await seeker();
    const worker = await makeUser('worker', { workerId: s.workerId });
    const portal = await request(app).get('/toi/tim-viec').set(worker.auth);
    expect(portal.text).to.include(`data-ask-order="${orderId}"`);
    const asked = await request(app)
      .post('/api/v1/me/handoff-requests')
      .set(worker.auth)
      .send({ jobOrderId: orderId, consent: true });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    const pending = await request(app).get('/api/v1/handoff-requests').set(centre.auth);
    expect(pending.body.data.map((r: { id: number }) => r.id)).to.deep.equal([asked.body.data.id]);
    const decided = await request(app)
      .post(`/api/v1/handoff-requests/${asked.body.data.id}/decision`)
      .set(centre.auth)
      .send({ decision: 'refer' });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);
    const referralId = decided.body.data.referralId as number;
    const accepted = await request(app)
      .post(`/api/v1/handoffs/${referralId}/accept`)
      .set(agency.auth)
      .send({ consentVia: 'portal' });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    const [link] = await q<{ consent_date: string; consent_file_id: null; evidence: string }>(
      'SELECT consent_date, consent_file_id, evidence FROM worker_agency_links WHERE worker_id = $1 AND agency_id = $2',
      [s.workerId, agency.user.agencyId],
    );
    expect(link.consent_date).to.equal('2026-11-27');
    expect(link.consent_file_id).to.equal(null);
    expect(link.evidence).to.match(/cổng thông tin.*27\/11\/2026/);
  });

  describe('pages', () => {
    it('the centre refers from the job seeker’s page; the organisation accepts in its inbox with the scan, after a confirmation, and lands on the case', async () => {
      const s = await seeker();
      const staff = new PageSession(centre);
      const seekerPage = await staff.get(`/viec-lam/nguoi-tim-viec/${s.id}`);
      expect(seekerPage.text).to.include('data-testid="refer-abroad"');
      const referred = await staff.post('/viec-lam/ngoai-nuoc/gioi-thieu', {
        jobSeekerId: String(s.id),
        jobOrderId: String(orderId),
        origin: 'person',
      });
      expect(referred.status).to.equal(303);
      const referralId = Number(/\/viec-lam\/gioi-thieu\/(\d+)/.exec(referred.headers.location)![1]);

      const org = new PageSession(agency);
      const inbox = await org.get('/gioi-thieu-ngoai-nuoc');
      expect(inbox.text).to.include(`href="/gioi-thieu-ngoai-nuoc/${referralId}"`);
      await org.get(`/gioi-thieu-ngoai-nuoc/${referralId}`);
      // no scan: refused beside its field, nothing created
      const missing = await org.multipart(`/gioi-thieu-ngoai-nuoc/${referralId}/tiep-nhan`, {
        consentVia: 'scan',
        consentDate: '2026-11-26',
      });
      expect(missing.status).to.equal(400);
      expect(missing.text).to.include('ho-consentFileId-error');
      const confirm = await org.multipart(
        `/gioi-thieu-ngoai-nuoc/${referralId}/tiep-nhan`,
        { consentVia: 'scan', consentDate: '2026-11-26' },
        { field: 'consentScan', name: 'phieu-dong-y.pdf', bytes: Buffer.from('%PDF-1.4\n% phieu dong y\n') },
      );
      expect(confirm.status).to.equal(200);
      expect(confirm.text).to.include('data-testid="confirm"');
      expect((await q('SELECT id FROM cases')).length).to.equal(0);
      const fileId = /name="consentFileId" value="(\d+)"/.exec(confirm.text)![1];
      const done = await org.post(`/gioi-thieu-ngoai-nuoc/${referralId}/tiep-nhan`, {
        consentVia: 'scan',
        consentDate: '2026-11-26',
        consentFileId: fileId,
        confirmed: 'yes',
      });
      expect(done.status, done.text).to.equal(303);
      const [c] = await q<{ id: string }>('SELECT id FROM cases WHERE source_referral_id = $1', [referralId]);
      expect(done.headers.location).to.equal(`/cases/${c.id}`);
    });

    it('the organisation declines on the page after a confirmation; the reason is required', async () => {
      const s = await seeker();
      const referralId = (await referAbroad(app, centre, s.id, orderId)).body.data.id as number;
      const org = new PageSession(agency);
      await org.get(`/gioi-thieu-ngoai-nuoc/${referralId}`);
      const empty = await org.post(`/gioi-thieu-ngoai-nuoc/${referralId}/tu-choi`, { reason: '' });
      expect(empty.status).to.equal(400);
      const confirm = await org.post(`/gioi-thieu-ngoai-nuoc/${referralId}/tu-choi`, {
        reason: 'Đơn hàng đã đủ người',
      });
      expect(confirm.text).to.include('data-testid="confirm"');
      const done = await org.post(`/gioi-thieu-ngoai-nuoc/${referralId}/tu-choi`, {
        reason: 'Đơn hàng đã đủ người',
        confirmed: 'yes',
      });
      expect(done.status).to.equal(303);
      const [r] = await q<{ state: string }>('SELECT state FROM referrals WHERE id = $1', [referralId]);
      expect(r.state).to.equal('not_hired');
    });
  });
});
