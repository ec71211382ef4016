// /api/v1/regions: the administrative divisions, for pickers, breadcrumbs and scope editors.
// Any signed-in user or token may read them (the auth hook requires one on every /api route).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiModule } from '../index.js';
import { RegionChildren, RegionDetail, RegionParams, RegionSearchQuery, RegionSearchResult } from './regions.schemas.js';
import * as service from './regions.service.js';

export const regionsRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['regions'];

  app.get(
    '/regions',
    { schema: { tags, summary: 'Search regions by part of their name', querystring: RegionSearchQuery, response: { 200: RegionSearchResult } } },
    async (request) => ({ items: await service.searchRegions(ctx.db, request.query) }),
  );

  app.get(
    '/regions/:code',
    { schema: { tags, summary: 'A region with its ancestors', params: RegionParams, response: { 200: RegionDetail } } },
    async (request) => service.getRegion(ctx.db, request.params.code),
  );

  app.get(
    '/regions/:code/children',
    { schema: { tags, summary: 'The regions directly below a region, by code', params: RegionParams, response: { 200: RegionChildren } } },
    async (request) => ({ items: await service.listChildren(ctx.db, request.params.code) }),
  );
};
