// The one write path of a case (DESIGN principle 2): given the case as stored and an event, apply
// the reducer, then in the caller's transaction write the projection (optimistic on version), the
// event, the unit rows, the rollup counters, the outbox row and the audit row.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { rollupDeltas } from '../analytics/rollup-deltas.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { type CaseEvent, type CaseProjection, applyEvent, initialProjection } from './case-reducer.js';
import * as repo from './cases.repository.js';
import type { CaseStatus } from './workflow.js';

export interface StoredCase {
  id: number;
  trackingCode: string;
  regionCode: string;
  categoryCode: string;
  channel: string;
  createdAt: string;
  version: number;
  projection: CaseProjection;
}

type CaseRowLike = NonNullable<Awaited<ReturnType<typeof repo.findCaseByTrackingCode>>>;

export async function loadStoredCase(db: Db, row: CaseRowLike): Promise<StoredCase> {
  const units = await repo.findUnitsOfCase(db, row.id);
  const lastResolve = row.resolved_at ? { resolvedOnTime: row.resolve_due_at === null || row.resolved_at <= row.resolve_due_at } : { resolvedOnTime: null };
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    regionCode: row.region_code,
    categoryCode: row.category_code,
    channel: row.channel,
    createdAt: row.created_at,
    version: row.version,
    projection: {
      status: row.status as CaseStatus,
      ownerUnitId: row.owner_unit_id,
      leadUnitId: row.lead_unit_id,
      holdFromStatus: (row.hold_from_status as CaseStatus | null) ?? null,
      holdStartedAt: row.hold_started_at,
      ackDueAt: row.ack_due_at,
      resolveDueAt: row.resolve_due_at,
      wallClock: row.wall_clock === 1,
      acknowledgedAt: row.acknowledged_at,
      resolvedAt: row.resolved_at,
      resolvedOnTime: lastResolve.resolvedOnTime,
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
        role: u.role === 'lead' ? 'lead' : 'co',
        status: u.status as CaseProjection['units'][number]['status'],
        dispatchedAt: u.dispatched_at,
        acknowledgedAt: u.acknowledged_at,
        endedAt: u.ended_at,
      })),
    },
  };
}

export interface WriteOptions {
  actor: Actor;
  isPublic: boolean;
  ip?: string | null;
}

/** Applies one event and writes everything it changes. Throws version_conflict on a stale version. */
export async function writeCaseEvent(trx: Db, stored: StoredCase, event: CaseEvent, options: WriteOptions): Promise<{ projection: CaseProjection; version: number; seq: number }> {
  const before = stored.projection;
  const after = applyEvent(before, event);
  const updated = await repo.updateProjection(trx, stored.id, stored.version, after, event.at);
  if (!updated) {
    throw new AppError('version_conflict', `Case ${stored.id} was changed by someone else; reload it (you had version ${stored.version})`, {
      errors: [{ field: 'version', message: 'stale' }],
    });
  }
  await repo.syncCaseUnits(trx, stored.id, after.units);
  const seq = await repo.nextEventSeq(trx, stored.id);
  await writeEventRows(trx, stored, before, after, event, seq, options);
  return { projection: after, version: stored.version + 1, seq };
}

/** A new case's columns that are not its projection (those come from the reducer). */
export type NewCaseRow = Omit<Insertable<Database['cases']>, keyof ReturnType<typeof repo.projectionColumns> | 'id' | 'version' | 'updated_at'>;

/** The version a case row is born with; every event's write adds one. */
const FIRST_VERSION = 1;

/**
 * Takes a new case in with its first event (the submit): the same rows as inserting the row with
 * `initialProjection(ownerUnitId)` at the first version and then `writeCaseEvent`, with one INSERT
 * instead of an INSERT and an UPDATE, and without reading the units and events a new case has not.
 */
export async function insertCaseWithFirstEvent(
  trx: Db,
  row: NewCaseRow,
  ownerUnitId: number,
  event: CaseEvent,
  options: WriteOptions,
): Promise<{ id: number; projection: CaseProjection; version: number; seq: number }> {
  const before = initialProjection(ownerUnitId);
  const after = applyEvent(before, event);
  const version = FIRST_VERSION + 1;
  const id = await repo.insertCase(trx, { ...row, ...repo.projectionColumns(after), updated_at: event.at, version });
  const stored: StoredCase = { id, trackingCode: row.tracking_code, regionCode: row.region_code, categoryCode: row.category_code, channel: row.channel, createdAt: row.created_at, version, projection: after };
  if (after.units.length > 0) await repo.syncCaseUnits(trx, id, after.units);
  const seq = 1;
  await writeEventRows(trx, stored, before, after, event, seq, options);
  return { id, projection: after, version, seq };
}

/** Everything an event writes besides the projection: its row, the rollups, the outbox and the audit row. */
async function writeEventRows(trx: Db, stored: StoredCase, before: CaseProjection, after: CaseProjection, event: CaseEvent, seq: number, options: WriteOptions): Promise<void> {
  await repo.insertEvent(trx, {
    case_id: stored.id,
    seq,
    action: event.action,
    from_status: before.status,
    to_status: after.status,
    actor_user_id: options.actor.userId,
    actor_label: options.actor.label,
    unit_id: event.unitId,
    at: event.at,
    payload: JSON.stringify(event.payload),
    is_public: options.isPublic ? 1 : 0,
  });
  await repo.insertOutbox(trx, {
    topic: `case.${event.action}`,
    caseId: stored.id,
    regionCode: stored.regionCode,
    at: event.at,
    payload: { caseId: stored.id, trackingCode: stored.trackingCode, action: event.action, fromStatus: before.status, status: after.status, unitIds: after.units.filter((u) => u.endedAt === null).map((u) => u.unitId), ownerUnitId: after.ownerUnitId, at: event.at },
  });
  await appendAudit(trx, {
    actorUserId: options.actor.userId,
    actorLabel: options.actor.label,
    action: `case.${event.action}`,
    entityType: 'case',
    entityId: stored.id,
    regionCode: stored.regionCode,
    detail: { seq, from: before.status, to: after.status },
    ip: options.ip ?? null,
    at: event.at,
  });
  // Last, so the rollup rows every write of the day shares (the province's, the city's) stay locked
  // on PostgreSQL only from here to the COMMIT, not while the statements above run.
  await repo.bumpRollups(trx, stored, rollupDeltas(before, after, event, stored.createdAt));
}
