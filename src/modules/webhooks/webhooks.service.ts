// Webhook use cases. Each begins with the scope check (a subscription outside the regions the
// caller manages reads as missing), validates, then writes the change and its audit row in one
// transaction. Delivery itself is the job in src/jobs/outbox-delivery.job.ts.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { decryptPii, encryptPii } from '../../crypto/pii.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, type Scope, isAdmin, scopeIncludes } from '../auth/actor.js';
import { auditActor, manageScope } from '../auth/policy.js';
import { normalizeRegionCode } from '../regions/region-code.js';
import { checkTopics, ownerUnitCandidates } from './webhooks.policy.js';
import * as repo from './webhooks.repository.js';
import type {
  CreateSubscriptionInput,
  CreatedSubscriptionDto,
  DeliveriesQueryInput,
  DeliveryDto,
  ListQueryInput,
  SubscriptionDto,
  UpdateSubscriptionInput,
} from './webhooks.schemas.js';
import { sendWebhook } from './webhooks.sender.js';

type Ctx = Pick<AppContext, 'db' | 'config'>;

export interface Caller {
  actor: Actor;
  ip: string | null;
}

/** The associated data the secret is encrypted under: a secret copied to another column won't open. */
export const SECRET_CONTEXT = 'webhook_subscriptions.secret';

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function openSecret(ctx: Pick<AppContext, 'config'>, secretEnc: string): string {
  return decryptPii(ctx.config.dataKey, secretEnc, SECRET_CONTEXT);
}

/** The receiver URL, normalised; only http(s), without credentials or a fragment. */
export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid('url', 'is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', `must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username !== '' || url.password !== '') throw invalid('url', 'must not contain user:password (the signature authenticates us)');
  if (url.hash !== '') throw invalid('url', 'must not contain a #fragment');
  if (url.hostname === '') throw invalid('url', 'must name a host');
  return url.toString();
}

/** What the audit log keeps of a URL: scheme, host and port (a query string may hold a key). */
function urlOrigin(url: string): string {
  return new URL(url).origin;
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw invalid('name', 'must not be empty');
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid('name', 'must not contain control characters');
  return name;
}

/** A region the caller manages (403 naming the field when it exists but is not theirs). */
async function checkRegion(ctx: Ctx, actor: Actor, raw: string): Promise<string> {
  const code = normalizeRegionCode(raw);
  if (!code) throw invalid('regionCode', 'is not a region code');
  if (!(await repo.regionExists(ctx.db, code))) throw invalid('regionCode', `region ${raw} does not exist`);
  if (!scopeIncludes(manageScope(actor), code)) {
    throw new AppError('forbidden', `region ${code} is outside the regions you manage`, { errors: [{ field: 'regionCode', message: 'is outside the regions you manage' }] });
  }
  return code;
}

async function checkOwnerUnit(ctx: Ctx, actor: Actor, regionCode: string, unitId: number | undefined): Promise<number> {
  const candidates = ownerUnitCandidates(actor, regionCode);
  if (unitId === undefined) {
    const first = candidates[0];
    if (first === undefined) throw invalid('unitId', `is required: you hold no centre-head role over region ${regionCode}`);
    return first;
  }
  if (candidates.includes(unitId)) return unitId;
  if (!isAdmin(actor)) {
    throw new AppError('forbidden', `unit ${unitId} is not a centre you head over region ${regionCode}`, { errors: [{ field: 'unitId', message: 'is not a centre you head over the region' }] });
  }
  if (!(await repo.findActiveUnit(ctx.db, unitId))) throw invalid('unitId', `there is no active unit ${unitId}`);
  return unitId;
}

export function toSubscriptionDto(row: repo.SubscriptionRow): SubscriptionDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    topics: JSON.parse(row.topics) as string[],
    regionCode: row.region_code,
    unitId: row.unit_id,
    status: row.status === 'paused' ? 'paused' : 'active',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function toDeliveryDto(row: repo.DeliveryRow): DeliveryDto {
  const status = row.status as DeliveryDto['status'];
  const finished = status === 'delivered' || status === 'dead';
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    outboxId: row.outbox_id,
    topic: row.topic,
    attempt: row.attempt,
    status,
    nextAttemptAt: finished ? null : row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

async function requireSubscription(ctx: Ctx, scope: Scope, id: number): Promise<repo.SubscriptionRow> {
  const row = await repo.findSubscription(ctx.db, scope, id);
  if (!row) throw notFound('webhook', id);
  return row;
}

export async function createSubscription(ctx: Ctx, caller: Caller, input: CreateSubscriptionInput): Promise<CreatedSubscriptionDto> {
  const { actor } = caller;
  const name = checkName(input.name);
  const url = checkUrl(input.url);
  const topics = checkTopics(input.topics);
  const regionCode = await checkRegion(ctx, actor, input.regionCode);
  const unitId = await checkOwnerUnit(ctx, actor, regionCode, input.unitId);
  const secret = newSecret();
  const status = input.status ?? 'active';
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const newId = await repo.insertSubscription(trx, {
      name,
      url,
      secretEnc: encryptPii(ctx.config.dataKey, secret, SECRET_CONTEXT),
      topics,
      regionCode,
      unitId,
      status,
      startAfterOutboxId: await repo.maxOutboxId(trx),
      createdBy: actor.userId,
      now,
    });
    await appendAudit(trx, {
      ...auditActor(actor, caller.ip),
      action: 'webhook.created',
      entityType: 'webhook',
      entityId: newId,
      regionCode,
      detail: { name, origin: urlOrigin(url), topics, unitId, status },
      at: now,
    });
    return newId;
  });
  const row = await requireSubscription(ctx, manageScope(actor), id);
  return { ...toSubscriptionDto(row), secret };
}

export async function listSubscriptions(ctx: Ctx, actor: Actor, query: ListQueryInput) {
  const limit = query.limit ?? 50;
  const rows = await repo.findSubscriptions(ctx.db, manageScope(actor), { limit: limit + 1, ...(query.after !== undefined ? { after: query.after } : {}) });
  const page = rows.slice(0, limit);
  return { items: page.map(toSubscriptionDto), next: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getSubscription(ctx: Ctx, actor: Actor, id: number): Promise<SubscriptionDto> {
  return toSubscriptionDto(await requireSubscription(ctx, manageScope(actor), id));
}

export async function updateSubscription(ctx: Ctx, caller: Caller, id: number, input: UpdateSubscriptionInput): Promise<SubscriptionDto & { secret?: string }> {
  const { actor } = caller;
  const scope = manageScope(actor);
  const current = await requireSubscription(ctx, scope, id);
  const changes: repo.SubscriptionChanges = {};
  const detail: Record<string, unknown> = {};
  if (input.name !== undefined) {
    const name = checkName(input.name);
    if (name !== current.name) {
      changes.name = name;
      detail.name = [current.name, name];
    }
  }
  if (input.url !== undefined) {
    const url = checkUrl(input.url);
    if (url !== current.url) {
      changes.url = url;
      detail.origin = [urlOrigin(current.url), urlOrigin(url)];
    }
  }
  if (input.topics !== undefined) {
    const topics = checkTopics(input.topics);
    if (JSON.stringify(topics) !== current.topics) {
      changes.topics = topics;
      detail.topics = [JSON.parse(current.topics), topics];
    }
  }
  if (input.regionCode !== undefined) {
    const regionCode = await checkRegion(ctx, actor, input.regionCode);
    if (regionCode !== current.region_code) {
      changes.regionCode = regionCode;
      detail.regionCode = [current.region_code, regionCode];
    }
  }
  if (input.status !== undefined && input.status !== current.status) {
    changes.status = input.status;
    detail.status = [current.status, input.status];
  }
  const secret = input.rotateSecret ? newSecret() : undefined;
  if (secret !== undefined) {
    changes.secretEnc = encryptPii(ctx.config.dataKey, secret, SECRET_CONTEXT);
    detail.secretRotated = true;
  }

  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    if (!(await repo.updateSubscription(trx, id, input.version, changes, now))) {
      throw new AppError('version_conflict', `webhook ${id} was changed by someone else (you sent version ${input.version}, it is at ${current.version})`, {
        errors: [{ field: 'version', message: 'stale' }],
        extra: { currentVersion: current.version },
      });
    }
    await appendAudit(trx, { ...auditActor(actor, caller.ip), action: 'webhook.updated', entityType: 'webhook', entityId: id, regionCode: changes.regionCode ?? current.region_code, detail, at: now });
  });
  // The new region may lie outside what the caller manages only if checkRegion let it through, so
  // the row is still in scope.
  const row = await requireSubscription(ctx, scope, id);
  return { ...toSubscriptionDto(row), ...(secret !== undefined ? { secret } : {}) };
}

export async function deleteSubscription(ctx: Ctx, caller: Caller, id: number): Promise<void> {
  const { actor } = caller;
  await ctx.db.transaction().execute(async (trx) => {
    const current = await requireSubscription({ ...ctx, db: trx }, manageScope(actor), id);
    const deliveries = await repo.deleteSubscription(trx, id);
    await appendAudit(trx, {
      ...auditActor(actor, caller.ip),
      action: 'webhook.deleted',
      entityType: 'webhook',
      entityId: id,
      regionCode: current.region_code,
      detail: { name: current.name, origin: urlOrigin(current.url), deliveries },
    });
  });
}

export async function listDeliveries(ctx: Ctx, actor: Actor, id: number, query: DeliveriesQueryInput) {
  await requireSubscription(ctx, manageScope(actor), id);
  const limit = query.limit ?? 50;
  const rows = await repo.findDeliveries(ctx.db, id, {
    limit: limit + 1,
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.before !== undefined ? { before: query.before } : {}),
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toDeliveryDto), next: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Sends a dead or delivered delivery again: it goes back in the queue, due now, attempts reset. */
export async function replayDelivery(ctx: Ctx, caller: Caller, id: number, deliveryId: number): Promise<DeliveryDto> {
  const { actor } = caller;
  const subscription = await requireSubscription(ctx, manageScope(actor), id);
  await ctx.db.transaction().execute(async (trx) => {
    const delivery = await repo.findDelivery(trx, id, deliveryId);
    if (!delivery) throw notFound('delivery', deliveryId);
    if (delivery.status !== 'dead' && delivery.status !== 'delivered') {
      throw new AppError('action_not_allowed', `delivery ${deliveryId} is ${delivery.status}: it is still queued (next attempt ${delivery.next_attempt_at}); only dead or delivered ones are replayed`, {
        extra: { status: delivery.status },
      });
    }
    const now = new Date().toISOString();
    if (!(await repo.requeueDelivery(trx, deliveryId, delivery.status, now))) {
      throw new AppError('conflict', `delivery ${deliveryId} changed meanwhile; reload it`);
    }
    await appendAudit(trx, {
      ...auditActor(actor, caller.ip),
      action: 'webhook.delivery_replayed',
      entityType: 'webhook',
      entityId: id,
      regionCode: subscription.region_code,
      detail: { deliveryId, outboxId: delivery.outbox_id, previousStatus: delivery.status, attempts: delivery.attempt },
      at: now,
    });
  });
  const row = await repo.findDelivery(ctx.db, id, deliveryId);
  if (!row) throw notFound('delivery', deliveryId);
  return toDeliveryDto(row);
}

/** Sends a signed `ping` now and reports what the receiver answered (nothing is queued). */
export async function testSubscription(ctx: Ctx, caller: Caller, id: number) {
  const { actor } = caller;
  const subscription = await requireSubscription(ctx, manageScope(actor), id);
  const now = new Date();
  const result = await sendWebhook(subscription.url, openSecret(ctx, subscription.secret_enc), {
    id: 0,
    topic: 'ping',
    createdAt: now.toISOString(),
    data: { subscriptionId: id, name: subscription.name },
  }, now);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, {
      ...auditActor(actor, caller.ip),
      action: 'webhook.tested',
      entityType: 'webhook',
      entityId: id,
      regionCode: subscription.region_code,
      detail: { delivered: result.ok, statusCode: result.statusCode },
    }),
  );
  return { delivered: result.ok, statusCode: result.statusCode, error: result.error };
}
