// What a resident sees of a case: a whitelist. The timeline keeps only public events of known
// kinds and, of their payloads, only the unit a case went to, a resolution's result and text, a
// rejection's reason and a follow-up's rating. Never a staff name (actor labels are not read), an
// internal note, a party, or any other payload field.
import type { CaseStatus } from '../cases/workflow.js';
import type { PublicCaseRow } from './portal.repository.js';
import type { PublicCaseViewDto } from './portal.schemas.js';

type EventRow = { seq: number; action: string; to_status: string; unit_id: number | null; at: string; payload: string };
type TimelineItem = PublicCaseViewDto['timeline'][number];

/** Actions a resident reads about, each with the payload fields it may show. */
const SHOWN: Readonly<Record<string, { unit?: 'leadUnitId' | 'toUnitName'; code?: 'result' | 'satisfaction'; note?: 'resultText' | 'reason' }>> = {
  submit: {},
  accept: {},
  reject: { note: 'reason' },
  merge: {},
  dispatch: { unit: 'leadUnitId' },
  whistle: { unit: 'leadUnitId' },
  acknowledge: {},
  return: {},
  transfer: { unit: 'leadUnitId' },
  start: {},
  hold: {},
  resume: {},
  escalate: { unit: 'toUnitName' },
  resolve: { code: 'result', note: 'resultText' },
  follow_up: { code: 'satisfaction' },
  reopen: {},
  close: {},
};

function parse(payload: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Unit ids the timeline will name, so the caller can look their names up in one query. */
export function timelineUnitIds(events: readonly EventRow[]): number[] {
  const ids = events.flatMap((e) => {
    if (SHOWN[e.action]?.unit !== 'leadUnitId') return [];
    const id = parse(e.payload).leadUnitId;
    return typeof id === 'number' ? [id] : [];
  });
  return [...new Set(ids)];
}

export function toTimeline(events: readonly EventRow[], unitNames: ReadonlyMap<number, string>): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const e of events) {
    const shown = SHOWN[e.action];
    if (!shown) continue;
    const payload = parse(e.payload);
    let unitName: string | null = null;
    if (shown.unit === 'leadUnitId') {
      const id = payload.leadUnitId;
      unitName = typeof id === 'number' ? (unitNames.get(id) ?? null) : null;
    } else if (shown.unit === 'toUnitName') {
      unitName = text(payload.toUnitName);
    }
    // A whistle that only summons more departments names no new lead: nothing to say about it.
    if (e.action === 'whistle' && unitName === null) continue;
    out.push({
      at: e.at,
      action: e.action,
      status: e.to_status as CaseStatus,
      unitName,
      code: shown.code ? text(payload[shown.code]) : null,
      note: shown.note ? text(payload[shown.note]) : null,
    });
  }
  return out;
}

/** The satisfaction form is open once resolved, until someone (the resident or staff) followed up. */
export function isFeedbackOpen(row: Pick<PublicCaseRow, 'status' | 'followed_up_at'>): boolean {
  return row.status === 'resolved' && row.followed_up_at === null;
}

/** A case whose reporter left no phone: its status, nothing else. */
export function statusOnlyView(row: PublicCaseRow): PublicCaseViewDto {
  return {
    trackingCode: row.tracking_code,
    verified: false,
    status: row.status as CaseStatus,
    submittedAt: null,
    updatedAt: null,
    title: null,
    kind: null,
    category: null,
    responsibleUnit: null,
    dueAt: null,
    result: null,
    satisfaction: null,
    feedbackOpen: false,
    timeline: [],
  };
}

export interface FullViewParts {
  events: readonly EventRow[];
  unitNames: ReadonlyMap<number, string>;
  category: { name: string; name_en: string } | undefined;
}

export function fullView(row: PublicCaseRow, parts: FullViewParts): PublicCaseViewDto {
  const timeline = toTimeline(parts.events, parts.unitNames);
  const lastResolve = [...timeline].reverse().find((e) => e.action === 'resolve');
  const responsibleId = row.lead_unit_id ?? row.owner_unit_id;
  return {
    trackingCode: row.tracking_code,
    verified: true,
    status: row.status as CaseStatus,
    submittedAt: row.created_at,
    updatedAt: row.updated_at,
    title: row.title,
    kind: row.kind,
    category: parts.category ? { code: row.category_code, name: parts.category.name, nameEn: parts.category.name_en } : null,
    responsibleUnit: parts.unitNames.get(responsibleId) ?? null,
    dueAt: row.resolve_due_at,
    result: row.resolution_code && row.resolved_at ? { code: row.resolution_code, text: lastResolve?.note ?? null, resolvedAt: row.resolved_at } : null,
    satisfaction: row.satisfaction,
    feedbackOpen: isFeedbackOpen(row),
    timeline,
  };
}
