import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, OTHER_TOWNSHIP, VILLAGE, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import type { Client } from '../../../test/factories.js';
import { worklistNames } from './cases.list.schemas.js';

const VILLAGE2 = '620102001002'; // 张家园社区居委会, same township
const OTHER_VILLAGE = `${OTHER_TOWNSHIP.slice(0, 9)}001`; // 陇西路社区居委会, 张掖路街道

interface Item {
  id: number;
  title: string;
  status: string;
  createdAt: string;
  regionName: string | null;
  townshipName: string | null;
  leadUnitName: string | null;
  [key: string]: unknown;
}

interface Made {
  id: number;
  title: string;
  description: string;
}

describe.each(testDialects())('case lists, search and worklists on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  const made: Record<string, Made> = {};

  async function intake(client: Client, name: string, body: Record<string, unknown>) {
    const payload: Record<string, unknown> = { kind: 'request', channel: 'online', categoryCode: '1101', regionCode: VILLAGE, ...body };
    const res = await client.inject({ method: 'POST', url: '/api/v1/cases', payload });
    expect(res.statusCode, res.body).toBe(201);
    made[name] = { id: res.json().id, title: String(payload.title), description: String(payload.description) };
    return made[name].id;
  }

  async function ok(res: Awaited<ReturnType<Client['inject']>>) {
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  async function dispatchTo(id: number, unitId: number) {
    await ok(await act(w.operator, id, 'accept'));
    await ok(await act(w.operator, id, 'dispatch', { leadUnitId: unitId }));
  }

  /** Every row of a list, following cursors with a small page size. */
  async function all(client: Client, url: string, limit = 2): Promise<Item[]> {
    const out: Item[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const sep = url.includes('?') ? '&' : '?';
      const res = await client.inject({ method: 'GET', url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: Item[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      out.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return out;
    }
    throw new Error('too many pages');
  }

  const ids = (items: Item[]) => items.map((i) => i.id).sort((a, b) => a - b);
  const idsOf = (...names: string[]) => names.map((n) => made[n]?.id ?? -1).sort((a, b) => a - b);
  const textOf = (m: Made) => `${m.title} ${m.description}`.toLowerCase();
  /** What a search must return: every whitespace-separated term occurs in title or description. */
  const expectedFor = (q: string, visible: string[]) =>
    idsOf(...visible.filter((n) => q.split(/\s+/).filter(Boolean).every((term) => textOf(made[n] as Made).includes(term.toLowerCase()))));

  const OPERATOR_VISIBLE = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c9', 'c10', 'c11'];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    await intake(w.operator, 'c1', { kind: 'complaint', channel: 'hotline', categoryCode: '0901', title: '广场舞噪音扰民', description: '每晚广场舞音响声音太大，噪音扰民严重' });
    await intake(w.operator, 'c2', { regionCode: VILLAGE2, title: '楼上漏水', description: '楼上住户水管破裂漏水到我家' });
    await intake(w.operator, 'c3', { categoryCode: '1102', channel: 'walk_in', title: '暖气不热', description: '家中暖气温度低，影响老人生活' });
    await intake(w.operator, 'c4', { kind: 'hazard', channel: 'grid_report', categoryCode: '12', title: '楼道电线私拉乱接', description: '存在火灾隐患，请派出所 OR 物业处理' });
    await intake(w.operator, 'c5', { kind: 'complaint', channel: 'hotline', categoryCode: '0901', regionCode: VILLAGE2, title: '工地夜间施工', description: '施工单位夜间作业，声音很大' });
    await intake(w.operator, 'c6', { ...disputeBody });
    await intake(w.operator, 'c7', { title: '水费上涨50%', description: '本月水费上涨50%，请说明原因_明细', reporter: { name: '赵六', phone: '13700002222' } });
    await intake(w.outsider, 'c8', { kind: 'complaint', regionCode: OTHER_VILLAGE, categoryCode: '0901', title: '小区噪音扰民', description: '隔壁漏水又吵闹' });
    await intake(w.operator, 'c9', {
      ...disputeBody,
      title: '宅基地边界争执',
      description: '两户因宅基地边界发生争执',
      reporter: { name: '王五' },
      parties: [
        { name: '王五', phone: '+86 137-0000-2222', role: 'applicant' },
        { name: '张三', phone: '13800009999', role: 'respondent' },
      ],
    });
    await intake(w.operator, 'c10', { title: '自来水水压低', description: '高层住户水压不足' });
    await intake(w.operator, 'c11', { kind: 'complaint', channel: 'hotline', categoryCode: '0901', title: '广场舞噪音扰民严重', description: '每晚广场舞音响声音太大，噪音扰民' });

    await dispatchTo(made.c2?.id ?? 0, w.housing.id);
    const c3 = made.c3?.id ?? 0;
    await dispatchTo(c3, w.housing.id);
    await ok(await act(w.housing.client, c3, 'acknowledge'));
    await ok(await act(w.housing.client, c3, 'start'));
    await dispatchTo(made.c4?.id ?? 0, w.police.id);
    await ok(await act(w.operator, made.c5?.id ?? 0, 'accept'));
    const c10 = made.c10?.id ?? 0;
    await dispatchTo(c10, w.housing.id);
    await ok(await act(w.housing.client, c10, 'acknowledge'));
    await ok(await act(w.housing.client, c10, 'start'));
    await ok(await act(w.housing.client, c10, 'resolve', { result: 'fixed', resultText: '已协调加压泵' }));
    await ok(await act(w.supervisor, c3, 'supervise', { reason: '群众反映强烈', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }));

    // Deadlines and flags the sweeps would set; ties in created_at to test the keyset's tiebreak.
    await t.db.updateTable('cases').set({ overdue_resolve: 1 }).where('id', '=', c3).execute();
    await t.db.updateTable('cases').set({ resolve_due_at: new Date(Date.now() + 3600_000).toISOString() }).where('id', '=', made.c4?.id ?? 0).execute();
    await t.db.updateTable('cases').set({ resolve_due_at: new Date(Date.now() + 30 * 86_400_000).toISOString() }).where('id', '=', made.c2?.id ?? 0).execute();
    const tie = new Date(Date.now() - 3600_000).toISOString();
    await t.db.updateTable('cases').set({ created_at: tie }).where('id', 'in', idsOf('c1', 'c2', 'c3', 'c6')).execute();
    await t.db.updateTable('cases').set({ created_at: '2025-01-15T02:00:00.000Z' }).where('id', '=', made.c5?.id ?? 0).execute();
  });
  afterAll(async () => t.close());

  it('keeps every list inside the caller’s scope', async () => {
    expect(ids(await all(w.operator, '/api/v1/cases'))).toEqual(idsOf(...OPERATOR_VISIBLE));
    expect(ids(await all(w.outsider, '/api/v1/cases'))).toEqual(idsOf('c8'));
    expect(ids(await all(w.housing.client, '/api/v1/cases'))).toEqual(idsOf('c2', 'c3', 'c10'));
    expect(ids(await all(w.police.client, '/api/v1/cases'))).toEqual(idsOf('c4'));
    // A search or a filter cannot reach past the scope either.
    expect(ids(await all(w.outsider, `/api/v1/cases?q=${encodeURIComponent('漏水')}`))).toEqual(idsOf('c8'));
    expect(ids(await all(w.housing.client, `/api/v1/cases?region=${VILLAGE}`))).toEqual(idsOf('c3', 'c10'));
    expect(ids(await all(w.outsider, `/api/v1/cases?region=${VILLAGE}`))).toEqual([]);
  });

  it('returns list rows without personal data, with village, township and lead unit names', async () => {
    const res = await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('邻居堵塞')}` }));
    const [row] = res.json().items as Item[];
    expect(row?.id).toBe(made.c6?.id);
    expect(Object.keys(row ?? {}).sort()).toEqual(
      ['ackDueAt', 'categoryCode', 'channel', 'createdAt', 'id', 'kind', 'leadUnitId', 'leadUnitName', 'overdueAck', 'overdueResolve', 'priority', 'regionCode', 'regionName', 'resolveDueAt', 'status', 'title', 'townshipName', 'trackingCode', 'version'].sort(),
    );
    expect(res.body).not.toContain('李四');
    expect(res.body).not.toContain('1391234');
    expect(row?.regionName).toBe('畅家巷社区居委会');
    expect(row?.townshipName).toBe('酒泉路街道');
    const housing = await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases?unit=${w.housing.id}&status=in_progress` }));
    expect(housing.json().items.map((i: Item) => i.leadUnitName)).toEqual(['城关区住建局']);
  });

  it('filters by region subtree, status, kind, channel, category, unit, overdue and dates', async () => {
    const list = async (query: string) => ids(await all(w.operator, `/api/v1/cases?${query}`, 100));
    expect(await list(`region=${VILLAGE2}`)).toEqual(idsOf('c2', 'c5'));
    expect(await list('region=620102001')).toEqual(idsOf(...OPERATOR_VISIBLE));
    expect(await list('status=submitted')).toEqual(idsOf('c1', 'c6', 'c7', 'c9', 'c11'));
    expect(await list('status=accepted,dispatched')).toEqual(idsOf('c2', 'c4', 'c5'));
    expect(await list('status=accepted&status=resolved')).toEqual(idsOf('c5', 'c10'));
    expect(await list('kind=complaint')).toEqual(idsOf('c1', 'c5', 'c11'));
    expect(await list('kind=complaint&channel=hotline&region=' + VILLAGE)).toEqual(idsOf('c1', 'c11'));
    expect(await list('channel=walk_in,grid_report')).toEqual(idsOf('c3', 'c4'));
    expect(await list('category=09')).toEqual(idsOf('c1', 'c5', 'c11'));
    expect(await list('category=11')).toEqual(idsOf('c2', 'c3', 'c7', 'c10'));
    expect(await list('category=1102')).toEqual(idsOf('c3'));
    expect(await list(`unit=${w.housing.id}`)).toEqual(idsOf('c2', 'c3', 'c10'));
    expect(await list('overdue=true')).toEqual(idsOf('c3'));
    expect((await list('overdue=false')).includes(made.c3?.id ?? -1)).toBe(false);
    expect(await list('from=2025-01-15&to=2025-01-15')).toEqual(idsOf('c5'));
    expect(await list('from=2025-01-16&to=2025-12-31')).toEqual([]);
    // Local day boundaries: 10:00 in Beijing is 02:00 UTC.
    expect(await list(`from=${encodeURIComponent('2025-01-15T10:00:00+08:00')}&to=${encodeURIComponent('2025-01-15T10:00:00+08:00')}`)).toEqual(idsOf('c5'));
    expect(await list(`from=${encodeURIComponent('2025-01-15T10:00:00.001+08:00')}&to=2025-01-15`)).toEqual([]);
  });

  it('pages by keyset with stable order, no duplicates and no gaps, ties included', async () => {
    const full = (await ok(await w.operator.inject({ method: 'GET', url: '/api/v1/cases?limit=100' }))).json().items as Item[];
    expect(full).toHaveLength(OPERATOR_VISIBLE.length);
    const sorted = [...full].sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1));
    expect(full.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
    for (const size of [1, 2, 3, 4]) {
      const paged = await all(w.operator, '/api/v1/cases', size);
      expect(paged.map((i) => i.id)).toEqual(full.map((i) => i.id));
    }
    // A case taken in while paging appears neither twice nor shifts the rest (it is newer than the cursor).
    const first = (await ok(await w.operator.inject({ method: 'GET', url: '/api/v1/cases?limit=3' }))).json();
    await intake(w.operator, 'late', { title: '翻页时新来的', description: '分页过程中新建的事件' });
    const rest = await all(w.operator, `/api/v1/cases?cursor=${encodeURIComponent(first.nextCursor)}`, 100);
    expect([...first.items, ...rest].map((i: Item) => i.id)).toEqual(full.map((i) => i.id));
    OPERATOR_VISIBLE.push('late');
  });

  it('finds Chinese text with 2-character and 4-character terms, and treats syntax as text', async () => {
    const queries = ['漏水', '噪音扰民', '噪音', '广场舞 严重', '暖气不热', '水费上涨50%', '%', '_', '"', 'OR', 'or', '"漏水" OR "噪音"', 'NEAR(漏水', '漏水*', '*', "'; drop table cases; --", '\\', '50%，', 'title:漏水', '噪音 OR'];
    for (const q of queries) {
      const res = await w.operator.inject({ method: 'GET', url: `/api/v1/cases?limit=100&q=${encodeURIComponent(q)}` });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      expect(ids(res.json().items), q).toEqual(expectedFor(q, OPERATOR_VISIBLE));
    }
    expect(ids((await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('漏水')}` }))).json().items)).toEqual(idsOf('c2'));
    expect(expectedFor('噪音扰民', OPERATOR_VISIBLE)).toEqual(idsOf('c1', 'c11'));
    expect(expectedFor('%', OPERATOR_VISIBLE)).toEqual(idsOf('c7'));
    expect(expectedFor('OR', OPERATOR_VISIBLE)).toEqual(idsOf('c4'));
    // Search combines with the other filters.
    const both = await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('噪音')}&region=${VILLAGE}&status=submitted` }));
    expect(ids(both.json().items)).toEqual(idsOf('c1', 'c11'));
  });

  it('answers bad parameters with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['region=123', 'region'],
      ['region=629999', 'region'],
      ['region=620102001999', 'region'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["yesterday",1]').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
      ['status=bogus', 'status'],
      ['status=submitted,,nope', 'status'],
      ['kind=wish', 'kind'],
      ['channel=fax', 'channel'],
      ['category=9', 'category'],
      ['unit=0', 'unit'],
      ['overdue=maybe', 'overdue'],
      ['from=2026-02-30', 'from'],
      ['from=yesterday', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await w.operator.inject({ method: 'GET', url: `/api/v1/cases?${query}` });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field), query).toContain(field);
    }
    const worklist = await w.operator.inject({ method: 'GET', url: '/api/v1/worklists/everything' });
    expect(worklist.statusCode).toBe(400);
    expect(worklist.json().errors[0].field).toBe('name');
  });

  it('counts each worklist exactly as long as its list, for every role', async () => {
    const clients = [w.operator, w.countyOperator, w.supervisor, w.outsider, w.housing.client, w.police.client, w.judicial.client];
    for (const client of clients) {
      const counts = (await ok(await client.inject({ method: 'GET', url: '/api/v1/worklists' }))).json() as Record<string, number>;
      expect(Object.keys(counts).sort()).toEqual([...worklistNames].sort());
      for (const name of worklistNames) {
        const items = await all(client, `/api/v1/worklists/${name}`, 2);
        expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
        expect(items.length, `${name} for user ${client.userId}`).toBe(counts[name]);
      }
    }
  });

  it('puts each case in the worklists of the people who must act on it', async () => {
    const lists = async (client: Client) => {
      const out: Record<string, number[]> = {};
      for (const name of worklistNames) out[name] = ids(await all(client, `/api/v1/worklists/${name}`, 100));
      return out;
    };
    const op = await lists(w.operator);
    expect(op.to_accept).toEqual(idsOf('c1', 'c6', 'c7', 'c9', 'c11', 'late'));
    expect(op.to_dispatch).toEqual(idsOf('c5'));
    expect(op.to_follow_up).toEqual(idsOf('c10'));
    expect(op.to_acknowledge).toEqual([]);
    expect(op.overdue).toEqual(idsOf('c3'));
    expect(op.due_soon).toEqual(idsOf('c4'));
    expect(op.under_supervision).toEqual(idsOf('c3'));
    const housing = await lists(w.housing.client);
    expect(housing.to_acknowledge).toEqual(idsOf('c2'));
    expect(housing.in_progress).toEqual(idsOf('c3'));
    expect(housing.to_accept).toEqual([]);
    expect(housing.overdue).toEqual(idsOf('c3'));
    expect(housing.due_soon).toEqual([]);
    const police = await lists(w.police.client);
    expect(police.to_acknowledge).toEqual(idsOf('c4'));
    expect(police.due_soon).toEqual(idsOf('c4'));
    const outsider = await lists(w.outsider);
    expect(outsider.to_accept).toEqual(idsOf('c8'));
    expect(Object.entries(outsider).filter(([name]) => name !== 'to_accept').flatMap(([, v]) => v)).toEqual([]);
  });

  it('finds a caller’s earlier cases by phone, as reporter or party, and audits the lookup', async () => {
    const res = await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases/by-phone?phone=${encodeURIComponent('137 0000 2222')}` }));
    const items = res.json().items as Array<Item & { matchedAs: string[] }>;
    expect(ids(items)).toEqual(idsOf('c7', 'c9'));
    expect(items.find((i) => i.id === made.c7?.id)?.matchedAs).toEqual(['reporter']);
    expect(items.find((i) => i.id === made.c9?.id)?.matchedAs).toEqual(['party']);
    expect(res.body).not.toContain('13700002222');
    const both = (await ok(await w.operator.inject({ method: 'GET', url: '/api/v1/cases/by-phone?phone=13912345678' }))).json().items as Array<Item & { matchedAs: string[] }>;
    expect(both.map((i) => [i.id, i.matchedAs])).toEqual([[made.c6?.id, ['reporter', 'party']]]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.lookup_by_phone').where('actor_user_id', '=', w.operator.userId).orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ results: 2 });
    expect(JSON.stringify(audit)).not.toContain('13700002222');
    // Outside the scope nothing is found, and the attempt is still on record.
    const outsider = await ok(await w.outsider.inject({ method: 'GET', url: '/api/v1/cases/by-phone?phone=13700002222' }));
    expect(outsider.json().items).toEqual([]);
    const outsiderAudit = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'case.lookup_by_phone').where('actor_user_id', '=', w.outsider.userId).execute();
    expect(outsiderAudit).toHaveLength(1);
    const bad = await w.operator.inject({ method: 'GET', url: '/api/v1/cases/by-phone?phone=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('phone');
  });

  it('shows related cases: same village, shared parties, duplicates; all in scope', async () => {
    const related = (await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${made.c9?.id}/related` }))).json();
    expect(ids(related.sameVillage)).toEqual(idsOf('c1', 'c3', 'c4', 'c6', 'c7', 'c10', 'c11', 'late'));
    const shared = new Map((related.sharedParties as Array<Item & { sharedBy: string[] }>).map((i) => [i.id, i.sharedBy]));
    expect([...shared.keys()].sort((a, b) => a - b)).toEqual(idsOf('c6', 'c7'));
    expect(shared.get(made.c6?.id ?? 0)).toEqual(['name']);
    expect(shared.get(made.c7?.id ?? 0)).toEqual(['phone']);
    const c1 = (await ok(await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${made.c1?.id}/related` }))).json();
    expect(c1.duplicates.map((d: { id: number }) => d.id)).toEqual([made.c11?.id]);
    expect(c1.sharedParties).toEqual([]);
    // A department sees only what was dispatched to it, here as everywhere.
    const housing = (await ok(await w.housing.client.inject({ method: 'GET', url: `/api/v1/cases/${made.c3?.id}/related` }))).json();
    expect(ids(housing.sameVillage)).toEqual(idsOf('c10'));
    const outsider = await w.outsider.inject({ method: 'GET', url: `/api/v1/cases/${made.c1?.id}/related` });
    expect(outsider.statusCode).toBe(404);
  });
});
