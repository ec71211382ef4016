// GET /api/v1/maps/{code} on both databases: the province's cities, a city's counties, a county's
// own outline, revalidation by ETag, and the 400/401/404 answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';

interface Collection {
  type: string;
  features: Array<{ type: string; properties: { code: string; name: string; cp?: [number, number] }; geometry: { type: string } }>;
}

describe.each(testDialects())('map outlines API on %s', (dialect) => {
  let t: TestApp;
  let worker: Client;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Geography is published: even a township's grid worker may draw the province.
    worker = (await signInAs(t.app, t.db, [{ role: 'grid_worker', regionCode: '620102001000' }])).client;
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => worker.inject({ method: 'GET', url, headers });

  it("answers the province's 14 cities with codes and names, cached for a day", async () => {
    const res = await get('/api/v1/maps/62');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['cache-control']).toBe('private, max-age=86400');
    const body = res.json<Collection>();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(14);
    const codes = body.features.map((f) => f.properties.code);
    expect(codes).toContain('620100000000');
    expect(codes.every((c) => /^62\d{2}00000000$/.test(c))).toBe(true);
    expect(body.features.find((f) => f.properties.code === '620100000000')?.properties.name).toBe('兰州市');
    expect(body.features.every((f) => ['Polygon', 'MultiPolygon'].includes(f.geometry.type))).toBe(true);
    // The 12-digit code is the same region.
    expect((await get('/api/v1/maps/620000000000')).body).toBe(res.body);
  });

  it("answers a city's counties and nothing of other cities", async () => {
    const body = (await get('/api/v1/maps/6201')).json<Collection>();
    const names = body.features.map((f) => f.properties.name);
    expect(names).toContain('城关区');
    expect(names).toContain('榆中县');
    expect(body.features.every((f) => f.properties.code.startsWith('6201'))).toBe(true);
    expect(body.features.every((f) => Array.isArray(f.properties.cp))).toBe(true);
    // 嘉峪关: a city whose only county-level outline is 620201.
    const jiayuguan = (await get('/api/v1/maps/620200000000')).json<Collection>();
    expect(jiayuguan.features.map((f) => f.properties.code)).toEqual(['620201000000']);
  });

  it("answers a county's own outline", async () => {
    const body = (await get('/api/v1/maps/620102')).json<Collection>();
    expect(body.features.map((f) => f.properties.code)).toEqual(['620102000000']);
  });

  it('answers 304 to a request that already holds the current version', async () => {
    const first = await get('/api/v1/maps/6201');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/api/v1/maps/6201', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/api/v1/maps/6201', { 'if-none-match': '"stale"' });
    expect(other.statusCode).toBe(200);
  });

  it('answers 400 naming code below county level or for a malformed code, 404 where no outlines are shipped', async () => {
    const township = await get('/api/v1/maps/620102001');
    expect(township.statusCode).toBe(400);
    expect(township.headers['content-type']).toMatch(/problem\+json/);
    expect(township.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);
    const malformed = await get('/api/v1/maps/620');
    expect(malformed.statusCode).toBe(400);
    expect(JSON.stringify(malformed.json())).toContain('code');
    expect((await get('/api/v1/maps/11')).statusCode).toBe(404); // Beijing: no outlines shipped
    expect((await get('/api/v1/maps/629900000000')).statusCode).toBe(404); // no such city
  });

  it('needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/maps/62' });
    expect(res.statusCode).toBe(401);
  });
});
