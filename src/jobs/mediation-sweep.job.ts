// The mediation sweep: deadlines near and past, judicial-confirmation windows closing, court steps
// late, follow-up visits due (src/modules/mediation/mediation.sweep.ts).
import { sweepMediations } from '../modules/mediation/mediation.sweep.js';
import type { Job } from './runner.js';

export const mediationSweepJob: Job = {
  name: 'mediation-sweep',
  intervalMs: 60_000,
  run: async (ctx, now) => ({ ...(await sweepMediations(ctx, now)) }),
};
