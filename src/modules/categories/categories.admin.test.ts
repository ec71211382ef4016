// Editing the taxonomy and the routing rules on both databases: admins only, every change audited,
// bad input answered 400 naming the field, a duplicate code 409, and the routing follows the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { responsibleDepartmentKind, suggestCategories } from './categories.service.js';

describe.each(testDialects())('category and routing-rule editing on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let operator: Client;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
    operator = (await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: '620102000000' }])).client;
  });
  afterAll(async () => t.close());

  const auditOf = (action: string, entityId: string) =>
    t.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).execute();
  const fields = (body: string) => ((JSON.parse(body) as { errors?: Array<{ field: string }> }).errors ?? []).map((e) => e.field).join(' ');

  it('creates a level-1 and a level-2 category, audited, listed and suggested', async () => {
    const top = await admin.inject({ method: 'POST', url: '/api/v1/categories', payload: { code: '97', name: '低空经济', nameEn: 'Low-altitude economy', defaultKind: 'complaint', departmentKind: 'market_regulation' } });
    expect(top.statusCode, top.body).toBe(201);
    expect(top.json()).toMatchObject({ code: '97', parentCode: null, status: 'active', departmentKind: 'market_regulation' });
    const leaf = await admin.inject({ method: 'POST', url: '/api/v1/categories', payload: { code: '9701', name: '无人机扰民', nameEn: 'Drone nuisance', keywords: '无人机, 航拍、噪音' } });
    expect(leaf.statusCode, leaf.body).toBe(201);
    expect(leaf.json()).toMatchObject({ code: '9701', parentCode: '97', keywords: '无人机 航拍 噪音' });
    expect(await auditOf('category.created', '9701')).toHaveLength(1);
    const tree = (await operator.inject({ method: 'GET', url: '/api/v1/categories' })).json().items as Array<{ code: string; children: Array<{ code: string }> }>;
    expect(tree.find((c) => c.code === '97')?.children.map((c) => c.code)).toEqual(['9701']);
    expect((await suggestCategories(t.db, '楼上天天有无人机航拍')).map((s) => s.code)).toContain('9701');
  });

  it('refuses a duplicate code with 409 naming code, and writes nothing', async () => {
    const before = (await auditOf('category.created', '97')).length;
    const res = await admin.inject({ method: 'POST', url: '/api/v1/categories', payload: { code: '97', name: '重复', nameEn: 'Duplicate' } });
    expect(res.statusCode, res.body).toBe(409);
    expect(fields(res.body)).toContain('code');
    expect((await t.db.selectFrom('categories').select('name').where('code', '=', '97').executeTakeFirstOrThrow()).name).toBe('低空经济');
    expect(await auditOf('category.created', '97')).toHaveLength(before);
  });

  it.each([
    [{ code: '9', name: 'x', nameEn: 'x' }, 'code'],
    [{ code: '9801', name: '无父', nameEn: 'Orphan' }, 'code'],
    [{ code: '98', name: ' ', nameEn: 'Blank' }, 'name'],
    [{ code: '98', name: '类别', nameEn: 'Kind', defaultKind: 'party' }, 'defaultKind'],
    [{ code: '98', name: '类别', nameEn: 'Kind', departmentKind: 'nowhere' }, 'departmentKind'],
  ])('refuses %j with 400 naming %s', async (payload, field) => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/categories', payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res.body)).toContain(field);
    expect(await t.db.selectFrom('categories').select('code').where('code', 'in', ['9', '98', '9801']).execute()).toEqual([]);
  });

  it('edits and retires a category; retired ones leave the tree but stay stored', async () => {
    const edit = await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9701', payload: { name: '无人机侵扰', departmentKind: 'public_security' } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ name: '无人机侵扰', nameEn: 'Drone nuisance', departmentKind: 'public_security' });
    const [entry] = await auditOf('category.updated', '9701');
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ before: { name: '无人机扰民' }, after: { name: '无人机侵扰' } });
    const retire = await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9701', payload: { status: 'retired' } });
    expect(retire.json().status).toBe('retired');
    expect(await auditOf('category.retired', '9701')).toHaveLength(1);
    const tree = (await admin.inject({ method: 'GET', url: '/api/v1/categories' })).json().items as Array<{ code: string; children: unknown[] }>;
    expect(tree.find((c) => c.code === '97')?.children).toEqual([]);
    const all = (await admin.inject({ method: 'GET', url: '/api/v1/categories/all' })).json().items as Array<{ code: string; status: string }>;
    expect(all.find((c) => c.code === '9701')?.status).toBe('retired');
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9701', payload: { status: 'deleted' } })).statusCode).toBe(400);
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9799', payload: { name: '无' } })).statusCode).toBe(404);
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9701', payload: {} })).statusCode).toBe(400);
    await admin.inject({ method: 'PATCH', url: '/api/v1/categories/9701', payload: { status: 'active' } });
  });

  it('adds a routing rule that then decides the department, and removes it', async () => {
    // A new category has no rule until an admin adds one (the category's departmentKind is only a label).
    expect(await responsibleDepartmentKind(t.db, '9701', 3)).toBeUndefined();
    const add = await admin.inject({ method: 'POST', url: '/api/v1/routing-rules', payload: { categoryCode: '9701', regionLevel: 3, departmentKind: 'police_station', sort: 10 } });
    expect(add.statusCode, add.body).toBe(201);
    const id = add.json().id as number;
    expect(await responsibleDepartmentKind(t.db, '9701', 3)).toBe('police_station');
    expect(await auditOf('routing_rule.created', String(id))).toHaveLength(1);
    const del = await admin.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${id}` });
    expect(del.statusCode, del.body).toBe(204);
    expect(await auditOf('routing_rule.deleted', String(id))).toHaveLength(1);
    expect(await responsibleDepartmentKind(t.db, '9701', 3)).toBeUndefined();
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${id}` })).statusCode).toBe(404);
  });

  it.each([
    [{ categoryCode: '9699', regionLevel: null, departmentKind: 'court', sort: 1 }, 'categoryCode'],
    [{ categoryCode: '97', regionLevel: 7, departmentKind: 'court', sort: 1 }, 'regionLevel'],
    [{ categoryCode: '97', regionLevel: null, departmentKind: 'bakery', sort: 1 }, 'departmentKind'],
    [{ categoryCode: '97', regionLevel: null, departmentKind: 'court' }, 'sort'],
  ])('refuses rule %j with 400 naming %s', async (payload, field) => {
    const before = (await t.db.selectFrom('routing_rules').select('id').execute()).length;
    const res = await admin.inject({ method: 'POST', url: '/api/v1/routing-rules', payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res.body)).toContain(field);
    expect(await t.db.selectFrom('routing_rules').select('id').execute()).toHaveLength(before);
  });

  it('lets only admins write', async () => {
    expect((await operator.inject({ method: 'POST', url: '/api/v1/categories', payload: { code: '96', name: '类', nameEn: 'K' } })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'PATCH', url: '/api/v1/categories/97', payload: { name: '改' } })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'POST', url: '/api/v1/routing-rules', payload: { categoryCode: '97', regionLevel: null, departmentKind: 'court', sort: 1 } })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'DELETE', url: '/api/v1/routing-rules/1' })).statusCode).toBe(403);
  });
});
