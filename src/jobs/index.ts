// Every periodic job of the platform. Modules add theirs here.
import type { Job } from './runner.js';
import { slaSweepJob } from './sla-sweep.job.js';

export const jobs: Job[] = [slaSweepJob];
