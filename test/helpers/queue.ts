// Working the job queue inside a test, one delivery at a time, as a worker would (fetch, run, complete; a job that
// throws is failed, so pg-boss retries it or, out of retries, dead-letters it).
import { jobDefinition, jobNames, queue, runJob } from '../../server/shared/queue';

/** Runs every queued job (of one queue, or all) until none is left; returns how many ran (failed ones included). */
export async function drainJobs(name?: string): Promise<number> {
  let ran = 0;
  for (const n of name ? [name] : jobNames()) {
    for (;;) {
      const jobs = await queue().fetch<object>(n, { batchSize: 10 });
      if (!jobs.length) break;
      for (const job of jobs) {
        try {
          await runJob(jobDefinition(n)!, job);
          await queue().complete(n, job.id);
        } catch (err) {
          await queue().fail(n, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
        ran += 1;
      }
    }
  }
  return ran;
}
