// The command dashboard, as a console page or as the full-screen 大屏: the region (drilled down from
// the user's own), the period and the measure the map is coloured by live in the URL, so a view can
// be shared and reloaded. Numbers come from the analytics API unchanged; live case events and (on
// the big screen) a 60-second timer reload them.
import { ArrowLeftOutlined, FullscreenExitOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, DatePicker, Segmented, Select, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoading } from '../../components/PageLoading';
import { useMe } from '../auth/session';
import { type Me, hasAnyRole } from '../auth/session.types';
import { isInSubtree, levelIndexOf, provinceOf, topmost } from '../regions/region-code';
import { type RegionPathItem, getRegion } from '../regions/regions.api';
import { useLiveEvents } from '../cases/live-events';
import type { Measure } from './dashboard.api';
import { measureLabel, periodLabel } from './labels';
import { BreakdownList, Categories, Kpis, OverdueUnitsPanel, Rates, Trend, Warnings } from './panels';
import { Panel } from './parts';
import { type PeriodKind, isDay, periodKinds, rangeOf } from './period';
import { RegionMap } from './RegionMap';
import { useDashboard } from './useDashboard';
import styles from './Dashboard.module.css';

const mapMeasures: readonly Measure[] = ['received', 'resolved', 'overdue', 'escalated', 'responseRate', 'resolutionRate', 'satisfactionRate'];
const WARNING_READERS = ['mediator', 'township_coordinator', 'center_head', 'supervisor', 'analyst'] as const;
const SCREEN_REFRESH_MS = 60_000;

/** The regions a user's dashboard starts from: the province for admins, else their scope's tops. */
export function dashboardRoots(me: Me): string[] {
  if (me.scope.all) return [provinceOf(me.grants[0]?.regionCode ?? '620000000000')];
  return topmost(me.scope.regionCodes.length > 0 ? me.scope.regionCodes : me.grants.map((g) => g.regionCode)).map((c) => (levelIndexOf(c) > 3 ? `${c.slice(0, 9)}000` : c));
}

function isPeriod(value: string | null): value is PeriodKind {
  return value !== null && (periodKinds as readonly string[]).includes(value);
}

function isMeasure(value: string | null): value is Measure {
  return value !== null && (mapMeasures as readonly string[]).includes(value);
}

function useDashboardParams(roots: string[]) {
  const [params, setParams] = useSearchParams();
  const wanted = params.get('region');
  const region = wanted && /^\d{12}$/.test(wanted) && levelIndexOf(wanted) <= 3 && roots.some((r) => isInSubtree(wanted, r)) ? wanted : (roots[0] ?? null);
  const period: PeriodKind = isPeriod(params.get('period')) ? (params.get('period') as PeriodKind) : '30d';
  const from = params.get('from');
  const to = params.get('to');
  const custom = isDay(from) && isDay(to) && from <= to ? { from, to } : undefined;
  const range = rangeOf(period === 'custom' && !custom ? '30d' : period, custom);
  const measure: Measure = isMeasure(params.get('measure')) ? (params.get('measure') as Measure) : 'received';
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: false },
    );
  return { region, period, range, measure, update, search: params.toString() };
}

function useRegionPath(region: string | null, roots: string[]): RegionPathItem[] {
  const [path, setPath] = useState<RegionPathItem[]>([]);
  useEffect(() => {
    if (!region) return;
    const controller = new AbortController();
    getRegion(region, controller.signal).then(
      (r) => setPath([...r.path.filter((p) => p.code !== r.code), { code: r.code, name: r.name, level: r.level }].filter((p) => roots.some((root) => isInSubtree(p.code, root)))),
      () => undefined,
    );
    return () => controller.abort();
  }, [region, roots.join(',')]);
  return path;
}

/** When a user's scope has several separate regions (grants in two townships), a choice between them. */
function RootPicker({ roots, region, onPick }: { roots: string[]; region: string; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    if (roots.length < 2) return;
    const controller = new AbortController();
    Promise.all(roots.map((code) => getRegion(code, controller.signal))).then(
      (regions) => setNames(Object.fromEntries(regions.map((r) => [r.code, r.name]))),
      () => undefined,
    );
    return () => controller.abort();
  }, [roots.join(',')]);
  if (roots.length < 2) return null;
  const current = roots.find((r) => isInSubtree(region, r));
  return (
    <Select
      size="small"
      aria-label={t('dashboard.myRegions')}
      value={current}
      style={{ minWidth: 140 }}
      options={roots.map((code) => ({ value: code, label: names[code] ?? code }))}
      onChange={(code: string) => onPick(code)}
    />
  );
}

function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return <span style={{ fontVariantNumeric: 'tabular-nums', fontSize: 18 }}>{now.toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', hour12: false })}</span>;
}

export function DashboardView({ variant }: { variant: 'page' | 'screen' }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const dark = variant === 'screen';
  const roots = useMemo(() => dashboardRoots(me), [me]);
  const { region, period, range, measure, update, search } = useDashboardParams(roots);
  const canReadWarnings = hasAnyRole(me, WARNING_READERS);
  const { data, error, loading, reload } = useDashboard(region, range, canReadWarnings);
  const path = useRegionPath(region, roots);

  // The console's one event stream (shared with the menu counts): any case event may move a number.
  useLiveEvents(() => void reload(), 2_000);
  useEffect(() => {
    if (variant !== 'screen') return;
    const timer = window.setInterval(() => void reload(), SCREEN_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [variant, reload]);

  useEffect(() => {
    document.title = `${t('dashboard.title')} · ${t('app.title')}`;
  }, [t]);

  if (!region) return <ApiErrorAlert error={new Error(t('dashboard.noRegion'))} />;

  const level = levelIndexOf(region);
  const parent = path.length >= 2 ? path[path.length - 2] : undefined;
  const drill = (code: string) => {
    if (levelIndexOf(code) <= 3) update({ region: code });
  };

  const controls = (
    <div className={styles.toolbarGroup}>
      <Segmented<PeriodKind>
        aria-label={t('dashboard.periodLabel')}
        value={period}
        options={periodKinds.map((k) => ({ value: k, label: periodLabel(t, k) }))}
        onChange={(value) => update({ period: value, ...(value === 'custom' ? { from: range.from, to: range.to } : { from: null, to: null }) })}
      />
      {period === 'custom' ? (
        <DatePicker.RangePicker
          aria-label={t('dashboard.period.custom')}
          allowClear={false}
          placeholder={[t('dashboard.startDay'), t('dashboard.endDay')]}
          onChange={(values) => {
            const [a, b] = values ?? [];
            if (a && b) update({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
          }}
        />
      ) : null}
      <span className={styles.panelExtra} data-testid="period-range">
        {range.from} ~ {range.to}
      </span>
    </div>
  );

  const breadcrumb = (
    <Breadcrumb
      items={path.map((p, index) => ({
        key: p.code,
        title:
          index === path.length - 1 ? (
            <span style={dark ? { color: '#f0f6ff' } : undefined}>{p.name}</span>
          ) : (
            <a
              href={`?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(search)), region: p.code }).toString()}`}
              onClick={(e) => {
                e.preventDefault();
                update({ region: p.code });
              }}
              style={dark ? { color: '#7dd3fc' } : undefined}
            >
              {p.name}
            </a>
          ),
      }))}
    />
  );

  const children = data?.breakdown.groupBy === 'region' ? data.breakdown.groups : [];
  const mapExtra = (
    <Space size={8} wrap>
      {parent ? (
        <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => update({ region: parent.code })}>
          {t('dashboard.back')}
        </Button>
      ) : null}
      {level < 3 && children.length > 0 ? (
        <Select
          size="small"
          aria-label={t('dashboard.drillInto')}
          placeholder={t('dashboard.drillInto')}
          value={null}
          style={{ width: 150 }}
          showSearch
          optionFilterProp="label"
          options={children.map((g) => ({ value: g.key, label: g.label ?? g.key }))}
          onChange={(code: string) => drill(code)}
        />
      ) : null}
      <Select<Measure>
        size="small"
        aria-label={t('dashboard.colourBy')}
        value={measure}
        style={{ width: 130 }}
        options={mapMeasures.map((m) => ({ value: m, label: measureLabel(t, m) }))}
        onChange={(value) => update({ measure: value })}
      />
    </Space>
  );

  const mapPanel = data ? (
    <Panel title={t('dashboard.mapOf', { name: data.breakdown.region.name })} extra={mapExtra} testId="map-panel" fill={dark}>
      <div className={dark ? styles.fillBody : undefined}>
        {data.map ? (
          <RegionMap summary={data.breakdown} outlines={data.map} measure={measure} dark={dark} height={dark ? '100%' : 440} onDrill={drill} />
        ) : (
          <div style={{ maxHeight: dark ? '100%' : 440, overflow: 'auto' }}>
            <BreakdownList summary={data.breakdown} measure={measure} />
          </div>
        )}
      </div>
      {dark ? null : <div className={styles.panelExtra}>{data.map ? t('dashboard.drillHint') : data.breakdown.groupBy === 'channel' ? t('dashboard.byChannel') : t('dashboard.byChildRegion')}</div>}
    </Panel>
  ) : null;

  const refreshed = data ? data.loadedAt.toLocaleTimeString(i18n.language, { hour12: false, timeZone: 'Asia/Shanghai' }) : '';
  const body = data ? (
    variant === 'page' ? (
      <>
        <Kpis summary={data.breakdown} />
        <div className={styles.grid2}>
          {mapPanel}
          <div style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
            <Rates summary={data.breakdown} targets={data.targets} dark={false} />
            <Categories summary={data.categories} limit={6} namesEn={data.categoryNamesEn} />
          </div>
        </div>
        <div className={styles.grid2}>
          <Trend summary={data.trend} dark={false} height={280} />
          <OverdueUnitsPanel ranking={data.overdueUnits} />
        </div>
        {data.warnings ? <Warnings warnings={data.warnings} /> : null}
      </>
    ) : (
      <>
        <Kpis summary={data.breakdown} />
        <div className={styles.screenBody}>
          <div className={styles.column}>
            <Rates summary={data.breakdown} targets={data.targets} dark />
            <Categories summary={data.categories} limit={7} namesEn={data.categoryNamesEn} />
          </div>
          <div className={styles.columnFill}>{mapPanel}</div>
          <div className={styles.column}>
            <Trend summary={data.trend} dark height={220} />
            {data.warnings ? <Warnings warnings={data.warnings} /> : null}
            <OverdueUnitsPanel ranking={data.overdueUnits} />
          </div>
        </div>
      </>
    )
  ) : error ? null : (
    <PageLoading />
  );

  if (variant === 'screen') {
    return (
      <main className={styles.screen} data-testid="dashboard-screen" data-loading={loading} data-region={data?.breakdown.region.code}>
        <header className={styles.screenHead}>
          <div className={styles.toolbarGroup}>
            <h1 className={styles.screenTitle}>{data ? t('dashboard.screenTitle', { name: data.breakdown.region.name }) : t('dashboard.title')}</h1>
            <RootPicker roots={roots} region={region} onPick={(code) => update({ region: code })} />
            {breadcrumb}
          </div>
          {controls}
          <div className={styles.toolbarGroup}>
            <Clock />
            <span className={styles.panelExtra}>{refreshed ? t('dashboard.refreshedAt', { time: refreshed }) : null}</span>
            <Button icon={<FullscreenExitOutlined />} onClick={() => navigate(`/dashboard?${search}`)}>
              {t('dashboard.exitScreen')}
            </Button>
          </div>
        </header>
        {error ? <ApiErrorAlert error={error} /> : null}
        {body}
      </main>
    );
  }

  return (
    <div className={styles.page} data-testid="dashboard" data-loading={loading} data-region={data?.breakdown.region.code}>
      <div className={styles.toolbar}>
        <div className={styles.toolbarGroup}>
          <RootPicker roots={roots} region={region} onPick={(code) => update({ region: code })} />
          {breadcrumb}
        </div>
        {controls}
        <div className={styles.toolbarGroup}>
          <span className={styles.panelExtra}>{refreshed ? t('dashboard.refreshedAt', { time: refreshed }) : null}</span>
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={loading} aria-label={t('dashboard.refresh')} />
          <Button type="primary" icon={<FullscreenOutlined />} onClick={() => navigate(`/dashboard/screen?${search}`)}>
            {t('dashboard.enterScreen')}
          </Button>
        </div>
      </div>
      {error ? <ApiErrorAlert error={error} /> : null}
      {body}
    </div>
  );
}
