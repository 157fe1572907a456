import type { AlarmKpis } from '../../../common/alarms.ts';
import { PRIORITY_LABEL } from '../alarm-model.ts';
import { CHART_GREYS, type ChartGreys, type EChartsCoreOption } from './echarts.ts';

const axisIn = (G: ChartGreys) => ({ axisLine: { lineStyle: { color: G.axis } }, axisLabel: { color: G.text }, splitLine: { lineStyle: { color: G.grid } } });
const base = { animation: false, textStyle: { fontFamily: 'Segoe UI, Liberation Sans, DejaVu Sans, Arial, sans-serif' }, tooltip: { trigger: 'axis' } };

/** Raised per 10 minutes, with the flood threshold (10 per 10 min per operator position). */
export function per10MinOption(starts: readonly number[], counts: readonly number[], formatTime: (ms: number) => string, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  return {
    ...base,
    grid: { left: 44, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: starts.map(formatTime), ...axis, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        type: 'bar',
        name: 'Raised',
        data: counts,
        barCategoryGap: '20%',
        itemStyle: { color: G.bar },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: G.limit, type: 'dashed' },
          label: { formatter: 'flood (10)', color: G.text },
          data: [{ yAxis: 10 }],
        },
      },
    ],
  };
}

export function topTenOption(kpis: AlarmKpis, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  const top = [...kpis.mostFrequent].slice(0, 10).reverse();
  return {
    ...base,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis },
    yAxis: { type: 'category', data: top.map((t) => t.alarmId), ...axis },
    series: [{ type: 'bar', name: 'Raised', data: top.map((t) => t.count), barMaxWidth: 22, itemStyle: { color: G.bar }, label: { show: true, position: 'right', color: G.text } }],
  };
}

export function priorityOption(kpis: AlarmKpis, G: ChartGreys = CHART_GREYS.day): EChartsCoreOption {
  const axis = axisIn(G);
  const order = ['critical', 'high', 'medium', 'low'] as const;
  const total = order.reduce((sum, p) => sum + kpis.priorityDistribution[p], 0);
  return {
    ...base,
    grid: { left: 8, right: 16, top: 20, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: order.map((p) => PRIORITY_LABEL[p]), ...axis },
    yAxis: { type: 'value', minInterval: 1, ...axis },
    series: [
      {
        type: 'bar',
        name: 'Raised',
        data: order.map((p) => kpis.priorityDistribution[p]),
        barMaxWidth: 64,
        itemStyle: { color: G.barLight, borderColor: G.axis },
        label: {
          show: true,
          position: 'top',
          color: G.text,
          formatter: (p: { value: number }) => (total === 0 ? '0' : `${p.value} (${Math.round((p.value / total) * 100)} %)`),
        },
      },
    ],
  };
}
