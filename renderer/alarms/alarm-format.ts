import { formatClock, formatDateTime } from '../ui/format.ts';

/** Plant time (the project's time zone), HH:MM:SS. */
export function formatAlarmTime(epochMs: number, timeZone: string | undefined): string {
  return formatClock(epochMs, timeZone);
}

/** Plant time with the date: DD/MM/YYYY, HH:MM:SS. */
export function formatAlarmDateTime(epochMs: number, timeZone: string | undefined): string {
  return formatDateTime(epochMs, timeZone);
}
