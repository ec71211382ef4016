// Property-based tests of the case core, through the HTTP API on both databases. fast-check makes
// random sequences of action attempts (which action, by whom, with which body, at which time) on a
// few cases of the case world; after each sequence the stored history must satisfy:
//  (a) every stored event is a transition the workflow table allows, and a refused attempt is a
//      4xx (400/403/404/409) that wrote nothing, never a 500;
//  (b) the stored projection (cases row + case_units) equals replay() of the stored events;
//  (c) the case_rollups counters equal a recount from case_events made here, from the wording of
//      docs/metrics.md (not with rollupDeltas);
//  (d) no clock runs while a case is on hold: for every hold → resume, the time left on the running
//      deadlines when the hold began equals the time left when it ended.
// Time is a fake clock (only Date is faked) that jumps between attempts, so deadlines lapse, days
// change and holds span nights and weekends; the SLA sweep runs now and then at the fake "now".
import fc from 'fast-check';
import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CaseWorld, VILLAGE, createCaseWorld, disputeBody } from '../../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../../test/context.js';
import type { Client } from '../../../test/factories.js';
import { runSlaSweep } from '../../jobs/sla-sweep.job.js';
import { ROLLUP_MEASURES, type CaseUnitsTable, type CasesTable } from '../../db/schema-cases.js';
import { HANDLING_BUCKETS_HOURS } from '../analytics/rollup-deltas.js';
import { type BusinessCalendar, minutesBetween } from '../sla/business-calendar.js';
import { loadCalendar } from '../sla/sla.service.js';
import { type CaseEvent, type CaseProjection, replay } from './case-reducer.js';
import { type CaseAction, type CaseStatus, caseActions, transitions } from './workflow.js';

const START = Date.parse('2026-03-02T01:30:00.000Z'); // a Monday, 09:30 in Beijing
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';
const HOUR = 3_600_000;
const MISSING_ID = 999_999;
const REFUSALS = [400, 403, 404, 409];
/** Guided picks prefer actions that move a case along its life; side actions and endings come last. */
const PREFERENCE: readonly CaseAction[] = [
  'accept', 'whistle', 'dispatch', 'acknowledge', 'start', 'hold', 'resume', 'resolve', 'reopen', 'close', 'follow_up', 'decide_extension',
  'request_extension', 'add_note', 'report_progress', 'supervise', 'return', 'transfer', 'escalate', 'merge', 'reject',
];

type ActorName = 'operator' | 'lead' | 'co' | 'outsider' | 'supervisor' | 'countyOperator';
const actorNames: ActorName[] = ['operator', 'lead', 'co', 'outsider', 'supervisor', 'countyOperator'];

interface Step {
  caseIndex: number;
  actor: ActorName;
  /** Take the pick-th action the actor may take now (GET /actions); else attempt `action` blindly. */
  guided: boolean;
  pick: number;
  action: CaseAction | 'sweep';
  variant: number;
  stale: boolean;
  advanceMs: number;
}

interface CaseSpec {
  kind: 'dispute' | 'request' | 'hazard';
  priority: 'low' | 'normal' | 'high' | 'urgent';
}

/** Time between attempts: mostly none or minutes, sometimes hours, now and then days (deadlines lapse). */
const advanceArb = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(0) },
      { weight: 6, arbitrary: fc.constantFrom(60_000, 20 * 60_000, 2 * HOUR) },
      { weight: 2, arbitrary: fc.constantFrom(9 * HOUR, 24 * HOUR) },
      { weight: 1, arbitrary: fc.constant(3 * 24 * HOUR) },
    ),
    fc.integer({ min: 0, max: 59_999 }),
  )
  .map(([base, jitter]) => (base === 0 ? 0 : base + jitter));

const stepArb: fc.Arbitrary<Step> = fc.record({
  caseIndex: fc.nat(2),
  actor: fc.constantFrom(...actorNames),
  guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  pick: fc.oneof({ weight: 6, arbitrary: fc.nat(1) }, { weight: 3, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(20) }),
  action: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...caseActions) }, { weight: 1, arbitrary: fc.constant('sweep' as const) }),
  variant: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(5) }),
  stale: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  advanceMs: advanceArb,
});

const scenarioArb = fc.record({
  cases: fc.array(fc.record({ kind: fc.constantFrom('dispute', 'request', 'hazard'), priority: fc.constantFrom('low', 'normal', 'high', 'urgent') }) as fc.Arbitrary<CaseSpec>, { minLength: 2, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 10, maxLength: 60, size: 'max' }),
});

/** One hand-written sequence, run first: the whole life of a case with holds, a sweep and a reopening. */
const step = (caseIndex: number, actor: ActorName, action: Step['action'], variant = 0, advanceMs = 0): Step => ({ caseIndex, actor, guided: false, pick: 0, action, variant, stale: false, advanceMs });
const lifeOfACase = {
  cases: [{ kind: 'dispute', priority: 'normal' }, { kind: 'request', priority: 'urgent' }] as CaseSpec[],
  steps: [
    step(0, 'operator', 'accept'), step(0, 'operator', 'whistle'), step(0, 'co', 'acknowledge'), step(0, 'lead', 'acknowledge', 0, 20 * 60_000),
    step(0, 'lead', 'start'), step(0, 'lead', 'hold', 0, 2 * HOUR + 1234), step(0, 'lead', 'resume', 0, 3 * 24 * HOUR + 5678), step(0, 'co', 'return'),
    step(0, 'lead', 'resolve', 0, 9 * HOUR), step(0, 'operator', 'follow_up', 1, 24 * HOUR), step(0, 'operator', 'reopen'), step(0, 'lead', 'hold'),
    step(0, 'operator', 'sweep', 0, 30 * 24 * HOUR), step(0, 'lead', 'resume', 0, HOUR), step(0, 'lead', 'resolve'), step(0, 'operator', 'follow_up'),
    step(0, 'operator', 'close'),
    step(1, 'operator', 'accept'), step(1, 'operator', 'dispatch'), step(1, 'lead', 'acknowledge', 0, 7 * 60_000), step(1, 'lead', 'hold', 0, 3 * HOUR + 17),
    step(1, 'lead', 'resume', 0, 5 * HOUR + 999), step(1, 'operator', 'sweep', 0, 2 * 24 * HOUR), step(1, 'countyOperator', 'dispatch', 1),
  ],
};

/** A co-unit named lead after the lead returned the case (once left without a lead row: stuck). */
const coUnitBecomesLead = {
  cases: [{ kind: 'dispute', priority: 'normal' }, { kind: 'dispute', priority: 'high' }] as CaseSpec[],
  steps: [
    step(0, 'operator', 'accept'), step(0, 'operator', 'whistle'), step(0, 'co', 'acknowledge'), step(0, 'lead', 'return'),
    step(0, 'operator', 'dispatch', 2), step(0, 'lead', 'acknowledge', 0, 60_000), step(0, 'lead', 'start'),
    step(1, 'operator', 'accept'), step(1, 'operator', 'whistle'), step(1, 'operator', 'transfer', 0), step(1, 'operator', 'whistle', 2),
  ],
};

function intakeBody(spec: CaseSpec, n: number): Record<string, unknown> {
  const place = { regionCode: VILLAGE, priority: spec.priority, title: `测试事项${n}`, description: `随机生成的第${n}个事项，用于工作流性质测试。` };
  if (spec.kind === 'dispute') return { ...disputeBody, ...place };
  if (spec.kind === 'request') return { ...place, kind: 'request', channel: 'online', categoryCode: '1101' };
  return { ...place, kind: 'hazard', channel: 'grid_report', categoryCode: '1201' };
}

interface BodyContext {
  self: number;
  other: number;
  judicial: number;
  police: number;
  housing: number;
  extensionId: number;
  now: number;
}

/** Small pools of bodies per action; the first is the usual valid one, later ones are odd or invalid. */
function bodyFor(action: CaseAction, variant: number, c: BodyContext): Record<string, unknown> {
  const reason = '需要进一步核实';
  const pools: Record<CaseAction, Array<Record<string, unknown>>> = {
    accept: [{}, { note: '受理' }],
    reject: [{ reason: '不属于受理范围' }, {}],
    merge: [{ intoCaseId: c.other }, { intoCaseId: c.self }, { intoCaseId: MISSING_ID }],
    dispatch: [{ leadUnitId: c.judicial }, { leadUnitId: c.housing, coUnitIds: [c.police] }, { leadUnitId: c.police }, { leadUnitId: MISSING_ID }],
    whistle: [{ leadUnitId: c.judicial, unitIds: [c.police] }, { unitIds: [c.housing] }, { leadUnitId: c.housing, unitIds: [c.police, c.judicial] }, { unitIds: [] }, { unitIds: [MISSING_ID] }],
    acknowledge: [{}, { note: '已签收' }],
    return: [{ reason: '不属于本单位职责' }, {}],
    transfer: [{ leadUnitId: c.housing, reason }, { leadUnitId: c.judicial, reason }, { leadUnitId: MISSING_ID, reason }],
    start: [{}],
    add_note: [{ text: '已电话联系当事人' }, { text: '' }],
    request_extension: [{ minutes: 420, reason }, { minutes: 10, reason }],
    decide_extension: [{ extensionId: c.extensionId, approve: true }, { extensionId: c.extensionId, approve: false }, { extensionId: MISSING_ID, approve: true }],
    hold: [{ reason: '等待鉴定结果' }, {}],
    resume: [{}],
    escalate: [{ reason: '超出调处能力' }, {}],
    resolve: [
      { result: 'fixed', resultText: '已处理完毕' },
      { result: 'not_our_responsibility', resultText: '应由住建部门处理', responsibleUnitId: c.housing },
      { result: 'not_our_responsibility', resultText: '不归我们管' },
      { result: 'mediated_agreement', resultText: '双方达成调解协议' },
      { result: 'bogus', resultText: 'x' },
    ],
    follow_up: [
      { method: 'phone', satisfaction: 'satisfied' },
      { method: 'phone', satisfaction: 'unsatisfied' },
      { method: 'visit', satisfaction: 'basically_satisfied' },
      { method: 'no_contact' },
      { method: 'sms' },
      { method: 'no_contact', satisfaction: 'satisfied' },
    ],
    reopen: [{ reason: '群众不满意' }],
    close: [{}, { note: '结案' }],
    supervise: [{ reason: '挂牌督办', dueAt: new Date(c.now + 72 * HOUR).toISOString() }, { reason: '挂牌督办', dueAt: new Date(c.now - HOUR).toISOString() }],
    report_progress: [{ text: '已约谈双方当事人' }],
  };
  const pool = pools[action];
  return pool[variant % pool.length] ?? {};
}

// ---- reading what was stored

type CaseRow = Selectable<CasesTable>;
type UnitRow = Selectable<CaseUnitsTable>;
interface EventRow {
  id: number;
  case_id: number;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  unit_id: number | null;
  at: string;
  payload: string;
}

function toCaseEvent(e: EventRow): CaseEvent {
  return { action: e.action, toStatus: e.to_status as CaseStatus, unitId: e.unit_id, at: e.at, payload: JSON.parse(e.payload) as Record<string, unknown> };
}

/** The row as a projection, mapped the way case-write.ts's loadStoredCase does. */
function projectionOfRow(row: CaseRow, units: UnitRow[]): CaseProjection {
  return {
    status: row.status as CaseStatus,
    ownerUnitId: row.owner_unit_id,
    leadUnitId: row.lead_unit_id,
    holdFromStatus: row.hold_from_status as CaseStatus | null,
    holdStartedAt: row.hold_started_at,
    ackDueAt: row.ack_due_at,
    resolveDueAt: row.resolve_due_at,
    wallClock: row.wall_clock === 1,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    resolvedOnTime: row.resolved_at === null ? null : row.resolve_due_at === null || row.resolved_at <= row.resolve_due_at,
    closedAt: row.closed_at,
    resolutionCode: row.resolution_code,
    satisfaction: row.satisfaction,
    followedUpAt: row.followed_up_at,
    overdueAck: row.overdue_ack === 1,
    overdueResolve: row.overdue_resolve === 1,
    remindedAck: row.reminded_ack === 1,
    remindedResolve: row.reminded_resolve === 1,
    escalationCount: row.escalation_count,
    reopenCount: row.reopen_count,
    mergedIntoId: row.merged_into_id,
    units: units.map((u) => ({
      unitId: u.unit_id,
      role: u.role as 'lead' | 'co',
      status: u.status as CaseProjection['units'][number]['status'],
      dispatchedAt: u.dispatched_at,
      acknowledgedAt: u.acknowledged_at,
      endedAt: u.ended_at,
    })),
  };
}

/**
 * A well-formed projection: the unit the case names as lead holds an active lead row, pending while
 * the case waits for its acknowledgement and acknowledged once it is being worked on.
 */
function checkLead(row: CaseRow, units: UnitRow[]): void {
  const waiting = row.status === 'dispatched';
  const working = ['acknowledged', 'in_progress', 'on_hold'].includes(row.status);
  if (!(waiting || working) || row.lead_unit_id === null) return;
  const rows = units.filter((u) => u.unit_id === row.lead_unit_id && u.ended_at === null);
  const where = `case ${row.id} (${row.status}) lead ${row.lead_unit_id}: ${JSON.stringify(units)}`;
  expect(rows.map((u) => [u.role, u.status]), where).toEqual([['lead', waiting ? 'pending' : 'acknowledged']]);
}

// ---- (a) the workflow table

/** Events written by the intake and the sweeps, not by workflow actions: they never change the status. */
const NON_WORKFLOW = new Set(['submit', 'absorb', 'remind', 'overdue']);

/** The statuses the table allows after `action` from `from`, given the event's payload and the last hold. */
function allowedTargets(from: CaseStatus, action: string, payload: Record<string, unknown>, statusBeforeHold: string | null): string[] {
  const out: string[] = [];
  for (const t of transitions) {
    if (t.action !== action || !t.from.includes(from)) continue;
    if (t.toIf && payload[t.toIf.field] === t.toIf.equals) out.push(t.toIf.to);
    else if (t.to === 'previous') out.push(statusBeforeHold ?? 'in_progress');
    else if (t.to === 'same') out.push(from);
    else {
      out.push(t.to);
      // A co-unit acknowledging or returning leaves the status where it was.
      if (t.leadOnly) out.push(from);
    }
  }
  return out;
}

function checkWorkflow(caseId: number, events: EventRow[]): void {
  let statusBeforeHold: string | null = null;
  events.forEach((e, i) => {
    const where = `case ${caseId} event ${e.seq} (${e.from_status} -${e.action}-> ${e.to_status})`;
    expect(e.seq, where).toBe(i + 1);
    if (i === 0) {
      expect([e.action, e.from_status, e.to_status], where).toEqual(['submit', 'submitted', 'submitted']);
      return;
    }
    expect(e.from_status, `${where}: chained from the previous event`).toBe(events[i - 1]?.to_status);
    if (NON_WORKFLOW.has(e.action)) {
      expect(e.to_status, where).toBe(e.from_status);
    } else {
      expect((caseActions as readonly string[]).includes(e.action), where).toBe(true);
      expect(allowedTargets(e.from_status as CaseStatus, e.action, JSON.parse(e.payload), statusBeforeHold), where).toContain(e.to_status);
    }
    if (e.action === 'hold') statusBeforeHold = e.from_status;
  });
}

// ---- (c) the independent recount, from docs/metrics.md

const BUCKET_BOUNDS_HOURS = [1, 4, 24, 48, 72, 120, 168, 360, 720];
const localDay = (at: string) => new Date(Date.parse(at) + 8 * HOUR).toISOString().slice(0, 10);
const bucketOf = (minutes: number) => {
  const i = BUCKET_BOUNDS_HOURS.findIndex((h) => minutes / 60 < h);
  return `h${i === -1 ? 9 : i}`;
};

type Counters = Map<string, Record<string, number>>;

interface Deadlines {
  ackDue: string | null;
  resolveDue: string | null;
  wallClock: boolean;
}

function takeDeadlines(d: Deadlines, payload: Record<string, unknown>): Deadlines {
  return {
    ackDue: typeof payload.ackDueAt === 'string' ? payload.ackDueAt : d.ackDue,
    resolveDue: typeof payload.resolveDueAt === 'string' ? payload.resolveDueAt : d.resolveDue,
    wallClock: typeof payload.wallClock === 'boolean' ? payload.wallClock : d.wallClock,
  };
}

/** Counts the contributions of events with id > sinceEventId, following each case from its start. */
function recount(cases: Array<{ row: CaseRow; events: EventRow[] }>, sinceEventId: number): Counters {
  const out: Counters = new Map();
  for (const { row, events } of cases) {
    const regions = [2, 4, 6, 9].map((n) => row.region_code.slice(0, n).padEnd(12, '0'));
    const slices = [['*', '*'], [row.category_code.slice(0, 2), '*'], ['*', row.channel]];
    let deadlines: Deadlines = { ackDue: null, resolveDue: null, wallClock: false };
    let standing: { day: string; onTime: boolean; minutes: number } | null = null;
    for (const e of events) {
      const counts = e.id > sinceEventId;
      const add = (day: string, measure: string, n = 1) => {
        if (!counts || n === 0) return;
        for (const region of regions) {
          for (const [category, channel] of slices) {
            const key = `${region}|${day}|${category}|${channel}`;
            const m = out.get(key) ?? {};
            m[measure] = (m[measure] ?? 0) + n;
            out.set(key, m);
          }
        }
      };
      const day = localDay(e.at);
      const payload = JSON.parse(e.payload) as Record<string, unknown>;
      const onTime = (due: string | null) => due === null || e.at <= due;
      switch (e.action) {
        case 'submit': add(day, 'received'); break;
        case 'accept': add(day, 'accepted'); break;
        case 'reject': add(day, 'rejected'); break;
        case 'merge': add(day, 'merged'); break;
        case 'close': add(day, 'closed'); break;
        case 'escalate': add(day, 'escalated'); break;
        case 'overdue': if (payload.clock === 'resolve') add(day, 'overdue'); break;
        case 'dispatch':
        case 'whistle':
        case 'transfer':
          // Entering `dispatched` from another status is a dispatch awaiting a lead acknowledgement.
          if (e.to_status === 'dispatched' && e.from_status !== 'dispatched') add(day, 'dispatched');
          break;
        case 'acknowledge':
          if (e.from_status === 'dispatched' && e.to_status === 'acknowledged') {
            add(day, 'acknowledged');
            if (onTime(deadlines.ackDue)) add(day, 'ack_on_time');
          }
          break;
        case 'return': if (e.to_status === 'returned' && e.from_status !== 'returned') add(day, 'returned'); break;
        case 'resolve': {
          if (e.to_status === 'returned') {
            add(day, 'returned'); // not_our_responsibility: never a resolution
            break;
          }
          const minutes = Math.max(0, Math.round((Date.parse(e.at) - Date.parse(row.created_at)) / 60_000));
          standing = { day, onTime: onTime(deadlines.resolveDue), minutes };
          add(day, 'resolved');
          add(day, 'resolved_on_time', standing.onTime ? 1 : 0);
          add(day, 'handling_minutes', minutes);
          add(day, bucketOf(minutes));
          break;
        }
        case 'follow_up':
          if (payload.method === 'no_contact') break; // no real follow-up counts nothing
          add(day, 'followed_up');
          add(day, String(payload.satisfaction)); // satisfied | basically_satisfied | unsatisfied
          break;
        case 'reopen':
          add(day, 'reopened');
          // The resolution it undoes stops counting on the day it had been counted.
          if (standing) {
            add(standing.day, 'resolved', -1);
            add(standing.day, 'resolved_on_time', standing.onTime ? -1 : 0);
            add(standing.day, 'handling_minutes', -standing.minutes);
            add(standing.day, bucketOf(standing.minutes), -1);
          }
          standing = null;
          break;
        default:
          break;
      }
      deadlines = takeDeadlines(deadlines, payload);
    }
  }
  return out;
}

// ---- (d) holds

function checkHolds(caseId: number, events: EventRow[], calendar: BusinessCalendar): number {
  let deadlines: Deadlines = { ackDue: null, resolveDue: null, wallClock: false };
  let hold: EventRow | null = null;
  let leadAcknowledged = false;
  let checked = 0;
  for (const e of events) {
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    if (e.action === 'resume' && hold) {
      const before = deadlines;
      const after = takeDeadlines(deadlines, payload);
      const clocks: Array<['ack' | 'resolve', string | null, string | null]> = [['resolve', before.resolveDue, after.resolveDue]];
      if (!leadAcknowledged) clocks.push(['ack', before.ackDue, after.ackDue]);
      for (const [clock, due, dueAfter] of clocks) {
        if (due === null || dueAfter === null) continue;
        // Whole milliseconds: the time left when the hold began, and when it ended.
        const left = Math.round(minutesBetween(calendar, new Date(hold.at), new Date(due), before.wallClock) * 60_000);
        const leftAfter = Math.round(minutesBetween(calendar, new Date(e.at), new Date(dueAfter), after.wallClock) * 60_000);
        expect(leftAfter, `case ${caseId}: ${clock} clock, held ${hold.at} → resumed ${e.at}, due ${due} → ${dueAfter}`).toBe(left);
        checked++;
      }
      hold = null;
    }
    if (e.action === 'hold') hold = e;
    if (['dispatch', 'whistle', 'transfer'].includes(e.action) && e.to_status === 'dispatched' && (e.from_status !== 'dispatched' || e.action === 'transfer')) leadAcknowledged = false;
    if (e.action === 'acknowledge' && e.from_status === 'dispatched' && e.to_status === 'acknowledged') leadAcknowledged = true;
    deadlines = takeDeadlines(deadlines, payload);
  }
  return checked;
}

describe.each(testDialects())('case workflow properties on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let now = START;
  let caseCounter = 0;
  const stats = { attempts: 0, accepted: 0, holdsChecked: 0, sweeps: 0 };

  async function advance(ms: number) {
    if (ms <= 0) return;
    now += ms;
    vi.setSystemTime(now);
    // Sessions slide with use; after a jump of days they would have expired. Not what is tested here.
    await t.db.updateTable('sessions').set({ expires_at: FAR_FUTURE }).execute();
  }

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    await t.db.updateTable('sessions').set({ expires_at: FAR_FUTURE }).execute();
  });
  afterAll(async () => {
    await t?.close();
    vi.useRealTimers();
  });

  const deptClient = (unitId: number | null | undefined): Client | undefined =>
    [w.judicial, w.police, w.housing].find((d) => d.id === unitId)?.client;

  async function clientFor(actor: ActorName, caseId: number): Promise<Client> {
    if (actor === 'lead' || actor === 'co') {
      const row = await t.db.selectFrom('cases').select('lead_unit_id').where('id', '=', caseId).executeTakeFirstOrThrow();
      if (actor === 'lead') return deptClient(row.lead_unit_id) ?? w.judicial.client;
      const units = await t.db.selectFrom('case_units').select(['unit_id', 'role']).where('case_id', '=', caseId).where('ended_at', 'is', null).orderBy('id').execute();
      return deptClient(units.find((u) => u.role === 'co')?.unit_id) ?? w.police.client;
    }
    return { operator: w.operator, outsider: w.outsider, supervisor: w.supervisor, countyOperator: w.countyOperator }[actor];
  }

  async function snapshotRollups(): Promise<Counters> {
    const rows = await t.db.selectFrom('case_rollups').selectAll().execute();
    const out: Counters = new Map();
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      expect(row.region_level, `level of ${row.region_code}`).toBe([2, 4, 6, 9].findIndex((n) => /^0*$/.test(row.region_code.slice(n))));
      out.set(`${row.region_code}|${row.day}|${row.category_code}|${row.channel}`, Object.fromEntries(ROLLUP_MEASURES.map((m) => [m, Number(record[m])])));
    }
    return out;
  }

  async function attempt(step: Step, caseIds: number[]): Promise<void> {
    await advance(step.advanceMs);
    if (step.action === 'sweep') {
      await runSlaSweep(t.app.ctx, new Date(now));
      stats.sweeps++;
      return;
    }
    const caseId = caseIds[step.caseIndex % caseIds.length] ?? 0;
    let action: CaseAction = step.action;
    let client = await clientFor(step.actor, caseId);
    if (step.guided) {
      // Someone who may act: the chosen actor, else the lead, the township or the county centre.
      for (const name of [step.actor, 'lead', 'operator', 'countyOperator'] as const) {
        const candidate = await clientFor(name, caseId);
        const allowed = await candidate.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/actions` });
        const actions = allowed.statusCode === 200 ? (allowed.json() as { actions: Array<{ action: CaseAction }> }).actions.map((a) => a.action) : [];
        if (actions.length === 0) continue;
        // Small picks (the common ones) move the case forward; side actions and endings come last.
        actions.sort((a, b) => PREFERENCE.indexOf(a) - PREFERENCE.indexOf(b));
        action = actions[step.pick % actions.length] ?? action;
        client = candidate;
        break;
      }
    }
    const before = await t.db.selectFrom('cases').select(['status', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const eventsBefore = await t.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const pending = await t.db.selectFrom('case_extensions').select('id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
    const body = bodyFor(action, step.variant, {
      self: caseId,
      other: caseIds.find((id) => id !== caseId) ?? MISSING_ID,
      judicial: w.judicial.id,
      police: w.police.id,
      housing: w.housing.id,
      extensionId: pending?.id ?? MISSING_ID,
      now,
    });
    const version = step.stale ? before.version - 1 : before.version;
    const res = await client.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, payload: { ...body, version } });
    const what = `${step.actor} ${action} ${JSON.stringify(body)} on case ${caseId} (${before.status}, v${before.version}${step.stale ? ', stale' : ''}): ${res.statusCode} ${res.body}`;
    stats.attempts++;
    expect([200, ...REFUSALS], what).toContain(res.statusCode);
    const after = await t.db.selectFrom('cases').select(['status', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const eventsAfter = await t.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (res.statusCode !== 200) {
      // A refusal is problem+json (RFC 9457: `status` is the HTTP status), a 400 names its field,
      // and it writes nothing: no event anywhere, the case untouched.
      const problem = res.json() as { status: unknown; errors?: Array<{ field: string }> };
      expect([res.headers['content-type'], problem.status], what).toEqual([expect.stringContaining('application/problem+json'), res.statusCode]);
      if (res.statusCode === 400) expect(problem.errors?.[0]?.field, what).toEqual(expect.any(String));
      expect([after.version, Number(eventsAfter.n)], what).toEqual([before.version, Number(eventsBefore.n)]);
      if (!transitions.some((tr) => tr.action === action && tr.from.includes(before.status as CaseStatus))) expect([400, 404, 409], what).toContain(res.statusCode);
      return;
    }
    stats.accepted++;
    expect(after.version, what).toBe(before.version + 1);
    const last = await t.db.selectFrom('case_events').select(['action', 'from_status', 'to_status']).where('case_id', '=', caseId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect([last.action, last.from_status, last.to_status, res.json().status], what).toEqual([action, before.status, after.status, after.status]);
  }

  async function checkInvariants(caseIds: number[], sinceEventId: number, rollupsBefore: Counters): Promise<void> {
    const calendar = await loadCalendar(t.db);
    // Every case with a new event (the sweep may touch cases of earlier runs too).
    const touched = await t.db.selectFrom('case_events').select('case_id').distinct().where('id', '>', sinceEventId).execute();
    const ids = [...new Set([...caseIds, ...touched.map((r) => r.case_id)])];
    const cases: Array<{ row: CaseRow; events: EventRow[] }> = [];
    for (const id of ids) {
      const row = await t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const events = (await t.db.selectFrom('case_events').selectAll().where('case_id', '=', id).orderBy('seq').execute()) as EventRow[];
      const units = await t.db.selectFrom('case_units').selectAll().where('case_id', '=', id).orderBy('id').execute();
      cases.push({ row, events });
      checkWorkflow(id, events); // (a)
      expect(projectionOfRow(row, units), `case ${id}: stored projection vs replay of ${events.map((e) => e.action).join(',')}`).toEqual(
        replay(events.map(toCaseEvent), row.owner_unit_id),
      ); // (b)
      expect(row.version, `case ${id}: one version per event after the intake`).toBe(events.length + 1);
      checkLead(row, units);
      stats.holdsChecked += checkHolds(id, events, calendar); // (d)
    }
    // (c) what this run added to the counters equals the recount of this run's events.
    const expected = recount(cases, sinceEventId);
    const rollupsAfter = await snapshotRollups();
    for (const key of new Set([...expected.keys(), ...rollupsAfter.keys()])) {
      for (const m of ROLLUP_MEASURES) {
        const added = (rollupsAfter.get(key)?.[m] ?? 0) - (rollupsBefore.get(key)?.[m] ?? 0);
        expect(added, `rollup ${m} at ${key}`).toBe(expected.get(key)?.[m] ?? 0);
      }
    }
  }

  it('keeps the workflow, the projection, the rollups and the paused clocks consistent under random attempts', async () => {
    expect(BUCKET_BOUNDS_HOURS).toEqual([...HANDLING_BUCKETS_HOURS]);
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ cases, steps }) => {
        const since = await t.db.selectFrom('case_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
        const sinceEventId = Number(since?.id ?? 0);
        const rollupsBefore = await snapshotRollups();
        const caseIds: number[] = [];
        for (const spec of cases) {
          await advance(60_000);
          const res = await w.operator.inject({ method: 'POST', url: '/api/v1/cases', payload: intakeBody(spec, ++caseCounter) });
          expect(res.statusCode, res.body).toBe(201);
          caseIds.push((res.json() as { id: number }).id);
        }
        for (const step of steps) await attempt(step, caseIds);
        await checkInvariants(caseIds, sinceEventId, rollupsBefore);
      }),
      { numRuns: 25, examples: [[lifeOfACase], [coUnitBecomesLead]], interruptAfterTimeLimit: 45_000, markInterruptAsFailure: false },
    );
    // And over everything written in this file: the whole table against a recount of every event.
    const all = await t.db.selectFrom('cases').selectAll().orderBy('id').execute();
    const everyEvent = (await t.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute()) as EventRow[];
    const table = await snapshotRollups();
    const full = recount(all.map((row) => ({ row, events: everyEvent.filter((e) => e.case_id === row.id) })), 0);
    for (const key of new Set([...full.keys(), ...table.keys()])) {
      for (const m of ROLLUP_MEASURES) expect(table.get(key)?.[m] ?? 0, `rollup ${m} at ${key}`).toBe(full.get(key)?.[m] ?? 0);
    }
    if (process.env.PINGAN_DEBUG_PROPS) {
      const byAction = await t.db.selectFrom('case_events').select(['action', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('action').execute();
      const byStatus = await t.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      console.log(dialect, stats, JSON.stringify(byAction), JSON.stringify(byStatus));
    }
    // The sequences must actually go somewhere, or the properties would be vacuous.
    expect(stats.accepted).toBeGreaterThan(stats.attempts / 5);
    expect(stats.holdsChecked).toBeGreaterThan(0);
  });
});
