// Reads the console needs beyond the case API: the dispatch board's department load
// (GET /units/load) and worklists narrowed by the list filters (GET /worklists/{name}?q=…).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, OTHER_TOWNSHIP, TOWNSHIP, VILLAGE, act, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';

const OTHER_VILLAGE = `${OTHER_TOWNSHIP.slice(0, 9)}001`;

interface Load {
  unitId: number;
  name: string;
  kind: string;
  regionCode: string;
  open: number;
  pending: number;
  overdue: number;
}

describe.each(testDialects())('console reads on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  const ids: Record<string, number> = {};

  async function intake(client: Client, name: string, body: Record<string, unknown>) {
    const payload = { kind: 'request', channel: 'hotline', categoryCode: '1101', regionCode: VILLAGE, description: `${name} 的描述`, ...body };
    const res = await client.inject({ method: 'POST', url: '/api/v1/cases', payload });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id as number;
    return ids[name];
  }

  async function ok(res: Awaited<ReturnType<Client['inject']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function load(client: Client, region: string): Promise<Map<number, Load>> {
    const body = (await ok(await client.inject({ method: 'GET', url: `/api/v1/units/load?region=${region}` }))) as { items: Load[] };
    return new Map(body.items.map((i) => [i.unitId, i]));
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    // a: whistled, housing leads, judicial summoned; b: dispatched to housing, then late;
    // c: dispatched to housing and acknowledged; d: accepted, waiting; e: in another township.
    for (const name of ['a', 'b', 'c']) {
      const id = await intake(w.operator, name, { title: `${name} 楼道漏水` });
      await ok(await act(w.operator, id, 'accept'));
    }
    await ok(await act(w.operator, ids.a ?? 0, 'whistle', { leadUnitId: w.housing.id, unitIds: [w.judicial.id] }));
    await ok(await act(w.operator, ids.b ?? 0, 'dispatch', { leadUnitId: w.housing.id }));
    await ok(await act(w.operator, ids.c ?? 0, 'dispatch', { leadUnitId: w.housing.id }));
    await ok(await act(w.housing.client, ids.c ?? 0, 'acknowledge'));
    // What the SLA sweep sets when the acknowledge deadline passes.
    await t.db.updateTable('cases').set({ overdue_ack: 1 }).where('id', '=', ids.b ?? 0).execute();
    await ok(await act(w.operator, await intake(w.operator, 'd', { title: '暖气不热 老人受冻' }), 'accept'));
    await intake(w.operator, 'd2', { title: '暖气漏水', kind: 'complaint' }).then((id) => act(w.operator, id, 'accept')).then(ok);
    const e = await intake(w.outsider, 'e', { title: 'e 楼道漏水', regionCode: OTHER_VILLAGE });
    await ok(await act(w.outsider, e, 'accept'));
    await ok(await act(w.outsider, e, 'dispatch', { leadUnitId: w.housing.id }));
  });
  afterAll(async () => t.close());

  it('lists the units that can take a village case with their open, pending and overdue cases', async () => {
    const units = await load(w.operator, VILLAGE);
    const housing = units.get(w.housing.id);
    // The operator sees a, b, c (not e: another township's case is not theirs to count).
    expect(housing).toMatchObject({ name: '城关区住建局', open: 3, pending: 2, overdue: 1 });
    expect(units.get(w.judicial.id)).toMatchObject({ open: 1, pending: 1, overdue: 0 });
    expect(units.get(w.police.id)).toMatchObject({ open: 0, pending: 0, overdue: 0 });
    // Centres above the place are not offered (dispatching up is escalation); departments are.
    expect(units.has(w.townshipCenterId)).toBe(false);
    expect(units.has(w.countyCenterId)).toBe(false);
    expect([...units.values()].every((u) => u.kind !== 'center' || u.regionCode.startsWith(VILLAGE))).toBe(true);
  });

  it('counts over the cases the caller may see, and moves as cases move', async () => {
    const other = await load(w.outsider, OTHER_VILLAGE);
    expect(other.get(w.housing.id)).toMatchObject({ open: 1, pending: 1, overdue: 0 });
    // The other township's police station is not above or below the other village.
    expect(other.has(w.police.id)).toBe(false);
    await ok(await act(w.housing.client, ids.a ?? 0, 'acknowledge'));
    await ok(await act(w.housing.client, ids.b ?? 0, 'return', { reason: '不属于本单位职责' }));
    const after = await load(w.operator, VILLAGE);
    expect(after.get(w.housing.id)).toMatchObject({ open: 2, pending: 0, overdue: 0 });
    expect(after.get(w.judicial.id)).toMatchObject({ open: 1, pending: 1 });
    const county = await load(w.countyOperator, TOWNSHIP);
    expect(county.get(w.police.id)).toMatchObject({ open: 0 });
  });

  it('refuses a place outside the caller’s scope, a bad region and department staff', async () => {
    const outside = await w.outsider.inject({ method: 'GET', url: `/api/v1/units/load?region=${VILLAGE}` });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().errors).toEqual([{ field: 'region', message: 'outside your scope' }]);
    const unknown = await w.operator.inject({ method: 'GET', url: '/api/v1/units/load?region=629999999999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('region');
    const malformed = await w.operator.inject({ method: 'GET', url: '/api/v1/units/load?region=abc' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect((await w.housing.client.inject({ method: 'GET', url: `/api/v1/units/load?region=${VILLAGE}` })).statusCode).toBe(403);
    const { client: supervisor } = await signInAs(t.app, t.db, [{ role: 'supervisor', unitId: w.countyCenterId }]);
    expect((await supervisor.inject({ method: 'GET', url: `/api/v1/units/load?region=${VILLAGE}` })).statusCode).toBe(200);
  });

  it('narrows a worklist by the list filters, and both conditions hold', async () => {
    const list = async (query: string) =>
      ((await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/worklists/to_dispatch${query}` }))) as { items: Array<{ id: number }> }).items
        .map((i) => i.id)
        .sort((x, y) => x - y);
    const all = await list('');
    expect(all).toEqual([ids.b, ids.d, ids.d2].sort((x, y) => (x ?? 0) - (y ?? 0)));
    expect(await list(`?q=${encodeURIComponent('暖气')}`)).toEqual([ids.d, ids.d2].sort((x, y) => (x ?? 0) - (y ?? 0)));
    expect(await list(`?q=${encodeURIComponent('暖气')}&kind=complaint`)).toEqual([ids.d2]);
    expect(await list('?status=returned')).toEqual([ids.b]);
    // A status outside the worklist cannot widen it.
    expect(await list('?status=dispatched')).toEqual([]);
    const bad = await w.operator.inject({ method: 'GET', url: '/api/v1/worklists/to_dispatch?kind=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('kind');
  });
});
