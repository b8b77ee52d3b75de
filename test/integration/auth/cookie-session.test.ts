import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, PASSWORD } from '../../helpers/factories';
import { issueToken } from '../../../server/modules/auth';
import { setClock } from '../../../server/shared/clock';

/** Loads the login page and returns the agent (with its CSRF cookie) and the form's token. */
async function loginPage() {
  const agent = request.agent(testApp());
  const page = await agent.get('/login').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  expect(csrf, 'the form carries a CSRF token').to.be.a('string');
  return { agent, csrf: csrf! };
}

describe('pages and the session cookie', () => {
  it('when a page needs sign-in and there is no cookie, then it redirects to /login with the way back', async () => {
    const res = await request(testApp()).get('/agencies').expect(303);
    expect(res.headers.location).to.equal('/login?next=%2Fagencies');
  });

  it('when the login form is posted without its CSRF token, then it is sent back to /login without a session', async () => {
    const { user } = await makeUser('admin');
    const { agent } = await loginPage();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: user.username, password: PASSWORD })
      .expect(303);
    expect(res.headers.location).to.match(/^\/login/);
    expect(res.headers['set-cookie'] ?? []).not.to.satisfy((c: string[]) => c.some((x) => x.startsWith('ht_session=')));
  });

  it('when signed in with the CSRF token, then an HttpOnly SameSite cookie carries the session; logout needs the token too', async () => {
    const { user } = await makeUser('admin');
    const { agent, csrf } = await loginPage();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: user.username, password: PASSWORD, _csrf: csrf, next: '/agencies' })
      .expect(303);
    expect(res.headers.location).to.equal('/agencies');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ht_session='))!;
    expect(cookie)
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i);
    await agent.get('/agencies').expect(200);

    await agent.post('/logout').type('form').send({}).expect(403);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/agencies').expect(303);
  });

  it('when the login is wrong, then the form shows a Vietnamese error and keeps the username', async () => {
    const { agent, csrf } = await loginPage();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: 'ai-do', password: 'sai', _csrf: csrf })
      .expect(401);
    expect(res.text).to.contain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(res.text).to.contain('value="ai-do"');
  });

  it('when next points off-site, then the login redirects home instead', async () => {
    const { user } = await makeUser('admin');
    const { agent, csrf } = await loginPage();
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username: user.username, password: PASSWORD, _csrf: csrf, next: '//evil.example' })
      .expect(303);
    expect(res.headers.location).to.equal('/');
  });

  it('when more than half of the cookie token life has passed, then a fresh cookie is issued', async () => {
    const { user } = await makeUser('admin');
    setClock(new Date(Date.now() - 31 * 60_000));
    const old = issueToken(user);
    setClock(null);
    const res = await request(testApp()).get('/agencies').set('cookie', `ht_session=${old}`).expect(200);
    expect(
      ((res.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => c.startsWith('ht_session=')),
    ).to.equal(true);
    const fresh = await request(testApp())
      .get('/agencies')
      .set('cookie', `ht_session=${issueToken(user)}`)
      .expect(200);
    expect(
      ((fresh.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => c.startsWith('ht_session=')),
    ).to.equal(false);
  });

  it('when an API call rides on the cookie, then a write needs the CSRF header', async () => {
    const { user } = await makeUser('admin');
    const { agent, csrf } = await loginPage();
    await agent
      .post('/login')
      .type('form')
      .send({ username: user.username, password: PASSWORD, _csrf: csrf })
      .expect(303);
    await agent.post('/api/v1/agencies').send({ kind: 'public_unit', name: 'Đơn vị A' }).expect(403);
    await agent
      .post('/api/v1/agencies')
      .set('x-csrf-token', csrf)
      .send({ kind: 'public_unit', name: 'Đơn vị A' })
      .expect(201);
  });
});
