import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeAgency, makeUser, makeWorker, validCccd, withConsentScan } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const consent = {
  consentDate: '2026-11-20',
  purposes: ['recruitment', 'placement_abroad'],
  evidence: 'Phiếu đồng ý ký ngày 20/11/2026',
};

function person(overrides: Record<string, unknown> = {}) {
  return {
    fullName: 'Nguyễn Thị Hằng',
    dateOfBirth: '1999-03-08',
    sex: 'female',
    cccd: validCccd('1999-03-08', 'female', 424242),
    consent,
    ...overrides,
  };
}

describe('workers API', () => {
  describe('POST /api/v1/workers', () => {
    it('when agency staff register a worker, then it is stored in NFC with its folded name and linked with the consent', async () => {
      const { auth, user } = await makeUser('agency_staff');
      const res = await request(testApp())
        .post('/api/v1/workers')
        .set(auth)
        .send(
          await withConsentScan(
            auth,
            person({
              fullName: 'Nguye\u0302\u0303n  Thị Hằng',
              phone: '+84 912 345 678',
              provinceCode: '38',
              communeCode: '14869',
            }),
          ),
        )
        .expect(201);
      expect(res.body.data).to.include({ fullName: 'Nguyễn Thị Hằng', phone: '0912345678' });
      const [w] = await rows('SELECT full_name, full_name_folded, created_by_agency_id FROM workers');
      expect(w).to.deep.equal({
        full_name: 'Nguyễn Thị Hằng',
        full_name_folded: 'nguyen thi hang',
        created_by_agency_id: String(user.agencyId),
      });
      const [link] = await rows('SELECT agency_id, consent_date, purposes, evidence FROM worker_agency_links');
      expect(link).to.deep.equal({
        agency_id: String(user.agencyId),
        consent_date: '2026-11-20',
        purposes: ['recruitment', 'placement_abroad'],
        evidence: consent.evidence,
      });
      const audits = await rows("SELECT action FROM audit_log WHERE entity = 'worker' ORDER BY id");
      expect(audits.map((a) => a.action)).to.deep.equal(['worker.created', 'worker.linked']);
    });

    it('when the CCCD disagrees with the date of birth, then 400 saying which part and why', async () => {
      const { auth } = await makeUser('agency_staff');
      const res = await request(testApp())
        .post('/api/v1/workers')
        .set(auth)
        .send(await withConsentScan(auth, person({ dateOfBirth: '2001-03-08' })))
        .expect(400);
      const messages = res.body.error.details.map((d: { message: string }) => d.message);
      expect(messages.some((m: string) => m.includes('Chữ số thứ 4'))).to.equal(true);
      expect(messages.some((m: string) => m.includes('Chữ số thứ 5–6'))).to.equal(true);
      expect(await rows('SELECT id FROM workers')).to.have.length(0);
    });

    it('when agency staff give no consent, then 400 on consent', async () => {
      const { auth } = await makeUser('agency_staff');
      const res = await request(testApp())
        .post('/api/v1/workers')
        .set(auth)
        .send(await withConsentScan(auth, person({ consent: undefined })))
        .expect(400);
      expect(res.body.error.details[0].path).to.equal('consent');
    });

    it('when the commune is not in the province, then 400', async () => {
      const { auth } = await makeUser('agency_staff');
      const res = await request(testApp())
        .post('/api/v1/workers')
        .set(auth)
        .send(await withConsentScan(auth, person({ provinceCode: '40', communeCode: '14869' })))
        .expect(400);
      expect(res.body.error.details[0].path).to.equal('communeCode');
    });
  });

  describe('one person per CCCD', () => {
    it('when another agency registers the same person, then 409 with the existing id; linking with consent then shows the worker', async () => {
      const first = await makeUser('agency_staff');
      const second = await makeUser('agency_staff');
      const created = await request(testApp())
        .post('/api/v1/workers')
        .set(first.auth)
        .send(await withConsentScan(first.auth, person()))
        .expect(201);
      const id = created.body.data.id;
      await request(testApp()).get(`/api/v1/workers/${id}`).set(second.auth).expect(404);

      const dup = await request(testApp())
        .post('/api/v1/workers')
        .set(second.auth)
        .send(await withConsentScan(second.auth, person({ fullName: 'nguyễn thị hằng' })))
        .expect(409);
      expect(dup.body.error.details).to.deep.equal({ reason: 'ALREADY_REGISTERED', existingWorkerId: id });
      expect(await rows('SELECT id FROM workers')).to.have.length(1);

      const p = person();
      await request(testApp())
        .post(`/api/v1/workers/${id}/links`)
        .set(second.auth)
        .send(
          await withConsentScan(second.auth, {
            ...consent,
            cccd: p.cccd,
            fullName: p.fullName,
            dateOfBirth: p.dateOfBirth,
          }),
        )
        .expect(201);
      const seen = await request(testApp()).get(`/api/v1/workers/${id}`).set(second.auth).expect(200);
      expect(seen.body.data.links.map((l: { agencyId: number }) => l.agencyId)).to.deep.equal([second.user.agencyId]);
      const [audit] = await rows(
        "SELECT actor_user_id FROM audit_log WHERE action = 'worker.linked' AND actor_user_id = $1",
        [second.user.id],
      );
      expect(audit).to.deep.equal({ actor_user_id: String(second.user.id) });
    });

    it('when the name or date of birth differ, then 409 without the id (no stranger leaks)', async () => {
      const first = await makeUser('agency_staff');
      const second = await makeUser('agency_staff');
      await request(testApp())
        .post('/api/v1/workers')
        .set(first.auth)
        .send(await withConsentScan(first.auth, person()))
        .expect(201);
      const dup = await request(testApp())
        .post('/api/v1/workers')
        .set(second.auth)
        .send(await withConsentScan(second.auth, person({ fullName: 'Trần Văn Nam', sex: 'female' })))
        .expect(409);
      expect(dup.body.error.details).to.deep.equal({ reason: 'CCCD_TAKEN' });
    });

    it('when a link is asked without the matching facts, then 404 like a missing id', async () => {
      const first = await makeUser('agency_staff');
      const second = await makeUser('agency_staff');
      const id = (
        await request(testApp())
          .post('/api/v1/workers')
          .set(first.auth)
          .send(await withConsentScan(first.auth, person()))
          .expect(201)
      ).body.data.id;
      await request(testApp())
        .post(`/api/v1/workers/${id}/links`)
        .set(second.auth)
        .send(
          await withConsentScan(second.auth, {
            ...consent,
            cccd: person().cccd,
            fullName: 'Người Khác',
            dateOfBirth: '1999-03-08',
          }),
        )
        .expect(404);
    });

    it('when two registrations of one CCCD race, then exactly one worker is created', async () => {
      const a = await makeUser('agency_staff');
      const b = await makeUser('agency_staff');
      const bodies = await Promise.all([a, b].map((u) => withConsentScan(u.auth, person())));
      const results = await Promise.all(
        [a, b].map((u, i) => request(testApp()).post('/api/v1/workers').set(u.auth).send(bodies[i])),
      );
      expect(results.map((r) => r.status).sort()).to.deep.equal([201, 409]);
      expect(await rows('SELECT id FROM workers')).to.have.length(1);
    });
  });

  describe('search', () => {
    async function seed() {
      const staff = await makeUser('agency_staff');
      const agencyId = staff.user.agencyId!;
      await makeWorker({
        fullName: 'Nguyễn Thị Hằng',
        linkTo: agencyId,
        phone: '0912345678',
        householdStatus: 'poor',
        householdStatusYear: 2025,
      });
      await makeWorker({
        fullName: 'Nguyễn Văn Hùng',
        sex: 'male',
        dateOfBirth: '1995-01-02',
        linkTo: agencyId,
        communeCode: '14872',
      });
      await makeWorker({ fullName: 'Đặng Thị Hạnh', linkTo: agencyId });
      await makeWorker({ fullName: 'Nguyễn Thị Hằng Nga' }); // not linked: invisible
      return staff;
    }
    const names = (res: request.Response) => res.body.data.map((w: { fullName: string }) => w.fullName);

    it('when searching with or without accents, then names whose words begin with the words match', async () => {
      const { auth } = await seed();
      const q = (s: string) => request(testApp()).get('/api/v1/workers').query({ q: s }).set(auth).expect(200);
      expect(names(await q('nguyen thi hang'))).to.deep.equal(['Nguyễn Thị Hằng']);
      expect(names(await q('Hằng'))).to.deep.equal(['Nguyễn Thị Hằng']);
      expect(names(await q('hang'))).to.deep.equal(['Nguyễn Thị Hằng']);
      expect(names(await q('h'))).to.deep.equal(['Đặng Thị Hạnh', 'Nguyễn Thị Hằng', 'Nguyễn Văn Hùng']);
      expect(names(await q('dang'))).to.deep.equal(['Đặng Thị Hạnh']);
      expect(names(await q('nguyen'))).to.deep.equal(['Nguyễn Thị Hằng', 'Nguyễn Văn Hùng']);
      expect(names(await q('uyen'))).to.deep.equal([]);
    });

    it('when searching by CCCD or phone, then the exact match comes back, with the CCCD masked', async () => {
      const { auth } = await seed();
      const all = await request(testApp()).get('/api/v1/workers').set(auth).expect(200);
      expect(all.body.data[0].cccdMasked).to.match(/^\d{3}\*{6}\d{3}$/);
      expect(all.body.data[0]).not.to.have.property('cccd');
      const [w] = await rows("SELECT cccd FROM workers WHERE full_name = 'Đặng Thị Hạnh'");
      expect(
        names(
          await request(testApp())
            .get('/api/v1/workers')
            .query({ q: w.cccd as string })
            .set(auth),
        ),
      ).to.deep.equal(['Đặng Thị Hạnh']);
      expect(
        names(await request(testApp()).get('/api/v1/workers').query({ q: '+84912345678' }).set(auth)),
      ).to.deep.equal(['Nguyễn Thị Hằng']);
    });

    it('when filtering by commune and household status, then only those match, with the page block', async () => {
      const { auth } = await seed();
      const byCommune = await request(testApp())
        .get('/api/v1/workers')
        .query({ communeCode: '14872' })
        .set(auth)
        .expect(200);
      expect(names(byCommune)).to.deep.equal(['Nguyễn Văn Hùng']);
      const poor = await request(testApp())
        .get('/api/v1/workers')
        .query({ householdStatus: 'poor' })
        .set(auth)
        .expect(200);
      expect(names(poor)).to.deep.equal(['Nguyễn Thị Hằng']);
      expect(poor.body.page).to.deep.equal({ number: 1, size: 20, total: 1, totalCapped: false });
    });

    it('when more than 10,000 match, then the total is capped', async () => {
      const { auth } = await makeUser('admin');
      await sequelize().query(`INSERT INTO workers (full_name, full_name_folded, date_of_birth, sex, cccd)
        SELECT 'Nguyễn Văn A', 'nguyen van a', '1990-01-01', 'male', '038090' || lpad(g::text, 6, '0') FROM generate_series(1, 10002) g`);
      const res = await request(testApp())
        .get('/api/v1/workers')
        .query({ q: 'nguyen', pageSize: 5, page: 2 })
        .set(auth)
        .expect(200);
      expect(res.body.page).to.deep.equal({ number: 2, size: 5, total: 10000, totalCapped: true });
      expect(res.body.data).to.have.length(5);
    });
  });

  describe('scope', () => {
    it('when officers list workers, then they see residents of their commune or province; a worker sees only themself', async () => {
      const agency = await makeAgency();
      const inCommune = await makeWorker({ fullName: 'Lò Thị Xuân', communeCode: '14869', linkTo: agency.id });
      await makeWorker({ fullName: 'Hà Văn Sơn', communeCode: '14872', sex: 'male', dateOfBirth: '1990-01-01' });
      await makeWorker({ fullName: 'Trần Thị Vinh', provinceCode: '40', communeCode: '16702' });
      const commune = await makeUser('commune_officer');
      const province = await makeUser('province_officer');
      const worker = await makeUser('worker', { workerId: inCommune.id });
      const list = async (auth: Record<string, string>) =>
        (await request(testApp()).get('/api/v1/workers').set(auth).expect(200)).body.data.map(
          (w: { fullName: string }) => w.fullName,
        );
      expect(await list(commune.auth)).to.deep.equal(['Lò Thị Xuân']);
      expect(await list(province.auth)).to.deep.equal(['Hà Văn Sơn', 'Lò Thị Xuân']);
      expect(await list(worker.auth)).to.deep.equal(['Lò Thị Xuân']);
      await request(testApp())
        .patch(`/api/v1/workers/${inCommune.id}`)
        .set(commune.auth)
        .send({ street: 'x' })
        .expect(403);
    });

    it("when anyone reads a worker's detail, then the access log records who, from where and which route", async () => {
      const staff = await makeUser('agency_staff');
      const w = await makeWorker({ linkTo: staff.user.agencyId!, ethnicity: 'Thái' });
      const res = await request(testApp()).get(`/api/v1/workers/${w.id}`).set(staff.auth).expect(200);
      expect(res.body.data.ethnicity).to.equal('Thái');
      const [row] = await rows(
        'SELECT actor_user_id, actor_role, organisation, subject_type, subject_id, route FROM access_log',
      );
      expect(row).to.deep.equal({
        actor_user_id: String(staff.user.id),
        actor_role: 'agency_staff',
        organisation: `agency:${staff.user.agencyId}`,
        subject_type: 'worker',
        subject_id: String(w.id),
        route: `GET /api/v1/workers/${w.id}`,
      });
    });
  });

  describe('identity corrections', () => {
    it('when the creating agency is alone, then it may correct identity (audited, ethnicity by name only); once another agency links, it may not', async () => {
      const creator = await makeUser('agency_staff');
      const other = await makeUser('agency_staff');
      const id = (
        await request(testApp())
          .post('/api/v1/workers')
          .set(creator.auth)
          .send(await withConsentScan(creator.auth, person({ ethnicity: 'Kinh' })))
          .expect(201)
      ).body.data.id;
      await request(testApp())
        .patch(`/api/v1/workers/${id}`)
        .set(creator.auth)
        .send({ fullName: 'Nguyễn Thị Hằng Nga', ethnicity: 'Mường' })
        .expect(200);
      const [audit] = await rows(
        "SELECT before, after, sensitive_fields FROM audit_log WHERE action = 'worker.identity_corrected'",
      );
      expect(audit.sensitive_fields).to.deep.equal(['ethnicity']);
      expect(JSON.stringify(audit)).not.to.contain('Mường');
      expect((audit.after as { fullName: string }).fullName).to.equal('Nguyễn Thị Hằng Nga');

      await request(testApp())
        .post(`/api/v1/workers/${id}/links`)
        .set(other.auth)
        .send(
          await withConsentScan(other.auth, {
            ...consent,
            cccd: person().cccd,
            fullName: 'Nguyễn Thị Hằng Nga',
            dateOfBirth: '1999-03-08',
          }),
        )
        .expect(201);
      const refused = await request(testApp())
        .patch(`/api/v1/workers/${id}`)
        .set(creator.auth)
        .send({ fullName: 'Tên Khác' })
        .expect(403);
      expect(refused.body.error.code).to.equal('FORBIDDEN');
      await request(testApp())
        .patch(`/api/v1/workers/${id}`)
        .set(creator.auth)
        .send({ phone: '0987654321' })
        .expect(200);
      const { auth: admin } = await makeUser('admin');
      await request(testApp())
        .patch(`/api/v1/workers/${id}`)
        .set(admin)
        .send({ fullName: 'Nguyễn Thị Hằng' })
        .expect(200);
    });
  });
});
