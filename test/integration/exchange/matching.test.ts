// Matching that explains itself: a worked example with the house points of the table, a hard failure ranked
// last with its reason shown, ties broken by certified programme groups and never by declared ones, and the SQL's
// ranking held to the pure rules' points.
import request from 'supertest';
import { expect } from 'chai';
import { testApp } from '../../helpers/app';
import { makeUser, type TestUser } from '../../helpers/factories';
import { makeVacancy, registerSeeker } from '../../helpers/exchange';
import { sequelize } from '../../../server/db/sequelize';
import { matchOf, DEFAULT_WEIGHTS } from '../../../server/modules/exchange/exchange.rules';
import {
  outsideBound,
  rankSeekers,
  rankVacancies,
  seekerRow,
  vacancyRow,
} from '../../../server/modules/exchange/exchange.matching';

const app = testApp();

interface Row {
  jobSeekerId: number;
  score: number;
  hardOk: boolean;
  hard: { key: string; ok: boolean; text: string; ruleId: string }[];
  reasons: { key: string; points: number }[];
  certifiedRank: number;
}

async function matches(staff: TestUser, vacancyId: number): Promise<Row[]> {
  const res = await request(app).get(`/api/v1/vacancies/${vacancyId}/matches`).set(staff.auth);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.data as Row[];
}

describe('job exchange: matching with reasons (issue 21)', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('centre_staff');
  });

  it('a worked example: the points of each reason from the table, passes first, a hard failure last with its reason', async () => {
    // the vacancy: 9311 in commune 14758 (Thanh Hóa), monthly band 2, names ethnic minorities, lower secondary needed
    const v = await makeVacancy(app, staff, { priorityGroups: ['ethnic_minority'], deadline: '2026-12-31' });
    // A: same level-4 code (40), commune 1 (20), wage fits (10), experience (5), available now (5), group named (5) = 85
    const a = await registerSeeker(app, staff, { experience: 'y1_2', priorityGroups: ['ethnic_minority'] });
    // B: level-3 group 931 (30), commune 2 (15); wants band 3 (no wage points), no experience, available in a month = 45
    const b = await registerSeeker(app, staff, {
      occupationCode: '9312',
      province1: '40',
      commune1: '16702',
      province2: '38',
      commune2: '14758',
      wageBand: 3,
      availableAfterMonths: 1,
    });
    // C: level-2 group 93 (20), province 1 only (12), negotiable wage fits any band (10), available now (5) = 47
    const c = await registerSeeker(app, staff, {
      occupationCode: '9321',
      commune1: null,
      wageKind: 'negotiable',
      wageBand: undefined,
    });
    // D: like A (85 points) but only primary school: fails the education requirement
    const d = await registerSeeker(app, staff, {
      experience: 'y1_2',
      priorityGroups: ['ethnic_minority'],
      generalEducation: 'primary',
    });
    // E: another group (94) in another province: not a candidate at all
    const e = await registerSeeker(app, staff, { occupationCode: '9411', province1: '40', commune1: null });

    const rows = await matches(staff, v.id);
    expect(rows.map((r) => r.jobSeekerId)).to.deep.equal([a.id, c.id, b.id, d.id]);
    expect(rows.map((r) => r.jobSeekerId)).to.not.include(e.id);
    expect(rows.map((r) => r.score)).to.deep.equal([85, 47, 45, 85]);
    const points = (r: Row) => Object.fromEntries(r.reasons.map((x) => [x.key, x.points]));
    expect(points(rows[0])).to.deep.equal({
      occupation_l4: 40,
      workplace_commune_1: 20,
      wage: 10,
      experience: 5,
      available_now: 5,
      priority_group: 5,
    });
    expect(points(rows[2])).to.deep.equal({ occupation_l3: 30, workplace_commune_2: 15 });
    expect(points(rows[1])).to.deep.equal({ occupation_l2: 20, workplace_province_1: 12, wage: 10, available_now: 5 });
    // the failure is shown, in words, with its rule
    expect(rows[3].hardOk).to.equal(false);
    const failed = rows[3].hard.filter((h) => !h.ok);
    expect(failed.map((h) => h.key)).to.deep.equal(['general_education']);
    expect(failed[0].text).to.match(/trung học cơ sở/);
    expect(rows.slice(0, 3).every((r) => r.hardOk)).to.equal(true);
    // the ranking statement computed the same points as the rule, row by row
    for (const r of await rankSeekers((await vacancyRow(v.id))!, '2026-11-27'))
      expect(r.sqlScore, `seeker ${r.row.id}`).to.equal(r.match.score);
  });

  it('the candidate set is the level-2 group in the province or the level-3 group anywhere; failures are fetched only when fewer than the limit pass', async () => {
    const v = await makeVacancy(app, staff); // 9311 in Thanh Hóa (38), lower secondary
    const a = await registerSeeker(app, staff); // 40 + 20 + 10 + 5 = 75
    const c = await registerSeeker(app, staff, { occupationCode: '9321', commune1: null }); // 20 + 12 + 10 + 5 = 47
    // the same level-3 group, wanting to work only in Hà Tĩnh (40): a candidate, 30 + 10 + 5 = 45
    const x = await registerSeeker(app, staff, { occupationCode: '9312', province1: '40', commune1: null });
    // the same level-2 group only, in Hà Tĩnh: not a candidate
    const y = await registerSeeker(app, staff, { occupationCode: '9321', province1: '40', commune1: null });
    // 75 points but only primary school: a hard failure
    const f = await registerSeeker(app, staff, { generalEducation: 'primary' });
    const row = (await vacancyRow(v.id))!;
    const top3 = await rankSeekers(row, '2026-11-27', 3);
    expect(top3.map((r) => Number(r.row.id))).to.deep.equal([a.id, c.id, x.id]);
    expect(top3.every((r) => r.match.hardOk)).to.equal(true);
    const all = await rankSeekers(row, '2026-11-27', 10);
    expect(all.map((r) => Number(r.row.id))).to.deep.equal([a.id, c.id, x.id, f.id]);
    expect(all.map((r) => r.sqlScore)).to.deep.equal([75, 47, 45, 75]);
    expect(all[3].match.hardOk).to.equal(false);
    expect(all.map((r) => Number(r.row.id))).to.not.include(y.id);
    // the limit holds across both statements
    expect((await rankSeekers(row, '2026-11-27', 2)).map((r) => Number(r.row.id))).to.deep.equal([a.id, c.id]);
  });

  it('the level-3 group elsewhere scores at most the bound, and is still read when a tie at the bound could rank it', async () => {
    // no workplace points outside her two provinces: 40 + 10 + 5 + 5 + 5 = 65 at most for a level-4 code naming a
    // group; 30 + 10 + 5 + 5 = 50 for a level-3 code naming none
    expect(outsideBound(DEFAULT_WEIGHTS, '9311', ['ethnic_minority'])).to.equal(65);
    expect(outsideBound(DEFAULT_WEIGHTS, '931', [])).to.equal(50);
    const v = await makeVacancy(app, staff, { priorityGroups: ['ethnic_minority'] }); // 9311 in commune 14758 (38)
    // in the province: level 3 (30) + commune 1 (20) + wage (10) + available (5) = 65, the bound exactly
    const inside = await registerSeeker(app, staff, { occupationCode: '9312' });
    // in Hà Tĩnh only: level 4 (40) + wage (10) + experience (5) + available (5) + group (5) = 65, certified poor
    const outside = await registerSeeker(app, staff, {
      province1: '40',
      commune1: null,
      experience: 'y1_2',
      priorityGroups: ['ethnic_minority'],
    });
    await sequelize().query(
      "UPDATE workers SET household_status = 'poor', household_status_year = 2026 WHERE id = $1",
      { bind: [outside.workerId] },
    );
    const row = (await vacancyRow(v.id))!;
    // one place asked for: the province's 65 does not beat the bound, so the tie goes to the certified poor worker
    const top1 = await rankSeekers(row, '2026-11-27', 1);
    expect(top1.map((r) => Number(r.row.id))).to.deep.equal([outside.id]);
    expect(top1.map((r) => r.sqlScore)).to.deep.equal([65]);
    // one point more in the province (experience: 70) beats every job seeker elsewhere
    await sequelize().query("UPDATE job_seekers SET experience = 'y1_2' WHERE id = $1", { bind: [inside.id] });
    expect((await rankSeekers(row, '2026-11-27', 1)).map((r) => Number(r.row.id))).to.deep.equal([inside.id]);
    expect((await rankSeekers(row, '2026-11-27', 2)).map((r) => Number(r.row.id))).to.deep.equal([
      inside.id,
      outside.id,
    ]);
  });

  it('the vacancies elsewhere are still read when a tie at the bound or a failure in her provinces could rank them', async () => {
    const s = await registerSeeker(app, staff, { experience: 'y1_2', priorityGroups: ['ethnic_minority'] });
    // in her commune: level 2 (20) + commune 1 (20) + wage (10) + experience (5) + available (5) + group (5) = 65
    const near = await makeVacancy(app, staff, {
      occupationCode: '9321',
      priorityGroups: ['ethnic_minority'],
      deadline: '2026-12-31',
    });
    // in Hà Tĩnh: level 4 (40) + wage + experience + available + group = 65, with the nearer deadline
    const far = await makeVacancy(app, staff, {
      provinceCode: '40',
      communeCode: '16702',
      priorityGroups: ['ethnic_minority'],
      deadline: '2026-12-20',
    });
    const row = (await seekerRow(s.id))!;
    const top1 = await rankVacancies(row, '2026-11-27', 1);
    expect(top1.map((r) => Number(r.row.id))).to.deep.equal([far.id]);
    expect(top1.map((r) => r.sqlScore)).to.deep.equal([65]);
    // the one in her commune past its deadline (E5): 85 points but a failure, below the pass elsewhere
    await sequelize().query(
      "UPDATE vacancies SET occupation_code = '9311', deadline = '2026-11-26', opened_on = '2026-11-20' WHERE id = $1",
      { bind: [near.id] },
    );
    const ranked = await rankVacancies(row, '2026-11-27', 1);
    expect(ranked.map((r) => Number(r.row.id))).to.deep.equal([far.id]);
    expect(ranked[0].match.hardOk).to.equal(true);
    const both = await rankVacancies(row, '2026-11-27', 2);
    expect(both.map((r) => [Number(r.row.id), r.sqlScore, r.match.hardOk])).to.deep.equal([
      [far.id, 65, true],
      [near.id, 85, false],
    ]);
  });

  it('every kind of vacancy and job seeker (code at level 2, 3 or 4; wage by band, day or negotiable; languages; groups) ranks on the rule’s own points', async () => {
    const on = '2026-11-27';
    const people = [
      await registerSeeker(app, staff), // 9311 in commune 14758 (Thanh Hóa), band 2
      await registerSeeker(app, staff, {
        occupationCode: '9312',
        province1: '40',
        commune1: '16702',
        province2: '38',
        commune2: '14758',
        languages: [{ code: 'ja', level: 'basic' }],
        priorityGroups: ['ethnic_minority'],
        experience: 'y1_2',
      }),
      await registerSeeker(app, staff, { occupationCode: '932', province1: '40', commune1: null }),
      await registerSeeker(app, staff, {
        occupationCode: '9321',
        commune1: null,
        wageKind: 'negotiable',
        wageBand: undefined,
        availableAfterMonths: 2,
      }),
      await registerSeeker(app, staff, { occupationCode: '93', province1: '40', commune1: null, province2: '38' }),
      await registerSeeker(app, staff, { occupationCode: '9311', province1: '40', commune1: null, wageBand: 4 }),
      await registerSeeker(app, staff, { generalEducation: 'primary' }), // fails the education asked
    ];
    const vacancies = [
      await makeVacancy(app, staff, { occupationCode: '93', wageKind: 'negotiable', wageBand: undefined }),
      await makeVacancy(app, staff, {
        occupationCode: '931',
        wageBand: 3,
        languagesRequired: ['ja'],
        priorityGroups: ['ethnic_minority'],
      }),
      await makeVacancy(app, staff, {
        occupationCode: '9312',
        provinceCode: '40',
        communeCode: '16702',
        wageKind: 'daily',
        wageBand: undefined,
        wageAmountVnd: 300_000,
      }),
      await makeVacancy(app, staff, { occupationCode: '9311', priorityGroups: ['ethnic_minority'] }),
    ];
    let shown = 0;
    for (const v of vacancies) {
      const row = (await vacancyRow(v.id))!;
      for (const limit of [1, 3, 20]) {
        const ranked = await rankSeekers(row, on, limit);
        expect(ranked.length, `vacancy ${row.occupation_code}, limit ${limit}`).to.be.within(1, limit);
        for (const r of ranked) {
          expect(r.sqlScore, `vacancy ${row.occupation_code}, job seeker ${r.row.id}`).to.equal(r.match.score);
          expect((r.row as unknown as { hard_ok: boolean }).hard_ok).to.equal(r.match.hardOk);
        }
        // passes before failures, points in order among each
        const keys = ranked.map((r) => [r.match.hardOk ? 0 : 1, -r.sqlScore]);
        expect(keys).to.deep.equal([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
        shown += ranked.length;
      }
    }
    expect(shown).to.be.greaterThan(vacancies.length * 3);
    // and the other way: every kind of job seeker over these vacancies and one asking an intermediate level
    vacancies.push(await makeVacancy(app, staff, { occupationCode: '9321', technicalLevel: 'intermediate' }));
    shown = 0;
    for (const person of people) {
      const row = (await seekerRow(person.id))!;
      for (const limit of [1, 3, 20]) {
        const ranked = await rankVacancies(row, on, limit);
        for (const r of ranked) {
          expect(r.sqlScore, `job seeker ${row.occupation_code}, vacancy ${r.row.id}`).to.equal(r.match.score);
          expect((r.row as unknown as { hard_ok: boolean }).hard_ok).to.equal(r.match.hardOk);
        }
        const keys = ranked.map((r) => [r.match.hardOk ? 0 : 1, -r.sqlScore]);
        expect(keys).to.deep.equal([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
        shown += ranked.length;
      }
    }
    expect(shown).to.be.greaterThan(people.length * 3);
  });

  it('the house points are settings: an admin changes one and the ranking follows at once', async () => {
    const admin = await makeUser('admin');
    const v = await makeVacancy(app, staff);
    const near = await registerSeeker(app, staff, { occupationCode: '9312' }); // 30 + 20 + 10 + 5 = 65
    const same = await registerSeeker(app, staff, { occupationCode: '9311', commune1: null }); // 40 + 12 + 10 + 5 = 67
    expect((await matches(staff, v.id)).map((r) => r.jobSeekerId)).to.deep.equal([same.id, near.id]);
    const set = await request(app).patch('/api/v1/matching-weights').set(admin.auth).send({ workplace_commune_1: 30 });
    expect(set.status).to.equal(200);
    try {
      const rows = await matches(staff, v.id);
      expect(rows.map((r) => r.jobSeekerId)).to.deep.equal([near.id, same.id]);
      expect(rows[0].score).to.equal(75);
      // not law: staff cannot change them
      expect((await request(app).patch('/api/v1/matching-weights').set(staff.auth).send({ wage: 1 })).status).to.equal(
        403,
      );
    } finally {
      await request(app).patch('/api/v1/matching-weights').set(admin.auth).send({ workplace_commune_1: 20 });
    }
  });

  it('ties go to certified programme groups (poor > near-poor > eligible area > none); a declared group never breaks a tie', async () => {
    const v = await makeVacancy(app, staff);
    // registered first: the lowest id would win an untied order
    const declared = await registerSeeker(app, staff, { priorityGroups: ['poor_household'] });
    const none = await registerSeeker(app, staff);
    const nearPoor = await registerSeeker(app, staff);
    const poor = await registerSeeker(app, staff);
    await sequelize().query(
      "UPDATE workers SET household_status = 'near_poor', household_status_year = 2026 WHERE id = $1",
      { bind: [nearPoor.workerId] },
    );
    await sequelize().query(
      "UPDATE workers SET household_status = 'poor', household_status_year = 2026 WHERE id = $1",
      {
        bind: [poor.workerId],
      },
    );
    // a status certified for an earlier year is not this year's certification
    await sequelize().query(
      "UPDATE workers SET household_status = 'poor', household_status_year = 2024 WHERE id = $1",
      {
        bind: [none.workerId],
      },
    );
    const rows = await matches(staff, v.id);
    expect(new Set(rows.map((r) => r.score)).size, 'all tied').to.equal(1);
    expect(rows.map((r) => r.jobSeekerId)).to.deep.equal([poor.id, nearPoor.id, declared.id, none.id]);
    expect(rows.map((r) => r.certifiedRank)).to.deep.equal([1, 2, 5, 5]);
  });

  it("the SQL's points equal the pure rule's for every candidate shown", async () => {
    const v = await makeVacancy(app, staff, { wageKind: 'daily', wageBand: undefined, wageAmountVnd: 300_000 });
    // 300.000 ₫ a day × 26 = 7,8 million: band 2; an hourly 50.000 ₫ × 208 = 10,4 million: band 3 (too much)
    const fits = await registerSeeker(app, staff, { wageBand: 2 });
    const hourly = await registerSeeker(app, staff, { wageKind: 'hourly', wageBand: undefined, wageAmountVnd: 50_000 });
    const rows = await matches(staff, v.id);
    const byId = new Map(rows.map((r) => [r.jobSeekerId, r]));
    expect(byId.get(fits.id)!.reasons.map((r) => r.key)).to.include('wage');
    expect(byId.get(hourly.id)!.reasons.map((r) => r.key)).to.not.include('wage');
    for (const r of rows) expect(r.score).to.equal(r.reasons.reduce((s, x) => s + x.points, 0));
    // the ranking statement's own points, row by row, equal the rule's
    const ranked = await rankSeekers((await vacancyRow(v.id))!, '2026-11-27');
    expect(ranked).to.have.length(2);
    for (const r of ranked) expect(r.sqlScore, `seeker ${r.row.id}`).to.equal(r.match.score);
    // and the pure rule says the same of a daily wage against an hourly one
    const m = matchOf(
      {
        occupationCode: '9311',
        province1: '38',
        commune1: null,
        province2: null,
        commune2: null,
        wageCode: 3,
        experience: 'none',
        availableFrom: '2026-11-27',
        priorityGroups: [],
        languageCodes: [],
        generalEducation: 'upper_secondary',
        technicalLevel: null,
      },
      {
        state: 'open',
        numberToHire: 1,
        hiredCount: 0,
        deadline: '2026-12-31',
        occupationCode: '9311',
        provinceCode: '38',
        communeCode: '14758',
        wageCode: 2,
        generalEducation: 'none',
        technicalLevel: 'untrained',
        languagesRequired: [],
        priorityGroups: [],
      },
      DEFAULT_WEIGHTS,
      '2026-11-27',
    );
    expect(m.score).to.equal(40 + 12 + 5);
    expect(m.hardOk).to.equal(true);
  });

  it('the vacancies for a job seeker: a full or past-deadline vacancy ranks below open ones, with E5 shown', async () => {
    const s = await registerSeeker(app, staff);
    const open = await makeVacancy(app, staff, { deadline: '2026-12-31' });
    const soon = await makeVacancy(app, staff, { deadline: '2026-11-28', occupationCode: '9312' });
    await sequelize().query("UPDATE vacancies SET deadline = '2026-11-26', opened_on = '2026-11-20' WHERE id = $1", {
      bind: [soon.id],
    });
    const res = await request(app).get(`/api/v1/job-seekers/${s.id}/matches`).set(staff.auth);
    const ids = res.body.data.map((m: { vacancyId: number }) => m.vacancyId);
    expect(ids).to.deep.equal([open.id, soon.id]);
    const late = res.body.data[1];
    expect(late.hardOk).to.equal(false);
    expect(late.hard.find((h: { key: string }) => h.key === 'deadline')).to.deep.include({ ok: false, ruleId: 'E5' });
  });
});
