// Names for the risk API's enums, and the tier tag: a colour AND its name in words, never colour
// alone. Every key is spelled out so the i18n test and the type checker see it.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export function tierLabel(t: TFunction, tier: string | null | undefined): string {
  switch (tier) {
    case 'blue': return t('risk.tier.blue');
    case 'yellow': return t('risk.tier.yellow');
    case 'orange': return t('risk.tier.orange');
    case 'red': return t('risk.tier.red');
    default: return tier ?? '—';
  }
}

export function tierMeaning(t: TFunction, tier: string): string {
  switch (tier) {
    case 'blue': return t('risk.tierMeaning.blue');
    case 'yellow': return t('risk.tierMeaning.yellow');
    case 'orange': return t('risk.tierMeaning.orange');
    case 'red': return t('risk.tierMeaning.red');
    default: return '';
  }
}

const tierColors: Record<string, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };

/** 橙 · 高 on orange: the tier's name is always written out next to its colour. */
export function TierTag({ tier, large = false }: { tier: string | null | undefined; large?: boolean }) {
  const { t } = useTranslation();
  if (!tier) return null;
  return (
    <Tag color={tierColors[tier] ?? 'default'} data-tier={tier} style={large ? { fontSize: 15, padding: '3px 10px', lineHeight: '22px', fontWeight: 600 } : { fontWeight: 600 }}>
      {tierLabel(t, tier)}
    </Tag>
  );
}

export function warningStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'pending_review': return t('risk.status.pending_review');
    case 'active': return t('risk.status.active');
    case 'review_due': return t('risk.status.review_due');
    case 'closed': return t('risk.status.closed');
    default: return status;
  }
}

export function warningStatusColor(status: string): string {
  switch (status) {
    case 'pending_review': return 'processing';
    case 'review_due': return 'warning';
    case 'closed': return 'default';
    default: return 'success';
  }
}

export function sourceLabel(t: TFunction, source: string): string {
  switch (source) {
    case 'assessment': return t('risk.source.assessment');
    case 'mediation_screening': return t('risk.source.mediation_screening');
    case 'mediation_breach': return t('risk.source.mediation_breach');
    case 'mediation_new_tension': return t('risk.source.mediation_new_tension');
    default: return source;
  }
}

export function decisionLabel(t: TFunction, decision: string | null): string {
  switch (decision) {
    case 'confirmed': return t('risk.decisionDone.confirmed');
    case 'raised': return t('risk.decisionDone.raised');
    case 'lowering_proposed': return t('risk.decisionDone.lowering_proposed');
    case null: return '—';
    default: return decision;
  }
}

export function outcomeLabel(t: TFunction, outcome: string | null): string {
  switch (outcome) {
    case 'de_escalated': return t('risk.outcome.de_escalated');
    case 'resolved': return t('risk.outcome.resolved');
    case 'harm_occurred': return t('risk.outcome.harm_occurred');
    case 'unfounded': return t('risk.outcome.unfounded');
    case null: return '—';
    default: return outcome;
  }
}

/** A line of the warning's history; `raised` with no previous tier is the warning being raised. */
export function logKindLabel(t: TFunction, kind: string, fromTier: string | null): string {
  switch (kind) {
    case 'raised': return fromTier === null ? t('risk.log.created') : t('risk.log.raised');
    case 'engine_raised': return t('risk.log.engine_raised');
    case 'reevaluated': return t('risk.log.reevaluated');
    case 'acknowledged': return t('risk.log.acknowledged');
    case 'lowering_proposed': return t('risk.log.lowering_proposed');
    case 'lowered': return t('risk.log.lowered');
    case 'lowering_declined': return t('risk.log.lowering_declined');
    case 'closed': return t('risk.log.closed');
    case 'conference_held': return t('risk.log.conference_held');
    default: return kind;
  }
}

export function loweringStatusLabel(t: TFunction, status: string): string {
  switch (status) {
    case 'pending': return t('risk.loweringStatus.pending');
    case 'approved': return t('risk.loweringStatus.approved');
    case 'declined': return t('risk.loweringStatus.declined');
    case 'withdrawn': return t('risk.loweringStatus.withdrawn');
    default: return status;
  }
}

export function agencyLabel(t: TFunction, agency: string): string {
  switch (agency) {
    case 'police': return t('risk.agency.police');
    case 'court': return t('risk.agency.court');
    case 'procuratorate': return t('risk.agency.procuratorate');
    case 'judicial_office': return t('risk.agency.judicial_office');
    case 'womens_federation': return t('risk.agency.womens_federation');
    case 'civil_affairs': return t('risk.agency.civil_affairs');
    case 'health': return t('risk.agency.health');
    case 'mediator': return t('risk.agency.mediator');
    case 'township_coordinator': return t('risk.agency.township_coordinator');
    case 'community': return t('risk.agency.community');
    case 'other': return t('risk.agency.other');
    default: return agency;
  }
}

export function answerLabel(t: TFunction, answer: unknown): string {
  switch (answer) {
    case 'yes': return t('risk.answer.yes');
    case 'no': return t('risk.answer.no');
    case 'unknown': return t('risk.answer.unknown');
    default: return String(answer);
  }
}

export function methodLabel(t: TFunction, method: string): string {
  switch (method) {
    case 'count': return t('risk.method.count');
    case 'weighted_sum': return t('risk.method.weighted_sum');
    case 'red_flags': return t('risk.method.red_flags');
    default: return method;
  }
}

export function warningActionLabel(t: TFunction, action: string): string {
  switch (action) {
    case 'raised': return t('risk.assess.action.raised');
    case 'escalated': return t('risk.assess.action.escalated');
    case 'updated': return t('risk.assess.action.updated');
    case 'none': return t('risk.assess.action.none');
    default: return action;
  }
}
