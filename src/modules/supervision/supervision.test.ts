// Supervision records: the scoped lists (API) and the reminders of listed supervision (挂牌督办),
// with the sweep's time driven explicitly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, createCaseWorld } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import { dispatchedCase, minutes, must } from '../../../test/sla-fixtures.js';
import * as casesRepo from '../cases/cases.repository.js';
import { sweepDeadlines } from '../sla/sla.sweep.js';
import { reminderReasons, remindListedSupervisions } from './supervision.reminders.js';

const DAY = 24 * 60;

describe('listed supervision reminder rule', () => {
  const opened = '2026-03-02T02:00:00.000Z';
  const at = (m: number) => new Date(Date.parse(opened) + minutes(m));
  const base = { dueAt: new Date(Date.parse(opened) + minutes(10 * DAY)).toISOString(), reportEveryDays: 2, openedAt: opened, lastReportAt: null, lastRemindedAt: null };

  it('asks for a report once a period has passed without one, and says why', () => {
    expect(reminderReasons(base, at(2 * DAY - 1))).toEqual([]);
    expect(reminderReasons(base, at(2 * DAY))).toEqual(['report_missing']);
    expect(reminderReasons({ ...base, lastReportAt: at(1 * DAY).toISOString() }, at(2 * DAY + 5))).toEqual([]);
    expect(reminderReasons(base, at(10 * DAY + 1))).toEqual(['past_due', 'report_missing']);
    expect(reminderReasons({ ...base, reportEveryDays: null }, at(10 * DAY + 1))).toEqual(['past_due']);
    expect(reminderReasons({ ...base, reportEveryDays: null }, at(9 * DAY))).toEqual([]);
  });

  it('reminds at most once per period', () => {
    const reminded = { ...base, lastRemindedAt: at(2 * DAY).toISOString() };
    expect(reminderReasons(reminded, at(4 * DAY - 1))).toEqual([]);
    expect(reminderReasons(reminded, at(4 * DAY))).toEqual(['report_missing']);
    const pastDue = { ...base, reportEveryDays: null, lastRemindedAt: at(11 * DAY).toISOString() };
    expect(reminderReasons(pastDue, at(12 * DAY - 1))).toEqual([]);
    expect(reminderReasons(pastDue, at(12 * DAY))).toEqual(['past_due']);
  });
});

describe.each(testDialects())('supervision on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let listedCaseId: number;
  let overdueCaseId: number;
  let openedAt: Date;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    // One case the sweep escalated for a lapsed resolve deadline.
    const lapsed = await dispatchedCase(w, t.db);
    overdueCaseId = lapsed.id;
    await sweepDeadlines(t.app.ctx, new Date(lapsed.resolveDueAt.getTime() + minutes(1)));
    // One case under listed supervision by the county's supervisor, reporting every 2 days.
    const listed = await dispatchedCase(w, t.db);
    listedCaseId = listed.id;
    await must(w.judicial.client, listed.id, 'acknowledge');
    const dueAt = new Date(Date.now() + minutes(10 * DAY)).toISOString();
    await must(w.supervisor, listed.id, 'supervise', { reason: '群众反映强烈，挂牌督办', dueAt, reportEveryDays: 2 });
    await must(w.judicial.client, listed.id, 'report_progress', { text: '已约谈双方当事人' });
    const row = await t.db.selectFrom('supervisions').select('opened_at').where('case_id', '=', listed.id).executeTakeFirstOrThrow();
    openedAt = new Date(row.opened_at);
  });
  afterAll(async () => t.close());

  type Item = { caseId: number; kind: string; status: string; supervisorUnitId: number | null; reports?: Array<{ text: string; author: string }> };
  const list = async (client: typeof w.supervisor, query = '') => {
    const r = await client.inject({ method: 'GET', url: `/api/v1/supervisions${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Item[]; nextCursor: number | null };
  };

  it('lists the supervisions of the cases the caller may see, filtered by status, kind and region', async () => {
    const all = await list(w.supervisor);
    expect(all.items.map((i) => [i.caseId, i.kind])).toEqual([
      [listedCaseId, 'listed'],
      [overdueCaseId, 'overdue'],
    ]);
    expect(all.items[1]).toMatchObject({ status: 'open', supervisorUnitId: w.countyCenterId, caseStatus: 'escalated', openedBy: 'system:sla-sweep' });
    expect((await list(w.supervisor, '?kind=listed')).items.map((i) => i.caseId)).toEqual([listedCaseId]);
    expect((await list(w.supervisor, '?status=closed')).items).toEqual([]);
    expect((await list(w.supervisor, '?region=620102')).items).toHaveLength(2);
    expect((await list(w.supervisor, '?region=620103')).items).toEqual([]);
    const page = await list(w.supervisor, '?limit=1');
    expect(page.items).toHaveLength(1);
    expect((await list(w.supervisor, `?limit=1&cursor=${page.nextCursor}`)).items.map((i) => i.caseId)).toEqual([overdueCaseId]);
    // Another township's operator sees none of it; a department sees the cases it handles.
    expect((await list(w.outsider)).items).toEqual([]);
    expect((await list(w.judicial.client)).items.map((i) => i.caseId).sort()).toEqual([listedCaseId, overdueCaseId].sort());
    expect((await list(w.housing.client)).items).toEqual([]);
  });

  it('answers bad filters with 400 naming the field', async () => {
    for (const [query, field] of [['?kind=urgent', 'kind'], ['?region=62x', 'region'], ['?limit=0', 'limit'], ['?colour=red', 'colour']] as const) {
      const r = await w.supervisor.inject({ method: 'GET', url: `/api/v1/supervisions${query}` });
      expect(r.statusCode, query).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });

  it("shows a case's supervisions with their progress reports, and hides other people's cases", async () => {
    const r = await w.operator.inject({ method: 'GET', url: `/api/v1/cases/${listedCaseId}/supervisions` });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as Item[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'listed', reportEveryDays: 2 });
    expect(items[0]?.reports?.map((p) => p.text)).toEqual(['已约谈双方当事人']);
    expect((await w.outsider.inject({ method: 'GET', url: `/api/v1/cases/${listedCaseId}/supervisions` })).statusCode).toBe(404);
    expect((await w.operator.inject({ method: 'GET', url: '/api/v1/cases/999999/supervisions' })).statusCode).toBe(404);
  });

  it('reminds about a listed supervision once per period when reports stop, and when it is past due', async () => {
    const reminders = () => t.db.selectFrom('outbox').selectAll().where('topic', '=', 'supervision.reminder').where('case_id', '=', listedCaseId).orderBy('id').execute();
    // Reported just now: nothing is missing for two days.
    expect(await remindListedSupervisions(t.app.ctx, new Date(openedAt.getTime() + minutes(DAY)))).toBe(0);
    const twoDaysOn = new Date(openedAt.getTime() + minutes(2 * DAY + 10));
    expect(await remindListedSupervisions(t.app.ctx, twoDaysOn)).toBe(1);
    const [first] = await reminders();
    expect(JSON.parse(first?.payload ?? '{}')).toMatchObject({ caseId: listedCaseId, kind: 'listed', reasons: ['report_missing'], unitIds: [w.judicial.id, w.townshipCenterId] });
    // Twice at once, and again within the period: still one reminder.
    const counts = await Promise.all([remindListedSupervisions(t.app.ctx, twoDaysOn), remindListedSupervisions(t.app.ctx, new Date(twoDaysOn.getTime() + minutes(60)))]);
    expect(counts).toEqual([0, 0]);
    expect(await reminders()).toHaveLength(1);

    // A report (written here at a chosen time) starts a new period.
    const supervision = await t.db.selectFrom('supervisions').select('id').where('case_id', '=', listedCaseId).executeTakeFirstOrThrow();
    await casesRepo.insertSupervisionReport(t.db, { supervisionId: supervision.id, author: 'test', at: new Date(openedAt.getTime() + minutes(3 * DAY)).toISOString(), text: '已现场调解' });
    expect(await remindListedSupervisions(t.app.ctx, new Date(openedAt.getTime() + minutes(4 * DAY + 20)))).toBe(0);
    expect(await remindListedSupervisions(t.app.ctx, new Date(openedAt.getTime() + minutes(5 * DAY + 1)))).toBe(1);

    // Past due (day 10): the reminder says so.
    expect(await remindListedSupervisions(t.app.ctx, new Date(openedAt.getTime() + minutes(10 * DAY + 60)))).toBe(1);
    expect(JSON.parse((await reminders()).at(-1)?.payload ?? '{}').reasons).toEqual(['past_due', 'report_missing']);
    const row = await t.db.selectFrom('supervisions').select('last_reminded_at').where('id', '=', supervision.id).executeTakeFirstOrThrow();
    expect(row.last_reminded_at).toBe(new Date(openedAt.getTime() + minutes(10 * DAY + 60)).toISOString());

    // Once the case is resolved nobody is chased for it any more.
    await must(w.judicial.client, listedCaseId, 'resolve', { result: 'mediated_agreement', resultText: '双方达成调解协议' });
    expect(await remindListedSupervisions(t.app.ctx, new Date(openedAt.getTime() + minutes(20 * DAY)))).toBe(0);
  });
});
