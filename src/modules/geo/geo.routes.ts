// /api/v1/maps/{code}: region outlines for the console's map (cities of a province, counties of a
// city, a county's own outline). Published geography, so any signed-in caller may read any of it;
// the browser keeps it a day and revalidates with the ETag.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiModule } from '../index.js';
import { mapOutlinesOf } from './map-outlines.js';

const MapParams = Type.Object(
  { code: Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$', description: 'GB/T 2260 code of a province, city or county (2–12 digits)' }) },
  { additionalProperties: false },
);

// A plain JSON schema (not TypeBox): the body is sent pre-serialized, so it documents, never types.
const FeatureCollection = {
  description: 'GeoJSON FeatureCollection (WGS84 lon/lat); each feature has properties code (12 digits) and name, counties also cp (label point)',
} as const;

export const geoRoutes: ApiModule = async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/maps/:code',
    {
      schema: {
        tags: ['regions'],
        summary: "Outlines for the map: a province's cities, a city's counties, or a county itself (data/maps/README.md)",
        params: MapParams,
        produces: ['application/geo+json'],
        response: { 200: FeatureCollection, 304: Type.Null() },
      },
    },
    async (request, reply) => {
      const outlines = mapOutlinesOf(request.params.code);
      void reply.header('etag', outlines.etag).header('cache-control', 'private, max-age=86400').header('vary', 'cookie, authorization');
      if (request.headers['if-none-match'] === outlines.etag) return reply.status(304).send(null);
      // Sent as it is: the body is large and already serialized.
      return reply.type('application/geo+json; charset=utf-8').serializer((payload: unknown) => String(payload)).send(outlines.body);
    },
  );
};
