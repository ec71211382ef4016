// End to end, through the HTTP API on both databases: one dispute's whole life, from a hotline call
// through a whistle, a co-unit's return, a "not our responsibility", a re-dispatch, an overdue
// escalation by the SLA sweep, a county re-dispatch, an unsatisfied follow-up, a reopening and a
// satisfied close; then the summary API for the township, the county and the province must give
// exactly what docs/metrics.md's definitions give for that history (worked out by hand below).
// Only Date is faked, so every step happens at a chosen Beijing time.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COUNTY, type CaseWorld, OTHER_TOWNSHIP, TOWNSHIP, act, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { slaSweepJob } from '../../jobs/sla-sweep.job.js';

const PROVINCE = '620000000000';
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';
/** A Beijing wall-clock time (UTC+8) as an instant. */
const beijing = (local: string) => new Date(`${local}+08:00`);

describe.each(testDialects())('a dispute from hotline to close, and its numbers, on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let provinceAnalyst: Client;
  let caseId = 0;

  async function at(local: string) {
    vi.setSystemTime(beijing(local));
    // Sessions slide with use; across days of fake time they would expire. Not what is tested here.
    await t.db.updateTable('sessions').set({ expires_at: FAR_FUTURE }).execute();
  }

  async function step(local: string, client: Client, action: string, body: Record<string, unknown>, expectedStatus: string) {
    await at(local);
    const res = await act(client, caseId, action, body);
    expect(res.statusCode, `${action} at ${local}: ${res.body}`).toBe(200);
    expect(res.json().status, `${action} at ${local}`).toBe(expectedStatus);
  }

  const caseRow = () => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(beijing('2026-03-02T09:00:00'));
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    provinceAnalyst = (await signInAs(t.app, t.db, [{ role: 'analyst', regionCode: PROVINCE }])).client;
  });
  afterAll(async () => {
    await t?.close();
    vi.useRealTimers();
  });

  it('lives its whole life through the API', async () => {
    // Monday 2 March 2026, 09:30: a hotline call taken in by the township operator.
    await at('2026-03-02T09:30:00');
    const created = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: disputeBody });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;

    await step('2026-03-02T09:40:00', w.operator, 'accept', {}, 'accepted');
    // The centre blows the whistle: judicial office leads, the police station is called in.
    await step('2026-03-02T09:50:00', w.operator, 'whistle', { leadUnitId: w.judicial.id, unitIds: [w.police.id] }, 'dispatched');
    // Category 02 (normal): acknowledge within 120 working minutes, resolve within 4,200 working
    // minutes (10 working days of 420) from the intake. Working hours 09–12 and 14–18.
    // 09:50 + 120 working minutes = 11:50.
    // From Mon 2 March 09:30: 390 minutes left that day, then 9 full working days (3,780) reach
    // Fri 13 March, and the last 30 minutes fall on Mon 16 March 09:00–09:30.
    const dispatched = await caseRow();
    expect(dispatched.ack_due_at).toBe(beijing('2026-03-02T11:50:00').toISOString());
    expect(dispatched.resolve_due_at).toBe(beijing('2026-03-16T09:30:00').toISOString());

    await step('2026-03-02T10:00:00', w.police.client, 'acknowledge', {}, 'dispatched'); // a co-unit: the case waits for its lead
    await step('2026-03-02T10:05:00', w.judicial.client, 'acknowledge', {}, 'acknowledged'); // lead, on time (≤ 11:50)
    await step('2026-03-02T10:30:00', w.police.client, 'return', { reason: '治安调解不适用，当事人无违法行为' }, 'acknowledged'); // a co-unit returns: the case stays
    // The lead finds it is the housing bureau's matter: not a resolution, the case goes back.
    await step('2026-03-02T11:30:00', w.judicial.client, 'resolve', { result: 'not_our_responsibility', resultText: '楼道杂物清理属住建部门职责', responsibleUnitId: w.housing.id }, 'returned');
    await step('2026-03-02T14:10:00', w.operator, 'dispatch', { leadUnitId: w.housing.id }, 'dispatched'); // ack due 16:10
    await step('2026-03-02T14:40:00', w.housing.client, 'acknowledge', {}, 'acknowledged'); // on time
    await step('2026-03-02T14:45:00', w.housing.client, 'start', {}, 'in_progress');
    expect((await caseRow()).resolve_due_at, 're-dispatch does not reset the resolve clock').toBe(beijing('2026-03-16T09:30:00').toISOString());

    // The resolve deadline (16 March 09:30) passes. The SLA sweep, run at an explicit later time,
    // flags it overdue and escalates the case to the county centre.
    const sweepAt = beijing('2026-03-17T10:00:00');
    await at('2026-03-17T10:00:00');
    const swept = await slaSweepJob.run(t.app.ctx, sweepAt);
    expect(swept).toMatchObject({ overdue: 1, escalated: 1 });
    const escalated = await caseRow();
    expect([escalated.status, escalated.owner_unit_id, escalated.overdue_resolve]).toEqual(['escalated', w.countyCenterId, 1]);

    // The county centre re-dispatches to the housing bureau: ack due 10:30 + 120 working minutes = 14:30.
    await step('2026-03-17T10:30:00', w.countyOperator, 'dispatch', { leadUnitId: w.housing.id }, 'dispatched');
    expect((await caseRow()).ack_due_at).toBe(beijing('2026-03-17T14:30:00').toISOString());
    await step('2026-03-18T09:15:00', w.housing.client, 'acknowledge', {}, 'acknowledged'); // late
    await step('2026-03-18T09:20:00', w.housing.client, 'start', {}, 'in_progress');
    await step('2026-03-18T16:00:00', w.housing.client, 'resolve', { result: 'fixed', resultText: '已督促清理楼道杂物' }, 'resolved'); // late
    await step('2026-03-19T10:00:00', w.countyOperator, 'follow_up', { method: 'phone', satisfaction: 'unsatisfied', comment: '杂物又堆回来了' }, 'resolved');
    await step('2026-03-19T10:10:00', w.countyOperator, 'reopen', { reason: '群众不满意：杂物复堆' }, 'in_progress');
    await step('2026-03-20T11:00:00', w.housing.client, 'resolve', { result: 'fixed', resultText: '联合社区彻底清理并签订承诺书' }, 'resolved'); // on time: the reopening set a fresh deadline
    await step('2026-03-20T15:00:00', w.countyOperator, 'follow_up', { method: 'phone', satisfaction: 'satisfied' }, 'resolved');
    await step('2026-03-20T15:10:00', w.countyOperator, 'close', {}, 'closed');

    const timeline = await w.countyOperator.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline` });
    expect(timeline.json().items.map((e: { action: string }) => e.action)).toEqual([
      'submit', 'accept', 'whistle', 'acknowledge', 'acknowledge', 'return', 'resolve', 'dispatch', 'acknowledge', 'start',
      'overdue', 'escalate', 'dispatch', 'acknowledge', 'start', 'resolve', 'follow_up', 'reopen', 'resolve', 'follow_up', 'close',
    ]);
  });

  // What docs/metrics.md gives for this history, in March 2026:
  //  received 1 (2 Mar) · accepted 1 · rejected 0 · merged 0
  //  dispatched 3: the whistle (accepted → dispatched), the township's re-dispatch (returned →
  //    dispatched), the county's re-dispatch (escalated → dispatched)
  //  acknowledged 3 lead acknowledgements (the police co-unit's does not count), on time 2 (judicial
  //    10:05 ≤ 11:50, housing 14:40 ≤ 16:10; housing 18 Mar 09:15 > 17 Mar 14:30 is late)
  //  returned 1: the "not our responsibility" resolve (the police co-unit's return does not count)
  //  overdue 1, escalated 1 (17 Mar, by the sweep)
  //  resolved 1: the 18 Mar resolution was reopened, so it stopped counting on 18 Mar; the 20 Mar
  //    one stands, on time (fresh deadline after the reopening) → resolvedOnTime 1
  //  reopened 1 · followedUp 2 (both by phone) · satisfied 1 · unsatisfied 1 · closed 1
  //  responseRate = 2 / 3 · resolutionRate = 1 / (1 − 0 − 0) = 1 · satisfactionRate = (1 + 0) / 2
  //  onTimeRate = 1 / 1
  //  handling time of the standing resolution: 2 Mar 09:30 → 20 Mar 11:00 = 433.5 h, bucket
  //    [360, 720): median = 360 + 0.5 × 360 = 540 h, p90 = 360 + 0.9 × 360 = 684 h
  const expectedMarch = {
    received: 1, accepted: 1, rejected: 0, merged: 0, dispatched: 3, acknowledged: 3, acknowledgedOnTime: 2, returned: 1,
    overdue: 1, escalated: 1, resolved: 1, resolvedOnTime: 1, reopened: 1, followedUp: 2, satisfied: 1, basicallySatisfied: 0,
    unsatisfied: 1, closed: 1, responseRate: 2 / 3, resolutionRate: 1, satisfactionRate: 1 / 2, onTimeRate: 1,
    medianHandlingHours: 540, p90HandlingHours: 684,
  };

  const summary = (client: Client, query: string) => client.inject({ method: 'GET', url: `/api/v1/analytics/summary?${query}` });

  it.each([
    ['township', TOWNSHIP, 'operator'],
    ['county', COUNTY, 'countyOperator'],
    ['province', PROVINCE, 'provinceAnalyst'],
  ] as const)('the %s summary gives the numbers the definitions give', async (_name, region, who) => {
    const client = who === 'provinceAnalyst' ? provinceAnalyst : w[who];
    const res = await summary(client, `region=${region}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode, res.body).toBe(200);
    const totals = res.json().totals;
    for (const [measure, value] of Object.entries(expectedMarch)) {
      expect(totals.current[measure], measure).toBeCloseTo(value, 9);
    }
    // Nothing before: the previous period (29 Jan – 28 Feb) and March 2025 are empty.
    expect(totals.previous.received).toBe(0);
    expect(totals.previous.responseRate).toBeNull();
    expect(totals.change.vsPrevious.received).toEqual({ absolute: 1, relative: null });
    expect(totals.change.vsLastYear.satisfactionRate).toEqual({ absolute: null, relative: null });
  });

  it('takes the reopened resolution off the day it had been counted, and shows rates with nothing to divide by as null', async () => {
    // 18 March alone: the late resolution (+1, then −1 by the reopening), the late acknowledgement,
    // no dispatch that day.
    const day = (await summary(w.countyOperator, `region=${TOWNSHIP}&from=2026-03-18&to=2026-03-18`)).json().totals.current;
    expect([day.resolved, day.resolvedOnTime, day.acknowledged, day.acknowledgedOnTime, day.dispatched]).toEqual([0, 0, 1, 0, 0]);
    expect([day.responseRate, day.onTimeRate, day.medianHandlingHours]).toEqual([null, null, null]);
    // By day: 17 March holds the overdue flag, the escalation and the county's dispatch.
    const byDay = (await summary(w.countyOperator, `region=${COUNTY}&from=2026-03-16&to=2026-03-20&groupBy=day`)).json();
    const march17 = byDay.groups.find((g: { key: string }) => g.key === '2026-03-17').current;
    expect([march17.overdue, march17.escalated, march17.dispatched]).toEqual([1, 1, 1]);
    // The county's townships: this one carries the case, the neighbouring township has none.
    const byRegion = (await summary(w.countyOperator, `region=${COUNTY}&from=2026-03-01&to=2026-03-31&groupBy=region`)).json();
    const row = (code: string) => byRegion.groups.find((g: { key: string }) => g.key === code)?.current;
    expect([row(TOWNSHIP)?.received, row(TOWNSHIP)?.satisfactionRate, row(OTHER_TOWNSHIP)?.received]).toEqual([1, 0.5, 0]);
    // By channel: it came in on the hotline.
    const byChannel = (await summary(w.operator, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=channel`)).json();
    expect(byChannel.groups.map((g: { key: string; current: { resolved: number } }) => [g.key, g.current.resolved])).toEqual([['hotline', 1]]);
    // Scope: the township operator cannot read the county (404, as if it did not exist).
    expect((await summary(w.operator, `region=${COUNTY}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(404);
  });
});
