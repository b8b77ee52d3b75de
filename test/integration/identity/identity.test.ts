// The national population database (issue 22; DOMAIN.md §15.5): the verify(identity) port with the manual adapter,
// every request and answer logged append-only (Decree 47/2020 Art 45); the batch adapter's round trip with its
// reconciliation report (đối soát), corrections applied only after acceptance, a CCCD collision held for the admin;
// verified identity fields read-only except through re-verification (Decree 318/2025); scope (404 elsewhere).
import request from 'supertest';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { testApp } from '../../helpers/app';
import { makeCentre, makeUser, makeWorker, validCccd, type TestUser } from '../../helpers/factories';
import { drainJobs } from '../../helpers/queue';
import { sequelize } from '../../../server/db/sequelize';
import { IMPORT_JOB } from '../../../server/modules/identity';
import { resultCsv } from '../../../server/modules/identity/identity.files';
import { parseCsv } from '../../../server/shared/csv';

const app = testApp();
const q = async <T = Record<string, unknown>>(sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as T[];

/** A raw statement's failure (the database refusing it). */
async function refused(sql: string, bind: unknown[] = []): Promise<string> {
  try {
    await sequelize().query(sql, { bind });
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error(`not refused: ${sql}`);
}

describe('population database: the verify port, its adapters and reconciliation (issue 22, §15.5)', () => {
  let centre: number;
  let staff: TestUser;
  beforeEach(async () => {
    centre = (await makeCentre()).id;
    staff = await makeUser('centre_staff', { agencyId: centre });
  });

  describe('the port with the manual adapter (chip card / VNeID), Decree 47/2020 Art 45', () => {
    it('answers verified, mismatch (the fields) and not found, each request and answer logged; the log refuses UPDATE and DELETE', async () => {
      const a = await makeWorker({ linkTo: centre, fullName: 'Lê Thị Hoa', dateOfBirth: '1995-03-02', sex: 'female' });
      const b = await makeWorker({ linkTo: centre, dateOfBirth: '1990-07-01', sex: 'male', fullName: 'Trần Văn Nam' });
      const c = await makeWorker({ linkTo: centre });

      const verified = await request(app)
        .post('/api/v1/identity-verifications')
        .set(staff.auth)
        .send({ workerId: a.id, method: 'chip_card', outcome: 'verified' })
        .expect(201);
      expect(verified.body.data).to.include({ result: 'verified', verified: true });

      const mismatch = await request(app)
        .post('/api/v1/identity-verifications')
        .set(staff.auth)
        .send({ workerId: b.id, method: 'vneid', outcome: 'mismatch', seen: { dateOfBirth: '1990-07-10' } })
        .expect(201);
      expect(mismatch.body.data.result).to.equal('mismatch');
      expect(mismatch.body.data.mismatched).to.deep.equal(['date_of_birth']);
      expect(mismatch.body.data.correctionId).to.be.a('number');

      const notFound = await request(app)
        .post('/api/v1/identity-verifications')
        .set(staff.auth)
        .send({ workerId: c.id, method: 'paper', outcome: 'not_found' })
        .expect(201);
      expect(notFound.body.data.result).to.equal('not_found');

      const log = await q<{
        worker_id: string;
        direction: string;
        adapter: string;
        method: string;
        result: string | null;
        actor_user_id: string;
        fields_sent: string[];
        fields_answered: string[];
        mismatched_fields: string[];
      }>('SELECT * FROM identity_verification_log ORDER BY id');
      expect(log.map((l) => [Number(l.worker_id), l.direction, l.result])).to.deep.equal([
        [a.id, 'request', null],
        [a.id, 'answer', 'verified'],
        [b.id, 'request', null],
        [b.id, 'answer', 'mismatch'],
        [c.id, 'request', null],
        [c.id, 'answer', 'not_found'],
      ]);
      for (const l of log) {
        expect(l.adapter).to.equal('manual');
        expect(Number(l.actor_user_id)).to.equal(staff.user.id);
        expect(l.fields_sent).to.deep.equal(['full_name', 'date_of_birth', 'sex', 'cccd']);
      }
      expect(log[3].mismatched_fields).to.deep.equal(['date_of_birth']);
      expect(log[3].fields_answered).to.deep.equal(['date_of_birth']);
      expect(log[3].method).to.equal('vneid');

      // append-only (refuse_change)
      expect(await refused(`UPDATE identity_verification_log SET result = 'verified'`)).to.match(/append-only/);
      expect(await refused('DELETE FROM identity_verification_log')).to.match(/append-only/);

      // the worker's state: a verified, b not (its correction waits), c not
      const ws = await q<{ id: string; identity_verified_method: string | null }>(
        'SELECT id, identity_verified_method FROM workers ORDER BY id',
      );
      expect(ws.map((w) => w.identity_verified_method)).to.deep.equal(['chip_card', null, null]);
      // the log reads back through the API, newest first
      const read = await request(app)
        .get(`/api/v1/identity-verifications?workerId=${b.id}`)
        .set(staff.auth)
        .expect(200);
      expect(read.body.data.map((l: { direction: string }) => l.direction)).to.deep.equal(['answer', 'request']);
    });

    it('a mismatch without a differing value seen is refused (400), and nothing is logged', async () => {
      const w = await makeWorker({ linkTo: centre, fullName: 'Lê Thị Hoa' });
      const res = await request(app)
        .post('/api/v1/identity-verifications')
        .set(staff.auth)
        .send({ workerId: w.id, method: 'chip_card', outcome: 'mismatch', seen: { fullName: 'LÊ THỊ HOA' } })
        .expect(400);
      expect(res.body.error.details[0].path).to.equal('seen');
      expect(await q('SELECT id FROM identity_verification_log')).to.have.length(0);
    });
  });

  describe('adapter 2: batch request and result files (đối soát)', () => {
    it('round trip: 1 matched, 1 mismatched (date_of_birth), 1 not found, 1 corrected CCCD of another worker held for the admin; corrections only after acceptance', async () => {
      const w1 = await makeWorker({
        linkTo: centre,
        fullName: 'Nguyễn Văn An',
        dateOfBirth: '1990-01-15',
        sex: 'male',
      });
      const w2 = await makeWorker({
        linkTo: centre,
        fullName: 'Phạm Thị Bình',
        dateOfBirth: '1992-05-20',
        sex: 'female',
      });
      const w3 = await makeWorker({
        linkTo: centre,
        fullName: 'Hoàng Văn Cường',
        dateOfBirth: '1988-11-30',
        sex: 'male',
      });
      const w4 = await makeWorker({
        linkTo: centre,
        fullName: 'Đỗ Thị Dung',
        dateOfBirth: '1999-02-02',
        sex: 'female',
      });
      // another worker (another centre's) already holds the CCCD the registry says is w4's
      const other = await makeWorker({ dateOfBirth: '1999-02-02', sex: 'female', fullName: 'Đỗ Thị Dung' });

      const created = await request(app)
        .post('/api/v1/identity-batches')
        .set(staff.auth)
        .send({ selection: 'unverified' })
        .expect(201);
      const batchId = created.body.data.id as number;
      expect(created.body.data.rowCount).to.equal(4);
      // one logged request per row
      expect(
        await q(`SELECT id FROM identity_verification_log WHERE batch_id = $1 AND direction = 'request'`, [batchId]),
      ).to.have.length(4);

      // the request file, parsed back (CSV; and the XLSX answers as a workbook)
      const csv = await request(app)
        .get(`/api/v1/identity-batches/${batchId}/request-file?format=csv`)
        .set(staff.auth)
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        })
        .expect(200);
      const rows = parseCsv((csv.body as Buffer).toString('utf8'));
      expect(rows).to.have.length(4);
      expect(rows[0]).to.deep.equal({
        'Mã lô': String(batchId),
        STT: '1',
        'Số định danh cá nhân': w1.cccd,
        'Họ và tên': 'Nguyễn Văn An',
        'Ngày sinh': '15/01/1990',
        'Giới tính': 'Nam',
      });
      const byCccd = new Map(rows.map((r) => [r['Số định danh cá nhân'], Number(r.STT)]));
      const xlsx = await request(app)
        .get(`/api/v1/identity-batches/${batchId}/request-file?format=xlsx`)
        .set(staff.auth)
        .expect(200);
      expect(xlsx.headers['content-type']).to.contain('spreadsheetml');

      // the registry answers (the name in capitals still matches)
      const result = resultCsv([
        { rowNo: byCccd.get(w1.cccd), found: true, fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-01-15', sex: 'male' },
        {
          rowNo: byCccd.get(w2.cccd),
          found: true,
          fullName: 'Phạm Thị Bình',
          dateOfBirth: '1992-05-21',
          sex: 'female',
        },
        { cccd: w3.cccd, found: false },
        {
          rowNo: byCccd.get(w4.cccd),
          found: true,
          fullName: 'Đỗ Thị Dung',
          dateOfBirth: '1999-02-02',
          sex: 'female',
          correctedCccd: other.cccd,
        },
      ]);
      const sent = await request(app)
        .post(`/api/v1/identity-batches/${batchId}/result-file`)
        .set(staff.auth)
        .attach('file', result, 'ket-qua.csv')
        .expect(202);
      expect(sent.body.data.importStatus).to.equal('queued');
      // a second result file for the same batch is refused
      await request(app)
        .post(`/api/v1/identity-batches/${batchId}/result-file`)
        .set(staff.auth)
        .attach('file', result, 'ket-qua.csv')
        .expect(409);
      await drainJobs(IMPORT_JOB);

      const report = (await request(app).get(`/api/v1/identity-batches/${batchId}/report`).set(staff.auth).expect(200))
        .body.data;
      expect(report.batch.importStatus).to.equal('done');
      expect(report.batch.importDone).to.equal(4);
      expect(report.counts).to.deep.equal({ matched: 1, mismatch: 1, notFound: 1, collision: 1, noAnswer: 0 });
      expect(report.byField).to.deep.equal([
        { field: 'date_of_birth', label: 'ngày sinh', count: 1, rows: [byCccd.get(w2.cccd)] },
      ]);
      expect(report.rows.notFound.map((r: { workerId: number }) => r.workerId)).to.deep.equal([w3.id]);

      // matched → verified by the batch file; the collision is held for the admin, never applied
      const [v1] = await q<{ identity_verified_method: string }>(
        'SELECT identity_verified_method FROM workers WHERE id = $1',
        [w1.id],
      );
      expect(v1.identity_verified_method).to.equal('batch_file');
      const dups = await q<{ worker_id: string; other_worker_id: string; status: string }>(
        'SELECT worker_id, other_worker_id, status FROM identity_duplicates',
      );
      expect(dups.map((d) => [Number(d.worker_id), Number(d.other_worker_id), d.status])).to.deep.equal([
        [w4.id, other.id, 'open'],
      ]);
      const [w4now] = await q<{ cccd: string }>('SELECT cccd FROM workers WHERE id = $1', [w4.id]);
      expect(w4now.cccd).to.equal(w4.cccd);
      // one logged answer per row
      const answers = await q<{ worker_id: string; result: string }>(
        `SELECT worker_id, result FROM identity_verification_log WHERE batch_id = $1 AND direction = 'answer' ORDER BY batch_row_no`,
        [batchId],
      );
      expect(answers).to.have.length(4);

      // before acceptance: the mismatched worker is unchanged
      const [before] = await q<{ date_of_birth: string; identity_verified_at: Date | null }>(
        'SELECT date_of_birth, identity_verified_at FROM workers WHERE id = $1',
        [w2.id],
      );
      expect(before).to.deep.equal({ date_of_birth: '1992-05-20', identity_verified_at: null });
      const open = (
        await request(app).get(`/api/v1/identity-corrections?batchId=${batchId}`).set(staff.auth).expect(200)
      ).body.data;
      expect(open).to.have.length(1);
      expect(open[0].changes).to.deep.equal([
        { field: 'date_of_birth', label: 'ngày sinh', current: '20/05/1992', proposed: '21/05/1992' },
      ]);

      // accepted: applied and verified
      const accepted = await request(app)
        .post(`/api/v1/identity-batches/${batchId}/accept-corrections`)
        .set(staff.auth)
        .expect(200);
      expect(accepted.body.data).to.deep.equal({ applied: 1, heldAsDuplicates: 0 });
      const [after] = await q<{ date_of_birth: string; identity_verified_method: string }>(
        'SELECT date_of_birth, identity_verified_method FROM workers WHERE id = $1',
        [w2.id],
      );
      expect(after).to.deep.equal({ date_of_birth: '1992-05-21', identity_verified_method: 'batch_file' });
    });

    it('the admin compares a suspected duplicate masked and records "not the same person" (no merge)', async () => {
      const admin = await makeUser('admin');
      const w = await makeWorker({ linkTo: centre, dateOfBirth: '1999-02-02', sex: 'female' });
      const other = await makeWorker({ dateOfBirth: '1999-02-02', sex: 'female' });
      await request(app)
        .post('/api/v1/identity-verifications')
        .set(staff.auth)
        .send({ workerId: w.id, method: 'chip_card', outcome: 'mismatch', seen: { cccd: other.cccd } })
        .expect(201);
      const list = (await request(app).get('/api/v1/identity-duplicates').set(admin.auth).expect(200)).body.data;
      expect(list).to.have.length(1);
      expect(list[0].other.cccdMasked).to.not.equal(other.cccd);
      await request(app).get('/api/v1/identity-duplicates').set(staff.auth).expect(403);
      const page = await request(app).get(`/admin/nghi-trung-lap/${list[0].id}`).set(admin.auth).expect(200);
      expect(page.text).to.not.contain(other.cccd);
      const resolved = await request(app)
        .post(`/api/v1/identity-duplicates/${list[0].id}/resolve`)
        .set(admin.auth)
        .send({ decision: 'not_same_person', note: 'Hai người khác nhau, đã gọi điện xác minh' })
        .expect(200);
      expect(resolved.body.data.status).to.equal('not_same_person');
      await request(app)
        .post(`/api/v1/identity-duplicates/${list[0].id}/resolve`)
        .set(admin.auth)
        .send({ decision: 'not_same_person', note: 'lần hai' })
        .expect(409);
      // both records are as they were
      const ws = await q<{ cccd: string }>('SELECT cccd FROM workers WHERE id = ANY($1) ORDER BY id', [
        [w.id, other.id],
      ]);
      expect(ws.map((x) => x.cccd)).to.deep.equal([w.cccd, other.cccd]);
    });
  });

  describe('an XLSX result file', () => {
    it('is read from its first sheet: Vietnamese names whole, a date cell as a date, a row number as a number', async () => {
      const w = await makeWorker({ linkTo: centre, fullName: 'Nguyễn Thị Ửng Hồng', dateOfBirth: '1991-12-31' });
      const batch = (
        await request(app).post('/api/v1/identity-batches').set(staff.auth).send({ selection: 'scope' }).expect(201)
      ).body.data;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Kết quả');
      ws.addRow(['STT', 'Số định danh cá nhân', 'Trạng thái', 'Họ và tên', 'Ngày sinh', 'Giới tính']);
      ws.addRow([1, w.cccd, 'Có', 'NGUYỄN THỊ ỬNG HỒNG', new Date(Date.UTC(1991, 11, 31)), 'Nữ']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      await request(app)
        .post(`/api/v1/identity-batches/${batch.id}/result-file`)
        .set(staff.auth)
        .attach('file', bytes, 'ket-qua.xlsx')
        .expect(202);
      await drainJobs(IMPORT_JOB);
      const report = (await request(app).get(`/api/v1/identity-batches/${batch.id}/report`).set(staff.auth).expect(200))
        .body.data;
      expect(report.counts).to.include({ matched: 1, mismatch: 0 });
    });

    it('a result file without a status column fails with the reason on the batch (and may be sent again)', async () => {
      await makeWorker({ linkTo: centre });
      const batch = (
        await request(app).post('/api/v1/identity-batches').set(staff.auth).send({ selection: 'scope' }).expect(201)
      ).body.data;
      await request(app)
        .post(`/api/v1/identity-batches/${batch.id}/result-file`)
        .set(staff.auth)
        .attach('file', Buffer.from('STT,Họ và tên\n1,An\n'), 'kq.csv')
        .expect(202);
      await drainJobs(IMPORT_JOB);
      const b = (await request(app).get(`/api/v1/identity-batches/${batch.id}`).set(staff.auth).expect(200)).body.data;
      expect(b.importStatus).to.equal('failed');
      expect(b.importError).to.contain('Trạng thái');
      await request(app)
        .post(`/api/v1/identity-batches/${batch.id}/result-file`)
        .set(staff.auth)
        .attach('file', resultCsv([{ rowNo: 1, found: false }]), 'kq.csv')
        .expect(202);
    });
  });

  describe('Decree 318/2025: verified identity fields are read-only except through re-verification', () => {
    it('the API refuses an edit with 409 and the rule, a direct UPDATE is refused by the trigger, and re-verification changes it', async () => {
      const agency = await makeUser('agency_staff');
      const w = await makeWorker({ linkTo: agency.user.agencyId!, fullName: 'Vũ Thị Lan', dateOfBirth: '1996-06-06' });
      await request(app)
        .post('/api/v1/identity-verifications')
        .set(agency.auth)
        .send({ workerId: w.id, method: 'chip_card', outcome: 'verified' })
        .expect(201);
      const res = await request(app)
        .patch(`/api/v1/workers/${w.id}`)
        .set(agency.auth)
        .send({ fullName: 'Vũ Thị Lành' })
        .expect(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.message).to.contain('Nghị định 318/2025');
      expect(res.body.error.details).to.include({ reason: 'IDENTITY_VERIFIED' });
      // other fields still change
      const other = await request(app).patch(`/api/v1/workers/${w.id}`).set(agency.auth).send({ street: 'Thôn Đông' });
      expect(other.status, JSON.stringify(other.body)).to.equal(200);
      // the database refuses a direct change too
      expect(await refused(`UPDATE workers SET full_name = 'Khác' WHERE id = $1`, [w.id])).to.match(/re-verification/);
      // the worker page and the edit form say so
      const page = await request(app).get(`/workers/${w.id}`).set(agency.auth).expect(200);
      expect(page.text).to.contain('đã xác thực');
      const form = await request(app).get(`/workers/${w.id}/edit`).set(agency.auth).expect(200);
      expect(form.text).to.contain('data-testid="identity-verified"');
      expect(form.text).to.not.contain('id="fullName"');

      // re-verification: a mismatch seen on VNeID, then accepted
      const m = await request(app)
        .post('/api/v1/identity-verifications')
        .set(agency.auth)
        .send({ workerId: w.id, method: 'vneid', outcome: 'mismatch', seen: { fullName: 'Vũ Thị Lành' } })
        .expect(201);
      const [still] = await q<{ full_name: string }>('SELECT full_name FROM workers WHERE id = $1', [w.id]);
      expect(still.full_name).to.equal('Vũ Thị Lan');
      const acc = await request(app)
        .post(`/api/v1/identity-corrections/${m.body.data.correctionId}/accept`)
        .set(agency.auth);
      expect(acc.status, JSON.stringify(acc.body)).to.equal(200);
      const [now] = await q<{ full_name: string; full_name_folded: string; identity_verified_method: string }>(
        'SELECT full_name, full_name_folded, identity_verified_method FROM workers WHERE id = $1',
        [w.id],
      );
      expect(now).to.deep.equal({
        full_name: 'Vũ Thị Lành',
        full_name_folded: 'vu thi lanh',
        identity_verified_method: 'vneid',
      });
      // a correction accepted once cannot be accepted again
      await request(app)
        .post(`/api/v1/identity-corrections/${m.body.data.correctionId}/accept`)
        .set(agency.auth)
        .expect(404);
    });
  });

  describe('scope', () => {
    it("another province's centre staff gets 404 on the batch, its files, its report and a worker's log; a commune officer only her residents", async () => {
      const w = await makeWorker({ linkTo: centre });
      const batch = (
        await request(app).post('/api/v1/identity-batches').set(staff.auth).send({ selection: 'scope' }).expect(201)
      ).body.data;
      const far = await makeUser('centre_staff', { agencyId: (await makeCentre({ provinceCode: '01' })).id });
      await request(app).get(`/api/v1/identity-batches/${batch.id}`).set(far.auth).expect(404);
      await request(app).get(`/api/v1/identity-batches/${batch.id}/report`).set(far.auth).expect(404);
      await request(app).get(`/api/v1/identity-batches/${batch.id}/request-file`).set(far.auth).expect(404);
      await request(app).get(`/xac-thuc/lo/${batch.id}`).set(far.auth).expect(404);
      await request(app)
        .post(`/api/v1/identity-batches/${batch.id}/result-file`)
        .set(far.auth)
        .attach('file', resultCsv([{ rowNo: 1, found: false }]), 'kq.csv')
        .expect(404);
      await request(app).get(`/api/v1/identity-verifications?workerId=${w.id}`).set(far.auth).expect(404);
      await request(app)
        .post('/api/v1/identity-verifications')
        .set(far.auth)
        .send({ workerId: w.id, method: 'chip_card', outcome: 'verified' })
        .expect(404);
      expect((await request(app).get('/api/v1/identity-batches').set(far.auth).expect(200)).body.data).to.deep.equal(
        [],
      );

      // a commune officer (commune 14869): her resident yes, another commune's no
      const officer = await makeUser('commune_officer');
      const resident = await makeWorker({ communeCode: '14869' });
      const elsewhere = await makeWorker({
        provinceCode: '01',
        communeCode: '00004',
        cccd: validCccd('1998-04-12', 'female'),
      });
      await request(app)
        .post('/api/v1/identity-verifications')
        .set(officer.auth)
        .send({ workerId: resident.id, method: 'chip_card', outcome: 'verified' })
        .expect(201);
      await request(app)
        .post('/api/v1/identity-verifications')
        .set(officer.auth)
        .send({ workerId: elsewhere.id, method: 'chip_card', outcome: 'verified' })
        .expect(404);
      await request(app).get(`/api/v1/identity-batches/${batch.id}`).set(officer.auth).expect(404);
      const own = (
        await request(app).post('/api/v1/identity-batches').set(officer.auth).send({ selection: 'scope' }).expect(201)
      ).body.data;
      // her batch holds her commune's residents only
      const ids = await q<{ worker_id: string }>('SELECT worker_id FROM identity_batch_rows WHERE batch_id = $1', [
        own.id,
      ]);
      expect(ids.map((r) => Number(r.worker_id))).to.not.include(elsewhere.id);
      await request(app).get(`/api/v1/identity-batches/${own.id}`).set(staff.auth).expect(404);
    });
  });
});
