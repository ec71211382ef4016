// The risk early-warning sweep: overdue acknowledgements and conference actions escalated, warnings
// lapsed to review, conference reviews reminded (src/modules/risk/risk.sweep.ts).
import { sweepRisk } from '../modules/risk/risk.sweep.js';
import type { Job } from './runner.js';

export const riskSweepJob: Job = {
  name: 'risk-sweep',
  intervalMs: 60_000,
  run: async (ctx, now) => ({ ...(await sweepRisk(ctx, now)) }),
};
