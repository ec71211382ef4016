// The portal's sweep (expired uploads with their bytes, old codes, ended sessions) and its two
// migrations going down and up again, on both databases.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Migration, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { NOISE_REPORT, freshIp, freshPhone, fromIp, multipart, solidPng } from '../../../test/portal-fixtures.js';
import * as appointmentsMigration from '../../db/migrations/20261127T0461-appointments.js';
import * as portalMigration from '../../db/migrations/20261127T0460-portal.js';
import { sweepPortal } from './portal.sweep.js';

describe.each(testDialects())('portal housekeeping on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('drops photos nobody claimed in time, keeps claimed ones, and clears old codes and sessions', async () => {
    const visitor = fromIp(t.app, freshIp());
    const upload = async (colour: [number, number, number]) => (await visitor({ method: 'POST', url: '/api/v1/public/uploads', ...multipart([{ name: 'file', filename: 'p.png', contentType: 'image/png', data: solidPng(4, colour) }]) })).json();
    const claimed = await upload([1, 2, 3]);
    const orphan = await upload([4, 5, 6]);
    const reported = await visitor({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone: freshPhone() }, photos: [claimed.token] } });
    expect(reported.statusCode, reported.body).toBe(201);
    const rows = await t.db.selectFrom('portal_uploads').select(['id', 'sha256', 'case_id']).execute();
    const orphanRow = rows.find((r) => r.case_id === null);
    const claimedRow = rows.find((r) => r.case_id !== null);
    if (!orphanRow || !claimedRow) throw new Error('expected one claimed and one unclaimed upload');
    const file = (sha: string) => path.join(t.config.dataDir, 'attachments', sha.slice(0, 2), sha);
    expect(existsSync(file(orphanRow.sha256))).toBe(true);

    const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await t.db.updateTable('portal_uploads').set({ expires_at: past }).execute();
    await t.db.insertInto('resident_otps').values({ phone_hash: 'x', code_hash: 'y', created_at: past, expires_at: past, consumed_at: null }).execute();
    await t.db.insertInto('resident_sessions').values({ id: 'ended', phone_hash: 'x', phone_enc: 'v1:x', created_at: past, expires_at: past }).execute();

    const summary = await sweepPortal(t.app.ctx, new Date());
    expect(summary).toEqual({ uploads: 1, codes: 1, sessions: 1 });
    const left = await t.db.selectFrom('portal_uploads').select('id').execute();
    expect(left.map((r) => r.id)).toEqual([claimedRow.id]);
    expect(existsSync(file(orphanRow.sha256))).toBe(false);
    expect(existsSync(file(claimedRow.sha256))).toBe(true);
    expect(orphan.token).not.toBe(claimed.token);
  });

  it('migrates down and up again', async () => {
    const tables = async () => {
      const rows =
        dialect === 'postgres'
          ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(t.db)
          : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db);
      return rows.rows.map((r) => r.name).filter((n) => ['portal_uploads', 'resident_otps', 'resident_sessions', 'appointment_windows', 'appointments'].includes(n)).sort();
    };
    expect(await tables()).toHaveLength(5);
    const [portal, appointments]: Migration[] = [portalMigration, appointmentsMigration];
    await appointments?.down?.(t.db);
    await portal?.down?.(t.db);
    expect(await tables()).toEqual([]);
    await portal?.up(t.db);
    await appointments?.up(t.db);
    expect(await tables()).toEqual(['appointment_windows', 'appointments', 'portal_uploads', 'resident_otps', 'resident_sessions']);
  });
});
