import type { AlarmJournalEntry } from '../../common/alarms.ts';
import { EVENT_LABEL } from './alarm-model.ts';

function cell(text: string): string {
  // Quote always; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The journal rows as CSV (RFC 4180, CRLF), times in ISO 8601 UTC and in plant time. */
export function journalCsv(entries: readonly AlarmJournalEntry[], plantTime: (ms: number) => string): string {
  const head = ['Time (UTC)', 'Plant time', 'Alarm', 'Tag', 'Area', 'Priority', 'Event', 'State', 'Value', 'User', 'Comment', 'Message'];
  const lines = entries.map((entry) =>
    [
      new Date(entry.at).toISOString(),
      plantTime(entry.at),
      entry.alarmId,
      entry.tag,
      entry.area,
      entry.priority,
      EVENT_LABEL[entry.kind],
      entry.state,
      entry.value === null ? '' : String(entry.value),
      entry.user,
      entry.comment,
      entry.message,
    ]
      .map(cell)
      .join(','),
  );
  return [head.map(cell).join(','), ...lines].join('\r\n') + '\r\n';
}

/** The part of the desktop shell's window.linesideNative (main/electron/ipc.ts) used here. */
interface NativeSave {
  saveFile?: (request: { suggestedName: string; data: string; filters?: { name: string; extensions: string[] }[] }) => Promise<string | null>;
}

/** In the desktop app the native save dialog; in a browser a download. */
export async function saveText(name: string, text: string): Promise<void> {
  const native = (window as unknown as { linesideNative?: NativeSave }).linesideNative;
  if (native?.saveFile) {
    await native.saveFile({ suggestedName: name, data: text, filters: [{ name: 'CSV', extensions: ['csv'] }] });
    return;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
