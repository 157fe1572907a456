/**
 * How far a PLC counter moved between two good readings. A counter that went down either wrapped
 * (it was near its rollover value: count up to it, then from 0) or was reset by the PLC (count from
 * 0 to the new value). Nothing is ever negative.
 */
export function counterDelta(previous: number | undefined, current: number, rolloverAt: number): number {
  if (previous === undefined || !Number.isFinite(current)) return 0;
  if (current >= previous) return current - previous;
  const wrapped = rolloverAt - previous + current + 1;
  return previous >= rolloverAt * 0.9 && wrapped <= rolloverAt * 0.1 ? wrapped : current;
}
