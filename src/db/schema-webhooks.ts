// Row types of the webhook tables (migration 20261127T0430-webhooks).
import type { Generated } from 'kysely';

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  name: string;
  url: string;
  /** The signing secret, encrypted like personal data (context `webhook_subscriptions.secret`). */
  secret_enc: string;
  /** JSON array of topics or patterns (`case.accept`, `case.*`, `*`). */
  topics: string;
  region_code: string;
  unit_id: number;
  status: string;
  /** Outbox rows up to this id predate the subscription and are never delivered to it. */
  start_after_outbox_id: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  outbox_id: number;
  /** Attempts made so far. */
  attempt: Generated<number>;
  status: string;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
}

export interface WebhookCursorsTable {
  name: string;
  last_outbox_id: number;
  gap_id: number | null;
  gap_seen_at: string | null;
  updated_at: string;
}

export interface WebhooksDatabase {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursors: WebhookCursorsTable;
}
