import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, OTHER_TOWNSHIP, VILLAGE, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import type { Actor } from '../auth/actor.js';
import { findGrants } from '../auth/auth.repository.js';
import { caseScope } from '../cases/cases.policy.js';
import { findCaseById } from '../cases/cases.repository.js';
import { findCaseFacts } from './events.repository.js';
import { caseVisibleTo } from './events.visibility.js';
import { sha256 } from '../../plugins/auth.plugin.js';
import { EventHub, formatEvent } from './event-hub.js';
import { takeContiguous } from './outbox-cursor.js';

describe('outbox cursor', () => {
  const rows = (...ids: number[]) => ids.map((id) => ({ id }));
  const t0 = new Date('2026-03-01T08:00:00Z');

  it('takes rows up to the first hole and remembers when it saw it', () => {
    const first = takeContiguous(rows(11, 12, 14, 15), 10, { gapId: null, gapSeenAt: null }, t0, 20_000);
    expect(first.rows.map((r) => r.id)).toEqual([11, 12]);
    expect(first.last).toBe(12);
    expect(first.gap).toEqual({ gapId: 13, gapSeenAt: t0.toISOString() });

    // Still young: wait; the hole keeps its first-seen time.
    const later = new Date(t0.getTime() + 5_000);
    const second = takeContiguous(rows(14, 15), 12, first.gap, later, 20_000);
    expect(second.rows).toEqual([]);
    expect(second.gap.gapSeenAt).toBe(t0.toISOString());

    // The late row commits: everything flows, no hole left.
    const filled = takeContiguous(rows(13, 14, 15), 12, second.gap, later, 20_000);
    expect(filled.rows.map((r) => r.id)).toEqual([13, 14, 15]);
    expect(filled.gap).toEqual({ gapId: null, gapSeenAt: null });

    // Never filled (a rollback): skipped once the grace has passed.
    const old = takeContiguous(rows(14, 15), 12, second.gap, new Date(t0.getTime() + 20_000), 20_000);
    expect(old.rows.map((r) => r.id)).toEqual([14, 15]);
    expect(old.last).toBe(15);
  });

  it('formats one event per row with the outbox id, the topic and one data line', () => {
    expect(formatEvent({ id: 7, topic: 'case.accept', caseId: 1, regionCode: VILLAGE, payload: '{"caseId":1}' })).toBe('id: 7\nevent: case.accept\ndata: {"caseId":1}\n\n');
  });
});

interface StreamEvent {
  id: number | null;
  event: string;
  data: Record<string, unknown>;
}

interface Stream {
  events: StreamEvent[];
  /** Resolves once an event matching `match` has arrived (fails the test after 15 s). */
  waitFor(match: (e: StreamEvent) => boolean, what: string): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A real client: fetch, then read the body as it arrives and parse server-sent events. */
async function openStream(base: string, client: Client, lastEventId?: number, via: 'header' | 'query' = 'header'): Promise<Stream> {
  const controller = new AbortController();
  const query = lastEventId !== undefined && via === 'query' ? `?lastEventId=${lastEventId}` : '';
  const res = await fetch(`${base}/api/v1/events/stream${query}`, {
    headers: { cookie: client.cookie, accept: 'text/event-stream', ...(lastEventId !== undefined && via === 'header' ? { 'last-event-id': String(lastEventId) } : {}) },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const body = res.body;
  if (!body) throw new Error('no body');
  const events: StreamEvent[] = [];
  const waiters: Array<() => void> = [];
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const at = line.indexOf(':');
            fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
          }
          const data = fields.get('data');
          if (data === undefined) continue;
          events.push({ id: fields.has('id') ? Number(fields.get('id')) : null, event: fields.get('event') ?? 'message', data: JSON.parse(data) as Record<string, unknown> });
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const waitFor = (match: (e: StreamEvent) => boolean, what: string) =>
    new Promise<StreamEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within 15 s; got ${JSON.stringify(events.map((e) => [e.id, e.event, e.data.caseId]))}`)), 15_000);
      const check = () => {
        const found = events.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  return { events, waitFor, ended, close: () => controller.abort() };
}

const isCaseEvent = (caseId: number, topic: string) => (e: StreamEvent) => e.data.caseId === caseId && e.event === topic;

describe.each(testDialects())('live event stream on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let base: string;
  let otherVillage: string;
  let closed = false;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on a port');
    base = `http://127.0.0.1:${address.port}`;
    const village = await t.db.selectFrom('regions').select('code').where('parent_code', '=', OTHER_TOWNSHIP).orderBy('code').executeTakeFirstOrThrow();
    otherVillage = village.code;
  });
  afterAll(async () => {
    if (!closed) await t.close();
  });

  async function newCase(client: Client, regionCode = VILLAGE): Promise<number> {
    const res = await client.inject({ method: 'POST', url: '/api/v1/cases', payload: { ...disputeBody, regionCode } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  it('refuses anonymous callers and a malformed Last-Event-ID', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/events/stream' });
    expect(anonymous.statusCode).toBe(401);
    const bad = await w.operator.inject({ method: 'GET', url: '/api/v1/events/stream', headers: { 'last-event-id': 'abc' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('last-event-id');
  });

  it('streams case events to those who may see the case and to nobody else; Last-Event-ID resumes without duplicates', async () => {
    const operator = await openStream(base, w.operator);
    const outsider = await openStream(base, w.outsider);
    const judicial = await openStream(base, w.judicial.client);

    const caseId = await newCase(w.operator);
    expect((await act(w.operator, caseId, 'accept')).statusCode).toBe(200);
    const whistled = await act(w.operator, caseId, 'whistle', { leadUnitId: w.judicial.id, unitIds: [w.police.id] });
    expect(whistled.statusCode, whistled.body).toBe(200);

    const submitted = await operator.waitFor(isCaseEvent(caseId, 'case.submit'), 'submit event');
    await operator.waitFor(isCaseEvent(caseId, 'case.whistle'), 'whistle event');
    expect(submitted.data).toMatchObject({ caseId, status: 'submitted', action: 'submit' });
    expect(operator.events.filter((e) => e.data.caseId === caseId).map((e) => e.event)).toEqual(['case.submit', 'case.accept', 'case.whistle']);
    // The department sees the case once it is sent there.
    await judicial.waitFor(isCaseEvent(caseId, 'case.whistle'), 'whistle event for the lead unit');

    // The outsider township's operator hears its own case, and nothing of ours before it (events
    // arrive in outbox order, so ours would have come first).
    const theirs = await newCase(w.outsider, otherVillage);
    await outsider.waitFor(isCaseEvent(theirs, 'case.submit'), "the outsider's own case");
    expect(outsider.events.filter((e) => e.data.caseId === caseId)).toEqual([]);
    // …and our operator does not hear theirs: a later case of ours arrives, theirs never did.
    const later = await newCase(w.operator);
    await operator.waitFor(isCaseEvent(later, 'case.submit'), 'the later case');
    expect(operator.events.filter((e) => e.data.caseId === theirs)).toEqual([]);
    expect(judicial.events.some((e) => e.data.caseId === later || e.data.caseId === theirs)).toBe(false);

    const ids = operator.events.map((e) => e.id ?? 0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    // Resume after the submit event: exactly the events that followed it, each once.
    const resumed = await openStream(base, w.operator, submitted.id ?? 0);
    await resumed.waitFor(isCaseEvent(later, 'case.submit'), 'the later case after resuming');
    const expected = operator.events.filter((e) => (e.id ?? 0) > (submitted.id ?? 0)).map((e) => [e.id, e.event]);
    expect(resumed.events.map((e) => [e.id, e.event])).toEqual(expected);
    // A new event reaches the resumed stream once, after the replay.
    expect((await act(w.operator, later, 'accept')).statusCode).toBe(200);
    const accepted = await resumed.waitFor(isCaseEvent(later, 'case.accept'), 'accept after resuming');
    expect(resumed.events.filter((e) => e.id === accepted.id)).toHaveLength(1);

    // The same through ?lastEventId= (for clients that cannot set the header).
    const viaQuery = await openStream(base, w.operator, submitted.id ?? 0, 'query');
    await viaQuery.waitFor((e) => e.id === accepted.id, 'the accept event through ?lastEventId=');
    expect(viaQuery.events.map((e) => e.id)).toEqual(resumed.events.map((e) => e.id));

    for (const s of [operator, outsider, judicial, resumed, viaQuery]) s.close();
  });

  it('shows a crisis case only to crisis roles', async () => {
    const head = (await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }])).client;
    const headStream = await openStream(base, head);
    const operatorStream = await openStream(base, w.operator);
    const crisis = await w.operator.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { kind: 'crisis', channel: 'hotline', categoryCode: disputeBody.categoryCode, regionCode: VILLAGE, title: '心理危机求助', description: '来电人情绪低落，需要心理危机干预。' },
    });
    expect(crisis.statusCode, crisis.body).toBe(201);
    const crisisId = crisis.json().id as number;
    await headStream.waitFor(isCaseEvent(crisisId, 'case.submit'), 'crisis case for the centre head');
    const marker = await newCase(w.operator);
    await operatorStream.waitFor(isCaseEvent(marker, 'case.submit'), 'the next ordinary case');
    expect(operatorStream.events.some((e) => e.data.caseId === crisisId)).toBe(false);
    headStream.close();
    operatorStream.close();
  });

  it('decides visibility exactly as caseVisible does, for every role and case', async () => {
    const head = await signInAs(t.app, t.db, [{ role: 'center_head', unitId: w.townshipCenterId }]);
    const admin = await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }]);
    const clients: Client[] = [w.operator, w.countyOperator, w.supervisor, w.outsider, w.judicial.client, w.police.client, w.housing.client, head.client, admin.client];
    const dispatched = await newCase(w.operator);
    expect((await act(w.operator, dispatched, 'accept')).statusCode).toBe(200);
    const sent = await act(w.operator, dispatched, 'dispatch', { leadUnitId: w.judicial.id, coUnitIds: [w.police.id] });
    expect(sent.statusCode, sent.body).toBe(200);
    // A co-unit that sends it back keeps seeing it (its case_units row stays, ended).
    const returned = await act(w.police.client, dispatched, 'return', { reason: '不属于本单位职责' });
    expect(returned.statusCode, returned.body).toBe(200);
    const theirs = await newCase(w.outsider, otherVillage);
    const cases = await t.db.selectFrom('cases').select('id').execute();
    const facts = await findCaseFacts(t.db, cases.map((c) => c.id));
    let compared = 0;
    let visible = 0;
    for (const client of clients) {
      const actor: Actor = { kind: 'user', userId: client.userId, label: 'test', grants: await findGrants(t.db, client.userId) };
      const scope = caseScope(actor);
      for (const { id } of cases) {
        const fact = facts.get(id);
        if (!fact) throw new Error(`no facts for case ${id}`);
        const expected = (await findCaseById(t.db, id, scope)) !== undefined;
        expect(caseVisibleTo(scope, fact), `user ${client.userId}, case ${id}`).toBe(expected);
        compared++;
        if (expected) visible++;
      }
    }
    expect(compared).toBeGreaterThan(clients.length * 3);
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(compared);
    expect(facts.get(theirs)?.regionCode).toBe(otherVillage);
  });

  it('sends heartbeats and ends the stream once the session is gone', async () => {
    const { client } = await signInAs(t.app, t.db, [{ role: 'center_operator', unitId: w.townshipCenterId }]);
    const sessionId = sha256(client.cookie.replace(/^pingan_session=/, ''));
    const hub = new EventHub(t.db, t.app.log, { pollMs: 20, heartbeatMs: 30 });
    const written: string[] = [];
    let endSink = () => {};
    const ended = new Promise<void>((resolve) => {
      endSink = resolve;
    });
    const heartbeat = new Promise<void>((resolve) => {
      const sink = {
        writableLength: 0,
        write(chunk: string) {
          written.push(chunk);
          if (chunk.startsWith(': heartbeat')) resolve();
          return true;
        },
        end: () => endSink(),
      };
      const scope = caseScope({ kind: 'user', userId: client.userId, label: 'x', grants: [] });
      void hub.connect({ scope, isAdmin: false, credential: { sessionId }, sink });
    });
    await heartbeat;
    expect(hub.listenerCount).toBe(1);
    await t.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await ended;
    expect(hub.listenerCount).toBe(0);
    expect(written[0]).toBe('retry: 3000\n: connected\n\n');
    await hub.close();
  });

  it('ends open streams when the app closes, so shutdown does not hang', async () => {
    const open = await openStream(base, w.operator);
    closed = true;
    await t.close();
    await open.ended;
    expect(open.events).toEqual([]);
  });
});
