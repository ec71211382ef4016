// Row types of the mediation tables (migration 20261127T0450-mediation). JSON columns are text.
import type { Generated } from 'kysely';

export interface MediationsTable {
  id: Generated<number>;
  case_id: number;
  committee_unit_id: number;
  region_code: string;
  origin: string;
  origin_note: string | null;
  status: string;
  mode: string | null;
  accepted_at: string;
  due_at: string;
  reminded: Generated<number>;
  overdue: Generated<number>;
  reopen_count: Generated<number>;
  ended_at: string | null;
  end_reason: string | null;
  end_note: string | null;
  routes_told: string | null;
  refused_by_party_id: number | null;
  created_by: number | null;
  created_by_label: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MediationMediatorsTable {
  id: Generated<number>;
  mediation_id: number;
  user_id: number;
  label: string;
  how: string;
  at: string;
  ended_at: string | null;
}

export interface MediationScreeningsTable {
  id: Generated<number>;
  mediation_id: number;
  answers: string;
  mode: string;
  raises_risk_review: Generated<number>;
  note: string | null;
  by_user: number | null;
  by_label: string;
  at: string;
}

export interface MediationInviteesTable {
  id: Generated<number>;
  mediation_id: number;
  name_enc: string;
  relation: string;
  consents: string;
  invited_by_label: string;
  at: string;
}

export interface MediationSessionsTable {
  id: Generated<number>;
  mediation_id: number;
  held_at: string;
  mode: string;
  attendees: string;
  minutes: string;
  outcome: string;
  recorded_by_label: string;
  at: string;
}

export interface MediationAgreementsTable {
  id: Generated<number>;
  mediation_id: number;
  case_id: number;
  number: string;
  status: string;
  parties: string;
  facts: string;
  responsibilities: string;
  signatures: string;
  sealed_by: number | null;
  sealed_by_label: string | null;
  sealed_at: string | null;
  effective_at: string | null;
  confirm_window_ends_at: string | null;
  window_warned_at: string | null;
  breached_at: string | null;
  created_by_label: string;
  created_at: string;
  updated_at: string;
}

export interface MediationTermsTable {
  id: Generated<number>;
  agreement_id: number;
  seq: number;
  text: string;
  how: string;
  due_date: string;
  status: string;
  performed_at: string | null;
  breached_at: string | null;
  note: string | null;
}

export interface MediationConfirmationsTable {
  id: Generated<number>;
  agreement_id: number;
  mediation_id: number;
  status: string;
  court: string;
  applicants: string;
  applied_at: string;
  accept_due_at: string;
  accepted_at: string | null;
  ruling_due_at: string | null;
  extended_at: string | null;
  extension_reason: string | null;
  ruling: string | null;
  ruling_at: string | null;
  ruling_note: string | null;
  reminded_at: string | null;
  recorded_by_label: string;
  updated_at: string;
}

export interface MediationFollowupsTable {
  id: Generated<number>;
  mediation_id: number;
  agreement_id: number;
  due_at: string;
  done_at: string | null;
  method: string | null;
  finding: string | null;
  note: string | null;
  term_updates: string | null;
  reminded_at: string | null;
  by_label: string | null;
}

export interface MediationDatabase {
  mediations: MediationsTable;
  mediation_mediators: MediationMediatorsTable;
  mediation_screenings: MediationScreeningsTable;
  mediation_invitees: MediationInviteesTable;
  mediation_sessions: MediationSessionsTable;
  mediation_agreements: MediationAgreementsTable;
  mediation_terms: MediationTermsTable;
  mediation_confirmations: MediationConfirmationsTable;
  mediation_followups: MediationFollowupsTable;
}
