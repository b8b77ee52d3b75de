// The sessions' demo (issue 22): at the Thanh Hóa centre, one session two weeks ago (held: a booth, four people
// registered and checked in, counselling, interviews, a pre-selection, an overseas registration and an introduction
// that became a hire) and one next week with its booth and registrations (the portal's demo worker among them, her
// ticket in "Phiên giao dịch"). Through the real services; idempotent: a restart changes nothing.
import { User, toActor } from '../../server/modules/users';
import { select } from '../../server/db/sql';
import { addDays } from '../../server/shared/dates';
import { today } from '../../server/shared/clock';
import { getReferral, transitionReferral } from '../../server/modules/exchange';
import {
  addBooth,
  checkIn,
  createSession,
  moveSession,
  recordActivity,
  registerByStaff,
  recordCounselling,
} from '../../server/modules/sessions';

export async function seedSessions(): Promise<void> {
  const staff = await User.findOne({ where: { username: 'centre' } });
  if (!staff?.agencyId) return;
  const [done] = await select<{ n: string }>('SELECT count(*) AS n FROM exchange_sessions WHERE centre_id = $1', [
    staff.agencyId,
  ]);
  if (Number(done.n) > 0) return;
  const actor = toActor(staff);
  const seekers = await select<{ id: string }>(
    "SELECT id FROM exchange_seeker_directory WHERE centre_id = $1 AND status = 'active' ORDER BY id",
    [staff.agencyId],
  );
  const [employer] = await select<{ id: string }>(
    'SELECT id FROM exchange_employer_directory WHERE centre_id = $1 ORDER BY id LIMIT 1',
    [staff.agencyId],
  );
  if (!employer || seekers.length < 4) return;
  const vacancies = await select<{ id: string }>(
    "SELECT id FROM exchange_vacancy_directory WHERE employer_id = $1 AND state = 'open' ORDER BY id",
    [employer.id],
  );

  // two weeks ago: held, with what was recorded
  const past = await createSession(actor, {
    name: 'Phiên giao dịch việc làm định kỳ tháng này',
    heldOn: addDays(today(), -14),
    startsAt: '07:30',
    endsAt: '11:30',
    kind: 'fixed',
    venue: 'Trung tâm Dịch vụ việc làm Thanh Hóa, số 23 Hạc Thành',
  });
  const pastBooth = await addBooth(actor, past.id, {
    employerId: Number(employer.id),
    vacancyIds: vacancies.map((v) => Number(v.id)),
    jobOrderIds: [],
    boothLabel: '1',
    demandInProvince: 25,
    demandOutOfProvince: 5,
    demandAbroad: 0,
  });
  const regs = [];
  for (const s of seekers.slice(1, 5)) regs.push(await registerByStaff(actor, past.id, { jobSeekerId: Number(s.id) }));
  for (const r of regs) await checkIn(actor, past.id, { registrationId: r.id });
  await recordActivity(actor, past.id, regs[0].id, { kind: 'counselling', topic: 'job' });
  await recordActivity(actor, past.id, regs[1].id, { kind: 'counselling', topic: 'policy' });
  await recordActivity(actor, past.id, regs[2].id, { kind: 'counselling', topic: 'overseas' });
  await recordActivity(actor, past.id, regs[0].id, { kind: 'interview', boothId: pastBooth.id });
  await recordActivity(actor, past.id, regs[1].id, { kind: 'interview', boothId: pastBooth.id });
  await recordActivity(actor, past.id, regs[0].id, { kind: 'preselection', boothId: pastBooth.id });
  await recordActivity(actor, past.id, regs[2].id, {
    kind: 'overseas_registration',
    note: 'Nhật Bản, chế biến thực phẩm',
  });
  // the hire ends one person's search: never the Thanh Hóa weaver (group 932) whom the Nghệ An centre's demo
  // vacancy shows anonymised
  const weavers = new Set(
    (await select<{ id: string }>("SELECT id FROM job_seekers WHERE occupation_code LIKE '932%'")).map((r) => r.id),
  );
  const hired = regs.find((_r, i) => !weavers.has(seekers[i + 1].id)) ?? regs[0];
  if (vacancies.length) {
    const intro = await recordActivity(actor, past.id, hired.id, {
      kind: 'introduction',
      vacancyId: Number(vacancies[0].id),
      origin: 'employer',
    });
    if ('referralId' in intro) {
      // the contract came later: it still counts for the session
      await transitionReferral(actor, intro.referralId, {
        action: 'hire',
        input: {
          contractType: 'fixed_term',
          signedOn: today(),
          startOn: addDays(today(), 3),
          contractEndOn: addDays(today(), 368),
          position: 'Công nhân may',
          wageCode: 2,
          notifiedOn: today(),
        },
        expectedVersion: (await getReferral(actor, intro.referralId)).version,
      });
    }
  }
  await moveSession(actor, past.id, 'held', { expectedVersion: past.version });
  await recordCounselling(actor, {
    subject: 'employer',
    employerId: Number(employer.id),
    topic: 'policy',
    counselledOn: addDays(today(), -3),
    note: 'Chính sách hỗ trợ tuyển lao động là người dân tộc thiểu số',
  });

  // next week: planned, with its booth and registrations (the demo worker Lò Thị Mai among them)
  const next = await createSession(actor, {
    name: 'Phiên giao dịch việc làm lưu động xã Hồi Xuân',
    heldOn: addDays(today(), 7),
    startsAt: '08:00',
    endsAt: '11:00',
    kind: 'mobile',
    venue: 'Nhà văn hóa xã Hồi Xuân',
    communeCode: '14869',
  });
  await addBooth(actor, next.id, {
    employerId: Number(employer.id),
    vacancyIds: vacancies.map((v) => Number(v.id)),
    jobOrderIds: [],
    boothLabel: 'A',
    demandInProvince: 15,
    demandOutOfProvince: 0,
    demandAbroad: 0,
  });
  for (const s of [seekers[0], ...seekers.slice(-1)])
    await registerByStaff(actor, next.id, { jobSeekerId: Number(s.id) }).catch(() => undefined);
}
