// Inbound events: devices and partner systems post signed JSON that becomes a case through the one
// intake, idempotent on (source, eventId). Sources are managed by admins; a secret is shown once.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { decryptPii, encryptPii } from '../../crypto/pii.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { auditActor } from '../auth/policy.js';
import { findCategory } from '../categories/categories.repository.js';
import { intakeCase } from '../cases/cases.intake.js';
import { findRegion } from '../cases/cases.repository.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import { placeCase } from '../geo/placement.js';
import { normalizeRegionCode } from '../regions/region-code.js';
import type { CreateSourceInput, EventInput, SourceDto } from './inbound.schemas.js';
import * as repo from './inbound.repository.js';
import { checkSignature } from './inbound.signature.js';

type Ctx = Pick<AppContext, 'db' | 'config'>;

/** Associated data of the encrypted secret: a secret copied to another column will not open. */
export const SECRET_CONTEXT = 'inbound_sources.secret';

export function eventEndpoint(id: number): string {
  return `/api/v1/inbound/${id}`;
}

function toSourceDto(row: repo.SourceRow): SourceDto {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    defaultRegionCode: row.default_region_code,
    defaultCategoryCode: row.default_category_code,
    unitId: row.unit_id,
    status: row.status,
    endpoint: eventEndpoint(row.id),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastEventAt: row.last_event_at,
  };
}

// ---- sources ------------------------------------------------------------------------------------

async function checkDefaults(ctx: Ctx, input: CreateSourceInput): Promise<{ regionCode: string | null; categoryCode: string | null; unitId: number | null }> {
  let regionCode: string | null = null;
  if (input.defaultRegionCode !== undefined) {
    regionCode = normalizeRegionCode(input.defaultRegionCode) ?? null;
    if (!regionCode || !regionCode.startsWith(ctx.config.provinceCode) || !(await findRegion(ctx.db, regionCode))) {
      throw invalid('defaultRegionCode', `unknown county, township or village ${input.defaultRegionCode}`);
    }
  }
  if (input.defaultCategoryCode !== undefined) {
    const category = await findCategory(ctx.db, input.defaultCategoryCode);
    if (!category || category.status !== 'active') throw invalid('defaultCategoryCode', `unknown category ${input.defaultCategoryCode}`);
  }
  if (input.unitId !== undefined && !(await repo.findActiveUnit(ctx.db, input.unitId))) throw invalid('unitId', `no active unit ${input.unitId}`);
  return { regionCode, categoryCode: input.defaultCategoryCode ?? null, unitId: input.unitId ?? null };
}

export async function createSource(ctx: Ctx, actor: Actor, input: CreateSourceInput, ip: string | null): Promise<SourceDto & { secret: string }> {
  const defaults = await checkDefaults(ctx, input);
  const secret = `ibs_${randomBytes(32).toString('base64url')}`;
  const name = input.name.trim();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const newId = await repo.insertSource(trx, {
      name,
      channel: input.channel,
      secretEnc: encryptPii(ctx.config.dataKey, secret, SECRET_CONTEXT),
      defaultRegionCode: defaults.regionCode,
      defaultCategoryCode: defaults.categoryCode,
      unitId: defaults.unitId,
      createdBy: actor.userId,
      now,
    });
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'inbound.source_created', entityType: 'inbound_source', entityId: newId, regionCode: defaults.regionCode, detail: { name, channel: input.channel, unitId: defaults.unitId }, at: now });
    return newId;
  });
  const row = await repo.findSource(ctx.db, id);
  if (!row) throw notFound('Inbound source', id);
  return { ...toSourceDto(row), secret };
}

export async function listSources(ctx: Ctx) {
  return { items: (await repo.findSources(ctx.db)).map(toSourceDto) };
}

/** Revokes a source: its events are refused from now on. Revoking twice is not an error. */
export async function revokeSource(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<void> {
  const row = await repo.findSource(ctx.db, id);
  if (!row) throw notFound('Inbound source', id);
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    if (!(await repo.revokeSource(trx, id, now))) return;
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'inbound.source_revoked', entityType: 'inbound_source', entityId: id, regionCode: row.default_region_code, detail: { name: row.name }, at: now });
  });
}

// ---- events -------------------------------------------------------------------------------------

/** The source of a signed request; 401 for an unknown or revoked source, a bad or stale signature. */
export async function authenticateSource(ctx: Ctx, sourceId: number, headers: { signature: unknown; timestamp: unknown }, rawBody: string, now = new Date()): Promise<repo.SourceRow> {
  const row = await repo.findSource(ctx.db, sourceId);
  // An unknown or revoked source reads like a wrong signature: ids are not worth probing.
  const refused = () => new AppError('unauthenticated', `The signature does not verify for inbound source ${sourceId}`, { errors: [{ field: 'x-pingan-signature', message: 'does not verify' }] });
  if (!row || row.status !== 'active') throw refused();
  const check = checkSignature(decryptPii(ctx.config.dataKey, row.secret_enc, SECRET_CONTEXT), headers, rawBody, now);
  if (check.ok) return row;
  if (check.reason === 'missing') throw new AppError('unauthenticated', 'Send x-pingan-signature and x-pingan-timestamp', { errors: [{ field: 'x-pingan-signature', message: 'is required' }] });
  if (check.reason === 'stale') throw new AppError('unauthenticated', 'x-pingan-timestamp is more than 5 minutes from the server clock (or not Unix seconds)', { errors: [{ field: 'x-pingan-timestamp', message: 'stale' }] });
  throw refused();
}

/** Where the event goes: its region code; else its location, refined by the source's default region when that lies in the same county; else that default. */
function placeEvent(ctx: Ctx, source: repo.SourceRow, event: EventInput) {
  const fields = { regionCode: 'regionCode', location: 'location', jurisdiction: `province ${ctx.config.provinceCode}` };
  const fallback = source.default_region_code ?? undefined;
  if (event.regionCode === undefined && event.location && fallback) {
    const placed = placeCase(ctx.config.provinceCode, { location: event.location }, fields);
    if (fallback.startsWith(placed.regionCode.slice(0, 6))) return placeCase(ctx.config.provinceCode, { regionCode: fallback, location: event.location }, fields);
    return placed;
  }
  return placeCase(ctx.config.provinceCode, { regionCode: event.regionCode ?? (event.location ? undefined : fallback), location: event.location }, fields);
}

async function kindOf(ctx: Ctx, source: repo.SourceRow, event: EventInput, categoryCode: string): Promise<CreateCaseInput['kind']> {
  if (event.kind) return event.kind;
  if (source.channel === 'sensor') return 'hazard';
  const category = await findCategory(ctx.db, categoryCode);
  const kind = category?.default_kind;
  return kind && kind !== 'crisis' ? (kind as CreateCaseInput['kind']) : 'request';
}

export interface EventOutcome {
  statusCode: 200 | 201;
  body: { caseId: number; trackingCode: string; status: string; ownerUnitId: number; replayed: boolean };
}

export async function receiveEvent(ctx: AppContext, source: repo.SourceRow, event: EventInput, ip: string | null): Promise<EventOutcome> {
  const categoryCode = event.categoryCode ?? source.default_category_code;
  if (!categoryCode) throw invalid('categoryCode', 'is required: this source has no default category');
  const placement = placeEvent(ctx, source, event);
  const input: CreateCaseInput = {
    kind: await kindOf(ctx, source, event, categoryCode),
    channel: source.channel === 'referral' ? 'referral' : 'sensor',
    categoryCode,
    regionCode: placement.regionCode,
    title: event.title,
    // Cases have no column for when it happened; the handlers read it here.
    description: `${event.description}\n\n（发生时间 occurred at ${event.occurredAt}；来源 inbound source #${source.id}，事件 event ${event.eventId}）`,
    ...(event.address ? { address: event.address } : {}),
    ...(placement.location ? { location: placement.location } : {}),
    ...(event.priority ? { priority: event.priority } : {}),
    ...(event.reporter ? { reporter: event.reporter } : {}),
    ...(event.parties ? { parties: event.parties } : {}),
  };
  const actor: Actor = { kind: 'system', userId: null, label: `inbound:${source.id}`, grants: [] };
  let result: Awaited<ReturnType<typeof intakeCase>>;
  try {
    result = await intakeCase(ctx, actor, input, { idempotencyKey: `inbound:${source.id}:${event.eventId}`, allowCoarseRegion: placement.isCoarse, ip });
  } catch (error) {
    if (error instanceof AppError && error.errors?.some((e) => e.field === 'Idempotency-Key')) {
      throw new AppError('conflict', `eventId ${event.eventId} was already used for a different event`, { errors: [{ field: 'eventId', message: 'already used for a different event' }] });
    }
    throw error;
  }
  if (!result.replayed) await repo.markEventReceived(ctx.db, source.id, new Date().toISOString());
  const created = result.body;
  return {
    statusCode: result.replayed ? 200 : 201,
    body: { caseId: created.id, trackingCode: created.trackingCode, status: created.status, ownerUnitId: created.ownerUnitId, replayed: result.replayed },
  };
}
