/**
 * xsd:duration (`PnYnMnDTnHnMnS`, e.g. `PT8H`, `P1DT2H30M`, `PT0.5S`) added to an instant. Years
 * and months are calendar steps (UTC), days are 24 h: what an MES means by "due 2 months later".
 * Undefined when the text is not an xsd:duration; negative durations are refused too (an order
 * does not end before it starts).
 */
export function addDuration(startIso: string, duration: string): string | undefined {
  const m = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration.trim());
  if (!m) return undefined;
  const [, years, months, days, hours, minutes, seconds] = m;
  const at = new Date(startIso);
  if (Number.isNaN(at.getTime())) return undefined;
  if (years || months) at.setUTCMonth(at.getUTCMonth() + Number(years ?? 0) * 12 + Number(months ?? 0));
  const ms = ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Math.round(Number(seconds ?? 0) * 1000);
  return new Date(at.getTime() + ms).toISOString();
}
