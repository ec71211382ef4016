// Webhook delivery, in two steps per run:
// 1. fan-out: new outbox rows become one delivery row per matching active subscription; the cursor
//    (last outbox id fanned out) advances in the same transaction, and unique (subscription,
//    outbox row) makes a repeated fan-out harmless;
// 2. send: due deliveries are leased to this run, POSTed with a timeout (a few at a time), and
//    marked delivered, failed (retried later with back-off) or dead.
// It runs in the job runner, never on a request. Time comes in as `now`, so tests drive the clock.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { PiiDecryptError } from '../crypto/pii.js';
import { takeContiguous } from '../modules/events/outbox-cursor.js';
import { MAX_ATTEMPTS, nextAttemptAfter, regionMatches, topicMatches } from '../modules/webhooks/webhooks.policy.js';
import * as repo from '../modules/webhooks/webhooks.repository.js';
import { DEFAULT_TIMEOUT_MS, type SendResult, sendWebhook } from '../modules/webhooks/webhooks.sender.js';
import { openSecret } from '../modules/webhooks/webhooks.service.js';
import type { Job } from './runner.js';

export interface DeliveryOptions {
  /** Outbox rows read per fan-out transaction. */
  fanOutBatch?: number;
  /** Deliveries leased per run. */
  sendBatch?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** Who holds the leases of this run (one per run by default). */
  owner?: string;
}

export interface DeliverySummary {
  fannedOut: number;
  delivered: number;
  failed: number;
  dead: number;
}

const FANOUT_ROUNDS = 10;

/** Turns new outbox rows into deliveries; returns how many delivery rows were created. */
export async function fanOutOutbox(ctx: Pick<AppContext, 'db'>, now: Date, batch = 500): Promise<number> {
  let created = 0;
  for (let round = 0; round < FANOUT_ROUNDS; round++) {
    const result = await ctx.db.transaction().execute(async (trx) => {
      const nowIso = now.toISOString();
      const cursor = await repo.lockCursor(trx, repo.FANOUT_CURSOR, nowIso);
      const rows = await repo.findOutboxAfter(trx, cursor.lastOutboxId, batch);
      const taken = takeContiguous(rows, cursor.lastOutboxId, cursor, now);
      const subscriptions = (await repo.findActiveSubscriptions(trx)).map((s) => ({ ...s, topicList: JSON.parse(s.topics) as string[] }));
      const deliveries = taken.rows.flatMap((row) =>
        subscriptions
          .filter((s) => row.id > s.start_after_outbox_id && topicMatches(s.topicList, row.topic) && regionMatches(s.region_code, row.region_code))
          .map((s) => ({ subscriptionId: s.id, outboxId: row.id, now: nowIso })),
      );
      const inserted = await repo.insertDeliveries(trx, deliveries);
      await repo.saveCursor(trx, repo.FANOUT_CURSOR, { lastOutboxId: taken.last, ...taken.gap }, nowIso);
      return { inserted, more: rows.length === batch && taken.rows.length === rows.length };
    });
    created += result.inserted;
    if (!result.more) break;
  }
  return created;
}

async function sendOne(ctx: Pick<AppContext, 'config'>, d: Awaited<ReturnType<typeof repo.findDeliveriesToSend>>[number], now: Date, timeoutMs: number): Promise<SendResult> {
  let secret: string;
  try {
    secret = openSecret(ctx, d.secret_enc);
  } catch (error) {
    // A secret written under another data key cannot sign; retrying will not help until it is rotated.
    if (error instanceof PiiDecryptError) return { ok: false, statusCode: null, error: 'the subscription secret does not decrypt with this data key; rotate it' };
    throw error;
  }
  return sendWebhook(d.url, secret, { id: d.id, topic: d.topic, createdAt: d.created_at, data: JSON.parse(d.payload) as unknown }, now, timeoutMs);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Sends the due deliveries this run manages to lease. */
export async function sendDueDeliveries(ctx: Pick<AppContext, 'db' | 'config'>, now: Date, options: DeliveryOptions = {}): Promise<Omit<DeliverySummary, 'fannedOut'>> {
  const owner = options.owner ?? randomUUID();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The lease outlasts the slowest possible request, so nobody else sends it while we wait.
  const leaseUntil = new Date(now.getTime() + timeoutMs + 30_000).toISOString();
  const ids = await repo.claimDueDeliveries(ctx.db, { owner, now: now.toISOString(), leaseUntil, limit: options.sendBatch ?? 100 });
  const claimed = await repo.findDeliveriesToSend(ctx.db, ids, owner);
  const summary = { delivered: 0, failed: 0, dead: 0 };
  await eachLimited(claimed, options.concurrency ?? 8, async (d) => {
    const result = await sendOne(ctx, d, now, timeoutMs);
    const attempt = d.attempt + 1;
    const retryAt = result.ok ? undefined : nextAttemptAfter(attempt, now);
    const status = result.ok ? 'delivered' : retryAt && attempt < MAX_ATTEMPTS ? 'failed' : 'dead';
    await repo.recordAttempt(ctx.db, d.id, owner, {
      attempt,
      status,
      at: now.toISOString(),
      nextAttemptAt: (retryAt ?? now).toISOString(),
      statusCode: result.statusCode,
      error: result.error,
    });
    summary[status]++;
  });
  return summary;
}

/** One run of the job: fan out, then send. */
export async function runOutboxDelivery(ctx: Pick<AppContext, 'db' | 'config'>, now: Date, options: DeliveryOptions = {}): Promise<DeliverySummary> {
  const fannedOut = await fanOutOutbox(ctx, now, options.fanOutBatch);
  return { fannedOut, ...(await sendDueDeliveries(ctx, now, options)) };
}

export const outboxDeliveryJob: Job = {
  name: 'outbox-delivery',
  intervalMs: 5_000,
  run: async (ctx, now) => ({ ...(await runOutboxDelivery(ctx, now)) }),
};
