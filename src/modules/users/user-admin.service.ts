// Operator use cases behind `pingan user …`: they act as the system (no signed-in caller) and take
// raw command-line text, so they validate it here rather than through an HTTP schema.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, generatePassword, hashPassword } from '../../crypto/password.js';
import { invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Role, roles, systemActor } from '../auth/actor.js';
import * as authRepo from '../auth/auth.repository.js';
import { everywhere } from '../auth/policy.js';
import { normalizeRegionCode } from '../regions/region-code.js';
import * as unitsRepo from '../units/units.repository.js';
import * as usersRepo from './users.repository.js';
import type { UserDto } from './users.schemas.js';
import { USERNAME_PATTERN } from './users.schemas.js';
import { type Ctx, getWrittenUser, insertAccount } from './users.service.js';

const cli = systemActor('cli');

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw invalid('password', `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
}

export interface AddUserInput {
  username: string;
  role: string;
  unitId?: number | undefined;
  regionCode?: string | undefined;
  password?: string | undefined;
  displayName?: string | undefined;
}

async function resolveUnitId(ctx: Ctx, input: AddUserInput): Promise<number> {
  if (input.unitId !== undefined && input.regionCode !== undefined) throw invalid('unit', 'give --unit or --region, not both');
  if (input.unitId !== undefined) return input.unitId;
  if (input.regionCode === undefined) throw invalid('unit', 'give --unit <id> or --region <code>');
  const code = normalizeRegionCode(input.regionCode);
  if (!code) throw invalid('region', `${input.regionCode} is not a region code`);
  const center = await unitsRepo.findCenterOfRegion(ctx.db, code);
  if (!center) throw notFound('governance centre of region', code);
  return center.id;
}

/** `pingan user add`: an account with one role, in a unit or in a region's centre. */
export async function addUserWithRole(ctx: Ctx, input: AddUserInput): Promise<{ user: UserDto; generatedPassword?: string }> {
  if (!new RegExp(USERNAME_PATTERN).test(input.username)) throw invalid('username', 'must match ^[a-z0-9_.-]{3,40}$');
  if (!(roles as readonly string[]).includes(input.role)) throw invalid('role', `must be one of ${roles.join(', ')}`);
  if (input.password !== undefined) checkPassword(input.password);
  const unitId = await resolveUnitId(ctx, input);
  const [unit] = await unitsRepo.findUnitsByIds(ctx.db, everywhere, [unitId]);
  if (!unit) throw notFound('unit', unitId);
  const password = input.password ?? generatePassword();
  const id = await insertAccount(ctx, cli, {
    username: input.username,
    displayName: input.displayName?.trim() || input.username,
    password,
    grants: [{ role: input.role as Role, unitId }],
  });
  const user = await getWrittenUser(ctx, id);
  return input.password === undefined ? { user, generatedPassword: password } : { user };
}

/** `pingan user reset-password`: a new password, the account unlocked, every session ended. */
export async function resetPassword(ctx: Ctx, username: string, newPassword?: string): Promise<{ generatedPassword?: string }> {
  const user = await usersRepo.findUserByUsername(ctx.db, username);
  if (!user) throw notFound('user', username);
  if (newPassword !== undefined) checkPassword(newPassword);
  const password = newPassword ?? generatePassword();
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await authRepo.setPasswordHash(trx, user.id, hash, new Date().toISOString());
    await authRepo.deleteSessionsOfUser(trx, user.id);
    await appendAudit(trx, { actorUserId: null, actorLabel: cli.label, action: 'user.password_reset', entityType: 'user', entityId: user.id, detail: { username } });
  });
  return newPassword === undefined ? { generatedPassword: password } : {};
}
