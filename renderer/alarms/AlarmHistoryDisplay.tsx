import { useId, useState, type FormEvent } from 'react';
import type { AlarmHistoryQuery } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { useT } from '../i18n/i18n.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { saveCsv } from '../ui/save-file.ts';
import { useCall } from '../ui/use-call.ts';
import { journalCsv } from './csv.ts';
import { formatDateTime } from '../ui/format.ts';
import { problemText } from '../ui/texts.ts';
import { useProjectTexts } from '../ui/project-texts.ts';

const PAGE = 100;

/** The search fields in order, with their input types (labels: `history.<key>`). */
const FIELDS = [
  ['from', 'datetime-local'],
  ['to', 'datetime-local'],
  ['tag', 'text'],
  ['area', 'text'],
  ['user', 'text'],
  ['text', 'text'],
] as const;

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
  const { t } = useT('alarms');
  const texts = useProjectTexts();
  const session = useCell(plant.session);
  const [criteria, setCriteria] = useState<Criteria>({ from: '', to: '', tag: '', area: '', user: '', text: '' });
  // The first time the display is opened it shows the newest entries; then what Search and the pager ask.
  const [searched, setSearched] = useState<{ criteria: Criteria; offset: number }>({ criteria, offset: 0 });
  const read = useCall('alarms.history', queryOf(searched.criteria, searched.offset), { paused: !visible, keep: true });
  const page = read.data;
  const status = read.loading ? { state: 'loading', text: t('history.searching') } : read.error ? { state: 'error', text: problemText(read.error) } : { state: 'idle', text: '' };
  const ids = { from: useId(), to: useId(), tag: useId(), area: useId(), user: useId(), text: useId() };

  const load = (next: { criteria: Criteria; offset: number }) => {
    setSearched(next);
    read.retry();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    load({ criteria, offset: 0 });
  };
  const field = (key: keyof Criteria, label: string, type: string) => (
    <div className="alarm-history__field" key={key}>
      <label htmlFor={ids[key]}>{label}</label>
      <input id={ids[key]} className="alarm-input" type={type} value={criteria[key]} onChange={(e) => setCriteria((old) => ({ ...old, [key]: e.target.value }))} data-testid={`history-${key}`} />
    </div>
  );
  const offset = searched.offset;
  const entries = page?.entries ?? [];
  const plantTime = (ms: number) => formatDateTime(ms, session?.timeZone);
  return (
    <div className="alarm-history">
      <form className="alarm-toolbar alarm-history__form" onSubmit={submit} aria-label={t('history.form')}>
        <h1 className="display__title">{t('history.title')}</h1>
        {FIELDS.map(([key, type]) => field(key, t(`history.${key}`), type))}
        <button type="submit" className="button button--primary" data-testid="history-search">
          {t('history.search')}
        </button>
        <button
          type="button"
          className="button"
          disabled={entries.length === 0}
          onClick={() => void saveCsv(`alarm-history-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`, journalCsv(entries, plantTime))}
          data-testid="history-export"
        >
          {t('history.export')}
        </button>
      </form>
      <div className="alarm-history__status" data-testid="history-status" data-state={status.state}>
        {status.state !== 'idle' ? status.text : page ? (page.total === 0 ? t('history.none') : t('history.entries', { first: offset + 1, last: offset + entries.length, total: page.total })) : ''}
        <span className="alarm-history__pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => load({ ...searched, offset: Math.max(0, offset - PAGE) })} data-testid="history-prev">
            {t('history.newer')}
          </button>
          <button type="button" className="button" disabled={page?.nextOffset === undefined} onClick={() => page?.nextOffset !== undefined && load({ ...searched, offset: page.nextOffset })} data-testid="history-next">
            {t('history.older')}
          </button>
        </span>
      </div>
      <div className="alarm-history__scroll">
        <table className="alarm-history__table" aria-label={t('history.table')} data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">{t('column.time')}</th>
              <th scope="col" aria-label={t('column.priority')} />
              <th scope="col">{t('column.event')}</th>
              <th scope="col">{t('column.alarm')}</th>
              <th scope="col">{t('column.area')}</th>
              <th scope="col">{t('column.user')}</th>
              <th scope="col">{t('column.comment')}</th>
              <th scope="col">{t('column.message')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq} data-testid="history-row" data-kind={entry.kind} data-alarm={entry.alarmId}>
                <td className="alarm-history__time">{plantTime(entry.at)}</td>
                <td>
                  <AlarmIndicator priority={entry.priority} acknowledged size={18} />
                </td>
                <td>{t(`event.${entry.kind}`)}</td>
                <td data-project-text="">{entry.alarmId}</td>
                <td data-project-text="">{entry.area}</td>
                <td data-project-text="">{entry.user}</td>
                <td data-testid="history-comment" data-project-text="">
                  {entry.comment}
                </td>
                <td data-project-text="">{texts.journalMessage(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
