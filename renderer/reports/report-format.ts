import { i18n } from '../i18n/i18n.ts';
import { formatClock, formatDateTime, formatNumber } from '../ui/format.ts';

/** Factor 0..1 → "86.7 %" ("86,7 %" in German); undefined factors are shown as a dash, never as 0. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : i18n.t('units.percent', { ns: 'reports', value: formatNumber(v * 100, 1) });
}

/** `12.5 min`, in the reader's language's number format. */
export function mins(ms: number): string {
  return i18n.t('units.minutes', { ns: 'reports', value: formatNumber(ms / 60_000, 1) });
}

/** Plant-local date and time to the minute (the plant's zone, not the browser's). */
export function plantTime(epochMs: number, timeZone: string | undefined, withDate = true): string {
  return withDate ? formatDateTime(epochMs, timeZone, 'minutes') : formatClock(epochMs, timeZone, 'minutes');
}
