// First start: the `admin` account, with the admin role at the province's governance centre.
import type { AppContext } from '../../context.js';
import { generatePassword } from '../../crypto/password.js';
import { AppError } from '../../errors.js';
import { systemActor } from '../auth/actor.js';
import * as unitsRepo from '../units/units.repository.js';
import * as usersRepo from './users.repository.js';
import { insertAccount } from './users.service.js';

export const ADMIN_USERNAME = 'admin';

/**
 * Creates `admin` unless it exists, with `password` (PINGAN_ADMIN_PASSWORD) or a random one that is
 * returned once as generatedPassword. Safe to call on every start and from several instances at once.
 */
export async function ensureAdmin(ctx: AppContext, password: string | undefined): Promise<{ generatedPassword?: string }> {
  if (await usersRepo.findUserByUsername(ctx.db, ADMIN_USERNAME)) return {};
  const provinceCenter = await unitsRepo.findCenterOfRegion(ctx.db, ctx.config.provinceCode.padEnd(12, '0'));
  if (!provinceCenter) {
    ctx.log.warn(`no governance centre for province ${ctx.config.provinceCode} (are the regions imported?): the admin account was not created`);
    return {};
  }
  const chosen = password ?? generatePassword();
  try {
    await insertAccount(ctx, systemActor('bootstrap'), {
      username: ADMIN_USERNAME,
      displayName: '系统管理员',
      password: chosen,
      grants: [{ role: 'admin', unitId: provinceCenter.id }],
    });
  } catch (error) {
    // Another instance created it between our check and our insert.
    if (error instanceof AppError && error.code === 'conflict') return {};
    throw error;
  }
  return password ? {} : { generatedPassword: chosen };
}
