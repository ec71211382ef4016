// Display names of the dashboard's measures, periods, tiers and channels; every key spelled out so
// the i18n test and the type checker see it.
import type { TFunction } from 'i18next';
import type { PeriodKind } from './period';

export function measureLabel(t: TFunction, measure: string): string {
  switch (measure) {
    case 'received': return t('dashboard.measure.received');
    case 'accepted': return t('dashboard.measure.accepted');
    case 'dispatched': return t('dashboard.measure.dispatched');
    case 'resolved': return t('dashboard.measure.resolved');
    case 'overdue': return t('dashboard.measure.overdue');
    case 'escalated': return t('dashboard.measure.escalated');
    case 'reopened': return t('dashboard.measure.reopened');
    case 'returned': return t('dashboard.measure.returned');
    case 'closed': return t('dashboard.measure.closed');
    case 'followedUp': return t('dashboard.measure.followedUp');
    case 'responseRate': return t('dashboard.measure.responseRate');
    case 'resolutionRate': return t('dashboard.measure.resolutionRate');
    case 'satisfactionRate': return t('dashboard.measure.satisfactionRate');
    case 'onTimeRate': return t('dashboard.measure.onTimeRate');
    case 'medianHandlingHours': return t('dashboard.measure.medianHandlingHours');
    case 'p90HandlingHours': return t('dashboard.measure.p90HandlingHours');
    default: return measure;
  }
}

export function periodLabel(t: TFunction, kind: PeriodKind): string {
  switch (kind) {
    case '7d': return t('dashboard.period.7d');
    case '30d': return t('dashboard.period.30d');
    case '90d': return t('dashboard.period.90d');
    case 'year': return t('dashboard.period.year');
    case 'custom': return t('dashboard.period.custom');
  }
}

export function tierLabel(t: TFunction, tier: string): string {
  switch (tier) {
    case 'blue': return t('dashboard.tier.blue');
    case 'yellow': return t('dashboard.tier.yellow');
    case 'orange': return t('dashboard.tier.orange');
    case 'red': return t('dashboard.tier.red');
    default: return tier;
  }
}

export function channelLabel(t: TFunction, channel: string): string {
  switch (channel) {
    case 'hotline': return t('dashboard.channel.hotline');
    case 'walk_in': return t('dashboard.channel.walk_in');
    case 'online': return t('dashboard.channel.online');
    case 'grid_report': return t('dashboard.channel.grid_report');
    case 'petition': return t('dashboard.channel.petition');
    case 'referral': return t('dashboard.channel.referral');
    case 'api': return t('dashboard.channel.api');
    case 'sensor': return t('dashboard.channel.sensor');
    default: return channel;
  }
}

export const tierColors: Record<string, string> = { blue: '#2563eb', yellow: '#eab308', orange: '#f97316', red: '#dc2626' };
