// Every minute: reminders, overdue flags and escalations of case deadlines, and reminders of listed
// supervision. Lease-protected by the runner; safe to overlap anyway (flags + case versions).
import type { AppContext } from '../context.js';
import { sweepDeadlines } from '../modules/sla/sla.sweep.js';
import { remindListedSupervisions } from '../modules/supervision/supervision.reminders.js';
import type { Job } from './runner.js';

export const SLA_SWEEP_JOB = 'sla-sweep';

/** One run at `now`: the deadline sweep, then the listed-supervision reminders. */
export async function runSlaSweep(ctx: Pick<AppContext, 'db' | 'log'>, now: Date) {
  const deadlines = await sweepDeadlines(ctx, now);
  const supervisionReminders = await remindListedSupervisions(ctx, now);
  return { ...deadlines, supervisionReminders };
}

export const slaSweepJob: Job = {
  name: SLA_SWEEP_JOB,
  intervalMs: 60_000,
  run: (ctx, now) => runSlaSweep(ctx, now),
};
