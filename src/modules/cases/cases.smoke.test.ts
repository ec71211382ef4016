import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { groupCommitOf } from '../../db/group-commit.js';

describe.each(testDialects())('case basics on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterAll(async () => t.close());

  it('takes in a dispute, accepts, whistles and is acknowledged', async () => {
    const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: disputeBody });
    expect(created.statusCode, created.body).toBe(201);
    const { id, trackingCode, status } = created.json();
    expect(status).toBe('submitted');
    expect(trackingCode).toMatch(/^GS\d{6}\d{4,}$/);
    expect((await act(w.operator, id, 'accept')).statusCode).toBe(200);
    const whistled = await act(w.operator, id, 'whistle', { leadUnitId: w.judicial.id, unitIds: [w.police.id] });
    expect(whistled.statusCode, whistled.body).toBe(200);
    expect(whistled.json().status).toBe('dispatched');
    const ack = await act(w.police.client, id, 'acknowledge');
    expect(ack.json().status).toBe('dispatched');
    const leadAck = await act(w.judicial.client, id, 'acknowledge');
    expect(leadAck.json().status).toBe('acknowledged');
    const page = await w.judicial.client.inject({ method: 'GET', url: `/api/v1/cases/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json().reporter.phone).toBe('139****5678');
    expect(page.json().allowedActions).toContain('start');
    const timeline = await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${id}/timeline` });
    expect(timeline.json().items.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'whistle', 'acknowledge', 'acknowledge']);
  });

  it('takes in many cases at once: each its own tracking code, a bad one refused alone, none half-written', async () => {
    const before = Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const bodies = Array.from({ length: 24 }, (_, i) => (i === 5 ? { ...disputeBody, categoryCode: '9999' } : { ...disputeBody, title: `${disputeBody.title}（${i}）` }));
    const answers = await Promise.all(bodies.map((payload) => w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload })));
    expect(answers.map((a) => a.statusCode)).toEqual(bodies.map((_, i) => (i === 5 ? 400 : 201)));
    expect(answers[5]?.json().errors).toEqual([{ field: 'categoryCode', message: 'unknown category 9999' }]);
    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json());
    expect(new Set(created.map((c) => c.trackingCode)).size).toBe(23);
    const after = Number((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after - before).toBe(23);
    // Every case has its submit event and its row answers as the response said.
    for (const c of created) {
      const events = await t.db.selectFrom('case_events').select(['seq', 'action']).where('case_id', '=', c.id).execute();
      expect(events).toEqual([{ seq: 1, action: 'submit' }]);
    }
    // On SQLite the requests that arrived together shared transactions (group commit).
    if (dialect === 'sqlite') expect(groupCommitOf(t.db).stats.largestBatch).toBeGreaterThan(1);
  });
});
