import { useEffect, useRef } from 'react';
import type { SpcChart } from '../../common/inspection.ts';
import { useTheme } from '../ui/theme.ts';
import { echarts, SPC_COLOURS, type EChart } from './spc-echarts.ts';
import { spcOption, type SpcWords } from './spc-option.ts';

/** One ECharts instance owned here: made on mount (and anew for a theme switch), resized with its box, disposed on unmount. */
export function SpcChartView({ chart, words, format, label }: { chart: SpcChart; words: SpcWords; format: (n: number) => string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const instance = useRef<EChart | undefined>(undefined);
  const theme = useTheme();
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const made = echarts.init(element, undefined, { renderer: 'canvas' });
    instance.current = made;
    const observer = new ResizeObserver(() => made.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      made.dispose();
      instance.current = undefined;
    };
  }, [theme]);
  useEffect(() => {
    instance.current?.setOption(spcOption(chart, SPC_COLOURS[theme], words, format), { notMerge: true });
  }, [chart, words, format, theme]);
  const signals = chart.violations.length;
  return <div ref={box} className="spc__chart" role="img" aria-label={label} data-testid="spc-chart" data-kind={chart.kind} data-points={chart.points.length} data-signals={signals} />;
}
