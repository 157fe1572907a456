import type { ScalarValue, Value } from '../../common/data-value.ts';
import { qualityShortCode, severityOf, type Quality, type Severity } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import type { TagState } from '../store/tag-store.ts';

/** How one tag value is shown: the text, and what its quality says about it. */
export interface Shown {
  /** The formatted value without units; empty when the quality is bad (never draw a bad number). */
  readonly text: string;
  readonly severity: Severity;
  /** The short quality code (COMM, CFG, STALE...), '' when good. */
  readonly code: string;
  readonly units: string;
}

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, decimals: number): string {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, format);
  }
  return format.format(value);
}

/**
 * The plant's time zone (session.info), for dates shown as values: set once the session is known.
 * Until then, and in tests without a session, dates show in the browser's zone.
 */
let plantTimeZone: string | undefined;

export function setPlantTimeZone(timeZone: string | undefined): void {
  plantTimeZone = timeZone;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-12-07 14:03:07` in the plant's time zone (ISO-like: unambiguous in every control room). */
export function formatDateTime(epochMs: number, timeZone = plantTimeZone): string {
  const key = timeZone ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { ...(timeZone ? { timeZone } : {}), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    dateFormats.set(key, format);
  }
  return format.format(epochMs);
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

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** `14:03:07.2` in the given IANA time zone (the plant's), or the local one. */
export function formatTime(epochMs: number, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone ? { timeZone } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 1,
      hourCycle: 'h23',
    });
    timeFormats.set(key, format);
  }
  return format.format(epochMs);
}
