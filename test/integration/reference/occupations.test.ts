// Occupation codes (Decision 34/2020/QĐ-TTg) as versioned reference data, and the sectors (VSIC 2018): the seed
// version every install has (levels 1–2), the import of a version from CSV (each problem named with its line,
// nothing written), one version in force at a time, accent-insensitive search, the API's permissions and the
// admin pages. These tables are never truncated between tests: each test names its versions uniquely, and what the
// file changes (the version in force, its imports) is put back after it.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';
import {
  activateOccupationVersion,
  activeOccupationVersion,
  checkOccupationCsv,
  importOccupationVersion,
  listSectors,
  occupationExists,
  occupationNames,
  searchOccupations,
} from '../../../server/modules/reference';
import { ConflictError, ValidationError, type FieldProblem } from '../../../server/shared/errors';
import { toActor } from '../../../server/modules/users';
import { SYNTHETIC_VERSION_NAME } from '../../../seeders/demo/occupations-synthetic';

const SEED_NAME = 'Quyết định 34/2020/QĐ-TTg – cấp 1 và 2';
const HEADER = 'code,level,name_vi,parent_code';

const rows = async <T>(sql: string, bind: unknown[] = []) => (await sequelize().query(sql, { bind }))[0] as T[];
const versionCount = async () =>
  Number((await rows<{ n: string }>('SELECT count(*) AS n FROM occupation_versions'))[0].n);
const versionNamed = async (name: string) =>
  (
    await rows<{
      id: string;
      status: string;
      code_count: number;
      max_level: number;
      imported_by_user_id: string | null;
    }>('SELECT id, status, code_count, max_level, imported_by_user_id FROM occupation_versions WHERE name = $1', [name])
  )[0];
const activeIds = async () =>
  (await rows<{ id: string }>("SELECT id FROM occupation_versions WHERE status = 'active'")).map((r) => Number(r.id));

let serial = 0;
/** A version name no run has used (these tables survive between tests and, with DATABASE_URL, between runs). */
const uniqueName = (what: string) => `Thử nghiệm ${what} ${process.pid}-${Date.now()}-${++serial}`;

/** A small valid file: levels 1–3 of group 7, with a level-4 code. */
const VALID = [
  HEADER,
  '7,1,Lao động thủ công và các nghề nghiệp có liên quan khác,',
  '72,2,"Thợ luyện kim, cơ khí và thợ có liên quan",7',
  '721,3,Thợ hàn và thợ cắt kim loại,72',
  '7212,4,Thợ hàn,721',
].join('\n');

describe('occupation codes (Decision 34/2020) and sectors', () => {
  let previousActive: number | null = null;
  let remembered = false;
  const created: string[] = [];

  // the version in force before this file ran, read after the root hooks (which may seed it again)
  beforeEach(async () => {
    if (remembered) return;
    previousActive = (await activeOccupationVersion())?.id ?? null;
    remembered = true;
  });

  after(async () => {
    // put back the version in force, then remove the versions this file imported (children before parents)
    if (previousActive !== null && (await activeOccupationVersion())?.id !== previousActive)
      await activateOccupationVersion(null, previousActive);
    const ids = (
      await rows<{ id: string }>("SELECT id FROM occupation_versions WHERE name = ANY($1) AND status <> 'active'", [
        created,
      ])
    ).map((r) => r.id);
    for (const level of [4, 3, 2, 1])
      await rows('DELETE FROM occupations WHERE version_id = ANY($1) AND level = $2', [ids, level]);
    await rows('DELETE FROM occupation_versions WHERE id = ANY($1)', [ids]);
  });

  const named = (what: string) => {
    const name = uniqueName(what);
    created.push(name);
    return name;
  };

  describe('the seed', () => {
    it('every install has the seed version: 10 level-1 and 48 level-2 codes, armed forces "0" over "01"–"03"', async () => {
      const v = await versionNamed(SEED_NAME);
      expect(v, 'seed version').to.not.equal(undefined);
      expect(v.code_count).to.equal(58);
      expect(v.max_level).to.equal(2);
      const [counts] = await rows<{ l1: string; l2: string; other: string }>(
        `SELECT count(*) FILTER (WHERE level = 1) AS l1, count(*) FILTER (WHERE level = 2) AS l2,
                count(*) FILTER (WHERE level > 2) AS other
         FROM occupations WHERE version_id = $1`,
        [v.id],
      );
      expect([Number(counts.l1), Number(counts.l2), Number(counts.other)]).to.deep.equal([10, 48, 0]);
      const armed = await rows<{ code: string; level: number; parent_code: string | null; name_vi: string }>(
        "SELECT code, level, parent_code, name_vi FROM occupations WHERE version_id = $1 AND code IN ('0', '01', '02', '03') ORDER BY code",
        [v.id],
      );
      expect(armed.map((r) => [r.code, r.level, r.parent_code])).to.deep.equal([
        ['0', 1, null],
        ['01', 2, '0'],
        ['02', 2, '0'],
        ['03', 2, '0'],
      ]);
      expect(armed[0].name_vi).to.equal('Lực lượng vũ trang');
    });

    it('tests run under the synthetic version: in force, flagged, with three level-3 and six level-4 codes per group', async () => {
      const active = await activeOccupationVersion();
      expect(active).to.deep.include({ name: SYNTHETIC_VERSION_NAME, synthetic: true });
      expect(await activeIds()).to.have.length(1);
      const [n] = await rows<{ l3: string; l4: string }>(
        'SELECT count(*) FILTER (WHERE level = 3) AS l3, count(*) FILTER (WHERE level = 4) AS l4 FROM occupations WHERE version_id = $1',
        [active!.id],
      );
      expect([Number(n.l3), Number(n.l4)]).to.deep.equal([48 * 3, 48 * 6]);
      expect(await occupationNames([{ versionId: active!.id, code: '721' }])).to.deep.equal(
        new Map([[`${active!.id}:721`, 'Thợ luyện kim, cơ khí và thợ có liên quan – nhóm giả lập 721']]),
      );
      expect((await versionNamed(SEED_NAME)).status).to.equal('retired');
    });

    it('the 21 sectors of VSIC 2018, A to U', async () => {
      const sectors = await listSectors();
      expect(sectors).to.have.length(21);
      expect(sectors[0]).to.deep.equal({ code: 'A', nameVi: 'Nông nghiệp, lâm nghiệp và thủy sản' });
      expect(sectors.at(-1)!.code).to.equal('U');
    });
  });

  describe('import', () => {
    const refused = async (csv: string) => {
      const admin = await makeUser('admin');
      const name = named('bị từ chối');
      const before = await versionCount();
      let error: unknown;
      try {
        await importOccupationVersion(toActor(admin.user), { name, source: 'Tệp thử nghiệm', csv });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect(await versionCount(), 'nothing written').to.equal(before);
      expect(await versionNamed(name)).to.equal(undefined);
      return (error as ValidationError).details as FieldProblem[];
    };

    it('(a) a parent that is not the code without its last digit, or not in the file, is refused on its line', async () => {
      const details = await refused(
        [
          HEADER,
          '2,1,Nhà chuyên môn bậc cao,',
          '21,2,Khoa học và kỹ thuật,2',
          '22,2,Sức khỏe,2',
          '211,3,Vật lý,22',
          '31,2,Kỹ thuật viên,3',
        ].join('\n'),
      );
      expect(details).to.deep.include({
        path: 'csv.line5',
        message: 'Dòng 5: mã cha của «211» phải là «21» (mã bỏ chữ số cuối), tệp ghi «22»',
      });
      expect(details).to.deep.include({
        path: 'csv.line6',
        message: 'Dòng 6: mã cha «3» của «31» không có trong tệp',
      });
      expect(details).to.have.length(2);
    });

    it('(b) a level-5 code is refused: levels 1–4 only', async () => {
      const details = await refused(
        [HEADER, '2,1,A,', '21,2,B,2', '211,3,C,21', '2111,4,D,211', '21110,5,E,2111'].join('\n'),
      );
      expect(details).to.have.length(1);
      expect(details[0].path).to.equal('csv.line6');
      expect(details[0].message).to.match(/^Dòng 6: .*«21110».*chỉ nhận cấp 1–4/);
    });

    it('(c) a duplicate code is refused, naming the first line', async () => {
      const details = await refused([HEADER, '2,1,A,', '21,2,B,2', '21,2,B lần nữa,2'].join('\n'));
      expect(details).to.deep.equal([{ path: 'csv.line4', message: 'Dòng 4: mã «21» trùng với dòng 3' }]);
    });

    it('(d) a code whose number of digits is not its level is refused', async () => {
      const details = await refused([HEADER, '2,1,A,', '21,2,B,2', '211,2,C,21'].join('\n'));
      expect(details).to.have.length(1);
      expect(details[0].path).to.equal('csv.line4');
      expect(details[0].message).to.contain('Dòng 4: mã «211» có 3 chữ số nhưng ghi cấp 2');
    });

    it('(e) a level-1 code with a parent is refused', async () => {
      const details = await refused([HEADER, '0,1,A,', '2,1,B,0'].join('\n'));
      expect(details).to.deep.equal([
        { path: 'csv.line3', message: 'Dòng 3: mã cấp 1 «2» không có mã cha (tệp ghi «0»)' },
      ]);
    });

    it('an empty file, a wrong header, an empty name and a non-digit code are problems too; lines count blank lines', () => {
      expect(checkOccupationCsv('').problems[0]).to.include({ line: 0 });
      expect(checkOccupationCsv('ma,cap,ten,cha\n1,1,A,\n').problems[0].message).to.match(/^Dòng 1: tiêu đề phải là/);
      expect(checkOccupationCsv(`${HEADER}\n`).problems[0].message).to.contain('không có dòng mã nghề');
      const { problems, rows: read } = checkOccupationCsv(`${HEADER}\n1,1,A,\n\n1a,2,B,1\n12,2,,1\n`);
      expect(problems.map((p) => [p.line, p.code])).to.deep.equal([
        [4, '1a'],
        [5, '12'],
      ]);
      expect(problems[0].message).to.contain('phải gồm các chữ số');
      expect(problems[1].message).to.contain('thiếu tên nghề');
      expect(read.map((r) => r.code)).to.deep.equal(['1']);
    });

    it('more than 20,000 rows are refused before anything else', () => {
      const lines = [HEADER, '1,1,A,'];
      for (let i = 0; i < 20_000; i += 1) lines.push(`1${i % 10},2,B,1`);
      const { problems } = checkOccupationCsv(lines.join('\n'));
      expect(problems).to.have.length(1);
      expect(problems[0].message).to.contain('tối đa 20.000 dòng');
    });

    it('a valid file becomes a draft version with its codes, names NFC and folded, audited; a name used twice is 409', async () => {
      const admin = await makeUser('admin');
      const name = named('hợp lệ');
      // decomposed Vietnamese (NFD, as some editors save it) is stored composed
      const v = await importOccupationVersion(toActor(admin.user), {
        name,
        source: 'Tệp thử nghiệm',
        csv: VALID.replace('Thợ hàn,', 'Thợ hàn'.normalize('NFD') + ','),
      });
      expect(v).to.include({ name, status: 'draft', codeCount: 4, maxLevel: 4, synthetic: false });
      const stored = await versionNamed(name);
      expect(stored).to.include({ status: 'draft', code_count: 4, max_level: 4 });
      expect(Number(stored.imported_by_user_id)).to.equal(admin.user.id);
      const codes = await rows<{
        code: string;
        level: number;
        parent_code: string | null;
        name_vi: string;
        name_folded: string;
      }>('SELECT code, level, parent_code, name_vi, name_folded FROM occupations WHERE version_id = $1 ORDER BY code', [
        v.id,
      ]);
      expect(codes.map((c) => [c.code, c.level, c.parent_code])).to.deep.equal([
        ['7', 1, null],
        ['72', 2, '7'],
        ['721', 3, '72'],
        ['7212', 4, '721'],
      ]);
      expect(codes[3].name_vi).to.equal('Thợ hàn'.normalize('NFC'));
      expect(codes[3].name_folded).to.equal('tho han');
      const audit = await rows<{ action: string; actor_user_id: string }>(
        "SELECT action, actor_user_id FROM audit_log WHERE entity = 'occupation_version' AND entity_id = $1",
        [String(v.id)],
      );
      expect(audit.map((a) => [a.action, Number(a.actor_user_id)])).to.deep.equal([
        ['occupation_version.imported', admin.user.id],
      ]);
      expect(await activeIds()).to.not.include(v.id);
      let error: unknown;
      try {
        await importOccupationVersion(toActor(admin.user), { name, source: 'Lần nữa', csv: VALID });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConflictError);
    });
  });

  describe('activation', () => {
    afterEach(async () => {
      if (previousActive !== null && (await activeOccupationVersion())?.id !== previousActive)
        await activateOccupationVersion(null, previousActive);
    });

    it('makes the version the only one in force and retires the one before; a stale view of what was in force is 409', async () => {
      const admin = await makeUser('admin');
      const v = await importOccupationVersion(toActor(admin.user), {
        name: named('áp dụng'),
        source: 'Thử',
        csv: VALID,
      });
      let stale: unknown;
      try {
        await activateOccupationVersion(toActor(admin.user), v.id, { expectedActiveId: v.id });
      } catch (err) {
        stale = err;
      }
      expect(stale).to.be.instanceOf(ConflictError);
      expect(await activeIds()).to.deep.equal([previousActive]);

      const done = await activateOccupationVersion(toActor(admin.user), v.id, { expectedActiveId: previousActive });
      expect(done).to.include({ id: v.id, status: 'active', activatedByUserId: admin.user.id });
      expect(await activeIds()).to.deep.equal([v.id]);
      const [before] = await rows<{ status: string; activated_at: Date | null }>(
        'SELECT status, activated_at FROM occupation_versions WHERE id = $1',
        [previousActive],
      );
      expect(before.status).to.equal('retired');
      expect(before.activated_at).to.not.equal(null);
      expect((await activeOccupationVersion())!.id).to.equal(v.id);
      // the picker now searches the new version
      expect((await searchOccupations({ q: 'han' })).map((o) => o.code)).to.deep.equal(['721', '7212']);
      const audit = await rows<{ action: string }>(
        "SELECT action FROM audit_log WHERE entity = 'occupation_version' AND entity_id = $1 ORDER BY id",
        [String(v.id)],
      );
      expect(audit.map((a) => a.action)).to.deep.equal(['occupation_version.imported', 'occupation_version.activated']);
    });

    it('an unknown version is 404', async () => {
      const admin = await makeUser('admin');
      let error: unknown;
      try {
        await activateOccupationVersion(toActor(admin.user), 987_654_321);
      } catch (err) {
        error = err;
      }
      expect((error as { status?: number }).status).to.equal(404);
      expect(await activeIds()).to.deep.equal([previousActive]);
    });
  });

  describe('search', () => {
    it('finds "thợ" names with and without accents, by word prefix, in the version in force', async () => {
      const accented = await searchOccupations({ q: 'thợ điện', limit: 50 });
      const plain = await searchOccupations({ q: 'THO dien', limit: 50 });
      expect(accented.map((o) => o.code)).to.include.members(['74', '741', '7411']);
      expect(plain).to.deep.equal(accented);
      expect(accented.every((o) => /thợ điện/i.test(o.nameVi))).to.equal(true);
      const active = (await activeOccupationVersion())!;
      expect(accented.every((o) => o.versionId === active.id)).to.equal(true);
      // a word prefix, not the middle of a word
      expect((await searchOccupations({ q: 'tho', level: 2 })).map((o) => o.code)).to.include.members([
        '72',
        '73',
        '74',
        '75',
        '81',
      ]);
      expect(await searchOccupations({ q: 'ho dien' })).to.deep.equal([]);
    });

    it('finds by code prefix, filters by level and version, and never returns more than 50', async () => {
      expect((await searchOccupations({ q: '741' })).map((o) => o.code)).to.deep.equal(['741', '7411', '7412']);
      expect((await searchOccupations({ q: '74', level: 3 })).map((o) => o.code)).to.deep.equal(['741', '742', '743']);
      const seed = await versionNamed(SEED_NAME);
      const inSeed = await searchOccupations({ q: 'thợ', versionId: Number(seed.id), limit: 50 });
      expect(inSeed.length).to.be.greaterThan(0);
      expect(inSeed.every((o) => o.level <= 2 && o.versionId === Number(seed.id))).to.equal(true);
      expect(await searchOccupations({ limit: 500 })).to.have.length(50);
      expect(await occupationExists(Number(seed.id), '01')).to.equal(true);
      expect(await occupationExists(Number(seed.id), '011')).to.equal(false);
    });

    it("names come from each record's own version", async () => {
      const seed = Number((await versionNamed(SEED_NAME)).id);
      const active = (await activeOccupationVersion())!.id;
      const names = await occupationNames([
        { versionId: seed, code: '72' },
        { versionId: active, code: '7211' },
        { versionId: seed, code: '7211' },
      ]);
      expect(names.get(`${seed}:72`)).to.equal('Thợ luyện kim, cơ khí và thợ có liên quan');
      expect(names.get(`${active}:7211`)).to.equal('Thợ luyện kim, cơ khí và thợ có liên quan – nghề giả lập 7211');
      expect(names.has(`${seed}:7211`)).to.equal(false);
    });
  });

  describe('API', () => {
    it('everyone signed in reads codes, versions and sectors; anonymous is 401', async () => {
      const staff = await makeUser('agency_staff');
      const found = await request(testApp())
        .get('/api/v1/occupations')
        .query({ q: 'tho dien' })
        .set(staff.auth)
        .expect(200);
      expect(found.body.data.map((o: { code: string }) => o.code)).to.include('74');
      await request(testApp()).get('/api/v1/occupations').query({ level: '5' }).set(staff.auth).expect(400);
      const versions = await request(testApp()).get('/api/v1/occupation-versions').set(staff.auth).expect(200);
      expect(versions.body.data.filter((v: { status: string }) => v.status === 'active')).to.have.length(1);
      expect(versions.body.data.map((v: { name: string }) => v.name)).to.include(SEED_NAME);
      const sectors = await request(testApp()).get('/api/v1/sectors').set(staff.auth).expect(200);
      expect(sectors.body.data).to.have.length(21);
      await request(testApp()).get('/api/v1/occupations').expect(401);
    });

    it('a non-admin may not import or activate (403); nothing is written', async () => {
      const staff = await makeUser('agency_staff');
      const before = await versionCount();
      const name = named('api cấm');
      const res = await request(testApp())
        .post('/api/v1/occupation-versions')
        .set(staff.auth)
        .send({ name, source: 'Thử', csv: VALID })
        .expect(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      await request(testApp())
        .post(`/api/v1/occupation-versions/${previousActive}/activate`)
        .set(staff.auth)
        .send({ expectedActiveId: previousActive })
        .expect(403);
      expect(await versionCount()).to.equal(before);
    });

    it('an admin imports (201, a draft) and a bad file answers 400 with each line', async () => {
      const admin = await makeUser('admin');
      const name = named('api');
      const res = await request(testApp())
        .post('/api/v1/occupation-versions')
        .set(admin.auth)
        .send({ name, source: 'Thử', csv: VALID })
        .expect(201);
      expect(res.body.data).to.include({ name, status: 'draft', codeCount: 4 });
      const bad = await request(testApp())
        .post('/api/v1/occupation-versions')
        .set(admin.auth)
        .send({ name: named('api lỗi'), source: 'Thử', csv: `${HEADER}\n2,1,A,\n211,2,B,2\n` })
        .expect(400);
      expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
      expect(bad.body.error.details.map((d: FieldProblem) => d.path)).to.deep.equal(['csv.line3']);
      // activation names the version it replaces
      await request(testApp())
        .post(`/api/v1/occupation-versions/${res.body.data.id}/activate`)
        .set(admin.auth)
        .send({})
        .expect(400);
      expect(await activeIds()).to.deep.equal([previousActive]);
    });
  });

  describe('admin pages', () => {
    afterEach(async () => {
      if (previousActive !== null && (await activeOccupationVersion())?.id !== previousActive)
        await activateOccupationVersion(null, previousActive);
    });

    it('lists the versions with their status in words, the GIẢ LẬP badge, counts and dates', async () => {
      const admin = await makeUser('admin');
      const page = new PageSession(admin);
      const res = await page.get('/admin/nghe-nghiep');
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('data-testid="occupation-versions"');
      expect(res.text).to.contain(SEED_NAME);
      expect(res.text).to.contain(SYNTHETIC_VERSION_NAME);
      expect(res.text).to.contain('GIẢ LẬP</mark>');
      expect(res.text).to.contain('Đang áp dụng');
      expect(res.text).to.contain('Đã thay thế');
      expect(res.text).to.match(/<td>58<\/td>\s*<td>cấp 2<\/td>\s*<td>\d{2}\/\d{2}\/\d{4}<\/td>/);
      expect(res.text).to.contain('Áp dụng phiên bản này');
      const staff = await makeUser('agency_staff');
      expect((await new PageSession(staff).get('/admin/nghe-nghiep')).status).to.equal(403);
    });

    it('a bad file comes back (400) with every problem and its line, the typed name kept, nothing written', async () => {
      const admin = await makeUser('admin');
      const page = new PageSession(admin);
      await page.get('/admin/nghe-nghiep');
      const before = await versionCount();
      const name = named('trang lỗi');
      const res = await page.multipart(
        '/admin/nghe-nghiep',
        { name, source: 'Phụ lục thử' },
        {
          field: 'file',
          name: 'nghe.csv',
          bytes: Buffer.from(`${HEADER}\n2,1,A,\n21,2,B,2\n211,2,C,21\n21110,5,D,2111\n`, 'utf8'),
        },
      );
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('data-testid="import-problems"');
      expect(res.text).to.contain('data-line="4">Dòng 4: mã «211» có 3 chữ số nhưng ghi cấp 2');
      expect(res.text).to.match(/data-line="5">Dòng 5: [^<]*chỉ nhận cấp 1–4/);
      expect(res.text).to.match(new RegExp(`name="name"[^>]*value="${name}"`));
      expect(res.text).to.match(/name="source"[^>]*value="Phụ lục thử"/);
      expect(await versionCount()).to.equal(before);

      const latin = await page.multipart(
        '/admin/nghe-nghiep',
        { name, source: 'Phụ lục thử' },
        { field: 'file', name: 'nghe.csv', bytes: Buffer.from(`${HEADER}\n7,1,Th\xf4,\n`, 'latin1') },
      );
      expect(latin.status).to.equal(400);
      expect(latin.text).to.contain('Tệp không phải văn bản UTF-8');
      expect(await versionCount()).to.equal(before);
    });

    it('a good file becomes a draft (flash, its codes page); "Áp dụng" asks first, then puts it in force', async () => {
      const admin = await makeUser('admin');
      const page = new PageSession(admin);
      await page.get('/admin/nghe-nghiep');
      const name = named('trang');
      const res = await page.multipart(
        '/admin/nghe-nghiep',
        { name, source: 'Phụ lục thử' },
        { field: 'file', name: 'nghe.csv', bytes: Buffer.from(`\uFEFF${VALID}\r\n`, 'utf8') },
      );
      expect(res.status).to.equal(303);
      const v = await versionNamed(name);
      expect(v).to.include({ status: 'draft', code_count: 4 });
      expect(res.headers.location).to.equal(`/admin/nghe-nghiep/${v.id}`);
      const detail = await page.get(res.headers.location);
      expect(detail.text).to.contain(`Đã nhập phiên bản «${name}»: 4 mã`);
      expect(detail.text).to.contain('data-code="7212"');
      const searched = await page.get(`/admin/nghe-nghiep/${v.id}?q=${encodeURIComponent('tho han')}`);
      expect(searched.text).to.contain('data-code="721"');
      expect(searched.text).to.not.contain('data-code="72"');

      const asked = await page.post(`/admin/nghe-nghiep/${v.id}/activate`, {
        expectedActiveId: String(previousActive),
      });
      expect(asked.status).to.equal(200);
      expect(asked.text).to.contain('data-testid="confirm"');
      expect(asked.text).to.contain(name);
      expect(await activeIds()).to.deep.equal([previousActive]);
      const done = await page.post(`/admin/nghe-nghiep/${v.id}/activate`, {
        expectedActiveId: String(previousActive),
        confirmed: 'yes',
      });
      expect(done.status).to.equal(303);
      expect(await activeIds()).to.deep.equal([Number(v.id)]);
      const list = await page.get('/admin/nghe-nghiep');
      expect(list.text).to.contain(`Đã áp dụng phiên bản «${name}».`);
    });
  });
});
