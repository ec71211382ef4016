import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, COUNTY, OTHER_TOWNSHIP, TOWNSHIP, VILLAGE, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { type Receiver, startReceiver, verifySignature } from '../../../test/webhook-receiver.js';
import { decryptPii } from '../../crypto/pii.js';
import { checkTopics, nextAttemptAfter, regionMatches, topicMatches } from './webhooks.policy.js';
import { SECRET_CONTEXT, checkUrl } from './webhooks.service.js';

describe('webhook rules', () => {
  it('accepts http(s) URLs only, without credentials or fragments', () => {
    expect(checkUrl(' https://hooks.example.org/pingan?k=1 ')).toBe('https://hooks.example.org/pingan?k=1');
    for (const bad of ['ftp://example.org/x', 'javascript:alert(1)', 'file:///etc/passwd', '/relative', 'http://user:pw@example.org/', 'https://example.org/#frag']) {
      expect(() => checkUrl(bad), bad).toThrow(/url/);
    }
  });

  it('matches topics exactly, by family or all', () => {
    expect(checkTopics('*')).toEqual(['*']);
    expect(checkTopics(['case.accept', 'case.accept', 'case.resolve'])).toEqual(['case.accept', 'case.resolve']);
    expect(() => checkTopics(['case.acept'])).toThrow(/topics\.0/);
    expect(() => checkTopics(['Case Accept'])).toThrow(/topics\.0/);
    expect(topicMatches(['case.*'], 'case.accept')).toBe(true);
    expect(topicMatches(['case.accept'], 'case.acknowledge')).toBe(false);
    expect(topicMatches(['*'], 'anything')).toBe(true);
  });

  it('scopes by region subtree; rows without a region go to province-wide subscriptions only', () => {
    expect(regionMatches(TOWNSHIP, VILLAGE)).toBe(true);
    expect(regionMatches(OTHER_TOWNSHIP, VILLAGE)).toBe(false);
    expect(regionMatches('620000000000', null)).toBe(true);
    expect(regionMatches(COUNTY, null)).toBe(false);
  });

  it('backs off 30 s, 2 min, 10 min, 1 h, 6 h, then gives up', () => {
    const t = new Date('2026-01-01T00:00:00Z');
    const waits = [1, 2, 3, 4, 5, 6].map((n) => {
      const next = nextAttemptAfter(n, t);
      return next ? (next.getTime() - t.getTime()) / 1000 : null;
    });
    expect(waits).toEqual([30, 120, 600, 3600, 21600, null]);
  });
});

describe.each(testDialects())('webhooks API on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let head: Client;
  let otherHead: Client;
  let admin: Client;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;
    otherHead = (await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: OTHER_TOWNSHIP }])).client;
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const create = (client: Client, payload: Record<string, unknown>) => client.inject({ method: 'POST', url: '/api/v1/webhooks', payload });
  const auditActions = async (id: number) =>
    (await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'webhook').where('entity_id', '=', String(id)).orderBy('id').execute()).map((r) => r.action);

  it('creates a subscription, shows the secret once and stores it encrypted', async () => {
    const res = await create(head, { name: '街道网格平台', url: `${receiver.base}/created`, topics: ['case.*'], regionCode: TOWNSHIP });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: '街道网格平台', topics: ['case.*'], regionCode: TOWNSHIP, unitId: w.townshipCenterId, status: 'active', version: 1 });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(res.headers.location).toBe(`/api/v1/webhooks/${body.id}`);

    const row = await t.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(body.secret);
    expect(decryptPii(t.config.dataKey, row.secret_enc, SECRET_CONTEXT)).toBe(body.secret);

    const read = await head.inject({ method: 'GET', url: `/api/v1/webhooks/${body.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty('secret');
    expect(read.body).not.toContain(body.secret);
    expect(await auditActions(body.id)).toEqual(['webhook.created']);
  });

  it('rejects bad input with 4xx naming the field, and writes nothing', async () => {
    const before = await t.db.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ name: 'x', url: 'ftp://example.org/x', topics: '*', regionCode: TOWNSHIP }, 400, 'url'],
      [{ name: 'x', url: 'http://u:p@example.org/x', topics: '*', regionCode: TOWNSHIP }, 400, 'url'],
      [{ name: 'x', url: 'not a url', topics: '*', regionCode: TOWNSHIP }, 400, 'url'],
      [{ name: 'x', url: 'https://example.org/x', topics: ['case.nope'], regionCode: TOWNSHIP }, 400, 'topics.0'],
      [{ name: 'x', url: 'https://example.org/x', topics: [], regionCode: TOWNSHIP }, 400, 'topics'],
      [{ name: 'x', url: 'https://example.org/x', topics: 'all', regionCode: TOWNSHIP }, 400, 'topics'],
      [{ name: 'x', url: 'https://example.org/x', topics: '*', regionCode: '6201' + '99' }, 400, 'regionCode'],
      [{ name: 'x', url: 'https://example.org/x', topics: '*', regionCode: OTHER_TOWNSHIP }, 403, 'regionCode'],
      [{ name: 'x', url: 'https://example.org/x', topics: '*', regionCode: TOWNSHIP, unitId: w.countyCenterId }, 403, 'unitId'],
      [{ name: '   ', url: 'https://example.org/x', topics: '*', regionCode: TOWNSHIP }, 400, 'name'],
      [{ name: 'x', url: 'https://example.org/x', topics: '*', regionCode: TOWNSHIP, secret: 'mine' }, 400, 'secret'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await create(head, payload);
      expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field), res.body).toContain(field);
    }
    const after = await t.db.selectFrom('webhook_subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('is for admins and centre heads only, each within their regions', async () => {
    const res = await create(head, { name: '街道', url: `${receiver.base}/scoped`, topics: '*', regionCode: VILLAGE });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as number;
    expect((await w.operator.inject({ method: 'GET', url: '/api/v1/webhooks' })).statusCode).toBe(403);
    expect((await create(w.operator, { name: 'x', url: 'https://example.org', topics: '*', regionCode: VILLAGE })).statusCode).toBe(403);
    // Another township's head cannot see it at all; an admin can.
    expect((await otherHead.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(404);
    expect((await otherHead.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, payload: { status: 'paused', version: 1 } })).statusCode).toBe(404);
    expect((await otherHead.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(404);
    const otherList = await otherHead.inject({ method: 'GET', url: '/api/v1/webhooks' });
    expect(otherList.json().items.map((s: { id: number }) => s.id)).not.toContain(id);
    const headList = await head.inject({ method: 'GET', url: '/api/v1/webhooks' });
    expect(headList.json().items.map((s: { id: number }) => s.id)).toContain(id);
    expect((await admin.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(200);
  });

  it('updates with optimistic versions, rotates the secret on request and audits every change', async () => {
    const created = (await create(head, { name: '旧名', url: `${receiver.base}/patched`, topics: ['case.accept'], regionCode: TOWNSHIP })).json();
    const patched = await head.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${created.id}`,
      payload: { name: '新名', topics: ['case.accept', 'case.resolve'], status: 'paused', version: 1 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: '新名', topics: ['case.accept', 'case.resolve'], status: 'paused', version: 2 });
    expect(patched.json()).not.toHaveProperty('secret');

    const stale = await head.inject({ method: 'PATCH', url: `/api/v1/webhooks/${created.id}`, payload: { name: '再改', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(2);

    const badUrl = await head.inject({ method: 'PATCH', url: `/api/v1/webhooks/${created.id}`, payload: { url: 'gopher://x', version: 2 } });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().errors[0].field).toBe('url');

    const rotated = await head.inject({ method: 'PATCH', url: `/api/v1/webhooks/${created.id}`, payload: { rotateSecret: true, version: 2 } });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).toMatch(/^whsec_/);
    expect(rotated.json().secret).not.toBe(created.secret);
    const row = await t.db.selectFrom('webhook_subscriptions').select('secret_enc').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(decryptPii(t.config.dataKey, row.secret_enc, SECRET_CONTEXT)).toBe(rotated.json().secret);

    const deleted = await head.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await head.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}` })).statusCode).toBe(404);
    expect(await auditActions(created.id)).toEqual(['webhook.created', 'webhook.updated', 'webhook.updated', 'webhook.deleted']);
    const updates = await t.db.selectFrom('audit_log').select('detail').where('action', '=', 'webhook.updated').where('entity_id', '=', String(created.id)).orderBy('id').execute();
    expect(JSON.parse(updates[0]?.detail ?? '{}')).toMatchObject({ name: ['旧名', '新名'], status: ['active', 'paused'] });
    expect(JSON.parse(updates[1]?.detail ?? '{}')).toEqual({ secretRotated: true });
    expect(updates.map((u) => u.detail).join('')).not.toContain('whsec_');
  });

  it('sends a signed ping on test and reports what the receiver answered', async () => {
    const created = (await create(head, { name: 'ping', url: `${receiver.base}/ping`, topics: '*', regionCode: TOWNSHIP })).json();
    const ok = await head.inject({ method: 'POST', url: `/api/v1/webhooks/${created.id}/test` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ delivered: true, statusCode: 200, error: null });
    const [ping] = receiver.on('/ping');
    expect(ping).toBeDefined();
    if (!ping) return;
    expect(ping.headers['x-pingan-event']).toBe('ping');
    expect(ping.headers['content-type']).toBe('application/json');
    expect(verifySignature(created.secret, ping)).toBe(true);
    expect(verifySignature('whsec_wrong', ping)).toBe(false);
    expect(JSON.parse(ping.body)).toMatchObject({ topic: 'ping', data: { subscriptionId: created.id } });

    receiver.respond('/ping', [503]);
    const failed = await head.inject({ method: 'POST', url: `/api/v1/webhooks/${created.id}/test` });
    expect(failed.json()).toMatchObject({ delivered: false, statusCode: 503 });
    expect(failed.json().error).toMatch(/HTTP 503/);
    expect(await auditActions(created.id)).toEqual(['webhook.created', 'webhook.tested', 'webhook.tested']);
  });

  it('lists deliveries only of a visible subscription and validates the status filter', async () => {
    const created = (await create(head, { name: 'd', url: `${receiver.base}/d`, topics: '*', regionCode: TOWNSHIP })).json();
    const list = await head.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}/deliveries?status=dead` });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [], next: null });
    const bad = await head.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}/deliveries?status=lost` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('status');
    expect((await otherHead.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}/deliveries` })).statusCode).toBe(404);
    expect((await head.inject({ method: 'POST', url: `/api/v1/webhooks/${created.id}/deliveries/999999/replay` })).statusCode).toBe(404);
  });
});
