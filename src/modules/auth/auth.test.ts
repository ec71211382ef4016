import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { createUnit, createUser, signIn, signInAs } from '../../../test/factories.js';
import { sha256 } from '../../plugins/auth.plugin.js';
import { LOCKOUT_THRESHOLD, lockDurationMs } from './auth.service.js';

const LANZHOU = '620100000000';
const CHENGGUAN = '620102000000';
const JIUQUANLU = '620102001000';
const ZHANGYELU = '620102002000';

interface SetCookie {
  name: string;
  value: string;
  httpOnly?: boolean;
  sameSite?: string;
  path?: string;
  secure?: boolean;
  maxAge?: number;
  expires?: Date;
}

function cookieNamed(res: { cookies: SetCookie[] }, name: string): SetCookie | undefined {
  return res.cookies.find((c) => c.name === name);
}

describe('lockDurationMs', () => {
  it('locks for 1 minute at 5 failures, doubling per further failure, at most 1 hour', () => {
    expect(lockDurationMs(LOCKOUT_THRESHOLD - 1)).toBeNull();
    expect(lockDurationMs(5)).toBe(60_000);
    expect(lockDurationMs(6)).toBe(120_000);
    expect(lockDurationMs(7)).toBe(240_000);
    expect(lockDurationMs(11)).toBe(3_600_000);
    expect(lockDurationMs(500)).toBe(3_600_000);
  });
});

describe.each(testDialects())('auth on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

  async function auditActions(entityId: number | null, action: string) {
    let q = t.db.selectFrom('audit_log').select(['action', 'detail', 'actor_user_id']).where('action', '=', action);
    q = entityId === null ? q.where('entity_id', 'is', null) : q.where('entity_id', '=', String(entityId));
    return q.orderBy('id').execute();
  }

  it('signs in: both cookies, the user, grants and a CSRF token; /me works with the cookie', async () => {
    const user = await createUser(t.db, { displayName: '张三', grants: [{ role: 'center_operator', regionCode: CHENGGUAN }] });
    const res = await login(user.username, user.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      user: { id: user.id, username: user.username, displayName: '张三' },
      grants: [{ role: 'center_operator', unitId: expect.any(Number), unitName: '兰州市城关区综治中心', unitKind: 'center', regionCode: CHENGGUAN }],
      csrfToken: expect.any(String),
    });
    const session = cookieNamed(res, 'pingan_session');
    const csrf = cookieNamed(res, 'pingan_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf).toMatchObject({ value: body.csrfToken, sameSite: 'Lax', path: '/' });
    expect(csrf?.httpOnly).toBeFalsy();
    // Only the hash of the cookie is stored.
    const stored = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(stored.map((s) => s.id)).toEqual([sha256(session?.value ?? '')]);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `pingan_session=${session?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user: body.user, grants: body.grants, scope: { all: false, regionCodes: [CHENGGUAN] } });
    expect(await auditActions(user.id, 'auth.login')).toHaveLength(1);
  });

  it('marks the session cookie Secure when PINGAN_COOKIE_SECURE is set', async () => {
    const secure = await createTestApp(dialect, { PINGAN_COOKIE_SECURE: 'true' });
    try {
      const user = await createUser(secure.db);
      const res = await secure.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } });
      expect(res.statusCode).toBe(200);
      expect(cookieNamed(res, 'pingan_session')?.secure).toBe(true);
      expect(cookieNamed(res, 'pingan_csrf')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown user the same way, and audits both with the name tried', async () => {
    const user = await createUser(t.db);
    const wrong = await login(user.username, 'not the password');
    const unknown = await login('nobody_here', 'whatever password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(wrong.cookies).toEqual([]);
    const failed = await auditActions(user.id, 'auth.login_failed');
    expect(JSON.parse(failed[0]?.detail ?? '{}')).toMatchObject({ username: user.username });
    const unknownRows = await auditActions(null, 'auth.login_failed');
    expect(unknownRows.some((r) => JSON.parse(r.detail).username === 'nobody_here')).toBe(true);
    // The password tried is never stored.
    const all = await t.db.selectFrom('audit_log').select('detail').execute();
    expect(all.some((r) => r.detail.includes('not the password') || r.detail.includes('whatever password'))).toBe(false);
  });

  it('locks after 5 failures (429 with Retry-After even for the right password), unlocks when the lock expires', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) expect((await login(user.username, `wrong-${i}`)).statusCode).toBe(401);
    const locked = await login(user.username, user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'account_locked' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await auditActions(user.id, 'auth.locked')).toHaveLength(1);

    // The lock runs out: the next failure locks for twice as long.
    await t.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', user.id).execute();
    expect((await login(user.username, 'wrong again')).statusCode).toBe(401);
    const row = await t.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(6);
    const lockMs = Date.parse(row.locked_until ?? '') - Date.now();
    expect(lockMs).toBeGreaterThan(110_000);
    expect(lockMs).toBeLessThanOrEqual(120_000);
    expect((await login(user.username, user.password)).statusCode).toBe(429);

    await t.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', user.id).execute();
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    const reset = await t.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(reset).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('does not sign in a disabled account, with the same 401', async () => {
    const user = await createUser(t.db);
    await t.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', user.id).execute();
    const res = await login(user.username, user.password);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('invalid_credentials');
  });

  it('rejects a cookie-authenticated write without the CSRF header and accepts it with the header', async () => {
    const user = await createUser(t.db);
    const res = await login(user.username, user.password);
    const cookie = `pingan_session=${cookieNamed(res, 'pingan_session')?.value}`;
    const csrf = res.json().csrfToken as string;
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload: { name: 'x' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie, 'x-csrf-token': 'nope' }, payload: { name: 'x' } });
    expect(wrong.statusCode).toBe(403);
    const withHeader = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie, 'x-csrf-token': csrf }, payload: { name: 'x' } });
    expect(withHeader.statusCode).toBe(201);
  });

  it('logs out: 204, the session is gone, both cookies cleared, audited', async () => {
    const user = await createUser(t.db);
    const res = await login(user.username, user.password);
    const cookie = `pingan_session=${cookieNamed(res, 'pingan_session')?.value}`;
    const csrf = res.json().csrfToken as string;
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noCsrf.statusCode).toBe(403);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(cookieNamed(out, 'pingan_session')?.value).toBe('');
    expect(cookieNamed(out, 'pingan_csrf')?.value).toBe('');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(await auditActions(user.id, 'auth.logout')).toHaveLength(1);
    // A stale cookie still gets a clean 204.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
  });

  it('changes the password: other sessions end, this one stays, the new password signs in', async () => {
    const user = await createUser(t.db);
    const here = await signIn(t.app, t.db, user.id);
    const elsewhere = await signIn(t.app, t.db, user.id);
    const wrong = await here.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: 'not it at all', newPassword: 'a brand new secret' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    const short = await here.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: user.password, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('newPassword');
    const long = await here.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: user.password, newPassword: 'x'.repeat(201) } });
    expect(long.statusCode).toBe(400);

    const ok = await here.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: user.password, newPassword: 'a brand new secret' } });
    expect(ok.statusCode).toBe(204);
    expect((await here.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await elsewhere.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, 'a brand new secret')).statusCode).toBe(200);
    expect(await auditActions(user.id, 'auth.password_changed')).toHaveLength(1);
  });

  it('mints, uses, lists and revokes API tokens', async () => {
    const { user, client } = await signInAs(t.app, t.db, [{ role: 'department_handler', regionCode: CHENGGUAN }]);
    const unitId = (await t.db.selectFrom('memberships').select('unit_id').where('user_id', '=', user.id).executeTakeFirstOrThrow()).unit_id;
    const created = await client.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'hotline bridge', unitId } });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({ id: expect.any(Number), name: 'hotline bridge', token: expect.stringMatching(/^pat_[A-Za-z0-9_-]{43}$/), prefix: body.token.slice(0, 8), unitId });
    const stored = await t.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ token_hash: sha256(body.token), prefix: body.token.slice(0, 8) });

    const bearer = { authorization: `Bearer ${body.token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(user.id);
    // Bearer writes need no CSRF header.
    const write = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/999999', headers: bearer });
    expect(write.statusCode).toBe(404);

    const list = await client.inject({ method: 'GET', url: '/api/v1/auth/tokens' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: body.id, name: 'hotline bridge', prefix: body.prefix, unitId, revokedAt: null })]);
    expect(list.body).not.toContain(body.token);

    const other = await signInAs(t.app, t.db, [{ role: 'department_handler', regionCode: CHENGGUAN }]);
    expect((await other.client.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${body.id}` })).statusCode).toBe(404);
    expect((await other.client.inject({ method: 'GET', url: '/api/v1/auth/tokens' })).json().items).toEqual([]);

    const revoked = await client.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${body.id}` });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(await auditActions(body.id, 'auth.token_created')).toHaveLength(1);
    expect(await auditActions(body.id, 'auth.token_revoked')).toHaveLength(1);
  });

  it('refuses a token for a unit the caller holds no role in: 404 outside the scope, 403 inside it', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: JIUQUANLU }]);
    const otherTownship = await createUnit(t.db, { regionCode: ZHANGYELU });
    const outside = await client.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 't', unitId: otherTownship.id } });
    expect(outside.statusCode).toBe(404);
    const police = await createUnit(t.db, { regionCode: JIUQUANLU, kind: 'department', departmentKind: 'police_station', name: '酒泉路派出所' });
    const inside = await client.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 't', unitId: police.id } });
    expect(inside.statusCode).toBe(403);
  });

  it('lets admins see every token and mint one for any unit', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]);
    const lanzhou = await createUnit(t.db, { regionCode: LANZHOU });
    const res = await client.inject({ method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'city feed', unitId: lanzhou.id } });
    expect(res.statusCode).toBe(201);
    const all = await client.inject({ method: 'GET', url: '/api/v1/auth/tokens' });
    expect(all.json().items.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects unknown fields and over-long values on sign-in naming the field', async () => {
    const extra = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b', remember: true } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ field: 'remember', message: 'unknown field' }]);
    const long = await login('a'.repeat(101), 'b');
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('username');
  });

  it('reports the topmost regions of the grants as the scope, and everything for admins', async () => {
    const { client } = await signInAs(t.app, t.db, [
      { role: 'center_head', regionCode: CHENGGUAN },
      { role: 'mediator', regionCode: JIUQUANLU },
    ]);
    const me = (await client.inject({ method: 'GET', url: '/api/v1/me' })).json();
    expect(me.scope).toEqual({ all: false, regionCodes: [CHENGGUAN] });
    const admin = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]);
    expect((await admin.client.inject({ method: 'GET', url: '/api/v1/me' })).json().scope).toEqual({ all: true, regionCodes: [] });
  });
});
