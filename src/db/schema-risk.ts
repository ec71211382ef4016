// Row types of the risk early-warning tables (migration 20261127T0451-risk). JSON columns are text.
import type { Generated } from 'kysely';

export interface RiskDefinitionsTable {
  id: Generated<number>;
  type: string;
  key: string;
  version: number;
  name: string;
  status: string;
  definition: string;
  created_by_label: string;
  created_at: string;
  retired_at: string | null;
  retired_by_label: string | null;
}

export interface RiskAssessmentsTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  definition_id: number | null;
  instrument_key: string | null;
  instrument_version: number | null;
  trigger_kind: string;
  answers: string;
  result: string;
  assessor_user_id: number | null;
  assessor_label: string;
  at: string;
}

export interface RiskWarningsTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  status: string;
  tier: string;
  computed_tier: string;
  initial_tier: string;
  review_required: Generated<number>;
  source: string;
  factors: string;
  assessment_id: number | null;
  ack_due_at: string;
  ack_overdue: Generated<number>;
  ack_escalated_at: string | null;
  ack_escalated_to_unit_id: number | null;
  reviewer_user_id: number | null;
  reviewer_label: string | null;
  acknowledged_at: string | null;
  ack_on_time: number | null;
  decision: string | null;
  decision_reason: string | null;
  overridden: Generated<number>;
  last_incident_at: string;
  review_at: string;
  outcome: string | null;
  outcome_note: string | null;
  outcome_by_label: string | null;
  outcome_at: string | null;
  raised_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface RiskWarningRulesTable {
  id: Generated<number>;
  warning_id: number;
  rule_key: string;
  rule_version: number;
  case_ids: string;
}

export interface RiskWarningLogTable {
  id: Generated<number>;
  warning_id: number;
  kind: string;
  from_tier: string | null;
  to_tier: string | null;
  reason: string | null;
  user_id: number | null;
  user_label: string;
  at: string;
}

export interface RiskLoweringsTable {
  id: Generated<number>;
  warning_id: number;
  from_tier: string;
  to_tier: string;
  reason: string;
  proposed_by: number;
  proposed_by_label: string;
  proposed_at: string;
  status: string;
  decided_by: number | null;
  decided_by_label: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export interface RiskConferencesTable {
  id: Generated<number>;
  warning_id: number;
  case_id: number;
  region_code: string;
  held_at: string;
  chair_label: string;
  agencies: string;
  summary: string;
  next_review_at: string;
  review_reminded_at: string | null;
  created_by_label: string;
  created_at: string;
}

export interface RiskActionsTable {
  id: Generated<number>;
  conference_id: number;
  warning_id: number;
  case_id: number;
  region_code: string;
  description: string;
  owner_unit_id: number | null;
  owner_label: string;
  due_at: string;
  status: string;
  overdue: Generated<number>;
  escalated_at: string | null;
  escalated_to_unit_id: number | null;
  done_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RiskActionProgressTable {
  id: Generated<number>;
  action_id: number;
  text: string;
  author_label: string;
  at: string;
}

export interface RiskDatabase {
  risk_definitions: RiskDefinitionsTable;
  risk_assessments: RiskAssessmentsTable;
  risk_warnings: RiskWarningsTable;
  risk_warning_rules: RiskWarningRulesTable;
  risk_warning_log: RiskWarningLogTable;
  risk_lowerings: RiskLoweringsTable;
  risk_conferences: RiskConferencesTable;
  risk_actions: RiskActionsTable;
  risk_action_progress: RiskActionProgressTable;
}
