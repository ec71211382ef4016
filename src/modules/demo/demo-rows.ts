// A simulated case as the rows the write path would have stored: the projection through the same
// projectionColumns, events numbered from 1, unit rows in projection order, parties and personal
// fields encrypted like intake, the tracking code in intake's format; rollup deltas summed per
// (region at levels 0–3, day, slice) exactly as bumpRollups spreads them.
import { blindIndex } from '../../crypto/blind-index.js';
import { encryptPii } from '../../crypto/pii.js';
import { ROLLUP_MEASURES } from '../../db/schema-cases.js';
import type { RollupDelta } from '../analytics/rollup-deltas.js';
import { projectionColumns } from '../cases/cases.repository.js';
import { ancestorCodes, levelOf } from '../regions/region-code.js';
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

/**
 * Rows of a chunk per table, flat: row r's column c is at r × width + c (width: the table's column
 * count). One array per table instead of one per row is far fewer objects to allocate, post to the
 * writing thread, collect, and bind from there.
 */
export interface RowBatch {
  cases: unknown[];
  events: unknown[];
  units: unknown[];
  parties: unknown[];
  supervisions: unknown[];
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
  batch.cases.push(
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
  );
  const events = history.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as (typeof events)[number];
    batch.events.push(++ids.event, caseId, i + 1, e.action, e.fromStatus, e.toStatus, e.actorUserId, e.actorLabel, e.unitId, e.at, JSON.stringify(e.payload), e.isPublic ? 1 : 0);
  }
  for (const u of history.projection.units) {
    batch.units.push(++ids.unit, caseId, u.unitId, u.role, u.status, u.dispatchedAt, u.acknowledgedAt, u.endedAt, null);
  }
  for (const party of draw.parties) {
    batch.parties.push(
      ++ids.party, caseId, party.role, encryptPii(key, party.name, 'case_parties.name'),
      party.phone ? encryptPii(key, party.phone, 'case_parties.phone') : null,
      party.idNumber ? encryptPii(key, party.idNumber, 'case_parties.id_number') : null,
      party.phone ? blindIndex(key, 'phone', party.phone) : null,
      blindIndex(key, 'name', party.name),
    );
  }
  for (const s of history.supervisions) {
    batch.supervisions.push(++ids.supervision, caseId, 'overdue', s.closedAt ? 'closed' : 'open', s.reason, 'system:sla-sweep', s.supervisorUnitId, s.openedAt, s.dueAt, null, s.closedAt, draw.village.code, null);
  }
}

const MEASURE_INDEX = new Map<string, number>(ROLLUP_MEASURES.map((m, i) => [m, i]));
const WIDTH = ROLLUP_MEASURES.length;

/** Daily counters summed in memory, flushed as additive upserts (the same sums bumpRollups makes). */
export class RollupAccumulator {
  // Keys are small integers (day, region, slice numbered as first seen): a numeric Map key costs
  // far less than building and hashing "region|day|category|channel" a dozen times per event.
  // The sums of a key live at slot × WIDTH in one growing array, not in an array of their own:
  // millions of small typed arrays cost more to allocate and collect than to add up.
  private readonly slots = new Map<number, number>();
  private readonly keys: number[] = [];
  private pool = new Float64Array(WIDTH * 4096);
  private readonly regions = new Interner();
  private readonly days = new Interner();
  private readonly slices = new Interner();
  private readonly regionsOfVillage = new Map<string, number[]>();
  private readonly slicesOf = new Map<string, Map<string, number[]>>();
  // One case's sums per day, reused from case to case: day ids in first-seen order, WIDTH sums each.
  private readonly caseDays: number[] = [];
  private caseSums = new Float64Array(WIDTH * 8);

  get size(): number {
    return this.keys.length;
  }

  add(regionCode: string, categoryCode: string, channel: string, deltas: readonly RollupDelta[]): void {
    if (deltas.length === 0) return;
    // One case's deltas summed per day first (in the order they come): each day then touches its
    // 12 keys once.
    const caseDays = this.caseDays;
    caseDays.length = 0;
    for (const d of deltas) {
      const day = this.days.id(d.day);
      let at = caseDays.indexOf(day);
      if (at < 0) {
        at = caseDays.length;
        caseDays.push(day);
        if ((at + 1) * WIDTH > this.caseSums.length) this.caseSums = grown(this.caseSums);
        this.caseSums.fill(0, at * WIDTH, (at + 1) * WIDTH);
      }
      const base = at * WIDTH;
      const measures = d.measures as Record<string, number | undefined>;
      for (const m in measures) {
        const i = MEASURE_INDEX.get(m);
        const v = measures[m];
        // A measure named with 0 still creates its row, as the upsert does.
        if (i !== undefined && v !== undefined) this.caseSums[base + i] = (this.caseSums[base + i] as number) + v;
      }
    }
    const regions = this.regionsOf(regionCode);
    const slices = this.slicesFor(categoryCode, channel);
    const caseSums = this.caseSums;
    for (let at = 0; at < caseDays.length; at++) {
      const day = caseDays[at] as number;
      const base = at * WIDTH;
      for (const region of regions) {
        for (const slice of slices) {
          const key = (day * 2048 + region) * 64 + slice;
          const slot = this.slots.get(key);
          if (slot === undefined) {
            const fresh = this.keys.length;
            this.keys.push(key);
            this.slots.set(key, fresh);
            if ((fresh + 1) * WIDTH > this.pool.length) this.pool = grown(this.pool);
            const pool = this.pool;
            for (let i = 0; i < WIDTH; i++) pool[fresh * WIDTH + i] = caseSums[base + i] as number;
            continue;
          }
          const pool = this.pool;
          const to = slot * WIDTH;
          for (let i = 0; i < WIDTH; i++) pool[to + i] = (pool[to + i] as number) + (caseSums[base + i] as number);
        }
      }
    }
  }

  private regionsOf(regionCode: string): number[] {
    let regions = this.regionsOfVillage.get(regionCode);
    if (!regions) {
      regions = [...ancestorCodes(regionCode), regionCode].filter((c) => levelOf(c) <= 3).map((c) => this.regions.id(c));
      if (this.regions.size > 2048) throw new Error('rollup accumulator: more regions than its keys hold');
      this.regionsOfVillage.set(regionCode, regions);
    }
    return regions;
  }

  private slicesFor(categoryCode: string, channel: string): number[] {
    let byChannel = this.slicesOf.get(categoryCode);
    if (!byChannel) this.slicesOf.set(categoryCode, (byChannel = new Map()));
    let slices = byChannel.get(channel);
    if (!slices) {
      slices = [this.slices.id('*|*'), this.slices.id(`${categoryCode.slice(0, 2)}|*`), this.slices.id(`*|${channel}`)];
      if (this.slices.size > 64) throw new Error('rollup accumulator: more slices than its keys hold');
      byChannel.set(channel, slices);
    }
    return slices;
  }

  /**
   * The rows to upsert, flat in ROLLUP_COLUMNS order, emptying the accumulator. Sorted like the
   * table's primary key (region, day, slice), so the upserts walk its B-tree in order.
   */
  drain(): unknown[] {
    const count = this.keys.length;
    const values: unknown[] = [];
    for (const slot of this.sortedSlots()) {
      const key = this.keys[slot] as number;
      const slice = this.slices.name(key % 64);
      const region = this.regions.name(Math.floor(key / 64) % 2048);
      const day = this.days.name(Math.floor(key / 64 / 2048));
      const bar = slice.indexOf('|');
      values.push(region, day, slice.slice(0, bar), slice.slice(bar + 1), levelOf(region));
      for (let m = slot * WIDTH; m < (slot + 1) * WIDTH; m++) values.push(this.pool[m]);
    }
    this.slots.clear();
    this.keys.length = 0;
    if (values.length !== count * (WIDTH + 5)) throw new Error('rollup accumulator: drained rows do not match its keys');
    return values;
  }

  /** Slots in primary-key order: region rank (11 bits), day rank (16), slice rank (6) and the slot (20) packed in one exact double, sorted natively. */
  private sortedSlots(): Iterable<number> {
    const count = this.keys.length;
    if (count >= 2 ** 20 || this.days.size >= 2 ** 16) return this.keys.keys(); // beyond the packing: unsorted, still correct
    const regionRank = this.regions.ranks();
    const dayRank = this.days.ranks();
    const sliceRank = this.slices.ranks();
    const packed = new Float64Array(count);
    for (let slot = 0; slot < count; slot++) {
      const key = this.keys[slot] as number;
      const rank = ((regionRank[Math.floor(key / 64) % 2048] as number) * 65_536 + (dayRank[Math.floor(key / 64 / 2048)] as number)) * 64 + (sliceRank[key % 64] as number);
      packed[slot] = rank * 2 ** 20 + slot;
    }
    packed.sort();
    return Array.from(packed, (v) => v % 2 ** 20);
  }
}

function grown(array: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
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

  get size(): number {
    return this.names.length;
  }

  /** Each id's position in the sorted order of the names. */
  ranks(): number[] {
    const ranks: number[] = new Array(this.names.length);
    const order = this.names.map((_, i) => i).sort((a, b) => ((this.names[a] as string) < (this.names[b] as string) ? -1 : 1));
    order.forEach((id, rank) => (ranks[id] = rank));
    return ranks;
  }

  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new Error(`interner: no name ${id}`);
    return name;
  }
}
