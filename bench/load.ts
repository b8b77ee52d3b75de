// The load generator, in its own process so bench/run.ts can pin it to a core the servers do not use.
// argv[2]: autocannon options as JSON; stdout: one JSON line with the figures run.ts needs.
// With `feed: { file, offset }` (a JSON list of strings), each request sent takes the next value from the list,
// from `offset` on, in place of `{feed}` in its path, body and header values: e.g. the id of a case to move, used once
// only.
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** feed values taken (requests sent, answered or not) */
  fed?: number;
}

const FEED_PLACEHOLDER = '{feed}';

/** Gives every request of the list a setupRequest that fills `{feed}` with the next unused value. */
function withFeed(options: autocannon.Options & { feed?: { file: string; offset: number } }): {
  options: autocannon.Options;
  fed: () => number;
} {
  const { feed, ...rest } = options;
  if (!feed) return { options: rest, fed: () => 0 };
  const values = JSON.parse(fs.readFileSync(feed.file, 'utf8')) as string[];
  let next = feed.offset;
  const fill = (s: string, v: string) => s.split(FEED_PLACEHOLDER).join(v);
  const requests = (rest.requests ?? [{}]).map((r) => ({
    ...r,
    setupRequest: (req: autocannon.Request) => {
      // past the end the values are reused (and fail, e.g. 409): run.ts warns that the feed was too short
      const v = values[next % values.length]!;
      next += 1;
      return {
        ...req,
        path: fill(req.path ?? '/', v),
        ...(typeof req.body === 'string' ? { body: fill(req.body, v) } : {}),
        // e.g. an Idempotency-Key made fresh for each request
        ...(req.headers
          ? { headers: Object.fromEntries(Object.entries(req.headers).map(([k, h]) => [k, fill(String(h), v)])) }
          : {}),
      };
    },
  }));
  return { options: { ...rest, requests }, fed: () => next - feed.offset };
}

async function main(): Promise<void> {
  const { options, fed } = withFeed(JSON.parse(process.argv[2] ?? '{}') as autocannon.Options);
  const r = await autocannon(options);
  const out: LoadResult = {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ...(fed() ? { fed: fed() } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
