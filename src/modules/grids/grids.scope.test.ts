// A township operator sees and changes the grids of their township only; a grid of another
// township answers exactly like a grid that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUser, signInAs } from '../../../test/factories.js';

const OWN_TOWNSHIP = '620102001000'; // 酒泉路街道
const OTHER_TOWNSHIP = '620102002000'; // 张掖路街道

describe.each(testDialects())('grid scope on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let operator: Client;
  let ownGrid: string;
  let otherGrid: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ client: admin } = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]));
    ({ client: operator } = await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: OWN_TOWNSHIP }]));
    ownGrid = (await admin.inject({ method: 'POST', url: '/api/v1/grids', payload: { regionCode: '620102001001', name: '本街道网格' } })).json().code;
    otherGrid = (await admin.inject({ method: 'POST', url: '/api/v1/grids', payload: { regionCode: '620102002001', name: '别的街道网格' } })).json().code;
    await admin.inject({ method: 'POST', url: '/api/v1/grids', payload: { regionCode: '620103001001', name: '别的区网格' } });
  });
  afterAll(async () => t.close());

  it('reads its own township grid but gets 404 for another township, exactly as for a missing grid', async () => {
    expect((await operator.inject({ method: 'GET', url: `/api/v1/grids/${ownGrid}` })).statusCode).toBe(200);
    const hidden = await operator.inject({ method: 'GET', url: `/api/v1/grids/${otherGrid}` });
    const missing = await operator.inject({ method: 'GET', url: '/api/v1/grids/620102002001999' });
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, detail: undefined, instance: undefined, requestId: undefined });
    expect(strip(hidden.json())).toEqual(strip(missing.json()));
    expect(hidden.json().detail).toBe(`grid ${otherGrid} not found`);
  });

  it('lists only grids in its scope, whatever region it asks for', async () => {
    const codes = async (query: string) =>
      ((await operator.inject({ method: 'GET', url: `/api/v1/grids${query}` })).json().items as { code: string }[]).map((g) => g.code);
    expect(await codes('')).toEqual([ownGrid]);
    expect(await codes('?region=620102')).toEqual([ownGrid]);
    expect(await codes('?region=62')).toEqual([ownGrid]);
    expect(await codes(`?region=${OTHER_TOWNSHIP}`)).toEqual([]);
    // The admin sees all three.
    const all = (await admin.inject({ method: 'GET', url: '/api/v1/grids?region=6201' })).json().items;
    expect(all).toHaveLength(3);
  });

  it('cannot change a grid of another township: 404 on every write, and the grid is untouched', async () => {
    const worker = await createUser(t.db, { grants: [{ role: 'grid_worker', regionCode: OTHER_TOWNSHIP }] });
    const attempts = [
      { method: 'PATCH' as const, url: `/api/v1/grids/${otherGrid}`, payload: { name: '改名', version: 1 } },
      { method: 'POST' as const, url: `/api/v1/grids/${otherGrid}/retire`, payload: { version: 1, reason: '越权' } },
      { method: 'POST' as const, url: `/api/v1/grids/${otherGrid}/workers`, payload: { userId: worker.id } },
      { method: 'DELETE' as const, url: `/api/v1/grids/${otherGrid}/workers/${worker.id}` },
    ];
    for (const attempt of attempts) {
      const res = await operator.inject(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    const row = await t.db.selectFrom('grids').selectAll().where('code', '=', otherGrid).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '别的街道网格', status: 'active', version: 1 });
    const assignments = await t.db.selectFrom('grid_assignments').selectAll().where('grid_code', '=', otherGrid).execute();
    expect(assignments).toEqual([]);
  });

  it('creates grids in its own township only', async () => {
    const own = await operator.inject({ method: 'POST', url: '/api/v1/grids', payload: { regionCode: '620102001002', name: '新建' } });
    expect(own.statusCode).toBe(201);
    const other = await operator.inject({ method: 'POST', url: '/api/v1/grids', payload: { regionCode: '620102002002', name: '越界' } });
    expect(other.statusCode).toBe(403);
    expect(await t.db.selectFrom('grids').select('code').where('region_code', '=', '620102002002').execute()).toEqual([]);
  });

  it('renames its own grid', async () => {
    const res = await operator.inject({ method: 'PATCH', url: `/api/v1/grids/${ownGrid}`, payload: { name: '本街道一号', version: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '本街道一号', version: 2 });
  });

  it('writes only where it holds a grid-managing role: a volunteer grant elsewhere gives sight, not edits', async () => {
    const { client: mixed } = await signInAs(t.app, t.db, [
      { role: 'center_operator', regionCode: OWN_TOWNSHIP },
      { role: 'volunteer', regionCode: OTHER_TOWNSHIP },
    ]);
    const read = await mixed.inject({ method: 'GET', url: `/api/v1/grids/${otherGrid}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities.rename).toBe(false);
    const rename = await mixed.inject({ method: 'PATCH', url: `/api/v1/grids/${otherGrid}`, payload: { name: '改名', version: 1 } });
    expect(rename.statusCode).toBe(403);
    expect((await t.db.selectFrom('grids').select('name').where('code', '=', otherGrid).executeTakeFirstOrThrow()).name).toBe('别的街道网格');
  });
});
