// Display names of the case vocabulary (statuses, kinds, channels, actions, timeline events, …).
// Every key is spelled out so the i18n test and the type checker see it; an unknown value shows
// as itself.
import type { TFunction } from 'i18next';

export function statusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'submitted': return t('cases.status.submitted');
    case 'accepted': return t('cases.status.accepted');
    case 'rejected': return t('cases.status.rejected');
    case 'merged': return t('cases.status.merged');
    case 'dispatched': return t('cases.status.dispatched');
    case 'acknowledged': return t('cases.status.acknowledged');
    case 'in_progress': return t('cases.status.in_progress');
    case 'on_hold': return t('cases.status.on_hold');
    case 'returned': return t('cases.status.returned');
    case 'escalated': return t('cases.status.escalated');
    case 'resolved': return t('cases.status.resolved');
    case 'closed': return t('cases.status.closed');
    default: return status;
  }
}

export const statusColor: Record<string, string> = {
  submitted: 'gold',
  accepted: 'orange',
  rejected: 'default',
  merged: 'default',
  dispatched: 'blue',
  acknowledged: 'geekblue',
  in_progress: 'processing',
  on_hold: 'purple',
  returned: 'volcano',
  escalated: 'magenta',
  resolved: 'cyan',
  closed: 'green',
};

export function kindLabel(t: TFunction, kind: string): string {
  switch (kind) {
    case 'request': return t('cases.kind.request');
    case 'complaint': return t('cases.kind.complaint');
    case 'dispute': return t('cases.kind.dispute');
    case 'hazard': return t('cases.kind.hazard');
    case 'consultation': return t('cases.kind.consultation');
    case 'crisis': return t('cases.kind.crisis');
    case 'praise': return t('cases.kind.praise');
    case 'proxy_errand': return t('cases.kind.proxy_errand');
    default: return kind;
  }
}

export function channelLabel(t: TFunction, channel: string): string {
  switch (channel) {
    case 'hotline': return t('cases.channel.hotline');
    case 'walk_in': return t('cases.channel.walk_in');
    case 'online': return t('cases.channel.online');
    case 'grid_report': return t('cases.channel.grid_report');
    case 'petition': return t('cases.channel.petition');
    case 'referral': return t('cases.channel.referral');
    case 'api': return t('cases.channel.api');
    case 'sensor': return t('cases.channel.sensor');
    default: return channel;
  }
}

export function priorityLabel(t: TFunction, priority: string): string {
  switch (priority) {
    case 'low': return t('cases.priority.low');
    case 'normal': return t('cases.priority.normal');
    case 'high': return t('cases.priority.high');
    case 'urgent': return t('cases.priority.urgent');
    default: return priority;
  }
}

export const priorityColor: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function partyRoleLabel(t: TFunction, role: string): string {
  switch (role) {
    case 'applicant': return t('cases.partyRole.applicant');
    case 'respondent': return t('cases.partyRole.respondent');
    case 'party': return t('cases.partyRole.party');
    case 'third_party': return t('cases.partyRole.third_party');
    default: return role;
  }
}

export function resultLabel(t: TFunction, result: string): string {
  switch (result) {
    case 'fixed': return t('cases.result.fixed');
    case 'partly_fixed': return t('cases.result.partly_fixed');
    case 'not_fixable': return t('cases.result.not_fixable');
    case 'not_our_responsibility': return t('cases.result.not_our_responsibility');
    case 'advice_given': return t('cases.result.advice_given');
    case 'mediated_agreement': return t('cases.result.mediated_agreement');
    default: return result;
  }
}

export function satisfactionLabel(t: TFunction, level: string): string {
  switch (level) {
    case 'satisfied': return t('cases.satisfaction.satisfied');
    case 'basically_satisfied': return t('cases.satisfaction.basically_satisfied');
    case 'unsatisfied': return t('cases.satisfaction.unsatisfied');
    default: return level;
  }
}

export function followUpMethodLabel(t: TFunction, method: string): string {
  switch (method) {
    case 'phone': return t('cases.method.phone');
    case 'sms': return t('cases.method.sms');
    case 'visit': return t('cases.method.visit');
    case 'portal': return t('cases.method.portal');
    case 'no_contact': return t('cases.method.no_contact');
    default: return method;
  }
}

export function unitRoleLabel(t: TFunction, role: string): string {
  switch (role) {
    case 'lead': return t('cases.unitRole.lead');
    case 'co': return t('cases.unitRole.co');
    default: return role;
  }
}

export function unitStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'pending': return t('cases.unitStatus.pending');
    case 'acknowledged': return t('cases.unitStatus.acknowledged');
    case 'returned': return t('cases.unitStatus.returned');
    case 'replaced': return t('cases.unitStatus.replaced');
    default: return status;
  }
}

/** The button (and form title) of a workflow action. */
export function actionLabel(t: TFunction, action: string): string {
  switch (action) {
    case 'accept': return t('cases.action.accept');
    case 'reject': return t('cases.action.reject');
    case 'merge': return t('cases.action.merge');
    case 'dispatch': return t('cases.action.dispatch');
    case 'whistle': return t('cases.action.whistle');
    case 'acknowledge': return t('cases.action.acknowledge');
    case 'return': return t('cases.action.return');
    case 'transfer': return t('cases.action.transfer');
    case 'start': return t('cases.action.start');
    case 'add_note': return t('cases.action.add_note');
    case 'request_extension': return t('cases.action.request_extension');
    case 'decide_extension': return t('cases.action.decide_extension');
    case 'hold': return t('cases.action.hold');
    case 'resume': return t('cases.action.resume');
    case 'escalate': return t('cases.action.escalate');
    case 'resolve': return t('cases.action.resolve');
    case 'follow_up': return t('cases.action.follow_up');
    case 'reopen': return t('cases.action.reopen');
    case 'close': return t('cases.action.close');
    case 'supervise': return t('cases.action.supervise');
    case 'report_progress': return t('cases.action.report_progress');
    default: return action;
  }
}

/** What happened, in the past tense, for the timeline (workflow actions, the sweeps, mediation). */
export function eventLabel(t: TFunction, action: string): string {
  switch (action) {
    case 'submit': return t('cases.event.submit');
    case 'accept': return t('cases.event.accept');
    case 'reject': return t('cases.event.reject');
    case 'merge': return t('cases.event.merge');
    case 'absorb': return t('cases.event.absorb');
    case 'dispatch': return t('cases.event.dispatch');
    case 'whistle': return t('cases.event.whistle');
    case 'acknowledge': return t('cases.event.acknowledge');
    case 'return': return t('cases.event.return');
    case 'transfer': return t('cases.event.transfer');
    case 'start': return t('cases.event.start');
    case 'add_note': return t('cases.event.add_note');
    case 'request_extension': return t('cases.event.request_extension');
    case 'decide_extension': return t('cases.event.decide_extension');
    case 'hold': return t('cases.event.hold');
    case 'resume': return t('cases.event.resume');
    case 'escalate': return t('cases.event.escalate');
    case 'resolve': return t('cases.event.resolve');
    case 'follow_up': return t('cases.event.follow_up');
    case 'reopen': return t('cases.event.reopen');
    case 'close': return t('cases.event.close');
    case 'supervise': return t('cases.event.supervise');
    case 'report_progress': return t('cases.event.report_progress');
    case 'remind': return t('cases.event.remind');
    case 'overdue': return t('cases.event.overdue');
    case 'mediation_opened': return t('cases.event.mediation_opened');
    case 'mediation_refused': return t('cases.event.mediation_refused');
    case 'mediation_screening': return t('cases.event.mediation_screening');
    case 'mediation_mediator': return t('cases.event.mediation_mediator');
    case 'mediation_invitee': return t('cases.event.mediation_invitee');
    case 'mediation_session': return t('cases.event.mediation_session');
    case 'mediation_failed': return t('cases.event.mediation_failed');
    case 'mediation_agreement_drafted': return t('cases.event.mediation_agreement_drafted');
    case 'mediation_agreement_signed': return t('cases.event.mediation_agreement_signed');
    case 'mediation_agreement_effective': return t('cases.event.mediation_agreement_effective');
    case 'mediation_judicial_confirmation': return t('cases.event.mediation_judicial_confirmation');
    case 'mediation_completed': return t('cases.event.mediation_completed');
    case 'mediation_follow_up': return t('cases.event.mediation_follow_up');
    case 'mediation_reopened': return t('cases.event.mediation_reopened');
    case 'mediation_overdue': return t('cases.event.mediation_overdue');
    default: return action;
  }
}

/** Names of the body fields of the action forms, for labels and server field errors. */
export function fieldLabel(t: TFunction, field: string): string {
  switch (field) {
    case 'note': return t('cases.field.note');
    case 'reason': return t('cases.field.reason');
    case 'intoCaseId': return t('cases.field.intoCaseId');
    case 'leadUnitId': return t('cases.field.leadUnitId');
    case 'coUnitIds': return t('cases.field.coUnitIds');
    case 'unitIds': return t('cases.field.unitIds');
    case 'text': return t('cases.field.text');
    case 'minutes': return t('cases.field.minutes');
    case 'extensionId': return t('cases.field.extensionId');
    case 'approve': return t('cases.field.approve');
    case 'result': return t('cases.field.result');
    case 'resultText': return t('cases.field.resultText');
    case 'responsibleUnitId': return t('cases.field.responsibleUnitId');
    case 'responsibleUnitName': return t('cases.field.responsibleUnitName');
    case 'satisfaction': return t('cases.field.satisfaction');
    case 'method': return t('cases.field.method');
    case 'comment': return t('cases.field.comment');
    case 'dueAt': return t('cases.field.dueAt');
    case 'reportEveryDays': return t('cases.field.reportEveryDays');
    default: return field;
  }
}
