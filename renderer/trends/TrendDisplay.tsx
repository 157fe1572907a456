import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import '../styles/trends.css';
import { useServices } from '../app/services.tsx';
import { useDisplayRoute } from '../app/route.ts';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { download } from '../ui/save-file.ts';
import { dataUrlToBlob, stamp, trendCsv } from './export.ts';
import { makePens, MAX_PENS, nextColour, type Pen } from './pens.ts';
import { TagBrowser } from './TagBrowser.tsx';
import type { TrendChartHandle } from './TrendChart.tsx';
import { TrendToolbar } from './TrendToolbar.tsx';
import { PenTable } from './PenTable.tsx';
import { SavedViews } from './SavedViews.tsx';
import { pensFromHash } from './trend-link.ts';
import { fixedRange, liveRange, panRange, zoomRange, type TimeRange } from './time-range.ts';
import { useTrendData } from './use-trend-data.ts';
import { badStretches } from './samples.ts';
import type { TrendViewRecord } from './view-record.ts';

// ECharts is most of the trend's weight: its own chunk, so the frame and overview load without it.
const TrendChart = lazy(() => import('./TrendChart.tsx').then((module) => ({ default: module.TrendChart })));

const HOUR = 3_600_000;
const TICK_MS = 1_000;

/**
 * The trend display: pens from the tag browser on axes by unit, live (following now) or a fixed range
 * with history; wheel/drag and toolbar zoom and pan; a cursor readout of every pen; CSV and PNG export.
 */
export function TrendDisplay() {
  const { tags, plant } = useServices();
  const timeZone = useCell(plant.session)?.timeZone;
  const active = useDisplayRoute() === 'trends';
  const [pens, setPens] = useState<readonly Pen[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const [range, setRange] = useState<TimeRange>(() => liveRange(HOUR, Date.now()));
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const chart = useRef<TrendChartHandle>(null);
  const { t } = useT('trends');

  // Live mode follows now; only while the display is on screen.
  useEffect(() => {
    if (!active || !range.live) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      setRange((r) => (r.live ? liveRange(r.to - r.from, t) : r));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [active, range.live]);

  const openPaths = useCallback(
    (paths: readonly string[]) => {
      const infos = paths.flatMap((path) => {
        const info = tags.get(path).info;
        return info ? [info] : [];
      });
      if (infos.length > 0) setPens(makePens(infos));
      return infos.length === paths.length;
    },
    [tags],
  );

  // A trend link (`#/trends?pens=…`, from a sparkline) opens those pens live; tag infos may still be loading.
  useEffect(() => {
    let pending: string[] | undefined;
    const fromHash = () => {
      pending = pensFromHash(window.location.hash);
      if (pending && openPaths(pending)) {
        pending = undefined;
        setRange((r) => liveRange(r.to - r.from, Date.now()));
      }
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    const stop = tags.subscribePaths(() => {
      if (pending && openPaths(pending)) pending = undefined;
    });
    return () => {
      window.removeEventListener('hashchange', fromHash);
      stop();
    };
  }, [openPaths, tags]);

  const data = useTrendData(pens, range, width, now);

  const addPen = useCallback(
    (path: string) => {
      const info = tags.get(path).info;
      if (!info) return;
      setPens((current) => (current.length >= MAX_PENS || current.some((p) => p.path === path) ? current : [...current, { path, info, colour: nextColour(current) }]));
    },
    [tags],
  );
  const removePen = useCallback((path: string) => setPens((current) => current.filter((pen) => pen.path !== path)), []);

  const onZoom = useCallback((from: number, to: number) => {
    const t = Date.now();
    setRange((r) => {
      // A wheel zoom while live that keeps the right edge at now stays live.
      if (r.live && Math.abs(to - r.to) < (r.to - r.from) * 0.02) return liveRange(to - from, t);
      return fixedRange(from, to, t);
    });
  }, []);

  // Memoised so cursor moves (readout only) do not rebuild the chart.
  const view = useMemo(
    () => ({
      pens,
      samples: data.samples,
      from: range.from,
      to: range.to,
      extentFrom: Math.min(data.extentFrom, range.from),
      extentTo: Math.max(data.extentTo, range.to),
      dataEnd: range.live ? now : Math.min(data.extentTo, now),
      timeZone,
      words: { onOff: t('chart.onOff'), state: t('chart.state'), on: t('chart.on'), off: t('chart.off') },
    }),
    [pens, data.samples, data.extentFrom, data.extentTo, range, now, timeZone, t],
  );

  // What is drawn, for tests and diagnostics: how many drawable points, the oldest and newest.
  const drawn = useMemo(() => {
    let points = 0;
    let oldest = Infinity;
    let newest = -Infinity;
    for (const samples of data.samples.values()) {
      samples.value.forEach((v, i) => {
        if (v === null) return;
        points++;
        oldest = Math.min(oldest, samples.time[i]!);
        newest = Math.max(newest, samples.time[i]!);
      });
    }
    return points > 0 ? { points, oldest: Math.round(oldest), newest: Math.round(newest) } : { points };
  }, [data.samples]);
  // How long the pens are drawn as bad inside the view, summed over pens (the hatched stretches).
  const badMs = useMemo(() => {
    let ms = 0;
    for (const samples of data.samples.values()) for (const [a, b] of badStretches(samples, view.dataEnd)) ms += Math.max(0, Math.min(b, range.to) - Math.max(a, range.from));
    return Math.round(ms);
  }, [data.samples, view.dataEnd, range.from, range.to]);

  const exportCsv = () => download(`trend-${stamp(range.from)}.csv`, new Blob([trendCsv(pens, data.samples, range.from, range.to, timeZone)], { type: 'text/csv' }));
  const exportPng = () => {
    const url = chart.current?.png();
    if (url) download(`trend-${stamp(range.from)}.png`, dataUrlToBlob(url));
  };
  const openView = (record: TrendViewRecord) => {
    openPaths(record.pens);
    const t = Date.now();
    setNow(t);
    setRange(record.live ? liveRange(record.span, t) : fixedRange(record.from ?? t - record.span, (record.from ?? t - record.span) + record.span, t));
  };

  return (
    <div
      className="trend"
      data-testid="trend-display"
      data-loading={data.loading}
      data-live={range.live}
      data-span={Math.round(range.to - range.from)}
      data-from={Math.round(range.from)}
      data-points={drawn.points}
      data-history-points={data.history.points}
      data-history-oldest={data.history.oldest}
      data-oldest={drawn.oldest}
      data-newest={drawn.newest}
      data-bad-ms={badMs}
      data-loaded-span={data.loadedSpan}
    >
      <div className="trend__heading">
        <h1 className="display__title">{t('display.title')}</h1>
        <SavedViews pens={pens} range={range} onOpen={openView} />
      </div>
      <TrendToolbar
        range={range}
        canExport={pens.length > 0}
        onPreset={(span) => {
          // A preset is "the last <span>": it ends now and follows it, wherever the view was panned to.
          const t = Date.now();
          setNow(t);
          setRange(liveRange(span, t));
        }}
        onCustom={(from, to) => setRange(fixedRange(from, to, Date.now()))}
        onZoom={(factor) => setRange((r) => zoomRange(r, factor, Date.now()))}
        onPan={(fraction) => setRange((r) => panRange(r, fraction, Date.now()))}
        onLive={() => {
          const t = Date.now();
          setNow(t);
          setRange((r) => (r.live ? fixedRange(r.from, r.to, t) : liveRange(r.to - r.from, t)));
        }}
        onCsv={exportCsv}
        onPng={exportPng}
      />
      <div className="trend__body">
        <div className="trend__main">
          <div className="trend__chart-box">
            <Suspense fallback={null}>
              <TrendChart view={view} onZoom={onZoom} onCursor={setCursor} onWidth={setWidth} handle={chart} />
            </Suspense>
            {pens.length === 0 && <p className="trend__empty">{t('display.empty')}</p>}
          </div>
          <PenTable pens={pens} samples={data.samples} cursor={cursor} to={range.to} problems={data.problems} onRemove={removePen} timeZone={timeZone} />
        </div>
        <TagBrowser selected={pens.map((pen) => pen.path)} onAdd={addPen} />
      </div>
    </div>
  );
}
