/** What the trend shows: a span ending at `end`, or (live) ending at now and following it. */
export interface TimeRange {
  readonly live: boolean;
  readonly from: number;
  readonly to: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The preset spans; each one's label is `trends:presets.<id>` ("8 h shift"). */
export const PRESETS = [
  { id: '15m', span: 15 * MINUTE },
  { id: '1h', span: HOUR },
  { id: '8h', span: 8 * HOUR },
  { id: '24h', span: 24 * HOUR },
  { id: '7d', span: 7 * 24 * HOUR },
] as const;

export const MIN_SPAN = 10_000;
export const MAX_SPAN = 400 * 24 * HOUR;

export function liveRange(span: number, now: number): TimeRange {
  return { live: true, from: now - span, to: now };
}

/** Zoom by `factor` (< 1 zooms in) around the middle, or around the right edge while live. */
export function zoomRange(range: TimeRange, factor: number, now: number): TimeRange {
  const span = clampSpan((range.to - range.from) * factor);
  if (range.live) return liveRange(span, now);
  const middle = (range.from + range.to) / 2;
  return fixedRange(middle - span / 2, middle + span / 2, now);
}

/** Pan by a fraction of the span (negative = back in time). Panning back leaves live mode. */
export function panRange(range: TimeRange, fraction: number, now: number): TimeRange {
  const span = range.to - range.from;
  const shift = span * fraction;
  return fixedRange(range.from + shift, range.to + shift, now);
}

/** A fixed range, kept out of the future; reaching now again stays fixed until live is chosen. */
export function fixedRange(from: number, to: number, now: number): TimeRange {
  const span = clampSpan(to - from);
  const end = Math.min(from + span, now);
  return { live: false, from: Math.round(end - span), to: Math.round(end) };
}

function clampSpan(span: number): number {
  return Math.min(MAX_SPAN, Math.max(MIN_SPAN, span));
}
