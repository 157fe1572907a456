import type { LinesideNative } from '../../common/native-bridge.ts';

/** The desktop shell's bridge, or undefined in a plain browser. */
export function native(): LinesideNative | undefined {
  return (window as unknown as { linesideNative?: LinesideNative }).linesideNative;
}

/** Hands a file to the user: the desktop shell's save dialog when there is one, a browser download otherwise. */
export function download(name: string, data: Blob): void {
  const bridge = native();
  if (bridge) {
    const extension = name.split('.').pop() ?? '*';
    void data.arrayBuffer().then((buffer) => bridge.saveFile({ suggestedName: name, data: new Uint8Array(buffer), filters: [{ name: extension.toUpperCase(), extensions: [extension] }] }));
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

/** A CSV text (from common/csv.ts) as a file: the desktop's save dialog, or a download in a browser. */
export async function saveCsv(name: string, text: string): Promise<void> {
  const bridge = native();
  if (bridge) {
    await bridge.saveFile({ suggestedName: name, data: text, filters: [{ name: 'CSV', extensions: ['csv'] }] });
    return;
  }
  download(name, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
