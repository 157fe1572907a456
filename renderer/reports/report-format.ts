/** Factor 0..1 → "86.7 %"; undefined factors are shown as a dash, never as 0. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
}

export function mins(ms: number): string {
  return `${(ms / 60_000).toFixed(1)} min`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Plant-local date and time (the plant's zone, not the browser's). */
export function plantTime(epochMs: number, timeZone: string | undefined, withDate = true): string {
  const key = `${timeZone ?? ''}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f.format(epochMs);
}
