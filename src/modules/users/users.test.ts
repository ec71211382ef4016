import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { createUnit, createUser, signIn, signInAs } from '../../../test/factories.js';

const PROVINCE = '620000000000';
const CHENGGUAN = '620102000000';
const JIUQUANLU = '620102001000';
const ZHANGYELU = '620102002000';
const PHONE = '13912345678';

describe.each(testDialects())('users API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const admin = () => signInAs(t.app, t.db, [{ role: 'admin', regionCode: PROVINCE }]);
  const centreOf = (regionCode: string) => createUnit(t.db, { regionCode });
  let seq = 0;
  const uname = (base: string) => `${base}${++seq}${dialect[0]}`;

  it('creates an account with grants; the phone is encrypted at rest, masked in answers, whole on request (audited)', async () => {
    const { client, user: me } = await admin();
    const centre = await centreOf(JIUQUANLU);
    const username = uname('wang.li');
    const res = await client.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { username, displayName: '王丽', password: 'long enough pw', phone: PHONE, grants: [{ role: 'center_operator', unitId: centre.id }] },
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toEqual({
      id: expect.any(Number),
      username,
      displayName: '王丽',
      phone: '139****5678',
      status: 'active',
      lockedUntil: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
      grants: [{ id: expect.any(Number), role: 'center_operator', unitId: centre.id, unitName: centre.name, unitKind: 'center', regionCode: JIUQUANLU }],
    });
    const row = await t.db.selectFrom('users').select(['phone_enc', 'password_hash']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.phone_enc).toMatch(/^v1:/);
    expect(row.phone_enc).not.toContain('5678');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const list = await client.inject({ method: 'GET', url: `/api/v1/users?unit=${centre.id}` });
    expect(list.json().items.find((u: { id: number }) => u.id === user.id).phone).toBe('139****5678');
    expect(list.body).not.toContain(PHONE);

    const whole = await client.inject({ method: 'GET', url: `/api/v1/users/${user.id}/phone` });
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toEqual({ phone: PHONE });
    const audits = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('entity_type', '=', 'user').where('entity_id', '=', String(user.id)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['user.created', 'user.phone_viewed']);
    expect(audits[1]?.actor_user_id).toBe(me.id);
    expect(audits.some((a) => a.detail.includes(PHONE) || a.detail.includes('long enough pw'))).toBe(false);

    // The new account signs in.
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'long enough pw' } });
    expect(login.statusCode).toBe(200);
  });

  it('answers a taken username with 409 naming username', async () => {
    const { client } = await admin();
    const existing = await createUser(t.db);
    const res = await client.inject({ method: 'POST', url: '/api/v1/users', payload: { username: existing.username, displayName: 'x', password: 'long enough pw', grants: [] } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', errors: [{ field: 'username', message: 'is taken' }] });
  });

  it('rejects bad input naming the field, and stores script-shaped names verbatim', async () => {
    const { client } = await admin();
    const base = { username: uname('valid'), displayName: '李四', password: 'long enough pw', grants: [] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, username: 'Bad Name' }, 'username'],
      [{ ...base, username: 'ab' }, 'username'],
      [{ ...base, username: 'a'.repeat(41) }, 'username'],
      [{ ...base, displayName: 'x'.repeat(101) }, 'displayName'],
      [{ ...base, password: 'short' }, 'password'],
      [{ ...base, password: 'p'.repeat(201) }, 'password'],
      [{ ...base, phone: 'call me' }, 'phone'],
      [{ ...base, isAdmin: true }, 'isAdmin'],
      [{ ...base, grants: [{ role: 'king', unitId: 1 }] }, 'grants.0.role'],
      [{ ...base, grants: [{ role: 'mediator', unitId: 1, extra: 1 }] }, 'grants.0.extra'],
      [{ ...base, grants: [{ role: 'mediator', unitId: 99999999 }] }, 'grants.0.unitId'],
    ];
    for (const [payload, field] of cases) {
      const res = await client.inject({ method: 'POST', url: '/api/v1/users', payload });
      expect({ field, status: res.statusCode }).toEqual({ field, status: 400 });
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const script = '<img src=x onerror=alert(1)>';
    const ok = await client.inject({ method: 'POST', url: '/api/v1/users', payload: { ...base, displayName: script } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().displayName).toBe(script);
  });

  it('lets a centre head grant roles only in their subtree and never admin', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: JIUQUANLU }]);
    const own = await centreOf(JIUQUANLU);
    const other = await centreOf(ZHANGYELU);
    const payload = (grants: unknown[]) => ({ username: uname('grid'), displayName: '网格员', password: 'long enough pw', grants });
    const ok = await client.inject({ method: 'POST', url: '/api/v1/users', payload: payload([{ role: 'grid_worker', unitId: own.id }]) });
    expect(ok.statusCode).toBe(201);
    const outside = await client.inject({ method: 'POST', url: '/api/v1/users', payload: payload([{ role: 'grid_worker', unitId: other.id }]) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors).toEqual([{ field: 'grants.0.unitId', message: expect.stringMatching(/regions you manage/) }]);
    const adminGrant = await client.inject({ method: 'POST', url: '/api/v1/users', payload: payload([{ role: 'admin', unitId: own.id }]) });
    expect(adminGrant.statusCode).toBe(403);
    expect(adminGrant.json().errors[0].field).toBe('grants.0.role');

    const operator = await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: JIUQUANLU }]);
    const forbidden = await operator.client.inject({ method: 'POST', url: '/api/v1/users', payload: payload([]) });
    expect(forbidden.statusCode).toBe(403);
  });

  it('lists and shows only accounts holding a role in the caller\'s scope', async () => {
    const { client, user: head } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: JIUQUANLU }]);
    const inside = await createUser(t.db, { displayName: '酒泉路网格员', grants: [{ role: 'grid_worker', regionCode: JIUQUANLU }] });
    const outside = await createUser(t.db, { displayName: '张掖路网格员', grants: [{ role: 'grid_worker', regionCode: ZHANGYELU }] });
    const nowhere = await createUser(t.db);
    const list = await client.inject({ method: 'GET', url: '/api/v1/users?limit=200' });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((u: { id: number }) => u.id);
    expect(ids).toContain(inside.id);
    expect(ids).toContain(head.id);
    expect(ids).not.toContain(outside.id);
    expect(ids).not.toContain(nowhere.id);
    expect((await client.inject({ method: 'GET', url: `/api/v1/users/${outside.id}` })).statusCode).toBe(404);
    expect((await client.inject({ method: 'GET', url: `/api/v1/users/${nowhere.id}` })).statusCode).toBe(404);
    expect((await client.inject({ method: 'GET', url: `/api/v1/users/${inside.id}` })).statusCode).toBe(200);
    const search = await client.inject({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent('路网格员')}` });
    expect(search.json().items.map((u: { id: number }) => u.id)).toEqual([inside.id]);

    // Anyone sees their own account, even without grants.
    const loner = await signIn(t.app, t.db, nowhere.id);
    expect((await loner.inject({ method: 'GET', url: `/api/v1/users/${nowhere.id}` })).statusCode).toBe(200);
    expect((await loner.inject({ method: 'GET', url: `/api/v1/users/${inside.id}` })).statusCode).toBe(404);
  });

  it('adds and removes grants, audited, and keeps the last admin', async () => {
    const { client, user: me } = await admin();
    const target = await createUser(t.db, { grants: [{ role: 'mediator', regionCode: CHENGGUAN }] });
    const unit = await createUnit(t.db, { regionCode: CHENGGUAN, kind: 'mediation_committee', name: '城关区调委会' });
    const added = await client.inject({ method: 'POST', url: `/api/v1/users/${target.id}/grants`, payload: { role: 'mediator', unitId: unit.id } });
    expect(added.statusCode).toBe(201);
    const grant = added.json().grants.find((g: { unitId: number }) => g.unitId === unit.id);
    expect(grant).toMatchObject({ role: 'mediator', unitName: '城关区调委会' });
    const again = await client.inject({ method: 'POST', url: `/api/v1/users/${target.id}/grants`, payload: { role: 'mediator', unitId: unit.id } });
    expect(again.statusCode).toBe(409);
    const removed = await client.inject({ method: 'DELETE', url: `/api/v1/users/${target.id}/grants/${grant.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await client.inject({ method: 'DELETE', url: `/api/v1/users/${target.id}/grants/${grant.id}` })).statusCode).toBe(404);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(target.id)).where('entity_type', '=', 'user').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.grant_added', 'user.grant_removed']);

    // Remove every other admin grant so that `me` holds the last one.
    await t.db.deleteFrom('memberships').where('role', '=', 'admin').where('user_id', '!=', me.id).execute();
    const mine = await t.db.selectFrom('memberships').select('id').where('user_id', '=', me.id).where('role', '=', 'admin').executeTakeFirstOrThrow();
    const last = await client.inject({ method: 'DELETE', url: `/api/v1/users/${me.id}/grants/${mine.id}` });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('action_not_allowed');
  });

  it('disables an account: its sessions and tokens stop working, it cannot sign in', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: CHENGGUAN }]);
    const target = await createUser(t.db, { grants: [{ role: 'grid_worker', regionCode: JIUQUANLU }] });
    const session = await signIn(t.app, t.db, target.id);
    const token = (await session.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'field app' } })).json().token as string;
    const res = await client.inject({ method: 'POST', url: `/api/v1/users/${target.id}/disable` });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await session.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: target.username, password: target.password } });
    expect(login.statusCode).toBe(401);
    const enabled = await client.inject({ method: 'POST', url: `/api/v1/users/${target.id}/enable` });
    expect(enabled.json().status).toBe('active');
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(target.id)).where('action', 'like', 'user.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.disabled', 'user.enabled']);
  });

  it('does not let a centre head disable an admin, themselves, or see a phone outside what they manage', async () => {
    const { client, user: head } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: CHENGGUAN }]);
    const anAdmin = await createUser(t.db, { grants: [{ role: 'admin', regionCode: CHENGGUAN }] });
    expect((await client.inject({ method: 'POST', url: `/api/v1/users/${anAdmin.id}/disable` })).statusCode).toBe(403);
    expect((await client.inject({ method: 'POST', url: `/api/v1/users/${head.id}/disable` })).statusCode).toBe(409);
    const worker = await signInAs(t.app, t.db, [{ role: 'grid_worker', regionCode: CHENGGUAN }]);
    const colleague = await createUser(t.db, { grants: [{ role: 'grid_worker', regionCode: CHENGGUAN }] });
    expect((await worker.client.inject({ method: 'GET', url: `/api/v1/users/${colleague.id}/phone` })).statusCode).toBe(403);
    expect((await worker.client.inject({ method: 'GET', url: `/api/v1/users/${worker.user.id}/phone` })).json()).toEqual({ phone: null });
  });
});
