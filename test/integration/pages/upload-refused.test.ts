// A refused paper upload comes back on its own page with everything typed and each error beside its field; the
// file must be chosen again (a browser never refills a file input), and the page says so.
import { expect } from 'chai';
import { agencyWithCase } from '../../helpers/cases';
import { PageSession } from '../../helpers/pages';
import { sequelize } from '../../../server/db/sequelize';

describe('a refused upload keeps what was typed', () => {
  it('an expiry before the issue date: 400, values kept, the error beside «Ngày hết hạn», nothing stored', async () => {
    const { staff, worker } = await agencyWithCase();
    const page = new PageSession(staff);
    await page.get(`/workers/${worker.id}`);
    const res = await page.multipart(
      `/workers/${worker.id}/papers`,
      {
        kind: 'passport',
        number: 'C7654321',
        issuingBody: 'Cục Quản lý xuất nhập cảnh',
        issuedOn: '10/11/2026',
        expiresOn: '01/11/2026',
      },
      { field: 'scan', name: 'ho-chieu.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
    );
    expect(res.status).to.equal(400);
    expect(res.text).to.match(/<option value="passport" selected>/);
    expect(res.text).to.match(/name="number"[^>]*value="C7654321"/);
    expect(res.text).to.match(/name="issuedOn"[^>]*value="10\/11\/2026"/);
    expect(res.text).to.match(/name="expiresOn"[^>]*value="01\/11\/2026"[^>]*aria-invalid="true"/);
    expect(res.text).to.contain('id="expiresOn-error">Ngày hết hạn không được trước ngày cấp');
    expect(res.text).to.contain('Nếu đã chọn tệp, hãy chọn lại.');
    expect(res.text).to.contain('href="#paper-expiresOn"');
    expect((await sequelize().query('SELECT id FROM papers'))[0]).to.have.length(0);
    // sent again right, it is stored and the worker page says so
    const ok = await page.multipart(
      `/workers/${worker.id}/papers`,
      {
        kind: 'passport',
        number: 'C7654321',
        issuingBody: 'Cục Quản lý xuất nhập cảnh',
        issuedOn: '10/11/2026',
        expiresOn: '10/11/2036',
      },
      { field: 'scan', name: 'ho-chieu.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
    );
    expect(ok.status).to.equal(303);
    expect((await page.get(`/workers/${worker.id}`)).text).to.contain('Đã lưu giấy tờ.');
  });
});
