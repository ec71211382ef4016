// ECharts, part by part (only what the dashboard draws), so the dashboard's chunk stays small.
// The core registers the 'dark' theme and the ZH and EN locales itself.
import { BarChart, GaugeChart, LineChart, MapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, LineChart, BarChart, GaugeChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;
