import type { TFunction } from 'i18next';
import type { DeviceInfo, UnitInfo } from '../../common/device.ts';
import { deviceLabel } from '../../common/quality.ts';
import { assertNever } from '../../common/result.ts';
import { dateTimeFormat } from '../ui/format.ts';

/** The status in words, as a person reads it (the 'devices' catalogue's `status.*`). */
export function statusText(device: DeviceInfo, t: TFunction<'devices'>): string {
  switch (device.status) {
    case 'ok':
    case 'connecting':
    case 'off':
      return t(`status.${device.status}`);
    case 'error':
      return t('status.error', { device: deviceLabel(device.name, device.description) });
    default:
      return assertNever(device.status, 'device status');
  }
}

/** A unit's state in words. */
export function unitStateText(unit: UnitInfo, t: TFunction<'devices'>): string {
  switch (unit.state) {
    case 'ok':
    case 'no-response':
    case 'unknown':
      return t(`unitState.${unit.state}`);
    default:
      return assertNever(unit.state, 'unit state');
  }
}

/** `14:03:07` today, `21 Nov 14:03` on another day, in the plant's time zone. */
export function formatSince(epochMs: number, now: number, timeZone?: string): string {
  const format = dateTimeFormat({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, timeZone);
  const parts = (ms: number) => Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  const at = parts(epochMs);
  const today = parts(now);
  const time = `${at['hour']}:${at['minute']}:${at['second']}`;
  return at['day'] === today['day'] && at['month'] === today['month'] ? time : `${at['day']} ${at['month']} ${at['hour']}:${at['minute']}`;
}

/** `3 h 12 min`, `45 s`: how long a status has held. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d`;
}

export function formatRoundTrip(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** `3be5 6ecc 92fc …`: a thumbprint in groups of four, easier to compare with what the PLC shows. */
export function groupThumbprint(thumbprint: string): string {
  return thumbprint.match(/.{1,4}/g)?.join(' ') ?? thumbprint;
}
