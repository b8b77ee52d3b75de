import { expect } from 'chai';
import express from 'express';
import {
  assertEveryRouteDeclaresAccess,
  listRoutes,
  publicRoute,
  requirePermission,
} from '../../../server/shared/auth/access';

describe('route access declarations', () => {
  it('when a route declares neither requirePermission() nor publicRoute(), then the app refuses to start', () => {
    const app = express();
    const sub = express.Router();
    sub.get('/ok', publicRoute(), (_q, r) => {
      r.end();
    });
    sub.post('/forgot', (_q, r) => {
      r.end();
    });
    app.use('/x', sub);
    expect(() => assertEveryRouteDeclaresAccess(app)).to.throw(/POST \/x\/forgot/);
  });

  it('when every route declares its access, then each is listed with it, mount paths included', () => {
    const app = express();
    const sub = express.Router();
    sub.get('/a/:id', requirePermission('users:manage'), (_q, r) => {
      r.end();
    });
    app.use('/api', sub);
    app.get('/', publicRoute(), (_q, r) => {
      r.end();
    });
    assertEveryRouteDeclaresAccess(app);
    expect(listRoutes(app)).to.deep.equal([
      { method: 'GET', path: '/api/a/:id', access: { kind: 'permission', permission: 'users:manage' } },
      { method: 'GET', path: '/', access: { kind: 'public' } },
    ]);
  });
});
