// /api/v1/cases/{id}/attachments (upload, list) and /api/v1/attachments/{attachmentId} (download).
// Multipart parsing is registered here only, so no other route accepts multipart bodies.
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import { CaseIdParams } from '../cases/cases.schemas.js';
import type { ApiModule } from '../index.js';
import { AttachmentIdParams, AttachmentList, UploadedAttachment } from './attachments.schemas.js';
import { acceptAllScanner } from './attachments.scanner.js';
import {
  type AttachmentDeps,
  MAX_ATTACHMENT_BYTES,
  type Upload,
  addAttachment,
  cleanFileName,
  listAttachments,
  openAttachment,
  requireUploadableCase,
} from './attachments.service.js';
import { DiskAttachmentStore } from './attachments.storage.js';

const FLAG_FIELDS = ['keepLocation', 'isPublic'] as const;
type FlagField = (typeof FLAG_FIELDS)[number];

/** Multipart failures as problems naming the part at fault. */
function multipartProblem(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('payload_too_large', 'file: at most 10 MB', { errors: [{ field: 'file', message: 'at most 10 MB' }] });
    case 'FST_FILES_LIMIT':
      return invalid('file', 'send one file per request');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
      return invalid('body', `only the parts file, ${FLAG_FIELDS.join(' and ')} are accepted`);
    case 'FST_MP_PREMATURE_CLOSE':
      return invalid('body', 'the upload ended early');
    default:
      // busboy reports malformed bodies (no boundary, cut-off parts) as plain Errors.
      if (error instanceof Error && !(error as { statusCode?: number }).statusCode) return invalid('body', `not valid multipart/form-data: ${error.message}`);
      return error;
  }
}

function flag(fields: Partial<Record<FlagField, string>>, name: FlagField): boolean {
  const value = fields[name];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalid(name, 'must be true or false');
}

/** Reads the one file part (`file`) and the optional flags of a multipart upload. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send multipart/form-data with the file in a part named "file"', {
      errors: [{ field: 'file', message: 'expected a multipart/form-data upload' }],
    });
  }
  let file: { fileName: string; bytes: Buffer } | undefined;
  const fields: Partial<Record<FlagField, string>> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalid(part.fieldname, 'unknown file part; send the file in a part named "file"');
        file = { fileName: cleanFileName(part.filename), bytes: await part.toBuffer() };
        continue;
      }
      const name = FLAG_FIELDS.find((f) => f === part.fieldname);
      if (!name) throw invalid(part.fieldname, 'unknown field');
      fields[name] = String(part.value);
    }
  } catch (error) {
    throw multipartProblem(error);
  }
  if (!file) throw invalid('file', 'is required');
  return { ...file, keepLocation: flag(fields, 'keepLocation'), isPublic: flag(fields, 'isPublic') };
}

// The form, for the OpenAPI document. It has no `type`, so the validator passes the unparsed
// multipart body through; readUpload checks the parts themselves.
const UploadForm = {
  content: {
    'multipart/form-data': {
      schema: {
        properties: {
          file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'the file: JPEG, PNG, WebP, HEIC or PDF, 10 MB at most' },
          keepLocation: { type: 'string', enum: ['true', 'false'], description: 'keep JPEG GPS metadata (default false)' },
          isPublic: { type: 'string', enum: ['true', 'false'], description: 'show on the resident portal (default false)' },
        },
        required: ['file'],
      },
    },
  },
};

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The attachments API; a deployment (or a test) may pass its own storage and virus scanner. */
export function attachmentsModule(overrides: Partial<AttachmentDeps> = {}): ApiModule {
  return async (instance, { ctx }) => {
    const deps: AttachmentDeps = {
      store: overrides.store ?? new DiskAttachmentStore(path.join(ctx.config.dataDir, 'attachments')),
      scanner: overrides.scanner ?? acceptAllScanner,
    };
    await instance.register(fastifyMultipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: FLAG_FIELDS.length, parts: FLAG_FIELDS.length + 1, fieldSize: 100, headerPairs: 50 },
      throwFileSizeLimit: true,
    });
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['attachments'];

    app.post(
      '/cases/:id/attachments',
      {
        schema: {
          tags,
          summary:
            'Attach a file (multipart: part "file"; optional "keepLocation", "isPublic" = true/false). JPEG, PNG, WebP, HEIC or PDF by content, 10 MB at most; JPEG location removed unless keepLocation=true. For the case’s handlers.',
          consumes: ['multipart/form-data'],
          body: UploadForm,
          params: CaseIdParams,
          response: { 201: UploadedAttachment },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        // Who and where first: nothing of the body is read for a case the caller may not add to.
        const caseRow = await requireUploadableCase(ctx, actor, request.params.id);
        const upload = await readUpload(request);
        return reply.status(201).send(await addAttachment(ctx, deps, actor, caseRow, upload, request.ip));
      },
    );

    app.get(
      '/cases/:id/attachments',
      { schema: { tags, summary: 'The files attached to a case', params: CaseIdParams, response: { 200: AttachmentList } } },
      async (request) => listAttachments(ctx, requireActor(request), request.params.id),
    );

    app.get(
      '/attachments/:attachmentId',
      { schema: { tags, summary: 'Download an attachment (only where its case is visible to you)', params: AttachmentIdParams } },
      async (request, reply) => {
        const { attachment, stream } = await openAttachment(ctx, deps, requireActor(request), request.params.attachmentId);
        return reply
          .header('content-type', attachment.mime)
          .header('content-length', attachment.size)
          .header('content-disposition', contentDisposition(attachment.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .header('etag', `"${attachment.sha256}"`)
          .send(stream);
      },
    );
  };
}

export const attachmentsRoutes: ApiModule = attachmentsModule();
