/** `#/trends?pens=Line1%2FTank101%2FLevel`: the full trend of these tags, live, one click from a sparkline. */
export function trendHref(paths: readonly string[]): string {
  return `#/trends?pens=${paths.map(encodeURIComponent).join(',')}`;
}

/** The pens asked for by a trend link, or undefined when the hash is no such link. */
export function pensFromHash(hash: string): string[] | undefined {
  const match = /^#\/trends\?(.*)$/.exec(hash);
  if (!match) return undefined;
  const pens = new URLSearchParams(match[1]).get('pens');
  return pens ? pens.split(',').filter(Boolean) : undefined;
}
