import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUser, signInAs } from '../../../test/factories.js';

const VILLAGE = '620102001001'; // 畅家巷社区居委会, 酒泉路街道, 城关区, 兰州市

describe.each(testDialects())('grids API on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let adminId: number;

  async function auditOf(code: string) {
    return t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'region_code', 'detail']).where('entity_type', '=', 'grid').where('entity_id', '=', code).orderBy('id').execute();
  }

  async function create(body: Record<string, unknown>, client = admin) {
    return client.inject({ method: 'POST', url: '/api/v1/grids', payload: body });
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const signedIn = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]);
    admin = signedIn.client;
    adminId = signedIn.user.id;
  });
  afterAll(async () => t.close());

  it('creates a grid with the lowest free code, writes an audit row, and reads it back with its region path', async () => {
    const res = await create({ regionCode: VILLAGE, name: '第一网格' });
    expect(res.statusCode).toBe(201);
    const grid = res.json();
    expect(grid).toMatchObject({ code: `${VILLAGE}001`, regionCode: VILLAGE, regionName: '畅家巷社区居委会', name: '第一网格', status: 'active', version: 1, retiredAt: null, workers: [] });
    expect(grid.abilities).toEqual({ rename: true, retire: true, assignWorkers: true });
    expect(grid.regionPath.map((p: { name: string }) => p.name)).toEqual(['甘肃省', '兰州市', '城关区', '酒泉路街道', '畅家巷社区居委会']);
    expect(res.headers.location).toBe(`/api/v1/grids/${VILLAGE}001`);

    const audit = await auditOf(`${VILLAGE}001`);
    expect(audit).toEqual([{ action: 'grid.create', actor_user_id: adminId, region_code: VILLAGE, detail: JSON.stringify({ name: '第一网格' }) }]);

    const read = await admin.inject({ method: 'GET', url: `/api/v1/grids/${VILLAGE}001` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(grid);
  });

  it('takes an explicit suffix or full code, fills the lowest gap by default, and refuses a taken code', async () => {
    expect((await create({ regionCode: VILLAGE, name: '第三网格', code: '003' })).json().code).toBe(`${VILLAGE}003`);
    expect((await create({ regionCode: VILLAGE, name: '第九网格', code: `${VILLAGE}009` })).json().code).toBe(`${VILLAGE}009`);
    expect((await create({ regionCode: VILLAGE, name: '自动' })).json().code).toBe(`${VILLAGE}002`);
    expect((await create({ regionCode: VILLAGE, name: '自动' })).json().code).toBe(`${VILLAGE}004`);
    const taken = await create({ regionCode: VILLAGE, name: '重复', code: '003' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', detail: `grid ${VILLAGE}003 already exists` });
  });

  it('rejects a region that is not an existing village, and codes that do not fit it, naming the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ regionCode: '620102001000', name: 'x' }, 'regionCode', /not a village-level/],
      [{ regionCode: '620102', name: 'x' }, 'regionCode', /pattern/],
      [{ regionCode: '620102001999', name: 'x' }, 'regionCode', /no village/],
      [{ regionCode: VILLAGE, name: 'x', code: '620102001002001' }, 'code', /does not start with/],
      [{ regionCode: VILLAGE, name: 'x', code: '000' }, 'code', /001 to 999/],
      [{ regionCode: VILLAGE, name: 'x', code: '12' }, 'code', /pattern/],
      [{ regionCode: VILLAGE, name: 'x', extra: true }, 'extra', /unknown field/],
      [{ regionCode: VILLAGE }, 'name', /required/],
    ];
    for (const [body, field, message] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(error?.message, JSON.stringify(body)).toMatch(message);
    }
  });

  it('stores names as plain text: markup kept verbatim, blanks trimmed, over 100 characters refused', async () => {
    const html = '<b>网格</b> & "甲" <script>alert(1)</script>';
    const res = await create({ regionCode: VILLAGE, name: `  ${html}  ` });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(html);
    const stored = await t.db.selectFrom('grids').select('name').where('code', '=', res.json().code).executeTakeFirstOrThrow();
    expect(stored.name).toBe(html);

    for (const name of ['格'.repeat(101), '   ', '第一\n网格']) {
      const bad = await create({ regionCode: VILLAGE, name });
      expect(bad.statusCode, JSON.stringify(name)).toBe(400);
      expect(bad.json().errors[0].field).toBe('name');
    }
    expect((await create({ regionCode: VILLAGE, name: '格'.repeat(100) })).statusCode).toBe(201);
  });

  it('renames with optimistic concurrency: the current version wins once, a stale one gets 409 version_conflict', async () => {
    const code = (await create({ regionCode: '620102001002', name: '旧名' })).json().code as string;
    const renamed = await admin.inject({ method: 'PATCH', url: `/api/v1/grids/${code}`, payload: { name: '新名', version: 1 } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '新名', version: 2 });

    const stale = await admin.inject({ method: 'PATCH', url: `/api/v1/grids/${code}`, payload: { name: '另一个名', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await admin.inject({ method: 'GET', url: `/api/v1/grids/${code}` })).json().name).toBe('新名');

    const long = await admin.inject({ method: 'PATCH', url: `/api/v1/grids/${code}`, payload: { name: 'x'.repeat(101), version: 2 } });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('name');

    expect((await auditOf(code)).map((a) => [a.action, a.detail])).toEqual([
      ['grid.create', JSON.stringify({ name: '旧名' })],
      ['grid.rename', JSON.stringify({ from: '旧名', to: '新名' })],
    ]);
  });

  it('assigns a grid worker who holds the role over the grid, refuses others, and ends the assignment', async () => {
    const code = (await create({ regionCode: '620102001003', name: '工作网格' })).json().code as string;
    const worker = await createUser(t.db, { displayName: '张网格员', grants: [{ role: 'grid_worker', regionCode: '620102001000' }] });
    const elsewhere = await createUser(t.db, { grants: [{ role: 'grid_worker', regionCode: '620102002000' }] });
    const notWorker = await createUser(t.db, { grants: [{ role: 'volunteer', regionCode: '620102001000' }] });

    const assigned = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/workers`, payload: { userId: worker.id } });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json().workers).toEqual([{ userId: worker.id, username: worker.username, displayName: '张网格员', assignedAt: expect.any(String) }]);

    const again = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/workers`, payload: { userId: worker.id } });
    expect(again.statusCode).toBe(409);
    for (const userId of [elsewhere.id, notWorker.id, 999999]) {
      const refused = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/workers`, payload: { userId } });
      expect(refused.statusCode, String(userId)).toBe(400);
      expect(refused.json().errors[0].field).toBe('userId');
    }

    const ended = await admin.inject({ method: 'DELETE', url: `/api/v1/grids/${code}/workers/${worker.id}` });
    expect(ended.statusCode).toBe(204);
    expect((await admin.inject({ method: 'GET', url: `/api/v1/grids/${code}` })).json().workers).toEqual([]);
    const row = await t.db.selectFrom('grid_assignments').selectAll().where('grid_code', '=', code).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(worker.id);
    expect(row.ended_at).not.toBeNull();
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/grids/${code}/workers/${worker.id}` })).statusCode).toBe(404);

    expect((await auditOf(code)).map((a) => a.action)).toEqual(['grid.create', 'grid.worker_assign', 'grid.worker_unassign']);
  });

  it('retires a grid, never deletes it: still listed as retired, workers released, no second retirement', async () => {
    const code = (await create({ regionCode: '620102001004', name: '将退役' })).json().code as string;
    const worker = await createUser(t.db, { grants: [{ role: 'grid_worker', regionCode: '620102001004' }] });
    await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/workers`, payload: { userId: worker.id } });

    const stale = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/retire`, payload: { version: 7, reason: '合并' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const retired = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/retire`, payload: { version: 1, reason: '与相邻网格合并' } });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ status: 'retired', version: 2, workers: [], abilities: { rename: false, retire: false, assignWorkers: false } });
    expect(retired.json().retiredAt).toEqual(expect.any(String));

    const twice = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/retire`, payload: { version: 2, reason: '再次' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('action_not_allowed');
    const rename = await admin.inject({ method: 'PATCH', url: `/api/v1/grids/${code}`, payload: { name: '新', version: 2 } });
    expect(rename.json().code).toBe('action_not_allowed');
    const assign = await admin.inject({ method: 'POST', url: `/api/v1/grids/${code}/workers`, payload: { userId: worker.id } });
    expect(assign.json().code).toBe('action_not_allowed');

    const listed = (await admin.inject({ method: 'GET', url: '/api/v1/grids?region=620102001004&status=retired' })).json();
    expect(listed.items.map((g: { code: string; status: string }) => [g.code, g.status])).toEqual([[code, 'retired']]);
    // The code stays taken: the next grid of the village gets the next suffix.
    expect((await create({ regionCode: '620102001004', name: '新网格' })).json().code).toBe('620102001004002');

    const audit = await auditOf(code);
    expect(audit.map((a) => a.action)).toEqual(['grid.create', 'grid.worker_assign', 'grid.retire']);
    expect(JSON.parse(audit[2]?.detail ?? '{}')).toEqual({ reason: '与相邻网格合并', endedWorkers: [worker.id] });
  });

  it('lists a region subtree in code order with keyset pages', async () => {
    const all: string[] = [];
    let after: string | null = null;
    do {
      const url: string = `/api/v1/grids?region=620102001&limit=3${after ? `&after=${after}` : ''}`;
      const page = (await admin.inject({ method: 'GET', url })).json() as { items: { code: string }[]; nextAfter: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items.map((g) => g.code));
      after = page.nextAfter;
    } while (after);
    const expected = (await t.db.selectFrom('grids').select('code').where('code', 'like', '620102001%').orderBy('code').execute()).map((r) => r.code);
    expect(expected.length).toBeGreaterThan(6);
    expect(all).toEqual(expected);

    const village = (await admin.inject({ method: 'GET', url: `/api/v1/grids?region=${VILLAGE}&status=active` })).json();
    expect(village.items.every((g: { regionCode: string; status: string }) => g.regionCode === VILLAGE && g.status === 'active')).toBe(true);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/grids?region=620102002' })).json().items).toEqual([]);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/grids?region=629999' })).statusCode).toBe(404);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/grids?region=62010' })).json().errors[0].field).toBe('region');
  });

  it('answers malformed and unknown grid codes with 400 and 404', async () => {
    const malformed = await admin.inject({ method: 'GET', url: '/api/v1/grids/62010200100100' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('code');
    expect((await admin.inject({ method: 'GET', url: '/api/v1/grids/620102001001999' })).statusCode).toBe(404);
  });

  it('lets only grid-managing roles write, and anyone signed in read within scope', async () => {
    const { client: volunteer } = await signInAs(t.app, t.db, [{ role: 'volunteer', regionCode: '620102001000' }]);
    const denied = await create({ regionCode: VILLAGE, name: '志愿者建' }, volunteer);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
    const read = await volunteer.inject({ method: 'GET', url: `/api/v1/grids/${VILLAGE}001` });
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ rename: false, retire: false, assignWorkers: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/grids' })).statusCode).toBe(401);
  });

  it('documents the routes in OpenAPI, the import as text/csv', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/grids', '/api/v1/grids/{code}', '/api/v1/grids/import', '/api/v1/grids/{code}/retire', '/api/v1/grids/{code}/workers', '/api/v1/grids/{code}/workers/{userId}']));
    expect(Object.keys(doc.paths['/api/v1/grids/import'].post.requestBody.content)).toEqual(['text/csv']);
  });
});
