// The public endpoints' limits hold: past the allowance a 429 problem with Retry-After, counted per
// IP (another address still gets through) and per phone (another phone still gets through).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { NOISE_REPORT, freshIp, freshPhone, fromIp } from '../../../test/portal-fixtures.js';
import { LIMITS } from '../../plugins/rate-limits.js';

describe.each(testDialects())('public rate limits on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const expect429 = (res: Awaited<ReturnType<ReturnType<typeof fromIp>>>) => {
    expect(res.statusCode, res.body).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('rate_limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(res.json().retryAfter).toBe(retryAfter);
  };

  it('throttles tracking-code guesses per IP: 20 a minute, whatever the codes', async () => {
    const guesser = fromIp(t.app, freshIp());
    const perMinute = LIMITS.track[0].max;
    for (let i = 0; i < perMinute; i++) {
      const res = await guesser({ method: 'GET', url: `/api/v1/public/cases/GS26112${String(7000 + i)}?phoneLast4=1234` });
      expect(res.statusCode).toBe(404);
    }
    const blocked = await guesser({ method: 'GET', url: '/api/v1/public/cases/GS2611279999?phoneLast4=1234' });
    expect429(blocked);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Rating counts against the same allowance: it is a guess too.
    expect429(await guesser({ method: 'POST', url: '/api/v1/public/cases/GS2611279999/feedback', payload: { phoneLast4: '1234', satisfaction: 'satisfied', fixed: true } }));
    const other = fromIp(t.app, freshIp());
    expect((await other({ method: 'GET', url: '/api/v1/public/cases/GS2611279999?phoneLast4=1234' })).statusCode).toBe(404);
  });

  it('limits sign-in codes per phone (one a minute) and per IP', async () => {
    const visitor = fromIp(t.app, freshIp());
    const phone = freshPhone();
    expect((await visitor({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone } })).statusCode).toBe(202);
    // The same phone from elsewhere, written differently: still the same phone.
    const elsewhere = fromIp(t.app, freshIp());
    expect429(await elsewhere({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone: `+86 ${phone}` } }));
    expect((await visitor({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone: freshPhone() } })).statusCode).toBe(202);

    const sprayer = fromIp(t.app, freshIp());
    const perIp = LIMITS.sendCode[2].max;
    for (let i = 0; i < perIp; i++) expect((await sprayer({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone: freshPhone() } })).statusCode).toBe(202);
    expect429(await sprayer({ method: 'POST', url: '/api/v1/public/auth/code', payload: { phone: freshPhone() } }));
  });

  it('limits code tries per phone, so a 6-digit code cannot be walked', async () => {
    const phone = freshPhone();
    const perPhone = LIMITS.verifyCode[0].max;
    for (let i = 0; i < perPhone; i++) {
      const from = fromIp(t.app, freshIp());
      expect((await from({ method: 'POST', url: '/api/v1/public/auth/verify', payload: { phone, code: String(100000 + i) } })).statusCode).toBe(400);
    }
    expect429(await fromIp(t.app, freshIp())({ method: 'POST', url: '/api/v1/public/auth/verify', payload: { phone, code: '999999' } }));
  });

  it('limits reports per IP and per phone', async () => {
    const visitor = fromIp(t.app, freshIp());
    const perIp = LIMITS.submit[0].max;
    for (let i = 0; i < perIp; i++) {
      const res = await visitor({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone: freshPhone() } } });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect429(await visitor({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone: freshPhone() } } }));

    const phone = freshPhone();
    const perPhone = LIMITS.submit[2].max;
    for (let i = 0; i < perPhone; i++) {
      const from = fromIp(t.app, freshIp());
      expect((await from({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone } } })).statusCode).toBe(201);
    }
    expect429(await fromIp(t.app, freshIp())({ method: 'POST', url: '/api/v1/public/cases', payload: { ...NOISE_REPORT, reporter: { phone } } }));
  });
});
