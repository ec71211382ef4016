// API tokens: minted by a signed-in person for themselves or for one of their units, shown once,
// stored as SHA-256, revocable.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { sha256 } from '../../plugins/auth.plugin.js';
import { appendAudit } from '../audit/audit.repository.js';
import * as unitsRepo from '../units/units.repository.js';
import { type Actor, isAdmin, scopeOf } from './actor.js';
import * as authRepo from './auth.repository.js';
import type { CreateTokenDto } from './auth.schemas.js';
import { auditActor, requirePerson } from './policy.js';

type Ctx = Pick<AppContext, 'db'>;

export const TOKEN_PREFIX = 'pat_';
const DISPLAY_PREFIX_LENGTH = 8;

/** `pat_` + 32 random bytes in base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

async function checkTokenUnit(ctx: Ctx, actor: Actor, unitId: number): Promise<void> {
  const unit = await unitsRepo.findUnit(ctx.db, scopeOf(actor), unitId);
  if (!unit) throw notFound('unit', unitId);
  if (!isAdmin(actor) && !actor.grants.some((g) => g.unitId === unitId)) {
    throw new AppError('forbidden', `You hold no role in unit ${unitId}, so you cannot mint a token for it`, {
      errors: [{ field: 'unitId', message: 'you hold no role in this unit' }],
    });
  }
  if (unit.status !== 'active') throw invalid('unitId', `unit ${unitId} is retired`);
}

export async function createToken(ctx: Ctx, actor: Actor, input: CreateTokenDto, ip?: string) {
  requirePerson(actor, 'create API tokens');
  const unitId = input.unitId ?? null;
  if (unitId !== null) await checkTokenUnit(ctx, actor, unitId);
  const token = generateToken();
  const prefix = token.slice(0, DISPLAY_PREFIX_LENGTH);
  const name = input.name.trim();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const tokenId = await authRepo.insertToken(trx, { name, tokenHash: sha256(token), prefix, unitId, createdBy: actor.userId, now: new Date().toISOString() });
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'auth.token_created', entityType: 'api_token', entityId: tokenId, detail: { name, prefix, unitId } });
    return tokenId;
  });
  return { id, name, token, prefix, unitId };
}

/** The caller's own tokens; every token for admins. Never the token itself. */
export async function listTokens(ctx: Ctx, actor: Actor) {
  if (!isAdmin(actor) && actor.userId === null) return { items: [] };
  const rows = await authRepo.findTokens(ctx.db, isAdmin(actor) ? undefined : (actor.userId ?? undefined));
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      unitId: r.unit_id,
      createdBy: r.created_by,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    })),
  };
}

/** Revokes a token of the caller's (any token, for admins); revoking twice is not an error. */
export async function revokeToken(ctx: Ctx, actor: Actor, id: number, ip?: string): Promise<void> {
  const row = await authRepo.findToken(ctx.db, id);
  if (!row || (!isAdmin(actor) && row.created_by !== actor.userId)) throw notFound('API token', id);
  if (row.revoked_at) return;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await authRepo.revokeToken(trx, id, new Date().toISOString()))) return;
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'auth.token_revoked', entityType: 'api_token', entityId: id, detail: { name: row.name } });
  });
}
