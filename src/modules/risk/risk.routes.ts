// /api/v1/risk/* and /api/v1/cases/{id}/risk: instruments, rules and tiers as versioned data;
// assessments, warnings, reviewers' decisions, case conferences, the report and the dashboard.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { addActions, holdConference, listConferences, reportActionProgress } from './risk.conferences.js';
import { type DefinitionType, InstrumentDefinition, RuleDefinition, TierTable, rejectNeverListFields } from './risk.definitions.js';
import { listDefinitions, retireDefinition, uploadDefinition } from './risk.definitions.service.js';
import { ASSESS_ROLES, CONFERENCE_ROLES, DEFINITION_ROLES, REVIEW_ROLES, RISK_READ_ROLES } from './risk.policy.js';
import { riskDashboard, riskReport } from './risk.report.js';
import { acknowledgeWarning, decideLowering, lowerWarning, raiseWarning, recordOutcome, viewWarning } from './risk.review.js';
import * as s from './risk.schemas.js';
import { assessCase, getCaseRisk, listWarnings } from './risk.service.js';

const collections: Array<{ type: DefinitionType; path: string; schema: typeof InstrumentDefinition | typeof RuleDefinition | typeof TierTable; what: string }> = [
  { type: 'instrument', path: 'instruments', schema: InstrumentDefinition, what: 'instrument' },
  { type: 'rule', path: 'rules', schema: RuleDefinition, what: 'pattern rule' },
  { type: 'tiers', path: 'tiers', schema: TierTable, what: 'tier table' },
];

export const riskRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['risk'];
  const read = { roles: RISK_READ_ROLES };

  for (const c of collections) {
    app.get(`/risk/${c.path}`, { schema: { tags, summary: `Every version of every ${c.what}`, response: { 200: s.DefinitionList } }, config: read }, async () => listDefinitions(ctx, c.type));
    app.post(
      `/risk/${c.path}`,
      {
        schema: { tags, summary: `Upload a new ${c.what} version as JSON (never-list fields are rejected, naming the field)`, body: c.schema, response: { 201: s.DefinitionDto } },
        config: { roles: DEFINITION_ROLES },
        // The never-list check runs before schema validation so its 400 names the forbidden field.
        preValidation: async (request: FastifyRequest) => rejectNeverListFields(request.body, `The ${c.what} definition`),
      },
      async (request, reply) => reply.status(201).send(await uploadDefinition(ctx, requireActor(request), c.type, request.body)),
    );
    app.post(
      `/risk/${c.path}/:key/versions/:version/retire`,
      { schema: { tags, summary: `Retire one ${c.what} version (evaluations stop using it)`, params: s.KeyVersionParams, response: { 200: s.DefinitionDto } }, config: { roles: DEFINITION_ROLES } },
      async (request) => retireDefinition(ctx, requireActor(request), c.type, request.params.key, request.params.version),
    );
  }

  app.get('/cases/:id/risk', { schema: { tags, summary: "A case's risk panel: assessments, warnings and what they allow mediation to do (audited)", params: s.IdParams, response: { 200: s.CaseRisk } }, config: read }, async (request) =>
    getCaseRisk(ctx, requireActor(request), request.params.id, request.ip),
  );
  app.post(
    '/cases/:id/risk',
    { schema: { tags, summary: 'Submit answers to an instrument; scores them with the pattern rules and raises or updates the warning', params: s.IdParams, body: s.AssessBody, response: { 201: s.AssessResult } }, config: { roles: ASSESS_ROLES } },
    async (request, reply) => reply.status(201).send(await assessCase(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get('/risk/warnings', { schema: { tags, summary: 'Warnings worklist of the cases you may see (audited)', querystring: s.WarningQuery, response: { 200: s.WarningList } }, config: read }, async (request) =>
    listWarnings(ctx, requireActor(request), request.query, request.ip),
  );
  app.get('/risk/warnings/:id', { schema: { tags, summary: 'One warning with every factor, its log and lowerings (audited)', params: s.IdParams, response: { 200: s.WarningDetail } }, config: read }, async (request) =>
    viewWarning(ctx, requireActor(request), request.params.id, request.ip),
  );
  const review = { roles: REVIEW_ROLES };
  app.post('/risk/warnings/:id/acknowledge', { schema: { tags, summary: 'The named reviewer acknowledges, with a decision and reason', params: s.IdParams, body: s.AcknowledgeBody, response: { 200: s.WarningDto } }, config: review }, async (request) =>
    acknowledgeWarning(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );
  app.post('/risk/warnings/:id/raise', { schema: { tags, summary: 'Raise the tier by professional judgement (one reviewer)', params: s.IdParams, body: s.TierChangeBody, response: { 200: s.WarningDto } }, config: review }, async (request) =>
    raiseWarning(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );
  app.post(
    '/risk/warnings/:id/lower',
    { schema: { tags, summary: 'Lower the tier: the first reviewer proposes, a second, different reviewer applies it (the proposer again: 403)', params: s.IdParams, body: s.TierChangeBody, response: { 200: s.LowerResult } }, config: review },
    async (request) => lowerWarning(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );
  app.post('/risk/warnings/:id/decide', { schema: { tags, summary: 'A second reviewer approves or declines a pending lowering', params: s.IdParams, body: s.DecideBody, response: { 200: s.WarningDto } }, config: review }, async (request) =>
    decideLowering(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );
  app.post('/risk/warnings/:id/outcome', { schema: { tags, summary: 'Record how the warning ended and close it', params: s.IdParams, body: s.OutcomeBody, response: { 200: s.WarningDto } }, config: review }, async (request) =>
    recordOutcome(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );

  app.get('/risk/warnings/:id/conferences', { schema: { tags, summary: 'Case conferences (会商研判) on a warning with their actions', params: s.IdParams, response: { 200: s.ConferenceList } }, config: read }, async (request) =>
    listConferences(ctx, requireActor(request), request.params.id),
  );
  app.post(
    '/risk/warnings/:id/conferences',
    { schema: { tags, summary: 'Record a case conference: agencies, what each shared, the action plan, the next review', params: s.IdParams, body: s.ConferenceBody, response: { 201: s.ConferenceDto } }, config: { roles: CONFERENCE_ROLES } },
    async (request, reply) => reply.status(201).send(await holdConference(ctx, requireActor(request), request.params.id, request.body, request.ip)),
  );
  app.post(
    '/risk/warnings/:id/conferences/:conferenceId/actions',
    { schema: { tags, summary: "Add actions to a conference's plan", params: s.ConferenceParams, body: s.AddActionsBody, response: { 201: s.ConferenceDto } }, config: { roles: CONFERENCE_ROLES } },
    async (request, reply) => reply.status(201).send(await addActions(ctx, requireActor(request), request.params.id, request.params.conferenceId, request.body.actions, request.ip)),
  );
  app.post('/risk/actions/:id/progress', { schema: { tags, summary: 'Report progress on a conference action (done: true closes it)', params: s.IdParams, body: s.ProgressBody, response: { 200: s.ActionDto } }, config: { roles: CONFERENCE_ROLES } }, async (request) =>
    reportActionProgress(ctx, requireActor(request), request.params.id, request.body, request.ip),
  );

  app.get('/risk/report', { schema: { tags, summary: 'Per tier and per rule: raised, confirmed, overridden, outcomes', querystring: s.ReportQuery, response: { 200: s.ReportDto } }, config: { roles: [...RISK_READ_ROLES, 'analyst'] } }, async (request) =>
    riskReport(ctx, requireActor(request), request.query),
  );
  app.get('/risk/dashboard', { schema: { tags, summary: 'Open warnings by tier with overdue acknowledgements and conference actions', querystring: s.DashboardQuery, response: { 200: s.DashboardDto } }, config: { roles: [...RISK_READ_ROLES, 'analyst'] } }, async (request) =>
    riskDashboard(ctx, requireActor(request), request.query),
  );
};
