// The audit log viewer on both databases: filters, keyset pages, who may read which rows, 400s that
// name the field, the chain check that finds an edited row; and GET /workflow, the transition table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUser, signIn, signInAs } from '../../../test/factories.js';
import { transitions } from '../cases/workflow.js';
import { appendAudit } from './audit.repository.js';

interface Row {
  id: number;
  at: string;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  detail: Record<string, unknown>;
}

describe.each(testDialects())('audit API on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let adminId: number;
  let provinceAuditor: Client;
  let cityAuditor: Client;
  let operator: Client;

  async function add(action: string, entityId: number, regionCode: string | null, at: string, actorUserId: number | null = null) {
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, { actorUserId, actorLabel: actorUserId === null ? 'system:test' : 'someone', action, entityType: 'probe', entityId, regionCode, detail: { n: entityId }, at }),
    );
  }

  const list = async (client: Client, query = '') => {
    const res = await client.inject({ method: 'GET', url: `/api/v1/audit?entityType=probe${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Row[]; next: number | null }>();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const adminUser = await createUser(t.db, { username: 'audit_admin', grants: [{ role: 'admin', regionCode: '620000000000' }] });
    adminId = adminUser.id;
    admin = await signIn(t.app, t.db, adminUser.id);
    provinceAuditor = (await signInAs(t.app, t.db, [{ role: 'auditor', regionCode: '620000000000' }])).client;
    cityAuditor = (await signInAs(t.app, t.db, [{ role: 'auditor', regionCode: '620100000000' }])).client;
    operator = (await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: '620100000000' }])).client;
    await add('probe.made', 1, '620102001000', '2026-03-01T01:00:00.000Z', adminId);
    await add('probe.made', 2, '620702000000', '2026-03-02T01:00:00.000Z');
    await add('probe.changed', 3, null, '2026-03-03T01:00:00.000Z', adminId);
    await add('probe.changed', 4, '620102000000', '2026-03-04T01:00:00.000Z');
    await add('probe.made', 5, '620100000000', '2026-03-05T01:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('lists rows newest first with their parsed detail, in keyset pages', async () => {
    const first = await list(admin, '&limit=2');
    expect(first.items.map((r) => r.entityId)).toEqual(['5', '4']);
    expect(first.items[0]).toMatchObject({ action: 'probe.made', regionCode: '620100000000', detail: { n: 5 }, actorLabel: 'system:test' });
    expect(first.next).toBe(first.items[1]?.id);
    const second = await list(admin, `&limit=2&before=${first.next}`);
    expect(second.items.map((r) => r.entityId)).toEqual(['3', '2']);
    const last = await list(admin, `&limit=2&before=${second.next}`);
    expect(last.items.map((r) => r.entityId)).toEqual(['1']);
    expect(last.next).toBeNull();
  });

  it('filters by action, entity id, actor (id or username) and time', async () => {
    expect((await list(admin, '&action=probe.changed')).items.map((r) => r.entityId)).toEqual(['4', '3']);
    expect((await list(admin, '&entityId=2')).items.map((r) => r.entityId)).toEqual(['2']);
    expect((await list(admin, `&actor=${adminId}`)).items.map((r) => r.entityId)).toEqual(['3', '1']);
    expect((await list(admin, '&actor=audit_admin')).items.map((r) => r.entityId)).toEqual(['3', '1']);
    expect((await list(admin, '&actor=nobody_here')).items).toEqual([]);
    const window = await list(admin, `&from=${encodeURIComponent('2026-03-02T01:00:00.000Z')}&to=${encodeURIComponent('2026-03-04T01:00:00.000Z')}`);
    expect(window.items.map((r) => r.entityId)).toEqual(['3', '2']);
  });

  it('shows auditors the rows of their regions (region-less rows only to a province auditor), nobody else', async () => {
    expect((await list(provinceAuditor)).items.map((r) => r.entityId)).toEqual(['5', '4', '3', '2', '1']);
    // 兰州市's auditor: not 天水 (6207), not the row without a region.
    expect((await list(cityAuditor)).items.map((r) => r.entityId)).toEqual(['5', '4', '1']);
    expect((await operator.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
    expect((await operator.inject({ method: 'GET', url: '/api/v1/audit/verify' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('answers 400 naming the field for bad filters', async () => {
    const backwards = await admin.inject({ method: 'GET', url: `/api/v1/audit?from=${encodeURIComponent('2026-03-04T00:00:00Z')}&to=${encodeURIComponent('2026-03-01T00:00:00Z')}` });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
    for (const [query, field] of [['from=yesterday', 'from'], ['limit=0', 'limit'], ['before=abc', 'before'], ['colour=red', 'colour']] as const) {
      const res = await admin.inject({ method: 'GET', url: `/api/v1/audit?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(res.json()), query).toContain(field);
    }
  });

  it('verifies the chain, and names the first row after an edit', async () => {
    const intact = await provinceAuditor.inject({ method: 'GET', url: '/api/v1/audit/verify' });
    expect(intact.statusCode, intact.body).toBe(200);
    const total = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(intact.json()).toMatchObject({ ok: true, checked: Number(total.n), pending: 0, brokenAt: null });
    const victim = (await list(admin, '&entityId=2')).items[0]?.id ?? 0;
    await t.db.updateTable('audit_log').set({ detail: '{"n":99}' }).where('id', '=', victim).execute();
    const broken = (await admin.inject({ method: 'GET', url: '/api/v1/audit/verify' })).json();
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt).toEqual({ id: victim, reason: expect.stringMatching(/edited/) });
  });

  it('publishes the workflow table as the server enforces it', async () => {
    const res = await operator.inject({ method: 'GET', url: '/api/v1/workflow' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.transitions).toHaveLength(transitions.length);
    expect(body.statuses).toContain('dispatched');
    expect(body.roles).toContain('department_handler');
    const dispatch = body.transitions.find((tr: { action: string }) => tr.action === 'dispatch');
    expect(dispatch).toMatchObject({ from: ['accepted', 'returned', 'escalated'], to: 'dispatched', relations: ['owner'], required: ['leadUnitId'], leadOnly: false, guard: null });
    const resolve = body.transitions.find((tr: { action: string }) => tr.action === 'resolve');
    expect(resolve.toIf).toEqual({ field: 'result', equals: 'not_our_responsibility', to: 'returned' });
    expect(resolve.roles).toContain('department_handler');
  });
});
