// Use cases of accounts: create, list, read, disable/enable, the unmasked phone. Every change is
// audited in its own transaction; phones are encrypted at rest and masked on the way out.
import type { AppContext } from '../../context.js';
import { decryptPii, encryptPii, maskPhone } from '../../crypto/pii.js';
import { hashPassword } from '../../crypto/password.js';
import { AppError, invalid, isUniqueViolation, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, type Role, scopeOf } from '../auth/actor.js';
import * as authRepo from '../auth/auth.repository.js';
import { auditActor, everywhere, manageScope } from '../auth/policy.js';
import * as unitsRepo from '../units/units.repository.js';
import * as usersRepo from './users.repository.js';
import type { CreateUserDto, GrantInputDto, UserDto, UserListQueryDto } from './users.schemas.js';
import { requireGrantableRole, requireManageUser } from './users.policy.js';

export type Ctx = Pick<AppContext, 'db' | 'config'>;

/** Binds a phone ciphertext to its column: a value copied into another column will not decrypt. */
export const PHONE_CONTEXT = 'users.phone';

function maskedPhone(ctx: Ctx, phoneEnc: string | null): string | null {
  if (phoneEnc === null) return null;
  try {
    return maskPhone(decryptPii(ctx.config.dataKey, phoneEnc, PHONE_CONTEXT));
  } catch {
    return '***';
  }
}

export function presentUser(ctx: Ctx, row: usersRepo.UserRow, memberships: usersRepo.MembershipRow[]): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: maskedPhone(ctx, row.phone_enc),
    status: row.status === 'disabled' ? 'disabled' : 'active',
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    grants: memberships
      .filter((m) => m.user_id === row.id)
      .map((m) => ({ id: m.id, role: m.role as Role, unitId: m.unit_id, unitName: m.unit_name, unitKind: m.unit_kind, regionCode: m.region_code })),
  };
}

/** A user visible to the actor, with their grants; 404 otherwise. */
async function loadUser(ctx: Ctx, actor: Actor, id: number) {
  const row = await usersRepo.findUser(ctx.db, scopeOf(actor), id, actor.userId);
  if (!row) throw notFound('user', id);
  return { row, memberships: await usersRepo.findMemberships(ctx.db, [id]) };
}

export { loadUser };

export async function getUser(ctx: Ctx, actor: Actor, id: number): Promise<UserDto> {
  const { row, memberships } = await loadUser(ctx, actor, id);
  return presentUser(ctx, row, memberships);
}

/** The stored account after a write the actor was allowed to make (it may now be out of their sight). */
export async function getWrittenUser(ctx: Ctx, id: number): Promise<UserDto> {
  const row = await usersRepo.findUser(ctx.db, everywhere, id, null);
  if (!row) throw notFound('user', id);
  return presentUser(ctx, row, await usersRepo.findMemberships(ctx.db, [id]));
}

export async function listUsers(ctx: Ctx, actor: Actor, query: UserListQueryDto) {
  const limit = query.limit ?? 50;
  const rows = await usersRepo.findUsers(ctx.db, scopeOf(actor), {
    limit,
    ...(query.unit !== undefined ? { unitId: query.unit } : {}),
    ...(query.q ? { q: query.q.trim() } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.after !== undefined ? { after: query.after } : {}),
  });
  const memberships = await usersRepo.findMemberships(ctx.db, rows.map((r) => r.id));
  const last = rows.at(-1);
  return { items: rows.map((r) => presentUser(ctx, r, memberships)), next: rows.length === limit && last ? last.id : null };
}

/**
 * Checks grants the actor wants to hand out: roles they may grant, in active units of the regions
 * they manage. `field(i)` is the body path prefix of grant i for errors (`grants.0.` or '').
 */
export async function checkGrants(ctx: Ctx, actor: Actor, grants: GrantInputDto[], field: (i: number) => string): Promise<void> {
  grants.forEach((g, i) => requireGrantableRole(actor, g.role, `${field(i)}role`));
  const units = await unitsRepo.findUnitsByIds(ctx.db, manageScope(actor), [...new Set(grants.map((g) => g.unitId))]);
  grants.forEach((g, i) => {
    const unit = units.find((u) => u.id === g.unitId);
    if (!unit) throw invalid(`${field(i)}unitId`, `unit ${g.unitId} does not exist in the regions you manage`);
    if (unit.status !== 'active') throw invalid(`${field(i)}unitId`, `unit ${g.unitId} is retired`);
  });
}

function uniqueGrants(grants: GrantInputDto[]): GrantInputDto[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = `${g.role}@${g.unitId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const usernameTaken = (username: string) =>
  new AppError('conflict', `username ${username} is taken`, { errors: [{ field: 'username', message: 'is taken' }] });

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  phone?: string | undefined;
  grants: GrantInputDto[];
}

/** Inserts an account and its grants with the audit row, in one transaction. No access check. */
export async function insertAccount(ctx: Ctx, actor: Actor, account: NewAccount, ip?: string): Promise<number> {
  if (await usersRepo.findUserByUsername(ctx.db, account.username)) throw usernameTaken(account.username);
  const passwordHash = await hashPassword(account.password);
  const phoneEnc = account.phone ? encryptPii(ctx.config.dataKey, account.phone, PHONE_CONTEXT) : null;
  const grants = uniqueGrants(account.grants);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const userId = await usersRepo.insertUser(trx, { username: account.username, displayName: account.displayName, passwordHash, phoneEnc, now });
      for (const g of grants) await usersRepo.insertMembership(trx, { userId, unitId: g.unitId, role: g.role, now });
      await appendAudit(trx, {
        ...auditActor(actor, ip),
        action: 'user.created',
        entityType: 'user',
        entityId: userId,
        detail: { username: account.username, displayName: account.displayName, hasPhone: phoneEnc !== null, grants },
      });
      return userId;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken(account.username);
    throw error;
  }
}

export async function createUser(ctx: Ctx, actor: Actor, input: CreateUserDto, ip?: string): Promise<UserDto> {
  const grants = input.grants ?? [];
  await checkGrants(ctx, actor, grants, (i) => `grants.${i}.`);
  const id = await insertAccount(ctx, actor, { ...input, displayName: input.displayName.trim(), grants }, ip);
  return getWrittenUser(ctx, id);
}

async function setStatus(ctx: Ctx, actor: Actor, id: number, status: 'active' | 'disabled', ip?: string): Promise<UserDto> {
  const { row, memberships } = await loadUser(ctx, actor, id);
  requireManageUser(actor, id, memberships);
  if (id === actor.userId) throw new AppError('action_not_allowed', 'You cannot disable or enable your own account');
  if (row.status !== status) {
    await ctx.db.transaction().execute(async (trx) => {
      await usersRepo.setUserStatus(trx, id, status, new Date().toISOString());
      // Sessions end at once; tokens the user minted stop working because their creator is inactive.
      if (status === 'disabled') await authRepo.deleteSessionsOfUser(trx, id);
      await appendAudit(trx, { ...auditActor(actor, ip), action: status === 'disabled' ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: id, detail: { username: row.username } });
    });
  }
  return getWrittenUser(ctx, id);
}

export const disableUser = (ctx: Ctx, actor: Actor, id: number, ip?: string) => setStatus(ctx, actor, id, 'disabled', ip);
export const enableUser = (ctx: Ctx, actor: Actor, id: number, ip?: string) => setStatus(ctx, actor, id, 'active', ip);

/** The whole phone number, for the account itself and those who manage it; the view is audited. */
export async function revealPhone(ctx: Ctx, actor: Actor, id: number, ip?: string): Promise<{ phone: string | null }> {
  const { row, memberships } = await loadUser(ctx, actor, id);
  if (id !== actor.userId) requireManageUser(actor, id, memberships);
  if (row.phone_enc === null) return { phone: null };
  const phone = decryptPii(ctx.config.dataKey, row.phone_enc, PHONE_CONTEXT);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { ...auditActor(actor, ip), action: 'user.phone_viewed', entityType: 'user', entityId: id, detail: { field: 'phone' } }),
  );
  return { phone };
}
