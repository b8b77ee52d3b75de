// Every registered route (read from the router itself) × every role: 401 without a token (pages: a redirect to
// /login), 403 where the role lacks the permission, and where it has it anything but 401, 403 or a 5xx. Public
// routes are listed.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, type TestUser } from '../../helpers/factories';
import { listRoutes } from '../../../server/shared/auth/access';
import { ROLES, roleHas, type Role } from '../../../server/shared/auth/permissions';

const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/openapi.json',
  'GET /api/docs',
  'GET /api/v1/provinces',
  'GET /api/v1/provinces/:code/communes',
  'GET /api/v1/countries',
  'GET /api/v1/holidays',
  'POST /api/v1/auth/login',
  'GET /api/v1/rules',
  'GET /',
  'GET /login',
  'POST /login',
  // the worker portal's way in: activation with the printed code, and the quick lookup without an account
  'GET /kich-hoat',
  'POST /kich-hoat',
  'GET /tra-cuu',
  'POST /tra-cuu',
  // a generated document's public check, and the keys that verify its QR offline
  'GET /verify/:code',
  'GET /.well-known/hanhtrang-keys.json',
];

describe('route × role matrix', function () {
  this.timeout(120_000);

  it('declares exactly the listed public routes', () => {
    const routes = listRoutes(testApp())
      .filter((r) => r.access?.kind === 'public')
      .map((r) => `${r.method} ${r.path}`);
    expect(routes.sort()).to.deep.equal([...PUBLIC_ROUTES].sort());
  });

  it('answers 401/redirect, 403 or neither, exactly as the permission table says', async () => {
    const routes = listRoutes(testApp()).filter((r) => r.access?.kind === 'permission');
    expect(routes.length).to.be.greaterThan(10);
    for (const route of routes) {
      const url = route.path.replace(/:[A-Za-z]+/g, '1');
      const isApi = url.startsWith('/api/');
      const agent = request(testApp()) as unknown as Record<string, (u: string) => request.Test>;
      const call = (headers: Record<string, string>) => agent[route.method.toLowerCase()](url).set(headers).send({});
      const anon = await call({});
      if (isApi) expect(anon.status, `${route.method} ${route.path} anonymous`).to.equal(401);
      else {
        expect(anon.status, `${route.method} ${route.path} anonymous`).to.equal(303);
        expect(anon.headers.location).to.match(/^\/login/);
      }
      // fresh users per route: logout and password change revoke the tokens they are called with
      const users = {} as Record<Role, TestUser>;
      for (const role of ROLES) users[role] = await makeUser(role);
      for (const role of ROLES) {
        const res = await call(users[role].auth);
        const label = `${route.method} ${route.path} as ${role}`;
        if (route.access?.kind === 'permission' && roleHas(role, route.access.permission)) {
          expect(res.status, label).not.to.be.oneOf([401, 403]);
          expect(res.status, `${label}: ${res.text.slice(0, 200)}`).to.be.below(500);
        } else if (role === 'worker' && !isApi && route.method === 'GET' && res.status === 303) {
          // a worker who opens a staff page is sent to her portal, never shown the page
          expect(res.headers.location, label).to.equal('/toi');
        } else expect(res.status, label).to.equal(403);
      }
    }
  });
});
