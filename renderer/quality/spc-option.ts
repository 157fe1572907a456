import type { SpcChart, SpcChartKind } from '../../common/inspection.ts';
import type { SpcColours } from './spc-echarts.ts';

/** The words the canvas draws, in the reader's language (`quality:spc.*`). */
export interface SpcWords {
  /** Name of the plotted statistic: X̄, X, p, np, c, u. */
  value: string;
  /** Name of the spread chart: R, S, MR (variables only). */
  spread: string | undefined;
  ucl: string;
  lcl: string;
  center: string;
  usl: string;
  lsl: string;
  baseline: string;
  /** The tooltip of a sample: its number, time, order, lot, value. */
  tooltip(index: number): string;
}

export const VALUE_NAMES: Record<SpcChartKind, string> = { 'xbar-r': 'X̄', 'xbar-s': 'X̄', 'i-mr': 'X', p: 'p', np: 'np', c: 'c', u: 'u' };
export const SPREAD_NAMES: Partial<Record<SpcChartKind, string>> = { 'xbar-r': 'R', 'xbar-s': 'S', 'i-mr': 'MR' };

/** Sample numbers shown: 1-based, as control charts count samples. */
const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

interface LineSpec {
  name: string;
  data: Array<number | null>;
  colour: string;
  type: 'solid' | 'dashed' | 'dotted';
  label: string;
  step?: boolean;
}

/**
 * One ECharts option for a control chart: the points (X̄, X or the attribute statistic) with their
 * limits and the specification limits above, the spread chart (R, S, MR) below for variables, the
 * baseline the limits come from shaded, and each point that breaks a rule marked with a triangle in
 * the warning colour. Points are drawn as recorded: nothing smoothed, nothing left out.
 */
export function spcOption(chart: SpcChart, colours: SpcColours, words: SpcWords, format: (n: number) => string): Record<string, unknown> {
  const n = chart.points.length;
  const withSpread = chart.spread !== undefined && words.spread !== undefined;
  const grids = withSpread
    ? [
        { left: 64, right: 96, top: 28, height: '53%' },
        { left: 64, right: 96, bottom: 28, height: '22%' },
      ]
    : [{ left: 64, right: 96, top: 28, bottom: 28 }];
  const limitLines = (g: number, limits: { center: number; ucl: number; lcl: number }, perPoint?: { ucl: Array<number | null>; lcl: Array<number | null> }): LineSpec[] => [
    {
      name: `${g}-ucl`,
      data: perPoint?.ucl ?? Array<number>(n).fill(limits.ucl),
      colour: colours.limits,
      type: 'dashed',
      label: `${words.ucl} ${format(perPoint ? (perPoint.ucl[n - 1] ?? limits.ucl) : limits.ucl)}`,
      step: perPoint !== undefined,
    },
    { name: `${g}-center`, data: Array<number>(n).fill(limits.center), colour: colours.limits, type: 'solid', label: `${words.center} ${format(limits.center)}` },
    {
      name: `${g}-lcl`,
      data: perPoint?.lcl ?? Array<number>(n).fill(limits.lcl),
      colour: colours.limits,
      type: 'dashed',
      label: `${words.lcl} ${format(perPoint ? (perPoint.lcl[n - 1] ?? limits.lcl) : limits.lcl)}`,
      step: perPoint !== undefined,
    },
  ];
  const attribute = chart.points.some((p) => p.ucl !== undefined);
  const top: LineSpec[] = limitLines(0, chart.center, attribute ? { ucl: chart.points.map((p) => p.ucl ?? null), lcl: chart.points.map((p) => p.lcl ?? null) } : undefined);
  // Specification limits belong to single values: drawn on the X chart (I-MR) and, for reference, on X̄.
  if (!attribute) {
    if (chart.spec.usl !== undefined) top.push({ name: '0-usl', data: Array<number>(n).fill(chart.spec.usl), colour: colours.spec, type: 'dotted', label: `${words.usl} ${format(chart.spec.usl)}` });
    if (chart.spec.lsl !== undefined) top.push({ name: '0-lsl', data: Array<number>(n).fill(chart.spec.lsl), colour: colours.spec, type: 'dotted', label: `${words.lsl} ${format(chart.spec.lsl)}` });
  }
  const line = (spec: LineSpec, grid: number) => ({
    id: spec.name,
    type: 'line',
    xAxisIndex: grid,
    yAxisIndex: grid,
    data: spec.data,
    ...(spec.step ? { step: 'middle' } : {}),
    symbol: 'none',
    silent: true,
    animation: false,
    lineStyle: { color: spec.colour, type: spec.type, width: 1 },
    endLabel: { show: true, formatter: spec.label, color: colours.label, fontSize: 11 },
  });
  const marked = (chartName: 'center' | 'spread', values: Array<number | null>) => {
    const at = [...new Set(chart.violations.filter((v) => v.chart === chartName).map((v) => v.index))].sort((a, b) => a - b);
    return at.filter((i) => values[i] !== null && values[i] !== undefined).map((i) => [String(i + 1), values[i]!]);
  };
  const points = chart.points.map((p) => p.value);
  const series: object[] = [
    {
      id: 'points',
      type: 'line',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: points,
      symbol: 'circle',
      symbolSize: 5,
      animation: false,
      lineStyle: { color: colours.points, width: 1.5 },
      itemStyle: { color: colours.points },
      markArea: {
        silent: true,
        itemStyle: { color: colours.baseline },
        label: { show: true, position: 'insideTopLeft', color: colours.label, fontSize: 11 },
        data: [[{ name: words.baseline, xAxis: String(chart.baseline.from + 1) }, { xAxis: String(chart.baseline.to) }]],
      },
    },
    ...top.map((l) => line(l, 0)),
    {
      id: 'signals',
      type: 'scatter',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: marked('center', points),
      symbol: 'triangle',
      symbolSize: 13,
      animation: false,
      itemStyle: { color: colours.signal, borderColor: colours.signalEdge, borderWidth: 1, opacity: 1 },
      z: 5,
    },
  ];
  const yRange = (values: Array<number | null>, extra: number[]) => {
    const all = [...values.filter((v): v is number => v !== null), ...extra].filter(Number.isFinite);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
    // Counts, fractions and spreads cannot be negative: their axis stops at 0.
    return { min: lo >= 0 ? Math.max(0, lo - pad) : lo - pad, max: hi + pad };
  };
  const topLimits = top.flatMap((l) => l.data.filter((v): v is number => v !== null));
  const yAxis: object[] = [{ type: 'value', gridIndex: 0, name: words.value, scale: true, ...yRange(points, topLimits), axisLabel: { formatter: (v: number) => format(v) }, splitLine: { lineStyle: { color: colours.split } } }];
  const xAxis: object[] = [{ type: 'category', gridIndex: 0, data: numbers(n), boundaryGap: false, axisLabel: { show: !withSpread } }];
  if (withSpread && chart.spread) {
    const spreads = chart.points.map((p) => p.spread);
    series.push(
      {
        id: 'spreads',
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: spreads,
        symbol: 'circle',
        symbolSize: 4,
        animation: false,
        connectNulls: false,
        lineStyle: { color: colours.points, width: 1.2 },
        itemStyle: { color: colours.points },
      },
      ...limitLines(1, chart.spread).map((l) => line(l, 1)),
      {
        id: 'spread-signals',
        type: 'scatter',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: marked('spread', spreads),
        symbol: 'triangle',
        symbolSize: 12,
        animation: false,
        itemStyle: { color: colours.signal, borderColor: colours.signalEdge, borderWidth: 1, opacity: 1 },
        z: 5,
      },
    );
    yAxis.push({
      type: 'value',
      gridIndex: 1,
      name: words.spread,
      scale: true,
      ...yRange(spreads, [chart.spread.ucl, chart.spread.lcl]),
      axisLabel: { formatter: (v: number) => format(v) },
      splitLine: { lineStyle: { color: colours.split } },
    });
    xAxis.push({ type: 'category', gridIndex: 1, data: numbers(n), boundaryGap: false });
  }
  const axisStyle = { axisLine: { lineStyle: { color: colours.axis } }, axisTick: { lineStyle: { color: colours.axis } }, axisLabel: { color: colours.label }, nameTextStyle: { color: colours.text } };
  return {
    backgroundColor: colours.background,
    textStyle: { color: colours.text },
    animation: false,
    grid: grids,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line', lineStyle: { color: colours.axis } },
      formatter: (params: Array<{ dataIndex: number }> | { dataIndex: number }) => words.tooltip((Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0),
    },
    xAxis: xAxis.map((a) => ({ ...axisStyle, ...a, axisLabel: { ...axisStyle.axisLabel, ...(a as { axisLabel?: object }).axisLabel } })),
    yAxis: yAxis.map((a) => ({ ...axisStyle, ...a, axisLabel: { ...axisStyle.axisLabel, ...(a as { axisLabel?: object }).axisLabel } })),
    series,
  };
}
