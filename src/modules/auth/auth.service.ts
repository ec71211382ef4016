// Sign-in, sign-out, the caller's profile and password changes.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../crypto/password.js';
import { AppError, invalid } from '../../errors.js';
import { sha256 } from '../../plugins/auth.plugin.js';
import { appendAudit } from '../audit/audit.repository.js';
import { isInSubtree } from '../regions/region-code.js';
import { type Actor, type RoleGrant, scopeOf } from './actor.js';
import * as authRepo from './auth.repository.js';
import type { ChangePasswordDto, LoginDto } from './auth.schemas.js';
import { auditActor, requirePerson } from './policy.js';

type Ctx = Pick<AppContext, 'db' | 'config'>;

/** Consecutive failures after which an account locks. */
export const LOCKOUT_THRESHOLD = 5;
const LOCK_BASE_MS = 60_000;
const LOCK_MAX_MS = 3_600_000;

/** How long the account locks after `failures` consecutive failures: 1 min at 5, doubling, at most 1 h. */
export function lockDurationMs(failures: number): number | null {
  if (failures < LOCKOUT_THRESHOLD) return null;
  return Math.min(LOCK_MAX_MS, LOCK_BASE_MS * 2 ** (failures - LOCKOUT_THRESHOLD));
}

export interface SignedIn {
  user: { id: number; username: string; displayName: string };
  grants: RoleGrant[];
  /** The session cookie's value; only its SHA-256 is stored. */
  sessionToken: string;
  csrfToken: string;
}

const invalidCredentials = () => new AppError('invalid_credentials', 'Wrong username or password');

function accountLocked(lockedUntil: string, now: number): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - now) / 1000));
  return new AppError('account_locked', `Too many failed sign-ins; try again in ${seconds} seconds`, {
    headers: { 'retry-after': String(seconds) },
    extra: { retryAfter: seconds },
  });
}

async function recordFailure(ctx: Ctx, user: { id: number; status: string }, username: string, ip: string | undefined): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const anonymous = { actorUserId: null, actorLabel: 'anonymous', ip: ip ?? null };
    // A disabled account does not lock: it cannot sign in anyway.
    const failures = user.status === 'active' ? await authRepo.incrementFailedLogins(trx, user.id, now.toISOString()) : null;
    await appendAudit(trx, {
      ...anonymous,
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user.id,
      detail: { username, reason: user.status === 'active' ? 'wrong_password' : 'disabled', failures },
    });
    const lockMs = failures === null ? null : lockDurationMs(failures);
    if (lockMs === null) return;
    const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
    await authRepo.setLockedUntil(trx, user.id, lockedUntil);
    await appendAudit(trx, { ...anonymous, action: 'auth.locked', entityType: 'user', entityId: user.id, detail: { username, failures, lockedUntil } });
  });
}

/**
 * Checks a username and password and opens a session. Unknown users, wrong passwords and disabled
 * accounts all get the same answer after the same work; a locked account gets 429 with Retry-After.
 */
export async function login(ctx: Ctx, input: LoginDto, meta: { ip?: string; previousSessionId?: string }): Promise<SignedIn> {
  const user = await authRepo.findLoginUser(ctx.db, input.username);
  if (!user) {
    await verifyAgainstDummy(input.password);
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actorUserId: null,
        actorLabel: 'anonymous',
        ip: meta.ip ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: null,
        detail: { username: input.username, reason: 'unknown_user' },
      }),
    );
    throw invalidCredentials();
  }
  if (user.locked_until && Date.parse(user.locked_until) > Date.now()) throw accountLocked(user.locked_until, Date.now());
  const isValid = await verifyPassword(user.password_hash, input.password);
  if (!isValid || user.status !== 'active') {
    await recordFailure(ctx, user, input.username, meta.ip);
    throw invalidCredentials();
  }

  const rehashed = needsRehash(user.password_hash) ? await hashPassword(input.password) : undefined;
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    // A new session id on every sign-in: a session planted before it (fixation) is dropped.
    if (meta.previousSessionId) await authRepo.deleteSession(trx, meta.previousSessionId);
    await authRepo.clearLoginFailures(trx, user.id);
    if (rehashed) await authRepo.replacePasswordHash(trx, user.id, rehashed);
    await authRepo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString(),
    });
    await appendAudit(trx, { actorUserId: user.id, actorLabel: user.username, ip: meta.ip ?? null, action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  const grants = await authRepo.findGrants(ctx.db, user.id);
  return { user: { id: user.id, username: user.username, displayName: user.display_name }, grants, sessionToken, csrfToken };
}

/** Ends the caller's session (if the caller has one). */
export async function logout(ctx: Ctx, actor: Actor | null, ip?: string): Promise<void> {
  const sessionId = actor?.sessionId;
  if (!actor || !sessionId) return;
  await ctx.db.transaction().execute(async (trx) => {
    await authRepo.deleteSession(trx, sessionId);
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

/** The topmost region codes among the grants: a region inside another granted one adds nothing. */
export function topRegionCodes(actor: Actor): string[] {
  if (scopeOf(actor).all) return [];
  const codes = [...new Set(actor.grants.map((g) => g.regionCode))].sort();
  return codes.filter((code) => !codes.some((other) => other !== code && isInSubtree(code, other)));
}

export async function getMe(ctx: Ctx, actor: Actor) {
  const profile = actor.userId === null ? undefined : await authRepo.findUserProfile(ctx.db, actor.userId);
  if (!profile) throw new AppError('unauthenticated', 'The signed-in account no longer exists');
  const scope = scopeOf(actor);
  return {
    user: { id: profile.id, username: profile.username, displayName: profile.display_name },
    grants: actor.grants,
    scope: { all: scope.all, regionCodes: topRegionCodes(actor) },
  };
}

/** Changes the caller's own password and signs out every other session of theirs. */
export async function changePassword(ctx: Ctx, actor: Actor, input: ChangePasswordDto, ip?: string): Promise<void> {
  requirePerson(actor, 'change a password');
  const profile = await authRepo.findUserProfile(ctx.db, actor.userId);
  if (!profile || !(await verifyPassword(profile.password_hash, input.currentPassword))) {
    throw invalid('currentPassword', 'is not your current password');
  }
  if (input.newPassword === input.currentPassword) throw invalid('newPassword', 'must differ from the current password');
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await authRepo.setPasswordHash(trx, actor.userId, hash, new Date().toISOString());
    await authRepo.deleteSessionsOfUser(trx, actor.userId, actor.sessionId);
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'auth.password_changed', entityType: 'user', entityId: actor.userId });
  });
}
