import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TEST_DATA_KEY, createTestApp, testDialects } from '../../../test/context.js';
import { createUser, signIn } from '../../../test/factories.js';
import { addUserWithRole, resetPassword } from './user-admin.service.js';
import { ensureAdmin } from './users.bootstrap.js';

const CHENGGUAN = '620102000000';

describe.each(testDialects())('admin bootstrap and user commands on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('creates admin once, at the province centre, with a generated password printed once', async () => {
    const first = await ensureAdmin(t.app.ctx, undefined);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await ensureAdmin(t.app.ctx, undefined)).toEqual({});
    const res = await login('admin', first.generatedPassword ?? '');
    expect(res.statusCode).toBe(200);
    expect(res.json().grants).toEqual([{ role: 'admin', unitId: expect.any(Number), unitName: '甘肃省综治中心', unitKind: 'center', regionCode: '620000000000' }]);
    const audit = await t.db.selectFrom('audit_log').select(['actor_label', 'detail']).where('action', '=', 'user.created').where('actor_label', '=', 'system:bootstrap').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).not.toContain(first.generatedPassword);
  });

  it('uses PINGAN_ADMIN_PASSWORD when given', async () => {
    const other = await createTestApp(dialect);
    try {
      expect(await ensureAdmin(other.app.ctx, 'configured admin pw')).toEqual({});
      const res = await other.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'configured admin pw' } });
      expect(res.statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('adds a user in the centre of a region, with a generated password', async () => {
    const result = await addUserWithRole(t.app.ctx, { username: 'chengguan.head', role: 'center_head', regionCode: '620102', displayName: '城关区主任' });
    expect(result.generatedPassword).toHaveLength(16);
    expect(result.user).toMatchObject({ username: 'chengguan.head', displayName: '城关区主任', grants: [{ role: 'center_head', regionCode: CHENGGUAN, unitName: '兰州市城关区综治中心' }] });
    expect((await login('chengguan.head', result.generatedPassword ?? '')).statusCode).toBe(200);
  });

  it('adds a user in a unit with a given password, and checks its arguments', async () => {
    const unit = await t.db.selectFrom('units').select('id').where('region_code', '=', CHENGGUAN).where('kind', '=', 'center').executeTakeFirstOrThrow();
    const result = await addUserWithRole(t.app.ctx, { username: 'op.one', role: 'center_operator', unitId: unit.id, password: 'given password' });
    expect(result.generatedPassword).toBeUndefined();
    expect(result.user.displayName).toBe('op.one');
    await expect(addUserWithRole(t.app.ctx, { username: 'op.one', role: 'mediator', unitId: unit.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(addUserWithRole(t.app.ctx, { username: 'x', role: 'mediator', unitId: unit.id })).rejects.toThrow(/username/);
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'king', unitId: unit.id })).rejects.toThrow(/role/);
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'mediator' })).rejects.toThrow(/--unit/);
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'mediator', unitId: unit.id, regionCode: '62' })).rejects.toThrow(/not both/);
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'mediator', unitId: 99999999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'mediator', regionCode: '1101' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(addUserWithRole(t.app.ctx, { username: 'op.two', role: 'mediator', unitId: unit.id, password: 'short' })).rejects.toThrow(/password/);
  });

  it('resets a password: unlocks the account and ends its sessions', async () => {
    const user = await createUser(t.db);
    const session = await signIn(t.app, t.db, user.id);
    await t.db.updateTable('users').set({ failed_logins: 7, locked_until: new Date(Date.now() + 3600_000).toISOString() }).where('id', '=', user.id).execute();
    const result = await resetPassword(t.app.ctx, user.username);
    expect(result.generatedPassword).toHaveLength(16);
    expect((await session.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, result.generatedPassword ?? '')).statusCode).toBe(200);
    expect(await resetPassword(t.app.ctx, user.username, 'chosen by operator')).toEqual({});
    expect((await login(user.username, 'chosen by operator')).statusCode).toBe(200);
    await expect(resetPassword(t.app.ctx, 'no.such.user')).rejects.toMatchObject({ code: 'not_found' });
    const audits = await t.db.selectFrom('audit_log').select('actor_label').where('action', '=', 'user.password_reset').where('entity_id', '=', String(user.id)).execute();
    expect(audits).toEqual([{ actor_label: 'system:cli' }, { actor_label: 'system:cli' }]);
  });

  it('runs `pingan user add` and `pingan user reset-password` from the command line', () => {
    const env = { ...process.env, PINGAN_DATABASE_URL: t.config.database.url, PINGAN_DATA_DIR: t.config.dataDir, PINGAN_DATA_KEY: TEST_DATA_KEY };
    const add = spawnSync(process.execPath, ['bin/pingan.mjs', 'user', 'add', 'cli.user', '--role', 'mediator', '--region', '620102001'], { env, encoding: 'utf8' });
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/created user cli\.user \(id \d+\) as mediator in 城关区酒泉路街道综治中心/);
    expect(add.stdout).toMatch(/password: [A-Za-z0-9]{16}/);
    const reset = spawnSync(process.execPath, ['bin/pingan.mjs', 'user', 'reset-password', 'cli.user', '--password', 'typed by hand'], { env, encoding: 'utf8' });
    expect(reset.status).toBe(0);
    expect(reset.stdout).not.toMatch(/password: /);
    const bad = spawnSync(process.execPath, ['bin/pingan.mjs', 'user', 'add', 'cli.other', '--role', 'mediator'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--unit <id> or --region <code>/);
  });
});
