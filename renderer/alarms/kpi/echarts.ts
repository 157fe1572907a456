import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Theme } from '../../ui/theme.ts';

// Only what the KPI charts draw; registering twice (the trends have their own) is harmless.
echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';

/** ISA-101: charts in greys; colour stays reserved for alarms. One set per theme (a canvas cannot read the page's CSS variables). */
export interface ChartGreys {
  bar: string;
  barLight: string;
  axis: string;
  grid: string;
  text: string;
  limit: string;
}

export const CHART_GREYS: Readonly<Record<Theme, ChartGreys>> = {
  day: { bar: '#6f6f6f', barLight: '#a3a3a3', axis: '#5b5b5b', grid: '#c4c4c4', text: '#1c1c1c', limit: '#2f2f2f' },
  night: { bar: '#9a9a9a', barLight: '#5e5e5e', axis: '#9a9a9a', grid: '#444444', text: '#dcdcdc', limit: '#d0d0d0' },
};
