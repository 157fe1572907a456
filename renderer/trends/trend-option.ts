import { dateTimeFormat } from '../ui/format.ts';
import type { Pen } from './pens.ts';
import { axisKey, isDiscrete } from './pens.ts';
import { badStretches, gapStretches, seriesData, type Samples } from './samples.ts';

/** Bad quality on a trend: the HMI's light magenta, never an alarm colour. */
const BAD_FILL = 'rgba(139, 47, 139, 0.16)';
const BAD_EDGE = 'rgba(139, 47, 139, 0.55)';
/** No data: barely there, so a plant that just started does not look alarming. */
const GAP_FILL = 'rgba(60, 60, 60, 0.05)';
const AXIS_GAP = 58;

export interface TrendView {
  readonly pens: readonly Pen[];
  readonly samples: ReadonlyMap<string, Samples>;
  /** The visible time range (dataZoom window). */
  readonly from: number;
  readonly to: number;
  /** The x axis extent: the visible range plus loaded history either side, so panning is seamless. */
  readonly extentFrom: number;
  readonly extentTo: number;
  /** Bad stretches of the last point end here (now, or the end of the loaded data). */
  readonly dataEnd: number;
  /** The plant's time zone: time labels read as the plant clock does. */
  readonly timeZone?: string;
  /** The chart's own words in the reader's language (the canvas draws them, so they come in here). */
  readonly words: ChartWords;
}

/** Axis names and labels the chart draws: `trends:chart.*` of the reader's language. */
export interface ChartWords {
  /** Name of an on/off axis. */
  readonly onOff: string;
  /** Name of a state (enumeration) axis. */
  readonly state: string;
  readonly on: string;
  readonly off: string;
}

/** Time axis labels in the plant's time zone, with the date once the range spans days. */
export function timeLabel(t: number, span: number, timeZone?: string): string {
  const withDate = span > 36 * 3_600_000;
  const withSeconds = span <= 5 * 60_000;
  const options: Intl.DateTimeFormatOptions = {
    ...(withDate ? { day: '2-digit', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  };
  return dateTimeFormat(options, timeZone).format(t);
}

interface Axis {
  key: string;
  pens: Pen[];
}

export function axesOf(pens: readonly Pen[]): Axis[] {
  const axes: Axis[] = [];
  for (const pen of pens) {
    const key = axisKey(pen.info);
    const axis = axes.find((a) => a.key === key);
    if (axis) axis.pens.push(pen);
    else axes.push({ key, pens: [pen] });
  }
  return axes;
}

function axisName(axis: Axis, words: ChartWords): string {
  const info = axis.pens[0]!.info;
  if (info.dataType === 'bool') return words.onOff;
  if (info.states) return words.state;
  return info.units || '—';
}

function yAxis(axis: Axis, index: number, words: ChartWords) {
  const info = axis.pens[0]!.info;
  const left = index % 2 === 0;
  const offset = Math.floor(index / 2) * AXIS_GAP;
  // One pen: the axis in its colour; shared axes in the theme's grey.
  const colour = axis.pens.length === 1 ? axis.pens[0]!.colour : undefined;
  const base = {
    type: 'value' as const,
    name: axisName(axis, words),
    nameTextStyle: { ...(colour ? { color: colour } : {}), fontWeight: 600 as const, align: left ? ('right' as const) : ('left' as const) },
    position: left ? ('left' as const) : ('right' as const),
    offset,
    axisLine: { show: true, ...(colour ? { lineStyle: { color: colour } } : {}) },
    axisLabel: { hideOverlap: true },
    splitLine: { show: index === 0 },
  };
  if (info.dataType === 'bool') {
    return { ...base, min: -1, max: 2, interval: 1, axisLabel: { ...base.axisLabel, formatter: (v: number) => (v === 1 ? words.on : v === 0 ? words.off : '') } };
  }
  if (info.states) {
    const states = info.states;
    const keys = Object.keys(states).map(Number).filter(Number.isFinite);
    return {
      ...base,
      // Whole numbers at the ends so every tick is a state; one spare step keeps the line off the frame.
      min: Math.min(...keys) - 1,
      max: Math.max(...keys) + 1,
      interval: 1,
      axisLabel: { ...base.axisLabel, formatter: (v: number) => states[String(v)] ?? '' },
    };
  }
  const ranges = axis.pens.flatMap((pen) => (pen.info.range ? [pen.info.range] : []));
  // Engineering ranges keep the axis still (values read in context); without one the axis follows the data.
  if (ranges.length === axis.pens.length && ranges.length > 0) {
    return { ...base, min: Math.min(...ranges.map((r) => r.min)), max: Math.max(...ranges.map((r) => r.max)) };
  }
  return { ...base, scale: true };
}

/** Where two sorted lists of [from, to) stretches overlap. */
export function intersectStretches(a: readonly [number, number][], b: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i]![0], b[j]![0]);
    const to = Math.min(a[i]![1], b[j]![1]);
    if (from < to) out.push([from, to]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** The whole chart option for one view; series are replaced, never merged, so removed pens vanish. */
export function trendOption(view: TrendView) {
  const axes = axesOf(view.pens);
  const leftAxes = Math.ceil(axes.length / 2);
  const rightAxes = Math.floor(axes.length / 2);
  // No data for any pen: one faint area (per-pen gaps show as broken lines and "no data" in the readout).
  const commonGaps =
    view.pens
      .map((pen) => {
        const samples = view.samples.get(pen.path);
        return samples ? gapStretches(samples, view.dataEnd) : [];
      })
      .reduce<[number, number][] | undefined>((acc, gaps) => (acc === undefined ? gaps : intersectStretches(acc, gaps)), undefined) ?? [];
  const series = view.pens.map((pen, index) => {
    const samples = view.samples.get(pen.path);
    const axisIndex = axes.findIndex((a) => a.pens.includes(pen));
    const bad = samples ? badStretches(samples, view.dataEnd) : [];
    const gaps = index === 0 ? commonGaps : [];
    return {
      id: pen.path,
      name: pen.path,
      type: 'line' as const,
      yAxisIndex: axisIndex,
      data: samples ? seriesData(samples) : [],
      step: isDiscrete(pen.info) ? ('end' as const) : false,
      showSymbol: false,
      connectNulls: false,
      animation: false,
      lineStyle: { color: pen.colour, width: 1.6 },
      itemStyle: { color: pen.colour },
      emphasis: { disabled: true },
      sampling: undefined,
      markArea: {
        silent: true,
        itemStyle: { color: BAD_FILL, borderColor: BAD_EDGE, borderWidth: 0.5 },
        data: [...gaps.map(([from, to]) => [{ xAxis: from, itemStyle: { color: GAP_FILL, borderWidth: 0 } }, { xAxis: to }]), ...bad.map(([from, to]) => [{ xAxis: from }, { xAxis: to }])] as [
          { xAxis: number; itemStyle?: object },
          { xAxis: number },
        ][],
      },
    };
  });
  return {
    animation: false,
    textStyle: { fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif", fontSize: 12 },
    grid: { left: 24 + leftAxes * AXIS_GAP, right: 24 + Math.max(1, rightAxes) * AXIS_GAP, top: 36, bottom: 56 },
    legend: { show: view.pens.length > 0, bottom: 4, selectedMode: false, icon: 'rect', itemWidth: 18, itemHeight: 4, data: view.pens.map((pen) => pen.path) },
    tooltip: { trigger: 'axis' as const, showContent: false, axisPointer: { type: 'line' as const, lineStyle: { width: 1 }, label: { show: false } } },
    xAxis: {
      type: 'time' as const,
      min: view.extentFrom,
      max: view.extentTo,
      axisLabel: { hideOverlap: true, formatter: (t: number) => timeLabel(t, view.to - view.from, view.timeZone) },
      splitLine: { show: true },
    },
    yAxis: axes.length > 0 ? axes.map((axis, index) => yAxis(axis, index, view.words)) : [{ type: 'value' as const, show: true, min: 0, max: 1, axisLabel: { show: false } }],
    dataZoom: [{ type: 'inside' as const, xAxisIndex: 0, filterMode: 'none' as const, startValue: view.from, endValue: view.to, zoomOnMouseWheel: true, moveOnMouseMove: true, preventDefaultMouseMove: true }],
    series,
  };
}
