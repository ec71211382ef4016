// Row types of the resident portal (migration 20261127T0460-portal) and the one-stop appointments
// (migration 20261127T0461-appointments).
import type { Generated } from 'kysely';

/** A photo uploaded before the report that claims it; unclaimed ones expire. */
export interface PortalUploadsTable {
  id: Generated<number>;
  token_hash: string;
  sha256: string;
  mime: string;
  size: number;
  file_name: string;
  location_kept: Generated<number>;
  created_at: string;
  expires_at: string;
  case_id: number | null;
  claimed_at: string | null;
}

/** A one-time sign-in code, stored as a keyed hash. */
export interface ResidentOtpsTable {
  id: Generated<number>;
  phone_hash: string;
  code_hash: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
  consumed_at: string | null;
}

/** A resident's portal session; `id` is the SHA-256 of the cookie value. */
export interface ResidentSessionsTable {
  id: string;
  phone_hash: string;
  phone_enc: string;
  created_at: string;
  expires_at: string;
}

export interface AppointmentWindowsTable {
  id: Generated<number>;
  center_unit_id: number;
  day: string;
  half_day: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: Generated<number>;
  status: Generated<string>;
  updated_at: string;
  updated_by: number | null;
}

export interface AppointmentsTable {
  id: Generated<number>;
  code: string;
  window_id: number;
  center_unit_id: number;
  day: string;
  half_day: string;
  name_enc: string;
  phone_enc: string;
  phone_hash: string;
  purpose: string;
  region_code: string | null;
  status: string;
  created_at: string;
  cancelled_at: string | null;
  checked_in_at: string | null;
  checked_in_by: number | null;
  case_id: number | null;
}

export interface PortalDatabase {
  portal_uploads: PortalUploadsTable;
  resident_otps: ResidentOtpsTable;
  resident_sessions: ResidentSessionsTable;
  appointment_windows: AppointmentWindowsTable;
  appointments: AppointmentsTable;
}
