// The summary API on both databases, fed by rollup rows written straight into case_rollups (it must
// read nothing else): periods, comparisons, groupings, scope and every 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY, OTHER_TOWNSHIP, TOWNSHIP, VILLAGE } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, createUnit, signInAs } from '../../../test/factories.js';
import type { RollupMeasure } from '../../db/schema-cases.js';
import { levelOf } from '../regions/region-code.js';

const CITY = '620100000000';
const PROVINCE = '620000000000';
const SECOND_TOWNSHIP_IN_COUNTY = '620102002000';

describe.each(testDialects())('analytics summary on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let townshipOperator: Client;
  let countyHandler: Client;
  let volunteer: Client;

  async function addRollup(regionCode: string, day: string, measures: Partial<Record<RollupMeasure, number>>, slice: [string, string] = ['*', '*']) {
    await t.db
      .insertInto('case_rollups')
      .values({ region_code: regionCode, day, category_code: slice[0], channel: slice[1], region_level: levelOf(regionCode), ...measures })
      .execute();
  }

  const get = (client: Client, query: string) => client.inject({ method: 'GET', url: `/api/v1/analytics/summary?${query}` });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: PROVINCE }])).client;
    const township = await createUnit(t.db, { regionCode: TOWNSHIP });
    townshipOperator = (await signInAs(t.app, t.db, [{ role: 'center_operator', unitId: township.id }])).client;
    const dept = await createUnit(t.db, { regionCode: COUNTY, kind: 'department', departmentKind: 'housing', name: '测试住建局' });
    countyHandler = (await signInAs(t.app, t.db, [{ role: 'department_handler', unitId: dept.id }])).client;
    volunteer = (await signInAs(t.app, t.db, [{ role: 'volunteer', unitId: township.id }])).client;

    // March 2026 in the township: 10 received (1 rejected, 1 merged), 4 dispatched, 3 on-time lead acks,
    // 6 resolved (3 on time; 4 within 1 h, 2 within [4, 24) h), 5 reached follow-ups (2 + 1 satisfied).
    await addRollup(TOWNSHIP, '2026-03-02', { received: 6, rejected: 1, dispatched: 4, acknowledged: 4, ack_on_time: 3, resolved: 4, resolved_on_time: 3, h0: 4 });
    await addRollup(TOWNSHIP, '2026-03-31', { received: 4, merged: 1, resolved: 2, h2: 2, followed_up: 5, satisfied: 2, basically_satisfied: 1, unsatisfied: 2, closed: 3 });
    // Outside the period: 1 April must not count.
    await addRollup(TOWNSHIP, '2026-04-01', { received: 100 });
    // The previous period (29 Jan – 28 Feb) and March last year.
    await addRollup(TOWNSHIP, '2026-01-29', { received: 5 });
    await addRollup(TOWNSHIP, '2025-03-15', { received: 8, followed_up: 1, satisfied: 1 });
    // Slices of the same township.
    await addRollup(TOWNSHIP, '2026-03-02', { received: 6 }, ['02', '*']);
    await addRollup(TOWNSHIP, '2026-03-31', { received: 4 }, ['11', '*']);
    await addRollup(TOWNSHIP, '2026-03-02', { received: 10 }, ['*', 'hotline']);
    // The county's own totals and its township rows for groupBy=region.
    await addRollup(COUNTY, '2026-03-02', { received: 13 });
    await addRollup(SECOND_TOWNSHIP_IN_COUNTY, '2026-03-05', { received: 3 });
  });
  afterAll(async () => t.close());

  it('sums the days of the period and compares with the previous period and last year', async () => {
    const res = await get(townshipOperator, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.region).toEqual({ code: TOWNSHIP, name: expect.any(String), level: 3 });
    expect(body.periods).toEqual({
      current: { from: '2026-03-01', to: '2026-03-31' },
      previous: { from: '2026-01-29', to: '2026-02-28' },
      lastYear: { from: '2025-03-01', to: '2025-03-31' },
    });
    const c = body.totals.current;
    expect(c.received).toBe(10);
    expect(c.responseRate).toBe(3 / 4);
    expect(c.resolutionRate).toBe(6 / (10 - 1 - 1));
    expect(c.satisfactionRate).toBe((2 + 1) / 5);
    expect(c.onTimeRate).toBe(3 / 6);
    // 6 resolutions: 4 in [0,1) h and 2 in [4,24) h. Median rank 3 → 0 + 3/4 × 1 = 0.75 h;
    // p90 rank 5.4 → 1.4 into the 2 of [4,24) → 4 + 0.7 × 20 = 18 h.
    expect(c.medianHandlingHours).toBeCloseTo(0.75, 9);
    expect(c.p90HandlingHours).toBeCloseTo(18, 9);
    expect(body.totals.previous.received).toBe(5);
    expect(body.totals.previous.responseRate).toBeNull();
    expect(body.totals.lastYear.received).toBe(8);
    expect(body.totals.lastYear.satisfactionRate).toBe(1);
    expect(body.totals.change.vsPrevious.received).toEqual({ absolute: 5, relative: 1 });
    expect(body.totals.change.vsLastYear.received).toEqual({ absolute: 2, relative: 0.25 });
    expect(body.totals.change.vsPrevious.resolved).toEqual({ absolute: 6, relative: null });
    expect(body.totals.change.vsPrevious.responseRate).toEqual({ absolute: null, relative: null });
    expect(body.totals.change.vsLastYear.satisfactionRate.absolute).toBeCloseTo(0.6 - 1, 9);
    expect(body.groups).toEqual([]);
  });

  it('breaks down by category, channel, child region and day', async () => {
    const byCategory = (await get(admin, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=category`)).json();
    expect(byCategory.groups.map((g: { key: string; current: { received: number } }) => [g.key, g.current.received])).toEqual([['02', 6], ['11', 4]]);
    expect(byCategory.groups[0].label).toBe('邻里纠纷');
    const byChannel = (await get(admin, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=channel`)).json();
    expect(byChannel.groups.map((g: { key: string; current: { received: number } }) => [g.key, g.current.received])).toEqual([['hotline', 10]]);

    const byRegion = (await get(admin, `region=${COUNTY}&from=2026-03-01&to=2026-03-31&groupBy=region`)).json();
    expect(byRegion.totals.current.received).toBe(13);
    const rows = new Map(byRegion.groups.map((g: { key: string; current: { received: number } }) => [g.key, g.current.received]));
    expect(rows.get(TOWNSHIP)).toBe(10);
    expect(rows.get(SECOND_TOWNSHIP_IN_COUNTY)).toBe(3);
    // Every township of the county is listed, with or without cases.
    expect(rows.get(OTHER_TOWNSHIP)).toBeDefined();
    expect(byRegion.groups.length).toBeGreaterThan(10);
    expect(byRegion.groups.every((g: { key: string }) => g.key.startsWith('620102') && levelOf(g.key) === 3)).toBe(true);

    const byDay = (await get(admin, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=day`)).json();
    expect(byDay.groups).toHaveLength(31);
    expect(byDay.groups[0].key).toBe('2026-03-01');
    // Day 1 of March is compared with day 1 of the previous period (29 Jan) and 1 March 2025.
    expect(byDay.groups[0].previous.received).toBe(5);
    expect(byDay.groups[1].current.received).toBe(6);
    expect(byDay.groups[30].current.received).toBe(4);
    expect(byDay.groups[14].lastYear.received).toBe(8);
  });

  it('lets department staff read the regions of their scope and answers 404 outside it, like a missing region', async () => {
    expect((await get(countyHandler, `region=${COUNTY}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(200);
    expect((await get(countyHandler, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31`)).json().totals.current.received).toBe(10);
    const outside = await get(townshipOperator, `region=${COUNTY}&from=2026-03-01&to=2026-03-31`);
    expect(outside.statusCode).toBe(404);
    const missing = await get(admin, `region=629900000000&from=2026-03-01&to=2026-03-31`);
    expect(missing.statusCode).toBe(404);
    expect(outside.json().title).toBe(missing.json().title);
    expect((await get(admin, `region=${CITY}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(200);
    expect((await get(admin, `region=62&from=2026-03-01&to=2026-03-31`)).json().region.code).toBe(PROVINCE);
    expect((await get(volunteer, `region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/analytics/summary?region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31` })).statusCode).toBe(401);
  });

  it.each([
    ['region=6201020010&from=2026-03-01&to=2026-03-31', 'region'],
    [`region=${VILLAGE}&from=2026-03-01&to=2026-03-31`, 'region'],
    [`region=${TOWNSHIP}&from=2026-3-1&to=2026-03-31`, 'from'],
    [`region=${TOWNSHIP}&from=2026-02-30&to=2026-03-31`, 'from'],
    [`region=${TOWNSHIP}&from=2026-03-01&to=2026-02-31`, 'to'],
    [`region=${TOWNSHIP}&from=2026-03-02&to=2026-03-01`, 'to'],
    [`region=${TOWNSHIP}&from=2023-03-01&to=2026-03-01`, 'to'],
    [`region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=region`, 'groupBy'],
    [`region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&groupBy=week`, 'groupBy'],
    [`region=${TOWNSHIP}&to=2026-03-31`, 'from'],
    [`region=${TOWNSHIP}&from=2026-03-01&to=2026-03-31&extra=1`, 'extra'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await get(admin, query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('accepts a period of exactly three years', async () => {
    const res = await get(admin, `region=${TOWNSHIP}&from=2023-03-02&to=2026-03-01`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals.current.received).toBe(5 + 8);
  });
});
