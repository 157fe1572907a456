import { useId, useState, type FormEvent } from 'react';
import type { AlarmHistoryQuery } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { EVENT_LABEL } from './alarm-model.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { saveCsv } from '../ui/save-file.ts';
import { useCall } from '../ui/use-call.ts';
import { journalCsv } from './csv.ts';
import { formatDateTime } from '../ui/format.ts';

const PAGE = 100;

interface Criteria {
  from: string;
  to: string;
  tag: string;
  area: string;
  user: string;
  text: string;
}

/** datetime-local text (browser local time) → epoch ms, or undefined when empty. */
function toEpoch(local: string): number | undefined {
  if (local === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function queryOf(criteria: Criteria, offset: number): AlarmHistoryQuery {
  const from = toEpoch(criteria.from);
  const to = toEpoch(criteria.to);
  const trimmed = (text: string) => (text.trim() === '' ? undefined : text.trim());
  const query: AlarmHistoryQuery = { limit: PAGE, offset };
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  const tag = trimmed(criteria.tag);
  if (tag) query.tag = tag;
  const area = trimmed(criteria.area);
  if (area) query.area = area;
  const user = trimmed(criteria.user);
  if (user) query.user = user;
  const text = trimmed(criteria.text);
  if (text) query.text = text;
  return query;
}

/** The alarm journal: every transition and operator action, searched, paged, exported as CSV. */
export function AlarmHistoryDisplay({ visible }: { visible: boolean }) {
  const { plant } = useServices();
  const session = useCell(plant.session);
  const [criteria, setCriteria] = useState<Criteria>({ from: '', to: '', tag: '', area: '', user: '', text: '' });
  // The first time the display is opened it shows the newest entries; then what Search and the pager ask.
  const [searched, setSearched] = useState<{ criteria: Criteria; offset: number }>({ criteria, offset: 0 });
  const read = useCall('alarms.history', queryOf(searched.criteria, searched.offset), { paused: !visible, keep: true });
  const page = read.data;
  const status = read.loading ? { state: 'loading', text: 'Searching…' } : read.error ? { state: 'error', text: read.error.message } : { state: 'idle', text: '' };
  const ids = { from: useId(), to: useId(), tag: useId(), area: useId(), user: useId(), text: useId() };

  const load = (next: { criteria: Criteria; offset: number }) => {
    setSearched(next);
    read.retry();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    load({ criteria, offset: 0 });
  };
  const field = (key: keyof Criteria, label: string, type = 'text') => (
    <div className="alarm-history__field">
      <label htmlFor={ids[key]}>{label}</label>
      <input id={ids[key]} className="alarm-input" type={type} value={criteria[key]} onChange={(e) => setCriteria((old) => ({ ...old, [key]: e.target.value }))} data-testid={`history-${key}`} />
    </div>
  );
  const offset = searched.offset;
  const entries = page?.entries ?? [];
  const plantTime = (ms: number) => formatDateTime(ms, session?.timeZone);
  return (
    <div className="alarm-history">
      <form className="alarm-toolbar alarm-history__form" onSubmit={submit} aria-label="Search the alarm journal">
        <h1 className="display__title">Alarm history</h1>
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        {field('tag', 'Tag')}
        {field('area', 'Area')}
        {field('user', 'User')}
        {field('text', 'Text')}
        <button type="submit" className="button button--primary" data-testid="history-search">
          Search
        </button>
        <button
          type="button"
          className="button"
          disabled={entries.length === 0}
          onClick={() => void saveCsv(`alarm-history-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`, journalCsv(entries, plantTime))}
          data-testid="history-export"
        >
          Export CSV
        </button>
      </form>
      <div className="alarm-history__status" data-testid="history-status" data-state={status.state}>
        {status.state !== 'idle' ? status.text : page ? (page.total === 0 ? 'No journal entry matches.' : `Entries ${offset + 1}–${offset + entries.length} of ${page.total}, newest first`) : ''}
        <span className="alarm-history__pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => load({ ...searched, offset: Math.max(0, offset - PAGE) })} data-testid="history-prev">
            Newer
          </button>
          <button type="button" className="button" disabled={page?.nextOffset === undefined} onClick={() => page?.nextOffset !== undefined && load({ ...searched, offset: page.nextOffset })} data-testid="history-next">
            Older
          </button>
        </span>
      </div>
      <div className="alarm-history__scroll">
        <table className="alarm-history__table" aria-label="Alarm journal" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col" aria-label="Priority" />
              <th scope="col">Event</th>
              <th scope="col">Alarm</th>
              <th scope="col">Area</th>
              <th scope="col">User</th>
              <th scope="col">Comment</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq} data-testid="history-row" data-kind={entry.kind} data-alarm={entry.alarmId}>
                <td className="alarm-history__time">{plantTime(entry.at)}</td>
                <td>
                  <AlarmIndicator priority={entry.priority} acknowledged size={18} />
                </td>
                <td>{EVENT_LABEL[entry.kind]}</td>
                <td>{entry.alarmId}</td>
                <td>{entry.area}</td>
                <td>{entry.user}</td>
                <td data-testid="history-comment">{entry.comment}</td>
                <td>{entry.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
