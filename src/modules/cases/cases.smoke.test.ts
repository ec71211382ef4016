import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';

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
});
