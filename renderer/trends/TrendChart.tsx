import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useTheme } from '../ui/theme.ts';
import { CHART_COLOURS, chartTheme, echarts, penColour, type EChart } from './echarts.ts';
import { trendOption, type TrendView } from './trend-option.ts';

export interface TrendChartHandle {
  /** The chart as drawn, as a PNG data URL. */
  png(): string | undefined;
}

interface ZoomEvent {
  start?: number;
  end?: number;
  batch?: { start?: number; end?: number }[];
}

interface Props {
  view: TrendView;
  /** The user zoomed or panned with wheel or drag: the new visible range. */
  onZoom(from: number, to: number): void;
  /** The cursor moved to a time, or left the chart (undefined). */
  onCursor(time: number | undefined): void;
  /** The chart's width in pixels, for plot queries. */
  onWidth(pixels: number): void;
  handle?: Ref<TrendChartHandle>;
}

/** One ECharts instance owned by this component: created on mount, resized with its box, disposed on unmount. */
export function TrendChart({ view, onZoom, onCursor, onWidth, handle }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChart | undefined>(undefined);
  const latest = useRef({ view, onZoom, onCursor, onWidth });
  latest.current = { view, onZoom, onCursor, onWidth };
  const theme = useTheme();

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // The theme is fixed at init: a switch of theme makes a new instance in the new theme's colours.
    const instance = echarts.init(element, chartTheme(theme), { renderer: 'canvas' });
    chart.current = instance;
    instance.on('datazoom', (raw) => {
      const event = raw as ZoomEvent;
      const start = event.batch?.[0]?.start ?? event.start;
      const end = event.batch?.[0]?.end ?? event.end;
      if (start === undefined || end === undefined) return;
      const { extentFrom, extentTo } = latest.current.view;
      const span = extentTo - extentFrom;
      latest.current.onZoom(extentFrom + (start / 100) * span, extentFrom + (end / 100) * span);
    });
    instance.on('updateAxisPointer', (raw) => {
      const info = (raw as { axesInfo?: { axisDim: string; value: number }[] }).axesInfo?.find((a) => a.axisDim === 'x');
      latest.current.onCursor(info?.value);
    });
    instance.getZr().on('globalout', () => latest.current.onCursor(undefined));
    const observer = new ResizeObserver(() => {
      instance.resize();
      latest.current.onWidth(element.clientWidth);
    });
    observer.observe(element);
    latest.current.onWidth(element.clientWidth);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    const shown = theme === 'day' ? view : { ...view, pens: view.pens.map((pen) => ({ ...pen, colour: penColour(pen.colour, theme) })) };
    chart.current?.setOption(trendOption(shown), { replaceMerge: ['series', 'yAxis'], lazyUpdate: true });
  }, [view, theme]);

  useImperativeHandle(handle, () => ({ png: () => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: CHART_COLOURS[theme].background }) }), [theme]);

  return <div ref={box} className="trend__chart" data-testid="trend-chart" data-pens={view.pens.length} />;
}
