import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, PASSWORD } from '../../helpers/factories';
import { advanceClock, setClock } from '../../../server/shared/clock';
import { config } from '../../../server/config';

const login = (username: string, password: string, ip = '10.0.0.1') =>
  request(testApp()).post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password });

describe('POST /api/v1/auth/login', () => {
  it('when the password is right, then a token and the user come back, and /me answers with it', async () => {
    const { user } = await makeUser('province_officer');
    const res = await login(user.username, PASSWORD).expect(200);
    expect(res.body.data.user).to.include({ username: user.username, role: 'province_officer', provinceCode: '38' });
    const me = await request(testApp())
      .get('/api/v1/me')
      .set('authorization', `Bearer ${res.body.data.token}`)
      .expect(200);
    expect(me.body.data.userId).to.equal(user.id);
    const claims = jwt.decode(res.body.data.token) as jwt.JwtPayload;
    expect(claims).to.include({ iss: 'hanh-trang', aud: 'hanh-trang', sub: String(user.id), typ: 'access' });
    expect(claims.exp! - claims.iat!).to.be.at.most(3600);
  });

  it('when the password is wrong or the user unknown, then the same 401', async () => {
    const { user } = await makeUser('admin');
    const wrong = await login(user.username, 'wrong password').expect(401);
    const unknown = await login('nobody-here', 'wrong password').expect(401);
    expect(wrong.body.error).to.deep.equal(unknown.body.error);
  });

  it('when the user is deactivated, then login fails', async () => {
    const { user } = await makeUser('admin', { active: false });
    await login(user.username, PASSWORD).expect(401);
  });

  it('when five attempts fail for one username from one address, then that pair is locked for 15 minutes', async () => {
    setClock(new Date('2026-11-27T03:00:00Z'));
    const { user } = await makeUser('admin');
    for (let i = 0; i < 5; i += 1) await login(user.username, 'bad', '10.0.0.7').expect(401);
    const locked = await login(user.username, PASSWORD, '10.0.0.7').expect(429);
    expect(locked.body.error.code).to.equal('RATE_LIMITED');
    // the same username from another address is not locked (nobody locks the admin out from elsewhere)
    await login(user.username, PASSWORD, '10.0.0.8').expect(200);
    advanceClock(15 * 60_000 - 1000);
    await login(user.username, PASSWORD, '10.0.0.7').expect(429);
    advanceClock(2000);
    await login(user.username, PASSWORD, '10.0.0.7').expect(200);
  });

  it('when four attempts fail, then the fifth may still succeed', async () => {
    const { user } = await makeUser('admin');
    for (let i = 0; i < 4; i += 1) await login(user.username, 'bad', '10.0.0.9').expect(401);
    await login(user.username, PASSWORD, '10.0.0.9').expect(200);
  });

  it('when the body is missing fields, then 400', async () => {
    const res = await request(testApp()).post('/api/v1/auth/login').send({ username: 'x' }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['password']);
  });
});

describe('token revocation', () => {
  it('when the user logs out, then every earlier token is refused', async () => {
    const { user } = await makeUser('admin');
    const t1 = (await login(user.username, PASSWORD)).body.data.token;
    const t2 = (await login(user.username, PASSWORD)).body.data.token;
    await request(testApp()).post('/api/v1/auth/logout').set('authorization', `Bearer ${t1}`).expect(204);
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${t1}`).expect(401);
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${t2}`).expect(401);
  });

  it('when the password changes, then old tokens and the old password stop working and the new ones work', async () => {
    const { user, auth } = await makeUser('agency_staff');
    const res = await request(testApp())
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new secret' })
      .expect(200);
    await request(testApp()).get('/api/v1/me').set(auth).expect(401);
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${res.body.data.token}`).expect(200);
    await login(user.username, PASSWORD).expect(401);
    await login(user.username, 'a brand new secret').expect(200);
  });

  it('when the current password is wrong, then 400 and nothing changes', async () => {
    const { auth } = await makeUser('admin');
    const res = await request(testApp())
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: 'nope nope', newPassword: 'a brand new secret' })
      .expect(400);
    expect(res.body.error.details[0].path).to.equal('currentPassword');
    await request(testApp()).get('/api/v1/me').set(auth).expect(200);
  });
});

describe('forged tokens', () => {
  it('when the payload is tampered with, then 401', async () => {
    const { token } = await makeUser('agency_staff');
    const { user: admin } = await makeUser('admin');
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: String(admin.id) })).toString('base64url')}.${s}`;
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${forged}`).expect(401);
  });

  it('when the token says alg none, then 401', async () => {
    const { user } = await makeUser('admin');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = Buffer.from(
      JSON.stringify({
        sub: String(user.id),
        tv: 0,
        typ: 'access',
        iss: 'hanh-trang',
        aud: 'hanh-trang',
        iat: now,
        exp: now + 600,
      }),
    ).toString('base64url');
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${header}.${body}.`).expect(401);
  });

  it('when the audience or issuer is wrong, then 401', async () => {
    const { user } = await makeUser('admin');
    const bad = jwt.sign({ tv: 0, typ: 'access' }, config().jwt.secret, {
      algorithm: 'HS256',
      subject: String(user.id),
      issuer: 'other',
      audience: 'hanh-trang',
      expiresIn: 600,
    });
    await request(testApp()).get('/api/v1/me').set('authorization', `Bearer ${bad}`).expect(401);
  });
});
