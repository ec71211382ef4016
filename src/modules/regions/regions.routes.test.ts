import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';

describe.each(testDialects())('regions API on %s', (dialect) => {
  let t: TestApp;
  let client: Client;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The least-privileged signed-in user: regions are reference data every user may read.
    ({ client } = await signInAs(t.app, t.db, [{ role: 'volunteer', regionCode: '620102001001' }]));
  });
  afterAll(async () => t.close());

  it('requires a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/regions/62' });
    expect(res.statusCode).toBe(401);
  });

  it('answers a county with its ancestors, accepting the short and the 12-digit code alike', async () => {
    const short = await client.inject({ method: 'GET', url: '/api/v1/regions/620102' });
    expect(short.statusCode).toBe(200);
    expect(short.json()).toEqual({
      code: '620102000000',
      name: '城关区',
      level: 'county',
      parentCode: '620100000000',
      childCount: 28,
      path: [
        { code: '620000000000', name: '甘肃省', level: 'province' },
        { code: '620100000000', name: '兰州市', level: 'city' },
      ],
    });
    const long = await client.inject({ method: 'GET', url: '/api/v1/regions/620102000000' });
    expect(long.json()).toEqual(short.json());
  });

  it('answers a village with the full path and a province with none', async () => {
    const village = (await client.inject({ method: 'GET', url: '/api/v1/regions/620102001001' })).json();
    expect(village).toMatchObject({ level: 'village', parentCode: '620102001000', childCount: 0 });
    expect(village.path.map((p: { level: string }) => p.level)).toEqual(['province', 'city', 'county', 'township']);
    const province = (await client.inject({ method: 'GET', url: '/api/v1/regions/62' })).json();
    expect(province).toMatchObject({ name: '甘肃省', level: 'province', parentCode: null, childCount: 14, path: [] });
  });

  it('lists the children of 兰州市 in code order', async () => {
    const res = await client.inject({ method: 'GET', url: '/api/v1/regions/6201/children' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: string; level: string; parentCode: string }[];
    expect(items.map((i) => i.name)).toEqual(['城关区', '七里河区', '西固区', '安宁区', '红古区', '永登县', '皋兰县', '榆中县', '兰州新区']);
    expect(items.every((i) => i.level === 'county' && i.parentCode === '620100000000')).toBe(true);
    expect([...items.map((i) => i.code)].sort()).toEqual(items.map((i) => i.code));
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['childCount', 'code', 'level', 'name', 'parentCode']);
  });

  it('answers malformed codes with 400 naming the field, unknown ones with 404', async () => {
    for (const bad of ['6', '62010', 'abc', '6201020010011']) {
      const res = await client.inject({ method: 'GET', url: `/api/v1/regions/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors[0].field).toBe('code');
    }
    const unknown = await client.inject({ method: 'GET', url: '/api/v1/regions/629999' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', detail: 'region 629999 not found' });
    const children = await client.inject({ method: 'GET', url: '/api/v1/regions/11/children' });
    expect(children.statusCode).toBe(404);
  });

  it('finds 兰州市城关区 by "城关", higher levels first, with path names for display', async () => {
    const res = await client.inject({ method: 'GET', url: `/api/v1/regions?q=${encodeURIComponent('城关')}&limit=100` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: string; level: string; path: { name: string }[] }[];
    // 1 county, 20 towns named 城关镇 and 17 villages/communities in Gansu.
    expect(items.length).toBe(38);
    expect(items.every((i) => i.name.includes('城关'))).toBe(true);
    expect(items[0]).toMatchObject({ code: '620102000000', name: '城关区', level: 'county' });
    expect(items[0]?.path.map((p) => p.name)).toEqual(['甘肃省', '兰州市']);
    expect(items.slice(1, 4).map((i) => i.name)).toEqual(['城关镇', '城关镇', '城关镇']);
    const limited = await client.inject({ method: 'GET', url: `/api/v1/regions?q=${encodeURIComponent('城关')}&limit=5` });
    expect(limited.json().items).toEqual(items.slice(0, 5));
  });

  it('narrows a search by level and subtree, and treats LIKE wildcards literally', async () => {
    const towns = (await client.inject({ method: 'GET', url: `/api/v1/regions?q=${encodeURIComponent('城关')}&level=township&within=6201` })).json();
    expect(towns.items.map((i: { code: string }) => i.code)).toEqual(['620121100000', '620123100000']);
    const wildcard = await client.inject({ method: 'GET', url: '/api/v1/regions?q=%25' });
    expect(wildcard.json().items).toEqual([]);
  });

  it('rejects a bad search query naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/v1/regions', 'q'],
      ['/api/v1/regions?q=a&level=planet', 'level'],
      ['/api/v1/regions?q=a&limit=1000', 'limit'],
      ['/api/v1/regions?q=a&within=620', 'within'],
      ['/api/v1/regions?q=%20%20', 'q'],
      ['/api/v1/regions?q=a&extra=1', 'extra'],
    ];
    for (const [url, field] of cases) {
      const res = await client.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field), url).toContain(field);
    }
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/regions', '/api/v1/regions/{code}', '/api/v1/regions/{code}/children']));
    expect(doc.paths['/api/v1/regions/{code}'].get.responses['200']).toBeDefined();
  });
});
