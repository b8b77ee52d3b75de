// Personal data out of the logs: the error log names a database error by code, table and constraint; the audit keeps
// identifying numbers masked with a keyed hash (existing rows redacted by a migration); the access log records every
// read of a worker's detail, papers, scans and every answer carrying a full CCCD.
import { expect } from 'chai';
import pg from 'pg';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { DatabaseError } from 'sequelize';
import { testApp } from '../../helpers/app';
import { agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser, validCccd, withConsentScan } from '../../helpers/factories';
import { databaseName, withDatabase } from '../../helpers/db';
import { sequelize, createSequelize } from '../../../server/db/sequelize';
import { migrator } from '../../../server/db/migrate';
import { config } from '../../../server/config';
import { auditHmac } from '../../../server/shared/audit';
import { errorHandler } from '../../../server/shared/error-handler';
import { logger } from '../../../server/shared/logger';

const rows = async (sql: string, bind: unknown[] = []) =>
  (await sequelize().query(sql, { bind }))[0] as Record<string, unknown>[];
const pdf = Buffer.from('%PDF-1.4\n%scan\n');

describe('personal data', () => {
  it('the error log of a database failure holds its code, table and constraint, never the SQL or the bound values', () => {
    const cccd = '038199000777';
    const original = Object.assign(
      new Error(`duplicate key value violates unique constraint "workers_cccd" Key (cccd)=(${cccd}) already exists.`),
      {
        code: '42P10',
        table: 'workers',
        constraint: 'workers_cccd',
        detail: `Key (cccd)=(${cccd}) already exists.`,
        severity: 'ERROR',
        sql: `INSERT INTO workers (cccd, full_name, date_of_birth) VALUES ('${cccd}', 'Nguyễn Thị Ánh', '1999-03-08')`,
      },
    );
    const err = Object.assign(new DatabaseError(original as never), {
      parameters: [cccd, 'Nguyễn Thị Ánh', '1999-03-08'],
    });
    const logged: unknown[] = [];
    const saved = logger.error.bind(logger);
    (logger as unknown as { error: (...a: unknown[]) => void }).error = (...a: unknown[]) => {
      logged.push(a);
    };
    try {
      const res = {
        headersSent: false,
        setHeader() {},
        status() {
          return this;
        },
        json() {
          return this;
        },
      };
      errorHandler(err, { originalUrl: '/api/v1/workers', id: 'r1' } as never, res as never, () => undefined);
    } finally {
      (logger as unknown as { error: typeof saved }).error = saved;
    }
    const text = JSON.stringify(logged);
    expect(text)
      .to.contain('"code":"42P10"')
      .and.to.contain('"table":"workers"')
      .and.to.contain('"constraint":"workers_cccd"');
    for (const secret of [cccd, 'Nguyễn', '1999-03-08', 'INSERT']) expect(text, secret).not.to.contain(secret);
  });

  it('the audit keeps CCCD, phone, date of birth and paper numbers masked with an HMAC-SHA256 and its key id', async () => {
    const staff = await makeUser('agency_staff');
    const cccd = validCccd('1999-03-08', 'female', 424242);
    const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý' };
    const w = (
      await request(testApp())
        .post('/api/v1/workers')
        .set(staff.auth)
        .send(
          await withConsentScan(staff.auth, {
            fullName: 'Nguyễn Thị Hằng',
            dateOfBirth: '1999-03-08',
            sex: 'female',
            cccd,
            phone: '0912345678',
            email: 'hang@example.vn',
            consent,
          }),
        )
        .expect(201)
    ).body.data;
    await request(testApp())
      .post(`/api/v1/workers/${w.id}/papers`)
      .set(staff.auth)
      .send({
        kind: 'passport',
        number: 'C7654321',
        issuingBody: 'Cục Quản lý xuất nhập cảnh',
        issuedOn: '2026-01-10',
        expiresOn: '2036-01-10',
      })
      .expect(201);
    const audit = await rows('SELECT action, before, after FROM audit_log ORDER BY id');
    const text = JSON.stringify(audit);
    for (const clear of [cccd, '0912345678', '1999-03-08', 'hang@example.vn', 'C7654321'])
      expect(text, clear).not.to.contain(clear);
    const created = audit.find((a) => a.action === 'worker.created')!.after as Record<
      string,
      { masked: string; hmac: string; keyId: string }
    >;
    expect(created.cccd).to.deep.equal({
      masked: `${cccd.slice(0, 3)}******${cccd.slice(9)}`,
      hmac: auditHmac(cccd),
      keyId: config().auditHash.keyId,
    });
    expect(created.phone.masked).to.equal('09******78');
    expect(created.dateOfBirth.masked).to.equal('1999-**-**');
    // an auditor holding the key confirms a value; another value does not match
    expect(created.cccd.hmac).to.equal(auditHmac(cccd)).and.not.to.equal(auditHmac('038199000778'));
    const paper = audit.find((a) => a.action === 'paper.created')!.after as Record<string, { masked: string }>;
    expect(paper.number.masked).to.equal('C*****21');
  });

  it('a migration redacts audit rows written before, with the append-only trigger off inside its transaction only', async function () {
    this.timeout(120_000);
    const main = process.env.TEST_DATABASE_URL!;
    const name = databaseName(main).replace(/_test$/, '_redact_test');
    const admin = new pg.Client({ connectionString: withDatabase(main, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const db = createSequelize(withDatabase(main, name), 2);
    try {
      const m = migrator(db);
      await m.up({ to: '2026.12.01T11.00.00.login-user-failures' });
      await db.query(`INSERT INTO audit_log (at, action, entity, entity_id, before, after) VALUES
        (now(), 'worker.created', 'worker', '1', NULL, '{"cccd":"038199000777","phone":"0912345678","dateOfBirth":"1999-03-08","fullName":"Nguyễn Thị Ánh"}'),
        (now(), 'worker.updated', 'worker', '1', '{"cccd":"038199000777"}', '{"cccd":"038199000778","links":[{"number":"C123"}]}')`);
      await m.up();
      const [after] = (await db.query('SELECT before, after FROM audit_log ORDER BY id')) as [
        { before: unknown; after: unknown }[],
        unknown,
      ];
      const text = JSON.stringify(after);
      for (const clear of ['038199000777', '038199000778', '0912345678', '1999-03-08', 'C123'])
        expect(text, clear).not.to.contain(clear);
      expect((after[0].after as Record<string, unknown>).fullName).to.equal('Nguyễn Thị Ánh');
      expect((after[1].after as { cccd: { hmac: string } }).cccd.hmac).to.equal(auditHmac('038199000778'));
      // append-only again after the migration
      let refused = false;
      await db.query("UPDATE audit_log SET action = 'x'").catch(() => {
        refused = true;
      });
      expect(refused).to.equal(true);
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('the access log records detail reads, answers carrying a full CCCD, papers lists, every scan download and the XLSX export', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const paper = (
      await request(testApp())
        .post(`/api/v1/workers/${worker.id}/papers`)
        .set(staff.auth)
        .field('kind', 'passport')
        .field('number', 'C1234567')
        .field('issuingBody', 'Cục')
        .field('issuedOn', '2026-01-10')
        .field('expiresOn', '2036-01-10')
        .attach('scan', pdf, { filename: 'ho-chieu.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body.data;
    await request(testApp())
      .get(`/api/v1/workers/${worker.id}`)
      .set(staff.auth)
      .set('x-request-id', 'req-read-1')
      .expect(200);
    await request(testApp())
      .patch(`/api/v1/workers/${worker.id}`)
      .set(staff.auth)
      .send({ street: 'Thôn 2' })
      .expect(200);
    await request(testApp()).get(`/api/v1/workers/${worker.id}/papers`).set(staff.auth).expect(200);
    await request(testApp()).get(`/api/v1/papers/${paper.id}/file`).set(staff.auth).expect(200);
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [
      ['prescreen'],
      ['select', { selectedOn: '2026-10-01' }],
      ['sign_contract', { signedOn: '2026-10-05' }],
      ['start_visa'],
      ['mark_ready'],
      ['depart', { departedOn: '2026-11-20' }],
    ]);
    const xlsx = await request(testApp())
      .get('/api/v1/reports/departures')
      .query({ from: '2026-11-01', to: '2026-11-27', format: 'xlsx' })
      .set(staff.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(String(wb.worksheets[0].getRow(2).getCell(3).value)).to.equal(worker.cccd);
    const log = await rows('SELECT event, subject_type, subject_id, route, request_id FROM access_log ORDER BY id');
    expect(log.map((l) => l.event)).to.deep.equal([
      'worker.read',
      'worker.written',
      'papers.listed',
      'scan.downloaded',
      'departures.exported',
    ]);
    expect(log[0]).to.include({
      subject_type: 'worker',
      subject_id: String(worker.id),
      route: `GET /api/v1/workers/${worker.id}`,
      request_id: 'req-read-1',
    });
    expect(log[3]).to.include({ subject_type: 'paper', subject_id: String(paper.id) });
  });
});
