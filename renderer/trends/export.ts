import type { Pen } from './pens.ts';
import { sampleAt, type Samples } from './samples.ts';

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * What the trend shows between `from` and `to` as CSV: one row per point time of any pen, ISO time,
 * then per pen its value in effect and its quality ('gap' where there was no data; bad values empty).
 */
export function trendCsv(pens: readonly Pen[], samples: ReadonlyMap<string, Samples>, from: number, to: number): string {
  const times = new Set<number>();
  for (const pen of pens) {
    for (const t of samples.get(pen.path)?.time ?? []) if (t >= from && t <= to) times.add(Math.round(t));
  }
  const header = ['time', ...pens.flatMap((pen) => [pen.info.units ? `${pen.path} [${pen.info.units}]` : pen.path, `${pen.path} quality`])];
  const rows = [header.map(csvCell).join(',')];
  for (const t of [...times].sort((a, b) => a - b)) {
    const cells = [new Date(t).toISOString()];
    for (const pen of pens) {
      const point = sampleAt(samples.get(pen.path) ?? { time: [], value: [], quality: [] }, t);
      cells.push(point?.value === null || point === undefined ? '' : String(point.value), point?.quality ?? 'gap');
    }
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** The desktop shell's `window.linesideNative` (main/electron/ipc.ts); absent in a browser. */
interface NativeSave {
  saveFile?(request: { suggestedName: string; data: string | Uint8Array; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
}

/** Hands a file to the user: the desktop shell's save dialog when there is one, a browser download otherwise. */
export function download(name: string, data: Blob): void {
  const native = (window as unknown as { linesideNative?: NativeSave }).linesideNative;
  if (native?.saveFile) {
    const extension = name.split('.').pop() ?? '*';
    void data.arrayBuffer().then((buffer) =>
      native.saveFile?.({ suggestedName: name, data: new Uint8Array(buffer), filters: [{ name: extension.toUpperCase(), extensions: [extension] }] }),
    );
    return;
  }
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
