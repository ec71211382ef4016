// Runs the periodic jobs (SLA sweeps, outbox delivery, …) of this process. Each tick takes the
// job's lease first, so with several server processes on one PostgreSQL exactly one runs a job.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { acquireLease } from './lease.js';

export interface Job {
  name: string;
  intervalMs: number;
  /** Runs once; returns a short summary for the log. Must be safe to run again after a crash. */
  run(ctx: AppContext, now: Date): Promise<Record<string, number> | void>;
}

export interface JobRunner {
  readonly owner: string;
  /** Runs one job now if its lease can be had; returns whether it ran. */
  runOnce(name: string, now?: Date): Promise<boolean>;
  stop(): Promise<void>;
}

export function createJobRunner(ctx: AppContext, jobs: Job[], options: { start?: boolean; owner?: string } = {}): JobRunner {
  const owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const runOnce = async (name: string, now = new Date()): Promise<boolean> => {
    const job = jobs.find((j) => j.name === name);
    if (!job || stopped) return false;
    // The lease outlives one interval a little, so a slow run is not doubled by another process.
    if (!(await acquireLease(ctx.db, job.name, owner, job.intervalMs * 1.5, now))) return false;
    const summary = await job.run(ctx, now);
    if (summary && Object.values(summary).some((n) => n > 0)) ctx.log.info({ job: job.name, ...summary }, 'job ran');
    return true;
  };

  if (options.start) {
    for (const job of jobs) {
      const timer = setInterval(() => {
        const p = runOnce(job.name).catch((error: unknown) => ctx.log.error({ err: error, job: job.name }, 'job failed'));
        running.add(p);
        void p.finally(() => running.delete(p));
      }, job.intervalMs);
      timer.unref();
      timers.push(timer);
    }
  }

  return {
    owner,
    runOnce,
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
