import type { ScalarValue, Value } from '../../common/data-value.ts';
import { qualityShortCode, severityOf, type Quality, type Severity } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import type { TagState } from '../store/tag-store.ts';
import { formatClock, formatIsoDateTime, formatNumber } from './format.ts';

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

function formatScalar(info: TagInfo | undefined, value: ScalarValue): string {
  if (value === null) return '';
  const stateName = info?.states?.[String(value)];
  if (stateName !== undefined) return stateName;
  if (typeof value === 'number') return info?.dataType === 'datetime' ? formatDateTime(value) : formatNumber(value, info?.decimals ?? 1);
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  return value;
}

/** A value as text: state names for discrete tags, fixed decimals for numbers, plant-time dates, an array's elements in a list. */
export function formatValue(info: TagInfo | undefined, value: Value): string {
  if (Array.isArray(value)) return value.map((v) => (v === null ? '—' : formatScalar(info, v))).join(', ');
  return formatScalar(info, value);
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

/** `BadNoCommunication` → `Bad: no communication`, for tables and tooltips. */
export function qualityText(quality: Quality): string {
  const match = /^(Good|Uncertain|Bad)(.*)$/.exec(quality);
  if (!match) return quality;
  const [, head, rest] = match;
  const words = (rest ?? '').replace(/([A-Z])/g, ' $1').trim().toLowerCase();
  return words ? `${head}: ${words}` : (head ?? quality);
}

/** `14:03:07.2` in the given IANA time zone, or the plant's. */
export function formatTime(epochMs: number, timeZone?: string): string {
  return formatClock(epochMs, timeZone, 'tenths');
}
