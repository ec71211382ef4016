// The SLA sweep on a real database, with time driven explicitly: each sweep is told what `now` is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaseWorld, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { signInAs } from '../../../test/factories.js';
import { caseRow, countEvents, dispatchedCase, eventsOf, minutes, must } from '../../../test/sla-fixtures.js';
import { rollupDay } from '../analytics/rollup-deltas.js';
import { addWorkingMinutes } from './business-calendar.js';
import { loadSlaRules } from './sla.service.js';
import { OVERDUE_SUPERVISION_WORKING_DAYS, sweepDeadlines } from './sla.sweep.js';

const NOTHING = { reminded: 0, overdue: 0, escalated: 0, skipped: 0, failed: 0 };

describe.each(testDialects())('SLA sweep on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  // A fresh database per test: a sweep looks at every case, so the summaries below are exact.
  beforeEach(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
  });
  afterEach(async () => t.close());

  const sweep = (now: Date) => sweepDeadlines(t.app.ctx, now);
  const calendar = async () => (await loadSlaRules(t.db)).calendar;

  it('reminds the unit once when 80% of the acknowledge time has passed, not before', async () => {
    const c = await dispatchedCase(w, t.db);
    const cal = await calendar();
    // Category 02, normal priority: 120 working minutes to acknowledge; the reminder comes at 96.
    expect(addWorkingMinutes(cal, c.dispatchedAt, 120)).toEqual(c.ackDueAt);
    expect(await sweep(addWorkingMinutes(cal, c.dispatchedAt, 95))).toEqual(NOTHING);
    expect((await caseRow(t.db, c.id)).reminded_ack).toBe(0);

    const at80 = addWorkingMinutes(cal, c.dispatchedAt, 96);
    expect(await sweep(at80)).toEqual({ ...NOTHING, reminded: 1 });
    const remind = (await eventsOf(t.db, c.id)).at(-1);
    expect(remind).toMatchObject({ action: 'remind', actor_label: 'system:sla-sweep', is_public: 0, to_status: 'dispatched' });
    expect(JSON.parse(remind?.payload ?? '{}')).toEqual({ clock: 'ack', dueAt: c.ackDueAt.toISOString() });
    expect((await caseRow(t.db, c.id)).reminded_ack).toBe(1);
    const outbox = await t.db.selectFrom('outbox').selectAll().where('case_id', '=', c.id).where('topic', '=', 'case.remind').execute();
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]?.payload ?? '{}').unitIds).toEqual([w.judicial.id]);

    // Still before the deadline: nothing more to say.
    expect(await sweep(addWorkingMinutes(cal, c.dispatchedAt, 110))).toEqual(NOTHING);
    expect(await countEvents(t.db, c.id, 'remind')).toBe(1);
  });

  it('flags a lapsed acknowledgement, then escalates a lapsed resolution to the county centre with a supervision, once', async () => {
    const c = await dispatchedCase(w, t.db);
    const cal = await calendar();

    const afterAck = new Date(c.ackDueAt.getTime() + minutes(1));
    expect(await sweep(afterAck)).toEqual({ ...NOTHING, overdue: 1 });
    const ackFlag = (await eventsOf(t.db, c.id)).at(-1);
    expect(ackFlag?.action).toBe('overdue');
    expect(JSON.parse(ackFlag?.payload ?? '{}')).toMatchObject({ clock: 'ack' });
    expect(await caseRow(t.db, c.id)).toMatchObject({ overdue_ack: 1, overdue_resolve: 0, status: 'dispatched' });

    const now = new Date(c.resolveDueAt.getTime() + minutes(1));
    expect(await sweep(now)).toEqual({ ...NOTHING, overdue: 1, escalated: 1 });
    const row = await caseRow(t.db, c.id);
    expect(row).toMatchObject({ status: 'escalated', owner_unit_id: w.countyCenterId, overdue_resolve: 1, escalation_count: 1 });
    const events = await eventsOf(t.db, c.id);
    const [overdue, escalate] = events.slice(-2);
    expect(overdue?.action).toBe('overdue');
    expect(JSON.parse(overdue?.payload ?? '{}')).toEqual({ clock: 'resolve', dueAt: c.resolveDueAt.toISOString() });
    expect(escalate).toMatchObject({ action: 'escalate', from_status: 'dispatched', to_status: 'escalated', actor_label: 'system:sla-sweep', is_public: 1 });
    const county = await t.db.selectFrom('units').select('name').where('id', '=', w.countyCenterId).executeTakeFirstOrThrow();
    expect(JSON.parse(escalate?.payload ?? '{}')).toEqual({ fromUnitId: w.townshipCenterId, toUnitId: w.countyCenterId, toUnitName: county.name, reason: 'overdue' });

    const supervisions = await t.db.selectFrom('supervisions').selectAll().where('case_id', '=', c.id).execute();
    expect(supervisions).toHaveLength(1);
    expect(supervisions[0]).toMatchObject({ kind: 'overdue', status: 'open', supervisor_unit_id: w.countyCenterId, opened_by_label: 'system:sla-sweep' });
    expect(supervisions[0]?.due_at).toBe(addWorkingMinutes(cal, now, OVERDUE_SUPERVISION_WORKING_DAYS * 420).toISOString());

    // The province's counters see one lapse and one escalation on that day.
    const rollup = await t.db
      .selectFrom('case_rollups')
      .select(['overdue', 'escalated'])
      .where('region_code', '=', '620000000000')
      .where('day', '=', rollupDay(now.toISOString()))
      .where('category_code', '=', '*')
      .where('channel', '=', '*')
      .executeTakeFirstOrThrow();
    expect(rollup).toEqual({ overdue: 1, escalated: 1 });

    // A second sweep, then and later, changes nothing.
    const count = events.length;
    expect(await sweep(now)).toEqual(NOTHING);
    expect(await sweep(new Date(now.getTime() + minutes(60 * 24)))).toEqual(NOTHING);
    expect((await eventsOf(t.db, c.id)).length).toBe(count);
    expect(await t.db.selectFrom('supervisions').select('id').where('case_id', '=', c.id).execute()).toHaveLength(1);

    // The county re-dispatches: a fresh acknowledge clock, but the lapsed resolve deadline is the
    // same one, so it is not flagged and escalated to the city again.
    await must(w.countyOperator, c.id, 'dispatch', { leadUnitId: w.housing.id });
    const later = new Date(now.getTime() + minutes(60 * 24 * 3));
    expect(await sweep(later)).toEqual({ ...NOTHING, overdue: 1 });
    expect(JSON.parse((await eventsOf(t.db, c.id)).at(-1)?.payload ?? '{}')).toMatchObject({ clock: 'ack' });
    expect(await caseRow(t.db, c.id)).toMatchObject({ owner_unit_id: w.countyCenterId, escalation_count: 1, overdue_resolve: 1 });
  });

  it('never lets the clocks of a case on hold run out', async () => {
    const c = await dispatchedCase(w, t.db);
    await must(w.judicial.client, c.id, 'acknowledge');
    await must(w.judicial.client, c.id, 'hold', { reason: '等待鉴定结果' });
    const cal = await calendar();
    for (const now of [addWorkingMinutes(cal, c.dispatchedAt, 4000), new Date(c.resolveDueAt.getTime() + minutes(1)), new Date(c.resolveDueAt.getTime() + minutes(60 * 24 * 90))]) {
      expect(await sweep(now)).toEqual(NOTHING);
    }
    expect(await caseRow(t.db, c.id)).toMatchObject({ status: 'on_hold', overdue_resolve: 0, reminded_resolve: 0, escalation_count: 0 });
    expect(await countEvents(t.db, c.id, 'overdue')).toBe(0);
  });

  it('measures an urgent (wall-clock) case in plain minutes', async () => {
    const c = await dispatchedCase(w, t.db, { priority: 'urgent' });
    expect(c.wallClock).toBe(true);
    // Default urgent policy: 30 minutes to acknowledge, a reminder with 6 or fewer left.
    expect(await sweep(new Date(c.ackDueAt.getTime() - minutes(7)))).toEqual(NOTHING);
    expect(await sweep(new Date(c.ackDueAt.getTime() - minutes(6)))).toEqual({ ...NOTHING, reminded: 1 });
  });

  it('flags but does not escalate a case already at the province centre', async () => {
    const c = await dispatchedCase(w, t.db);
    const city = await t.db.selectFrom('units').select('id').where('kind', '=', 'center').where('region_code', '=', '620100000000').executeTakeFirstOrThrow();
    const province = await t.db.selectFrom('units').select('id').where('kind', '=', 'center').where('region_code', '=', '620000000000').executeTakeFirstOrThrow();
    const cityOperator = (await signInAs(t.app, t.db, [{ role: 'center_operator', unitId: city.id }])).client;
    const provinceOperator = (await signInAs(t.app, t.db, [{ role: 'center_operator', unitId: province.id }])).client;
    await must(w.operator, c.id, 'escalate', { reason: '需要上级协调' });
    await must(w.countyOperator, c.id, 'escalate', { reason: '需要上级协调' });
    await must(cityOperator, c.id, 'escalate', { reason: '需要上级协调' });
    await must(provinceOperator, c.id, 'dispatch', { leadUnitId: w.judicial.id });

    const now = new Date(c.resolveDueAt.getTime() + minutes(1));
    const summary = await sweep(now);
    expect(summary).toMatchObject({ overdue: 2, escalated: 0, failed: 0 });
    expect(await caseRow(t.db, c.id)).toMatchObject({ owner_unit_id: province.id, status: 'dispatched', overdue_resolve: 1, escalation_count: 3 });
    const supervision = await t.db.selectFrom('supervisions').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(supervision).toMatchObject({ kind: 'overdue', supervisor_unit_id: province.id });
  });
});
