// Hostile input against every operation of the OpenAPI document, generated from the document itself: each path
// parameter, query parameter, body field and workflow-action input field gets wrong types, 100 KB strings, boundary
// and negative numbers, impossible dates, control characters and malformed ids; each body also gets unknown fields
// and bodies that are not objects. Every answer: no 5xx, under 1 s, no stack trace or SQL (test/helpers/hostile.ts).
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { PASSWORD, consentScanOf, makeUser, makeWorker, validCccd } from '../../helpers/factories';
import { openOrder } from '../../helpers/cases';
import { HOSTILE_TEXT, HOSTILE_VALUES, hostileClient, probe, show, tally } from '../../helpers/hostile';
import { buildOpenApi } from '../../../server/shared/openapi';
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { JobOrder } from '../../../server/modules/job-orders';
import { ROLES, roleHas, type Permission, type Role } from '../../../server/shared/auth/permissions';

type Json = Record<string, unknown>;
interface Op {
  method: string;
  path: string;
  operationId: string;
  permission: Permission | null;
  params: { name: string; in: string }[];
  body: Json | null;
}

testApp();
const doc = buildOpenApi() as {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};
const OPS: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method,
    path,
    operationId: op.operationId as string,
    permission: (op['x-permission'] as Permission | undefined) ?? null,
    params: (op.parameters as { name: string; in: string }[]) ?? [],
    body:
      (op.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content['application/json']
        .schema ?? null,
  })),
);

const q = (sql: string, bind: unknown[] = []) => sequelize().query(sql, { bind });

/** The rows every operation needs, built fresh for each (tables are truncated between tests). */
async function world() {
  setClock('2026-11-27');
  const admin = await makeUser('admin');
  const staff = await makeUser('agency_staff');
  const agencyId = staff.user.agencyId!;
  const victim = await makeUser('commune_officer');
  const worker = await makeWorker({ linkTo: agencyId, fullName: 'Nguyễn Thị Hoa' });
  const spare = await makeWorker({ linkTo: agencyId });
  const stranger = await makeWorker({ fullName: 'Trần Văn Lạ', dateOfBirth: '1995-05-05', sex: 'male' });
  const order = await openOrder(staff, {
    headcount: 100,
    salaryCurrency: 'JPY',
    salaryMinor: 200_000,
    fxRate: '170',
    contractMonths: 36,
  } as never);
  const draft = await JobOrder.create({
    agencyId,
    jobCategory: 'general',
    reference: 'NHAP',
    state: 'draft',
    version: 1,
  } as never);
  const [[c]] = (await q(
    `INSERT INTO cases (worker_id, job_order_id, agency_id, state, version, created_by_user_id) VALUES ($1, $2, $3, 'registered', 1, $4) RETURNING id`,
    [worker.id, order.id, agencyId, staff.user.id],
  )) as [{ id: string }[], unknown];
  const [[file]] = (await q(
    `INSERT INTO files (sha256, mime, size, name, content) VALUES (repeat('a', 64), 'application/pdf', 8, 'a.pdf', '%PDF-1.4'::bytea) RETURNING id`,
  )) as [{ id: string }[], unknown];
  const [[paper]] = (await q(
    `INSERT INTO papers (kind, worker_id, number, issuing_body, issued_on, expires_on, file_id) VALUES ('passport', $1, 'C1', 'Cục', '2026-01-01', '2036-01-01', $2) RETURNING id`,
    [worker.id, file.id],
  )) as [{ id: string }[], unknown];
  const [[course]] = (await q(
    `INSERT INTO courses (agency_id, kind, name, provider, market, periods, starts_on, ends_on) VALUES ($1, 'orientation', 'GDĐH', 'Trung tâm', 'JP', 74, '2026-11-01', '2026-11-30') RETURNING id`,
    [agencyId],
  )) as [{ id: string }[], unknown];
  const [[enrolment]] = (await q(
    `INSERT INTO enrolments (course_id, worker_id, case_id) VALUES ($1, $2, $3) RETURNING id`,
    [course.id, worker.id, c.id],
  )) as [{ id: string }[], unknown];
  const consentFileId = await consentScanOf(staff.auth);
  return {
    consentFileId,
    admin,
    staff,
    agencyId,
    victim,
    worker,
    spare,
    stranger,
    order,
    draft,
    caseId: Number(c.id),
    paperId: Number(paper.id),
    courseId: Number(course.id),
    enrolmentId: Number(enrolment.id),
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** The id each path parameter takes by default, from the path it is in. */
function pathValue(path: string, w: World): string {
  if (path.startsWith('/api/v1/provinces')) return '38';
  if (path.startsWith('/api/v1/users')) return String(w.victim.user.id);
  if (path.startsWith('/api/v1/agencies')) return String(w.agencyId);
  if (path.startsWith('/api/v1/workers')) return String(w.worker.id);
  if (path.startsWith('/api/v1/job-orders')) return String(w.draft.id);
  if (path.startsWith('/api/v1/cases')) return String(w.caseId);
  if (path.startsWith('/api/v1/papers')) return String(w.paperId);
  if (path.startsWith('/api/v1/courses')) return String(w.courseId);
  if (path.startsWith('/api/v1/enrolments')) return String(w.enrolmentId);
  return '1';
}

const QUERY_BASE: Record<string, Record<string, string>> = {
  listWorkers: { q: 'nguyen hoa', page: '1', pageSize: '20' },
  listCases: { state: 'registered', market: 'JP' },
  listDepartures: { from: '2026-11-01', to: '2026-11-27' },
  listHolidays: { year: '2026' },
  listPolicies: { key: 'service_fee', at: '2026-11-27' },
  getJobOrderVerdicts: { at: '2026-11-27' },
  listUsers: { q: 'nguoi' },
  listAgencies: { q: 'cong ty' },
  listJobOrders: { state: 'open' },
};

const consent = { consentDate: '2026-11-20', purposes: ['recruitment'], evidence: 'Phiếu đồng ý ngày 20/11/2026' };

function bodyBase(op: Op, w: World): Json {
  switch (op.operationId) {
    case 'createUser':
      return {
        username: 'nguoi-moi',
        displayName: 'Người mới',
        role: 'agency_staff',
        password: 'mat-khau-dai-1',
        agencyId: w.agencyId,
      };
    case 'updateUser':
      return { displayName: 'Tên mới' };
    case 'resetUserPassword':
      return { password: 'mat-khau-moi-1' };
    case 'login':
      return { username: 'khong-co', password: 'sai-mat-khau' };
    case 'changePassword':
      return { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2' };
    case 'createAgency':
      return { kind: 'service_enterprise', name: 'Công ty Mới', licenceNumber: 'GP-NEW' };
    case 'updateAgency':
      return { name: 'Tên mới của công ty' };
    case 'addAgencyBranch':
      return { name: 'Chi nhánh Nghệ An', address: 'Vinh', provinceCode: '40' };
    case 'createWorker':
      return {
        fullName: 'Lê Thị Mới',
        dateOfBirth: '2000-02-02',
        sex: 'female',
        cccd: validCccd('2000-02-02', 'female', 55501),
        consent: { ...consent, fileId: w.consentFileId },
      };
    case 'updateWorker':
      return { street: 'Thôn Chiềng' };
    case 'linkWorker':
      return {
        ...consent,
        fileId: w.consentFileId,
        cccd: w.stranger.cccd,
        fullName: w.stranger.fullName,
        dateOfBirth: w.stranger.dateOfBirth,
      };
    case 'addPolicyVersion':
      return {
        key: 'service_fee.rate',
        value: '1',
        unit: 'months_salary',
        effectiveFrom: '2027-01-01',
        citation: 'Thông tư thử nghiệm',
        confirmed: false,
        reason: 'Thử nghiệm đầu vào',
      };
    case 'createJobOrder':
      return {
        jobCategory: 'general',
        reference: 'JP-NEW',
        destinationCountry: 'JP',
        headcount: 3,
        fxRate: '170.5',
        recruitFrom: '2026-11-01',
        recruitTo: '2026-12-31',
      };
    case 'updateJobOrder':
      return { headcount: 4, recruitFrom: '2026-11-01' };
    case 'createCase':
      return { workerId: w.spare.id, jobOrderId: w.order.id };
    case 'updateCaseFacts':
      return { plannedDepartureOn: '2027-01-10', fundContributionPaidOn: '2026-11-20' };
    case 'createWorkerPaper':
      return {
        kind: 'passport',
        number: 'C7654321',
        issuingBody: 'Cục Quản lý xuất nhập cảnh',
        issuedOn: '2026-01-10',
        expiresOn: '2036-01-10',
      };
    case 'createCasePaper':
      return {
        kind: 'visa',
        number: 'V-1',
        issuingBody: 'Đại sứ quán',
        issuedOn: '2026-11-01',
        expiresOn: '2027-11-01',
      };
    case 'createCourse':
      return {
        kind: 'language',
        name: 'Tiếng Nhật N4',
        provider: 'Trung tâm',
        periods: 100,
        startsOn: '2026-12-01',
        endsOn: '2027-02-28',
      };
    case 'enrolWorker':
      return { workerId: w.spare.id };
    case 'markAttendance':
      return { day: '2026-11-20', absentEnrolmentIds: [] };
    case 'recordEnrolmentResult':
      return { result: 'passed', certificateNumber: 'CC-1', certificateDate: '2026-11-20' };
    default:
      return {};
  }
}

/** A plausible value for a documented property (action inputs are generated from their schema). */
function example(name: string, s: Json): unknown {
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.type === 'boolean') return false;
  if (s.type === 'integer' || s.type === 'number') return name === 'feeVnd' ? 0 : 1;
  if (s.type === 'array') return [];
  if (s.type === 'object') return {};
  if (String(s.pattern ?? '').includes('\\d{4}'))
    return name.startsWith('newEnd') || name.startsWith('contractEnd') ? '2030-01-10' : '2026-11-20';
  return name === 'overrideReason' || name === 'reason' ? 'Lý do đủ dài' : 'Văn bản 123';
}

/** For each action (oneOf keyed by action): its name, a valid-looking input and the input's field names. */
function actionVariants(body: Json): { action: string; input: Json }[] {
  const oneOf = body.oneOf as { $ref: string }[] | undefined;
  if (!oneOf) return [];
  return oneOf.map(({ $ref }) => {
    const s = doc.components.schemas[$ref.split('/').pop()!] as {
      properties: { action: { enum: string[] }; input: { properties?: Record<string, Json> } };
    };
    const props = s.properties.input.properties ?? {};
    return {
      action: s.properties.action.enum[0],
      input: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, example(k, v)])),
    };
  });
}

/** The state a case (or job order) must be in for an action, so hostile input reaches its checks. */
const CASE_FROM: Record<string, string> = {
  prescreen: 'registered',
  select: 'prescreened',
  sign_contract: 'selected',
  start_visa: 'contract_signed',
  mark_ready: 'visa_processing',
  depart: 'ready_to_depart',
  extend: 'departed',
  return: 'departed',
  record_notice: 'returned',
  liquidate: 'returned',
  close: 'liquidated',
  withdraw: 'registered',
  reject: 'registered',
};
const ORDER_FROM: Record<string, string> = { open: 'draft', close: 'open', reopen: 'closed' };

async function resetFor(op: Op, action: string | undefined, w: World) {
  if (op.operationId === 'recordEnrolmentResult')
    await q("UPDATE enrolments SET result = 'enrolled', certificate_number = NULL, certificate_date = NULL");
  if (!action) return;
  if (op.path.includes('/cases')) {
    await q(
      `UPDATE cases SET state = $2, version = 1, selected_on = '2026-11-01', departed_on = '2026-06-01', labour_contract_start_on = '2026-06-01',
      labour_contract_end_on = '2029-06-01', returned_on = '2026-11-01', return_outcome = 'on_time' WHERE id = $1`,
      [w.caseId, CASE_FROM[action] ?? 'registered'],
    );
  } else if (op.path.includes('/job-orders')) {
    await q('UPDATE job_orders SET state = $2, version = 1 WHERE id = $1', [w.draft.id, ORDER_FROM[action] ?? 'draft']);
  }
}

function roleFor(op: Op): Role | null {
  if (!op.permission) return null;
  const allowed = ROLES.filter((r) => roleHas(r, op.permission!));
  return allowed.includes('agency_staff') ? 'agency_staff' : allowed.includes('admin') ? 'admin' : allowed[0];
}

async function authFor(op: Op, w: World): Promise<Record<string, string>> {
  const role = roleFor(op);
  if (!role) return {};
  // signing out and changing the password revoke the caller's tokens: a fresh user each time
  if (op.operationId === 'logout' || op.operationId === 'changePassword') return (await makeUser(role)).auth;
  if (role === 'agency_staff') return w.staff.auth;
  if (role === 'admin') return w.admin.auth;
  return (await makeUser(role)).auth;
}

/** A path segment: escapes sent as they are (malformed ones included), a lone surrogate as its raw UTF-8 bytes. */
function pathSegment(v: string): string {
  if (v.startsWith('%')) return v;
  try {
    return encodeURIComponent(v);
  } catch {
    return [...Buffer.from(v, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('')
      .replace('%EF%BF%BD', '%ED%A0%80');
  }
}

async function call(
  op: Op,
  w: World,
  label: string,
  opts: { pathValues?: Record<string, string>; query?: Record<string, string>; body?: unknown; raw?: string },
) {
  const auth = await authFor(op, w);
  const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    pathSegment(opts.pathValues?.[name] ?? pathValue(op.path, w)),
  );
  return probe(`${op.method.toUpperCase()} ${op.path} ${label}`, () => {
    let t = (hostileClient() as unknown as Record<string, (u: string) => request.Test>)[op.method](url).set(auth);
    if (opts.query) t = t.query(opts.query);
    if (opts.raw !== undefined) return t.set('content-type', 'application/json').send(opts.raw);
    return opts.body === undefined ? t : t.send(opts.body as object);
  });
}

describe('hostile input: every operation of the OpenAPI document', function () {
  this.timeout(120_000);
  after(() => {
    console.log(
      `      hostile API suite: ${tally.sent} requests, statuses ${JSON.stringify(tally.statuses)}, slowest ${tally.slowest.toFixed(0)} ms (${tally.slowestLabel.slice(0, 80)})`,
    );
  });

  it('covers every documented operation', () => {
    expect(OPS.length).to.be.greaterThan(45);
  });

  for (const op of OPS) {
    it(`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, async () => {
      const w = await world();
      const query = QUERY_BASE[op.operationId] ?? {};
      const variants = op.body
        ? actionVariants(op.body).length
          ? actionVariants(op.body)
          : [{ action: undefined as string | undefined, input: undefined as Json | undefined }]
        : [{ action: undefined, input: undefined }];
      for (const [n, v] of variants.entries()) {
        const first = n === 0; // the envelope (path, query, action, version, items) is swept once, each action's input always
        const base: Json = op.body
          ? v.action
            ? {
                action: v.action,
                input: v.input,
                ...(op.operationId === 'bulkTransitionCases'
                  ? { items: [{ id: w.caseId, expectedVersion: 1 }] }
                  : { expectedVersion: 1 }),
              }
            : bodyBase(op, w)
          : {};
        const bodyOf = (b: Json) => (op.body ? b : undefined);
        const send = async (label: string, o: Parameters<typeof call>[3]) => {
          await resetFor(op, v.action, w);
          return call(op, w, `${v.action ?? ''} ${label}`, o);
        };

        await send('base', { query, body: bodyOf(base) });
        if (first)
          for (const p of op.params.filter((x) => x.in === 'path')) {
            for (const value of HOSTILE_TEXT)
              await send(`path ${p.name}=${show(value)}`, {
                pathValues: { [p.name]: value },
                query,
                body: bodyOf(base),
              });
          }
        if (first)
          for (const p of op.params.filter((x) => x.in === 'query')) {
            for (const value of HOSTILE_TEXT)
              await send(`query ${p.name}=${show(value)}`, {
                query: { ...query, [p.name]: value },
                body: bodyOf(base),
              });
          }
        if (!op.body) continue;
        const fields = first ? Object.keys(base).filter((k) => k !== 'input') : [];
        for (const f of fields) {
          for (const value of HOSTILE_VALUES)
            await send(`body ${f}=${show(value)}`, { query, body: { ...base, [f]: value } });
        }
        for (const f of Object.keys(v.input ?? {})) {
          for (const value of HOSTILE_VALUES)
            await send(`input ${f}=${show(value)}`, { query, body: { ...base, input: { ...v.input, [f]: value } } });
        }
        // nested objects and arrays: consent, deductions, items
        for (const [f, nested] of Object.entries(base).filter(
          ([, x]) => x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x as Json).length,
        )) {
          for (const k of Object.keys(nested as Json)) {
            for (const value of HOSTILE_VALUES)
              await send(`body ${f}.${k}=${show(value)}`, {
                query,
                body: { ...base, [f]: { ...(nested as Json), [k]: value } },
              });
          }
        }
        for (const [f, arr] of Object.entries(base).filter(
          ([, x]) => first && Array.isArray(x) && x.length && typeof x[0] === 'object',
        )) {
          for (const k of Object.keys((arr as Json[])[0])) {
            for (const value of HOSTILE_VALUES)
              await send(`body ${f}[0].${k}=${show(value)}`, {
                query,
                body: { ...base, [f]: [{ ...(arr as Json[])[0], [k]: value }] },
              });
          }
          await send(`body ${f} × 10,000`, {
            query,
            body: { ...base, [f]: Array.from({ length: 10_000 }, (_, i) => ({ ...(arr as Json[])[0], id: i + 1 })) },
          });
        }
        if (!first) continue;
        await send('unknown fields', {
          query,
          body: {
            ...base,
            unknownField: 'x',
            constructor: { prototype: { polluted: true } },
            ['__proto__']: { polluted: true },
          },
        });
        for (const raw of [
          '[]',
          '"text"',
          '42',
          'null',
          '{"a":',
          '{"__proto__":{"isAdmin":true}}',
          `{"x":"${'\\u0000'}"}`,
        ])
          await send(`raw body ${raw}`, { query, raw });
      }
      expect(({} as Json).polluted, 'prototype pollution').to.equal(undefined);
    });
  }
});
