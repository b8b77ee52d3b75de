// Working the job queue inside a test, one delivery at a time, as a worker would (fetch, run, complete).
import { jobDefinition, jobNames, queue, runJob } from '../../server/shared/queue';

/** Runs every queued job (of one queue, or all) until none is left; returns how many ran. */
export async function drainJobs(name?: string): Promise<number> {
  let ran = 0;
  for (const n of name ? [name] : jobNames()) {
    for (;;) {
      const jobs = await queue().fetch<object>(n, { batchSize: 10 });
      if (!jobs.length) break;
      for (const job of jobs) {
        await runJob(jobDefinition(n)!, job);
        await queue().complete(n, job.id);
        ran += 1;
      }
    }
  }
  return ran;
}
