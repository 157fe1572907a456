const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withDate}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      ...(timeZone ? { timeZone } : {}),
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

/** Plant time (the project's time zone), HH:MM:SS. */
export function formatAlarmTime(epochMs: number, timeZone: string | undefined): string {
  return formatter(timeZone, false).format(epochMs);
}

/** Plant time with the date: DD/MM/YYYY, HH:MM:SS. */
export function formatAlarmDateTime(epochMs: number, timeZone: string | undefined): string {
  return formatter(timeZone, true).format(epochMs);
}
