import { describe, expect, it } from 'vitest';
import { createTestApp, testDialects } from '../../../test/context.js';
import { LIMITS } from '../../plugins/rate-limits.js';

describe.each(testDialects())('Open311 rate limits on %s', (dialect) => {
  it('answers reads beyond the per-IP allowance with 429, Retry-After and the standard error list', async () => {
    const t = await createTestApp(dialect);
    try {
      const max = LIMITS.read[0].max;
      const read = (ip: string) => t.app.inject({ method: 'GET', url: '/open311/v2/discovery.json', remoteAddress: ip });
      for (let i = 0; i < max; i++) expect((await read('192.0.2.50')).statusCode).toBe(200);
      const refused = await read('192.0.2.50');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toEqual([{ code: 429, description: expect.stringMatching(/Too many requests/) }]);
      expect((await read('192.0.2.51')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
