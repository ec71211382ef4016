// Plain words for residents: case states, timeline steps, results, ratings. Every key is spelled
// out (the i18n test checks them); an unknown value shows as itself.
import type { TFunction } from 'i18next';
import type { TimelineItem } from './portal.api';

export function statusWords(t: TFunction, status: string): string {
  switch (status) {
    case 'submitted': return t('portal.status.submitted');
    case 'accepted': return t('portal.status.accepted');
    case 'rejected': return t('portal.status.rejected');
    case 'merged': return t('portal.status.merged');
    case 'dispatched': return t('portal.status.dispatched');
    case 'acknowledged': return t('portal.status.acknowledged');
    case 'in_progress': return t('portal.status.in_progress');
    case 'on_hold': return t('portal.status.on_hold');
    case 'returned': return t('portal.status.returned');
    case 'escalated': return t('portal.status.escalated');
    case 'resolved': return t('portal.status.resolved');
    case 'closed': return t('portal.status.closed');
    default: return status;
  }
}

/** The colour of a state: blue while it moves, green when done, grey when it ended otherwise. */
export function statusColor(status: string): string {
  if (status === 'resolved' || status === 'closed') return 'success';
  if (status === 'rejected' || status === 'merged') return 'default';
  if (status === 'on_hold' || status === 'returned' || status === 'escalated') return 'warning';
  return 'processing';
}

export function resultWords(t: TFunction, code: string): string {
  switch (code) {
    case 'fixed': return t('portal.result.fixed');
    case 'partly_fixed': return t('portal.result.partly_fixed');
    case 'not_fixable': return t('portal.result.not_fixable');
    case 'not_our_responsibility': return t('portal.result.not_our_responsibility');
    case 'advice_given': return t('portal.result.advice_given');
    case 'mediated_agreement': return t('portal.result.mediated_agreement');
    default: return code;
  }
}

export function satisfactionWords(t: TFunction, level: string): string {
  switch (level) {
    case 'satisfied': return t('portal.rating.satisfied');
    case 'basically_satisfied': return t('portal.rating.basically_satisfied');
    case 'unsatisfied': return t('portal.rating.unsatisfied');
    default: return level;
  }
}

export function halfDayWords(t: TFunction, halfDay: string): string {
  switch (halfDay) {
    case 'morning': return t('portal.book.morning');
    case 'afternoon': return t('portal.book.afternoon');
    default: return halfDay;
  }
}

/** One step of the timeline in plain words. */
export function stepWords(t: TFunction, item: TimelineItem): string {
  const unit = item.unitName ?? '';
  switch (item.action) {
    case 'submit': return t('portal.step.submit');
    case 'accept': return t('portal.step.accept');
    case 'reject': return t('portal.step.reject');
    case 'merge': return t('portal.step.merge');
    case 'dispatch': return unit ? t('portal.step.dispatchTo', { unit }) : t('portal.step.dispatch');
    case 'whistle': return t('portal.step.dispatchTo', { unit });
    case 'acknowledge': return t('portal.step.acknowledge');
    case 'return': return t('portal.step.return');
    case 'transfer': return t('portal.step.transferTo', { unit });
    case 'start': return t('portal.step.start');
    case 'hold': return t('portal.step.hold');
    case 'resume': return t('portal.step.resume');
    case 'escalate': return t('portal.step.escalateTo', { unit });
    case 'resolve': return item.code === 'not_our_responsibility' ? t('portal.step.notOurs') : t('portal.step.resolve');
    case 'follow_up': return item.code ? t('portal.step.rated', { rating: satisfactionWords(t, item.code) }) : t('portal.step.followUp');
    case 'reopen': return t('portal.step.reopen');
    case 'close': return t('portal.step.close');
    default: return item.action;
  }
}

/** A date and time in China time, in the reader's language. */
export function formatTime(iso: string | null, language: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${day}T00:00:00Z`));
}
