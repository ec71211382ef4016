// The calendar and SLA policy admin API: validation naming the field, all-or-nothing writes, audit
// rows, and deadlines that follow an edit at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { type Client, signInAs } from '../../../test/factories.js';
import { computeDeadlines } from './sla.service.js';

const shipped2026 = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../data/calendar/2026.json'), 'utf8')) as {
  year: number;
  source: string;
  days: Record<string, { kind: string; note?: string }>;
};

/** An instant given as local (UTC+8) wall time. */
const local = (text: string) => new Date(`${text}+08:00`);

describe.each(testDialects())('calendar and policy admin on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let operator: Client;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await signInAs(t.app, t.db, [{ role: 'admin', regionCode: '620000000000' }])).client;
    operator = (await signInAs(t.app, t.db, [{ role: 'center_operator', regionCode: '620102001000' }])).client;
  });
  afterAll(async () => t.close());

  const put = (client: Client, url: string, payload: unknown) => client.inject({ method: 'PUT', url, payload: payload as Record<string, unknown> });
  const fields = (body: string) => (JSON.parse(body) as { errors?: Array<{ field: string }> }).errors?.map((e) => e.field) ?? [];
  const auditCount = async (action: string) => (await t.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

  it('serves the seeded year in the shipped file format, to admins only', async () => {
    const r = await admin.inject({ method: 'GET', url: '/api/v1/calendar/2026' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().year).toBe(2026);
    expect(r.json().days).toEqual(shipped2026.days);
    expect((await operator.inject({ method: 'GET', url: '/api/v1/calendar/2026' })).statusCode).toBe(403);
    expect((await put(operator, '/api/v1/calendar/2026', shipped2026)).statusCode).toBe(403);
    const empty = await admin.inject({ method: 'GET', url: '/api/v1/calendar/2031' });
    expect(empty.json()).toEqual({ year: 2031, days: {} });
  });

  it('rejects a bad date, a date of another year and a mismatched year, naming each, and writes nothing', async () => {
    const before = (await admin.inject({ method: 'GET', url: '/api/v1/calendar/2026' })).json();
    const bad = await put(admin, '/api/v1/calendar/2026', {
      year: 2026,
      days: { '2026-02-30': { kind: 'holiday' }, '2027-01-01': { kind: 'holiday' }, '2026-13-01': { kind: 'workday' }, 'next friday': { kind: 'holiday' }, '2026-03-06': { kind: 'holiday' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(fields(bad.body).sort()).toEqual(['days.2026-02-30', 'days.2026-13-01', 'days.2027-01-01', 'days.next friday']);
    const mismatch = await put(admin, '/api/v1/calendar/2026', { year: 2027, days: {} });
    expect(mismatch.statusCode).toBe(400);
    expect(fields(mismatch.body)).toEqual(['year']);
    const badKind = await put(admin, '/api/v1/calendar/2026', { year: 2026, days: { '2026-03-06': { kind: 'vacation' } } });
    expect(badKind.statusCode).toBe(400);
    expect(fields(badKind.body)[0]).toMatch(/^days\.2026-03-06/);
    const unknownField = await put(admin, '/api/v1/calendar/2026', { year: 2026, days: {}, region: '62' });
    expect(fields(unknownField.body)).toEqual(['region']);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/calendar/2026' })).json()).toEqual(before);
  });

  it('replaces a year in one go, audited, and deadlines follow at once', async () => {
    // Friday 2026-03-06 17:00 + 120 working minutes: Monday 10:00 on the shipped calendar.
    const from = local('2026-03-06T17:00:00');
    const ackDueOf = async () => (await computeDeadlines(t.db, '0201', 'normal', from)).ackDueAt;
    expect(await ackDueOf()).toBe(local('2026-03-09T10:00:00').toISOString());
    const audits = await auditCount('calendar.year_replaced');
    const days = { ...shipped2026.days, '2026-03-09': { kind: 'holiday', note: '测试假日' } };
    const r = await put(admin, '/api/v1/calendar/2026', { year: 2026, source: 'test', days });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ year: 2026, source: 'test', days });
    expect(await auditCount('calendar.year_replaced')).toBe(audits + 1);
    expect(await ackDueOf()).toBe(local('2026-03-10T10:00:00').toISOString());
    // Back to the shipped file: the PUT body format is the file format.
    expect((await put(admin, '/api/v1/calendar/2026', shipped2026)).statusCode).toBe(200);
    expect(await ackDueOf()).toBe(local('2026-03-09T10:00:00').toISOString());
  });

  it('validates working hours: overlapping, reversed or no periods, and bad times', async () => {
    const overlap = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [['14:00', '18:00'], ['09:00', '12:00'], ['11:30', '13:00']] });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors).toEqual([{ field: 'periods.2', message: 'overlaps periods.1' }]);
    const reversed = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [['12:00', '09:00']] });
    expect(fields(reversed.body)).toEqual(['periods.0']);
    const none = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [] });
    expect(none.statusCode).toBe(400);
    expect(fields(none.body)).toEqual(['periods']);
    const badTime = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [['9:00', '12:75']] });
    expect(badTime.statusCode).toBe(400);
    expect(fields(badTime.body)[0]).toMatch(/^periods\.0\.[01]$/);
    const badOffset = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 9999, periods: [['09:00', '12:00']] });
    expect(fields(badOffset.body)).toEqual(['offsetMinutes']);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/calendar/work-hours' })).json()).toEqual({ offsetMinutes: 480, periods: [['09:00', '12:00'], ['14:00', '18:00']] });
  });

  it('sets working hours (touching periods are fine), audited, and deadlines follow', async () => {
    const audits = await auditCount('calendar.work_hours_changed');
    const r = await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [['13:00', '17:00'], ['08:00', '13:00']] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().periods).toEqual([['08:00', '13:00'], ['13:00', '17:00']]);
    expect(await auditCount('calendar.work_hours_changed')).toBe(audits + 1);
    // Friday 16:00 + 120 working minutes: 60 on Friday, 60 on Monday from 08:00.
    expect((await computeDeadlines(t.db, '0201', 'normal', local('2026-03-06T16:00:00'))).ackDueAt).toBe(local('2026-03-09T09:00:00').toISOString());
    expect((await put(admin, '/api/v1/calendar/work-hours', { offsetMinutes: 480, periods: [['09:00', '12:00'], ['14:00', '18:00']] })).statusCode).toBe(200);
  });

  it('upserts one policy per category and priority, validated and audited', async () => {
    const list = await admin.inject({ method: 'GET', url: '/api/v1/sla-policies' });
    expect(list.statusCode).toBe(200);
    const count = list.json().items.length;
    expect(list.json().items).toContainEqual(expect.objectContaining({ categoryCode: '02', priority: 'normal', ackMinutes: 120, resolveMinutes: 4200, wallClock: false }));

    const created = await put(admin, '/api/v1/sla-policies', { categoryCode: '0201', priority: 'normal', ackMinutes: 60, resolveMinutes: 840, wallClock: false });
    expect(created.statusCode, created.body).toBe(200);
    const updated = await put(admin, '/api/v1/sla-policies', { categoryCode: '0201', priority: 'normal', ackMinutes: 30, resolveMinutes: 840, wallClock: true });
    expect(updated.json()).toMatchObject({ id: created.json().id, ackMinutes: 30, wallClock: true });
    const defaults = await put(admin, '/api/v1/sla-policies', { categoryCode: null, priority: 'low', ackMinutes: 480, resolveMinutes: 4200, wallClock: false });
    expect(defaults.statusCode, defaults.body).toBe(200);
    const again = await put(admin, '/api/v1/sla-policies', { categoryCode: null, priority: 'low', ackMinutes: 420, resolveMinutes: 4200, wallClock: false });
    expect(again.json().id).toBe(defaults.json().id);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/sla-policies' })).json().items).toHaveLength(count + 1);
    expect(await auditCount('sla_policy.upserted')).toBe(4);

    const from = local('2026-03-06T10:00:00');
    expect(await computeDeadlines(t.db, '0201', 'normal', from)).toMatchObject({ wallClock: true, ackDueAt: local('2026-03-06T10:30:00').toISOString() });

    const unknown = await put(admin, '/api/v1/sla-policies', { categoryCode: '9999', priority: 'normal', ackMinutes: 60, resolveMinutes: 600, wallClock: false });
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown.body)).toEqual(['categoryCode']);
    const shorter = await put(admin, '/api/v1/sla-policies', { categoryCode: '02', priority: 'normal', ackMinutes: 600, resolveMinutes: 60, wallClock: false });
    expect(fields(shorter.body)).toEqual(['resolveMinutes']);
    const badPriority = await put(admin, '/api/v1/sla-policies', { categoryCode: '02', priority: 'asap', ackMinutes: 60, resolveMinutes: 600, wallClock: false });
    expect(fields(badPriority.body)).toEqual(['priority']);
    const missing = await put(admin, '/api/v1/sla-policies', { categoryCode: '02', priority: 'normal', ackMinutes: 60, resolveMinutes: 600 });
    expect(fields(missing.body)).toEqual(['wallClock']);
    expect(await auditCount('sla_policy.upserted')).toBe(4);
  });
});
