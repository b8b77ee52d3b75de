// Deadline alerts (issue 20): each rule the day before, on and after its threshold (Tết included, in working days);
// a rerun creates nothing; an alert resolves itself when its condition clears and reopens when it comes back;
// escalation after the grace period; routing by scope (the assignee first, officers of the subject's commune or
// province, the worker in plain words, admins for escalations) and nobody outside it.
import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';
import { scanAlerts } from '../../../server/modules/notifications';
import { addDays } from '../../../server/shared/dates';
import { agencyWithCase, walk } from '../../helpers/cases';
import { makeAgency, makeUser } from '../../helpers/factories';
import { budget } from '../../helpers/grants';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

/** An open obligation as a subject's rules would compute it (the scan reads the table, not the rules). */
async function obligation(
  subject: { type: 'case' | 'grant_application'; id: number },
  kind: string,
  ruleId: string,
  dueOn: string,
  scope: { agencyId?: number | null; whoseMove?: string; provinceCode?: string; communeCode?: string } = {},
) {
  await rows(
    `INSERT INTO obligations (subject_type, subject_id, kind, rule_id, due_on, whose_move, status, agency_id, province_code, commune_code)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9)
     ON CONFLICT (subject_type, subject_id, kind) DO UPDATE SET due_on = EXCLUDED.due_on, status = 'open'`,
    [
      subject.type,
      subject.id,
      kind,
      ruleId,
      dueOn,
      scope.whoseMove ?? 'agency',
      scope.agencyId ?? null,
      scope.provinceCode ?? '38',
      scope.communeCode ?? '14869',
    ],
  );
}

const alertsOf = (rule: string) =>
  rows('SELECT id, stage, severity, status, resolution, reopened_count FROM alerts WHERE rule = $1 ORDER BY id', [
    rule,
  ]);
const inboxOf = (userId: number) =>
  rows('SELECT title, body, severity, link, alert_id FROM notifications WHERE recipient_user_id = $1 ORDER BY id', [
    userId,
  ]);
const workerInbox = (workerId: number) =>
  rows('SELECT title, severity, link FROM notifications WHERE recipient_worker_id = $1 ORDER BY id', [workerId]);

describe('deadline alerts: the scan', () => {
  it('R15: nothing the day before day 150, a warning on it, overdue the day after day 180, escalated after the grace period; only in scope', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    // selected 01/06/2026: 180 days end on 28/11/2026 (a Saturday); warned 30 days before, on 29/10
    await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-06-01' }]]);
    const [o] = await rows("SELECT due_on FROM obligations WHERE subject_id = $1 AND kind = 'waiting_limit'", [caseId]);
    expect(o.due_on).to.equal('2026-11-28');
    const colleague = await makeUser('agency_staff', { agencyId: staff.user.agencyId! });
    const otherAgency = await makeUser('agency_staff');
    const province = await makeUser('province_officer');
    const otherProvince = await makeUser('province_officer', { provinceCode: '01' });
    const admin = await makeUser('admin');

    expect((await scanAlerts('2026-10-28')).created).to.equal(0);
    expect(await alertsOf('waiting_limit')).to.have.length(0);

    const on = await scanAlerts('2026-10-29');
    expect(on).to.include({ created: 1, notifications: 3 }); // both agency staff (no assignee yet) and the worker
    expect(await alertsOf('waiting_limit')).to.deep.equal([
      { id: '1', stage: 1, severity: 'warning', status: 'open', resolution: null, reopened_count: 0 },
    ]);
    const [mine] = await inboxOf(staff.user.id);
    expect(mine.title).to.equal('Sắp đến hạn: Thời hạn 180 ngày chờ xuất cảnh kể từ ngày trúng tuyển');
    expect(mine.body).to.contain(worker.fullName).and.to.contain('Hạn: 28/11/2026');
    expect(mine.link).to.equal(`/cases/${caseId}`);
    expect(await inboxOf(colleague.user.id)).to.have.length(1);
    const [hers] = await workerInbox(worker.id);
    expect(hers.title).to.match(/^Việc cần làm: Bạn đã chờ xuất cảnh lâu\. .*trước ngày 28\/11\/2026/);
    expect(hers.link).to.equal('/toi');

    // a rerun, the same day or the next, creates and sends nothing
    expect(await scanAlerts('2026-10-29')).to.include({ created: 0, changed: 0, resolved: 0, notifications: 0 });
    expect(await scanAlerts('2026-11-28')).to.include({ created: 0, changed: 0, notifications: 0 }); // on the due date

    // the day after: overdue, critical, told once more (the assignee only, now that the case has one)
    await rows('UPDATE cases SET assignee_user_id = $2 WHERE id = $1', [caseId, colleague.user.id]);
    const after = await scanAlerts('2026-11-29');
    expect(after).to.include({ created: 0, changed: 1 });
    expect(await alertsOf('waiting_limit')).to.deep.include.members([
      { id: '1', stage: 10, severity: 'critical', status: 'open', resolution: null, reopened_count: 0 },
    ]);
    expect((await inboxOf(colleague.user.id)).map((n) => n.title)).to.deep.equal([
      'Sắp đến hạn: Thời hạn 180 ngày chờ xuất cảnh kể từ ngày trúng tuyển',
      'Quá hạn: Thời hạn 180 ngày chờ xuất cảnh kể từ ngày trúng tuyển',
    ]);
    expect(await inboxOf(staff.user.id)).to.have.length(1);
    expect((await workerInbox(worker.id)).map((n) => n.severity)).to.deep.equal(['warning', 'critical']);

    // grace: 5 working days after Saturday 28/11 end on Friday 04/12; escalated from Saturday 05/12
    await scanAlerts('2026-12-04');
    expect(await inboxOf(province.user.id)).to.have.length(0);
    await scanAlerts('2026-12-05');
    const [escalation] = await inboxOf(province.user.id);
    expect(escalation.title).to.match(/^Chuyển lên cấp trên – quá hạn chưa xử lý: Thời hạn 180 ngày chờ xuất cảnh/);
    expect(escalation.severity).to.equal('critical');
    // nobody outside the subject's scope hears of it: another agency, another province, admins (not a province rule)
    for (const u of [otherAgency, otherProvince, admin])
      expect(await inboxOf(u.user.id), u.user.username).to.have.length(0);
    expect(await inboxOf(staff.user.id)).to.have.length(1);
  });

  it('an alert resolves itself when its condition clears, and reopens (told again) when it comes back', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const c = { type: 'case' as const, id: caseId };
    const scope = { agencyId: staff.user.agencyId! };
    // a passport expiring before departure: warned 42 days ahead, again 14 days ahead
    await obligation(c, 'paper_expiry:passport', 'PAPERS', '2027-01-20', { ...scope, whoseMove: 'worker' });
    expect((await scanAlerts('2026-12-08')).created).to.equal(0);
    expect((await scanAlerts('2026-12-09')).created).to.equal(1);
    expect(await scanAlerts('2027-01-05')).to.include({ created: 0, changed: 0 });
    expect(await scanAlerts('2027-01-06')).to.include({ created: 0, changed: 1, notifications: 2 });
    expect((await alertsOf('passport_expiry'))[0].stage).to.equal(2);
    // renewed: the rules no longer compute the obligation (waived), and the alert closes itself
    await rows("UPDATE obligations SET status = 'waived', waived_reason = 'Không còn áp dụng' WHERE subject_id = $1", [
      caseId,
    ]);
    expect(await scanAlerts('2027-01-07')).to.include({ resolved: 1, notifications: 0 });
    expect(await alertsOf('passport_expiry')).to.deep.equal([
      { id: '1', stage: 2, severity: 'warning', status: 'resolved', resolution: 'cleared', reopened_count: 0 },
    ]);
    expect(await scanAlerts('2027-01-07')).to.include({ resolved: 0, created: 0 });
    // the renewal is withdrawn (the new passport was refused): the same alert reopens and is told again
    await rows("UPDATE obligations SET status = 'open', waived_reason = NULL WHERE subject_id = $1", [caseId]);
    expect(await scanAlerts('2027-01-08')).to.include({ created: 0, reopened: 1, notifications: 2 });
    expect(await alertsOf('passport_expiry')).to.deep.equal([
      { id: '1', stage: 2, severity: 'warning', status: 'open', resolution: null, reopened_count: 1 },
    ]);
    expect(await inboxOf(staff.user.id)).to.have.length(3);
    expect(await workerInbox(worker.id)).to.have.length(3);
    // a new due date is a new alert (the old key resolves)
    await rows("UPDATE obligations SET due_on = '2027-01-25' WHERE subject_id = $1", [caseId]);
    expect(await scanAlerts('2027-01-09')).to.include({ created: 1, resolved: 1 });
  });

  it('R27 across Tết: two working days ahead of Friday 12/02/2027 is Wednesday 03/02, before the holiday; overdue on the 13th', async () => {
    const province = await makeUser('province_officer');
    const commune = await makeUser('commune_officer');
    const app = { type: 'grant_application' as const, id: 41 };
    await obligation(app, 'processing', 'R27', '2027-02-12', { whoseMove: 'province' });
    expect((await scanAlerts('2027-02-02')).created).to.equal(0);
    expect((await scanAlerts('2027-02-03')).created).to.equal(1);
    expect(await alertsOf('grant_processing_province')).to.have.length(1);
    expect(await alertsOf('grant_processing_commune')).to.have.length(0);
    const [n] = await inboxOf(province.user.id);
    expect(n.link).to.equal('/grants/41');
    expect(await inboxOf(commune.user.id)).to.have.length(0);
    expect((await scanAlerts('2027-02-12')).changed).to.equal(0);
    expect((await scanAlerts('2027-02-13')).changed).to.equal(1);
    expect((await alertsOf('grant_processing_province'))[0].stage).to.equal(10);
  });

  it('escalation across Tết in working days: a province dossier due 03/02/2027 escalates to the admins from 18/02, not 17/02', async () => {
    const admin = await makeUser('admin');
    await obligation({ type: 'grant_application', id: 42 }, 'processing', 'R27', '2027-02-03', {
      whoseMove: 'province',
    });
    await scanAlerts('2027-02-04');
    expect((await alertsOf('grant_processing_province'))[0].stage).to.equal(10);
    // five working days after Wednesday 03/02: 11, 12, 15, 16, 17/02 (04–10/02 are Tết and its days off)
    await scanAlerts('2027-02-17');
    expect((await alertsOf('grant_processing_province'))[0].stage).to.equal(10);
    expect(await inboxOf(admin.user.id)).to.have.length(0);
    await scanAlerts('2027-02-18');
    expect((await alertsOf('grant_processing_province'))[0].stage).to.equal(20);
    const [n] = await inboxOf(admin.user.id);
    expect(n.title).to.match(
      /^Chuyển lên cấp trên – quá hạn chưa xử lý: Thời hạn giải quyết hồ sơ đề nghị hỗ trợ chờ tỉnh/,
    );
  });

  it('a commune dossier escalates to its province; with no officer in the province, to the admins', async () => {
    const admin = await makeUser('admin');
    await obligation({ type: 'grant_application', id: 43 }, 'processing', 'R27', '2026-11-02', {
      whoseMove: 'commune',
    });
    await obligation({ type: 'grant_application', id: 44 }, 'processing', 'R27', '2026-11-02', {
      whoseMove: 'commune',
      provinceCode: '01',
      communeCode: '00004',
    });
    const province = await makeUser('province_officer');
    await scanAlerts('2026-11-27');
    expect((await alertsOf('grant_processing_commune')).map((a) => a.stage)).to.deep.equal([20, 20]);
    expect((await inboxOf(province.user.id)).map((n) => n.link)).to.deep.equal(['/grants/43']);
    expect((await inboxOf(admin.user.id)).map((n) => n.link)).to.deep.equal(['/grants/44']);
  });

  it('resolved by hand at a lead time, an alert reopens when the due date passes and is told as overdue', async () => {
    const { staff, caseId } = await agencyWithCase();
    await obligation({ type: 'case', id: caseId }, 'deposit_refund', 'R11', '2026-12-10', {
      agencyId: staff.user.agencyId!,
    });
    await scanAlerts('2026-12-05');
    await rows(
      `UPDATE alerts SET status = 'resolved', resolution = 'manual', resolved_at = now(), resolved_by_user_id = $1,
              resolved_stage = stage`,
      [staff.user.id],
    );
    expect(await scanAlerts('2026-12-10')).to.include({ reopened: 0, notifications: 0 });
    expect(await scanAlerts('2026-12-11')).to.include({ reopened: 1 });
    expect((await inboxOf(staff.user.id)).map((n) => n.title)).to.deep.equal([
      'Sắp đến hạn: Hoàn trả tiền ký quỹ cho người lao động sau thanh lý',
      'Quá hạn: Hoàn trả tiền ký quỹ cho người lao động sau thanh lý',
    ]);
    // refunded (the obligation met), then the refund reversed: the alert closed by the scan reopens
    await rows("UPDATE obligations SET status = 'met', met_on = '2026-12-12'");
    expect(await scanAlerts('2026-12-12')).to.include({ resolved: 1 });
    await rows("UPDATE obligations SET status = 'open', met_on = NULL");
    expect(await scanAlerts('2026-12-13')).to.include({ reopened: 1 });
  });

  it('every obligation rule: nothing the day before its first lead, a warning on it, overdue the day after the due date', async () => {
    const { staff, caseId } = await agencyWithCase();
    const c = { type: 'case' as const, id: caseId };
    const scope = { agencyId: staff.user.agencyId! };
    const due = '2027-03-31'; // a Wednesday, far from holidays
    const cases: [string, string, string, number][] = [
      // [obligation kind, its rule id, the alert rule, first lead in days]
      ['departure_update', 'R17', 'departure_update', 2],
      ['monthly_update:2027-02', 'R17', 'monthly_update', 5],
      ['paper_expiry:orientation_certificate', 'R19', 'orientation_expiry', 42],
      ['paper_expiry:visa', 'PAPERS', 'visa_expiry', 42],
      ['paper_expiry:health_certificate', 'PAPERS', 'health_expiry', 42],
      ['fund_contribution', 'R13', 'fund_contribution', 7],
      ['liquidation', 'R20', 'liquidation', 60],
      ['deposit_refund', 'R11', 'deposit_refund', 5],
      ['eps_deposit', 'R14', 'eps_deposit', 10],
    ];
    for (const [kind, ruleId, alertRule, lead] of cases) {
      await rows('DELETE FROM notifications; DELETE FROM alerts; DELETE FROM obligations');
      await obligation(c, kind, ruleId, due, scope);
      const first = addDays(due, -lead);
      await scanAlerts(addDays(first, -1));
      expect(await alertsOf(alertRule), `${alertRule} the day before`).to.have.length(0);
      await scanAlerts(first);
      expect(
        (await alertsOf(alertRule)).map((a) => a.stage),
        `${alertRule} on its lead`,
      ).to.deep.equal([1]);
      await scanAlerts(due);
      expect((await alertsOf(alertRule))[0].stage, `${alertRule} on the due date`).to.be.below(10);
      await scanAlerts(addDays(due, 1));
      expect((await alertsOf(alertRule))[0].stage, `${alertRule} the day after`).to.equal(10);
    }
    // the worker's residence notice (R21) goes to the worker and her commune's officers, never escalates
    await rows('DELETE FROM notifications; DELETE FROM alerts; DELETE FROM obligations');
    const commune = await makeUser('commune_officer');
    const elsewhere = await makeUser('commune_officer', { communeCode: '00004', provinceCode: '01' });
    await obligation(c, 'residence_notice', 'R21', due, { ...scope, whoseMove: 'worker' });
    await scanAlerts(addDays(due, -5));
    expect(await inboxOf(commune.user.id)).to.have.length(1);
    expect(await inboxOf(elsewhere.user.id)).to.have.length(0);
    expect(await inboxOf(staff.user.id)).to.have.length(0);
    await scanAlerts(addDays(due, 30));
    expect((await alertsOf('residence_notice'))[0].stage).to.equal(10);
  });

  it('R20: liquidation alerts count the registered-mail notices sent', async () => {
    const { staff, caseId } = await agencyWithCase();
    await rows("INSERT INTO case_notices (case_id, sent_on, postal_receipt_number) VALUES ($1, '2027-01-10', 'RR1')", [
      caseId,
    ]);
    await obligation({ type: 'case', id: caseId }, 'liquidation', 'R20', '2027-03-31', {
      agencyId: staff.user.agencyId!,
    });
    await scanAlerts('2027-01-30');
    const [n] = await inboxOf(staff.user.id);
    expect(n.body).to.contain('Đã gửi 1 thông báo bằng thư bảo đảm.');
  });

  it('labour contracts ending: told 90 and 30 days ahead, closed once the contract has ended (no overdue)', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await rows(
      `UPDATE cases SET state = 'departed', selected_on = '2024-03-01', departed_on = '2024-07-01',
              labour_contract_end_on = '2027-06-30' WHERE id = $1`,
      [caseId],
    );
    await scanAlerts('2027-03-31');
    expect(await alertsOf('contract_end')).to.have.length(0);
    await scanAlerts('2027-04-01');
    expect((await alertsOf('contract_end')).map((a) => [a.stage, a.severity])).to.deep.equal([[1, 'info']]);
    await scanAlerts('2027-05-30');
    expect((await alertsOf('contract_end'))[0].stage).to.equal(1);
    await scanAlerts('2027-05-31');
    expect((await alertsOf('contract_end'))[0].stage).to.equal(2);
    expect((await inboxOf(staff.user.id)).map((n) => n.title)).to.deep.equal([
      'Sắp đến hạn: Hợp đồng lao động kết thúc',
      'Sắp đến hạn: Hợp đồng lao động kết thúc',
    ]);
    expect(await workerInbox(worker.id)).to.have.length(2);
    await scanAlerts('2027-06-30');
    expect((await alertsOf('contract_end'))[0].status).to.equal('open');
    await scanAlerts('2027-07-01');
    expect((await alertsOf('contract_end'))[0]).to.include({ status: 'resolved', resolution: 'cleared', stage: 2 });
  });

  it('a province budget: exactly 90% committed is no alert, 1 đồng more is; released below, it closes', async () => {
    const province = await makeUser('province_officer');
    const elsewhere = await makeUser('province_officer', { provinceCode: '01' });
    const admin = await makeUser('admin');
    await budget(1_000_000_000);
    await rows('UPDATE grant_budgets SET committed_vnd = 800000000, paid_vnd = 100000000');
    expect((await scanAlerts('2026-11-27')).created).to.equal(0);
    await rows('UPDATE grant_budgets SET committed_vnd = 800000001');
    expect((await scanAlerts('2026-11-27')).created).to.equal(1);
    const [n] = await inboxOf(province.user.id);
    expect(n.title).to.equal('Cảnh báo: Dự toán hỗ trợ của tỉnh đã cam kết trên 90%');
    expect(n.body).to.equal('Đã cam kết 90,0% dự toán năm 2026.');
    expect(n.link).to.equal('/grants/budgets/picture');
    expect(await inboxOf(admin.user.id)).to.have.length(1);
    expect(await inboxOf(elsewhere.user.id)).to.have.length(0);
    await rows('UPDATE grant_budgets SET committed_vnd = 799999999');
    expect((await scanAlerts('2026-11-28')).resolved).to.equal(1);
  });

  it('an agency licence: told 90 and 30 days before it expires (the agency and the admins), overdue once expired', async () => {
    const agency = await makeAgency({ licenceExpiresOn: '2027-03-01' } as never);
    const staff = await makeUser('agency_staff', { agencyId: agency.id });
    const admin = await makeUser('admin');
    await scanAlerts('2026-11-30');
    expect(await alertsOf('agency_licence')).to.have.length(0);
    await scanAlerts('2026-12-01');
    expect((await alertsOf('agency_licence')).map((a) => a.stage)).to.deep.equal([1]);
    const [n] = await inboxOf(staff.user.id);
    expect(n.body).to.contain(agency.name).and.to.contain('Hạn: 01/03/2027');
    expect(n.link).to.equal(`/agencies/${agency.id}`);
    expect(await inboxOf(admin.user.id)).to.have.length(1);
    await scanAlerts('2027-03-02');
    expect((await alertsOf('agency_licence'))[0]).to.include({ stage: 10, severity: 'critical' });
  });
});
