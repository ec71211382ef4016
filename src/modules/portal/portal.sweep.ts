// Housekeeping of the portal: photos nobody's report claimed within a day (rows and, when nothing
// else uses them, bytes), one-time codes a day past their expiry, ended resident sessions.
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { DiskAttachmentStore } from '../attachments/attachments.storage.js';
import { sweepExpiredUploads } from './portal.uploads.js';
import * as repo from './portal.repository.js';

export async function sweepPortal(ctx: AppContext, now: Date) {
  const store = new DiskAttachmentStore(path.join(ctx.config.dataDir, 'attachments'));
  const uploads = await sweepExpiredUploads(ctx, { store }, now);
  const codes = await repo.deleteOldOtps(ctx.db, new Date(now.getTime() - 86_400_000).toISOString());
  const sessions = await repo.deleteExpiredResidentSessions(ctx.db, now.toISOString());
  return { uploads, codes, sessions };
}
