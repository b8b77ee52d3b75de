import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';

describe('errors at the edge', () => {
  it('when the JSON body is malformed, then 400 VALIDATION_FAILED, never 500', async () => {
    const res = await request(testApp())
      .post('/api/v1/provinces')
      .set('content-type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('when the body is larger than the limit, then 413', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(200 * 1024) });
    const res = await request(testApp())
      .post('/api/v1/provinces')
      .set('content-type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('when an API path does not exist, then a JSON 404', async () => {
    const res = await request(testApp()).get('/api/v1/nothing-here').expect(404);
    expect(res.body).to.deep.equal({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy' } });
  });

  it('when a page does not exist, then a Vietnamese HTML 404 page', async () => {
    const res = await request(testApp()).get('/khong-co').expect(404).expect('content-type', /html/);
    expect(res.text).to.contain('lang="vi"');
    expect(res.text).to.contain('Không tìm thấy');
  });

  it('when a request id is sent, then it is echoed back', async () => {
    const res = await request(testApp()).get('/healthz').set('x-request-id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).to.equal('abc-123');
  });
});

describe('health', () => {
  it('GET /healthz answers ok', async () => {
    expect((await request(testApp()).get('/healthz').expect(200)).body).to.deep.equal({ status: 'ok' });
  });
  it('GET /readyz answers ready when the database is reachable and migrated', async () => {
    expect((await request(testApp()).get('/readyz').expect(200)).body).to.deep.equal({ status: 'ready' });
  });
});

describe('home page', () => {
  it('renders in Vietnamese with today as dd/mm/yyyy', async () => {
    const res = await request(testApp()).get('/').expect(200);
    expect(res.text).to.contain('Hành Trang');
    expect(res.text).to.match(/data-testid="today">\d{2}\/\d{2}\/\d{4}</);
  });
});
