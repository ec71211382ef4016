// GET /routing-rules on both databases: the seeded rules as stored, in order, for signed-in callers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';

describe.each(testDialects())('routing rules API on %s', (dialect) => {
  let t: TestApp;
  let operator: Client;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    operator = (await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: '620102000000' }])).client;
  });
  afterAll(async () => t.close());

  it('lists every rule as stored, in sort order', async () => {
    const res = await operator.inject({ method: 'GET', url: '/api/v1/routing-rules' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ id: number; categoryCode: string; regionLevel: number | null; departmentKind: string; sort: number }>;
    const stored = await t.db.selectFrom('routing_rules').selectAll().execute();
    expect(items).toHaveLength(stored.length);
    expect(items.length).toBeGreaterThan(0);
    const sorts = items.map((i) => i.sort);
    expect(sorts).toEqual([...sorts].sort((a, b) => a - b));
    const first = stored.find((r) => r.id === items[0]?.id);
    expect(items[0]).toMatchObject({ categoryCode: first?.category_code, regionLevel: first?.region_level, departmentKind: first?.department_kind });
  });

  it('needs a signed-in caller', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/routing-rules' })).statusCode).toBe(401);
  });
});
