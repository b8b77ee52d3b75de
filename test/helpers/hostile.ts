// The hostile-input toolkit: the values an outside sweep sends (wrong types, 100 KB strings, boundary and
// negative numbers, impossible dates, control characters, unknown fields, malformed ids) and the checks every
// answer must pass (no 5xx, no answer slower than 1 s, no stack trace or SQL in the body). Used by the
// generated suites in test/integration/hostile/.
import http from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import { testApp } from './app';

export const BIG = 'a'.repeat(100_000);

/** Values for a field of any type; strings in a query or a form carry the same intent as text. */
export const HOSTILE_VALUES: readonly unknown[] = [
  // wrong types
  null,
  true,
  12345,
  [],
  { nested: { deeper: 1 } },
  '',
  // numbers at and past the edges
  -1,
  0,
  -0.5,
  2 ** 53 + 2,
  1e308,
  '1e400',
  // impossible or absurd dates
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '31/12/2026',
  // control characters, bidi overrides, lone surrogates, injection-looking text
  'a\u0000b',
  '\u202Eabc',
  '\ud800',
  'a\r\nb',
  "'; DROP TABLE workers; --",
  // long text
  BIG,
];

/** Path and query values: always text. */
export const HOSTILE_TEXT: readonly string[] = [
  '',
  '0',
  '-1',
  '1.5',
  '1e3',
  '99999999999999999999',
  'abc',
  '[]',
  '2026-02-30',
  '9999-12-31',
  'a\u0000b',
  '\u202Eabc',
  '\ud800',
  '%',
  '%E0%A4%A',
  "' OR 1=1 --",
  BIG.slice(0, 8000),
];

const LEAK =
  /\bat [\w$.<>[\] ]+ \(|node_modules|\bSELECT\b[\s\S]*\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|Sequelize\w*Error|syntax error at|violates (?:check|unique|foreign key|not-null) constraint|duplicate key value|\/work\/|server\/modules\//;

export interface Tally {
  sent: number;
  slowest: number;
  slowestLabel: string;
  statuses: Record<number, number>;
}
export const tally: Tally = { sent: 0, slowest: 0, slowestLabel: '', statuses: {} };

/** Sends one request and checks the answer: no 5xx, under 1 s, nothing leaked. */
export async function probe(
  label: string,
  send: () => request.Test | Promise<request.Response>,
): Promise<request.Response> {
  const started = process.hrtime.bigint();
  const res = await send();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  tally.sent += 1;
  tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
  if (ms > tally.slowest) {
    tally.slowest = ms;
    tally.slowestLabel = label;
  }
  const text = res.text ?? '';
  expect(res.status, `${label} → ${res.status}: ${text.slice(0, 300)}`).to.be.below(500);
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).to.be.below(1000);
  expect(
    LEAK.test(text),
    `${label} leaks internals: ${(LEAK.exec(text) ?? [''])[0]} in ${text.slice(0, 300)}`,
  ).to.equal(false);
  return res;
}

/** A short printable description of a value, for failure messages. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}…(${s.length})` : s;
}

let server: http.Server | null = null;

/** One listening server for the whole sweep (supertest given the app would listen and close once per request). */
export function hostileClient() {
  if (!server) {
    server = http.createServer(testApp()).listen(0, '127.0.0.1');
    server.unref();
  }
  return request(server);
}
