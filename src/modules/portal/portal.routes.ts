// /api/v1/public/…: the resident portal's API. No staff sign-in: every route is public, rate
// limited per IP (and per phone where a phone is given). Residents who sign in with a one-time
// code get their own cookie (pingan_resident, SameSite=Strict), never a staff session.
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { maskPhone } from '../../crypto/pii.js';
import { AppError, invalid } from '../../errors.js';
import { sendProblem } from '../../plugins/errors.plugin.js';
import { acceptAllScanner } from '../attachments/attachments.scanner.js';
import { type AttachmentDeps, MAX_ATTACHMENT_BYTES, cleanFileName } from '../attachments/attachments.service.js';
import { DiskAttachmentStore } from '../attachments/attachments.storage.js';
import { hasCountyOutlines, locateCounty } from '../geo/county-locator.js';
import type { ApiModule } from '../index.js';
import { RegionChildren, RegionDetail, RegionParams, RegionSearchQuery, RegionSearchResult } from '../regions/regions.schemas.js';
import * as regions from '../regions/regions.service.js';
import {
  CodeSent,
  DevInbox,
  FeedbackBody,
  IdempotencyHeaders,
  LocateQuery,
  MyCases,
  ProxyErrandBody,
  PublicCaseBody,
  PublicCaseView,
  PortalInfo,
  PublicCategories,
  ResidentMe,
  SendCodeBody,
  Submitted,
  TrackParams,
  TrackQuery,
  UploadedPhoto,
  VerifyCodeBody,
} from './portal.schemas.js';
import * as portal from './portal.service.js';
import { stagePhoto } from './portal.uploads.js';
import { LIMITS, registerPublicLimiter } from '../../plugins/rate-limits.js';
import * as residents from './resident-auth.service.js';
import { DevSmsSender, type SmsSender, smsSenders } from './sms-sender.js';

export interface PortalOverrides {
  deps?: Partial<AttachmentDeps>;
  sms?: SmsSender;
}

const PUBLIC = { auth: 'public' as const };
const security: never[] = [];

/** The resident's session cookie, or undefined. */
async function sessionOf(ctx: AppContext, request: FastifyRequest) {
  return residents.findSession(ctx, request.cookies[residents.RESIDENT_COOKIE]);
}

function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string, expiresAt: string) {
  void reply.setCookie(residents.RESIDENT_COOKIE, token, {
    path: '/api/v1/public',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.cookieSecure,
    expires: new Date(expiresAt),
  });
}

/** One photo part (`file`) and the optional `keepLocation` flag. */
async function readPhoto(request: FastifyRequest) {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send multipart/form-data with the photo in a part named "file"', { errors: [{ field: 'file', message: 'expected a multipart/form-data upload' }] });
  let file: { fileName: string; bytes: Buffer } | undefined;
  let keepLocation: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalid(part.fieldname, 'unknown file part; send the photo in a part named "file"');
        file = { fileName: cleanFileName(part.filename), bytes: await part.toBuffer() };
      } else if (part.fieldname === 'keepLocation') {
        keepLocation = String(part.value);
      } else {
        throw invalid(part.fieldname, 'unknown field');
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', 'file: at most 10 MB', { errors: [{ field: 'file', message: 'at most 10 MB' }] });
    if (code === 'FST_FILES_LIMIT') throw invalid('file', 'send one photo per request');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw invalid('body', 'only the parts file and keepLocation are accepted');
    if (error instanceof AppError) throw error;
    throw invalid('body', `not valid multipart/form-data: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!file) throw invalid('file', 'is required');
  if (keepLocation !== undefined && keepLocation !== 'true' && keepLocation !== 'false') throw invalid('keepLocation', 'must be true or false');
  return { ...file, keepLocation: keepLocation === 'true' };
}

const UploadForm = {
  content: {
    'multipart/form-data': {
      schema: {
        properties: {
          file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'the photo: JPEG, PNG, WebP or HEIC, 10 MB at most' },
          keepLocation: { type: 'string', enum: ['true', 'false'], description: 'keep JPEG GPS metadata (the resident shares their location); default false' },
        },
        required: ['file'],
      },
    },
  },
};

/** The resident portal's API; a deployment (or a test) may pass its storage, scanner and SMS sender. */
export function portalModule(overrides: PortalOverrides = {}): ApiModule {
  return async (instance, { ctx }) => {
    const deps: AttachmentDeps = {
      store: overrides.deps?.store ?? new DiskAttachmentStore(path.join(ctx.config.dataDir, 'attachments')),
      scanner: overrides.deps?.scanner ?? acceptAllScanner,
    };
    const sms = overrides.sms ?? smsSenders[ctx.config.smsSender](ctx.log);
    const limiter = await registerPublicLimiter(instance, ctx.config.dataKey);
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['portal'];
    const bodyPhone = (field: 'phone' | 'reporter') => (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const value = field === 'phone' ? body?.phone : (body?.reporter as { phone?: unknown } | undefined)?.phone;
      return typeof value === 'string' ? value : undefined;
    };

    // ---- reference data ---------------------------------------------------------------------
    const read = limiter.guard(LIMITS.read);
    app.get('/public/info', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'What the portal needs first: the province it serves, whether the dev SMS inbox is on', response: { 200: PortalInfo } } }, async () => ({
      province: await regions.getRegion(ctx.db, ctx.config.provinceCode),
      devSmsInbox: sms instanceof DevSmsSender,
    }));
    app.get('/public/categories', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'The categories a resident chooses from (crisis ones go to the hotline)', response: { 200: PublicCategories } } }, async () =>
      portal.publicCategories(ctx),
    );
    const inProvince = (code: string) => {
      const full = regions.requireRegionCode('code', code);
      if (!full.startsWith(ctx.config.provinceCode)) throw new AppError('not_found', `region ${code} not found`);
      return full;
    };
    app.get('/public/regions/:code', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'A region with its ancestors', params: RegionParams, response: { 200: RegionDetail } } }, async (request) =>
      regions.getRegion(ctx.db, inProvince(request.params.code)),
    );
    app.get('/public/regions/:code/children', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'The regions below a region (the cascader, down to villages)', params: RegionParams, response: { 200: RegionChildren } } }, async (request) => ({
      items: await regions.listChildren(ctx.db, inProvince(request.params.code)),
    }));
    app.get('/public/regions', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'Regions of this province by part of their name', querystring: RegionSearchQuery, response: { 200: RegionSearchResult } } }, async (request) => ({
      items: await regions.searchRegions(ctx.db, { ...request.query, within: request.query.within ?? ctx.config.provinceCode }),
    }));
    app.get('/public/locate', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'The county of a WGS84 point (the shipped outlines; no map service)', querystring: LocateQuery, response: { 200: RegionDetail } } }, async (request) => {
      if (!hasCountyOutlines(ctx.config.provinceCode)) throw invalid('lat', 'no county outlines ship for this province');
      const place = locateCounty(request.query.lat, request.query.lng, ctx.config.provinceCode);
      if (!place) throw invalid('lat', 'the point is outside this province');
      return regions.getRegion(ctx.db, place.countyCode);
    });

    // ---- reporting ----------------------------------------------------------------------------
    await app.register(async (uploads) => {
      await uploads.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 1, parts: 2, fieldSize: 10, headerPairs: 50 }, throwFileSizeLimit: true });
      uploads.withTypeProvider<TypeBoxTypeProvider>().post(
        '/public/uploads',
        {
          config: PUBLIC,
          preHandler: limiter.guard(LIMITS.upload),
          schema: { tags, security, summary: 'Upload one photo of a report (checked by content; JPEG location removed unless keepLocation=true); send its token with the report', consumes: ['multipart/form-data'], body: UploadForm, response: { 201: UploadedPhoto } },
        },
        async (request, reply) => reply.status(201).send(await stagePhoto(ctx, deps, await readPhoto(request))),
      );
    });

    app.post(
      '/public/cases',
      {
        config: PUBLIC,
        preHandler: limiter.guard(LIMITS.submit, bodyPhone('reporter')),
        schema: { tags, security, summary: 'Report something (no sign-in); answers the tracking code', headers: IdempotencyHeaders, body: PublicCaseBody, response: { 200: Submitted, 201: Submitted } },
      },
      async (request, reply) => {
        const result = await portal.submitReport(ctx, deps, request.body, { idempotencyKey: request.headers['idempotency-key'], ip: request.ip });
        return reply.status(result.statusCode).send({ trackingCode: result.trackingCode });
      },
    );

    app.post(
      '/public/proxy-errands',
      {
        config: PUBLIC,
        preHandler: limiter.guard(LIMITS.submit, bodyPhone('phone')),
        schema: { tags, security, summary: '委托代办: ask the centre to run an errand for you (a case of kind proxy_errand)', headers: IdempotencyHeaders, body: ProxyErrandBody, response: { 200: Submitted, 201: Submitted } },
      },
      async (request, reply) => {
        const result = await portal.submitProxyErrand(ctx, request.body, { idempotencyKey: request.headers['idempotency-key'], ip: request.ip });
        return reply.status(result.statusCode).send({ trackingCode: result.trackingCode });
      },
    );

    // ---- checking and rating a case -----------------------------------------------------------
    await app.register(async (tracking) => {
      // "No such case" names the route, not the URL: the two failures read the same, and the
      // phone digits of the query are not echoed back.
      tracking.setErrorHandler((error, request, reply) => {
        if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
        const masked: FastifyRequest = Object.create(request, { url: { value: '/api/v1/public/cases/{trackingCode}' } });
        return sendProblem(masked, reply, error);
      });
      const t = tracking.withTypeProvider<TypeBoxTypeProvider>();
      // One count for checking and rating: both are guesses at a code and its digits.
      const guesses = limiter.guard(LIMITS.track);
      t.get(
        '/public/cases/:trackingCode',
        {
          config: PUBLIC,
          preHandler: guesses,
          schema: { tags, security, summary: 'Check a case: tracking code plus the last 4 digits of the phone (or a resident sign-in)', params: TrackParams, querystring: TrackQuery, response: { 200: PublicCaseView } },
        },
        async (request) => portal.trackCase(ctx, request.params.trackingCode, { phoneLast4: request.query.phoneLast4, session: await sessionOf(ctx, request) }),
      );
      t.post(
        '/public/cases/:trackingCode/feedback',
        {
          config: PUBLIC,
          preHandler: [guesses, limiter.guard(LIMITS.feedback, (request) => (request.params as { trackingCode?: string }).trackingCode)],
          schema: { tags, security, summary: 'Rate the result of a resolved case; not fixed reopens it', params: TrackParams, body: FeedbackBody, response: { 200: PublicCaseView } },
        },
        async (request) => portal.giveFeedback(ctx, request.params.trackingCode, request.body, { phoneLast4: request.body.phoneLast4, session: await sessionOf(ctx, request) }, request.ip),
      );
    });

    // ---- resident accounts --------------------------------------------------------------------
    app.post(
      '/public/auth/code',
      { config: PUBLIC, preHandler: limiter.guard(LIMITS.sendCode, bodyPhone('phone')), schema: { tags, security, summary: 'Send a one-time sign-in code to a phone', body: SendCodeBody, response: { 202: CodeSent } } },
      async (request, reply) => reply.status(202).send(await residents.sendCode(ctx, sms, request.body.phone)),
    );
    app.post(
      '/public/auth/verify',
      { config: PUBLIC, preHandler: limiter.guard(LIMITS.verifyCode, bodyPhone('phone')), schema: { tags, security, summary: 'Sign in with the code; sets the resident cookie', body: VerifyCodeBody, response: { 200: ResidentMe } } },
      async (request, reply) => {
        const { token, session } = await residents.verifyCode(ctx, request.body.phone, request.body.code, request.ip);
        setSessionCookie(ctx, reply, token, session.expiresAt);
        return { phone: maskPhone(session.phone), expiresAt: session.expiresAt };
      },
    );
    app.post('/public/auth/sign-out', { config: PUBLIC, schema: { tags, security, summary: 'End the resident session', response: { 204: Type.Null() } } }, async (request, reply) => {
      await residents.signOut(ctx, request.cookies[residents.RESIDENT_COOKIE]);
      void reply.clearCookie(residents.RESIDENT_COOKIE, { path: '/api/v1/public' });
      return reply.status(204).send(null);
    });
    app.get('/public/me', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'The signed-in resident (401 when none)', response: { 200: ResidentMe } } }, async (request) => {
      const session = await requireSession(ctx, request);
      return { phone: maskPhone(session.phone), expiresAt: session.expiresAt };
    });
    app.get('/public/me/cases', { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'Every case reported with the signed-in phone', response: { 200: MyCases } } }, async (request) => {
      const session = await requireSession(ctx, request);
      return { phone: maskPhone(session.phone), items: await portal.myCases(ctx, session) };
    });

    // The dev inbox exists only with the dev sender (never in production: see config.ts).
    if (sms instanceof DevSmsSender) {
      app.get('/public/dev/sms-inbox', { config: PUBLIC, schema: { tags, security, summary: 'Development only (PINGAN_SMS_SENDER=dev): the last SMS messages sent', response: { 200: DevInbox } } }, async () => ({
        items: [...sms.inbox()],
      }));
    }
  };
}

async function requireSession(ctx: AppContext, request: FastifyRequest) {
  const session = await sessionOf(ctx, request);
  if (!session) throw new AppError('unauthenticated', 'Sign in with your phone and a one-time code');
  return session;
}

export const portalRoutes: ApiModule = portalModule();
