import { useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useTag } from '../store/use-tag.ts';
import { shown } from '../ui/value-format.ts';
import { LiveBuffer } from './live-buffer.ts';
import { isDiscrete } from './pens.ts';
import { emptySamples, frameToSamples, mergeSamples, type Samples } from './samples.ts';
import { sparklineGeometry } from './sparkline-path.ts';
import { trendHref } from './trend-link.ts';
import '../styles/trends.css';

const REFRESH_MS = 60_000;
/** A steady value still moves left as time passes. */
const SLIDE_MS = 5_000;

interface Props {
  path: string;
  label: string;
  spanMs?: number;
  width?: number;
  height?: number;
}

/**
 * A small trend for screens: the last `spanMs` of one tag from history plus its live values, over the
 * tag's engineering range; gaps break the line, bad stretches are shaded. A click opens the full trend.
 */
export function Sparkline({ path, label, spanMs = 15 * 60_000, width = 200, height = 34 }: Props) {
  const { client } = useServices();
  const { t } = useT('trends');
  const state = useTag(path);
  const [history, setHistory] = useState<{ samples: Samples; to: number } | undefined>(undefined);
  const live = useRef(new LiveBuffer(5_000));
  const [now, setNow] = useState(() => Date.now());
  const info = state.info;
  const discrete = info ? isDiscrete(info) : false;

  useEffect(() => {
    live.current.add(state.value);
    setNow(Date.now());
  }, [state.value]);

  useEffect(() => {
    let stopped = false;
    const load = () => {
      const to = Date.now();
      client.call('history.query', { kind: 'plot', tags: [path], from: to - spanMs, to, pixels: Math.max(2, width) }).then(
        (result) => {
          const frame = result.frames[0];
          if (!stopped && frame) setHistory({ samples: frameToSamples(frame, discrete), to });
        },
        () => {
          if (!stopped) setHistory({ samples: emptySamples(), to });
        },
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const slide = setInterval(() => setNow(Date.now()), SLIDE_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(slide);
    };
  }, [client, path, spanMs, width, discrete]);

  const merged = mergeSamples(history?.samples ?? emptySamples(), history?.to ?? 0, live.current, now);
  const geometry = sparklineGeometry(merged, now - spanMs, now, width, height, info?.range);
  const value = shown(state);
  return (
    <a className="sparkline" href={trendHref([path])} data-testid={`sparkline:${path}`} aria-label={t('sparkline.open', { label, path })} style={{ width: width + 14 }}>
      <span className="sparkline__title">
        <span>
          <span data-project-text="">{label}</span> {t('sparkline.span', { minutes: Math.round(spanMs / 60_000) })}
        </span>
        <span className={`sparkline__value sparkline__value--${value.severity}`}>{value.text ? `${value.text} ${value.units}` : value.code}</span>
      </span>
      <svg className="sparkline__svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
        {geometry.bad.map((b) => (
          <rect key={b.x} className="sparkline__bad" x={b.x} y={0} width={b.width} height={height} />
        ))}
        <path className="sparkline__line" d={geometry.line} />
      </svg>
    </a>
  );
}
