// A signed-in browser for page tests: the session cookie, the CSRF cookie and token, and the flash cookie of the last
// answer (shown once by the next page), as a browser would carry them.
import request from 'supertest';
import { testApp } from './app';
import type { TestUser } from './factories';

export class PageSession {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  /** Signed in as the user; without one, a visitor (the public pages: activation, lookup). */
  constructor(user?: TestUser) {
    if (user) this.cookies.set('ht_session', user.token);
  }

  /** The session cookie the app last set (a sign-in through a page). */
  get session(): string | undefined {
    return this.cookies.get('ht_session');
  }

  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: request.Response) {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/Expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrf = token;
    return res;
  }

  async get(url: string) {
    return this.keep(await request(testApp()).get(url).set('cookie', this.header()));
  }

  /** A multipart form POST (an upload): the CSRF token in the action URL, as the page's form sends it. */
  async multipart(url: string, fields: Record<string, string>, file?: { field: string; name: string; bytes: Buffer }) {
    if (!this.csrf) await this.get('/');
    let req = request(testApp())
      .post(`${url}?_csrf=${encodeURIComponent(this.csrf)}`)
      .set('cookie', this.header());
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach(file.field, file.bytes, file.name);
    return this.keep(await req);
  }

  /** A form POST with the page's CSRF token (a page is opened first when none was). */
  async post(url: string, fields: Record<string, string | string[]>) {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...fields })) for (const x of [v].flat()) body.append(k, x);
    return this.keep(
      await request(testApp()).post(url).set('cookie', this.header()).type('form').send(body.toString()),
    );
  }
}
