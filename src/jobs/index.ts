// Every periodic job of the platform. Modules add theirs here.
import { outboxDeliveryJob } from './outbox-delivery.job.js';
import type { Job } from './runner.js';
import { slaSweepJob } from './sla-sweep.job.js';
import { mediationSweepJob } from './mediation-sweep.job.js';
import { riskSweepJob } from './risk-sweep.job.js';
import { portalSweepJob } from './portal-sweep.job.js';
import { auditSealJob } from './audit-seal.job.js';

export const jobs: Job[] = [slaSweepJob, outboxDeliveryJob, mediationSweepJob, riskSweepJob, portalSweepJob, auditSealJob];
