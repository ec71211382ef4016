// The resident portal's housekeeping (src/modules/portal/portal.sweep.ts): expired photo uploads,
// old one-time codes, ended resident sessions.
import { sweepPortal } from '../modules/portal/portal.sweep.js';
import type { Job } from './runner.js';

export const portalSweepJob: Job = {
  name: 'portal-sweep',
  intervalMs: 15 * 60_000,
  run: async (ctx, now) => ({ ...(await sweepPortal(ctx, now)) }),
};
