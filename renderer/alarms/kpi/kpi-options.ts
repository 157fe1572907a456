import type { AlarmKpis } from '../../../common/alarms.ts';
import { CHART_GREYS, type ChartGreys, type EChartsCoreOption } from './echarts.ts';

const axisIn = (G: ChartGreys) => ({ axisLine: { lineStyle: { color: G.axis } }, axisLabel: { color: G.text }, splitLine: { lineStyle: { color: G.grid } } });
/** The words the charts draw, in the reader's language (the 'alarms' catalogue's `kpi.*` and `priority.*`). */
export interface ChartTexts {
  /** The bars' series name. */
  readonly raised: string;
  /** The flood threshold line's label. */
  readonly flood: string;
  readonly priority: Readonly<Record<'critical' | 'high' | 'medium' | 'low', string>>;
  /** `12 (40 %)` above a priority bar. */
  readonly share: (count: number, percent: number) => string;
}

const base = { animation: false, textStyle: { fontFamily: 'Segoe UI, Liberation Sans, DejaVu Sans, Arial, sans-serif' }, tooltip: { trigger: 'axis' } };

/** Raised per 10 minutes, with the flood threshold (10 per 10 min per operator position). */
export function per10MinOption(starts: readonly number[], counts: readonly number[], formatTime: (ms: number) => string, texts: ChartTexts, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  return {
    ...base,
    grid: { left: 44, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: starts.map(formatTime), ...axis, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        type: 'bar',
        name: texts.raised,
        data: counts,
        barCategoryGap: '20%',
        itemStyle: { color: G.bar },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: G.limit, type: 'dashed' },
          label: { formatter: texts.flood, color: G.text },
          data: [{ yAxis: 10 }],
        },
      },
    ],
  };
}

export function topTenOption(kpis: AlarmKpis, texts: ChartTexts, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  const top = [...kpis.mostFrequent].slice(0, 10).reverse();
  return {
    ...base,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis },
    yAxis: { type: 'category', data: top.map((t) => t.alarmId), ...axis },
    series: [{ type: 'bar', name: texts.raised, data: top.map((t) => t.count), barMaxWidth: 22, itemStyle: { color: G.bar }, label: { show: true, position: 'right', color: G.text } }],
  };
}

export function priorityOption(kpis: AlarmKpis, texts: ChartTexts, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  const order = ['critical', 'high', 'medium', 'low'] as const;
  const total = order.reduce((sum, p) => sum + kpis.priorityDistribution[p], 0);
  return {
    ...base,
    grid: { left: 8, right: 16, top: 20, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: order.map((p) => texts.priority[p]), ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        type: 'bar',
        name: texts.raised,
        data: order.map((p) => kpis.priorityDistribution[p]),
        barMaxWidth: 64,
        itemStyle: { color: G.barLight, borderColor: G.axis },
        label: {
          show: true,
          position: 'top',
          color: G.text,
          formatter: (p: { value: number }) => (total === 0 ? '0' : texts.share(p.value, Math.round((p.value / total) * 100))),
        },
      },
    ],
  };
}
