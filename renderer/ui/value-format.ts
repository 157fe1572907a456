import { qualityShortCode, severityOf, type Severity } from '../../common/quality.ts';
import type { TagState } from '../store/tag-store.ts';
import { formatClock, formatIsoDateTime, formatNumber } from './format.ts';
import { qualityText } from './texts.ts';
import { i18n } from '../i18n/i18n.ts';

/** How one tag value is shown: the text, and what its quality says about it. */
export interface Shown {
  /** The formatted value without units; empty when the quality is bad (never draw a bad number). */
  readonly text: string;
  readonly severity: Severity;
  /** The short quality code (COMM, CFG, STALE...), '' when good. */
  readonly code: string;
  readonly units: string;
}

/** Numbers and dates of values in the plant's locale and time zone (renderer/ui/format.ts). */
export { formatNumber };

/** `2026-12-07 14:03:07` in the plant's time zone (ISO-like: unambiguous in every control room). */
export function formatDateTime(epochMs: number, timeZone?: string): string {
  return formatIsoDateTime(epochMs, timeZone);
}

/**
 * What formatting a value needs: a tag's TagInfo fits, and so does a screen element's `{ decimals }`.
 * Decimals default to 1.
 */
export interface ValueFormat {
  readonly decimals?: number | undefined;
  readonly states?: Readonly<Record<string, string>> | undefined;
  readonly dataType?: string | undefined;
}

/** Shown for "no value" (null, undefined, an empty array element): a dash, never a blank or a 0. */
export const NO_VALUE = '—';

function formatScalar(format: ValueFormat | undefined, value: unknown): string {
  if (value === null || value === undefined) return NO_VALUE;
  const stateName = format?.states?.[String(value)];
  if (stateName !== undefined) return stateName;
  if (typeof value === 'number') return format?.dataType === 'datetime' ? formatDateTime(value) : formatNumber(value, format?.decimals ?? 1);
  if (typeof value === 'boolean') return i18n.t(value ? 'value.on' : 'value.off', { ns: 'common' });
  return String(value);
}

/**
 * The one value formatter of the renderer (tag tables, trends' pen table, the write dialog, screen
 * texts and numeric displays). Its rules, decided once:
 * - no value (null or undefined, also an array element) is `—` (NO_VALUE), never '' or 0;
 * - a discrete value with a state name shows the name; a boolean On/Off; text as it is;
 * - a number with the fixed decimals (default 1) in the plant's locale; a datetime tag's number as a
 *   plant-time date (`2026-12-07 14:03:07`);
 * - an array, element by element, separated by ', '.
 * Quality is not decided here: a Bad value is never formatted at all (`shown()` gives '' and the
 * quality code takes its place), an uncertain one is formatted and marked by whoever draws it.
 */
export function formatValue(format: ValueFormat | undefined, value: unknown): string {
  if (Array.isArray(value)) return value.map((v: unknown) => formatScalar(format, v)).join(', ');
  return formatScalar(format, value);
}

export function shown(state: TagState): Shown {
  const { quality, value } = state.value;
  const severity = severityOf(quality);
  return {
    text: severity === 'bad' ? '' : formatValue(state.info, value),
    severity,
    code: qualityShortCode(quality),
    units: state.info?.units ?? '',
  };
}

/**
 * `BadNotConnected` → `No communication with the device` (or the device's name), in the reader's language,
 * for tables and tooltips; the code goes beside it (ui/texts.ts).
 */
export { qualityText };

/** `14:03:07.2` in the given IANA time zone, or the plant's. */
export function formatTime(epochMs: number, timeZone?: string): string {
  return formatClock(epochMs, timeZone, 'tenths');
}
