import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { agencyWithCase, makeUser, makeWorker } from '../../helpers/cases';
import { JPEG_BYTES, PDF_BYTES, PNG_BYTES, makePaper, paperFields } from '../../helpers/papers';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { MAX_FILE_BYTES } from '../../../server/shared/files';
import { renderString } from '../../../server/shared/views';
import { casePapersPanel, papersAgainstDate } from '../../../server/modules/papers';
import type { Actor } from '../../../server/shared/auth/permissions';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A multipart upload of a paper with its scan in field `scan`. */
function upload(
  auth: Record<string, string>,
  url: string,
  fields: Record<string, string>,
  scan?: { bytes: Buffer; name: string },
) {
  const req = request(testApp()).post(url).set(auth);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  if (scan) req.attach('scan', scan.bytes, scan.name);
  return req;
}

/** Supertest buffers binary bodies only when asked. */
function download(auth: Record<string, string>, id: number) {
  return request(testApp())
    .get(`/api/v1/papers/${id}/file`)
    .set(auth)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

async function linkedWorker() {
  const staff = await makeUser('agency_staff');
  const worker = await makeWorker({ linkTo: staff.user.agencyId! });
  return { staff, worker };
}

const actorOf = (u: Awaited<ReturnType<typeof makeUser>>['user']): Actor => ({
  userId: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  agencyId: u.agencyId,
  branchId: u.branchId,
  communeCode: u.communeCode,
  provinceCode: u.provinceCode,
  workerId: u.workerId,
});

describe('papers', () => {
  beforeEach(() => setClock('2026-11-27'));

  describe('POST /api/v1/workers/:id/papers', () => {
    it('when PDF, JPEG and PNG scans are uploaded, then each is stored with its detected type, size, sha256, NFC name and uploader', async () => {
      const { staff, worker } = await linkedWorker();
      const scans = [
        { kind: 'passport', bytes: PDF_BYTES, name: 'Ho\u0302\u0323 chie\u0302\u0301u.pdf', mime: 'application/pdf' },
        { kind: 'health_certificate', bytes: JPEG_BYTES, name: 'C:\\scans\\suc-khoe.jpg', mime: 'image/jpeg' },
        { kind: 'criminal_record', bytes: PNG_BYTES, name: 'ly-lich.png', mime: 'image/png' },
      ] as const;
      for (const s of scans) {
        const res = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields(s.kind), {
          bytes: s.bytes,
          name: s.name,
        }).expect(201);
        expect(res.body.data).to.include({ kind: s.kind, workerId: worker.id, caseId: null, issuedOn: '2026-01-10' });
        expect(res.body.data.scan).to.include({
          mime: s.mime,
          size: s.bytes.length,
          sha256: sha256(s.bytes),
          url: `/api/v1/papers/${res.body.data.id}/file`,
        });
      }
      const files = await rows('SELECT mime, size, sha256, name, content, uploaded_by_user_id FROM files ORDER BY id');
      expect(files.map((f) => ({ ...f, content: undefined }))).to.deep.equal([
        {
          mime: 'application/pdf',
          size: PDF_BYTES.length,
          sha256: sha256(PDF_BYTES),
          name: 'Hộ chiếu.pdf',
          content: undefined,
          uploaded_by_user_id: String(staff.user.id),
        },
        {
          mime: 'image/jpeg',
          size: JPEG_BYTES.length,
          sha256: sha256(JPEG_BYTES),
          name: 'suc-khoe.jpg',
          content: undefined,
          uploaded_by_user_id: String(staff.user.id),
        },
        {
          mime: 'image/png',
          size: PNG_BYTES.length,
          sha256: sha256(PNG_BYTES),
          name: 'ly-lich.png',
          content: undefined,
          uploaded_by_user_id: String(staff.user.id),
        },
      ]);
      expect(Buffer.compare(files[0].content as Buffer, PDF_BYTES)).to.equal(0);
      const papers = await rows('SELECT kind, worker_id, file_id, created_by_user_id FROM papers ORDER BY id');
      expect(papers.map((p) => p.kind)).to.deep.equal(['passport', 'health_certificate', 'criminal_record']);
      expect(
        papers.every(
          (p) =>
            p.file_id !== null && p.worker_id === String(worker.id) && p.created_by_user_id === String(staff.user.id),
        ),
      ).to.equal(true);
    });

    it('when a file named .pdf holds a PNG, then 400 saying so, and neither a file nor a paper is stored', async () => {
      const { staff, worker } = await linkedWorker();
      const res = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
        bytes: PNG_BYTES,
        name: 'ho-chieu.pdf',
      }).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.message).to.equal('Tên tệp «ho-chieu.pdf» cho biết là PDF nhưng nội dung là PNG');
      expect(res.body.error.details).to.deep.equal([{ path: 'scan', message: res.body.error.message }]);
      expect(await rows('SELECT id FROM files')).to.have.length(0);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });

    it('when the content is not a PDF, JPEG or PNG (whatever its name or declared type), then 400 and nothing stored', async () => {
      const { staff, worker } = await linkedWorker();
      const res = await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .field(paperFields('passport'))
        .attach('scan', Buffer.from('<script>alert(1)</script>'), {
          filename: 'ho-chieu.pdf',
          contentType: 'application/pdf',
        })
        .expect(400);
      expect(res.body.error).to.include({ code: 'VALIDATION_FAILED', message: 'Chỉ nhận tệp PDF, JPEG hoặc PNG' });
      expect(await rows('SELECT id FROM files')).to.have.length(0);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });

    it('when the scan is empty, then 400 and nothing stored', async () => {
      const { staff, worker } = await linkedWorker();
      await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
        bytes: Buffer.alloc(0),
        name: 'a.pdf',
      }).expect(400);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });

    it('when the scan is 10 MB + 1 byte (or far more), then 413 PAYLOAD_TOO_LARGE and nothing stored', async () => {
      const { staff, worker } = await linkedWorker();
      for (const size of [MAX_FILE_BYTES + 1, MAX_FILE_BYTES + 512 * 1024]) {
        const big = Buffer.alloc(size, 0x20);
        PDF_BYTES.copy(big);
        const res = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
          bytes: big,
          name: 'lon.pdf',
        });
        expect(res.status, `${size} bytes`).to.equal(413);
        expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
      }
      expect(await rows('SELECT id FROM files')).to.have.length(0);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });

    it('when JSON comes without a scan (a criminal-record certificate without expiry), then the paper is stored without a file', async () => {
      const { staff, worker } = await linkedWorker();
      const res = await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .send(paperFields('criminal_record', { expiresOn: null, issuingBody: 'Sở Tư pháp Thanh Hóa' }))
        .expect(201);
      expect(res.body.data).to.include({ kind: 'criminal_record', expiresOn: null, scan: null });
      const [p] = await rows('SELECT kind, number, issuing_body, expires_on, file_id FROM papers');
      expect(p).to.deep.equal({
        kind: 'criminal_record',
        number: 'CRI-123456',
        issuing_body: 'Sở Tư pháp Thanh Hóa',
        expires_on: null,
        file_id: null,
      });
      await download(staff.auth, res.body.data.id).expect(404);
    });

    it('when a passport has no expiry, the expiry precedes the issue, or the issue is in the future, then 400 on that field', async () => {
      const { staff, worker } = await linkedWorker();
      const url = `/api/v1/workers/${worker.id}/papers`;
      const paths = async (body: Record<string, string>) =>
        (await request(testApp()).post(url).set(staff.auth).send(body).expect(400)).body.error.details.map(
          (d: { path: string }) => d.path,
        );
      expect(await paths(paperFields('passport', { expiresOn: null }))).to.deep.equal(['expiresOn']);
      expect(await paths(paperFields('passport', { expiresOn: '2025-01-01' }))).to.deep.equal(['expiresOn']);
      expect(await paths(paperFields('passport', { issuedOn: '2026-11-28' }))).to.deep.equal(['issuedOn']);
      expect(await paths(paperFields('visa'))).to.deep.equal(['kind']);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });

    it('when an orientation certificate is recorded, then it needs market and job category and is issued for my agency', async () => {
      const { staff, worker } = await linkedWorker();
      const url = `/api/v1/workers/${worker.id}/papers`;
      const bad = await request(testApp())
        .post(url)
        .set(staff.auth)
        .send(paperFields('orientation_certificate', { market: null, jobCategory: null }))
        .expect(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).to.deep.equal([
        'jobCategory',
        'market',
      ]);
      await request(testApp())
        .post(url)
        .set(staff.auth)
        .send(paperFields('orientation_certificate', { market: 'ZZ' }))
        .expect(400);
      const res = await request(testApp())
        .post(url)
        .set(staff.auth)
        .send(paperFields('orientation_certificate', { market: 'jp' }))
        .expect(201);
      expect(res.body.data).to.include({ market: 'JP', jobCategory: 'general', senderAgencyId: staff.user.agencyId });
      // a passport ignores market and job category
      const passport = await request(testApp())
        .post(url)
        .set(staff.auth)
        .send({ ...paperFields('passport'), market: 'JP', jobCategory: 'general' })
        .expect(201);
      expect(passport.body.data).to.include({ market: null, jobCategory: null, senderAgencyId: null });
    });

    it('when the worker is not linked to my agency, then 404 and nothing stored; other roles may not write', async () => {
      const staff = await makeUser('agency_staff');
      const stranger = await makeWorker();
      await upload(staff.auth, `/api/v1/workers/${stranger.id}/papers`, paperFields('passport'), {
        bytes: PDF_BYTES,
        name: 'a.pdf',
      }).expect(404);
      const admin = await makeUser('admin');
      await request(testApp())
        .post(`/api/v1/workers/${stranger.id}/papers`)
        .set(admin.auth)
        .send(paperFields('passport'))
        .expect(403);
      const self = await makeUser('worker', { workerId: stranger.id });
      await request(testApp())
        .post(`/api/v1/workers/${stranger.id}/papers`)
        .set(self.auth)
        .send(paperFields('passport'))
        .expect(403);
      expect(await rows('SELECT id FROM files')).to.have.length(0);
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
    });
  });

  describe('sensitive papers', () => {
    it('when a health or criminal-record certificate is recorded, then the audit names it but holds neither its number nor its issuer', async () => {
      const { staff, worker } = await linkedWorker();
      await upload(
        staff.auth,
        `/api/v1/workers/${worker.id}/papers`,
        paperFields('health_certificate', { number: 'SK-998877', issuingBody: 'Bệnh viện Đa khoa tỉnh Thanh Hóa' }),
        { bytes: PDF_BYTES, name: 'sk.pdf' },
      ).expect(201);
      await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .send(
          paperFields('criminal_record', { number: 'LLTP-4455', issuingBody: 'Sở Tư pháp Nghệ An', expiresOn: null }),
        )
        .expect(201);
      await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .send(paperFields('passport', { number: 'P01234567' }))
        .expect(201);
      const audits = await rows(
        "SELECT action, entity, after, sensitive_fields FROM audit_log WHERE entity = 'paper' ORDER BY id",
      );
      expect(audits.map((a) => [a.action, a.sensitive_fields])).to.deep.equal([
        ['paper.created', ['healthCertificate']],
        ['paper.created', ['criminalRecord']],
        ['paper.created', []],
      ]);
      const text = JSON.stringify(audits.slice(0, 2));
      for (const secret of ['SK-998877', 'Bệnh viện', 'LLTP-4455', 'Sở Tư pháp']) expect(text).not.to.contain(secret);
      expect(audits[0].after).to.include({ kind: 'health_certificate', issuedOn: '2026-01-10' });
      expect((audits[0].after as { file: object }).file).to.include({
        sha256: sha256(PDF_BYTES),
        mime: 'application/pdf',
      });
      // a passport number is identifying: kept masked, with its keyed hash
      expect((audits[2].after as { number: { masked: string } }).number.masked).to.equal('P******67');
      expect(JSON.stringify(audits[2])).not.to.contain('P01234567');
    });

    it('when any scan is read (health certificate or passport), then the access log records who read it', async () => {
      const { staff, worker } = await linkedWorker();
      const health = await upload(
        staff.auth,
        `/api/v1/workers/${worker.id}/papers`,
        paperFields('health_certificate'),
        { bytes: PDF_BYTES, name: 'sk.pdf' },
      ).expect(201);
      const passport = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
        bytes: PDF_BYTES,
        name: 'hc.pdf',
      }).expect(201);
      await download(staff.auth, health.body.data.id).expect(200);
      await download(staff.auth, passport.body.data.id).expect(200);
      const log = await rows(
        "SELECT actor_user_id, actor_role, organisation, subject_type, subject_id, route, event FROM access_log WHERE event = 'scan.downloaded' ORDER BY id",
      );
      expect(log).to.deep.equal(
        [health, passport].map((p) => ({
          actor_user_id: String(staff.user.id),
          actor_role: 'agency_staff',
          organisation: `agency:${staff.user.agencyId}`,
          event: 'scan.downloaded',
          subject_type: 'paper',
          subject_id: String(p.body.data.id),
          route: `GET /api/v1/papers/${p.body.data.id}/file`,
        })),
      );
    });
  });

  describe('GET /api/v1/papers/:id/file', () => {
    it('when someone in scope downloads a scan, then the exact bytes come back as an attachment with its type and nosniff', async () => {
      const { staff, worker } = await linkedWorker();
      const created = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
        bytes: PNG_BYTES,
        name: 'Hộ chiếu (trang 1).png',
      }).expect(201);
      const res = await download(staff.auth, created.body.data.id).expect(200);
      expect(res.headers['content-type']).to.equal('image/png');
      expect(res.headers['content-length']).to.equal(String(PNG_BYTES.length));
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-disposition']).to.equal(
        "attachment; filename*=UTF-8''H%E1%BB%99%20chi%E1%BA%BFu%20%28trang%201%29.png",
      );
      expect(res.headers['cache-control']).to.equal('private, no-store');
      expect(Buffer.compare(res.body as Buffer, PNG_BYTES)).to.equal(0);
    });

    it('when another agency asks for a scan, then 404 exactly like a missing id; the worker gets their own scan, another worker 404', async () => {
      const { staff, worker } = await linkedWorker();
      const created = await upload(staff.auth, `/api/v1/workers/${worker.id}/papers`, paperFields('passport'), {
        bytes: PDF_BYTES,
        name: 'hc.pdf',
      }).expect(201);
      const id = created.body.data.id as number;
      const other = await makeUser('agency_staff');
      const foreign = await download(other.auth, id).expect(404);
      const missing = await download(other.auth, id + 1000).expect(404);
      expect(JSON.parse(foreign.body.toString())).to.deep.equal(JSON.parse(missing.body.toString()));

      const self = await makeUser('worker', { workerId: worker.id });
      const own = await download(self.auth, id).expect(200);
      expect(Buffer.compare(own.body as Buffer, PDF_BYTES)).to.equal(0);
      const someoneElse = await makeUser('worker');
      await download(someoneElse.auth, id).expect(404);
      const admin = await makeUser('admin');
      await download(admin.auth, id).expect(200);
      const officer = await makeUser('commune_officer');
      await download(officer.auth, id).expect(403);
      await request(testApp()).get(`/api/v1/papers/${id}/file`).expect(401);
    });
  });

  describe('case papers', () => {
    it("when my agency records a visa on its case, then it belongs to the case and its worker; on another agency's case, 404 and nothing stored", async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      const res = await upload(
        staff.auth,
        `/api/v1/cases/${caseId}/papers`,
        paperFields('visa', { issuingBody: 'Đại sứ quán Nhật Bản' }),
        { bytes: JPEG_BYTES, name: 'visa.jpg' },
      ).expect(201);
      expect(res.body.data).to.include({ kind: 'visa', caseId, workerId: worker.id });
      const [p] = await rows('SELECT worker_id, case_id FROM papers');
      expect(p).to.deep.equal({ worker_id: String(worker.id), case_id: String(caseId) });

      const other = await makeUser('agency_staff');
      await upload(other.auth, `/api/v1/cases/${caseId}/papers`, paperFields('work_permit'), {
        bytes: PDF_BYTES,
        name: 'wp.pdf',
      }).expect(404);
      expect(await rows('SELECT id FROM papers')).to.have.length(1);
      expect(await rows('SELECT id FROM files')).to.have.length(1);
      await request(testApp())
        .post(`/api/v1/cases/${caseId}/papers`)
        .set(staff.auth)
        .send(paperFields('passport'))
        .expect(400);
    });

    it("when the worker is also linked to another agency, then that agency sees the worker's own papers but not this agency's case papers or their scans", async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      const visa = await upload(staff.auth, `/api/v1/cases/${caseId}/papers`, paperFields('visa'), {
        bytes: PDF_BYTES,
        name: 'visa.pdf',
      }).expect(201);
      await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .send(paperFields('passport'))
        .expect(201);

      const other = await makeUser('agency_staff');
      await sequelize().query(
        `INSERT INTO worker_agency_links (worker_id, agency_id, since, consent_date, purposes, evidence)
        VALUES ($1, $2, '2026-11-01', '2026-11-01', '{recruitment}', 'Phiếu đồng ý')`,
        { bind: [worker.id, other.user.agencyId] },
      );
      const seen = await request(testApp()).get(`/api/v1/workers/${worker.id}/papers`).set(other.auth).expect(200);
      expect(seen.body.data.map((p: { kind: string }) => p.kind)).to.deep.equal(['passport']);
      await download(other.auth, visa.body.data.id).expect(404);

      const mine = await request(testApp()).get(`/api/v1/workers/${worker.id}/papers`).set(staff.auth).expect(200);
      expect(mine.body.data.map((p: { kind: string }) => p.kind)).to.deep.equal(['passport', 'visa']);
      const self = await makeUser('worker', { workerId: worker.id });
      const own = await request(testApp()).get(`/api/v1/workers/${worker.id}/papers`).set(self.auth).expect(200);
      expect(own.body.data.map((p: { kind: string }) => p.kind)).to.deep.equal(['passport', 'visa']);
      await download(self.auth, visa.body.data.id).expect(200);
      const stranger = await makeUser('agency_staff');
      await request(testApp()).get(`/api/v1/workers/${worker.id}/papers`).set(stranger.auth).expect(404);
    });
  });

  describe('papersAgainstDate', () => {
    it('when papers are missing, valid, expiring before the departure or already expired, then each kind says so from its latest paper', async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      const other = await agencyWithCase();
      const w = worker.id;
      await makePaper({ kind: 'passport', workerId: w, issuedOn: '2016-01-01', expiresOn: '2026-12-01' });
      await makePaper({
        kind: 'passport',
        workerId: w,
        issuedOn: '2026-01-01',
        expiresOn: '2036-01-01',
        number: 'P-NEW',
      });
      await makePaper({ kind: 'health_certificate', workerId: w, issuedOn: '2026-06-15', expiresOn: '2026-12-15' });
      await makePaper({ kind: 'criminal_record', workerId: w, issuedOn: '2026-10-01', expiresOn: null });
      await makePaper({
        kind: 'orientation_certificate',
        workerId: w,
        issuedOn: '2024-11-01',
        expiresOn: '2026-11-01',
        senderAgencyId: staff.user.agencyId!,
      });
      await makePaper({ kind: 'work_permit', workerId: w, caseId, issuedOn: '2026-10-01', expiresOn: '2027-01-10' });
      // a visa of another case (another worker) counts for nothing here
      await makePaper({
        kind: 'visa',
        workerId: other.worker.id,
        caseId: other.caseId,
        issuedOn: '2026-10-01',
        expiresOn: '2027-10-01',
      });

      const view = async (date: string | null) =>
        Object.fromEntries((await papersAgainstDate(w, caseId, date)).map((p) => [p.kind, p.status]));
      expect(await view('2027-01-10')).to.deep.equal({
        passport: 'valid',
        health_certificate: 'expiring',
        criminal_record: 'valid',
        orientation_certificate: 'expired',
        visa: 'missing',
        work_permit: 'valid',
      });
      const full = await papersAgainstDate(w, caseId, '2027-01-10');
      expect(full[0]).to.deep.include({ kind: 'passport', label: 'Hộ chiếu' });
      expect(full[0].paper).to.include({ number: 'P-NEW', expiresOn: '2036-01-01' });
      expect(full.find((p) => p.kind === 'visa')).to.deep.equal({
        kind: 'visa',
        label: 'Thị thực hoặc giấy phép nhập cảnh',
        status: 'missing',
      });

      // without a date nothing is 'expiring'; without a case the case papers are missing
      expect((await view(null)).health_certificate).to.equal('valid');
      expect((await papersAgainstDate(w, null, '2027-01-10')).find((p) => p.kind === 'work_permit')!.status).to.equal(
        'missing',
      );

      setClock('2026-12-15');
      expect((await view('2027-01-10')).health_certificate).to.equal('expiring'); // expires today: still valid today
      setClock('2026-12-16');
      expect(await view('2027-01-10')).to.include({ health_certificate: 'expired', passport: 'valid' });
    });
  });

  describe('pages', () => {
    async function signedIn(staff: Awaited<ReturnType<typeof makeUser>>) {
      const agent = request.agent(testApp());
      agent.set('cookie', `ht_session=${staff.token}`);
      const page = await agent.get('/cases').expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const cookie =
        ((page.headers['set-cookie'] as unknown as string[]) ?? [])
          .find((c) => c.startsWith('ht_csrf='))
          ?.split(';')[0] ?? '';
      agent.set('cookie', `ht_session=${staff.token}; ${cookie}`);
      return { agent, csrf };
    }

    it('when the upload form is sent with the token in its URL, then the paper is saved and the browser goes back to the worker page', async () => {
      const { staff, worker } = await linkedWorker();
      const { agent, csrf } = await signedIn(staff);
      const url = `/workers/${worker.id}/papers`;
      const withoutToken = agent.post(url);
      for (const [k, v] of Object.entries(paperFields('passport'))) withoutToken.field(k, v);
      await withoutToken.attach('scan', PDF_BYTES, 'hc.pdf').expect(403);

      const form = agent.post(`${url}?_csrf=${encodeURIComponent(csrf)}`);
      for (const [k, v] of Object.entries(paperFields('passport'))) form.field(k, v);
      const res = await form.attach('scan', PDF_BYTES, 'hc.pdf').expect(303);
      expect(res.headers.location).to.equal(`/workers/${worker.id}`);
      // an empty input of the form (no expiry, no file) is an absent field
      const noScan = agent.post(`${url}?_csrf=${encodeURIComponent(csrf)}`);
      for (const [k, v] of Object.entries(paperFields('criminal_record', { expiresOn: '' }))) noScan.field(k, v);
      await noScan.expect(303);
      expect(await rows('SELECT kind, expires_on, file_id IS NULL AS no_file FROM papers ORDER BY id')).to.deep.equal([
        { kind: 'passport', expires_on: '2030-01-09', no_file: false },
        { kind: 'criminal_record', expires_on: null, no_file: true },
      ]);
    });

    it('when the upload is refused (a name that lies, a file too large), then back to the page with the reason and nothing stored', async () => {
      const { staff, caseId } = await agencyWithCase();
      const { agent, csrf } = await signedIn(staff);
      const form = agent.post(`/cases/${caseId}/papers?_csrf=${encodeURIComponent(csrf)}`);
      for (const [k, v] of Object.entries(paperFields('visa'))) form.field(k, v);
      // shown again on its own page, with the reason beside the file input and what was typed kept
      const shown = await form.attach('scan', PNG_BYTES, 'visa.pdf').expect(400);
      expect(shown.text)
        .to.contain('Tên tệp «visa.pdf» cho biết là PDF nhưng nội dung là PNG')
        .and.contain('flash-error')
        .and.contain(`href="/cases/${caseId}"`);

      const big = Buffer.alloc(MAX_FILE_BYTES + 1);
      PDF_BYTES.copy(big);
      const tooLarge = agent.post(`/cases/${caseId}/papers?_csrf=${encodeURIComponent(csrf)}`);
      for (const [k, v] of Object.entries(paperFields('visa'))) tooLarge.field(k, v);
      expect((await tooLarge.attach('scan', big, 'visa.pdf').expect(413)).text).to.contain('Tệp quá lớn: tối đa 10 MB');
      expect(await rows('SELECT id FROM papers')).to.have.length(0);
      expect(await rows('SELECT id FROM files')).to.have.length(0);
    });

    it('when the case page includes the partials, then every paper shows its Vietnamese status against the planned departure and the form posts with the token', async () => {
      const { staff, worker, caseId } = await agencyWithCase();
      await sequelize().query("UPDATE cases SET planned_departure_on = '2027-01-10' WHERE id = $1", { bind: [caseId] });
      await makePaper({ kind: 'passport', workerId: worker.id, issuedOn: '2026-01-01', expiresOn: '2036-01-01' });
      await makePaper({
        kind: 'health_certificate',
        workerId: worker.id,
        issuedOn: '2026-06-15',
        expiresOn: '2026-12-15',
      });
      await makePaper({
        kind: 'criminal_record',
        workerId: worker.id,
        issuedOn: '2025-01-01',
        expiresOn: '2025-07-01',
      });
      const panel = await casePapersPanel(actorOf(staff.user), caseId);
      expect(panel.departureOn).to.equal('2027-01-10');

      // the app's own helpers and partials
      const html = renderString('{{> papers-table papersPanel}}{{> paper-upload papersPanel}}', {
        csrfToken: 'tok-123',
        papersPanel: panel,
      });
      const status = (kind: string) => new RegExp(`data-kind="${kind}" data-status="([a-z]+)"`).exec(html)?.[1];
      expect(
        ['passport', 'health_certificate', 'criminal_record', 'orientation_certificate', 'visa', 'work_permit'].map(
          status,
        ),
      ).to.deep.equal(['valid', 'expiring', 'expired', 'missing', 'missing', 'missing']);
      for (const word of ['Còn hạn', 'Hết hạn trước ngày xuất cảnh', 'Đã hết hạn', 'Thiếu', '10/01/2027', '15/12/2026'])
        expect(html).to.contain(word);
      expect(html).to.contain(`action="/cases/${caseId}/papers?_csrf=tok-123"`);
      expect(html).to.contain('enctype="multipart/form-data"');
      expect(html).to.contain('accept=".pdf,.jpg,.jpeg,.png"');
      expect(html)
        .to.match(/<option value="visa" >/)
        .and.to.match(/<option value="work_permit" >/);

      const worker2 = await makeUser('worker', { workerId: worker.id });
      expect((await casePapersPanel(actorOf(worker2.user), caseId)).upload).to.equal(null);
      const stranger = await makeUser('agency_staff');
      let status404 = 0;
      await casePapersPanel(actorOf(stranger.user), caseId).catch((e: { status: number }) => {
        status404 = e.status;
      });
      expect(status404).to.equal(404);
    });
  });
});
