import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the KPI charts draw; registering twice (the trends have their own) is harmless.
echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';

/** ISA-101: charts in greys; colour stays reserved for alarms. */
export const CHART_GREYS = { bar: '#6f6f6f', barLight: '#a3a3a3', axis: '#5b5b5b', grid: '#c4c4c4', text: '#1c1c1c', limit: '#2f2f2f' } as const;
