// The map of the region's children (a province's cities, a city's counties) coloured by the chosen
// measure, from the shipped outlines (GET /maps/{code}). A click on an area drills into it. The same
// numbers are listed in a table for screen readers (and the browser test).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection, Measure, Summary, SummaryGroup } from './dashboard.api';
import { EChart } from './EChart';
import { type EChartsOption, echarts } from './echarts';
import { formatChange, formatValue } from './format';
import { measureLabel } from './labels';
import styles from './Dashboard.module.css';

interface Props {
  summary: Summary;
  outlines: FeatureCollection;
  measure: Measure;
  dark: boolean;
  height: number | string;
  onDrill: (code: string) => void;
}

interface Area {
  code: string;
  name: string;
  group: SummaryGroup | undefined;
  value: number | null;
}

const registered = new Set<string>();

function register(key: string, outlines: FeatureCollection): void {
  if (registered.has(key)) return;
  // ECharts' own GeoJSON type is stricter than the wire format; the shape is the same.
  echarts.registerMap(key, outlines as unknown as Parameters<typeof echarts.registerMap>[1]);
  registered.add(key);
}

export function RegionMap({ summary, outlines, measure, dark, height, onDrill }: Props) {
  const { t, i18n } = useTranslation();
  const mapKey = `pingan-${summary.region.code}`;
  register(mapKey, outlines);

  const areas = useMemo<Area[]>(() => {
    const groups = new Map(summary.groups.map((g) => [g.key, g]));
    return outlines.features.map((f) => {
      const group = groups.get(f.properties.code);
      const value = group ? group.current[measure] : null;
      return { code: f.properties.code, name: f.properties.name, group, value };
    });
  }, [summary, outlines, measure]);

  const option = useMemo<EChartsOption>(() => {
    const values = areas.flatMap((a) => (a.value === null ? [] : [a.value]));
    const max = Math.max(...values, 1);
    const byName = new Map(areas.map((a) => [a.name, a]));
    const text = dark ? '#dbe7ff' : '#334155';
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const name = String((params as { name?: unknown }).name ?? '');
          const area = byName.get(name);
          if (!area) return name;
          const lines = [`<b>${escapeHtml(name)}</b>`, `${measureLabel(t, measure)}: ${formatValue(measure, area.value, i18n.language)}`];
          if (area.group) {
            lines.push(`${t('dashboard.vsPrevious')} ${formatChange(measure, area.group.change.vsPrevious[measure], i18n.language)}`);
            lines.push(`${t('dashboard.vsLastYear')} ${formatChange(measure, area.group.change.vsLastYear[measure], i18n.language)}`);
          }
          return lines.join('<br/>');
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        itemHeight: 100,
        calculable: false,
        text: [formatValue(measure, max, i18n.language), formatValue(measure, 0, i18n.language)],
        textStyle: { color: text },
        inRange: { color: dark ? ['#12315f', '#1e6fd9', '#38bdf8', '#fde047'] : ['#e0ecff', '#93c5fd', '#3b82f6', '#1e3a8a'] },
      },
      series: [
        {
          type: 'map',
          map: mapKey,
          name: measureLabel(t, measure),
          roam: false,
          selectedMode: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '95%',
          label: { show: true, fontSize: 11, color: dark ? '#f0f6ff' : '#0f172a', textBorderColor: dark ? '#06152f' : '#ffffff', textBorderWidth: 2 },
          itemStyle: { borderColor: dark ? '#7dd3fc' : '#ffffff', borderWidth: 1, areaColor: dark ? '#102a52' : '#f1f5f9' },
          emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#f59e0b' } },
          data: areas.map((a) => ({ name: a.name, value: a.value ?? '-', code: a.code })),
        },
      ],
    };
  }, [areas, measure, dark, mapKey, t, i18n.language]);

  return (
    <div data-testid="region-map" data-region={summary.region.code} style={{ height }}>
      <EChart
        option={option}
        height="100%"
        dark={dark}
        label={t('dashboard.mapOf', { name: summary.region.name })}
        testId="map-chart"
        onClick={({ data }) => {
          const code = (data as { code?: unknown } | null)?.code;
          if (typeof code === 'string') onDrill(code);
        }}
      />
      <div className={styles.srOnly}>
      <table data-testid="map-table">
        <caption>{t('dashboard.mapOf', { name: summary.region.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.region')}</th>
            <th scope="col">{measureLabel(t, measure)}</th>
          </tr>
        </thead>
        <tbody>
          {areas.map((a) => (
            <tr key={a.code} data-code={a.code}>
              <th scope="row">{a.name}</th>
              <td data-value={JSON.stringify(a.value)}>{formatValue(measure, a.value, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
