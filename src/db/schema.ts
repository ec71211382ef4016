// Row types of every table, as both drivers return them (timestamps are ISO-8601 UTC strings,
// flags are integers). Each domain's *.table.ts re-exports its rows from here.
import type { Generated } from 'kysely';
import type { CasesDatabase } from './schema-cases.js';
import type { WebhooksDatabase } from './schema-webhooks.js';
import type { InboundDatabase } from './schema-inbound.js';
import type { MediationDatabase } from './schema-mediation.js';
import type { RiskDatabase } from './schema-risk.js';
import type { PortalDatabase } from './schema-portal.js';

export interface RegionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  child_count: number;
}

export interface UnitsTable {
  id: Generated<number>;
  kind: string;
  department_kind: string | null;
  name: string;
  region_code: string;
  status: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  phone_enc: string | null;
  status: Generated<string>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface MembershipsTable {
  id: Generated<number>;
  user_id: number;
  unit_id: number;
  role: string;
  created_at: string;
}

export interface GridsTable {
  code: string;
  region_code: string;
  name: string;
  status: Generated<string>;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
  version: Generated<number>;
}

export interface GridAssignmentsTable {
  id: Generated<number>;
  grid_code: string;
  user_id: number;
  assigned_at: string;
  ended_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  prefix: string;
  unit_id: number | null;
  created_by: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  region_code: string | null;
  detail: string;
  ip: string | null;
  /** Position in the hash chain; null until the sealer chains the row (audit.repository.ts). */
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database extends CasesDatabase, WebhooksDatabase, InboundDatabase, MediationDatabase, RiskDatabase, PortalDatabase {
  regions: RegionsTable;
  units: UnitsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  grids: GridsTable;
  grid_assignments: GridAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
