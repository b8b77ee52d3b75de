// Admins create accounts with pickers by name (agency and branch, province and commune, the worker by CCCD), never
// raw codes; a worker account is made from the worker's own page.
import { expect } from 'chai';
import { makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

const userRow = async (username: string) =>
  (
    (
      await sequelize().query(
        'SELECT role, agency_id, commune_code, province_code, worker_id FROM users WHERE username = $1',
        { bind: [username] },
      )
    )[0] as Record<string, unknown>[]
  )[0];

describe('admin: accounts with pickers', () => {
  it('the form offers agencies, provinces and communes by name; a commune officer is made from them', async () => {
    const admin = new PageSession(await makeUser('admin'));
    const staff = await makeUser('agency_staff');
    const [agency] = (
      await sequelize().query('SELECT name FROM agencies WHERE id = $1', { bind: [staff.user.agencyId] })
    )[0] as { name: string }[];
    const form = (await admin.get('/admin/users/new')).text;
    expect(form).to.contain(`<option value="${staff.user.agencyId}" >${agency.name}</option>`);
    expect(form).to.contain('>Tỉnh Thanh Hóa</option>');
    expect(form).not.to.contain('Mã doanh nghiệp');
    // a commune officer: the province first (without scripts the page comes back with its communes)
    const first = await admin.post('/admin/users', {
      username: 'can-bo-xa',
      displayName: 'Cán bộ Xã',
      role: 'commune_officer',
      provinceCode: '38',
      password: 'mat-khau-dai-du',
    });
    expect(first.status).to.equal(400);
    expect(first.text).to.contain('Vai trò này cần xã/phường');
    expect(first.text).to.match(/<option value="14869" >Xã Hồi Xuân<\/option>/);
    const done = await admin.post('/admin/users', {
      username: 'can-bo-xa',
      displayName: 'Cán bộ Xã',
      role: 'commune_officer',
      provinceCode: '38',
      communeCode: '14869',
      password: 'mat-khau-dai-du',
    });
    expect(done.status).to.equal(303);
    expect(await userRow('can-bo-xa')).to.deep.include({
      role: 'commune_officer',
      commune_code: '14869',
      province_code: '38',
    });
  });

  it("a worker account is made from the worker's page, linked to her record; a CCCD that finds nobody is named", async () => {
    const admin = new PageSession(await makeUser('admin'));
    const w = await makeWorker({ fullName: 'Sùng Thị Dua' });
    const page = (await admin.get(`/workers/${w.id}`)).text;
    expect(page).to.contain('Chưa có tài khoản');
    expect(page).to.contain(`href="/admin/users/new?workerId=${w.id}"`);
    const form = (await admin.get(`/admin/users/new?workerId=${w.id}`)).text;
    expect(form).to.match(
      /data-testid="linked-worker">Hồ sơ người lao động: <strong>Sùng Thị Dua \(\d{3}\*{6}\d{3}\)<\/strong>/,
    );
    expect(form).to.match(/<option value="worker" selected>/);
    const made = await admin.post('/admin/users', {
      username: 'sung-thi-dua',
      displayName: 'Sùng Thị Dua',
      role: 'worker',
      workerId: String(w.id),
      password: 'mat-khau-dai-du',
    });
    expect(made.status, (made.text.match(/error-text[^<]*</g) ?? []).join(' ')).to.equal(303);
    expect(await userRow('sung-thi-dua')).to.deep.include({ role: 'worker', worker_id: String(w.id) });
    expect((await admin.get(`/workers/${w.id}`)).text).to.match(/data-testid="worker-accounts"[\s\S]*sung-thi-dua/);
    // by CCCD, on the same form
    const nobody = await admin.post('/admin/users', {
      username: 'ai-do',
      displayName: 'Ai Đó',
      role: 'worker',
      workerCccd: '038199999999',
      password: 'mat-khau-dai-du',
    });
    expect(nobody.status).to.equal(400);
    expect(nobody.text).to.contain('id="workerCccd-error"');
    expect(nobody.text).to.contain('Không có người lao động với số CCCD này');
    const w2 = await makeWorker({ fullName: 'Giàng A Páo' });
    const byCccd = await admin.post('/admin/users', {
      username: 'ai-do',
      displayName: 'Giàng A Páo',
      role: 'worker',
      workerCccd: w2.cccd,
      password: 'mat-khau-dai-du',
    });
    expect(byCccd.status).to.equal(303);
    expect(await userRow('ai-do')).to.deep.include({ worker_id: String(w2.id) });
    // one account per worker: a second one for the same record is refused, said beside the form
    const again = await admin.post('/admin/users', {
      username: 'giang-a-pao-2',
      displayName: 'Giàng A Páo',
      role: 'worker',
      workerCccd: w2.cccd,
      password: 'mat-khau-dai-du',
    });
    expect(again.status).to.equal(409);
  });
});
