// /api/v1/grids: the unified grid codes (village code + 3 digits), their names and their workers.
// Reads follow the caller's scope; writes need a grid-managing role (grids.policy.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { importGrids } from './grids.import.js';
import { gridWriterRoles } from './grids.policy.js';
import {
  AssignWorkerBody,
  CreateGridBody,
  GridDetail,
  GridPage,
  GridParams,
  GridWorkerParams,
  ImportGridsBody,
  ImportGridsResult,
  ListGridsQuery,
  RenameGridBody,
  RetireGridBody,
} from './grids.schemas.js';
import * as grids from './grids.service.js';

function callerOf(request: FastifyRequest): grids.Caller {
  return { actor: requireActor(request), ip: request.ip };
}

export const gridsRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grids'];
  const writers = { roles: gridWriterRoles };

  // CSV bodies for the import, within the same size limit as JSON. Scoped to this plugin.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: ctx.config.bodyLimitBytes }, (_request, body, done) => done(null, body));

  app.get(
    '/grids',
    { schema: { tags, summary: 'Grids in a region subtree within your scope, in code order (keyset pages)', querystring: ListGridsQuery, response: { 200: GridPage } } },
    async (request) => grids.listGrids(ctx.db, requireActor(request), request.query),
  );

  app.get(
    '/grids/:code',
    { schema: { tags, summary: 'A grid with its current workers', params: GridParams, response: { 200: GridDetail } } },
    async (request) => grids.getGrid(ctx.db, requireActor(request), request.params.code),
  );

  app.post(
    '/grids',
    { config: writers, schema: { tags, summary: 'Create a grid in a village', body: CreateGridBody, response: { 201: GridDetail } } },
    async (request, reply) => {
      const grid = await grids.createGrid(ctx.db, callerOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/grids/${grid.code}`).send(grid);
    },
  );

  app.post(
    '/grids/import',
    {
      config: writers,
      preValidation: async (request) => {
        if (!/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
          throw new AppError('unsupported_media_type', 'send the grids as text/csv: villageCode,name[,suffix]');
        }
      },
      schema: {
        tags,
        summary: 'Create many grids from CSV, all or nothing (400 lists every failing line)',
        consumes: ['text/csv'],
        body: ImportGridsBody,
        response: { 201: ImportGridsResult },
      },
    },
    async (request, reply) => reply.status(201).send(await importGrids(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/grids/:code',
    { config: writers, schema: { tags, summary: 'Rename a grid (optimistic concurrency by version)', params: GridParams, body: RenameGridBody, response: { 200: GridDetail } } },
    async (request) => grids.renameGrid(ctx.db, callerOf(request), request.params.code, request.body),
  );

  app.post(
    '/grids/:code/retire',
    { config: writers, schema: { tags, summary: 'Retire a grid: it stays listed, its code is never reused, its workers are released', params: GridParams, body: RetireGridBody, response: { 200: GridDetail } } },
    async (request) => grids.retireGrid(ctx.db, callerOf(request), request.params.code, request.body),
  );

  app.post(
    '/grids/:code/workers',
    { config: writers, schema: { tags, summary: 'Assign a grid worker', params: GridParams, body: AssignWorkerBody, response: { 201: GridDetail } } },
    async (request, reply) => reply.status(201).send(await grids.assignWorker(ctx.db, callerOf(request), request.params.code, request.body.userId)),
  );

  app.delete(
    '/grids/:code/workers/:userId',
    { config: writers, schema: { tags, summary: "End a grid worker's assignment", params: GridWorkerParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      await grids.unassignWorker(ctx.db, callerOf(request), request.params.code, request.params.userId);
      return reply.status(204).send(null);
    },
  );
};
