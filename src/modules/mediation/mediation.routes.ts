// /api/v1/mediations, /api/v1/cases/{id}/mediations and /api/v1/mediation/agreement-template:
// people's mediation from application to judicial confirmation and follow-up visits.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { applyForConfirmation, draftAgreement, recordConfirmationStep, recordFollowUp, sealAgreement, signAgreement } from './mediation.agreement.js';
import { MEDIATION_READ_ROLES, MEDIATION_ROLES, TEMPLATE_ROLES } from './mediation.policy.js';
import { agreementPdf, listCaseMediations, listMediations, presentMediation } from './mediation.presenter.js';
import * as s from './mediation.schemas.js';
import { addMediator, failMediation, inviteParticipant, openMediation, recordConsent, recordSession, refuseMediation, screenMediation } from './mediation.service.js';
import { AgreementTemplate, getTemplate, putTemplate } from './mediation.template.js';

export const mediationRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['mediation'];
  const read = { roles: MEDIATION_READ_ROLES };
  const act = { roles: MEDIATION_ROLES };
  const one = { 200: s.MediationDto };

  app.post('/cases/:id/mediations', { schema: { tags, summary: 'Take a dispute into mediation (application, initiative or referral)', params: s.IdParams, body: s.OpenBody, response: { 201: s.MediationDto } }, config: act }, async (request, reply) =>
    reply.status(201).send(await openMediation(ctx, requireActor(request), request.params.id, request.body)),
  );
  app.get('/cases/:id/mediations', { schema: { tags, summary: "A case's mediations", params: s.IdParams, response: { 200: s.CaseMediationList } }, config: read }, async (request) =>
    listCaseMediations(ctx, requireActor(request), request.params.id),
  );
  app.get('/mediations', { schema: { tags, summary: 'Mediations of the cases you may see, newest first', querystring: s.ListQuery, response: { 200: s.MediationList } }, config: read }, async (request) =>
    listMediations(ctx, requireActor(request), request.query),
  );
  app.get('/mediations/:id', { schema: { tags, summary: 'One mediation with screenings, sessions, agreement, confirmation and follow-ups', params: s.IdParams, response: one }, config: read }, async (request) =>
    presentMediation(ctx, requireActor(request), request.params.id),
  );

  app.post('/mediations/:id/refuse', { schema: { tags, summary: "A party's clear refusal: ends the mediation (never held against them)", params: s.IdParams, body: s.RefuseBody, response: one }, config: act }, async (request) =>
    refuseMediation(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/screening', { schema: { tags, summary: 'Safety screen: decides the mode and can raise a risk review', params: s.IdParams, body: s.ScreeningBody, response: one }, config: act }, async (request) =>
    screenMediation(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/mediators', { schema: { tags, summary: 'Add a mediator (assigned or chosen by the parties)', params: s.IdParams, body: s.MediatorBody, response: one }, config: act }, async (request) =>
    addMediator(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/invitees', { schema: { tags, summary: 'Invite a relative, neighbour or expert, with the parties’ consent', params: s.IdParams, body: s.InviteeBody, response: one }, config: act }, async (request) =>
    inviteParticipant(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/invitees/:inviteeId/consents', { schema: { tags, summary: "Record a party's consent (or not) to an invitee", params: s.InviteeParams, body: s.ConsentBody, response: one }, config: act }, async (request) =>
    recordConsent(ctx, requireActor(request), request.params.id, request.params.inviteeId, request.body),
  );
  app.post('/mediations/:id/sessions', { schema: { tags, summary: 'Record a session: time, mode, attendees, minutes, outcome', params: s.IdParams, body: s.SessionBody, response: one }, config: act }, async (request) =>
    recordSession(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/fail', { schema: { tags, summary: 'End as failed, with the reason and the routes the parties were told about', params: s.IdParams, body: s.FailBody, response: one }, config: act }, async (request) =>
    failMediation(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post('/mediations/:id/agreement', { schema: { tags, summary: 'Draft (or redraft) the agreement: parties, facts, responsibilities, terms', params: s.IdParams, body: s.AgreementBody, response: one }, config: act }, async (request) =>
    draftAgreement(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/agreement/signatures', { schema: { tags, summary: 'Record that a party signed the agreement', params: s.IdParams, body: s.SignBody, response: one }, config: act }, async (request) =>
    signAgreement(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/agreement/seal', { schema: { tags, summary: 'The committee seals the signed agreement: it takes effect', params: s.IdParams, body: s.VersionBody, response: one }, config: act }, async (request) =>
    sealAgreement(ctx, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/mediations/:id/agreement.pdf',
    { schema: { tags, summary: 'The current agreement as a PDF (Chinese typography, from the admin-editable template; audited)', params: s.IdParams, produces: ['application/pdf'] }, config: act },
    async (request, reply) => {
      const { fileName, pdf } = await agreementPdf(ctx, requireActor(request), request.params.id, request.ip);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.post('/mediations/:id/judicial-confirmation', { schema: { tags, summary: 'The parties applied to a court for judicial confirmation (within 30 days)', params: s.IdParams, body: s.ConfirmationBody, response: one }, config: act }, async (request) =>
    applyForConfirmation(ctx, requireActor(request), request.params.id, request.body),
  );
  app.post('/mediations/:id/judicial-confirmation/accept', { schema: { tags, summary: 'The court accepted (or did not accept) the application (due within 3 days)', params: s.IdParams, body: s.AcceptBody, response: one }, config: act }, async (request) =>
    recordConfirmationStep(ctx, requireActor(request), request.params.id, request.body.version, { kind: 'accept', accepted: request.body.accepted, at: request.body.at, ...(request.body.note ? { note: request.body.note } : {}) }),
  );
  app.post('/mediations/:id/judicial-confirmation/extend', { schema: { tags, summary: 'The court extended its ruling time by 10 days (once)', params: s.IdParams, body: s.ExtendBody, response: one }, config: act }, async (request) =>
    recordConfirmationStep(ctx, requireActor(request), request.params.id, request.body.version, { kind: 'extend', reason: request.body.reason }),
  );
  app.post('/mediations/:id/judicial-confirmation/rule', { schema: { tags, summary: 'The court ruled (due within 15 days of acceptance)', params: s.IdParams, body: s.RulingBody, response: one }, config: act }, async (request) =>
    recordConfirmationStep(ctx, requireActor(request), request.params.id, request.body.version, { kind: 'rule', ruling: request.body.ruling, at: request.body.at, ...(request.body.note ? { note: request.body.note } : {}) }),
  );
  app.post('/mediations/:id/follow-ups', { schema: { tags, summary: 'A follow-up visit: terms performed, or a breach / new tension that reopens the matter', params: s.IdParams, body: s.FollowUpBody, response: one }, config: act }, async (request) =>
    recordFollowUp(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get('/mediation/agreement-template', { schema: { tags, summary: 'The agreement template (blocks with {{placeholders}})', response: { 200: AgreementTemplate } }, config: read }, async () => getTemplate(ctx));
  app.put('/mediation/agreement-template', { schema: { tags, summary: 'Replace the agreement template (version must go up)', body: AgreementTemplate, response: { 200: AgreementTemplate } }, config: { roles: TEMPLATE_ROLES } }, async (request) =>
    putTemplate(ctx, requireActor(request), request.body),
  );
};
