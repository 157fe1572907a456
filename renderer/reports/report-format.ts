import { formatClock, formatDateTime } from '../ui/format.ts';

/** Factor 0..1 → "86.7 %"; undefined factors are shown as a dash, never as 0. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
}

export function mins(ms: number): string {
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** Plant-local date and time to the minute (the plant's zone, not the browser's). */
export function plantTime(epochMs: number, timeZone: string | undefined, withDate = true): string {
  return withDate ? formatDateTime(epochMs, timeZone, 'minutes') : formatClock(epochMs, timeZone, 'minutes');
}
