// Every second: chain the audit rows committed since the last run (src/modules/audit/
// audit.repository.ts). Writers on PostgreSQL insert audit rows unsealed and take no lock; this
// job is what gives them their place in the hash chain. On SQLite rows are sealed as they are
// written and a run finds nothing. Safe to overlap: sealers take an advisory lock.
import { sealAuditRows } from '../modules/audit/audit.repository.js';
import type { Job } from './runner.js';

export const AUDIT_SEAL_JOB = 'audit-seal';

export const auditSealJob: Job = {
  name: AUDIT_SEAL_JOB,
  intervalMs: 1_000,
  run: async (ctx) => ({ sealed: await sealAuditRows(ctx.db) }),
};
