// Row types of the cases tables (migration 20261127T0301-cases).
import type { Generated } from 'kysely';

export interface CategoriesTable {
  code: string;
  parent_code: string | null;
  name: string;
  name_en: string;
  default_kind: string | null;
  department_kind: string | null;
  keywords: Generated<string>;
  sort: Generated<number>;
  status: Generated<string>;
  updated_at: string;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  category_code: string;
  region_level: number | null;
  department_kind: string;
  sort: Generated<number>;
  updated_at: string;
}

export interface SlaPoliciesTable {
  id: Generated<number>;
  category_code: string | null;
  priority: string;
  ack_minutes: number;
  resolve_minutes: number;
  wall_clock: Generated<number>;
  updated_at: string;
}

export interface CalendarDaysTable {
  day: string;
  kind: string;
  note: Generated<string>;
}

export interface TrackingCountersTable {
  day: string;
  next_value: number;
}

export interface CasesTable {
  id: Generated<number>;
  tracking_code: string;
  kind: string;
  channel: string;
  category_code: string;
  priority: string;
  status: string;
  region_code: string;
  grid_code: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  title: string;
  description: string;
  reporter_name_enc: string | null;
  reporter_phone_enc: string | null;
  reporter_id_enc: string | null;
  reporter_phone_hash: string | null;
  is_anonymous: Generated<number>;
  owner_unit_id: number;
  lead_unit_id: number | null;
  hold_from_status: string | null;
  hold_started_at: string | null;
  ack_due_at: string | null;
  resolve_due_at: string | null;
  wall_clock: Generated<number>;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  resolution_code: string | null;
  satisfaction: string | null;
  followed_up_at: string | null;
  overdue_ack: Generated<number>;
  overdue_resolve: Generated<number>;
  reminded_ack: Generated<number>;
  reminded_resolve: Generated<number>;
  escalation_count: Generated<number>;
  reopen_count: Generated<number>;
  merged_into_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface CaseUnitsTable {
  id: Generated<number>;
  case_id: number;
  unit_id: number;
  role: string;
  status: string;
  dispatched_at: string;
  acknowledged_at: string | null;
  ended_at: string | null;
  note: string | null;
}

export interface CasePartiesTable {
  id: Generated<number>;
  case_id: number;
  role: string;
  name_enc: string | null;
  phone_enc: string | null;
  id_number_enc: string | null;
  phone_hash: string | null;
  name_hash: string | null;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_user_id: number | null;
  actor_label: string;
  unit_id: number | null;
  at: string;
  payload: string;
  is_public: Generated<number>;
}

export interface CaseExtensionsTable {
  id: Generated<number>;
  case_id: number;
  unit_id: number;
  minutes: number;
  reason: string;
  status: string;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface SupervisionsTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  status: string;
  reason: string;
  opened_by_label: string;
  supervisor_unit_id: number | null;
  opened_at: string;
  due_at: string | null;
  report_every_days: number | null;
  closed_at: string | null;
  region_code: string;
  /** When the SLA sweep last reminded about this supervision (migration 20261127T0410). */
  last_reminded_at: string | null;
}

export interface SupervisionReportsTable {
  id: Generated<number>;
  supervision_id: number;
  author_label: string;
  at: string;
  text: string;
}

/** Additive counters kept per (region at levels 0–3, day, category or '*', channel or '*'). */
export const ROLLUP_MEASURES = [
  'received', 'accepted', 'rejected', 'merged', 'dispatched', 'acknowledged', 'ack_on_time', 'returned',
  'escalated', 'overdue', 'resolved', 'resolved_on_time', 'reopened', 'followed_up', 'satisfied',
  'basically_satisfied', 'unsatisfied', 'closed', 'handling_minutes',
  'h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9',
] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

export type CaseRollupsTable = {
  region_code: string;
  day: string;
  category_code: string;
  channel: string;
  region_level: number;
} & { [K in RollupMeasure]: Generated<number> };

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  case_id: number | null;
  region_code: string | null;
  payload: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface JobLeasesTable {
  name: string;
  owner: string;
  expires_at: string;
}

export interface CasesDatabase {
  categories: CategoriesTable;
  routing_rules: RoutingRulesTable;
  sla_policies: SlaPoliciesTable;
  calendar_days: CalendarDaysTable;
  tracking_counters: TrackingCountersTable;
  cases: CasesTable;
  case_units: CaseUnitsTable;
  case_parties: CasePartiesTable;
  case_events: CaseEventsTable;
  case_extensions: CaseExtensionsTable;
  supervisions: SupervisionsTable;
  supervision_reports: SupervisionReportsTable;
  case_rollups: CaseRollupsTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  job_leases: JobLeasesTable;
  attachments: AttachmentsTable;
}

/** Files attached to cases (migration 20261127T0421-attachments); bytes in content-addressed storage. */
export interface AttachmentsTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  uploaded_by_label: string;
  uploaded_at: string;
  is_public: Generated<number>;
}
