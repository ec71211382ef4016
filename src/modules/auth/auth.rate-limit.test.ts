import { describe, expect, it } from 'vitest';
import { createTestApp, testDialects } from '../../../test/context.js';

describe.each(testDialects())('sign-in rate limit on %s', (dialect) => {
  it('refuses a 31st sign-in from one address within 10 minutes, whatever the account (password spraying)', async () => {
    const t = await createTestApp(dialect);
    try {
      const attempt = (n: number, ip: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username: `nobody${n}`, password: 'not the password' } });
      for (let n = 0; n < 30; n++) expect((await attempt(n, '198.51.100.7')).statusCode).toBe(401);
      const refused = await attempt(30, '198.51.100.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt(31, '198.51.100.8')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
