// Use cases of role grants: give a user a role in a unit, take it away.
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, isAdmin, scopeIncludes } from '../auth/actor.js';
import { auditActor, manageScope } from '../auth/policy.js';
import * as usersRepo from './users.repository.js';
import type { GrantInputDto, UserDto } from './users.schemas.js';
import { type Ctx, checkGrants, getWrittenUser, loadUser } from './users.service.js';

/** Gives a visible user a role in a unit the actor manages; answers with the updated account. */
export async function addGrant(ctx: Ctx, actor: Actor, userId: number, grant: GrantInputDto, ip?: string): Promise<UserDto> {
  const { row } = await loadUser(ctx, actor, userId);
  await checkGrants(ctx, actor, [grant], () => '');
  if (await usersRepo.hasMembership(ctx.db, userId, grant.unitId, grant.role)) {
    throw new AppError('conflict', `user ${userId} already holds ${grant.role} in unit ${grant.unitId}`, { errors: [{ field: 'role', message: 'already granted in this unit' }] });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const grantId = await usersRepo.insertMembership(trx, { userId, unitId: grant.unitId, role: grant.role, now: new Date().toISOString() });
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'user.grant_added', entityType: 'user', entityId: userId, detail: { username: row.username, grantId, ...grant } });
  });
  return getWrittenUser(ctx, userId);
}

/** Takes a grant away; the last admin grant of an active account stays. */
export async function removeGrant(ctx: Ctx, actor: Actor, userId: number, grantId: number, ip?: string): Promise<void> {
  const { row } = await loadUser(ctx, actor, userId);
  const grant = await usersRepo.findMembership(ctx.db, userId, grantId);
  if (!grant) throw notFound('grant', grantId);
  if (grant.role === 'admin' && !isAdmin(actor)) throw new AppError('forbidden', 'Only admins can take the admin role away');
  if (!scopeIncludes(manageScope(actor), grant.region_code)) throw new AppError('forbidden', `unit ${grant.unit_id} is outside the regions you manage`);
  await ctx.db.transaction().execute(async (trx) => {
    if (grant.role === 'admin' && row.status === 'active' && (await usersRepo.countActiveAdmins(trx)) <= 1) {
      throw new AppError('action_not_allowed', 'This is the last admin grant; give another account the admin role first');
    }
    await usersRepo.deleteMembership(trx, grantId);
    await appendAudit(trx, {
      ...auditActor(actor, ip),
      action: 'user.grant_removed',
      entityType: 'user',
      entityId: userId,
      regionCode: grant.region_code,
      detail: { username: row.username, grantId, role: grant.role, unitId: grant.unit_id },
    });
  });
}
