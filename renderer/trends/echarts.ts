import { LineChart } from 'echarts/charts';
import { DataZoomInsideComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the trend draws: line series, one grid, a legend (names the pens in the PNG too), a cursor, wheel/drag zoom, bad-quality areas, canvas.
// ECharts builds no code at run time, so it runs under the HMI's CSP (no 'unsafe-eval').
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomInsideComponent, MarkAreaComponent, CanvasRenderer]);

export { echarts };
export type EChart = echarts.ECharts;
