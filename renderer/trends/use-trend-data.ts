import { useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryFrame } from '../../common/history.ts';
import { useServices } from '../app/services.tsx';
import { openTagFeed } from '../client/tag-feed.ts';
import { LiveBuffer } from './live-buffer.ts';
import { isDiscrete, type Pen } from './pens.ts';
import { frameToSamples, mergeSamples, type Samples } from './samples.ts';
import type { TimeRange } from './time-range.ts';

const QUERY_DEBOUNCE_MS = 300;
/** While live, history is re-read this often so the older part keeps its plot resolution. */
const LIVE_REFRESH_MS = 60_000;
const MAX_PIXELS = 20_000;

interface Loaded {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  /** The visible span the query was sized for (plot resolution). */
  readonly span: number;
  readonly at: number;
  readonly samples: ReadonlyMap<string, Samples>;
  /** Pens whose tag has no history (or whose query failed), with the reason. */
  readonly problems: ReadonlyMap<string, string>;
}

export interface TrendData {
  readonly samples: ReadonlyMap<string, Samples>;
  readonly extentFrom: number;
  readonly extentTo: number;
  readonly problems: ReadonlyMap<string, string>;
  readonly loading: boolean;
  /** Drawable points that came from history (not from the live buffers), and the oldest one's time. */
  readonly history: { readonly points: number; readonly oldest?: number };
  /** The visible span the loaded history was queried for (its resolution); undefined before any. */
  readonly loadedSpan: number | undefined;
}

function historyStats(samples: Iterable<Samples>): { points: number; oldest?: number } {
  let points = 0;
  let oldest = Infinity;
  for (const x of samples) {
    x.value.forEach((v, i) => {
      if (v === null) return;
      points++;
      oldest = Math.min(oldest, x.time[i]!);
    });
  }
  return points > 0 ? { points, oldest: Math.round(oldest) } : { points };
}

/** Does what is loaded still serve this view: same pens, covers it, and at a fitting resolution? */
function serves(loaded: Loaded | undefined, key: string, range: TimeRange, now: number): boolean {
  if (!loaded || loaded.key !== key) return false;
  const span = range.to - range.from;
  if (span < loaded.span / 1.6 || span > loaded.span * 1.6) return false;
  if (range.live) return now - loaded.at < LIVE_REFRESH_MS && range.from >= loaded.from;
  return range.from >= loaded.from && range.to <= Math.max(loaded.to, loaded.at - 1000);
}

/**
 * History for the visible range (plus half a span either side, so panning shows data at once) from
 * 'history.query' kind 'plot', re-read (debounced) when the view leaves what is loaded or its
 * resolution; merged with capped live buffers from 'tags.subscribe' for the part after it.
 */
export function useTrendData(pens: readonly Pen[], range: TimeRange, width: number, now: number): TrendData {
  const { client } = useServices();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const live = useRef(new Map<string, LiveBuffer>());
  const liveSince = useRef(new Map<string, number>());
  const key = pens.map((pen) => pen.path).join('|');

  // Live buffers: one subscription for the pens; a new pen set starts new buffers.
  useEffect(() => {
    const buffers = new Map<string, LiveBuffer>();
    const since = new Map<string, number>();
    live.current = buffers;
    liveSince.current = since;
    if (pens.length === 0) return;
    for (const pen of pens) buffers.set(pen.path, new LiveBuffer());
    return openTagFeed(
      client,
      { paths: pens.map((pen) => pen.path), maxRateMs: 100 },
      {
        snapshot: (paths, values) =>
          paths.forEach((path, i) => {
            const value = values[i];
            if (value) buffers.get(path)?.add(value);
            if (!since.has(path)) since.set(path, Date.now());
          }),
        changes: (paths, changes) => {
          for (const [index, value, quality, sourceTime, serverTime] of changes) {
            const path = paths[index];
            if (path !== undefined) buffers.get(path)?.add({ value, quality, sourceTime, serverTime });
          }
        },
        lost: () => {
          for (const buffer of buffers.values()) buffer.gap(Date.now());
        },
      },
    );
    // The pen set is what matters, not the pen objects.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names the pen set; new pen objects for the same pens must not resubscribe
  }, [client, key]);

  const needed = pens.length > 0 && width > 0 && !serves(loaded, key, range, now);
  const inFlight = useRef(false);
  const current = useRef({ key, range, width });
  current.current = { key, range, width };
  const [landed, setLanded] = useState(0);
  useEffect(() => {
    if (!needed || inFlight.current) return;
    // Only the timer is cancelled by a newer view; a query already sent is never thrown away (a live
    // tick every second would otherwise cancel every query slower than that).
    const timer = setTimeout(() => {
      const { key: queryKey, range: view, width: pixelsWide } = current.current;
      const span = view.to - view.from;
      const queryNow = Date.now();
      const from = Math.max(0, Math.round(view.live ? queryNow - 1.5 * span : view.from - span / 2));
      const to = Math.round(view.live ? queryNow : Math.min(view.to + span / 2, queryNow));
      if (to <= from) return;
      const pixels = Math.max(2, Math.min(MAX_PIXELS, Math.round((pixelsWide * (to - from)) / span)));
      const queried = pens;
      inFlight.current = true;
      setLoading(true);
      // One query per pen: a tag without history must not blank the others.
      void Promise.allSettled(queried.map((pen) => client.call('history.query', { kind: 'plot', tags: [pen.path], from, to, pixels }))).then((results) => {
        inFlight.current = false;
        setLoading(false);
        setLanded((n) => n + 1);
        if (queryKey !== current.current.key) return;
        const samples = new Map<string, Samples>();
        const problems = new Map<string, string>();
        results.forEach((result, i) => {
          const pen = queried[i]!;
          const frame: HistoryFrame | undefined = result.status === 'fulfilled' ? result.value.frames[0] : undefined;
          if (frame) samples.set(pen.path, frameToSamples(frame, isDiscrete(pen.info)));
          else problems.set(pen.path, result.status === 'rejected' ? String((result.reason as Error).message ?? result.reason) : '');
        });
        setLoaded({ key: queryKey, from, to, span, at: queryNow, samples, problems });
      });
    }, QUERY_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Re-run when what is needed changes; the range itself only matters through `needed`.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `pens` and the `range` object are covered by `key`, `needed` and the range fields listed
  }, [needed, key, range.from, range.to, range.live, width, client, landed]);

  const samples = useMemo(() => {
    const out = new Map<string, Samples>();
    if (!loaded || loaded.key !== key) return out;
    for (const pen of pens) {
      const history = loaded.samples.get(pen.path) ?? { time: [], value: [], quality: [] };
      const buffer = live.current.get(pen.path);
      const since = liveSince.current.get(pen.path);
      // Live points only continue history that reaches them; otherwise the line would bridge hours it never saw.
      const joins = buffer !== undefined && since !== undefined && loaded.to >= since - 2_000;
      const merged = joins ? mergeSamples(history, loaded.to, buffer, range.live ? now : undefined) : history;
      out.set(pen.path, merged);
    }
    return out;
    // `now` ticks while live, which is when the live buffers have grown.
  }, [loaded, key, pens, now, range.live]);

  return {
    samples,
    // Always half a span either side of the view (not past now), loaded or not yet: a drag can always
    // go on, and the history for it arrives a moment later.
    extentFrom: Math.min(loaded?.key === key ? loaded.from : Infinity, range.from - (range.to - range.from) / 2),
    extentTo: range.live ? now : Math.max(loaded?.key === key ? loaded.to : range.to, Math.min(range.to + (range.to - range.from) / 2, now)),
    problems: loaded?.problems ?? new Map(),
    loading,
    history: useMemo(() => historyStats(loaded?.key === key ? loaded.samples.values() : []), [loaded, key]),
    loadedSpan: loaded?.key === key ? loaded.span : undefined,
  };
}
