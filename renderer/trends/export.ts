import { toCsv, type CsvCell } from '../../common/csv.ts';
import { currentPlantTimeZone, formatIsoOffset } from '../ui/format.ts';
import type { Pen } from './pens.ts';
import { sampleAt, type Samples } from './samples.ts';

/**
 * What the trend shows between `from` and `to` as CSV: one row per point time of any pen, the time in
 * UTC and in plant time (both ISO 8601, the plant one with its offset, so a program reads either),
 * then per pen its value in effect (a plain number) and its quality ('gap' where there was no data;
 * bad values empty).
 */
export function trendCsv(pens: readonly Pen[], samples: ReadonlyMap<string, Samples>, from: number, to: number, timeZone?: string): string {
  const zone = timeZone ?? currentPlantTimeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const times = new Set<number>();
  for (const pen of pens) {
    for (const t of samples.get(pen.path)?.time ?? []) if (t >= from && t <= to) times.add(Math.round(t));
  }
  const header = ['time (UTC)', `plant time (${zone})`, ...pens.flatMap((pen) => [pen.info.units ? `${pen.path} [${pen.info.units}]` : pen.path, `${pen.path} quality`])];
  const rows: CsvCell[][] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const cells: CsvCell[] = [new Date(t).toISOString(), formatIsoOffset(t, zone)];
    for (const pen of pens) {
      const point = sampleAt(samples.get(pen.path) ?? { time: [], value: [], quality: [] }, t);
      cells.push(point?.value ?? '', point?.quality ?? 'gap');
    }
    rows.push(cells);
  }
  return toCsv(rows, { header, lineEnd: '\n' });
}

export function dataUrlToBlob(dataUrl: string): Blob {
  const [head = '', body = ''] = dataUrl.split(',');
  const type = /data:([^;]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

/** `trend-2026-11-22T04-15` for file names. */
export function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace(/:/g, '-');
}
