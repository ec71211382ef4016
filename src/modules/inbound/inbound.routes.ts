// /api/v1/inbound/{sourceId}: signed events from devices and partner systems become cases (public
// route: the signature is the credential). /api/v1/inbound-sources: admins create, list and revoke
// the sources. The signature covers the raw body, so the receiver reads JSON itself: first the
// signature (401), then the JSON (400), then the schema (400 naming the fields).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { CreateSourceBody, CreatedSource, EventBody, EventParams, EventResult, SignatureHeaders, SourceList, SourceParams } from './inbound.schemas.js';
import type { SourceRow } from './inbound.repository.js';
import * as inbound from './inbound.service.js';

const sources = new WeakMap<FastifyRequest, SourceRow>();

export const inboundRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['inbound'];
  const admin = { roles: ['admin' as const] };

  app.post(
    '/inbound-sources',
    { config: admin, schema: { tags, summary: 'Register a device or partner system that may post signed events; the secret is shown once', body: CreateSourceBody, response: { 201: CreatedSource } } },
    async (request, reply) => {
      const created = await inbound.createSource(ctx, requireActor(request), request.body, request.ip);
      return reply.status(201).header('location', `/api/v1/inbound-sources/${created.id}`).send(created);
    },
  );

  app.get('/inbound-sources', { config: admin, schema: { tags, summary: 'Inbound sources (never their secrets)', response: { 200: SourceList } } }, async () => inbound.listSources(ctx));

  app.delete(
    '/inbound-sources/:id',
    { config: admin, schema: { tags, summary: 'Revoke a source: its events are refused from now on', params: SourceParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      await inbound.revokeSource(ctx, requireActor(request), request.params.id, request.ip);
      return reply.status(204).send(null);
    },
  );

  await app.register(async (receiver) => {
    // The raw text is what was signed; parse it only after the signature holds.
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const r = receiver.withTypeProvider<TypeBoxTypeProvider>();
    r.post(
      '/inbound/:sourceId',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'A signed event from a device or partner system; idempotent on eventId',
          security: [],
          params: EventParams,
          headers: SignatureHeaders,
          body: EventBody,
          response: { 200: EventResult, 201: EventResult },
        },
        preValidation: async (request) => {
          const raw = typeof request.body === 'string' ? request.body : '';
          const sourceId = Number((request.params as { sourceId?: unknown }).sourceId);
          if (!Number.isSafeInteger(sourceId) || sourceId < 1) return; // the params schema answers 400
          const source = await inbound.authenticateSource(ctx, sourceId, { signature: request.headers['x-pingan-signature'], timestamp: request.headers['x-pingan-timestamp'] }, raw);
          sources.set(request, source);
          try {
            request.body = JSON.parse(raw);
          } catch (error) {
            throw new AppError('malformed_body', `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { errors: [{ field: 'body', message: 'not valid JSON' }] });
          }
        },
      },
      async (request, reply) => {
        const source = sources.get(request);
        if (!source) throw new AppError('unauthenticated', 'The request was not signed');
        const outcome = await inbound.receiveEvent(ctx, source, request.body, request.ip);
        if (outcome.body.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(outcome.statusCode).send(outcome.body);
      },
    );
  });
};
