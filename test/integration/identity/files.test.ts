// The file store for imports and exports (issue 22): CSV and XLSX up to 50 MB, typed from the content (an XLSX is a
// ZIP with [Content_Types].xml and xl/ entries; a CSV is UTF-8 text without NUL bytes), streamed to disk as they
// arrive; PDFs and images keep their 10 MB bound.
import request from 'supertest';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ZipArchive } from 'archiver';
import { PassThrough } from 'node:stream';
import { testApp } from '../../helpers/app';
import { makeUser, type TestUser } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';
import { classifyBytes, XLSX_MIME } from '../../../server/shared/files';

const app = testApp();
const MB = 1024 * 1024;

/** A text CSV of about `bytes` bytes (valid UTF-8 with Vietnamese letters). */
function csvOf(bytes: number): Buffer {
  const line = Buffer.from('1,038190000001,found,Nguyễn Văn An,15/01/1990,Nam\n', 'utf8');
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += line.length) line.copy(out, at, 0, Math.min(line.length, bytes - at));
  // the last line may end in the middle of a multi-byte letter: end the file on plain ASCII
  out.fill(0x61, bytes - 8);
  return out;
}

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('KQ').addRow(['STT', 'Trạng thái']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function plainZip(): Promise<Buffer> {
  const zip = new ZipArchive();
  const sink = new PassThrough();
  const parts: Buffer[] = [];
  sink.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise((r) => sink.on('end', r));
  zip.pipe(sink);
  zip.append('not a workbook', { name: 'readme.txt' });
  await zip.finalize();
  await ended;
  return Buffer.concat(parts);
}

describe('file store: CSV and XLSX up to 50 MB for imports, typed from the content (issue 22)', () => {
  let staff: TestUser;
  beforeEach(async () => {
    staff = await makeUser('agency_staff');
  });
  const upload = (bytes: Buffer, name: string) =>
    request(app).post('/api/v1/files').set(staff.auth).attach('file', bytes, name);

  it('a 12 MB CSV is accepted and stored whole with its hash', async () => {
    const res = await upload(csvOf(12 * MB), 'ket-qua.csv').expect(201);
    expect(res.body.data).to.include({ mime: 'text/csv', size: 12 * MB, name: 'ket-qua.csv' });
    const [row] = (
      await sequelize().query('SELECT octet_length(content) AS n, sha256 FROM files WHERE id = $1', {
        bind: [res.body.data.id],
      })
    )[0] as { n: number; sha256: string }[];
    expect(Number(row.n)).to.equal(12 * MB);
    expect(row.sha256).to.equal(res.body.data.sha256);
  });

  it('a 12 MB PDF is refused (PDFs keep their 10 MB limit): 413', async () => {
    const pdf = Buffer.alloc(12 * MB, 0x20);
    Buffer.from('%PDF-1.4\n').copy(pdf);
    const res = await upload(pdf, 'to.pdf').expect(413);
    expect(res.body.error).to.include({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.body.error.message).to.contain('10 MB');
  });

  it('a 51 MB CSV is refused: 413, and nothing is stored', async () => {
    const res = await upload(csvOf(51 * MB), 'lon.csv').expect(413);
    expect(res.body.error.message).to.contain('50 MB');
    expect((await sequelize().query('SELECT id FROM files'))[0]).to.have.length(0);
  });

  it('a CSV that is not valid UTF-8 is refused (400), as is text with a NUL byte', async () => {
    const latin1 = Buffer.from('STT,Họ và tên\n1,Nguyễn\n', 'latin1');
    const res = await upload(latin1, 'sai-ma.csv').expect(400);
    expect(res.body.error.message).to.contain('UTF-8');
    await upload(Buffer.from('STT\u0000,a\n'), 'nul.csv').expect(400);
    // a BOM is allowed
    await upload(Buffer.from('\uFEFFSTT,Trạng thái\n1,found\n'), 'bom.csv').expect(201);
  });

  it('an XLSX is recognised by its content even with a .csv name (the stored name tells the truth)', async () => {
    const bytes = await workbook();
    expect(classifyBytes(bytes).mime).to.equal(XLSX_MIME);
    const res = await upload(bytes, 'ket-qua.csv').expect(201);
    expect(res.body.data).to.include({ mime: XLSX_MIME, name: 'ket-qua.xlsx' });
  });

  it('a ZIP that is not a workbook is refused, whatever its name', async () => {
    const zip = await plainZip();
    for (const name of ['ket-qua.xlsx', 'ket-qua.zip']) {
      const res = await upload(zip, name).expect(400);
      expect(res.body.error.message).to.contain('XLSX');
    }
  });

  it('a data file is no evidence: citing a CSV as a consent scan is refused', async () => {
    const id = (await upload(Buffer.from('a,b\n1,2\n'), 'x.csv').expect(201)).body.data.id;
    const res = await request(app)
      .post('/api/v1/workers')
      .set(staff.auth)
      .send({
        fullName: 'Lò Thị Mai',
        dateOfBirth: '1998-04-12',
        sex: 'female',
        cccd: '038198000123',
        consent: { consentDate: '2026-11-27', purposes: ['recruitment'], evidence: 'Phiếu', fileId: id },
      });
    expect(res.status).to.equal(400);
    expect(JSON.stringify(res.body.error.details)).to.contain('PDF');
  });
});
