// Every run of a scheduled job is recorded (ARCHITECTURE.md, Jobs and effects): when it started and ended, how it
// ended, the counts it returned or the error it threw. Written outside the job's own work (no transaction), so a
// run that fails is recorded as failed; the queue then retries it, and the retry is a run of its own.
import { execute, select } from '../db/sql';

export type RunTrigger = 'schedule' | 'manual';

export interface JobRun {
  id: number;
  job: string;
  trigger: RunTrigger;
  queueJobId: string | null;
  attempt: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  summary: Record<string, unknown> | null;
  error: string | null;
}

/** Runs `work` as a recorded run of `job`; its result is the run's summary, its error the run's error (rethrown). */
export async function recordedRun<T>(
  job: string,
  how: { trigger: RunTrigger; queueJobId?: string | null; attempt?: number },
  work: () => Promise<T>,
): Promise<T> {
  // a delivery of a queue job seen before: its earlier run was cut short (the process died mid-run)
  if (how.queueJobId)
    await execute(
      `UPDATE job_runs SET status = 'failed', finished_at = now(),
              error = 'Bị gián đoạn (tiến trình dừng giữa chừng); hàng đợi đã chạy lại'
       WHERE queue_job_id = $1 AND status = 'running'`,
      [how.queueJobId],
    );
  const [row] = await select<{ id: string }>(
    'INSERT INTO job_runs (job, trigger, queue_job_id, attempt) VALUES ($1, $2, $3, $4) RETURNING id',
    [job, how.trigger, how.queueJobId ?? null, how.attempt ?? 0],
  );
  const id = Number(row.id);
  try {
    const result = await work();
    const summary = result && typeof result === 'object' ? result : result === undefined ? null : { result };
    await execute("UPDATE job_runs SET status = 'succeeded', finished_at = now(), summary = $2::jsonb WHERE id = $1", [
      id,
      summary === null ? null : JSON.stringify(summary),
    ]);
    return result;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await execute("UPDATE job_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1", [
      id,
      message.slice(0, 2000),
    ]).catch(() => undefined);
    throw err;
  }
}

const RUN = `id, job, trigger, queue_job_id AS "queueJobId", attempt, started_at AS "startedAt",
  finished_at AS "finishedAt", status, summary, error`;

/** The latest runs, newest first (of one job, or all). */
export async function recentRuns(limit = 50, job?: string): Promise<JobRun[]> {
  const rows = await select<JobRun & { id: string }>(
    `SELECT ${RUN} FROM job_runs WHERE ($1::text IS NULL OR job = $1) ORDER BY started_at DESC, id DESC LIMIT $2`,
    [job ?? null, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Each job's latest run. */
export async function lastRuns(): Promise<Map<string, JobRun>> {
  const rows = await select<JobRun & { id: string }>(
    `SELECT DISTINCT ON (job) ${RUN} FROM job_runs ORDER BY job, started_at DESC, id DESC`,
  );
  return new Map(rows.map((r) => [r.job, { ...r, id: Number(r.id) }]));
}
