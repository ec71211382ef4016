// What one case event adds to the daily counters. Definitions: docs/metrics.md. Pure: the write path
// upserts these deltas in the same transaction as the event; the recount test folds the events again.
import type { RollupMeasure } from '../../db/schema-cases.js';
import type { CaseEvent, CaseProjection } from '../cases/case-reducer.js';

export interface RollupDelta {
  /** Local calendar day (YYYY-MM-DD) the delta counts on. */
  day: string;
  measures: Partial<Record<RollupMeasure, number>>;
}

/** Handling-time histogram bucket upper bounds, in hours: h0 < 1h, h1 < 4h, … h9 ≥ 30 days. */
export const HANDLING_BUCKETS_HOURS = [1, 4, 24, 48, 72, 120, 168, 360, 720] as const;

export function handlingBucket(minutes: number): RollupMeasure {
  const hours = minutes / 60;
  const index = HANDLING_BUCKETS_HOURS.findIndex((limit) => hours < limit);
  return `h${index === -1 ? 9 : index}` as RollupMeasure;
}

export function handlingMinutes(createdAt: string, resolvedAt: string): number {
  return Math.max(0, Math.round((Date.parse(resolvedAt) - Date.parse(createdAt)) / 60_000));
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** The local (UTC+8) day of an instant: rollups are days as people in the province live them. */
export function rollupDay(at: string): string {
  return new Date(Date.parse(at) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function rollupDeltas(before: CaseProjection, after: CaseProjection, event: CaseEvent, createdAt: string): RollupDelta[] {
  const day = rollupDay(event.at);
  const one = (measures: RollupDelta['measures']): RollupDelta[] => [{ day, measures }];
  switch (event.action) {
    case 'submit':
      return one({ received: 1 });
    case 'accept':
      return one({ accepted: 1 });
    case 'reject':
      return one({ rejected: 1 });
    case 'merge':
      return one({ merged: 1 });
    case 'dispatch':
    case 'whistle':
    case 'transfer':
      return before.status === after.status ? [] : one({ dispatched: 1 });
    case 'acknowledge': {
      if (before.status !== 'dispatched' || after.status !== 'acknowledged') return [];
      const onTime = before.ackDueAt === null || event.at <= before.ackDueAt;
      return one({ acknowledged: 1, ack_on_time: onTime ? 1 : 0 });
    }
    case 'return':
      return before.status === after.status ? [] : one({ returned: 1 });
    case 'escalate':
      return one({ escalated: 1 });
    case 'overdue':
      return event.payload.clock === 'resolve' ? one({ overdue: 1 }) : [];
    case 'resolve': {
      if (after.status !== 'resolved' || !after.resolvedAt) return one({ returned: 1 });
      const minutes = handlingMinutes(createdAt, after.resolvedAt);
      return one({ resolved: 1, resolved_on_time: after.resolvedOnTime ? 1 : 0, handling_minutes: minutes, [handlingBucket(minutes)]: 1 });
    }
    case 'follow_up': {
      if (event.payload.method === 'no_contact') return [];
      const s = after.satisfaction;
      return one({ followed_up: 1, satisfied: s === 'satisfied' ? 1 : 0, basically_satisfied: s === 'basically_satisfied' ? 1 : 0, unsatisfied: s === 'unsatisfied' ? 1 : 0 });
    }
    case 'reopen': {
      // The earlier resolution stops counting, on the day it was counted.
      const out: RollupDelta[] = [{ day, measures: { reopened: 1 } }];
      if (before.resolvedAt) {
        const minutes = handlingMinutes(createdAt, before.resolvedAt);
        out.push({
          day: rollupDay(before.resolvedAt),
          measures: { resolved: -1, resolved_on_time: before.resolvedOnTime ? -1 : 0, handling_minutes: -minutes, [handlingBucket(minutes)]: -1 },
        });
      }
      return out;
    }
    case 'close':
      return one({ closed: 1 });
    default:
      return [];
  }
}
