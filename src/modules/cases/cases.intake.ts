// Intake (受理 starts here): validate the place, category and parties, write the case with its first
// event, rollups, outbox and audit in one transaction, then find possible duplicates.
// Idempotency-Key: a retry with the same key and body returns the first answer and creates nothing.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { blindIndex } from '../../crypto/blind-index.js';
import { encryptPii } from '../../crypto/pii.js';
import { type Db, dialectOf } from '../../db/database.js';
import { inWriteTransaction } from '../../db/group-commit.js';
import { AppError, type FieldError, isUniqueViolation } from '../../errors.js';
import { rollupDay } from '../analytics/rollup-deltas.js';
import type { Actor } from '../auth/actor.js';
import { findCategory } from '../categories/categories.repository.js';
import { levelOf } from '../regions/region-code.js';
import type { CaseEvent } from './case-reducer.js';
import { type NewCaseRow, insertCaseWithFirstEvent } from './case-write.js';
import type { CreateCaseInput } from './cases.schemas.js';
import * as repo from './cases.repository.js';
import { findDuplicateCandidates } from './duplicates.js';
import type { CaseStatus } from './workflow.js';

export interface CreatedCaseResult {
  id: number;
  trackingCode: string;
  status: CaseStatus;
  version: number;
  ownerUnitId: number;
  duplicates: Array<{ id: number; trackingCode: string; title: string; similarity: number }>;
}

export interface IntakeResult {
  statusCode: number;
  body: CreatedCaseResult;
  replayed: boolean;
}

async function validatePlace(db: Db, input: CreateCaseInput, errors: FieldError[], allowCoarseRegion: boolean) {
  const region = await repo.findRegion(db, input.regionCode);
  if (!region) errors.push({ field: 'regionCode', message: `unknown region ${input.regionCode}` });
  else if (allowCoarseRegion ? levelOf(region.code) < 2 : levelOf(region.code) !== 4) {
    errors.push({ field: 'regionCode', message: allowCoarseRegion ? 'must be a county, township or village code' : 'must be a village or community (12-digit, level 5) code' });
  }
  if (input.gridCode) {
    const grid = await repo.findGrid(db, input.gridCode);
    if (!grid) errors.push({ field: 'gridCode', message: `unknown grid ${input.gridCode}` });
    else if (grid.region_code !== input.regionCode) errors.push({ field: 'gridCode', message: 'the grid is not in the given village' });
    else if (grid.status !== 'active') errors.push({ field: 'gridCode', message: 'the grid is retired' });
  }
}

async function validate(db: Db, input: CreateCaseInput, allowCoarseRegion: boolean): Promise<void> {
  const errors: FieldError[] = [];
  await validatePlace(db, input, errors, allowCoarseRegion);
  const category = await findCategory(db, input.categoryCode);
  if (!category || category.status !== 'active') errors.push({ field: 'categoryCode', message: `unknown category ${input.categoryCode}` });
  if (input.kind === 'dispute' && (input.parties?.length ?? 0) < 2) {
    errors.push({ field: 'parties', message: 'a dispute needs two or more parties' });
  }
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

function requestHash(input: CreateCaseInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export function formatTrackingCode(prefix: string, day: string, seq: number): string {
  return `${prefix}${day.slice(2).replaceAll('-', '')}${String(seq).padStart(4, '0')}`;
}

/** The new case as its transaction knows it: the answer but for the duplicates. */
export type NewCase = Omit<CreatedCaseResult, 'duplicates'>;

async function insertNewCase(ctx: AppContext, trx: Db, actor: Actor, input: CreateCaseInput, at: string, ip: string | null, trackingSeq: number | undefined): Promise<NewCase> {
  // A case placed only to a county or township (by coordinates) goes to that region's own centre.
  const coarseOwner = levelOf(input.regionCode) < 4 ? await repo.findCenterAt(trx, input.regionCode) : undefined;
  const owner = coarseOwner ?? (await repo.findOwningCenter(trx, input.regionCode));
  if (!owner) throw new AppError('unprocessable', `No governance centre above region ${input.regionCode}`, { errors: [{ field: 'regionCode', message: 'no centre' }] });
  const day = rollupDay(at);
  const trackingCode = formatTrackingCode(ctx.config.trackingPrefix, day, trackingSeq ?? (await repo.nextTrackingSeq(trx, day)));
  const key = ctx.config.dataKey;
  const reporter = input.reporter ?? {};
  const isAnonymous = !reporter.name && !reporter.phone && !reporter.idNumber;
  const submitted: CaseEvent = { action: 'submit', toStatus: 'submitted', unitId: null, at, payload: { ownerUnitId: owner.id, channel: input.channel, kind: input.kind } };
  const row: NewCaseRow = {
    tracking_code: trackingCode,
    kind: input.kind,
    channel: input.channel,
    category_code: input.categoryCode,
    priority: input.priority ?? 'normal',
    region_code: input.regionCode,
    grid_code: input.gridCode ?? null,
    address: input.address ?? null,
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    title: input.title,
    description: input.description,
    reporter_name_enc: reporter.name ? encryptPii(key, reporter.name, 'cases.reporter_name') : null,
    reporter_phone_enc: reporter.phone ? encryptPii(key, reporter.phone, 'cases.reporter_phone') : null,
    reporter_id_enc: reporter.idNumber ? encryptPii(key, reporter.idNumber, 'cases.reporter_id') : null,
    reporter_phone_hash: reporter.phone ? blindIndex(key, 'phone', reporter.phone) : null,
    is_anonymous: isAnonymous ? 1 : 0,
    created_by: actor.userId,
    created_at: at,
  };
  // The submit event is the case's first entry: the row is inserted with the projection it gives.
  const written = await insertCaseWithFirstEvent(trx, row, owner.id, submitted, { actor, isPublic: true, ip });
  const id = written.id;
  await repo.insertParties(
    trx,
    (input.parties ?? []).map((p) => ({
      case_id: id,
      role: p.role,
      name_enc: encryptPii(key, p.name, 'case_parties.name'),
      phone_enc: p.phone ? encryptPii(key, p.phone, 'case_parties.phone') : null,
      id_number_enc: p.idNumber ? encryptPii(key, p.idNumber, 'case_parties.id_number') : null,
      phone_hash: p.phone ? blindIndex(key, 'phone', p.phone) : null,
      name_hash: blindIndex(key, 'name', p.name),
    })),
  );
  return { id, trackingCode, status: 'submitted', version: written.version, ownerUnitId: owner.id };
}

function findDuplicatesOf(db: Db, created: NewCase, input: CreateCaseInput, at: string) {
  return findDuplicateCandidates(db, { id: created.id, regionCode: input.regionCode, title: input.title, description: input.description, at });
}

// Possible duplicates are a hint to the operator, not part of the write: found after the commit they
// keep the write transaction (SQLite's one writer, PostgreSQL's shared rollup rows) short and still see
// every case committed before them. The case is in by then, so a failed search must not fail it.
async function findDuplicatesAfterCommit(ctx: AppContext, created: NewCase, input: CreateCaseInput, at: string): Promise<CreatedCaseResult['duplicates']> {
  try {
    return await findDuplicatesOf(ctx.db, created, input, at);
  } catch (error) {
    ctx.log.warn({ err: error, caseId: created.id }, 'duplicate search after intake failed');
    return [];
  }
}

export interface IntakeOptions {
  idempotencyKey?: string;
  ip?: string | null;
  /**
   * Accept a county or township code when the caller could not place the case in a village
   * (Open311 and inbound events placed by coordinates); the centre of that region triages it.
   */
  allowCoarseRegion?: boolean;
  /**
   * Writes that belong with the new case (the portal's photos, the booking a walk-in came from),
   * in the intake's transaction: if one fails, no case is taken in. Not run on a replay.
   */
  afterInsert?: (trx: Db, created: NewCase) => Promise<void>;
}

/** Takes a case in; with an idempotency key, a retry answers exactly as the first call did. */
export async function intakeCase(ctx: AppContext, actor: Actor, input: CreateCaseInput, options: IntakeOptions = {}): Promise<IntakeResult> {
  const at = new Date().toISOString();
  const key = options.idempotencyKey ? `${actor.label}:${options.idempotencyKey}` : undefined;
  const hash = requestHash(input);
  const replay = async (): Promise<IntakeResult | undefined> => {
    if (!key) return undefined;
    const existing = await repo.findIdempotencyKey(ctx.db, key);
    if (!existing) return undefined;
    if (existing.request_hash !== hash) {
      throw new AppError('unprocessable', 'This Idempotency-Key was used with a different request body', { errors: [{ field: 'Idempotency-Key', message: 'reused with a different body' }] });
    }
    return { statusCode: existing.status_code, body: JSON.parse(existing.response), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    // On SQLite, intakes that arrive together share one transaction (group commit, each in its own
    // savepoint); the checks run inside it so a request waits for the database only once.
    // PostgreSQL: the day's tracking counter row would be locked from its increment to the COMMIT,
    // making concurrent intakes wait for each other; take the number in its own statement first
    // (a failed intake then leaves a gap in the day's numbers, as a sequence would).
    const checkedFirst = dialectOf(ctx.db) === 'postgres';
    let trackingSeq: number | undefined;
    if (checkedFirst) {
      await validate(ctx.db, input, options.allowCoarseRegion ?? false);
      trackingSeq = await repo.nextTrackingSeq(ctx.db, rollupDay(at));
    }
    const { created, stored } = await inWriteTransaction(ctx.db, async (trx) => {
      if (!checkedFirst) await validate(trx, input, options.allowCoarseRegion ?? false);
      const created = await insertNewCase(ctx, trx, actor, input, at, options.ip ?? null, trackingSeq);
      await options.afterInsert?.(trx, created);
      if (!key) return { created, stored: undefined };
      // A replay answers exactly as the first call did, duplicates included: a keyed intake finds
      // them in its transaction and stores them with its key.
      const stored: CreatedCaseResult = { ...created, duplicates: await findDuplicatesOf(trx, created, input, at) };
      await repo.insertIdempotencyKey(trx, { key, requestHash: hash, statusCode: 201, response: stored, at });
      return { created, stored };
    });
    const body = stored ?? { ...created, duplicates: await findDuplicatesAfterCommit(ctx, created, input, at) };
    return { statusCode: 201, body, replayed: false };
  } catch (error) {
    // A concurrent retry with the same key committed first: answer with its result.
    if (key && isUniqueViolation(error)) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}
