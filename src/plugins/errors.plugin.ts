// Maps every error to RFC 9457 problem+json. Unknown errors become a 500 that carries the request id
// and nothing of the internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorCode, type FieldError, errorCatalogue } from '../errors.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldOf(error: AjvLikeError, part: string | undefined): string {
  const base = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = error.params?.missingProperty ?? error.params?.additionalProperty;
  const field = [base, typeof extra === 'string' ? extra : ''].filter(Boolean).join('.');
  return field || part || 'body';
}

function messageOf(error: AjvLikeError): string {
  if (error.keyword === 'additionalProperties') return 'unknown field';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? 'is not valid';
}

export function validationErrors(validation: AjvLikeError[], part?: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of validation) {
    // anyOf/oneOf produce one error per branch; keep the first message per field.
    const field = fieldOf(error, part);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: messageOf(error) });
  }
  return out;
}

function toAppError(error: FastifyError & { validationContext?: string }): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const errors = validationErrors(error.validation as AjvLikeError[], error.validationContext);
    return new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_body', error.message, { errors: [{ field: 'body', message: error.message }] });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', error.message, { errors: [{ field: 'body', message: 'too large' }] });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', error.message);
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError('rate_limited', error.message);
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const code = (Object.keys(errorCatalogue) as ErrorCode[]).find((c) => errorCatalogue[c].status === error.statusCode);
    return new AppError(code ?? 'validation_failed', error.message);
  }
  return new AppError('internal', 'Internal error');
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, appError: AppError) {
  const body: Record<string, unknown> = {
    type: `urn:pingan:problem:${appError.code}`,
    title: errorCatalogue[appError.code].title,
    status: appError.status,
    detail: appError.message,
    instance: request.url,
    code: appError.code,
    requestId: request.id,
  };
  if (appError.errors) body.errors = appError.errors;
  if (appError.extra) Object.assign(body, appError.extra);
  if (appError.headers) void reply.headers(appError.headers);
  return reply.status(appError.status).type('application/problem+json; charset=utf-8').send(body);
}

export interface ErrorsPluginOptions {
  /** Answers an unmatched request instead of the 404 problem (the web app's index.html); undefined to decline. */
  notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

export const errorsPlugin = fp(async (app: FastifyInstance, options: ErrorsPluginOptions) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const answered = options.notFoundFallback?.(request, reply);
    if (answered) return answered;
    return sendProblem(request, reply, new AppError('not_found', `${request.method} ${request.url.split('?')[0]} not found`));
  });
});
