// Recurring jobs run in-process on a timer: each is safe to run in several processes at once
// (the rollup fold takes an advisory lock; the others are idempotent). Failures are logged and retried
// on the next tick, with the interval doubling up to ten times its setting.
import type { FastifyBaseLogger } from 'fastify';

export interface PeriodicJob {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export function startPeriodicJobs(
  jobs: PeriodicJob[],
  log: Pick<FastifyBaseLogger, 'warn'>,
): () => Promise<void> {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    let delay = job.everyMs;
    const tick = async () => {
      if (stopped) return;
      const run = job.run();
      running.add(run);
      try {
        await run;
        delay = job.everyMs;
      } catch (error) {
        delay = Math.min(delay * 2, job.everyMs * 10);
        log.warn({ err: error, job: job.name }, `job ${job.name} failed; retrying in ${delay} ms`);
      } finally {
        running.delete(run);
      }
      if (!stopped) timers.set(job.name, setTimeout(tick, delay));
    };
    timers.set(job.name, setTimeout(tick, job.everyMs));
  }
  return async () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    await Promise.allSettled([...running]);
  };
}
