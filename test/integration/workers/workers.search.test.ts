// Name search (issue 4): every word of q begins a word of the folded name; results in byte order of the folded
// name, then id. The admin plan (worker_name_words streams) and the scoped plan (the scope's own index) are both
// checked against a plain reference computed here, over a registry with shared prefixes, repeated words and
// names whose first word matches and names where only a later word does.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeAgency, makeUser } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { fold } from '../../../server/shared/text';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Thân', 'Thái', 'Ngô', 'Nguyên'];
const MIDDLES = ['Văn', 'Thị', 'Thu', 'Ngọc', 'Thị Thu', 'Văn Nguyễn'];
const GIVEN = ['Hằng', 'Hùng', 'Hưng', 'Nguyên', 'Thu', 'Ngân', 'Trâm', 'An', 'Tân'];

interface Person {
  id: number;
  fullName: string;
  folded: string;
  householdStatus: string;
}

/** 140 workers, deterministic, ids in insertion order (some names repeat: the id breaks the tie). */
async function registry(agencyId: number | null): Promise<Person[]> {
  const people: { fullName: string; household: string }[] = [];
  for (let i = 0; i < 140; i += 1) {
    const fullName = `${SURNAMES[i % SURNAMES.length]} ${MIDDLES[(i * 5) % MIDDLES.length]} ${GIVEN[(i * 3 + Math.floor(i / 7)) % GIVEN.length]}`;
    people.push({ fullName, household: i % 4 === 0 ? 'poor' : 'none' });
  }
  const values = people.map(
    (p, i) =>
      `('${p.fullName}', '${fold(p.fullName)}', '1990-01-01', 'male', '0380900${String(i).padStart(5, '0')}', '${p.household}', ${p.household === 'poor' ? 2025 : 'NULL'})`,
  );
  const inserted =
    await rows(`INSERT INTO workers (full_name, full_name_folded, date_of_birth, sex, cccd, household_status, household_status_year)
    VALUES ${values.join(', ')} RETURNING id, full_name, full_name_folded, household_status`);
  if (agencyId) {
    await sequelize()
      .query(`INSERT INTO worker_agency_links (worker_id, agency_id, since, consent_date, purposes, evidence)
      SELECT id, ${agencyId}, '2026-11-01', '2026-11-01', '{recruitment}', 'Phiếu đồng ý' FROM workers`);
  }
  return inserted.map((r) => ({
    id: Number(r.id),
    fullName: String(r.full_name),
    folded: String(r.full_name_folded),
    householdStatus: String(r.household_status),
  }));
}

/** The rule itself, in plain code: every word of q begins some word of the name; byte order of the folded name, then id. */
function expected(people: Person[], q: string, household?: string): number[] {
  const words = fold(q).split(' ').filter(Boolean);
  return people
    .filter(
      (p) =>
        words.every((w) => p.folded.split(' ').some((nw) => nw.startsWith(w))) &&
        (!household || p.householdStatus === household),
    )
    .sort((a, b) => (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : a.id - b.id))
    .map((p) => p.id);
}

const QUERIES = [
  'nguyen',
  'Nguyễn',
  'nguy',
  'ng',
  'th',
  'thu',
  'thi thu',
  'thu thi',
  'tran van hung',
  'hung tran',
  'van nguyen',
  'nguyen nguyen',
  'n t',
  'tan',
  'an',
  'hu',
  'le thi',
  'xyz',
  'nguyen xyz',
  'than thu tram',
  't',
];

async function listAll(auth: Record<string, string>, q: string, extra: Record<string, string> = {}) {
  const ids: number[] = [];
  let total = -1;
  for (let page = 1; page <= 20; page += 1) {
    const res = await request(testApp())
      .get('/api/v1/workers')
      .query({ q, pageSize: 7, page, ...extra })
      .set(auth)
      .expect(200);
    total = res.body.page.total;
    ids.push(...res.body.data.map((w: { id: number }) => w.id));
    if (res.body.data.length < 7) break;
  }
  return { ids, total };
}

describe('worker name search', () => {
  it('when an admin searches the whole registry, then every page, in order, and the total match the rule', async () => {
    const { auth } = await makeUser('admin');
    const people = await registry(null);
    for (const q of QUERIES) {
      const want = expected(people, q);
      const got = await listAll(auth, q);
      expect(got.ids, `q=${q}`).to.deep.equal(want);
      expect(got.total, `total for q=${q}`).to.equal(want.length);
    }
    const poor = await listAll(auth, 'nguyen', { householdStatus: 'poor' });
    expect(poor.ids).to.deep.equal(expected(people, 'nguyen', 'poor'));
  });

  it('when agency staff search their own workers, then the scoped plan gives the same answers', async () => {
    const agency = await makeAgency();
    const { auth } = await makeUser('agency_staff', { agencyId: agency.id });
    const people = await registry(agency.id);
    for (const q of QUERIES) {
      const got = await listAll(auth, q);
      expect(got.ids, `q=${q}`).to.deep.equal(expected(people, q));
    }
  });

  it('when a name is corrected, then the search finds the new name and no longer the old one', async () => {
    const { auth } = await makeUser('admin');
    const [w] = await rows(`INSERT INTO workers (full_name, full_name_folded, date_of_birth, sex, cccd)
      VALUES ('Phạm Văn Khải', 'pham van khai', '1990-01-01', 'male', '038090000001') RETURNING id`);
    const find = async (q: string) =>
      (await request(testApp()).get('/api/v1/workers').query({ q }).set(auth).expect(200)).body.data.map(
        (x: { id: number }) => x.id,
      );
    expect(await find('khai')).to.deep.equal([Number(w!.id)]);
    await request(testApp())
      .patch(`/api/v1/workers/${w!.id}`)
      .set(auth)
      .send({ fullName: 'Phạm Văn Khánh' })
      .expect(200);
    expect(await find('khai')).to.deep.equal([]);
    expect(await find('pham khanh')).to.deep.equal([Number(w!.id)]);
    const words = await rows('SELECT word FROM worker_name_words WHERE worker_id = $1 ORDER BY word', [w!.id]);
    expect(words.map((r) => r.word)).to.deep.equal(['khanh', 'pham', 'van']);
    await sequelize().query('DELETE FROM workers WHERE id = $1', { bind: [w!.id] });
    expect(await rows('SELECT 1 FROM worker_name_words WHERE worker_id = $1', [w!.id])).to.have.length(0);
  });
});
