// The OpenAPI document tells the truth: real requests the server accepts are valid against it, requests it
// refuses for their shape are invalid against it, and real responses match their documented schema. Checked with
// a maintained OpenAPI validator (openapi-backend, Ajv underneath), not with our own reading of the document.
import { expect } from 'chai';
import request from 'supertest';
import OpenAPIBackend from 'openapi-backend';
import addFormats from 'ajv-formats';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker, validCccd, withConsentScan } from '../../helpers/factories';
import { openOrder } from '../../helpers/cases';
import { setClock } from '../../../server/shared/clock';
import { scanAlerts } from '../../../server/modules/notifications';
import { buildOpenApi } from '../../../server/shared/openapi';

type Res = request.Response;
let api: OpenAPIBackend;

async function validator(): Promise<OpenAPIBackend> {
  testApp(); // every route declared
  const definition = JSON.parse(JSON.stringify(buildOpenApi())) as never;
  const backend = new OpenAPIBackend({
    definition,
    strict: true,
    validate: true,
    quick: false,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      return ajv;
    },
  });
  await backend.init();
  return backend;
}

/** The request as the validator reads it, and its validity against the operation. */
function requestValid(method: string, path: string, body?: unknown, query: Record<string, string> = {}) {
  const r = api.validateRequest({
    method,
    path,
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    query,
    body: body as never,
  });
  return r;
}

function expectResponseValid(res: Res, operationId: string) {
  const v = api.validateResponse(res.body, operationId, res.status);
  expect(
    v.errors ?? [],
    `${operationId} ${res.status} ${JSON.stringify(v.errors)}\n${JSON.stringify(res.body).slice(0, 400)}`,
  ).to.deep.equal([]);
}

const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý ký ngày 20/11/2026' };

describe('the OpenAPI document, checked by a maintained validator (openapi-backend)', () => {
  before(async () => {
    api = await validator();
  });
  beforeEach(() => setClock('2026-11-27'));

  it('accepts the sample requests the server accepts, and their responses match the documented schemas', async () => {
    const staff = await makeUser('agency_staff');
    const app = request(testApp());
    const send = async (
      method: 'get' | 'post' | 'patch',
      path: string,
      operationId: string,
      body?: Record<string, unknown>,
      query: Record<string, string> = {},
    ) => {
      if (method !== 'get') {
        const v = requestValid(method, path, body, query);
        expect(v.errors ?? [], `${operationId} request: ${JSON.stringify(v.errors)}`).to.deep.equal([]);
      }
      const res = await (app[method](path) as request.Test).query(query).set(staff.auth).send(body);
      expect(res.status, `${operationId}: ${JSON.stringify(res.body)}`).to.be.below(300);
      expectResponseValid(res, operationId);
      return res;
    };

    const person = {
      fullName: 'Nguyễn Thị Ánh',
      dateOfBirth: '1999-03-08',
      sex: 'female',
      cccd: validCccd('1999-03-08', 'female', 777),
      phone: '0912345678',
      provinceCode: '38',
      communeCode: '14869',
      consent,
    };
    const w = (await send('post', '/api/v1/workers', 'createWorker', await withConsentScan(staff.auth, person))).body
      .data;
    await send('get', `/api/v1/workers/${w.id}`, 'getWorker');
    await send('get', '/api/v1/workers', 'listWorkers', undefined, { q: 'nguyen anh' });
    await send('patch', `/api/v1/workers/${w.id}`, 'updateWorker', { street: 'Thôn Chiềng' });
    await send('post', `/api/v1/workers/${w.id}/papers`, 'createWorkerPaper', {
      kind: 'passport',
      number: 'C1234567',
      issuingBody: 'Cục Quản lý xuất nhập cảnh',
      issuedOn: '2026-01-10',
      expiresOn: '2036-01-10',
    });
    await send('get', `/api/v1/workers/${w.id}/papers`, 'listWorkerPapers');

    const draft = (
      await send('post', '/api/v1/job-orders', 'createJobOrder', {
        jobCategory: 'general',
        reference: 'JP-01',
        destinationCountry: 'JP',
        headcount: 3,
      })
    ).body.data;
    await send('get', `/api/v1/job-orders/${draft.id}`, 'getJobOrder');
    await send('get', '/api/v1/job-orders', 'listJobOrders');
    await send('get', `/api/v1/job-orders/${draft.id}/verdicts`, 'getJobOrderVerdicts');
    await send('patch', `/api/v1/job-orders/${draft.id}`, 'updateJobOrder', { headcount: 4 });

    const order = await openOrder(staff);
    const c = (await send('post', '/api/v1/cases', 'createCase', { workerId: w.id, jobOrderId: order.id })).body.data;
    await send('get', `/api/v1/cases/${c.id}`, 'getCase');
    await send('get', '/api/v1/cases', 'listCases', undefined, { state: 'registered' });
    await send('post', `/api/v1/cases/${c.id}/transitions`, 'transitionCase', {
      action: 'prescreen',
      expectedVersion: c.version,
    });
    await send('post', `/api/v1/cases/${c.id}/transitions`, 'transitionCase', {
      action: 'select',
      input: { selectedOn: '2026-11-20' },
      expectedVersion: c.version + 1,
    });
    await send('post', '/api/v1/cases/bulk-transitions', 'bulkTransitionCases', {
      action: 'sign_contract',
      input: { signedOn: '2026-11-21' },
      items: [{ id: c.id, expectedVersion: c.version + 2 }],
    });
    await send('get', `/api/v1/cases/${c.id}/events`, 'listCaseEvents');
    await send('patch', `/api/v1/cases/${c.id}`, 'updateCaseFacts', { plannedDepartureOn: '2027-01-10' });

    await send('get', '/api/v1/me', 'getMe');

    // the inbox: the Fund (R13) due 07/01/2027, three days before the planned departure, warned on 05/01
    await scanAlerts('2027-01-05');
    const [n] = (await send('get', '/api/v1/notifications', 'listNotifications', undefined, { state: 'open' })).body
      .data;
    expect(n.alert).to.include({ rule: 'fund_contribution', ruleId: 'R13', dueOn: '2027-01-07', status: 'open' });
    await send('post', `/api/v1/notifications/${n.id}/acknowledge`, 'acknowledgeNotification');
    await send('post', `/api/v1/notifications/${n.id}/resolve`, 'resolveAlert', { note: 'Đã đóng Quỹ, chờ biên lai' });
    const [done] = (await send('get', '/api/v1/notifications', 'listNotifications', undefined, { state: 'done' })).body
      .data;
    expect(done.alert).to.include({ status: 'resolved', resolution: 'manual' });
    const again = await app.post(`/api/v1/notifications/${n.id}/resolve`).set(staff.auth).send({});
    expect(again.status).to.equal(404);
    expect(again.body.error.code).to.equal('NOT_FOUND');
    await send('get', '/api/v1/provinces', 'listProvinces');
    await send('get', '/api/v1/countries', 'listCountries');
    await send('get', '/api/v1/policies', 'listPolicies');
    await send('get', '/api/v1/rules', 'listRules');
    await send('get', '/api/v1/reports/departures', 'listDepartures', undefined, {
      from: '2026-11-01',
      to: '2026-11-27',
    });
  });

  it('refuses, like the server, an action input of the wrong shape, and documents each action with its own input', async () => {
    const op = '/api/v1/cases/1/transitions';
    expect(
      requestValid('post', op, { action: 'select', input: { selectedOn: '2026-11-20' }, expectedVersion: 2 }).valid,
    ).to.equal(true);
    expect(
      requestValid('post', op, { action: 'select', input: {}, expectedVersion: 2 }).valid,
      'select without its date',
    ).to.equal(false);
    expect(
      requestValid('post', op, { action: 'select', input: { selectedOn: '20/11/2026' }, expectedVersion: 2 }).valid,
      'a date not YYYY-MM-DD',
    ).to.equal(false);
    expect(
      requestValid('post', op, { action: 'extend', input: { newEndOn: '2030-01-01', feeVnd: -1 }, expectedVersion: 2 })
        .valid,
      'a negative fee',
    ).to.equal(false);
    expect(requestValid('post', op, { action: 'fly_away', expectedVersion: 2 }).valid, 'an unknown action').to.equal(
      false,
    );
    expect(requestValid('post', op, { action: 'prescreen' }).valid, 'no expected version').to.equal(false);

    // the same refusals from the server
    const staff = await makeUser('agency_staff');
    const order = await openOrder(staff);
    const w = await makeWorker({ linkTo: staff.user.agencyId! });
    const c = (
      await request(testApp())
        .post('/api/v1/cases')
        .set(staff.auth)
        .send({ workerId: w.id, jobOrderId: order.id })
        .expect(201)
    ).body.data;
    await request(testApp())
      .post(`/api/v1/cases/${c.id}/transitions`)
      .set(staff.auth)
      .send({ action: 'prescreen', expectedVersion: c.version })
      .expect(200);
    const refused = await request(testApp())
      .post(`/api/v1/cases/${c.id}/transitions`)
      .set(staff.auth)
      .send({ action: 'select', input: {}, expectedVersion: c.version + 1 })
      .expect(400);
    expectResponseValid(refused, 'transitionCase');
    expect(refused.body.error.details[0].path).to.equal('selectedOn');
  });

  it('describes the worker name in words a client can use, and consent as required', () => {
    const doc = buildOpenApi() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    properties: Record<string, { pattern?: string; description?: string }>;
                    required: string[];
                  };
                };
              };
            };
          }
        >
      >;
    };
    const schema = doc.paths['/api/v1/workers'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.fullName.pattern).to.equal(undefined);
    expect(schema.properties.fullName.description).to.match(/Letters of any script/);
    expect(schema.required).to.include('consent');
    // every pattern in the document compiles as a plain (non-Unicode-flag) regular expression, as clients read it
    const patterns = JSON.stringify(doc).match(/"pattern":"((?:[^"\\]|\\.)*)"/g) ?? [];
    for (const p of patterns) {
      const source = JSON.parse(`{${p}}`).pattern as string;
      expect(() => new RegExp(source), source).not.to.throw();
      expect(source, 'no stray slash or flag').not.to.match(/\/[a-z]*$/);
    }
  });
});
