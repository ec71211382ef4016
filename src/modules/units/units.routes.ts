// /units: schemas and thin handlers; the rules live in units.service.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import { managerRoles } from '../auth/policy.js';
import { CreateUnitBody, Unit, UnitList, UnitListQuery, UnitParams, UpdateUnitBody } from './units.schemas.js';
import * as units from './units.service.js';

export async function unitsRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/units', {
    schema: { tags: ['units'], summary: 'Units in the caller\'s scope, by region subtree, kind and name', querystring: UnitListQuery, response: { 200: UnitList } },
  }, async (request) => units.listUnits(ctx, requireActor(request), request.query));

  r.get('/units/:id', {
    schema: { tags: ['units'], summary: 'One unit (404 outside the caller\'s scope)', params: UnitParams, response: { 200: Unit } },
  }, async (request) => units.getUnit(ctx, requireActor(request), request.params.id));

  r.post('/units', {
    config: { roles: managerRoles },
    schema: { tags: ['units'], summary: 'Create a unit in a region the caller manages', body: CreateUnitBody, response: { 201: Unit } },
  }, async (request, reply) => reply.status(201).send(await units.createUnit(ctx, requireActor(request), request.body, request.ip)));

  r.patch('/units/:id', {
    config: { roles: managerRoles },
    schema: { tags: ['units'], summary: 'Rename or retire a unit; send the version you read', params: UnitParams, body: UpdateUnitBody, response: { 200: Unit } },
  }, async (request) => units.updateUnit(ctx, requireActor(request), request.params.id, request.body, request.ip));
}
