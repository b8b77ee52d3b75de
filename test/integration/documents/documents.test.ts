// Generated documents (issue 16): each template drawn from real case data to a PDF whose text says what it must;
// the same snapshot giving the same bytes; numbers gapless under 200 concurrent issues; the QR's signature refusing
// a tampered or made-up code, surviving a key rotation; revoked and superseded documents verifying as such; the
// verify page showing nothing more than it may.
import crypto from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { agencyWithCase, papersForDeparture, walk } from '../../helpers/cases';
import { makeUser, makeWorker } from '../../helpers/factories';
import { PageSession } from '../../helpers/pages';
import { drainJobs } from '../../helpers/queue';
import { pdfOf, pdfText } from '../../helpers/pdf';
import { sequelize } from '../../../server/db/sequelize';
import { config } from '../../../server/config';
import { useKeys } from '../../../server/modules/documents/documents.keys';
import { setClock } from '../../../server/shared/clock';
import { issueToken } from '../../../server/modules/auth';
import { renderPdf } from '../../../server/modules/documents/documents.pdf';
import { modelOf } from '../../../server/modules/documents/documents.service';
import { dongInWords, placeAndDate } from '../../../server/shared/vi-words';

const rows = async <T>(sql: string, bind: unknown[] = []) => (await sequelize().query(sql, { bind }))[0] as T[];

async function orderWithPay(orderId: number) {
  await sequelize().query(
    `UPDATE job_orders SET salary_currency = 'JPY', salary_minor = 200000, fx_rate = 170, fx_rate_date = '2026-11-01',
       fx_rate_source = 'Vietcombank', contract_months = 36, service_fee_vnd = 40000000, deposit_vnd = 0,
       employer_name = 'Nghiệp đoàn Sakura', job_title = 'Chế biến thực phẩm' WHERE id = $1`,
    { bind: [orderId] },
  );
}

async function issue(auth: Record<string, string>, template: string, caseId: number) {
  return request(testApp())
    .post('/api/v1/documents')
    .set(auth)
    .send({ template, subjectId: String(caseId) });
}

describe('generated documents', () => {
  it('Vietnamese words: amounts and the place-and-date line of Decree 30', () => {
    expect(dongInWords(100_000_000)).to.equal('Một trăm triệu đồng chẵn');
    expect(dongInWords(1_005)).to.equal('Một nghìn không trăm linh năm đồng');
    expect(dongInWords(95_016_000)).to.equal('Chín mươi lăm triệu không trăm mười sáu nghìn đồng chẵn');
    expect(dongInWords(21)).to.equal('Hai mươi mốt đồng');
    expect(placeAndDate('Hà Nội', '2026-03-05')).to.equal('Hà Nội, ngày 05 tháng 3 năm 2026');
    expect(placeAndDate('Hà Nội', '2026-02-14')).to.equal('Hà Nội, ngày 14 tháng 02 năm 2026');
  });

  it('the placement contract: numbered, drawn by a job, its PDF saying the parties, every cost beside its cap, in Vietnamese', async () => {
    const { staff, caseId, order, worker } = await agencyWithCase();
    await orderWithPay(order.id);
    await walk(staff.auth, caseId, [['prescreen'], ['select', { selectedOn: '2026-10-01' }]]);
    const res = await issue(staff.auth, 'placement_contract', caseId);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.data.status).to.equal('rendering');
    expect(res.body.data.numberText).to.match(/^Số: 01\/2026\/HĐ-[A-Z0-9]+$/);
    expect((await pdfOf(staff.auth, res.body.data.id)).status).to.equal(409);
    await drainJobs();
    const got = await request(testApp()).get(`/api/v1/documents/${res.body.data.id}`).set(staff.auth);
    expect(got.body.data.status).to.equal('issued');
    const pdf = await pdfOf(staff.auth, res.body.data.id);
    expect(pdf.status).to.equal(200);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).to.equal(got.body.data.pdfSha256);
    const text = await pdfText(bytes);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'HỢP ĐỒNG ĐƯA NGƯỜI LAO ĐỘNG ĐI LÀM VIỆC Ở NƯỚC NGOÀI',
      worker.fullName,
      'Nghiệp đoàn Sakura',
      'Nhật Bản',
      'Tiền dịch vụ',
      '40.000.000 ₫ (Bốn mươi triệu đồng chẵn)',
      'Không được thu',
      'ngày 27 tháng 11 năm 2026',
      '180 ngày',
      'Nơi nhận:',
      'Mã xác minh:',
    ])
      expect(text, s).to.contain(s);
    const [{ n }] = await rows<{ n: string }>(
      "SELECT count(*) AS n FROM access_log WHERE event = 'document.downloaded'",
    );
    expect(Number(n)).to.equal(1);
  });

  it('the case summary and the liquidation record render from case data; the summary holds no activation code', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const summary = await issue(staff.auth, 'case_summary', caseId);
    expect(summary.status).to.equal(201);
    const early = await issue(staff.auth, 'liquidation_record', caseId);
    expect(early.status).to.equal(409);
    expect(early.body.error.message).to.contain('chưa thanh lý');
    await sequelize().query(
      `UPDATE cases SET liquidated_on = '2026-11-20', liquidation_deductions = '[{"amountVnd": 1500000, "reason": "Phí ngân hàng"}]' WHERE id = $1`,
      { bind: [caseId] },
    );
    const liq = await issue(staff.auth, 'liquidation_record', caseId);
    expect(liq.status, JSON.stringify(liq.body)).to.equal(201);
    expect(liq.body.data.numberText).to.match(/^Số: 01\/2026\/BB-/);
    await drainJobs();
    const s = await pdfText((await pdfOf(staff.auth, summary.body.data.id)).body as Buffer);
    expect(s).to.contain('PHIẾU TÓM TẮT HỒ SƠ');
    expect(s).to.contain(worker.fullName);
    expect(s).not.to.match(/kích hoạt/i);
    const l = await pdfText((await pdfOf(staff.auth, liq.body.data.id)).body as Buffer);
    expect(l).to.contain('BIÊN BẢN THANH LÝ');
    expect(l).to.contain('Phí ngân hàng');
    expect(l).to.contain('1.500.000 ₫');
  });

  it('the same snapshot gives the same PDF bytes', async () => {
    const { staff, caseId } = await agencyWithCase();
    const res = await issue(staff.auth, 'placement_contract', caseId);
    const a = await renderPdf(await modelOf(res.body.data.id));
    const b = await renderPdf(await modelOf(res.body.data.id));
    expect(a.length).to.be.greaterThan(1000);
    expect(Buffer.compare(a, b)).to.equal(0);
  });

  it('200 documents issued at once get 200 distinct consecutive numbers, and none answers 503', async function () {
    this.timeout(120_000);
    const { staff, caseId } = await agencyWithCase();
    const answers = await Promise.all(Array.from({ length: 200 }, () => issue(staff.auth, 'case_summary', caseId)));
    expect(answers.map((a) => a.status).filter((s) => s !== 201)).to.deep.equal([]);
    const numbers = (await rows<{ number: number }>('SELECT number FROM documents ORDER BY number')).map(
      (r) => r.number,
    );
    expect(numbers).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('numbers restart on 1 January; another agency counts on its own', async () => {
    const a = await agencyWithCase();
    const b = await agencyWithCase();
    await issue(a.staff.auth, 'case_summary', a.caseId);
    await issue(a.staff.auth, 'case_summary', a.caseId);
    const other = await issue(b.staff.auth, 'case_summary', b.caseId);
    expect(other.body.data.numberText).to.match(/^Số: 01\/2026\//);
    setClock('2027-01-01');
    const next = await issue({ authorization: `Bearer ${issueToken(a.staff.user)}` }, 'case_summary', a.caseId);
    expect(next.body.data.numberText).to.match(/^Số: 01\/2027\//);
    setClock('2026-11-27');
    // and another agency cannot issue on this case (404), nor read its document
    const bAuth = { authorization: `Bearer ${issueToken(b.staff.user)}` };
    expect((await issue(bAuth, 'case_summary', a.caseId)).status).to.equal(404);
    expect((await request(testApp()).get(`/api/v1/documents/${next.body.data.id}`).set(bAuth)).status).to.equal(404);
  });

  it('verify: valid with its signed QR; a tampered payload, a made-up code, a revoked and a superseded document say so', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const first = (await issue(staff.auth, 'placement_contract', caseId)).body.data;
    await drainJobs();
    const [{ signature }] = await rows<{ signature: string }>('SELECT signature FROM documents WHERE id = $1', [
      first.id,
    ]);
    const ok = await request(testApp()).get(`/verify/${first.verifyCode}?p=${signature}`);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.contain('data-result="valid"');
    expect(ok.text).to.contain('Chữ ký số trong mã QR: đúng');
    expect(ok.text).to.contain(worker.fullName);
    expect(ok.text).not.to.contain(worker.cccd); // masked
    expect(ok.text).to.contain(`${worker.cccd.slice(0, 3)}`);
    expect(ok.text).not.to.contain('1998'); // no date of birth, no address, no money
    expect(ok.text).not.to.contain('40.000.000');

    // a payload changed by one character (another number printed on a forged paper)
    const [payload, sig] = signature.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    forged.n = 'Số: 99/2026/HĐ-X';
    const bad = await request(testApp()).get(
      `/verify/${first.verifyCode}?p=${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`,
    );
    expect(bad.status).to.equal(404);
    expect(bad.text).to.contain('data-result="bad_signature"');
    const madeUp = await request(testApp()).get('/verify/ABCDEFGHJKMN');
    expect(madeUp.status).to.equal(404);
    expect(madeUp.text).to.contain('data-result="unknown"');

    // a correction supersedes it; the new one is valid; then revoked
    const second = await request(testApp())
      .post(`/api/v1/documents/${first.id}/reissue`)
      .set(staff.auth)
      .send({ reason: 'Sửa tên người sử dụng lao động' });
    expect(second.status).to.equal(201);
    expect(second.body.data.supersedesId).to.equal(first.id);
    const old = await request(testApp()).get(`/verify/${first.verifyCode}`);
    expect(old.text).to.contain('data-result="superseded"');
    expect(old.text).to.contain(second.body.data.numberText);
    await drainJobs();
    const revoked = await request(testApp())
      .post(`/api/v1/documents/${second.body.data.id}/revoke`)
      .set(staff.auth)
      .send({ reason: 'Người lao động rút hồ sơ' });
    expect(revoked.body.data.status).to.equal('revoked');
    const r = await request(testApp()).get(`/verify/${second.body.data.verifyCode}`);
    expect(r.text).to.contain('data-result="revoked"');
    expect(r.text).to.contain('Người lao động rút hồ sơ');
    const again = await request(testApp())
      .post(`/api/v1/documents/${second.body.data.id}/revoke`)
      .set(staff.auth)
      .send({ reason: 'lần hai nữa' });
    expect(again.status).to.equal(409);
    const logged = await rows<{ result: string }>('SELECT result FROM document_verifications ORDER BY id');
    expect(logged.map((l) => l.result)).to.deep.equal(['valid', 'bad_signature', 'unknown', 'superseded', 'revoked']);
    // the record never changes: the trigger refuses an edit of its snapshot
    let refused = false;
    try {
      await sequelize().query(`UPDATE documents SET number_text = 'Số: 1' WHERE id = $1`, { bind: [first.id] });
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });

  it('a rotated key still verifies an old document; the published keys list both', async () => {
    const { staff, caseId } = await agencyWithCase();
    const first = (await issue(staff.auth, 'case_summary', caseId)).body.data;
    const [{ signature }] = await rows<{ signature: string }>('SELECT signature FROM documents WHERE id = $1', [
      first.id,
    ]);
    const before = config().documents;
    const oldPublic = crypto
      .createPublicKey(
        crypto.createPrivateKey({ key: Buffer.from(before.signingKey, 'base64'), format: 'der', type: 'pkcs8' }),
      )
      .export({ type: 'spki', format: 'der' })
      .toString('base64');
    const newKey = crypto
      .generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    try {
      useKeys({ signingKey: newKey, retiredPublicKeys: [oldPublic] });
      const keys = await request(testApp()).get('/.well-known/hanhtrang-keys.json');
      expect(keys.body.keys).to.have.length(2);
      expect(keys.body.keys.filter((k: { current: boolean }) => k.current)).to.have.length(1);
      const old = await request(testApp()).get(`/verify/${first.verifyCode}?p=${signature}`);
      expect(old.text).to.contain('Chữ ký số trong mã QR: đúng');
      // a new document is signed with the new key
      const fresh = (await issue(staff.auth, 'case_summary', caseId)).body.data;
      const [{ key_id: kid }] = await rows<{ key_id: string }>('SELECT key_id FROM documents WHERE id = $1', [
        fresh.id,
      ]);
      expect(kid).to.equal(keys.body.keys.find((k: { current: boolean }) => k.current).kid);
      // without the old key published, the old QR no longer verifies
      useKeys({ signingKey: newKey, retiredPublicKeys: [] });
      expect((await request(testApp()).get(`/verify/${first.verifyCode}?p=${signature}`)).text).to.contain(
        'data-result="bad_signature"',
      );
    } finally {
      useKeys(null);
    }
  });

  it('in the pages: staff issue from the case page and preview it; the worker finds it in her portal; others cannot', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    const desk = new PageSession(staff);
    expect((await desk.get(`/cases/${caseId}`)).text).to.contain('Cấp văn bản');
    const issued = await desk.post(`/cases/${caseId}/documents`, { template: 'case_summary' });
    expect(issued.status).to.equal(303);
    const preview = await desk.get(issued.headers.location);
    expect(preview.text).to.contain('Đã cấp số 01/2026/TT-');
    expect(preview.text).to.contain('<h1 class="doc-title">Phiếu tóm tắt hồ sơ</h1>');
    expect(preview.text).to.contain('<svg');
    const me = new PageSession(await makeUser('worker', { workerId: worker.id }));
    const mine = await me.get('/toi/tai-lieu');
    expect(mine.text).to.contain('Phiếu tóm tắt hồ sơ người lao động');
    expect((await me.get(issued.headers.location)).status).to.equal(200);
    const stranger = new PageSession(await makeUser('worker'));
    expect((await stranger.get(issued.headers.location)).status).to.equal(404);
    void papersForDeparture;
  });

  it('a batch for many cases: issued and drawn by a job with progress, the failures named, one ZIP streamed at the end', async function () {
    this.timeout(60_000);
    const { staff, caseId, order } = await agencyWithCase({ headcount: 10 });
    const ids = [caseId];
    for (let i = 0; i < 4; i += 1) {
      const w = await makeWorker({ linkTo: staff.user.agencyId! });
      const c = await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: w.id, jobOrderId: order.id });
      ids.push(c.body.data.id);
    }
    const foreign = await agencyWithCase();
    const desk = new PageSession(staff);
    await desk.get('/cases');
    const started = await desk.post('/documents/batches', {
      template: 'placement_contract',
      items: [...ids.map((id) => `${id}:1`), `${foreign.caseId}:1`],
    });
    expect(started.status).to.equal(303);
    const page = await desk.get(started.headers.location);
    expect(page.text).to.contain('data-testid="batch-progress"');
    expect(page.headers.refresh).to.equal('2');
    await drainJobs();
    const done = await desk.get(started.headers.location);
    expect(done.text).to.contain('data-testid="batch-done"');
    expect(done.text).to.contain(`Hồ sơ #${foreign.caseId}`); // another agency's case: named, not issued
    const batchId = Number(started.headers.location.split('/').pop());
    const api = await request(testApp()).get(`/api/v1/documents/batches/${batchId}`).set(staff.auth);
    expect(api.body.data).to.include({ total: 6, done: 5, failed: 1, status: 'done', percent: 100 });
    const numbers = await rows<{ number: number; status: string }>(
      'SELECT number, status FROM documents WHERE batch_id = $1 ORDER BY number',
      [batchId],
    );
    expect(numbers).to.deep.equal([1, 2, 3, 4, 5].map((n) => ({ number: n, status: 'issued' })));
    const zip = await request(testApp())
      .get(`/api/v1/documents/batches/${batchId}/zip`)
      .set(staff.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(zip.status).to.equal(200);
    const bytes = zip.body as Buffer;
    expect(bytes.subarray(0, 2).toString()).to.equal('PK');
    expect((bytes.toString('latin1').match(/2026-00\d-\d+\.pdf/g) ?? []).length).to.be.at.least(5);
    expect(
      (await request(testApp()).get(`/api/v1/documents/batches/${batchId}`).set(foreign.staff.auth)).status,
    ).to.equal(404);
  });

  it('the departure list of a period (R17) as a numbered report, from the report page; its verify page names no one', async () => {
    const { staff, caseId, worker } = await agencyWithCase();
    await papersForDeparture({ caseId, workerId: worker.id, agencyId: staff.user.agencyId! }, '2026-11-20');
    await walk(staff.auth, caseId, [
      ['prescreen'],
      ['select', { selectedOn: '2026-10-01' }],
      ['sign_contract', { signedOn: '2026-10-05' }],
      ['start_visa'],
      ['mark_ready'],
      ['depart', { departedOn: '2026-11-20' }],
    ]);
    const desk = new PageSession(staff);
    const page = await desk.get('/reports/departures?from=01%2F11%2F2026&to=30%2F11%2F2026');
    expect(page.text).to.contain('data-testid="report-document"');
    const issued = await desk.post('/documents/departures-report', { from: '2026-11-01', to: '2026-11-30' });
    expect(issued.status).to.equal(303);
    expect(issued.headers.location).to.match(/^\/documents\/\d+$/);
    await drainJobs();
    const id = Number(issued.headers.location.split('/').pop());
    const text = await pdfText((await pdfOf(staff.auth, id)).body as Buffer);
    expect(text).to.contain('BÁO CÁO DANH SÁCH NGƯỜI LAO ĐỘNG XUẤT CẢNH');
    expect(text).to.contain('Từ ngày 01/11/2026 đến ngày 30/11/2026');
    expect(text).to.contain(worker.fullName);
    expect(text).to.contain(worker.cccd);
    expect(text).to.match(/Số: 01\/2026\/BC-/);
    const [{ verify_code: code }] = await rows<{ verify_code: string }>(
      'SELECT verify_code FROM documents WHERE id = $1',
      [id],
    );
    const v = await request(testApp()).get(`/verify/${code}`);
    expect(v.text).to.contain('data-result="valid"');
    expect(v.text).not.to.contain(worker.fullName);
    expect(v.text).not.to.contain(worker.cccd.slice(-6));
    const bad = await desk.post('/documents/departures-report', { from: '2026-11-30', to: '2026-01-01' });
    expect(bad.status).to.equal(303);
    expect((await desk.get(bad.headers.location)).text).to.contain('Chưa lập được báo cáo');
  });

  it('the orientation certificate (Mẫu 06) for a passed learner, from the course page, with its 24-month validity (R19)', async () => {
    const staff = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: staff.user.agencyId!, fullName: 'An Thị Một' });
    const course = (
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'orientation',
          name: 'Giáo dục định hướng Nhật Bản K12',
          provider: 'Trung tâm đào tạo Hành Trang',
          market: 'JP',
          jobCategory: 'jp_tts_1_2',
          startsOn: '2026-11-02',
          endsOn: '2026-11-26',
        })
        .expect(201)
    ).body.data;
    const enrolment = (
      await request(testApp())
        .post(`/api/v1/courses/${course.id}/enrolments`)
        .set(staff.auth)
        .send({ workerId: w.id })
        .expect(201)
    ).body.data;
    const enrolmentId = enrolment.enrolments?.[0]?.id ?? enrolment.id;
    const desk = new PageSession(staff);
    await desk.get(`/training/${course.id}`);
    const early = await desk.post(`/training/enrolments/${enrolmentId}/certificate-document`, {});
    expect(early.status).to.equal(303);
    expect((await desk.get(early.headers.location)).text).to.contain('Chỉ cấp giấy chứng nhận cho học viên đạt');
    await request(testApp())
      .post(`/api/v1/enrolments/${enrolmentId}/result`)
      .set(staff.auth)
      .send({ result: 'passed', certificateNumber: 'GDĐH-2026-001', certificateDate: '2026-11-26' })
      .expect(200);
    expect((await desk.get(`/training/${course.id}`)).text).to.contain('data-testid="certificates"');
    const issued = await desk.post(`/training/enrolments/${enrolmentId}/certificate-document`, {});
    expect(issued.headers.location).to.match(/^\/documents\/\d+$/);
    await drainJobs();
    const id = Number(issued.headers.location.split('/').pop());
    const text = await pdfText((await pdfOf(staff.auth, id)).body as Buffer);
    expect(text).to.contain('GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA HỌC GIÁO DỤC ĐỊNH HƯỚNG');
    expect(text).to.contain('An Thị Một');
    expect(text).to.contain('Giáo dục định hướng Nhật Bản K12');
    expect(text).to.contain('có giá trị 24 tháng, đến hết ngày 26/11/2028');
    expect(text).to.match(/Số: 01\/2026\/CN-/);
    const other = await makeUser('agency_staff');
    expect(
      (
        await request(testApp())
          .post('/api/v1/documents')
          .set(other.auth)
          .send({ template: 'orientation_certificate', subjectId: String(enrolmentId) })
      ).status,
    ).to.equal(404);
  });

  it('passing an orientation learner with no number typed issues Mẫu 06: its number is the enrolment’s and the paper’s', async () => {
    const staff = await makeUser('agency_staff');
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const course = (
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'orientation',
          name: 'Giáo dục định hướng Hàn Quốc',
          provider: 'Trung tâm đào tạo',
          market: 'KR',
          jobCategory: 'kr_eps',
          startsOn: '2026-11-02',
          endsOn: '2026-11-26',
        })
        .expect(201)
    ).body.data;
    await request(testApp())
      .post(`/api/v1/courses/${course.id}/enrolments`)
      .set(staff.auth)
      .send({ workerId: w.id })
      .expect(201);
    const [{ id: enrolmentId }] = await rows<{ id: string }>('SELECT id FROM enrolments WHERE worker_id = $1', [w.id]);
    const passed = await request(testApp())
      .post(`/api/v1/enrolments/${enrolmentId}/result`)
      .set(staff.auth)
      .send({ result: 'passed' });
    expect(passed.status, JSON.stringify(passed.body)).to.equal(200);
    const [doc] = await rows<{ number_text: string; subject_id: string }>(
      "SELECT number_text, subject_id FROM documents WHERE template = 'orientation_certificate'",
    );
    expect(doc.subject_id).to.equal(String(enrolmentId));
    const number = doc.number_text.replace(/^Số: /, '');
    expect(number).to.match(/^01\/2026\/CN-/);
    const [e] = await rows<{ certificate_number: string; certificate_date: string }>(
      'SELECT certificate_number, certificate_date FROM enrolments WHERE id = $1',
      [enrolmentId],
    );
    expect(e).to.deep.equal({ certificate_number: number, certificate_date: '2026-11-27' });
    const [paper] = await rows<{ number: string; expires_on: string }>(
      "SELECT number, expires_on FROM papers WHERE kind = 'orientation_certificate' AND worker_id = $1",
      [w.id],
    );
    expect(paper).to.deep.equal({ number, expires_on: '2028-11-27' });
    // a language course's pass still needs the provider's number
    const lang = (
      await request(testApp())
        .post('/api/v1/courses')
        .set(staff.auth)
        .send({
          kind: 'language',
          name: 'Tiếng Hàn',
          provider: 'TT',
          periods: 100,
          startsOn: '2026-11-02',
          endsOn: '2026-11-26',
        })
        .expect(201)
    ).body.data;
    await request(testApp())
      .post(`/api/v1/courses/${lang.id}/enrolments`)
      .set(staff.auth)
      .send({ workerId: w.id })
      .expect(201);
    const [{ id: langEnrolment }] = await rows<{ id: string }>(
      'SELECT id FROM enrolments WHERE worker_id = $1 AND course_id = $2',
      [w.id, lang.id],
    );
    const refused = await request(testApp())
      .post(`/api/v1/enrolments/${langEnrolment}/result`)
      .set(staff.auth)
      .send({ result: 'passed' });
    expect(refused.status).to.equal(400);
    expect(JSON.stringify(refused.body)).to.contain('certificateNumber');
  });
});
