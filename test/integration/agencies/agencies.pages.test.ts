import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/factories';
import { sequelize } from '../../../server/db/sequelize';

async function signedInAgent(role: 'admin' | 'agency_staff') {
  const { token } = await makeUser(role);
  const agent = request.agent(testApp());
  agent.set('cookie', `ht_session=${token}`);
  const page = await agent.get('/agencies/new');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const cookie =
    ((page.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('ht_csrf='))?.split(';')[0] ??
    '';
  agent.set('cookie', `ht_session=${token}; ${cookie}`);
  return { agent, csrf, status: page.status };
}

describe('agency pages', () => {
  it('when the form misses the licence of a service enterprise, then it comes back with an inline Vietnamese error and keeps what was typed', async () => {
    const { agent, csrf, status } = await signedInAgent('admin');
    expect(status).to.equal(200);
    const res = await agent
      .post('/agencies')
      .type('form')
      .send({ _csrf: csrf, kind: 'service_enterprise', name: 'Công ty Thử Ngày Mai', taxCode: '' })
      .expect(400);
    expect(res.text).to.contain('Doanh nghiệp dịch vụ phải có số giấy phép');
    expect(res.text).to.contain('value="Công ty Thử Ngày Mai"');
    const [rows] = await sequelize().query('SELECT id FROM agencies WHERE name = $1', {
      bind: ['Công ty Thử Ngày Mai'],
    });
    expect(rows).to.have.length(0);
  });

  it('when the form is complete, then the agency is created and its page shown', async () => {
    const { agent, csrf } = await signedInAgent('admin');
    const res = await agent
      .post('/agencies')
      .type('form')
      .send({ _csrf: csrf, kind: 'service_enterprise', name: 'Công ty Sông Chu', licenceNumber: '77/GP' })
      .expect(303);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).to.contain('Công ty Sông Chu').and.contain('77/GP');
  });

  it('when agency staff open the new-agency form, then 403', async () => {
    const { status } = await signedInAgent('agency_staff');
    expect(status).to.equal(403);
  });
});

describe('login rate limit', () => {
  it('when one address sends more login attempts than the per-minute limit, then 429', async function () {
    this.timeout(60_000);
    let last = 0;
    for (let i = 0; i < 61; i += 1) {
      last = (
        await request(testApp())
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', '10.9.9.9')
          .send({ username: `u${i}`, password: 'x' })
      ).status;
    }
    expect(last).to.equal(429);
  });
});
