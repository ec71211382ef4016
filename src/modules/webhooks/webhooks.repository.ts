// All SQL of webhooks: subscriptions (scoped by region), their deliveries, the fan-out cursor and
// the reads of the outbox the delivery job needs. Functions take `db | trx` first.
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../../db/schema-webhooks.js';
import { inScope } from '../../plugins/scope.js';
import type { Scope } from '../auth/actor.js';
import type { GapState } from '../events/outbox-cursor.js';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable> & { topic: string };

/** The name of the cursor row of the webhook fan-out. */
export const FANOUT_CURSOR = 'webhooks';

export async function findSubscription(db: Db, scope: Scope, id: number): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inScope(eb, 'webhook_subscriptions.region_code', scope))
    .executeTakeFirst();
}

export async function findSubscriptions(db: Db, scope: Scope, page: { limit: number; after?: number }): Promise<SubscriptionRow[]> {
  let q = db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where((eb) => inScope(eb, 'webhook_subscriptions.region_code', scope));
  if (page.after !== undefined) q = q.where('id', '>', page.after);
  return q.orderBy('id').limit(page.limit).execute();
}

export interface NewSubscription {
  name: string;
  url: string;
  secretEnc: string;
  topics: string[];
  regionCode: string;
  unitId: number;
  status: string;
  startAfterOutboxId: number;
  createdBy: number | null;
  now: string;
}

export async function insertSubscription(db: Db, s: NewSubscription): Promise<number> {
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      name: s.name,
      url: s.url,
      secret_enc: s.secretEnc,
      topics: JSON.stringify(s.topics),
      region_code: s.regionCode,
      unit_id: s.unitId,
      status: s.status,
      start_after_outbox_id: s.startAfterOutboxId,
      created_by: s.createdBy,
      created_at: s.now,
      updated_at: s.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SubscriptionChanges {
  name?: string;
  url?: string;
  secretEnc?: string;
  topics?: string[];
  regionCode?: string;
  status?: string;
}

/** Writes the changes if nobody changed the subscription since `version`; false on a stale version. */
export async function updateSubscription(db: Db, id: number, version: number, changes: SubscriptionChanges, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_subscriptions')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.secretEnc !== undefined ? { secret_enc: changes.secretEnc } : {}),
      ...(changes.topics !== undefined ? { topics: JSON.stringify(changes.topics) } : {}),
      ...(changes.regionCode !== undefined ? { region_code: changes.regionCode } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      updated_at: now,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSubscription(db: Db, id: number): Promise<number> {
  const deliveries = await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).executeTakeFirst();
  await db.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
  return Number(deliveries.numDeletedRows);
}

/** The newest outbox id: a new subscription receives only what comes after it. */
export async function maxOutboxId(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** An existing, active unit (the owner named in a request). */
export async function findActiveUnit(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'region_code']).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

// Deliveries ------------------------------------------------------------------------------------

function deliveriesWithTopic(db: Db) {
  return db
    .selectFrom('webhook_deliveries as d')
    .leftJoin('outbox as o', 'o.id', 'd.outbox_id')
    .selectAll('d')
    .select((eb) => eb.fn.coalesce('o.topic', sql<string>`'?'`).as('topic'));
}

export async function findDeliveries(db: Db, subscriptionId: number, query: { status?: string; limit: number; before?: number }): Promise<DeliveryRow[]> {
  let q = deliveriesWithTopic(db).where('d.subscription_id', '=', subscriptionId);
  if (query.status !== undefined) q = q.where('d.status', '=', query.status);
  if (query.before !== undefined) q = q.where('d.id', '<', query.before);
  return q.orderBy('d.id', 'desc').limit(query.limit).execute();
}

export async function findDelivery(db: Db, subscriptionId: number, deliveryId: number): Promise<DeliveryRow | undefined> {
  return deliveriesWithTopic(db).where('d.subscription_id', '=', subscriptionId).where('d.id', '=', deliveryId).executeTakeFirst();
}

/** Puts a finished delivery back in the queue, due now, with a fresh attempt count. */
export async function requeueDelivery(db: Db, id: number, fromStatus: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempt: 0, next_attempt_at: now, delivered_at: null, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Fan-out ---------------------------------------------------------------------------------------

export interface FanOutCursor extends GapState {
  lastOutboxId: number;
}

/**
 * Takes the cursor row for this transaction (created at 0 on first use). The UPDATE comes first so
 * that it locks the row on PostgreSQL and takes the write lock on SQLite: a second fan-out waits
 * here and then reads the cursor the first one advanced.
 */
export async function lockCursor(db: Db, name: string, now: string): Promise<FanOutCursor> {
  await db.insertInto('webhook_cursors').values({ name, last_outbox_id: 0, gap_id: null, gap_seen_at: null, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  await db.updateTable('webhook_cursors').set({ updated_at: now }).where('name', '=', name).execute();
  const row = await db.selectFrom('webhook_cursors').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  return { lastOutboxId: row.last_outbox_id, gapId: row.gap_id, gapSeenAt: row.gap_seen_at };
}

export async function saveCursor(db: Db, name: string, cursor: FanOutCursor, now: string): Promise<void> {
  await db
    .updateTable('webhook_cursors')
    .set({ last_outbox_id: cursor.lastOutboxId, gap_id: cursor.gapId, gap_seen_at: cursor.gapSeenAt, updated_at: now })
    .where('name', '=', name)
    .execute();
}

export async function findOutboxAfter(db: Db, after: number, limit: number) {
  return db.selectFrom('outbox').select(['id', 'topic', 'region_code', 'created_at']).where('id', '>', after).orderBy('id').limit(limit).execute();
}

/** Subscriptions that take new events (paused ones receive nothing while paused). */
export async function findActiveSubscriptions(db: Db) {
  return db.selectFrom('webhook_subscriptions').select(['id', 'topics', 'region_code', 'start_after_outbox_id']).where('status', '=', 'active').execute();
}

/** Inserts delivery rows; a row that exists for (subscription, outbox row) is left as it is. */
export async function insertDeliveries(db: Db, rows: Array<{ subscriptionId: number; outboxId: number; now: string }>): Promise<number> {
  let inserted = 0;
  // Chunks keep the statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const result = await db
      .insertInto('webhook_deliveries')
      .values(chunk.map((r) => ({ subscription_id: r.subscriptionId, outbox_id: r.outboxId, status: 'pending', next_attempt_at: r.now, created_at: r.now })))
      .onConflict((oc) => oc.columns(['subscription_id', 'outbox_id']).doNothing())
      .returning('id')
      .execute();
    inserted += result.length;
  }
  return inserted;
}

// Sending ---------------------------------------------------------------------------------------

/**
 * Leases up to `limit` due deliveries of active subscriptions to `owner` until `leaseUntil`. The
 * conditions are repeated on the updated row, so of two processes claiming at once (PostgreSQL
 * re-checks them after the row lock) only one gets each delivery.
 */
export async function claimDueDeliveries(db: Db, input: { owner: string; now: string; leaseUntil: string; limit: number }): Promise<number[]> {
  const due = (status: 'd.status' | 'webhook_deliveries.status', next: 'd.next_attempt_at' | 'webhook_deliveries.next_attempt_at', lease: 'd.lease_until' | 'webhook_deliveries.lease_until') =>
    sql<boolean>`${sql.ref(status)} in ('pending', 'failed') and ${sql.ref(next)} <= ${input.now} and (${sql.ref(lease)} is null or ${sql.ref(lease)} < ${input.now})`;
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({ lease_owner: input.owner, lease_until: input.leaseUntil })
    .where((eb) =>
      eb(
        'id',
        'in',
        eb
          .selectFrom('webhook_deliveries as d')
          .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
          .select('d.id')
          .where('s.status', '=', 'active')
          .where(due('d.status', 'd.next_attempt_at', 'd.lease_until'))
          .orderBy('d.next_attempt_at')
          .orderBy('d.id')
          .limit(input.limit),
      ),
    )
    .where(due('webhook_deliveries.status', 'webhook_deliveries.next_attempt_at', 'webhook_deliveries.lease_until'))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** What sending a claimed delivery needs: the event, the URL and the encrypted secret. */
export async function findDeliveriesToSend(db: Db, ids: number[], owner: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
    .select(['d.id', 'd.attempt', 'd.subscription_id', 'o.id as outbox_id', 'o.topic', 'o.created_at', 'o.payload', 's.url', 's.secret_enc'])
    .where('d.id', 'in', ids)
    .where('d.lease_owner', '=', owner)
    .orderBy('d.id')
    .execute();
}

export interface AttemptOutcome {
  attempt: number;
  status: 'delivered' | 'failed' | 'dead';
  at: string;
  nextAttemptAt: string;
  statusCode: number | null;
  error: string | null;
}

/** Records one attempt and releases the lease; nothing happens if the lease was lost meanwhile. */
export async function recordAttempt(db: Db, id: number, owner: string, o: AttemptOutcome): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      attempt: o.attempt,
      status: o.status,
      last_attempt_at: o.at,
      next_attempt_at: o.nextAttemptAt,
      last_status_code: o.statusCode,
      last_error: o.error,
      delivered_at: o.status === 'delivered' ? o.at : null,
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
