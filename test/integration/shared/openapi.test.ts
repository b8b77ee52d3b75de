import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';

describe('GET /api/v1/openapi.json', () => {
  it('documents every declared operation with an operationId, a summary, security and error responses', async () => {
    const res = await request(testApp()).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).to.match(/^3\./);
    const ops = Object.entries(res.body.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      ([p, methods]) => Object.values(methods).map((op) => ({ p, op })),
    );
    expect(ops.length).to.be.greaterThan(3);
    const ids = new Set<string>();
    for (const { p, op } of ops) {
      expect(op.operationId, p).to.be.a('string');
      expect(ids.has(op.operationId as string), `duplicate ${op.operationId}`).to.equal(false);
      ids.add(op.operationId as string);
      expect(op.summary, p).to.be.a('string');
      expect(op.security, p).to.be.an('array');
      expect(Object.keys(op.responses as object)).to.include('500');
      expect(p).not.to.contain(':');
    }
    expect(res.body.paths['/api/v1/provinces/{code}/communes'].get.parameters[0]).to.include({
      name: 'code',
      in: 'path',
      required: true,
    });
  });

  it('renders the docs page at /api/docs', async () => {
    const res = await request(testApp()).get('/api/docs/').expect(200);
    expect(res.text).to.contain('swagger');
  });
});
