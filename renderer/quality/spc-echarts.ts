import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Theme } from '../ui/theme.ts';

// Only what a control chart draws: lines (points and limits), scatter (the marked violations), two grids,
// a tooltip, the baseline as a mark area, canvas. ECharts builds no code at run time (the HMI's CSP).
echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
export type EChart = echarts.ECharts;

/**
 * The greys and the one signal colour of a control chart, by theme (a canvas cannot read CSS
 * variables; these follow styles/base.css and the trends' chart greys, which a feature may not import).
 */
export interface SpcColours {
  background: string;
  text: string;
  label: string;
  axis: string;
  split: string;
  /** The plotted points and their line. */
  points: string;
  /** Control limits and the centre line. */
  limits: string;
  /** Specification limits: lighter than the control limits, another dash. */
  spec: string;
  baseline: string;
  /** A rule violation: the warning colour (abnormal), always with a triangle. */
  signal: string;
  signalEdge: string;
}

export const SPC_COLOURS: Readonly<Record<Theme, SpcColours>> = {
  day: { background: '#f4f4f4', text: '#1c1c1c', label: '#3a3a3a', axis: '#6f6f6f', split: '#e0e0e0', points: '#3f3f3f', limits: '#5a5a5a', spec: '#8a8a8a', baseline: 'rgba(60, 60, 60, 0.07)', signal: '#e8b100', signalEdge: '#1c1c1c' },
  night: {
    background: '#2c2c2c',
    text: '#dcdcdc',
    label: '#b4b4b4',
    axis: '#8c8c8c',
    split: '#3a3a3a',
    points: '#c8c8c8',
    limits: '#a0a0a0',
    spec: '#7a7a7a',
    baseline: 'rgba(220, 220, 220, 0.07)',
    signal: '#e8b100',
    signalEdge: '#141414',
  },
};
