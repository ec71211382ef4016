// Row types of the inbound tables (migration 20261127T0440-inbound-sources).
import type { Generated } from 'kysely';

export interface InboundSourcesTable {
  id: Generated<number>;
  name: string;
  /** `sensor` or `referral`: the channel of the cases its events create. */
  channel: string;
  /** The HMAC secret, encrypted like personal data (context `inbound_sources.secret`). */
  secret_enc: string;
  default_region_code: string | null;
  default_category_code: string | null;
  /** The unit that runs the device or the partner system, if any. */
  unit_id: number | null;
  /** `active` or `revoked`. */
  status: string;
  created_by: number | null;
  created_at: string;
  revoked_at: string | null;
  last_event_at: string | null;
}

export interface InboundDatabase {
  inbound_sources: InboundSourcesTable;
}
