import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, OTHER_TOWNSHIP, TOWNSHIP, act, createCaseWorld, disputeBody } from '../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../test/context.js';
import { type Client, signInAs } from '../../test/factories.js';
import { type Receiver, startReceiver, verifySignature } from '../../test/webhook-receiver.js';
import { MAX_ATTEMPTS } from '../modules/webhooks/webhooks.policy.js';
import { fanOutOutbox, outboxDeliveryJob, runOutboxDelivery } from './outbox-delivery.job.js';
import { createJobRunner } from './runner.js';

interface DeliveryView {
  id: number;
  outboxId: number;
  topic: string;
  attempt: number;
  status: string;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

describe.each(testDialects())('outbox delivery job on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let head: Client;
  let otherHead: Client;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;
    otherHead = (await signInAs(t.app, t.db, [{ role: 'center_head', regionCode: OTHER_TOWNSHIP }])).client;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  async function subscribe(client: Client, path: string, body: Record<string, unknown> = {}): Promise<{ id: number; secret: string }> {
    const res = await client.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { name: path, url: `${receiver.base}${path}`, topics: '*', regionCode: TOWNSHIP, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function newCase(): Promise<number> {
    const res = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: disputeBody });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  async function deliveries(subscriptionId: number, client = head): Promise<DeliveryView[]> {
    const res = await client.inject({ method: 'GET', url: `/api/v1/webhooks/${subscriptionId}/deliveries?limit=200` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  async function pause(client: Client, id: number) {
    const current = await client.inject({ method: 'GET', url: `/api/v1/webhooks/${id}` });
    await client.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, payload: { status: 'paused', version: current.json().version } });
  }

  it('delivers signed events of its township and nothing to a subscription of another township', async () => {
    const mine = await subscribe(head, '/mine');
    const theirs = await subscribe(otherHead, '/theirs', { regionCode: OTHER_TOWNSHIP });
    const caseId = await newCase();
    expect((await act(w.operator, caseId, 'accept')).statusCode).toBe(200);

    const summary = await runOutboxDelivery(t.app.ctx, new Date());
    expect(summary.delivered).toBeGreaterThanOrEqual(2);

    const got = receiver.on('/mine').map((r) => ({ r, body: JSON.parse(r.body) as { id: number; topic: string; createdAt: string; data: Record<string, unknown> } }));
    expect(got.map((g) => g.body.topic)).toEqual(['case.submit', 'case.accept']);
    for (const { r, body } of got) {
      expect(verifySignature(mine.secret, r)).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-pingan-event']).toBe(body.topic);
      expect(r.headers['x-pingan-delivery']).toBe(String(body.id));
      expect(r.headers['x-pingan-timestamp']).toMatch(/^\d{10}$/);
      expect(body.data).toMatchObject({ caseId, status: body.topic === 'case.submit' ? 'submitted' : 'accepted' });
      // The payload carries ids and statuses only, never the reporter's name or phone.
      expect(r.body).not.toContain('13912345678');
      expect(r.body).not.toContain('李四');
    }
    // A tampered body no longer verifies.
    const first = got[0]?.r;
    if (first) expect(verifySignature(mine.secret, { ...first, body: first.body.replace('case.', 'case_') })).toBe(false);

    expect(receiver.on('/theirs')).toEqual([]);
    expect(await deliveries(theirs.id, otherHead)).toEqual([]);
    const listed = await deliveries(mine.id);
    expect(listed.map((d) => [d.topic, d.status, d.attempt, d.lastStatusCode])).toEqual([
      ['case.accept', 'delivered', 1, 200],
      ['case.submit', 'delivered', 1, 200],
    ]);
    await pause(head, mine.id);
    await pause(otherHead, theirs.id);
  });

  it('retries a failing receiver with growing back-off until it answers 2xx', async () => {
    const flaky = await subscribe(head, '/flaky', { topics: ['case.submit'] });
    receiver.respond('/flaky', [500, 500], 200);
    await newCase();
    const t0 = new Date();
    await runOutboxDelivery(t.app.ctx, t0);
    const [first] = await deliveries(flaky.id);
    expect(first).toMatchObject({ status: 'failed', attempt: 1, lastStatusCode: 500 });
    expect(first?.lastError).toMatch(/^HTTP 500/);

    // Not due yet: nothing is sent.
    await runOutboxDelivery(t.app.ctx, new Date(t0.getTime() + 1_000));
    expect(receiver.on('/flaky')).toHaveLength(1);

    const due1 = new Date(first?.nextAttemptAt ?? '');
    await runOutboxDelivery(t.app.ctx, due1);
    const [second] = await deliveries(flaky.id);
    expect(second).toMatchObject({ status: 'failed', attempt: 2, lastStatusCode: 500 });

    const due2 = new Date(second?.nextAttemptAt ?? '');
    await runOutboxDelivery(t.app.ctx, due2);
    const [third] = await deliveries(flaky.id);
    expect(third).toMatchObject({ status: 'delivered', attempt: 3, lastStatusCode: 200, nextAttemptAt: null });
    expect(third?.deliveredAt).toBe(due2.toISOString());

    const wait1 = due1.getTime() - t0.getTime();
    const wait2 = due2.getTime() - due1.getTime();
    expect(wait1).toBeGreaterThan(0);
    expect(wait2).toBeGreaterThan(wait1);
    const sent = receiver.on('/flaky');
    expect(sent).toHaveLength(3);
    // Every attempt is the same delivery, signed afresh with its own timestamp.
    expect(new Set(sent.map((r) => r.headers['x-pingan-delivery']))).toEqual(new Set([String(third?.id)]));
    expect(sent.map((r) => Number(r.headers['x-pingan-timestamp']))).toEqual([t0, due1, due2].map((d) => Math.floor(d.getTime() / 1000)));
    expect(sent.every((r) => verifySignature(flaky.secret, r))).toBe(true);
    await pause(head, flaky.id);
  });

  it('dead-letters a delivery after the last attempt, and replay delivers it again', async () => {
    const down = await subscribe(head, '/down', { topics: ['case.submit'] });
    receiver.respond('/down', [], 503);
    await newCase();
    let now = new Date();
    let current: DeliveryView | undefined;
    for (let run = 0; run < MAX_ATTEMPTS + 2 && current?.status !== 'dead'; run++) {
      await runOutboxDelivery(t.app.ctx, now);
      [current] = await deliveries(down.id);
      if (current?.nextAttemptAt) now = new Date(current.nextAttemptAt);
    }
    expect(current).toMatchObject({ status: 'dead', attempt: MAX_ATTEMPTS, lastStatusCode: 503, nextAttemptAt: null });
    expect(receiver.on('/down')).toHaveLength(MAX_ATTEMPTS);
    // Dead means no more attempts, however late the job runs.
    await runOutboxDelivery(t.app.ctx, new Date(now.getTime() + 30 * 86_400_000));
    expect(receiver.on('/down')).toHaveLength(MAX_ATTEMPTS);
    expect((await head.inject({ method: 'GET', url: `/api/v1/webhooks/${down.id}/deliveries?status=dead` })).json().items).toHaveLength(1);

    const pending = await head.inject({ method: 'POST', url: `/api/v1/webhooks/${down.id}/deliveries/${current?.id}/replay` });
    expect(pending.statusCode, pending.body).toBe(202);
    expect(pending.json()).toMatchObject({ status: 'pending', attempt: 0 });
    const again = await head.inject({ method: 'POST', url: `/api/v1/webhooks/${down.id}/deliveries/${current?.id}/replay` });
    expect(again.statusCode).toBe(409);

    receiver.respond('/down', [], 200);
    await runOutboxDelivery(t.app.ctx, new Date(Date.now() + 1_000));
    const [replayed] = await deliveries(down.id);
    expect(replayed).toMatchObject({ id: current?.id, status: 'delivered', attempt: 1, lastStatusCode: 200 });
    const sent = receiver.on('/down');
    expect(sent).toHaveLength(MAX_ATTEMPTS + 1);
    expect(JSON.parse(sent.at(-1)?.body ?? '{}')).toEqual(JSON.parse(sent[0]?.body ?? '{}'));

    // A delivered one can be replayed too (a receiver that lost it).
    expect((await head.inject({ method: 'POST', url: `/api/v1/webhooks/${down.id}/deliveries/${current?.id}/replay` })).statusCode).toBe(202);
    await runOutboxDelivery(t.app.ctx, new Date(Date.now() + 1_000));
    expect(receiver.on('/down')).toHaveLength(MAX_ATTEMPTS + 2);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'webhook.delivery_replayed').where('entity_id', '=', String(down.id)).execute();
    expect(audit).toHaveLength(2);
    await pause(head, down.id);
  });

  it('never delivers an outbox row twice, even when runs overlap or the cursor is lost', async () => {
    const once = await subscribe(head, '/once');
    const caseId = await newCase();
    for (const action of ['accept', 'add_note']) {
      const res = await act(w.operator, caseId, action, action === 'add_note' ? { text: '已电话联系双方' } : {});
      expect(res.statusCode, res.body).toBe(200);
    }
    const now = new Date();
    await Promise.all([runOutboxDelivery(t.app.ctx, now), runOutboxDelivery(t.app.ctx, now), runOutboxDelivery(t.app.ctx, now)]);
    const sent = receiver.on('/once').map((r) => JSON.parse(r.body) as { id: number; topic: string });
    expect(sent.map((s) => s.topic).sort()).toEqual(['case.accept', 'case.add_note', 'case.submit']);
    expect(new Set(sent.map((s) => s.id)).size).toBe(sent.length);

    // A crash that lost the cursor: fanning out everything again creates no second delivery.
    await t.db.updateTable('webhook_cursors').set({ last_outbox_id: 0 }).execute();
    expect(await fanOutOutbox(t.app.ctx, new Date())).toBe(0);
    await runOutboxDelivery(t.app.ctx, new Date());
    expect(receiver.on('/once')).toHaveLength(3);
    const rows = await t.db.selectFrom('webhook_deliveries').select(['outbox_id']).where('subscription_id', '=', once.id).execute();
    expect(rows).toHaveLength(3);

    // Two processes: the job's lease lets only one of them run a tick.
    const a = createJobRunner(t.app.ctx, [outboxDeliveryJob], { owner: 'process-a' });
    const b = createJobRunner(t.app.ctx, [outboxDeliveryJob], { owner: 'process-b' });
    const ran = await Promise.all([a.runOnce('outbox-delivery', now), b.runOnce('outbox-delivery', now)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
    await pause(head, once.id);
  });

  it('holds deliveries of a paused subscription and sends nothing it did not subscribe to', async () => {
    const picky = await subscribe(head, '/picky', { topics: ['case.accept'] });
    const caseId = await newCase();
    await runOutboxDelivery(t.app.ctx, new Date());
    expect(receiver.on('/picky')).toEqual([]);
    expect((await act(w.operator, caseId, 'accept')).statusCode).toBe(200);
    await pause(head, picky.id);
    await runOutboxDelivery(t.app.ctx, new Date());
    expect(receiver.on('/picky')).toEqual([]);
    expect(await deliveries(picky.id)).toEqual([]);
  });
});
