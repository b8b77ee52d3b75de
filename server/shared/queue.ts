// Durable work on pg-boss (PostgreSQL-backed: no new server). A job sent inside a transaction is written by that
// transaction and rolls back with it, so an effect of a transition exists exactly when the transition does.
// Every queue retries with exponential backoff and keeps what still fails in its dead-letter queue (`<name>.dead`);
// every handler is idempotent by a key its job carries (delivered twice, it takes effect once). Workers run in the
// app process, or alone with `npm run worker` (ARCHITECTURE.md, Jobs and effects).
import { PgBoss } from 'pg-boss';
import { QueryTypes, type Transaction } from 'sequelize';
import { config } from '../config';
import { currentDatabaseUrl, sequelize } from '../db/sequelize';
import { currentTransaction, runInContext } from './context';
import { logger } from './logger';
import { recordedRun } from './job-runs';

export interface JobContext {
  jobId: string;
  /** 0 on the first delivery */
  retryCount: number;
}

export interface JobDefinition<D extends object> {
  name: string;
  /** what the job does, in Vietnamese, for the admin page */
  label: string;
  /** what the job does; it must be idempotent (keyed writes): a job may be delivered again after a crash */
  handler: (data: D, ctx: JobContext) => Promise<unknown>;
  /** retries before the job goes to the dead-letter queue (default 5, backoff from 2 s up to 5 min) */
  retryLimit?: number;
  /** seconds a job may stay active before it counts as failed (a crashed worker) and is retried (default 60) */
  expireInSeconds?: number;
  /** scheduled jobs: every delivery is recorded in job_runs (start, end, status, counts, error) */
  recordRuns?: boolean;
}

const definitions = new Map<string, JobDefinition<object>>();

/** Declares a job (a module does this when it loads); the queue and its dead-letter queue are made at start. */
export function defineJob<D extends object>(def: JobDefinition<D>): JobDefinition<D> {
  definitions.set(def.name, def as unknown as JobDefinition<object>);
  return def;
}

export function jobDefinition(name: string): JobDefinition<object> | undefined {
  return definitions.get(name);
}

export const jobNames = () => [...definitions.keys()].sort();
export const deadLetterOf = (name: string) => `${name}.dead`;

let boss: PgBoss | null = null;
let working = false;

/** pg-boss statements run in a Sequelize transaction: what they write commits or rolls back with it. */
/** pg-boss's database interface (IDatabase): statements and their rows. */
interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}
interface DeliveredJob {
  id: string;
  data: object;
  retryCount?: number;
}

function inTransactionDb(transaction: Transaction): QueueDb {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({
      rows: (await sequelize().query(text, {
        bind: (values ?? []) as unknown[],
        transaction,
        type: QueryTypes.SELECT,
      })) as unknown[],
    }),
  };
}

export function queue(): PgBoss {
  if (!boss) throw new Error('the job queue has not started (startQueue)');
  return boss;
}

/**
 * Starts pg-boss on the app's database (its own schema `pgboss`, made or migrated at start) and creates every
 * declared queue; with `workers`, this process also works them.
 */
export async function startQueue({ workers }: { workers: boolean }): Promise<PgBoss> {
  if (!boss) {
    const b = new PgBoss({
      connectionString: currentDatabaseUrl(),
      max: 2,
      connectionTimeoutMillis: config().db.acquireTimeoutMs,
      schedule: false, // node-cron fires the schedules (server/jobs/index.ts); the queue de-duplicates each firing
      supervise: true,
      superviseIntervalSeconds: config().env === 'test' ? 1 : 30,
      monitorIntervalSeconds: config().env === 'test' ? 1 : 30,
      application_name: 'hanh-trang-queue',
    } as never);
    b.on('error', (err: unknown) =>
      logger.error(
        { err: err instanceof Error ? { message: err.message, code: (err as { code?: string }).code } : err },
        'queue.error',
      ),
    );
    await b.start();
    boss = b;
    for (const def of definitions.values()) await createQueueFor(def);
  }
  if (workers && !working) {
    working = true;
    for (const def of definitions.values()) {
      // up to 10 jobs a fetch, each settled on its own (one failing job does not fail the others); while fetches
      // come back full the worker fetches again at once, so a backlog drains without waiting out the poll
      await boss.work<object>(
        def.name,
        {
          batchSize: 10,
          perJobResults: true,
          includeMetadata: true,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: config().env === 'test' ? 0.5 : 2,
        },
        async (jobs: DeliveredJob[]) => {
          const results: { id: string; status: 'completed' | 'failed'; output?: object }[] = [];
          for (const job of jobs) {
            try {
              await runJob(def, job);
              results.push({ id: job.id, status: 'completed' });
            } catch (err) {
              results.push({
                id: job.id,
                status: 'failed',
                output: { message: err instanceof Error ? err.message : String(err) },
              });
            }
          }
          return results;
        },
      );
    }
  }
  return boss;
}

/** Makes a job's queue and its dead-letter queue (at start for every declared job; idempotent). */
export async function createQueueFor(def: JobDefinition<object>): Promise<void> {
  const b = queue();
  await b.createQueue(deadLetterOf(def.name), { retentionSeconds: 30 * 86_400, deleteAfterSeconds: 30 * 86_400 });
  await b.createQueue(def.name, {
    retryLimit: def.retryLimit ?? 5,
    retryBackoff: true,
    retryDelay: 2,
    retryDelayMax: 300,
    expireInSeconds: def.expireInSeconds ?? 60,
    deadLetter: deadLetterOf(def.name),
    deleteAfterSeconds: 7 * 86_400,
  });
}

/** Runs one delivered job in a context of its own (its id as the request id of the logs and audit). */
export async function runJob(
  def: JobDefinition<object>,
  job: { id: string; data: object; retryCount?: number },
): Promise<unknown> {
  return runInContext({ requestId: `job:${job.id}`, route: `JOB ${def.name}` }, async () => {
    try {
      const ctx = { jobId: job.id, retryCount: job.retryCount ?? 0 };
      const result = def.recordRuns
        ? await recordedRun(
            def.name,
            {
              trigger: (job.data as { trigger?: string }).trigger === 'manual' ? 'manual' : 'schedule',
              queueJobId: job.id,
              attempt: ctx.retryCount,
            },
            () => def.handler(job.data, ctx),
          )
        : await def.handler(job.data, ctx);
      // tests only: die between the effect and the job's completion, as a crashed worker would
      if (config().env === 'test' && process.env.QUEUE_CRASH_AFTER === def.name) process.kill(process.pid, 'SIGKILL');
      logger.info({ job: def.name, jobId: job.id }, 'job.completed');
      return result;
    } catch (err) {
      logger.warn(
        { job: def.name, jobId: job.id, err: err instanceof Error ? err.message : String(err) },
        'job.failed',
      );
      throw err;
    }
  });
}

export interface EnqueueOptions {
  /** the idempotency key: a second send with the same key (within `uniqueForSeconds`) is not queued */
  key?: string;
  /** how long the key stays unique (default: a day) */
  uniqueForSeconds?: number;
  /** the transaction to write the job in (default: the request context's, if any) */
  transaction?: Transaction;
}

/**
 * Queues a job. Inside a transaction (given or the request context's) it is written by that transaction: it exists
 * only if the transaction commits. Returns the job id, or null when the key was already queued.
 */
export async function enqueue(name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
  if (!definitions.has(name)) throw new Error(`no job ${name}`);
  const transaction = options.transaction ?? currentTransaction();
  return queue().send(name, data, {
    ...(options.key ? { singletonKey: options.key, singletonSeconds: options.uniqueForSeconds ?? 86_400 } : {}),
    ...(transaction ? { db: inTransactionDb(transaction) as never } : {}),
  });
}

/**
 * Queues many jobs of one kind in one statement, each with its idempotency key (a key already queued is skipped).
 * Outside any transaction (a scheduled job fanning out its work).
 */
export async function enqueueMany(
  name: string,
  items: { data: object; key: string }[],
  uniqueForSeconds = 86_400,
): Promise<number> {
  if (!definitions.has(name)) throw new Error(`no job ${name}`);
  if (!items.length) return 0;
  const ids = await queue().insert(
    name,
    items.map((i) => ({ data: i.data, singletonKey: i.key, singletonSeconds: uniqueForSeconds })),
  );
  return ids?.length ?? items.length;
}

/** The counts of one queue and of its dead-letter queue, for the admin page. */
export interface QueueSummary {
  name: string;
  label: string;
  ready: number;
  deferred: number;
  active: number;
  failed: number;
  total: number;
  dead: number;
}

export async function queueSummaries(): Promise<QueueSummary[]> {
  const names = jobNames();
  const found = await queue().getQueues([...names, ...names.map(deadLetterOf)]);
  const byName = new Map(found.map((q) => [q.name, q]));
  return names.map((name) => {
    const q = byName.get(name);
    return {
      name,
      label: definitions.get(name)!.label,
      ready: q?.readyCount ?? 0,
      deferred: q?.deferredCount ?? 0,
      active: q?.activeCount ?? 0,
      failed: q?.failedCount ?? 0,
      total: q?.totalCount ?? 0,
      dead: byName.get(deadLetterOf(name))?.queuedCount ?? 0,
    };
  });
}

export interface ProblemJob {
  id: string;
  name: string;
  /** retry: waiting for its next attempt; failed: out of retries; dead: in the dead-letter queue */
  kind: 'retry' | 'failed' | 'dead';
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  /** the next attempt (retry) or when it failed */
  at: Date | null;
  error: string | null;
  /** the queue a dead-letter job came from */
  sourceName: string | null;
}

/** Jobs waiting for a retry, failed for good, or dead-lettered: newest first, at most `limit`. */
export async function problemJobs(limit = 100): Promise<ProblemJob[]> {
  const names = jobNames();
  const rows = await sequelize().query<Record<string, unknown>>(
    `SELECT id::text, name, state::text, retry_count, retry_limit, created_on, start_after, completed_on,
            COALESCE(output, source_output) AS output, source_name
     FROM pgboss.job
     WHERE (name = ANY($1) AND state IN ('retry', 'failed')) OR (name = ANY($2) AND state IN ('created', 'retry'))
     ORDER BY created_on DESC LIMIT $3`,
    { bind: [names, names.map(deadLetterOf), limit], type: QueryTypes.SELECT },
  );
  return rows.map((r) => {
    const dead = String(r.name).endsWith('.dead');
    const output = r.output as { message?: string } | null;
    return {
      id: String(r.id),
      name: String(r.name),
      kind: dead ? 'dead' : (r.state as 'retry' | 'failed'),
      retryCount: Number(r.retry_count),
      retryLimit: Number(r.retry_limit),
      createdOn: r.created_on as Date,
      at: (r.state === 'retry' ? r.start_after : r.completed_on) as Date | null,
      error: output?.message ?? (output ? JSON.stringify(output).slice(0, 300) : null),
      sourceName: (r.source_name as string | null) ?? null,
    };
  });
}

/** Sends a dead-lettered job back to the queue it came from; false when no such job is there. */
export async function redriveDead(name: string, id: string): Promise<boolean> {
  if (!definitions.has(name)) return false;
  return (await queue().redrive(deadLetterOf(name), { ids: [id], sourceName: name })) > 0;
}

export async function stopQueue(): Promise<void> {
  if (boss) {
    const b = boss;
    boss = null;
    working = false;
    await b.stop({ graceful: true, timeout: 5_000 });
  }
}
