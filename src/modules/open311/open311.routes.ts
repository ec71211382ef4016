// /open311/v2: GeoReport v2 (JSON and XML). Registered by buildApp with that prefix. The auth hook
// guards only /api/v1, so keys are checked here (api_key, an API token). Errors answer in the
// standard's shape, [{code, description}], in the format the URL asked for.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { validationErrors } from '../../plugins/errors.plugin.js';
import { LIMITS, registerPublicLimiter } from '../../plugins/rate-limits.js';
import { toXml } from './open311.xml.js';
import {
  CreateRequestBody,
  type CreateRequestInput,
  JurisdictionQuery,
  RequestParams,
  RequestsQuery,
  ServiceParams,
  SingleRequestQuery,
  TokenParams,
  UpdatesQuery,
} from './open311.schemas.js';
import * as open311 from './open311.service.js';

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];

/** Element names of list items, per the GeoReport v2 XML examples. */
const ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  service_request_updates: 'request_update',
};

function formatOf(request: FastifyRequest): Format {
  return /\.xml$/i.test(request.url.split('?')[0] ?? '') ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200): FastifyReply {
  if (format === 'xml') return reply.status(status).type('text/xml; charset=utf-8').send(toXml(root, value, ITEM_NAMES));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

interface Open311Error {
  code: number;
  description: string;
}

/** Any error as the standard's error list and an HTTP status (422 reads as 400: bad input). */
export function toOpen311Errors(error: FastifyError | AppError): { status: number; errors: Open311Error[] } {
  if (error instanceof AppError) {
    const status = error.status === 422 ? 400 : error.status;
    if (status >= 500) return { status, errors: [{ code: status, description: 'Internal error' }] };
    const fields = error.errors ?? [];
    const errors = fields.length > 0 ? fields.map((f) => ({ code: status, description: `${open311.open311FieldName(f.field)}: ${f.message}` })) : [{ code: status, description: error.message }];
    return { status, errors };
  }
  if (error.validation) {
    const fields = validationErrors(error.validation, (error as FastifyError & { validationContext?: string }).validationContext);
    return { status: 400, errors: fields.map((f) => ({ code: 400, description: `${f.field}: ${f.message}` })) };
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return { status, errors: [{ code: 500, description: 'Internal error' }] };
  return { status, errors: [{ code: status, description: error.message }] };
}

/** application/x-www-form-urlencoded as an object; a repeated field becomes a list (`attribute[x][]`). */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = out[key];
    if (seen === undefined) out[key] = key.endsWith('[]') ? [value] : value;
    else out[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

export const open311Routes: FastifyPluginAsync<{ ctx: AppContext }> = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['open311'];

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
  });

  // Open311 is public (reads need no key): the same per-IP limits as the resident portal.
  const limiter = await registerPublicLimiter(instance, ctx.config.dataKey);
  const readLimit = limiter.guard(LIMITS.read);
  const submitLimit = limiter.guard(LIMITS.integration);
  app.addHook('preHandler', async (request) => (request.method === 'POST' ? submitLimit(request) : readLimit(request)));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError && error.headers) void reply.headers(error.headers);
    const { status, errors } = toOpen311Errors(error);
    if (status >= 500) request.log.error({ err: error }, 'open311: unhandled error');
    return send(reply, formatOf(request), 'errors', errors, status);
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, formatOf(request), 'errors', [{ code: 404, description: `${request.method} ${request.url.split('?')[0]} is not a GeoReport v2 endpoint; see discovery.json` }], 404),
  );

  for (const format of FORMATS) {
    const hide = format === 'xml';
    app.get(`/discovery.${format}`, { schema: { tags, hide, summary: 'GeoReport v2 discovery', querystring: JurisdictionQuery } }, async (request, reply) => {
      const base = `${request.protocol}://${request.host}/open311/v2`;
      return send(reply, format, 'discovery', await open311.discovery(ctx, base));
    });

    app.get(`/services.${format}`, { schema: { tags, hide, summary: 'Services: the leaf categories', querystring: JurisdictionQuery } }, async (request, reply) => {
      open311.checkJurisdiction(ctx, request.query.jurisdiction_id);
      return send(reply, format, 'services', await open311.listServices(ctx));
    });

    app.get(`/services/:service_code.${format}`, { schema: { tags, hide, summary: 'Service definition: the attributes of a service', params: ServiceParams, querystring: JurisdictionQuery } }, async (request, reply) => {
      open311.checkJurisdiction(ctx, request.query.jurisdiction_id);
      return send(reply, format, 'service_definition', await open311.serviceDefinition(ctx, request.params.service_code));
    });

    app.post(`/requests.${format}`, { schema: { tags, hide, summary: 'Create a service request (form-encoded or JSON); api_key required', body: CreateRequestBody } }, async (request, reply) => {
      const created = await open311.createRequest(ctx, request.body as CreateRequestInput, request.ip);
      return send(reply, format, 'service_requests', created, 201);
    });

    app.get(`/requests.${format}`, { schema: { tags, hide, summary: 'Service requests: last 90 days by default, at most 1,000 per page', querystring: RequestsQuery } }, async (request, reply) =>
      send(reply, format, 'service_requests', (await open311.findRequests(ctx, request.query))),
    );

    app.get(`/requests/:service_request_id.${format}`, { schema: { tags, hide, summary: 'One service request by its id (the tracking code)', params: RequestParams, querystring: SingleRequestQuery } }, async (request, reply) =>
      send(reply, format, 'service_requests', (await open311.getRequest(ctx, request.params.service_request_id, request.query))),
    );

    app.get(`/tokens/:token.${format}`, { schema: { tags, hide, summary: 'The service request id of a token', params: TokenParams, querystring: JurisdictionQuery } }, async (request, reply) =>
      send(reply, format, 'service_requests', await open311.findToken(ctx, request.params.token, request.query.jurisdiction_id)),
    );

    app.get(`/servicerequestupdates.${format}`, { schema: { tags, hide, summary: 'Public status changes in a period (last 24 hours by default), oldest first', querystring: UpdatesQuery } }, async (request, reply) =>
      send(reply, format, 'service_request_updates', (await open311.findUpdates(ctx, request.query))),
    );
  }
};
