// A simulated case as the rows the write path would have stored: the projection through the same
// projectionColumns, events numbered from 1, unit rows in projection order, parties and personal
// fields encrypted like intake, the tracking code in intake's format; rollup deltas summed per
// (region at levels 0–3, day, slice) exactly as bumpRollups spreads them.
import { blindIndex } from '../../crypto/blind-index.js';
import { encryptPii } from '../../crypto/pii.js';
import { ROLLUP_MEASURES, type RollupMeasure } from '../../db/schema-cases.js';
import type { RollupDelta } from '../analytics/rollup-deltas.js';
import { projectionColumns } from '../cases/cases.repository.js';
import { ancestorCodes, levelOf } from '../regions/region-code.js';
import type { Row } from './demo-bulk.js';
import type { CaseDraw } from './demo-draw.js';
import type { CaseHistory } from './case-history.js';

export const CASE_COLUMNS = [
  'id', 'tracking_code', 'kind', 'channel', 'category_code', 'priority', 'status', 'region_code', 'grid_code', 'address', 'lat', 'lng', 'title', 'description',
  'reporter_name_enc', 'reporter_phone_enc', 'reporter_id_enc', 'reporter_phone_hash', 'is_anonymous', 'owner_unit_id', 'lead_unit_id', 'hold_from_status',
  'hold_started_at', 'ack_due_at', 'resolve_due_at', 'wall_clock', 'acknowledged_at', 'resolved_at', 'closed_at', 'resolution_code', 'satisfaction', 'followed_up_at',
  'overdue_ack', 'overdue_resolve', 'reminded_ack', 'reminded_resolve', 'escalation_count', 'reopen_count', 'merged_into_id', 'created_by', 'created_at', 'updated_at', 'version',
] as const;
export const EVENT_COLUMNS = ['id', 'case_id', 'seq', 'action', 'from_status', 'to_status', 'actor_user_id', 'actor_label', 'unit_id', 'at', 'payload', 'is_public'] as const;
export const CASE_UNIT_COLUMNS = ['id', 'case_id', 'unit_id', 'role', 'status', 'dispatched_at', 'acknowledged_at', 'ended_at', 'note'] as const;
export const PARTY_COLUMNS = ['id', 'case_id', 'role', 'name_enc', 'phone_enc', 'id_number_enc', 'phone_hash', 'name_hash'] as const;
export const SUPERVISION_COLUMNS = ['id', 'case_id', 'kind', 'status', 'reason', 'opened_by_label', 'supervisor_unit_id', 'opened_at', 'due_at', 'report_every_days', 'closed_at', 'region_code', 'last_reminded_at'] as const;
export const ROLLUP_KEY = ['region_code', 'day', 'category_code', 'channel'] as const;
export const ROLLUP_COLUMNS = [...ROLLUP_KEY, 'region_level', ...ROLLUP_MEASURES] as const;

export interface RowBatch {
  cases: Row[];
  events: Row[];
  units: Row[];
  parties: Row[];
  supervisions: Row[];
}

export function emptyBatch(): RowBatch {
  return { cases: [], events: [], units: [], parties: [], supervisions: [] };
}

export interface IdCounters {
  event: number;
  unit: number;
  party: number;
  supervision: number;
}

/** Appends the rows of one case to the batch; ids continue from the counters. */
export function appendCaseRows(batch: RowBatch, ids: IdCounters, key: Buffer, caseId: number, trackingCode: string, draw: CaseDraw, history: CaseHistory): void {
  const p = projectionColumns(history.projection);
  const reporter = draw.reporter ?? {};
  const last = history.events.at(-1);
  const createdAt = new Date(draw.createdAt).toISOString();
  batch.cases.push([
    caseId, trackingCode, draw.kind, draw.channel, draw.categoryCode, draw.priority, p.status, draw.village.code,
    draw.gridIndex === null ? null : (draw.village.grids[draw.gridIndex] ?? null), draw.address, null, null, draw.title, draw.description,
    reporter.name ? encryptPii(key, reporter.name, 'cases.reporter_name') : null,
    reporter.phone ? encryptPii(key, reporter.phone, 'cases.reporter_phone') : null,
    reporter.idNumber ? encryptPii(key, reporter.idNumber, 'cases.reporter_id') : null,
    reporter.phone ? blindIndex(key, 'phone', reporter.phone) : null,
    !reporter.name && !reporter.phone && !reporter.idNumber ? 1 : 0,
    p.owner_unit_id, p.lead_unit_id, p.hold_from_status, p.hold_started_at, p.ack_due_at, p.resolve_due_at, p.wall_clock, p.acknowledged_at, p.resolved_at,
    p.closed_at, p.resolution_code, p.satisfaction, p.followed_up_at, p.overdue_ack, p.overdue_resolve, p.reminded_ack, p.reminded_resolve, p.escalation_count,
    p.reopen_count, p.merged_into_id, history.intakeUserId, createdAt, last?.at ?? createdAt, 1 + history.events.length,
  ]);
  history.events.forEach((e, i) => {
    batch.events.push([++ids.event, caseId, i + 1, e.action, e.fromStatus, e.toStatus, e.actorUserId, e.actorLabel, e.unitId, e.at, JSON.stringify(e.payload), e.isPublic ? 1 : 0]);
  });
  for (const u of history.projection.units) {
    batch.units.push([++ids.unit, caseId, u.unitId, u.role, u.status, u.dispatchedAt, u.acknowledgedAt, u.endedAt, null]);
  }
  for (const party of draw.parties) {
    batch.parties.push([
      ++ids.party, caseId, party.role, encryptPii(key, party.name, 'case_parties.name'),
      party.phone ? encryptPii(key, party.phone, 'case_parties.phone') : null,
      party.idNumber ? encryptPii(key, party.idNumber, 'case_parties.id_number') : null,
      party.phone ? blindIndex(key, 'phone', party.phone) : null,
      blindIndex(key, 'name', party.name),
    ]);
  }
  for (const s of history.supervisions) {
    batch.supervisions.push([++ids.supervision, caseId, 'overdue', s.closedAt ? 'closed' : 'open', s.reason, 'system:sla-sweep', s.supervisorUnitId, s.openedAt, s.dueAt, null, s.closedAt, draw.village.code, null]);
  }
}

const MEASURE_INDEX = new Map<RollupMeasure, number>(ROLLUP_MEASURES.map((m, i) => [m, i]));

/** Daily counters summed in memory, flushed as additive upserts (the same sums bumpRollups makes). */
export class RollupAccumulator {
  // Keys are small integers (day, region, slice numbered as first seen): a numeric Map key costs
  // far less than building and hashing "region|day|category|channel" a dozen times per event.
  private readonly sums = new Map<number, Float64Array>();
  private readonly regions = new Interner();
  private readonly days = new Interner();
  private readonly slices = new Interner();
  private readonly regionsOfVillage = new Map<string, number[]>();

  get size(): number {
    return this.sums.size;
  }

  private key(day: number, region: number, slice: number): number {
    if (region >= 2048 || slice >= 64) throw new Error('rollup accumulator: more regions or slices than its keys hold');
    return (day * 2048 + region) * 64 + slice;
  }

  add(regionCode: string, categoryCode: string, channel: string, deltas: readonly RollupDelta[]): void {
    if (deltas.length === 0) return;
    // One case's deltas summed per day first: each day then touches its 12 keys once.
    const byDay = new Map<string, Float64Array>();
    for (const d of deltas) {
      let sums = byDay.get(d.day);
      if (!sums) byDay.set(d.day, (sums = new Float64Array(ROLLUP_MEASURES.length)));
      for (const m in d.measures) {
        const i = MEASURE_INDEX.get(m as RollupMeasure);
        const v = d.measures[m as RollupMeasure];
        // A measure named with 0 still creates its row, as the upsert does.
        if (i !== undefined && v !== undefined) sums[i] = (sums[i] as number) + v;
      }
    }
    let regions = this.regionsOfVillage.get(regionCode);
    if (!regions) {
      regions = [...ancestorCodes(regionCode), regionCode].filter((c) => levelOf(c) <= 3).map((c) => this.regions.id(c));
      this.regionsOfVillage.set(regionCode, regions);
    }
    const slices = [this.slices.id('*|*'), this.slices.id(`${categoryCode.slice(0, 2)}|*`), this.slices.id(`*|${channel}`)];
    for (const [dayName, daySums] of byDay) {
      const day = this.days.id(dayName);
      for (const region of regions) {
        for (const slice of slices) {
          const key = this.key(day, region, slice);
          const sums = this.sums.get(key);
          if (!sums) {
            this.sums.set(key, daySums.slice());
            continue;
          }
          for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] as number) + (daySums[i] as number);
        }
      }
    }
  }

  /** The rows to upsert (ROLLUP_COLUMNS order), emptying the accumulator. */
  drain(): Row[] {
    const rows: Row[] = [];
    for (const [key, sums] of this.sums) {
      const slice = this.slices.name(key % 64);
      const region = this.regions.name(Math.floor(key / 64) % 2048);
      const day = this.days.name(Math.floor(key / 64 / 2048));
      const [category, channel] = slice.split('|');
      rows.push([region, day, category, channel, levelOf(region), ...sums]);
    }
    this.sums.clear();
    return rows;
  }
}

/** Strings numbered in the order first seen. */
class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new Error(`interner: no name ${id}`);
    return name;
  }
}
