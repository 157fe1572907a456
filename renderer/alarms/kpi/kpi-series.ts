import type { AlarmJournalEntry } from '../../../common/alarms.ts';

export const TEN_MIN = 10 * 60_000;

/** Raises per 10-minute bucket from `from` to `to` (bucket start times and counts). */
export function raisesPer10Min(raises: readonly AlarmJournalEntry[], from: number, to: number): { starts: number[]; counts: number[] } {
  const buckets = Math.max(1, Math.ceil((to - from) / TEN_MIN));
  const counts = new Array<number>(buckets).fill(0);
  for (const entry of raises) {
    const index = Math.floor((entry.at - from) / TEN_MIN);
    if (index >= 0 && index < buckets) counts[index]!++;
  }
  return { starts: counts.map((_, i) => from + i * TEN_MIN), counts };
}
