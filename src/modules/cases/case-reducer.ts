// The case projection as a fold over its events. The write path computes the new projection with
// applyEvent and stores it; a replay of the stored events must give the same projection (tested).
// Every value an event needs (deadlines, the next owner) is computed before and carried in its
// payload, so this fold is deterministic and does no I/O.
import type { CaseStatus } from './workflow.js';

export interface CaseUnitState {
  unitId: number;
  role: 'lead' | 'co';
  status: 'pending' | 'acknowledged' | 'returned' | 'replaced';
  dispatchedAt: string;
  acknowledgedAt: string | null;
  endedAt: string | null;
}

export interface CaseProjection {
  status: CaseStatus;
  ownerUnitId: number;
  leadUnitId: number | null;
  holdFromStatus: CaseStatus | null;
  holdStartedAt: string | null;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  wallClock: boolean;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolvedOnTime: boolean | null;
  closedAt: string | null;
  resolutionCode: string | null;
  satisfaction: string | null;
  followedUpAt: string | null;
  overdueAck: boolean;
  overdueResolve: boolean;
  remindedAck: boolean;
  remindedResolve: boolean;
  escalationCount: number;
  reopenCount: number;
  mergedIntoId: number | null;
  units: CaseUnitState[];
}

/** Event kinds: the workflow actions plus the intake and the sweeps' own events. */
export interface CaseEvent {
  action: string;
  toStatus: CaseStatus;
  unitId: number | null;
  at: string;
  payload: Record<string, unknown>;
}

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function nums(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

export function initialProjection(ownerUnitId: number): CaseProjection {
  return {
    status: 'submitted',
    ownerUnitId,
    leadUnitId: null,
    holdFromStatus: null,
    holdStartedAt: null,
    ackDueAt: null,
    resolveDueAt: null,
    wallClock: false,
    acknowledgedAt: null,
    resolvedAt: null,
    resolvedOnTime: null,
    closedAt: null,
    resolutionCode: null,
    satisfaction: null,
    followedUpAt: null,
    overdueAck: false,
    overdueResolve: false,
    remindedAck: false,
    remindedResolve: false,
    escalationCount: 0,
    reopenCount: 0,
    mergedIntoId: null,
    units: [],
  };
}

function endActiveUnits(units: CaseUnitState[], at: string, status: CaseUnitState['status']): CaseUnitState[] {
  return units.map((u) => (u.endedAt === null ? { ...u, status: u.status === 'pending' || u.status === 'acknowledged' ? status : u.status, endedAt: at } : u));
}

function addUnits(units: CaseUnitState[], leadUnitId: number | null, unitIds: number[], at: string): CaseUnitState[] {
  const active = new Set(units.filter((u) => u.endedAt === null).map((u) => u.unitId));
  const out = [...units];
  const wanted = leadUnitId === null ? unitIds : [leadUnitId, ...unitIds.filter((id) => id !== leadUnitId)];
  for (const id of wanted) {
    if (active.has(id)) continue;
    active.add(id);
    out.push({ unitId: id, role: id === leadUnitId ? 'lead' : 'co', status: 'pending', dispatchedAt: at, acknowledgedAt: null, endedAt: null });
  }
  return out;
}

/** Deadlines carried by dispatch, transfer, reopen, resume and extension events. */
function withDeadlines(p: CaseProjection, payload: Record<string, unknown>): CaseProjection {
  const ack = str(payload.ackDueAt);
  const resolve = str(payload.resolveDueAt);
  // Every ackDueAt starts a new acknowledge clock (for the unit just dispatched). A re-dispatch
  // carries the unchanged resolve deadline of the intake, though: only a different one is new, or
  // the SLA sweep would flag and escalate the same lapse again.
  const ackIsNew = ack !== null;
  const resolveIsNew = resolve !== null && resolve !== p.resolveDueAt;
  return {
    ...p,
    ackDueAt: ack ?? p.ackDueAt,
    resolveDueAt: resolve ?? p.resolveDueAt,
    wallClock: typeof payload.wallClock === 'boolean' ? payload.wallClock : p.wallClock,
    // A new deadline gives the unit a fresh reminder and clears an overdue flag it no longer deserves.
    remindedAck: ackIsNew ? false : p.remindedAck,
    remindedResolve: resolveIsNew ? false : p.remindedResolve,
    overdueAck: ackIsNew ? false : p.overdueAck,
    overdueResolve: resolveIsNew ? false : p.overdueResolve,
  };
}

export function applyEvent(p: CaseProjection, e: CaseEvent): CaseProjection {
  const next: CaseProjection = { ...p, status: e.toStatus };
  const payload = e.payload;
  switch (e.action) {
    case 'submit':
      return { ...initialProjection(num(payload.ownerUnitId) ?? p.ownerUnitId) };
    case 'merge':
      return { ...next, mergedIntoId: num(payload.intoCaseId), closedAt: e.at };
    case 'reject':
      return { ...next, closedAt: e.at };
    case 'dispatch':
    case 'whistle':
    case 'transfer': {
      const lead = num(payload.leadUnitId);
      const fresh = e.action !== 'whistle' || p.status !== e.toStatus;
      let units = p.units;
      // A new lead replaces the old one; co-units stay unless the case starts over. A co-unit named
      // lead gives up its co row and takes the case afresh as lead (it must acknowledge as lead).
      if (lead !== null) units = units.map((u) => ((u.role === 'lead' || u.unitId === lead) && u.endedAt === null ? { ...u, status: 'replaced' as const, endedAt: e.at } : u));
      units = addUnits(units, lead, nums(payload.unitIds), e.at);
      const dispatched = withDeadlines({ ...next, units, leadUnitId: lead ?? p.leadUnitId }, payload);
      return fresh ? { ...dispatched, acknowledgedAt: lead !== null ? null : p.acknowledgedAt } : dispatched;
    }
    case 'acknowledge': {
      const units = p.units.map((u) => (u.unitId === e.unitId && u.status === 'pending' && u.endedAt === null ? { ...u, status: 'acknowledged' as const, acknowledgedAt: e.at } : u));
      const isLead = e.unitId === p.leadUnitId;
      return { ...next, units, acknowledgedAt: isLead ? e.at : p.acknowledgedAt };
    }
    case 'return': {
      const isLead = e.unitId === p.leadUnitId;
      const units = p.units.map((u) => (u.unitId === e.unitId && u.endedAt === null ? { ...u, status: 'returned' as const, endedAt: e.at } : u));
      return { ...next, units, leadUnitId: isLead ? null : p.leadUnitId };
    }
    case 'hold':
      return { ...next, holdFromStatus: p.status, holdStartedAt: e.at };
    case 'resume':
      return withDeadlines({ ...next, holdFromStatus: null, holdStartedAt: null }, payload);
    case 'decide_extension':
      return withDeadlines(next, payload);
    case 'escalate': {
      const owner = num(payload.toUnitId) ?? p.ownerUnitId;
      return { ...next, ownerUnitId: owner, escalationCount: p.escalationCount + 1 };
    }
    case 'resolve': {
      const result = str(payload.result);
      if (e.toStatus === 'returned') {
        // "Not our responsibility" sends the case back for re-dispatch; it is not a resolution.
        const units = p.units.map((u) => (u.unitId === p.leadUnitId && u.endedAt === null ? { ...u, status: 'returned' as const, endedAt: e.at } : u));
        return { ...next, units, leadUnitId: null };
      }
      const onTime = p.resolveDueAt === null || e.at <= p.resolveDueAt;
      return { ...next, resolvedAt: e.at, resolvedOnTime: onTime, resolutionCode: result, satisfaction: null, followedUpAt: null };
    }
    case 'follow_up': {
      const method = str(payload.method);
      if (method === 'no_contact') return { ...next, followedUpAt: e.at, satisfaction: null };
      return { ...next, followedUpAt: e.at, satisfaction: str(payload.satisfaction) };
    }
    case 'reopen':
      return withDeadlines({ ...next, reopenCount: p.reopenCount + 1, resolvedAt: null, resolvedOnTime: null, resolutionCode: null, closedAt: null }, payload);
    case 'close':
      return { ...next, closedAt: e.at, units: endActiveUnits(p.units, e.at, 'acknowledged') };
    case 'remind':
      return { ...next, remindedAck: payload.clock === 'ack' ? true : p.remindedAck, remindedResolve: payload.clock === 'resolve' ? true : p.remindedResolve };
    case 'overdue':
      return { ...next, overdueAck: payload.clock === 'ack' ? true : p.overdueAck, overdueResolve: payload.clock === 'resolve' ? true : p.overdueResolve };
    default:
      // accept, start, add_note, request_extension, supervise, report_progress: state only.
      return next;
  }
}

export function replay(events: CaseEvent[], ownerUnitId: number): CaseProjection {
  return events.reduce(applyEvent, initialProjection(ownerUnitId));
}
