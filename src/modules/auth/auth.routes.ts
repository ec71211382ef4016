// /auth and /me: schemas and thin handlers; cookies are set here, the rules live in the services.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, csrfMatches, requireActor } from '../../plugins/auth.plugin.js';
import { LIMITS, registerPublicLimiter } from '../../plugins/rate-limits.js';
import { ChangePasswordBody, CreateTokenBody, CreatedToken, LoginBody, LoginResponse, MeResponse, TokenList, TokenParams } from './auth.schemas.js';
import * as auth from './auth.service.js';
import * as tokens from './tokens.service.js';

export async function authRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const cookieBase = { path: '/', sameSite: 'lax', secure: ctx.config.cookieSecure } as const;

  function clearCookies(reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, { ...cookieBase, httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, cookieBase);
  }

  const limiter = await registerPublicLimiter(app, ctx.config.dataKey);
  r.post('/auth/login', {
    config: { auth: 'public' },
    preHandler: limiter.guard(LIMITS.signIn),
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets the pingan_session (httpOnly) and pingan_csrf cookies',
      security: [],
      body: LoginBody,
      response: { 200: LoginResponse },
    },
  }, async (request, reply) => {
    const signedIn = await auth.login(ctx, request.body, {
      ip: request.ip,
      ...(request.actor?.sessionId ? { previousSessionId: request.actor.sessionId } : {}),
    });
    void reply.setCookie(SESSION_COOKIE, signedIn.sessionToken, { ...cookieBase, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, signedIn.csrfToken, { ...cookieBase, httpOnly: false });
    return { user: signedIn.user, grants: signedIn.grants, csrfToken: signedIn.csrfToken };
  });

  // Public so that a stale cookie still gets cleared; a live session must still send its CSRF token.
  r.post('/auth/logout', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears both cookies', response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const sessionId = request.actor?.sessionId;
    if (sessionId && !(await csrfMatches(ctx, request, sessionId))) {
      throw new AppError('csrf_failed', `Send the ${CSRF_HEADER} header with the token from the ${CSRF_COOKIE} cookie`);
    }
    await auth.logout(ctx, request.actor, request.ip);
    clearCookies(reply);
    return reply.status(204).send(null);
  });

  r.get('/me', {
    schema: { tags: ['auth'], summary: 'The caller: account, role grants and visible regions', response: { 200: MeResponse } },
  }, async (request) => auth.getMe(ctx, requireActor(request)));

  r.post('/auth/password', {
    schema: { tags: ['auth'], summary: 'Change your password; signs out your other sessions', body: ChangePasswordBody, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await auth.changePassword(ctx, requireActor(request), request.body, request.ip);
    return reply.status(204).send(null);
  });

  r.post('/auth/tokens', {
    schema: { tags: ['auth'], summary: 'Mint an API token (shown once) for yourself or one of your units', body: CreateTokenBody, response: { 201: CreatedToken } },
  }, async (request, reply) => reply.status(201).send(await tokens.createToken(ctx, requireActor(request), request.body, request.ip)));

  r.get('/auth/tokens', {
    schema: { tags: ['auth'], summary: 'Your API tokens (all tokens for admins), without the secret', response: { 200: TokenList } },
  }, async (request) => tokens.listTokens(ctx, requireActor(request)));

  r.delete('/auth/tokens/:id', {
    schema: { tags: ['auth'], summary: 'Revoke an API token', params: TokenParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await tokens.revokeToken(ctx, requireActor(request), request.params.id, request.ip);
    return reply.status(204).send(null);
  });
}
