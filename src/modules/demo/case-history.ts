// The life of one demo case, simulated as the people and the SLA sweep would have lived it: every
// step is a legal transition of the workflow table, taken by someone who may take it, with the
// payload the action's preparer would have computed (deadlines from the same calendar and
// policies, routing notes, resume extensions), folded with the reducer the write path uses.
// The sweep is modelled as running at every whole minute: at the first minute where planSweep
// (the sweep's own pure function) finds something, it reminds, flags overdue and escalates.
// A test replays samples through the real write path and compares the rows (demo.replay.test.ts).
import { type RollupDelta, rollupDeltas } from '../analytics/rollup-deltas.js';
import { type CaseEvent, type CaseProjection, applyEvent, initialProjection } from '../cases/case-reducer.js';
import { type CaseAction, type CaseStatus, type Transition, findTransition } from '../cases/workflow.js';
import { ancestorCodes, levelOf } from '../regions/region-code.js';
import { type BusinessCalendar, addWorkingMinutes, deadlineAfter, minutesBetween } from '../sla/business-calendar.js';
import { OVERDUE_SUPERVISION_WORKING_DAYS, planSweep } from '../sla/sla.sweep.js';
import { type SlaPolicy, pickPolicy } from '../sla/sla.service.js';
import type { CaseDraw } from './demo-draw.js';
import { ESCALATE_REASONS, FOLLOW_UP_COMMENTS, HOLD_REASONS, REJECT_REASONS, REOPEN_REASONS, RESULT_TEXT, RETURN_REASONS } from './demo-text.js';
import type { DemoWorld } from './demo-world.js';
import type { Rng } from './prng.js';

export const SWEEP_LABEL = 'system:sla-sweep';
const MINUTE = 60_000;

export interface HistoryContext {
  world: DemoWorld;
  calendar: BusinessCalendar;
  policies: SlaPolicy[];
  /** Leaf category → department kind responsible at region level 0–4 (the routing rules, resolved). */
  routing: ReadonlyMap<string, ReadonlyArray<string | undefined>>;
  /** The generation's "now", a whole minute: nothing happens after it. */
  nowMs: number;
}

export interface DemoEvent {
  action: string;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  actorUserId: number | null;
  actorLabel: string;
  unitId: number | null;
  at: string;
  payload: Record<string, unknown>;
  isPublic: boolean;
}

export interface DemoSupervision {
  reason: string;
  supervisorUnitId: number;
  openedAt: string;
  dueAt: string;
  closedAt: string | null;
}

/** What a person or the sweep did, for the replay test: the request a client would have sent. */
export type ReplayStep =
  | { kind: 'intake'; at: string; userId: number }
  | { kind: 'action'; at: string; userId: number; action: CaseAction; body: Record<string, unknown> }
  | { kind: 'sweep'; at: string };

export interface CaseHistory {
  ownerUnitId: number;
  intakeUserId: number;
  events: DemoEvent[];
  projection: CaseProjection;
  deltas: RollupDelta[];
  supervisions: DemoSupervision[];
  steps: ReplayStep[];
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Persona {
  slowAck: boolean;
  stuck: boolean;
  returns: boolean;
  notOurs: boolean;
  holds: boolean;
  whistles: boolean;
  escalates: boolean;
  rejects: boolean;
}

class Simulation {
  p: CaseProjection;
  t: number;
  readonly events: DemoEvent[] = [];
  readonly deltas: RollupDelta[] = [];
  readonly supervisions: DemoSupervision[] = [];
  readonly steps: ReplayStep[] = [];
  readonly policy: SlaPolicy;
  private readonly createdAt: string;
  private returned = false;

  constructor(
    private readonly ctx: HistoryContext,
    private readonly rng: Rng,
    private readonly draw: CaseDraw,
    private readonly persona: Persona,
    ownerUnitId: number,
  ) {
    this.p = initialProjection(ownerUnitId);
    this.t = draw.createdAt;
    this.createdAt = iso(draw.createdAt);
    this.policy = pickPolicy(ctx.policies, draw.categoryCode, draw.priority);
  }

  write(event: CaseEvent, actor: { userId: number | null; label: string }, isPublic: boolean): void {
    const before = this.p;
    const after = applyEvent(before, event);
    this.events.push({ action: event.action, fromStatus: before.status, toStatus: after.status, actorUserId: actor.userId, actorLabel: actor.label, unitId: event.unitId, at: event.at, payload: event.payload, isPublic });
    for (const d of rollupDeltas(before, after, event, this.createdAt)) this.deltas.push(d);
    this.p = after;
    this.t = Date.parse(event.at);
  }

  private user(id: number) {
    const label = this.ctx.world.usernames.get(id);
    if (label === undefined) throw new Error(`demo world: user ${id} has no username`);
    return { userId: id, label };
  }

  /** Runs a workflow action as the action route would: the table decides the next state and visibility. */
  act(action: CaseAction, userId: number, unitId: number | null, at: number, body: Record<string, unknown>, payload: Record<string, unknown> = body): void {
    const t = findTransition(this.p.status, action);
    if (!t) throw new Error(`demo generator bug: ${action} from ${this.p.status}`);
    const event: CaseEvent = { action, toStatus: this.nextStatus(t, body, unitId), unitId, at: iso(at), payload };
    this.steps.push({ kind: 'action', at: event.at, userId, action, body });
    this.write(event, this.user(userId), t.isPublic);
    if (action === 'close') for (const s of this.supervisions) s.closedAt ??= event.at;
  }

  private nextStatus(t: Transition, body: Record<string, unknown>, unitId: number | null): CaseStatus {
    if (t.toIf && body[t.toIf.field] === t.toIf.equals) return t.toIf.to;
    if (t.leadOnly && unitId !== this.p.leadUnitId) return this.p.status;
    if (t.to === 'same') return this.p.status;
    if (t.to === 'previous') return this.p.holdFromStatus ?? 'in_progress';
    return t.to;
  }

  // ---- deadlines and routing, as the preparers compute them ----

  deadlines(fromMs: number) {
    const from = new Date(fromMs);
    return {
      ackDueAt: deadlineAfter(this.ctx.calendar, from, this.policy.ackMinutes, this.policy.wallClock).toISOString(),
      resolveDueAt: deadlineAfter(this.ctx.calendar, from, this.policy.resolveMinutes, this.policy.wallClock).toISOString(),
      wallClock: this.policy.wallClock,
    };
  }

  dispatchDeadlines(at: number) {
    const fromDispatch = this.deadlines(at);
    const resolveDueAt = this.p.resolveDueAt ?? this.deadlines(this.draw.createdAt).resolveDueAt;
    return { ackDueAt: fromDispatch.ackDueAt, resolveDueAt, wallClock: fromDispatch.wallClock };
  }

  proposedLead(): number | undefined {
    const code = this.draw.village.code;
    const kinds = this.ctx.routing.get(this.draw.categoryCode) ?? [];
    for (const region of [...ancestorCodes(code), code].reverse()) {
      const kind = kinds[levelOf(region)];
      if (!kind) continue;
      const unit = this.ctx.world.departmentAt.get(`${region}|${kind}`);
      if (unit !== undefined) return unit;
    }
    return undefined;
  }

  routingNote(lead: number) {
    const proposed = this.proposedLead();
    return { proposedUnitId: proposed ?? null, override: proposed !== undefined && proposed !== lead };
  }

  // ---- the SLA sweep ----

  private sweepFinds(m: number): boolean {
    const plan = planSweep(this.p, this.policy, this.ctx.calendar, new Date(m));
    return plan.remind.length > 0 || plan.overdue.length > 0;
  }

  /** Sweeps at every whole minute after the last event and before `stop`; false when an escalation changed hands. */
  sweepUntil(stop: number): boolean {
    for (;;) {
      const first = Math.floor(this.t / MINUTE) * MINUTE + MINUTE;
      const last = Math.ceil(stop / MINUTE) * MINUTE - MINUTE;
      if (first > last || !this.sweepFinds(last)) return true;
      let lo = first;
      let hi = last;
      while (lo < hi) {
        const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
        if (this.sweepFinds(mid)) hi = mid;
        else lo = mid + MINUTE;
      }
      const owner = this.p.ownerUnitId;
      this.sweepAt(lo);
      if (this.p.ownerUnitId !== owner) return false;
    }
  }

  private sweepAt(m: number): void {
    const plan = planSweep(this.p, this.policy, this.ctx.calendar, new Date(m));
    const at = iso(m);
    this.steps.push({ kind: 'sweep', at });
    const system = { userId: null, label: SWEEP_LABEL };
    const flag = (action: 'remind' | 'overdue', clock: 'ack' | 'resolve') =>
      this.write({ action, toStatus: this.p.status, unitId: null, at, payload: { clock, dueAt: clock === 'ack' ? this.p.ackDueAt : this.p.resolveDueAt } }, system, false);
    for (const clock of plan.remind) flag('remind', clock);
    for (const clock of plan.overdue) {
      flag('overdue', clock);
      if (clock !== 'resolve') continue;
      const before = this.p;
      const owner = this.ctx.world.units.get(before.ownerUnitId);
      const parent = owner ? parentCenter(this.ctx.world, owner.regionCode) : undefined;
      if (parent && findTransition(before.status, 'escalate')) {
        this.write({ action: 'escalate', toStatus: 'escalated', unitId: null, at, payload: { fromUnitId: before.ownerUnitId, toUnitId: parent.id, toUnitName: parent.name, reason: 'overdue' } }, system, true);
      }
      this.supervisions.push({ reason: `超期未办结: resolve deadline ${before.resolveDueAt ?? '?'} passed`, supervisorUnitId: parent?.id ?? before.ownerUnitId, openedAt: at, dueAt: supervisionDue(this.ctx.calendar, m), closedAt: null });
    }
  }

  // ---- people ----

  later(minutes: number): number {
    const base = this.p.wallClock || this.policy.wallClock ? this.t + minutes * MINUTE : addWorkingMinutes(this.ctx.calendar, new Date(this.t), minutes).getTime();
    let at = Math.max(base, this.t + 1000) + this.rng.int(59_000) + 1;
    if (at % MINUTE === 0) at += 1;
    return at;
  }

  operatorOf(unitId: number): number {
    return this.rng.pick(this.staff(unitId, 'center_operator'));
  }

  handlerOf(unitId: number): number {
    return this.rng.pick(this.staff(unitId, 'department_handler'));
  }

  private staff(unitId: number, role: string): number[] {
    const list = this.ctx.world.staff.get(`${unitId}|${role}`);
    if (!list || list.length === 0) throw new Error(`demo world: unit ${unitId} has no ${role}`);
    return list;
  }

  /** The unit a centre sends the case to: the routing proposal, a unit of the centre's own level, or another plausible one. */
  chooseLead(exclude: number | null): number {
    const world = this.ctx.world;
    const owner = world.units.get(this.p.ownerUnitId);
    const level = owner ? levelOf(owner.regionCode) : 3;
    const kinds = this.ctx.routing.get(this.draw.categoryCode) ?? [];
    const township = this.draw.village.code.slice(0, 9).padEnd(12, '0');
    const candidates: Array<number | undefined> = [];
    if (level >= 3) {
      candidates.push(this.proposedLead());
      candidates.push(world.departmentAt.get(`${township}|judicial_office`), world.departmentAt.get(`${township}|police_station`));
    } else if (owner) {
      const kind = kinds[level] ?? 'petition_office';
      candidates.push(world.departmentAt.get(`${owner.regionCode}|${kind === 'police_station' ? 'public_security' : kind}`));
      candidates.push(world.departmentAt.get(`${owner.regionCode}|petition_office`));
    }
    const staffed = candidates.filter((c): c is number => c !== undefined && this.ctx.world.staff.has(`${c}|department_handler`));
    const others = staffed.filter((c) => c !== exclude);
    // A unit that sent the case back gets it again only when there is nobody else.
    const usable = others.length > 0 ? others : staffed;
    if (usable.length === 0) throw new Error(`demo world: nobody to dispatch case in ${this.draw.village.code} to`);
    // Mostly the first choice; sometimes the centre overrides it.
    return usable.length > 1 && this.rng.chance(0.08) ? (usable[1] as number) : (usable[0] as number);
  }

  get ctxWorld(): DemoWorld {
    return this.ctx.world;
  }

  ctxWorldUnit(id: number) {
    return this.ctx.world.units.get(id);
  }

  get calendar(): BusinessCalendar {
    return this.ctx.calendar;
  }

  markReturned(): void {
    this.returned = true;
  }

  get hasReturned(): boolean {
    return this.returned;
  }
}

export function parentCenter(world: DemoWorld, regionCode: string) {
  for (const code of ancestorCodes(regionCode).reverse()) {
    const id = world.centerOf.get(code);
    if (id !== undefined) return world.units.get(id);
  }
  return undefined;
}

function supervisionDue(calendar: BusinessCalendar, m: number): string {
  const dayMinutes = calendar.periods.reduce((sum, [s, e]) => sum + (e - s), 0);
  try {
    if (dayMinutes > 0) return addWorkingMinutes(calendar, new Date(m), OVERDUE_SUPERVISION_WORKING_DAYS * dayMinutes).toISOString();
  } catch {
    // a calendar without working time: calendar days, as the sweep does
  }
  return new Date(m + OVERDUE_SUPERVISION_WORKING_DAYS * 86_400_000).toISOString();
}

function drawPersona(rng: Rng): Persona {
  return {
    slowAck: rng.chance(0.12),
    stuck: rng.chance(0.05),
    returns: rng.chance(0.05),
    notOurs: rng.chance(0.02),
    holds: rng.chance(0.03),
    whistles: rng.chance(0.06),
    escalates: rng.chance(0.02),
    rejects: rng.chance(0.02),
  };
}

function resultFor(rng: Rng, kind: string): string {
  if (kind === 'consultation' || kind === 'praise') return 'advice_given';
  if (kind === 'dispute') return rng.chance(0.6) ? 'mediated_agreement' : rng.pick(['fixed', 'partly_fixed', 'not_fixable']);
  const r = rng.next();
  return r < 0.78 ? 'fixed' : r < 0.9 ? 'partly_fixed' : r < 0.96 ? 'not_fixable' : 'advice_given';
}

/** A submitted case: the owning centre accepts it (or rejects it). */
function planTriage(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const owner = p.ownerUnitId;
  const at = sim.later(rng.logNormal(20, 1));
  const user = sim.operatorOf(owner);
  if (persona.rejects) {
    const body = { reason: rng.pick(REJECT_REASONS) };
    return { at, run: () => sim.act('reject', user, owner, at, body) };
  }
  return { at, run: () => sim.act('accept', user, owner, at, {}) };
}

/** An accepted, returned or escalated case: the owning centre dispatches, whistles, transfers or escalates. */
function planDispatch(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const owner = p.ownerUnitId;
  const at = sim.later(rng.logNormal(p.status === 'accepted' ? 15 : 45, 0.8));
  const user = sim.operatorOf(owner);
  const ownerUnit = sim.ctxWorldUnit(owner);
  if (p.status === 'accepted' && persona.escalates && ownerUnit && levelOf(ownerUnit.regionCode) === 3) {
    const parent = parentCenter(sim.ctxWorld, ownerUnit.regionCode);
    if (parent) {
      const body = { reason: rng.pick(ESCALATE_REASONS) };
      return { at, run: () => sim.act('escalate', user, owner, at, body, { fromUnitId: owner, toUnitId: parent.id, toUnitName: parent.name, reason: body.reason }) };
    }
  }
  const lead = sim.chooseLead(p.status === 'returned' ? (lastLead(p) ?? null) : null);
  if (p.status === 'returned' && rng.chance(0.5)) {
    const body = { leadUnitId: lead, reason: '改派至职责单位' };
    return {
      at,
      run: () => {
        const { ackDueAt, wallClock } = sim.dispatchDeadlines(at);
        sim.act('transfer', user, owner, at, body, { leadUnitId: lead, unitIds: [], ackDueAt, wallClock, reason: body.reason, ...sim.routingNote(lead) });
      },
    };
  }
  if (persona.whistles && p.status === 'accepted') {
    const township = draw.village.code.slice(0, 9).padEnd(12, '0');
    const others = [sim.ctxWorld.departmentAt.get(`${township}|police_station`), sim.ctxWorld.departmentAt.get(`${township}|judicial_office`), sim.ctxWorld.departmentAt.get(`${draw.village.code.slice(0, 6).padEnd(12, '0')}|housing`)];
    const unitIds = [...new Set(others.filter((u): u is number => u !== undefined && u !== lead && sim.ctxWorld.staff.has(`${u}|department_handler`)))].slice(0, rng.between(1, 2));
    if (unitIds.length === 0) unitIds.push(lead);
    const body = { leadUnitId: lead, unitIds };
    return {
      at,
      run: () => sim.act('whistle', user, owner, at, body, { leadUnitId: lead, unitIds: unitIds.filter((id) => id !== lead), ...sim.dispatchDeadlines(at), note: null }),
    };
  }
  const body = { leadUnitId: lead };
  return { at, run: () => sim.act('dispatch', user, owner, at, body, { leadUnitId: lead, unitIds: [], ...sim.dispatchDeadlines(at), ...sim.routingNote(lead), note: null }) };
}

/** A dispatched case: the lead unit acknowledges it (or sends it back). */
function planAcknowledge(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const lead = p.leadUnitId;
  if (lead === null) throw new Error('demo generator bug: dispatched without a lead');
  const user = sim.handlerOf(lead);
  const at = sim.later(persona.slowAck ? rng.logNormal(sim.policy.ackMinutes * 1.3, 0.5) : rng.logNormal(sim.policy.ackMinutes * 0.2, 0.8));
  if (persona.returns && !sim.hasReturned) {
    const body = { reason: rng.pick(RETURN_REASONS) };
    return { at, run: () => { sim.markReturned(); sim.act('return', user, lead, at, body); } };
  }
  return { at, run: () => sim.act('acknowledge', user, lead, at, {}) };
}

/** A case being worked on: co-units report in, the lead starts, holds and resolves. */
function planWork(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const lead = p.leadUnitId;
  if (lead === null) throw new Error(`demo generator bug: ${p.status} without a lead`);
  const pendingCo = p.units.find((u) => u.role === 'co' && u.status === 'pending' && u.endedAt === null);
  if (pendingCo) {
    const at = sim.later(rng.logNormal(40, 0.7));
    const user = sim.handlerOf(pendingCo.unitId);
    return { at, run: () => sim.act('acknowledge', user, pendingCo.unitId, at, {}) };
  }
  const user = sim.handlerOf(lead);
  if (p.status === 'acknowledged') {
    const at = sim.later(rng.logNormal(45, 0.8));
    return { at, run: () => sim.act('start', user, lead, at, {}) };
  }
  if (persona.holds && p.holdStartedAt === null && !sim.events.some((e) => e.action === 'hold')) {
    const at = sim.later(rng.logNormal(sim.policy.resolveMinutes * 0.1, 0.5));
    const body = { reason: rng.pick(HOLD_REASONS) };
    return { at, run: () => sim.act('hold', user, lead, at, body) };
  }
  const share = persona.stuck ? 1.2 + rng.next() * 1.5 : rng.logNormal(0.3, 0.7);
  const at = sim.later(sim.policy.resolveMinutes * (p.reopenCount > 0 ? share / 2 : share));
  if (persona.notOurs && !sim.hasReturned) {
    const body = { result: 'not_our_responsibility', resultText: rng.pick(RESULT_TEXT.not_our_responsibility ?? ['']), responsibleUnitName: '属地乡镇' };
    return { at, run: () => { sim.markReturned(); sim.act('resolve', user, lead, at, body, { result: body.result, resultText: body.resultText, responsibleUnitId: null, responsibleUnitName: body.responsibleUnitName }); } };
  }
  const result = resultFor(rng, draw.kind);
  const body = { result, resultText: rng.pick(RESULT_TEXT[result] ?? ['已办结。']) };
  return { at, run: () => sim.act('resolve', user, lead, at, body, { result, resultText: body.resultText, responsibleUnitId: null, responsibleUnitName: null }) };
}

/** A case on hold: the lead resumes it. */
function planResume(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const lead = p.leadUnitId;
  if (lead === null) throw new Error('demo generator bug: on hold without a lead');
  const user = sim.handlerOf(lead);
  const at = sim.later(rng.between(1, 5) * 420);
  return { at, run: () => sim.act('resume', user, lead, at, {}, resumePayload(sim, at)) };
}

/** A resolved case: the centre follows up, then closes or reopens it. */
function planFollowUp(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona): Plan {
  const p = sim.p;
  const owner = p.ownerUnitId;
  const user = sim.operatorOf(owner);
  if (p.followedUpAt === null) {
    const at = sim.later(rng.logNormal(600, 0.6));
    const reached = rng.chance(0.95);
    const satisfaction = p.reopenCount > 0 ? (rng.chance(0.8) ? 'satisfied' : 'basically_satisfied') : weightedSatisfaction(rng);
    const method = reached ? rng.pick(['phone', 'phone', 'phone', 'sms', 'visit']) : 'no_contact';
    const comment = reached && rng.chance(0.3) ? rng.pick(FOLLOW_UP_COMMENTS) : undefined;
    const body: Record<string, unknown> = reached ? { method, satisfaction } : { method };
    if (comment) body.comment = comment;
    return { at, run: () => sim.act('follow_up', user, owner, at, body, { method, satisfaction: reached ? satisfaction : null, comment: comment ?? null }) };
  }
  if (p.satisfaction === 'unsatisfied' && p.reopenCount === 0 && rng.chance(0.8)) {
    const at = sim.later(rng.logNormal(60, 0.5));
    const body = { reason: rng.pick(REOPEN_REASONS) };
    return { at, run: () => { const d = sim.deadlines(at); sim.act('reopen', user, owner, at, body, { reason: body.reason, resolveDueAt: d.resolveDueAt, wallClock: d.wallClock }); } };
  }
  const at = sim.later(rng.logNormal(30, 0.6));
  return { at, run: () => sim.act('close', user, owner, at, {}, { note: null }) };
}

interface Plan {
  at: number;
  run: () => void;
}

const planners: Partial<Record<CaseStatus, (sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona) => Plan>> = {
  submitted: planTriage,
  accepted: planDispatch,
  returned: planDispatch,
  escalated: planDispatch,
  dispatched: planAcknowledge,
  acknowledged: planWork,
  in_progress: planWork,
  on_hold: planResume,
  resolved: planFollowUp,
};

/** One step of the people's side: false when the case is done (closed, rejected) or its next step lies after now. */
function step(sim: Simulation, rng: Rng, draw: CaseDraw, persona: Persona, nowMs: number): boolean {
  const planner = planners[sim.p.status];
  if (!planner) return false;
  // The next thing someone does, and when; sweeps in between may change the plan.
  const plan = planner(sim, rng, draw, persona);
  if (!sim.sweepUntil(Math.min(plan.at, nowMs + 1))) return true; // escalated meanwhile: the new owner plans afresh
  if (plan.at > nowMs) return false;
  plan.run();
  return true;
}

function weightedSatisfaction(rng: Rng): string {
  const r = rng.next();
  return r < 0.74 ? 'satisfied' : r < 0.9 ? 'basically_satisfied' : 'unsatisfied';
}

function lastLead(p: CaseProjection): number | undefined {
  return [...p.units].reverse().find((u) => u.role === 'lead')?.unitId;
}

function resumePayload(sim: Simulation, atMs: number): Record<string, unknown> {
  const p = sim.p;
  const calendar = sim.calendar;
  const at = new Date(atMs);
  const heldAt = p.holdStartedAt ? new Date(p.holdStartedAt) : at;
  const extend = (due: string | null, stillRunning: boolean) => {
    if (!due || !stillRunning || Date.parse(due) <= heldAt.getTime()) return undefined;
    return deadlineAfter(calendar, at, minutesBetween(calendar, heldAt, new Date(due), p.wallClock), p.wallClock).toISOString();
  };
  const ackDueAt = extend(p.ackDueAt, p.acknowledgedAt === null);
  const resolveDueAt = extend(p.resolveDueAt, true);
  return { heldMinutes: Math.round((at.getTime() - heldAt.getTime()) / 60_000), ...(ackDueAt ? { ackDueAt } : {}), ...(resolveDueAt ? { resolveDueAt } : {}) };
}

/** The whole history of a case taken in at draw.createdAt, up to the context's now. */
export function simulateCase(ctx: HistoryContext, rng: Rng, draw: CaseDraw, intakeUserId: number): CaseHistory {
  const township = draw.village.code.slice(0, 9).padEnd(12, '0');
  const ownerUnitId = ctx.world.centerOf.get(township) ?? parentCenter(ctx.world, draw.village.code)?.id;
  if (ownerUnitId === undefined) throw new Error(`demo world: no centre above ${draw.village.code}`);
  const persona = drawPersona(rng);
  const sim = new Simulation(ctx, rng, draw, persona, ownerUnitId);
  const at = iso(draw.createdAt);
  const label = ctx.world.usernames.get(intakeUserId);
  if (label === undefined) throw new Error(`demo world: user ${intakeUserId} has no username`);
  sim.steps.push({ kind: 'intake', at, userId: intakeUserId });
  sim.write({ action: 'submit', toStatus: 'submitted', unitId: null, at, payload: { ownerUnitId, channel: draw.channel, kind: draw.kind } }, { userId: intakeUserId, label }, true);
  for (let guard = 0; guard < 200 && step(sim, rng, draw, persona, ctx.nowMs); guard++);
  return { ownerUnitId, intakeUserId, events: sim.events, projection: sim.p, deltas: sim.deltas, supervisions: sim.supervisions, steps: sim.steps };
}
