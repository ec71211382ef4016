// Search pages when ids and intake times disagree: the SQLite search walks the trigram index by id
// and must still page in created_at order, exactly like the plain query (and PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, OTHER_TOWNSHIP, VILLAGE, act, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { worklistNames } from './cases.list.schemas.js';

const OTHER_VILLAGE = `${OTHER_TOWNSHIP.slice(0, 9)}001`;
/** Minutes after a base instant, by the order of intake: later cases are often older, ties included. */
const MINUTES = [5, 5, 9, 1, 0, 7, 7, 7, 3, 2, 11, 4, 4, 6];

describe.each(testDialects())('search pages in time order on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  const ids: number[] = [];
  const outside: number[] = [];

  async function intake(client: Client, i: number, regionCode: string) {
    const payload = {
      kind: 'request',
      channel: 'online',
      categoryCode: '1101',
      regionCode,
      title: `小区路灯不亮第${i}处`,
      description: i % 2 === 0 ? '夜里出行不便，路灯损坏' : '白天巡查发现灯杆倾斜',
    };
    const res = await client.inject({ method: 'POST', url: '/api/v1/cases', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    for (let i = 0; i < MINUTES.length; i++) ids.push(await intake(w.operator, i, VILLAGE));
    outside.push(await intake(w.outsider, 99, OTHER_VILLAGE));
    // Two of them dispatched to a department, which sees them through its unit only.
    for (const id of [ids[2], ids[9]]) {
      expect((await act(w.operator, id ?? 0, 'accept')).statusCode).toBe(200);
      expect((await act(w.operator, id ?? 0, 'dispatch', { leadUnitId: w.housing.id })).statusCode).toBe(200);
    }
    const base = Date.parse('2026-03-01T02:00:00.000Z');
    for (const [i, id] of ids.entries()) {
      await t.db.updateTable('cases').set({ created_at: new Date(base + (MINUTES[i] ?? 0) * 60_000).toISOString() }).where('id', '=', id).execute();
    }
  });
  afterAll(async () => t.close());

  /** Every row of a search, page by page. */
  async function pages(client: Client, q: string, limit: number) {
    const out: Array<{ id: number; createdAt: string }> = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const url = `/api/v1/cases?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await client.inject({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: Array<{ id: number; createdAt: string }>; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      out.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return out.map((r) => r.id);
    }
    throw new Error('too many pages');
  }

  /** The expected order: created_at descending, then id descending, over the given cases. */
  async function newestFirst(among: number[]) {
    const rows = await t.db.selectFrom('cases').select(['id', 'created_at']).where('id', 'in', among).execute();
    return rows.sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1)).map((r) => r.id);
  }

  it('pages a 4-character search in created_at order at every page size, ties and out-of-order ids included', async () => {
    const expected = await newestFirst(ids);
    // The data must disagree with id order, or this test proves nothing.
    expect(expected).not.toEqual([...ids].reverse());
    for (const limit of [1, 2, 3, 5, 20]) expect(await pages(w.operator, '路灯不亮', limit), `limit ${limit}`).toEqual(expected);
  });

  it('combines the index walk with short terms, and with each part of the caller’s visibility', async () => {
    const even = ids.filter((_, i) => i % 2 === 0);
    for (const limit of [1, 2, 4]) expect(await pages(w.operator, '路灯不亮 夜里', limit), `limit ${limit}`).toEqual(await newestFirst(even));
    // The department sees its two cases through case_units; the outsider only its own region.
    expect(await pages(w.housing.client, '灯不亮', 1)).toEqual(await newestFirst([ids[2] ?? 0, ids[9] ?? 0]));
    expect(await pages(w.outsider, '路灯不亮', 1)).toEqual(outside);
  });

  it('puts a case taken in later with an older intake time where its time belongs', async () => {
    const late = await intake(w.operator, 50, VILLAGE);
    await t.db.updateTable('cases').set({ created_at: '2026-03-01T02:06:30.000Z' }).where('id', '=', late).execute();
    const expected = await newestFirst([...ids, late]);
    expect(expected.indexOf(late)).toBeGreaterThan(0);
    for (const limit of [1, 3]) expect(await pages(w.operator, '路灯不亮', limit), `limit ${limit}`).toEqual(expected);
  });

  it('lists and counts a caller seen through both a region and a unit once per case', async () => {
    // A township operator who also works for the housing department: the dispatched cases are
    // visible through both, in the region arm and the unit arm of the visibility rule.
    const both = (await signInAs(t.app, t.db, [
      { role: 'center_operator', unitId: w.townshipCenterId },
      { role: 'department_handler', unitId: w.housing.id },
    ])).client;
    expect(await pages(both, '路灯不亮', 2)).toEqual(await pages(w.operator, '路灯不亮', 50));
    const counts = (await both.inject({ method: 'GET', url: '/api/v1/worklists' })).json() as Record<string, number>;
    for (const name of worklistNames) {
      const res = await both.inject({ method: 'GET', url: `/api/v1/worklists/${name}?limit=100` });
      const items = res.json().items as Array<{ id: number }>;
      expect(new Set(items.map((i) => i.id)).size, name).toBe(items.length);
      expect(items.length, name).toBe(counts[name]);
    }
    expect(counts.to_acknowledge).toBe(2);
  });
});
