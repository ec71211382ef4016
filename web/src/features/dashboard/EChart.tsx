// One ECharts instance in a div: created once, given each new option whole (notMerge), resized with
// its box, disposed on unmount. ECharts' aria option writes a description of the chart (series and
// data names) into the container's aria-label for screen readers.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type EChartsOption, echarts } from './echarts';

export interface ChartClick {
  name: string;
  data: unknown;
}

interface Props {
  option: EChartsOption;
  height: number | string;
  dark?: boolean;
  onClick?: (event: ChartClick) => void;
  testId?: string;
  label: string;
}

export function EChart({ option, height, dark = false, onClick, testId, label }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';

  useEffect(() => {
    const dom = ref.current;
    if (!dom) return;
    const instance = echarts.init(dom, dark ? 'dark' : undefined, { renderer: 'canvas', locale });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.({ name: String(params.name ?? ''), data: params.data }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(dom);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark, locale]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', aria: { enabled: true, label: { data: { maxCount: 100 } } }, ...option }, { notMerge: true });
  }, [option, dark, locale]);

  return <div ref={ref} role="img" aria-roledescription={t('dashboard.chart')} title={label} data-testid={testId} style={{ width: '100%', height }} />;
}
