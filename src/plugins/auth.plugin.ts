// Resolves the caller (session cookie or API token) into request.actor before any handler runs,
// enforces each route's declared auth, and checks the CSRF token on cookie-authenticated writes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { type Actor, type Role, type RoleGrant, hasRole, isAdmin } from '../modules/auth/actor.js';
import * as authRepo from '../modules/auth/auth.repository.js';

export const SESSION_COOKIE = 'pingan_session';
export const CSRF_COOKIE = 'pingan_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** 'public': no sign-in needed; default: a signed-in user or token. */
    auth?: 'public' | 'user';
    /** Any of these roles is required (admins always pass). */
    roles?: Role[];
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function tokenGrant(unit: { id: number; kind: string; name: string; region_code: string }): RoleGrant {
  const role: Role = unit.kind === 'center' ? 'center_operator' : 'department_handler';
  return { role, unitId: unit.id, unitKind: unit.kind, unitName: unit.name, regionCode: unit.region_code };
}

/** The Actor of an API token (Bearer header here; Open311's api_key too); unauthenticated if unknown or revoked. */
export async function actorFromBearer(ctx: AppContext, token: string): Promise<Actor> {
  const row = await authRepo.findActiveToken(ctx.db, sha256(token));
  if (!row || row.creator_status !== 'active') throw new AppError('unauthenticated', 'API token is unknown or revoked');
  const now = new Date();
  // Record use at most once a minute per token: a busy integration must not write on every call.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await authRepo.markTokenUsed(ctx.db, row.id, now.toISOString());
  }
  let grants: RoleGrant[];
  if (row.unit_id !== null) {
    const unit = await authRepo.findTokenUnit(ctx.db, row.unit_id);
    if (!unit) throw new AppError('unauthenticated', 'API token unit is retired');
    grants = [tokenGrant(unit)];
  } else {
    grants = await authRepo.findGrants(ctx.db, row.created_by);
  }
  return { kind: 'token', userId: row.created_by, label: `token:${row.name}`, grants, tokenId: row.id };
}

async function actorFromSession(ctx: AppContext, cookie: string): Promise<Actor | null> {
  const now = new Date();
  const session = await authRepo.findSession(ctx.db, sha256(cookie), now.toISOString());
  if (!session || session.status !== 'active') return null;
  // Sliding expiry, refreshed at most once a minute.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000).toISOString();
    await authRepo.touchSession(ctx.db, session.id, now.toISOString(), expiresAt);
  }
  const grants = await authRepo.findGrants(ctx.db, session.user_id);
  return { kind: 'user', userId: session.user_id, label: session.username, grants, sessionId: session.id };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request carries its session's CSRF token in the header (routes that check it themselves). */
export async function csrfMatches(ctx: Pick<AppContext, 'db'>, request: FastifyRequest, sessionId: string): Promise<boolean> {
  const header = request.headers[CSRF_HEADER];
  if (typeof header !== 'string' || header === '') return false;
  const row = await ctx.db.selectFrom('sessions').select('csrf_token').where('id', '=', sessionId).executeTakeFirst();
  return row !== undefined && safeEqual(row.csrf_token, header);
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  const { ctx } = opts;
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      request.actor = await actorFromBearer(ctx, authorization.slice('Bearer '.length).trim());
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.actor = await actorFromSession(ctx, cookie);
  });

  // preHandler runs after validation, so a bad body is reported as such even to anonymous callers
  // of public routes; for protected routes the 401 must win, hence preValidation.
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    // Unmatched routes fall through to the 404 handler; public routes need no caller.
    if (!request.routeOptions.url || !request.url.startsWith('/api/v1/') || config.auth === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 'Sign in or send an API token');
    if (actor.kind === 'user' && actor.sessionId && !SAFE_METHODS.has(request.method)) {
      if (!(await csrfMatches(ctx, request, actor.sessionId))) {
        throw new AppError('csrf_failed', `Send the ${CSRF_HEADER} header with the token from the ${CSRF_COOKIE} cookie`);
      }
    }
    if (config.roles && !isAdmin(actor) && !hasRole(actor, ...config.roles)) {
      throw new AppError('forbidden', `Requires one of the roles: ${config.roles.join(', ')}`);
    }
  });
});

/** The signed-in actor of a protected route (the hook above guarantees it is there). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return request.actor;
}
