// What the bench scripts that time an in-process call share (grants-decision.ts, alerts.ts): every statement any pg
// client of the process sends (the app's plain pool, Sequelize's, pg-boss's, the bench's), with its text and time,
// while `trace.on`; medians and ranges of rounds; the commit the figures belong to.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface Sent {
  at: number;
  ms: number;
  text: string;
}

/** Turn `on` for the calls to time; `sent` collects their statements (empty it between rounds). */
export const trace = { on: false, sent: [] as Sent[] };

const originalQuery = pg.Client.prototype.query as unknown as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function query(
  this: pg.Client,
  ...args: unknown[]
) {
  if (!trace.on) return originalQuery.apply(this, args);
  const first = args[0];
  const text =
    typeof first === 'string'
      ? first
      : typeof (first as { text?: unknown })?.text === 'string'
        ? (first as { text: string }).text
        : '';
  const entry: Sent = { at: performance.now(), ms: 0, text };
  trace.sent.push(entry);
  const done = () => {
    entry.ms = performance.now() - entry.at;
  };
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...a: unknown[]) => {
      done();
      return (last as (...x: unknown[]) => unknown)(...a);
    };
    return originalQuery.apply(this, args);
  }
  const r = originalQuery.apply(this, args) as { then?: (a: () => void, b: () => void) => unknown } | undefined;
  if (r && typeof r.then === 'function') r.then(done, done);
  return r;
};

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const range = (xs: number[], digits = 2) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** The HEAD commit, read from .git (no git command). */
export function headCommit(): string {
  try {
    const git = path.join(__dirname, '..', '.git');
    const head = fs.readFileSync(path.join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    const ref = head.slice(5);
    const loose = path.join(git, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim().slice(0, 7);
    const packed = fs.readFileSync(path.join(git, 'packed-refs'), 'utf8').split('\n');
    return (packed.find((l) => l.endsWith(` ${ref}`)) ?? '?').slice(0, 7);
  } catch {
    return '?';
  }
}
