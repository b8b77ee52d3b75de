// Text that is never legitimate (NUL and other control characters, bidi overrides and isolates, lone UTF-16
// surrogates) is refused with 400 naming the field, in every text field through one Joi, and in file names.
// Before: a NUL on update answered 500, a bidi override in a file name was stored, a CR/LF file name was cleaned
// silently and the paper stored.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker, validCccd, withConsentScan } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import Joi, { hasUnsafeText } from '../../../server/shared/joi';
import { check } from '../../../server/shared/validate';
import { ValidationError } from '../../../server/shared/errors';

const UNSAFE = {
  nul: 'a\u0000b',
  bell: 'a\u0007b',
  escape: '\u001b[31mđỏ',
  del: 'a\u007fb',
  rlo: '\u202Egpj.exe',
  lri: 'x\u2066y',
  pdi: 'x\u2069',
  loneHigh: 'a\ud800b',
  loneLow: 'a\udc00b',
  highAtEnd: 'ab\ud83d',
};
const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const pdf = Buffer.from('%PDF-1.4\n%test\n');

describe('unsafe text', () => {
  beforeEach(() => setClock('2026-11-27'));

  it('the one Joi refuses each unsafe character in any string, and keeps Vietnamese, emoji pairs, tabs and new lines', () => {
    const schema = Joi.object({ note: Joi.string() });
    for (const [name, value] of Object.entries(UNSAFE)) {
      expect(hasUnsafeText(value), name).to.equal(true);
      expect(() => check(schema, { note: value }), name).to.throw(ValidationError);
      try {
        check(schema, { note: value });
      } catch (err) {
        expect((err as ValidationError).details).to.deep.equal([
          {
            path: 'note',
            message:
              '«note» chứa ký tự không được phép (ký tự điều khiển, NUL, ký tự đảo chiều văn bản hoặc mã UTF-16 lẻ)',
            type: 'string.unsafe',
          },
        ]);
      }
    }
    for (const ok of ['Nguyễn Thị Ánh', 'Thôn 5\nxã Hồi Xuân\tThanh Hóa', 'Gửi 👍 chị Mai', 'Đặng Văn Ðức'])
      expect(check(schema, { note: ok }).note).to.equal(ok);
  });

  it('every schema of the server takes Joi from server/shared/joi (nothing imports joi directly)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (
          e.name.endsWith('.ts') &&
          full !== path.join('server', 'shared', 'joi.ts') &&
          /^import\s+(?!type\b)[^;]*from\s+'joi';/m.test(fs.readFileSync(full, 'utf8'))
        )
          offenders.push(full);
      }
    };
    for (const dir of ['server', 'seeders', 'scripts']) walk(dir);
    expect(offenders).to.deep.equal([]);
  });

  it('a worker created or changed with unsafe text gets 400 naming the field, and nothing is stored', async () => {
    const staff = await makeUser('agency_staff');
    const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý' };
    for (const [name, value] of Object.entries(UNSAFE)) {
      const created = await request(testApp())
        .post('/api/v1/workers')
        .set(staff.auth)
        .send(
          await withConsentScan(staff.auth, {
            fullName: 'Lê Thị Ba',
            dateOfBirth: '2000-02-02',
            sex: 'female',
            cccd: validCccd('2000-02-02', 'female', 9001),
            street: value,
            consent,
          }),
        );
      expect(created.status, name).to.equal(400);
      expect(
        created.body.error.details.map((d: { path: string }) => d.path),
        name,
      ).to.deep.equal(['street']);
    }
    expect(await rows('SELECT id FROM workers')).to.have.length(0);

    const w = await makeWorker({ linkTo: staff.user.agencyId!, street: 'Thôn Chiềng' } as never);
    for (const [name, value] of Object.entries(UNSAFE)) {
      const res = await request(testApp())
        .patch(`/api/v1/workers/${w.id}`)
        .set(staff.auth)
        .send({ street: value, ethnicity: 'Thái' });
      expect(res.status, name).to.equal(400);
      expect(res.body.error.details[0].path, name).to.equal('street');
    }
    // consent evidence, a nested field, is checked the same way
    const nested = await request(testApp())
      .post(`/api/v1/workers`)
      .set(staff.auth)
      .send(
        await withConsentScan(staff.auth, {
          fullName: 'Lê Thị Bốn',
          dateOfBirth: '2000-02-02',
          sex: 'female',
          cccd: validCccd('2000-02-02', 'female', 9002),
          consent: { ...consent, evidence: UNSAFE.rlo },
        }),
      );
    expect(nested.status).to.equal(400);
    expect(nested.body.error.details[0].path).to.equal('consent.evidence');
    expect((await rows('SELECT street, ethnicity FROM workers WHERE id = $1', [w.id]))[0]).to.deep.equal({
      street: 'Thôn Chiềng',
      ethnicity: null,
    });
  });

  it('a page form with unsafe text answers on the same page, with the error beside the field and the input kept', async () => {
    const staff = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'Phạm Thị Năm' });
    const page = await request(testApp())
      .get(`/workers/${w.id}/edit`)
      .set('Cookie', `ht_session=${staff.token}`)
      .expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookie = [
      `ht_session=${staff.token}`,
      ...([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]),
    ].join('; ');
    const res = await request(testApp()).post(`/workers/${w.id}`).set('Cookie', cookie).type('form').send({
      _csrf: csrf,
      fullName: 'Phạm Thị Năm',
      dateOfBirth: w.dateOfBirth,
      sex: 'female',
      cccd: w.cccd,
      street: 'Bản\u0000Mường',
      ethnicity: 'Mường',
    });
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('chứa ký tự không được phép');
    expect(res.text).to.contain('value="Mường"');
  });

  it('a scan whose file name holds CR/LF (raw or as %0D%0A), NUL or a bidi override is refused with 400 and no paper is stored', async () => {
    const staff = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const send = (filename: string) =>
      request(testApp())
        .post(`/api/v1/workers/${w.id}/papers`)
        .set(staff.auth)
        .field('kind', 'passport')
        .field('number', 'C1234567')
        .field('issuingBody', 'Cục Quản lý xuất nhập cảnh')
        .field('issuedOn', '2026-01-10')
        .field('expiresOn', '2036-01-10')
        .attach('scan', pdf, { filename, contentType: 'application/pdf' });
    for (const name of ['ho\r\nchieu.pdf', 'ho\nchieu.pdf', '\u202Efdp.exe', 'a\u2066b.pdf']) {
      const res = await send(name);
      expect(res.status, JSON.stringify(name)).to.equal(400);
      expect(res.body.error.details[0]).to.include({ path: 'scan', type: 'file.name' });
    }
    // RFC 5987 filename*: decoded by the parser, refused the same way
    const b = 'XB';
    const field = (n: string, v: string) => `--${b}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`;
    const raw = Buffer.concat([
      Buffer.from(
        field('kind', 'passport') +
          field('number', 'C7') +
          field('issuingBody', 'Cục') +
          field('issuedOn', '2026-01-10') +
          field('expiresOn', '2036-01-10') +
          `--${b}\r\nContent-Disposition: form-data; name="scan"; filename*=UTF-8''ho%0D%0Achieu.pdf\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const star = await request(testApp())
      .post(`/api/v1/workers/${w.id}/papers`)
      .set(staff.auth)
      .set('content-type', `multipart/form-data; boundary=${b}`)
      .send(raw);
    expect(star.status).to.equal(400);
    expect(await rows('SELECT id FROM papers')).to.have.length(0);
    expect(await rows('SELECT id FROM files')).to.have.length(0);
    // an ordinary Vietnamese name is kept as sent
    const ok = await send('Hộ chiếu Mai.pdf').expect(201);
    expect(ok.body.data.scan.name).to.equal('Hộ chiếu Mai.pdf');
  });
});
