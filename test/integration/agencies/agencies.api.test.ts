import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeAgency, makeBranch, makeUser } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];

describe('agencies', () => {
  describe('POST /api/v1/agencies', () => {
    it('when an admin registers a service enterprise, then it is stored and audited', async () => {
      const { auth, user } = await makeUser('admin');
      const res = await request(testApp())
        .post('/api/v1/agencies')
        .set(auth)
        .send({
          kind: 'service_enterprise',
          name: 'Công ty TNHH Cung ứng Nhân lực Sông Mã',
          licenceNumber: '123/LĐTBXH-GP',
          licenceIssuedOn: '2024-05-01',
          taxCode: '2801234567',
          provinceCode: '38',
        })
        .expect(201);
      expect(res.body.data).to.include({
        kind: 'service_enterprise',
        name: 'Công ty TNHH Cung ứng Nhân lực Sông Mã',
        status: 'active',
      });
      const [audit] = await rows("SELECT * FROM audit_log WHERE entity = 'agency' AND entity_id = $1", [
        String(res.body.data.id),
      ]);
      expect(audit).to.include({ action: 'agency.created', actor_user_id: String(user.id), actor_role: 'admin' });
      expect((audit.after as { licenceNumber: string }).licenceNumber).to.equal('123/LĐTBXH-GP');
    });

    it('when a service enterprise has no licence number, then 400 naming it (Law 69 Art 10)', async () => {
      const { auth } = await makeUser('admin');
      const res = await request(testApp())
        .post('/api/v1/agencies')
        .set(auth)
        .send({ kind: 'service_enterprise', name: 'Không giấy phép' })
        .expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('licenceNumber');
      expect(await rows('SELECT id FROM agencies')).to.have.length(0);
    });

    it('when the licence number is already registered, then 409', async () => {
      const { auth } = await makeUser('admin');
      await makeAgency({ licenceNumber: 'GP-TRUNG' });
      const res = await request(testApp())
        .post('/api/v1/agencies')
        .set(auth)
        .send({ kind: 'service_enterprise', name: 'Trùng', licenceNumber: 'GP-TRUNG' })
        .expect(409);
      expect(res.body.error.code).to.equal('CONFLICT');
    });
  });

  describe('scope', () => {
    it('when agency staff list agencies, then they see only their own; another agency answers 404', async () => {
      const other = await makeAgency();
      const { auth, user } = await makeUser('agency_staff');
      const list = await request(testApp()).get('/api/v1/agencies').set(auth).expect(200);
      expect(list.body.data.map((a: { id: number }) => a.id)).to.deep.equal([user.agencyId]);
      expect(list.body.page).to.deep.equal({ number: 1, size: 20, total: 1, totalCapped: false });
      await request(testApp()).get(`/api/v1/agencies/${user.agencyId}`).set(auth).expect(200);
      const hidden = await request(testApp()).get(`/api/v1/agencies/${other.id}`).set(auth).expect(404);
      const missing = await request(testApp()).get('/api/v1/agencies/999999').set(auth).expect(404);
      expect(hidden.body).to.deep.equal(missing.body);
    });

    it('when agency staff try to change their agency, then 403 (admin only)', async () => {
      const { auth, user } = await makeUser('agency_staff');
      await request(testApp())
        .patch(`/api/v1/agencies/${user.agencyId}`)
        .set(auth)
        .send({ name: 'Đổi tên' })
        .expect(403);
    });
  });

  describe('branches', () => {
    it('when an admin adds a branch, then the agency lists it', async () => {
      const { auth } = await makeUser('admin');
      const a = await makeAgency();
      const res = await request(testApp())
        .post(`/api/v1/agencies/${a.id}/branches`)
        .set(auth)
        .send({ name: 'Chi nhánh Nghệ An', provinceCode: '40' })
        .expect(201);
      expect(res.body.data.branches.map((b: { name: string }) => b.name)).to.deep.equal(['Chi nhánh Nghệ An']);
    });
  });
});

describe('users (admin)', () => {
  it('when agency staff are given a branch of another agency, then 400 and the database refuses it too', async () => {
    const { auth } = await makeUser('admin');
    const a = await makeAgency();
    const b = await makeAgency();
    const branchOfB = await makeBranch(b.id);
    const res = await request(testApp())
      .post('/api/v1/users')
      .set(auth)
      .send({
        username: 'nv-chi-nhanh',
        displayName: 'Nhân viên',
        role: 'agency_staff',
        password: 'mat khau 123',
        agencyId: a.id,
        branchId: branchOfB.id,
      })
      .expect(400);
    expect(res.body.error.details[0].path).to.equal('branchId');
    let refused = false;
    try {
      await sequelize().query(
        `INSERT INTO users (username, password_hash, display_name, role, agency_id, branch_id) VALUES ('x-y-z', 'h', 'X', 'agency_staff', $1, $2)`,
        { bind: [a.id, branchOfB.id] },
      );
    } catch {
      refused = true;
    }
    expect(refused, 'composite foreign key (branch_id, agency_id)').to.equal(true);
  });

  it('when a commune officer is created without a commune, then 400 naming communeCode', async () => {
    const { auth } = await makeUser('admin');
    const res = await request(testApp())
      .post('/api/v1/users')
      .set(auth)
      .send({ username: 'can-bo-xa', displayName: 'Cán bộ', role: 'commune_officer', password: 'mat khau 123' })
      .expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['communeCode']);
  });

  it("when an admin changes a role or deactivates a user, then that user's tokens stop working", async () => {
    const { auth } = await makeUser('admin');
    const target = await makeUser('province_officer');
    await request(testApp())
      .patch(`/api/v1/users/${target.user.id}`)
      .set(auth)
      .send({ role: 'commune_officer', communeCode: '14869', provinceCode: '38' })
      .expect(200);
    await request(testApp()).get('/api/v1/me').set(target.auth).expect(401);
    const other = await makeUser('agency_staff');
    await request(testApp()).patch(`/api/v1/users/${other.user.id}`).set(auth).send({ active: false }).expect(200);
    await request(testApp()).get('/api/v1/me').set(other.auth).expect(401);
  });

  it('when an admin reads a user, then the read is written to the access log', async () => {
    const { auth, user } = await makeUser('admin');
    const target = await makeUser('agency_staff');
    await request(testApp()).get(`/api/v1/users/${target.user.id}`).set(auth).expect(200);
    const [row] = await rows('SELECT * FROM access_log');
    expect(row).to.include({
      actor_user_id: String(user.id),
      actor_role: 'admin',
      subject_type: 'user',
      subject_id: String(target.user.id),
      route: `GET /api/v1/users/${target.user.id}`,
    });
  });
});
