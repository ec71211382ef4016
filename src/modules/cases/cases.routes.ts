// /api/v1/cases: intake, the case page, the timeline, personal data and the workflow actions.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { Role } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { type ActionBody, listAllowedActions, runCaseAction } from './cases.actions.js';
import { intakeCase } from './cases.intake.js';
import { AllowedActions, CaseDto, CaseIdParams, CreateCaseBody, CreatedCase, Timeline, actionBodies } from './cases.schemas.js';
import { getCase, getTimeline, revealPersonalData } from './cases.service.js';
import { caseActions } from './workflow.js';

/** Roles that may take in a case (Open311 checks an API key's holder against the same list). */
export const INTAKE_ROLES: Role[] = ['center_operator', 'center_head', 'township_coordinator', 'grid_worker', 'volunteer', 'department_handler', 'department_head', 'mediator'];

const IdempotencyHeaders = Type.Object(
  { 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'a retry with the same key and body creates nothing new' })) },
  { additionalProperties: true },
);

const ActionResult = Type.Object({ id: Type.Integer(), status: Type.String(), version: Type.Integer(), seq: Type.Integer() }, { additionalProperties: false });

export const casesRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];

  app.post(
    '/cases',
    {
      schema: { tags, summary: 'Take in a case from any channel', headers: IdempotencyHeaders, body: CreateCaseBody, response: { 200: CreatedCase, 201: CreatedCase } },
      config: { roles: INTAKE_ROLES },
    },
    async (request, reply) => {
      const result = await intakeCase(ctx, requireActor(request), request.body, { idempotencyKey: request.headers['idempotency-key'], ip: request.ip });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(result.replayed ? 200 : 201).send(result.body);
    },
  );

  app.get('/cases/:id', { schema: { tags, summary: 'A case, masked, with the actions the caller may take', params: CaseIdParams, response: { 200: CaseDto } } }, async (request) =>
    getCase(ctx, requireActor(request), request.params.id),
  );

  app.get('/cases/:id/actions', { schema: { tags, summary: 'What the caller may do with this case now', params: CaseIdParams, response: { 200: AllowedActions } } }, async (request) =>
    listAllowedActions(ctx, requireActor(request), request.params.id),
  );

  app.get('/cases/:id/timeline', { schema: { tags, summary: 'Every event of the case, in order', params: CaseIdParams, response: { 200: Timeline } } }, async (request) =>
    getTimeline(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/cases/:id/personal-data',
    { schema: { tags, summary: 'Unmasked names, phones and ID numbers (handlers only; audited)', params: CaseIdParams } },
    async (request) => revealPersonalData(ctx, requireActor(request), request.params.id, request.ip),
  );

  // One route per action, so each is documented with its own body; /actions/{action} is the shape.
  for (const action of caseActions) {
    app.post(
      `/cases/:id/actions/${action}`,
      { schema: { tags, summary: `Workflow action: ${action}`, params: CaseIdParams, body: actionBodies[action], response: { 200: ActionResult } } },
      async (request) => runCaseAction(ctx, requireActor(request), request.params.id, action, request.body as ActionBody, request.ip),
    );
  }
  app.post('/cases/:id/actions/:action', { schema: { hide: true } }, async (request) => {
    const { action } = request.params as { action: string };
    throw new AppError('not_found', `Unknown case action "${action}"; known actions: ${caseActions.join(', ')}`);
  });
};
