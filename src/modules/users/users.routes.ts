// /users: schemas and thin handlers; the rules live in users.service.ts and grants.service.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import { managerRoles } from '../auth/policy.js';
import * as grants from './grants.service.js';
import { CreateUserBody, GrantInput, GrantParams, PhoneView, User, UserList, UserListQuery, UserParams } from './users.schemas.js';
import * as users from './users.service.js';

export async function usersRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/users', {
    schema: { tags: ['users'], summary: 'Accounts holding a role in a unit within the caller\'s scope (phones masked)', querystring: UserListQuery, response: { 200: UserList } },
  }, async (request) => users.listUsers(ctx, requireActor(request), request.query));

  r.post('/users', {
    config: { roles: managerRoles },
    schema: { tags: ['users'], summary: 'Create an account with role grants in units the caller manages', body: CreateUserBody, response: { 201: User } },
  }, async (request, reply) => reply.status(201).send(await users.createUser(ctx, requireActor(request), request.body, request.ip)));

  r.get('/users/:id', {
    schema: { tags: ['users'], summary: 'One account (404 outside the caller\'s scope)', params: UserParams, response: { 200: User } },
  }, async (request) => users.getUser(ctx, requireActor(request), request.params.id));

  r.get('/users/:id/phone', {
    schema: { tags: ['users'], summary: 'The whole phone number; the view is written to the audit log', params: UserParams, response: { 200: PhoneView } },
  }, async (request) => users.revealPhone(ctx, requireActor(request), request.params.id, request.ip));

  r.post('/users/:id/grants', {
    config: { roles: managerRoles },
    schema: { tags: ['users'], summary: 'Give the account a role in a unit; answers with the account', params: UserParams, body: GrantInput, response: { 201: User } },
  }, async (request, reply) => reply.status(201).send(await grants.addGrant(ctx, requireActor(request), request.params.id, request.body, request.ip)));

  r.delete('/users/:id/grants/:grantId', {
    config: { roles: managerRoles },
    schema: { tags: ['users'], summary: 'Take a role grant away', params: GrantParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await grants.removeGrant(ctx, requireActor(request), request.params.id, request.params.grantId, request.ip);
    return reply.status(204).send(null);
  });

  r.post('/users/:id/disable', {
    config: { roles: managerRoles },
    schema: { tags: ['users'], summary: 'Disable the account and end its sessions', params: UserParams, response: { 200: User } },
  }, async (request) => users.disableUser(ctx, requireActor(request), request.params.id, request.ip));

  r.post('/users/:id/enable', {
    config: { roles: managerRoles },
    schema: { tags: ['users'], summary: 'Enable a disabled account', params: UserParams, response: { 200: User } },
  }, async (request) => users.enableUser(ctx, requireActor(request), request.params.id, request.ip));
}
