// The dashboard's panels. Each shows fields of the analytics answers as given (formatted only):
// values, `change.vsPrevious` and `change.vsLastYear`; the browser test compares them to the API.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdueUnits, RateMeasure, RateTargets, Summary, WarningsByTier } from './dashboard.api';
import { EChart } from './EChart';
import type { EChartsOption } from './echarts';
import { formatValue } from './format';
import { channelLabel, measureLabel, tierColors, tierLabel } from './labels';
import { Changes, Panel, RankList } from './parts';
import styles from './Dashboard.module.css';

export const kpiMeasures = ['received', 'resolved', 'overdue', 'escalated', 'reopened', 'medianHandlingHours'] as const;
export const rateMeasuresShown = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const satisfies readonly RateMeasure[];

export function Kpis({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const totals = summary.totals;
  return (
    <div className={styles.kpis} data-testid="kpis">
      {kpiMeasures.map((m) => (
        <div key={m} className={styles.kpi} data-testid={`kpi-${m}`}>
          <div className={styles.kpiLabel}>{measureLabel(t, m)}</div>
          <div className={styles.kpiValue} data-value={JSON.stringify(totals.current[m])}>
            {formatValue(m, totals.current[m], i18n.language)}
          </div>
          <Changes measure={m} vsPrevious={totals.change.vsPrevious[m]} vsLastYear={totals.change.vsLastYear[m]} />
        </div>
      ))}
    </div>
  );
}

function gaugeOption(value: number | null, target: number, dark: boolean): EChartsOption {
  const color = value === null ? '#94a3b8' : value >= target ? '#16a34a' : value >= target - 0.1 ? '#f59e0b' : '#dc2626';
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '95%',
        center: ['50%', '58%'],
        startAngle: 205,
        endAngle: -25,
        progress: { show: true, width: 10, itemStyle: { color } },
        axisLine: { lineStyle: { width: 10, color: [[target, dark ? 'rgba(148,163,184,0.25)' : '#e2e8f0'], [1, dark ? 'rgba(148,163,184,0.4)' : '#cbd5e1']] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: { show: false },
        data: [{ value: value === null ? 0 : Math.min(100, value * 100) }],
      },
    ],
  };
}

export function Rates({ summary, targets, dark }: { summary: Summary; targets: RateTargets; dark: boolean }) {
  const { t, i18n } = useTranslation();
  const totals = summary.totals;
  return (
    <Panel title={t('dashboard.rates')} extra={targets.isDefault ? t('dashboard.targetsDefault') : null} testId="rates">
      <div className={styles.rates}>
        {rateMeasuresShown.map((m) => (
          <div key={m} data-testid={`rate-${m}`}>
            <EChart option={gaugeOption(totals.current[m], targets[m], dark)} height={dark ? 110 : 120} dark={dark} label={measureLabel(t, m)} />
            <div className={styles.rateValue} data-value={JSON.stringify(totals.current[m])} style={{ marginTop: -36 }}>
              {formatValue(m, totals.current[m], i18n.language)}
            </div>
            <div className={styles.kpiLabel}>{measureLabel(t, m)}</div>
            <div className={styles.rateTarget} data-target={targets[m]}>
              {t('dashboard.target')} {formatValue(m, targets[m], i18n.language)}
            </div>
            <Changes measure={m} vsPrevious={totals.change.vsPrevious[m]} vsLastYear={totals.change.vsLastYear[m]} />
          </div>
        ))}
      </div>
    </Panel>
  );
}

export function Trend({ summary, dark, height }: { summary: Summary; dark: boolean; height: number }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: dark ? { color: '#dbe7ff' } : {} },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: summary.groups.map((g) => g.key.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: measureLabel(t, 'received'), type: 'line', smooth: true, showSymbol: summary.groups.length <= 31, data: summary.groups.map((g) => g.current.received), areaStyle: { opacity: 0.12 } },
        { name: measureLabel(t, 'resolved'), type: 'line', smooth: true, showSymbol: summary.groups.length <= 31, data: summary.groups.map((g) => g.current.resolved) },
      ],
    }),
    [summary, dark, t],
  );
  return (
    <Panel title={t('dashboard.trend')} extra={`${summary.periods.current.from} ~ ${summary.periods.current.to}`} testId="trend">
      <EChart option={option} height={height} dark={dark} label={t('dashboard.trend')} testId="trend-chart" />
    </Panel>
  );
}

export function Categories({ summary, limit = 8, namesEn }: { summary: Summary; limit?: number; namesEn: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  // Ordering is presentation: the values are the API's.
  const top = [...summary.groups].sort((a, b) => b.current.received - a.current.received || a.key.localeCompare(b.key)).filter((g) => g.current.received > 0).slice(0, limit);
  return (
    <Panel title={t('dashboard.topCategories')} extra={measureLabel(t, 'received')} testId="categories">
      <RankList
        testId="category-list"
        empty={t('dashboard.noData')}
        items={top.map((g) => ({
          key: g.key,
          label: (i18n.language === 'en' ? namesEn.get(g.key) : undefined) || (g.label ?? g.key),
          value: g.current.received,
          valueText: formatValue('received', g.current.received, i18n.language),
          sub: <Changes measure="received" vsPrevious={g.change.vsPrevious.received} vsLastYear={g.change.vsLastYear.received} />,
        }))}
      />
    </Panel>
  );
}

export function OverdueUnitsPanel({ ranking }: { ranking: OverdueUnits }) {
  const { t, i18n } = useTranslation();
  const asOf = new Date(ranking.asOf).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
  return (
    <Panel title={t('dashboard.overdueUnits')} extra={t('dashboard.asOf', { time: asOf })} testId="overdue-units">
      <RankList
        testId="overdue-unit-list"
        empty={t('dashboard.noOverdue')}
        items={ranking.items.map((u) => ({
          key: String(u.unitId),
          label: u.unitName,
          value: u.overdue,
          valueText: formatValue('overdue', u.overdue, i18n.language),
          sub: (
            <span className={styles.changes}>
              <span>{t('dashboard.overdueResolve', { count: u.overdueResolve })}</span>
              <span>{t('dashboard.overdueAcknowledge', { count: u.overdueAcknowledge })}</span>
              <span>{t('dashboard.held', { count: u.held })}</span>
            </span>
          ),
        }))}
      />
    </Panel>
  );
}

export function Warnings({ warnings }: { warnings: WarningsByTier }) {
  const { t, i18n } = useTranslation();
  return (
    <Panel title={t('dashboard.warnings')} extra={t('dashboard.warningsRaised')} testId="warnings">
      <div className={styles.tiers}>
        {warnings.byTier.map((tier) => (
          <div key={tier.tier} className={styles.tier} style={{ borderLeftColor: tierColors[tier.tier] }} data-testid={`tier-${tier.tier}`}>
            <div className={styles.kpiLabel}>{tierLabel(t, tier.tier)}</div>
            <div className={styles.tierValue} data-value={tier.current.raised}>
              {tier.current.raised.toLocaleString(i18n.language)}
            </div>
            <Changes measure="raised" vsPrevious={tier.change.vsPrevious.raised} vsLastYear={tier.change.vsLastYear.raised} />
            <div className={styles.rateTarget}>{t('dashboard.openNow', { count: tier.openNow })}</div>
          </div>
        ))}
      </div>
    </Panel>
  );
}

/** Below city level there are no outlines: the children (townships) or the channels as a ranking. */
export function BreakdownList({ summary, measure }: { summary: Summary; measure: string }) {
  const { t, i18n } = useTranslation();
  const byChannel = summary.groupBy === 'channel';
  const value = (g: Summary['groups'][number]) => (g.current as Record<string, number | null>)[measure] ?? null;
  const rows = [...summary.groups].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1) || a.key.localeCompare(b.key));
  return (
    <RankList
      testId="breakdown-list"
      empty={t('dashboard.noData')}
      items={rows.map((g) => ({
        key: g.key,
        label: byChannel ? channelLabel(t, g.key) : (g.label ?? g.key),
        value: value(g) ?? 0,
        valueText: formatValue(measure, value(g), i18n.language),
      }))}
    />
  );
}
