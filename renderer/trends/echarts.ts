import { LineChart } from 'echarts/charts';
import { DataZoomInsideComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Theme } from '../ui/theme.ts';
import { PEN_COLOURS } from './pens.ts';

// Only what the trend draws: line series, one grid, a legend (names the pens in the PNG too), a cursor, wheel/drag zoom, bad-quality areas, canvas.
// ECharts builds no code at run time, so it runs under the HMI's CSP (no 'unsafe-eval').
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomInsideComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
export type EChart = echarts.ECharts;

/** The greys a trend is drawn in (a canvas cannot read the page's CSS variables; these follow styles/base.css). */
export interface ChartColours {
  background: string;
  text: string;
  label: string;
  axis: string;
  split: string;
  splitMinor: string;
  pointer: string;
}

export const CHART_COLOURS: Readonly<Record<Theme, ChartColours>> = {
  day: { background: '#f4f4f4', text: '#1c1c1c', label: '#3a3a3a', axis: '#6f6f6f', split: '#d6d6d6', splitMinor: '#e0e0e0', pointer: '#1c1c1c' },
  night: { background: '#2c2c2c', text: '#dcdcdc', label: '#b4b4b4', axis: '#8c8c8c', split: '#444444', splitMinor: '#3a3a3a', pointer: '#dcdcdc' },
};

/** Pens by night: the same hues, lighter and as quiet, so each stays readable on the dark ground. */
const NIGHT_PENS: Readonly<Record<string, string>> = Object.fromEntries(PEN_COLOURS.map((colour, index) => [colour, ['#8fb0e0', '#86bca8', '#cda982', '#aca8dc', '#c8c8c8', '#bcbc78', '#98b8cc', '#cc9aac'][index]!]));

export function penColour(colour: string, theme: Theme): string {
  return theme === 'night' ? (NIGHT_PENS[colour.toLowerCase()] ?? colour) : colour;
}

function themeObject(c: ChartColours): object {
  const axis = { axisLine: { lineStyle: { color: c.axis } }, axisTick: { lineStyle: { color: c.axis } }, axisLabel: { color: c.label }, splitLine: { lineStyle: { color: c.split } }, nameTextStyle: { color: c.text } };
  return {
    backgroundColor: c.background,
    textStyle: { color: c.text },
    legend: { textStyle: { color: c.text } },
    timeAxis: { ...axis, splitLine: { lineStyle: { color: c.splitMinor } } },
    valueAxis: axis,
    categoryAxis: axis,
    tooltip: { axisPointer: { lineStyle: { color: c.pointer } } },
  };
}

/** The registered ECharts theme for a page theme: `echarts.init(element, chartTheme(theme))`. */
export function chartTheme(theme: Theme): string {
  return `lineside-${theme}`;
}

for (const theme of ['day', 'night'] as const) echarts.registerTheme(chartTheme(theme), themeObject(CHART_COLOURS[theme]));
