// Names for the mediation API's enums. Every key is spelled out so the i18n test and the type
// checker see it; an unknown value shows as itself.
import type { TFunction } from 'i18next';

export function statusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'in_progress': return t('mediation.status.in_progress');
    case 'agreed': return t('mediation.status.agreed');
    case 'completed': return t('mediation.status.completed');
    case 'refused': return t('mediation.status.refused');
    case 'failed': return t('mediation.status.failed');
    default: return status;
  }
}

export function statusColor(status: string): string {
  switch (status) {
    case 'in_progress': return 'processing';
    case 'agreed': return 'cyan';
    case 'completed': return 'success';
    case 'refused': return 'default';
    case 'failed': return 'error';
    default: return 'default';
  }
}

export function originLabel(t: TFunction, origin: string): string {
  switch (origin) {
    case 'application': return t('mediation.origin.application');
    case 'initiative': return t('mediation.origin.initiative');
    case 'referral': return t('mediation.origin.referral');
    default: return origin;
  }
}

export function modeLabel(t: TFunction, mode: string | null): string {
  switch (mode) {
    case 'joint': return t('mediation.mode.joint');
    case 'shuttle': return t('mediation.mode.shuttle');
    case 'remote': return t('mediation.mode.remote');
    case 'not_suitable': return t('mediation.mode.not_suitable');
    case null: return t('mediation.mode.none');
    default: return mode;
  }
}

export function questionLabel(t: TFunction, question: string): string {
  switch (question) {
    case 'fear_of_other_party': return t('mediation.screen.q.fear_of_other_party');
    case 'violence_or_threats': return t('mediation.screen.q.violence_or_threats');
    case 'weapon_mentioned': return t('mediation.screen.q.weapon_mentioned');
    case 'controlling_behaviour': return t('mediation.screen.q.controlling_behaviour');
    case 'wants_to_meet_apart': return t('mediation.screen.q.wants_to_meet_apart');
    default: return question;
  }
}

export function outcomeLabel(t: TFunction, outcome: string): string {
  switch (outcome) {
    case 'progress': return t('mediation.sessionOutcome.progress');
    case 'agreement_reached': return t('mediation.sessionOutcome.agreement_reached');
    case 'no_agreement': return t('mediation.sessionOutcome.no_agreement');
    case 'adjourned': return t('mediation.sessionOutcome.adjourned');
    case 'party_left': return t('mediation.sessionOutcome.party_left');
    default: return outcome;
  }
}

export function howLabel(t: TFunction, how: string): string {
  switch (how) {
    case 'assigned': return t('mediation.how.assigned');
    case 'chosen_by_parties': return t('mediation.how.chosen_by_parties');
    default: return how;
  }
}

export function relationLabel(t: TFunction, relation: string): string {
  switch (relation) {
    case 'relative': return t('mediation.relation.relative');
    case 'neighbour': return t('mediation.relation.neighbour');
    case 'expert': return t('mediation.relation.expert');
    case 'lawyer': return t('mediation.relation.lawyer');
    case 'community_member': return t('mediation.relation.community_member');
    case 'other': return t('mediation.relation.other');
    default: return relation;
  }
}

export function routeLabel(t: TFunction, route: string): string {
  switch (route) {
    case 'arbitration': return t('mediation.route.arbitration');
    case 'administrative': return t('mediation.route.administrative');
    case 'court': return t('mediation.route.court');
    case 'other': return t('mediation.route.other');
    default: return route;
  }
}

export function methodLabel(t: TFunction, method: string | null): string {
  switch (method) {
    case 'visit': return t('mediation.method.visit');
    case 'phone': return t('mediation.method.phone');
    case 'video': return t('mediation.method.video');
    case 'other': return t('mediation.method.other');
    case null: return '—';
    default: return method;
  }
}

export function findingLabel(t: TFunction, finding: string | null): string {
  switch (finding) {
    case 'on_track': return t('mediation.finding.on_track');
    case 'breach': return t('mediation.finding.breach');
    case 'new_tension': return t('mediation.finding.new_tension');
    case null: return '—';
    default: return finding;
  }
}

export function termStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'pending': return t('mediation.termStatus.pending');
    case 'performed': return t('mediation.termStatus.performed');
    case 'breached': return t('mediation.termStatus.breached');
    default: return status;
  }
}

export function agreementStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'draft': return t('mediation.agreementStatus.draft');
    case 'effective': return t('mediation.agreementStatus.effective');
    case 'reopened': return t('mediation.agreementStatus.reopened');
    case 'performed': return t('mediation.agreementStatus.performed');
    case 'superseded': return t('mediation.agreementStatus.superseded');
    default: return status;
  }
}

export function confirmationStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'applied': return t('mediation.confirmationStatus.applied');
    case 'accepted': return t('mediation.confirmationStatus.accepted');
    case 'not_accepted': return t('mediation.confirmationStatus.not_accepted');
    case 'ruled': return t('mediation.confirmationStatus.ruled');
    default: return status;
  }
}

export function rulingLabel(t: TFunction, ruling: string | null): string {
  switch (ruling) {
    case 'confirmed': return t('mediation.ruling.confirmed');
    case 'rejected': return t('mediation.ruling.rejected');
    case null: return '—';
    default: return ruling;
  }
}

export function partyRoleLabel(t: TFunction, role: string): string {
  switch (role) {
    case 'applicant': return t('mediation.partyRole.applicant');
    case 'respondent': return t('mediation.partyRole.respondent');
    case 'third_party': return t('mediation.partyRole.third_party');
    default: return t('mediation.partyRole.party');
  }
}

export function answerLabel(t: TFunction, answer: string | undefined): string {
  switch (answer) {
    case 'yes': return t('mediation.answer.yes');
    case 'no': return t('mediation.answer.no');
    case 'unknown': return t('mediation.answer.unknown');
    default: return '—';
  }
}
