import { toCsv } from '../../common/csv.ts';
import type { AlarmJournalEntry } from '../../common/alarms.ts';
import { EVENT_LABEL } from './alarm-model.ts';

/** The journal rows as CSV (RFC 4180, CRLF), times in ISO 8601 UTC and in plant time. */
export function journalCsv(entries: readonly AlarmJournalEntry[], plantTime: (ms: number) => string): string {
  const head = ['Time (UTC)', 'Plant time', 'Alarm', 'Tag', 'Area', 'Priority', 'Event', 'State', 'Value', 'User', 'Comment', 'Message'];
  const rows = entries.map((entry) => [
    new Date(entry.at).toISOString(),
    plantTime(entry.at),
    entry.alarmId,
    entry.tag,
    entry.area,
    entry.priority,
    EVENT_LABEL[entry.kind],
    entry.state,
    entry.value,
    entry.user,
    entry.comment,
    entry.message,
  ]);
  return toCsv(rows, { header: head });
}
