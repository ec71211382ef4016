// Resident accounts on both databases: a one-time code through the dev SMS sender (hashed at rest,
// 5 minutes, 5 tries), a resident session that is not a staff session, and "my cases" by the
// phone's blind index. Also: the dev inbox exists only with the dev sender.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { NOISE_REPORT, freshIp, freshPhone, fromIp } from '../../../test/portal-fixtures.js';
import { ConfigError, loadConfig } from '../../config.js';

type Inject = ReturnType<typeof fromIp>;

describe('PINGAN_SMS_SENDER', () => {
  const base = { PINGAN_DATA_KEY: '00'.repeat(32), PINGAN_DATABASE_URL: 'sqlite::memory:' };
  it('defaults to dev, and to log in production, where dev is refused', () => {
    expect(loadConfig(base).smsSender).toBe('dev');
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).smsSender).toBe('log');
    expect(loadConfig({ ...base, PINGAN_SMS_SENDER: 'log' }).smsSender).toBe('log');
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', PINGAN_SMS_SENDER: 'dev' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PINGAN_SMS_SENDER: 'carrier-pigeon' })).toThrow(/PINGAN_SMS_SENDER/);
  });
});

describe.each(testDialects())('resident accounts on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterAll(async () => t?.close());

  const inbox = async (visitor: Inject) => (await visitor({ method: 'GET', url: '/api/v1/public/dev/sms-inbox' })).json().items as Array<{ to: string; text: string }>;
  const codeFor = async (visitor: Inject, phone: string) => {
    const message = (await inbox(visitor)).find((m) => m.to === phone);
    const code = /\d{6}/.exec(message?.text ?? '')?.[0];
    if (!code) throw new Error(`no code for ${phone} in the dev inbox`);
    return code;
  };
  const sendCode = (visitor: Inject, phone: string) => visitor({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone } });
  const verify = (visitor: Inject, phone: string, code: string) => visitor({ method: 'POST', url: '/api/v1/public/auth/verify', payload: { phone, code } });
  const cookieOf = (res: Awaited<ReturnType<Inject>>) => {
    const cookie = res.cookies.find((c) => c.name === 'pingan_resident');
    if (!cookie) throw new Error('no resident cookie');
    return cookie;
  };

  it('sends a code through the dev sender and keeps only its keyed hash', async () => {
    const visitor = fromIp(t.app, freshIp());
    const phone = freshPhone();
    const res = await sendCode(visitor, phone);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = await codeFor(visitor, phone);
    const rows = await t.db.selectFrom('resident_otps').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(code);
    expect(text).not.toContain(phone);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
  });

  it('signs in with the right code: a resident cookie (HttpOnly, SameSite=Strict), not a staff session', async () => {
    const visitor = fromIp(t.app, freshIp());
    const phone = freshPhone();
    await sendCode(visitor, phone);
    const res = await verify(visitor, phone, await codeFor(visitor, phone));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    const cookie = cookieOf(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/public' });
    const header = { cookie: `pingan_resident=${cookie.value}` };
    expect((await visitor({ method: 'GET', url: '/api/v1/public/me', headers: header })).statusCode).toBe(200);
    // Staff routes do not know it.
    expect((await visitor({ method: 'GET', url: '/api/v1/me', headers: header })).statusCode).toBe(401);
    expect((await visitor({ method: 'GET', url: '/api/v1/cases', headers: header })).statusCode).toBe(401);
    expect((await visitor({ method: 'GET', url: '/api/v1/worklists', headers: header })).statusCode).toBe(401);
    // A code works once.
    const again = await verify(visitor, phone, await codeFor(visitor, phone));
    expect(again.statusCode).toBe(400);
    // Signing out ends it.
    expect((await visitor({ method: 'POST', url: '/api/v1/public/auth/sign-out', headers: header })).statusCode).toBe(204);
    expect((await visitor({ method: 'GET', url: '/api/v1/public/me', headers: header })).statusCode).toBe(401);
  });

  it('uses a code up after 5 wrong tries, and refuses an expired one', async () => {
    const visitor = fromIp(t.app, freshIp());
    const phone = freshPhone();
    await sendCode(visitor, phone);
    const code = await codeFor(visitor, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await verify(visitor, phone, wrong);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'code', message: 'wrong or expired' }]);
    }
    const right = await verify(visitor, phone, code);
    expect(right.statusCode, 'the right code after 5 wrong tries').toBe(400);
    expect(right.cookies.some((c) => c.name === 'pingan_resident')).toBe(false);

    const other = freshPhone();
    await sendCode(visitor, other);
    await t.db.updateTable('resident_otps').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('attempts', '=', 0).where('consumed_at', 'is', null).execute();
    expect((await verify(visitor, other, await codeFor(visitor, other))).statusCode).toBe(400);
  });

  it('lists every case reported with the signed-in phone, and shows each without the digits', async () => {
    const visitor = fromIp(t.app, freshIp());
    const phone = freshPhone();
    const mine = await visitor({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { name: '王五', phone } } });
    expect(mine.statusCode, mine.body).toBe(201);
    // A hotline case with the same number written differently is theirs too (the blind index normalises it).
    const hotline = await w.operator.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { kind: 'request', channel: 'hotline', categoryCode: '1101', regionCode: NOISE_REPORT.regionCode, title: '停水', description: '小区停水两天', reporter: { phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` } },
    });
    expect(hotline.statusCode, hotline.body).toBe(201);
    const someoneElse = await visitor({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone: freshPhone() } } });
    expect(someoneElse.statusCode).toBe(201);

    await sendCode(visitor, phone);
    const cookie = cookieOf(await verify(visitor, phone, await codeFor(visitor, phone)));
    const headers = { cookie: `pingan_resident=${cookie.value}` };
    const list = await visitor({ method: 'GET', url: '/api/v1/public/me/cases', headers });
    expect(list.statusCode, list.body).toBe(200);
    const codes = list.json().items.map((i: { trackingCode: string }) => i.trackingCode);
    expect(codes).toEqual([hotline.json().trackingCode, mine.json().trackingCode]);
    expect(list.body).not.toContain(phone);

    const view = await visitor({ method: 'GET', url: `/api/v1/public/cases/${hotline.json().trackingCode}`, headers });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ verified: true, title: '停水' });
    // The session proves only its own phone's cases.
    const notMine = await visitor({ method: 'GET', url: `/api/v1/public/cases/${someoneElse.json().trackingCode}`, headers });
    expect(notMine.statusCode).toBe(404);
    expect((await visitor({ method: 'GET', url: '/api/v1/public/me/cases' })).statusCode).toBe(401);
  });

  it('has no dev inbox with the log sender', async () => {
    const quiet = await createTestApp(dialect, { PINGAN_SMS_SENDER: 'log' });
    try {
      const visitor = fromIp(quiet.app, freshIp());
      expect((await visitor({ method: 'GET', url: '/api/v1/public/dev/sms-inbox' })).statusCode).toBe(404);
      expect((await sendCode(visitor, freshPhone())).statusCode).toBe(202);
    } finally {
      await quiet.close();
    }
  });
});
