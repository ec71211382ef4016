// Lease rows make a periodic job run in exactly one process among many sharing a database: a
// process runs the job only while it holds the job's unexpired lease.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Takes (or renews) the lease if it is free, expired or already ours. True when we hold it. */
export async function acquireLease(db: Db, name: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const nowIso = now.toISOString();
  const row = await db
    .insertInto('job_leases')
    .values({ name, owner, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at: expiresAt })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<', sql<string>`${nowIso}`), eb('job_leases.owner', '=', owner)])),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('owner', '=', owner).execute();
}
