// Hostile input against the pages, generated from the pages themselves: for each role, the suite crawls the site
// from the navigation and the records of a small world, collects every form it is shown (POST forms and GET
// filters), and submits each with one field at a time replaced by a hostile value; every page route with an id
// is also asked for malformed ids. Every answer: no 5xx, under 1 s, no stack trace or SQL.
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser, makeWorker, type TestUser } from '../../helpers/factories';
import { openOrder } from '../../helpers/cases';
import { HOSTILE_TEXT, hostileClient, probe, show, tally } from '../../helpers/hostile';
// NOTE: the form values are fewer than the API's (each page answer is a whole HTML page); the API suite sweeps the
// same schemas with the full set.
import { sequelize } from '../../../server/db/sequelize';
import { setClock } from '../../../server/shared/clock';
import { issueToken } from '../../../server/modules/auth';
import { listRoutes } from '../../../server/shared/auth/access';
import { roleHas, type Role } from '../../../server/shared/auth/permissions';
import { User } from '../../../server/modules/users';
import { JobOrder } from '../../../server/modules/job-orders';
import { SESSION_COOKIE } from '../../../server/shared/auth/session-cookie';
import { CSRF_COOKIE } from '../../../server/shared/auth/csrf';

/** Form values are text: the hostile set as a browser (or a forger) would send it. */
const FORM_VALUES = [
  '',
  '-1',
  '99999999999999999999',
  'abc',
  '2026-02-30',
  '9999-12-31',
  'a\u0000b',
  '\u202Eabc',
  '\ud800',
  "' OR 1=1 --",
  'a'.repeat(90_000),
  '20.000.000',
  '1,5',
  '０１/０２/２０２６',
];
const q = (sql: string, bind: unknown[] = []) => sequelize().query(sql, { bind });

interface Form {
  method: 'get' | 'post';
  action: string;
  multipart?: boolean;
  fields: [string, string][];
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x3D;/g, '=');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decode(m[1]) : undefined;
};

/** The forms of a page: method, action and the value each field would send untouched. */
function formsOf(html: string, pageUrl: string): Form[] {
  const out: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const method = (attr(m[1], 'method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const action = attr(m[1], 'action') ?? pageUrl.split('?')[0];
    const fields: [string, string][] = [];
    for (const t of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(t[1], 'name');
      const type = (attr(t[1], 'type') ?? 'text').toLowerCase();
      if (!name || type === 'file' || type === 'submit') continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/i.test(t[1])) continue;
      fields.push([name, attr(t[1], 'value') ?? (type === 'checkbox' ? 'on' : '')]);
    }
    for (const s of m[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(s[1], 'name');
      if (!name) continue;
      const options = [...s[2].matchAll(/<option\b([^>]*)>/gi)];
      const chosen =
        options.find((o) => /\sselected\b/i.test(o[1])) ?? options.find((o) => attr(o[1], 'value')) ?? options[0];
      fields.push([name, chosen ? (attr(chosen[1], 'value') ?? '') : '']);
    }
    for (const t of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(t[1], 'name');
      if (name) fields.push([name, decode(t[2])]);
    }
    out.push({ method, action, multipart: /multipart\/form-data/i.test(attr(m[1], 'enctype') ?? ''), fields });
  }
  return out;
}

const linksOf = (html: string) =>
  [...html.matchAll(/<a\b[^>]*\shref="([^"#]+)"/gi)]
    .map((m) => decode(m[1]))
    .filter((h) => h.startsWith('/') && !/^\/(api|public|vendor)\b/.test(h) && !h.startsWith('//'));

async function world() {
  setClock('2026-11-27');
  const staff = await makeUser('agency_staff');
  const agencyId = staff.user.agencyId!;
  const worker = await makeWorker({ linkTo: agencyId, fullName: 'Nguyễn Thị Hoa' });
  const order = await openOrder(staff, { headcount: 50 });
  await JobOrder.create({ agencyId, jobCategory: 'general', reference: 'NHAP', state: 'draft', version: 1 } as never);
  for (const state of ['registered', 'departed']) {
    const w = state === 'registered' ? worker : await makeWorker({ linkTo: agencyId });
    await q(
      `INSERT INTO cases (worker_id, job_order_id, agency_id, state, version, created_by_user_id, selected_on, departed_on, labour_contract_start_on, labour_contract_end_on)
      VALUES ($1, $2, $3, $4, 1, $5, '2026-05-01', '2026-06-01', '2026-06-01', '2029-06-01')`,
      [w.id, order.id, agencyId, state, staff.user.id],
    );
  }
  await q(
    `INSERT INTO courses (agency_id, kind, name, provider, market, periods, starts_on, ends_on) VALUES ($1, 'orientation', 'GDĐH', 'Trung tâm', 'JP', 74, '2026-11-01', '2026-11-30')`,
    [agencyId],
  );
  await q(`INSERT INTO enrolments (course_id, worker_id) SELECT id, $1 FROM courses`, [worker.id]);
  const users: Record<Role, TestUser> = {
    admin: await makeUser('admin'),
    agency_staff: staff,
    commune_officer: await makeUser('commune_officer'),
    province_officer: await makeUser('province_officer'),
    worker: await makeUser('worker', { workerId: worker.id } as never),
    centre_staff: await makeUser('centre_staff'),
  };
  return { users, worker, order };
}

/** A signed-in browser: the session cookie, the CSRF cookie it was given, and a fresh token when one was revoked. */
class Browser {
  private csrf = '';
  private token: string;
  constructor(private readonly user: User) {
    this.token = issueToken(user);
  }

  private cookies() {
    return [`${SESSION_COOKIE}=${this.token}`, ...(this.csrf ? [`${CSRF_COOKIE}=${this.csrf}`] : [])].join('; ');
  }

  private remember(res: request.Response) {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const m = new RegExp(`^${CSRF_COOKIE}=([^;]+)`).exec(c);
      if (m) this.csrf = m[1];
    }
  }

  async refreshIfSignedOut(res: request.Response) {
    if (res.status === 303 && String(res.headers.location ?? '').startsWith('/login')) {
      await this.user.reload();
      this.token = issueToken(this.user);
    }
  }

  async get(url: string, label = `GET ${url}`) {
    const res = await probe(label, () => hostileClient().get(url).set('Cookie', this.cookies()));
    this.remember(res);
    await this.refreshIfSignedOut(res);
    return res;
  }

  async submit(form: Form, fields: [string, string][], label: string) {
    const body = new URLSearchParams(fields).toString();
    const res = await probe(label, () => {
      if (form.method === 'get')
        return hostileClient()
          .get(`${form.action.split('?')[0]}?${body}`)
          .set('Cookie', this.cookies());
      const post = hostileClient().post(form.action).set('Cookie', this.cookies());
      if (!form.multipart) return post.type('form').send(body);
      for (const [n, v] of fields) post.field(n, v);
      return post;
    });
    this.remember(res);
    await this.refreshIfSignedOut(res);
    return res;
  }
}

const MAX_PAGES = 40;
const ROLE_LIST: Role[] = ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'];

describe('hostile input: every page form and page route, per role', function () {
  this.timeout(180_000);
  after(() => {
    console.log(
      `      hostile suites so far: ${tally.sent} requests, statuses ${JSON.stringify(tally.statuses)}, slowest ${tally.slowest.toFixed(0)} ms (${tally.slowestLabel.slice(0, 80)})`,
    );
  });

  for (const role of ROLE_LIST) {
    it(`${role}: crawls the pages it is shown and submits each form with hostile values`, async () => {
      const { users, worker } = await world();
      const browser = new Browser(users[role].user);
      const seen = new Set<string>();
      const queue = [
        '/',
        '/workers',
        '/cases',
        '/job-orders',
        '/training',
        '/agencies',
        '/reports/departures',
        '/admin/users',
        '/admin/policies',
        '/admin/workflows',
        `/workers/${worker.id}`,
        '/workers/new',
        '/job-orders/new',
        '/agencies/new',
        '/admin/users/new',
      ];
      const forms = new Map<string, Form>();
      while (queue.length && seen.size < MAX_PAGES) {
        const url = queue.shift()!;
        const key = url.replace(/\d+/g, 'N');
        if (seen.has(key) || /\/logout$|\/file$/.test(url)) continue;
        seen.add(key);
        const res = await browser.get(url);
        if (res.status !== 200 || !/text\/html/.test(String(res.headers['content-type']))) continue;
        for (const link of linksOf(res.text)) if (!seen.has(link.replace(/\d+/g, 'N'))) queue.push(link);
        for (const f of formsOf(res.text, url)) {
          const fkey = `${f.method} ${f.action.split('?')[0].replace(/\d+/g, 'N')} ${f.fields.map(([n]) => n).join(',')}`;
          if (!/\/(logout|login)$/.test(f.action.split('?')[0]) && !forms.has(fkey)) forms.set(fkey, f);
        }
      }
      expect(seen.size, `${role} saw pages`).to.be.greaterThan(2);
      for (const form of forms.values()) {
        // the untouched form first, then one field at a time
        await browser.submit(form, form.fields, `${form.method.toUpperCase()} ${form.action} as ${role}: untouched`);
        for (const [name] of form.fields.filter(([n]) => n !== '_csrf' && n !== 'expectedVersion')) {
          // a GET form's values travel in the URL: past ~16 KB Node's HTTP parser refuses the request line itself
          for (const value of FORM_VALUES.filter((v) => form.method === 'post' || v.length < 4000)) {
            const fields = form.fields.map(([n, v]): [string, string] => [n, n === name ? value : v]);
            await browser.submit(
              form,
              fields,
              `${form.method.toUpperCase()} ${form.action} as ${role}: ${name}=${show(value)}`,
            );
          }
          // the same field sent twice (an array where one value is expected)
          await browser.submit(
            form,
            [...form.fields, [name, 'x']],
            `${form.method.toUpperCase()} ${form.action} as ${role}: ${name} twice`,
          );
        }
        // an unknown field, and fields with hostile names
        await browser.submit(
          form,
          [...form.fields, ['unknownField', 'x'], ['__proto__[polluted]', '1'], ['a\u0000b', 'x']],
          `${form.method.toUpperCase()} ${form.action} as ${role}: unknown fields`,
        );
      }
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  }

  it('answers every page route with an id given a malformed id, for a role that may open it', async () => {
    const { users } = await world();
    const routes = listRoutes(testApp()).filter(
      (r) => !r.path.startsWith('/api') && r.path.includes(':') && r.access?.kind === 'permission',
    );
    expect(routes.length).to.be.greaterThan(10);
    for (const r of routes) {
      const role = ROLE_LIST.find((x) => r.access?.kind === 'permission' && roleHas(x, r.access.permission))!;
      const browser = new Browser(users[role].user);
      await browser.get('/');
      for (const value of HOSTILE_TEXT) {
        const seg = value.startsWith('%')
          ? value
          : (() => {
              try {
                return encodeURIComponent(value);
              } catch {
                return '%ED%A0%80';
              }
            })();
        const url = r.path.replace(/:\w+/g, seg);
        if (r.method === 'GET') await browser.get(url, `GET ${r.path} as ${role} with ${show(value)}`);
        else
          await browser.submit(
            { method: 'post', action: url, fields: [] },
            [],
            `POST ${r.path} as ${role} with ${show(value)}`,
          );
      }
    }
  });
});
