import { useState, type FormEvent } from 'react';
import { NotAllowedNote, useAccess } from '../ui/access.tsx';
import type { AuditVerification } from '../../common/audit.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { Feedback, FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { saveCsv } from '../ui/save-file.ts';
import { useCall } from '../ui/use-call.ts';
import { useT } from '../i18n/i18n.ts';

interface Filter {
  user: string;
  action: string;
  text: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { user: '', action: '', text: '', from: '', to: '' };

/** The filter's fields in order, with their input types (labels: `<key>` of the 'audit' catalogue). */
const FIELDS = [
  ['user', 'text'],
  ['action', 'text'],
  ['text', 'text'],
  ['from', 'datetime-local'],
  ['to', 'datetime-local'],
] as const;
const EXPORT_FILE = 'audit-trail.csv';

function queryOf(filter: Filter) {
  const from = filter.from ? Date.parse(filter.from) : undefined;
  const to = filter.to ? Date.parse(filter.to) : undefined;
  return {
    ...(filter.user.trim() ? { user: filter.user.trim() } : {}),
    ...(filter.action.trim() ? { action: filter.action.trim() } : {}),
    ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
    ...(from !== undefined && Number.isFinite(from) ? { from } : {}),
    ...(to !== undefined && Number.isFinite(to) ? { to } : {}),
  };
}

/** The audit trail (permission audit.view): search, verify the hash chain, export CSV. */
export function AuditDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const { t } = useT('audit');
  const timeZone = useCell(plant.session)?.timeZone;
  const allowed = useAccess().may('audit.view');
  const [filter, setFilter] = useState<Filter>(EMPTY);
  // The filter applies on submit, not on every keystroke; the trail is read afresh each time it is shown.
  const [submitted, setSubmitted] = useState<Filter>(EMPTY);
  const read = useCall('audit.search', allowed ? { ...queryOf(submitted), limit: 200 } : undefined, { paused: !visible, refreshKey: String(visible), keep: true });
  const records = read.data?.records ?? [];
  const more = read.data?.more ?? false;
  const [verification, setVerification] = useState<AuditVerification | undefined>();
  const command = useFeedback();
  if (!allowed) {
    return (
      <div className="users-display">
        <h1 className="users-display__title">{t('title')}</h1>
        <NotAllowedNote needs="audit.view" />
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(filter);
    read.retry();
  };
  const field = (key: keyof Filter, label: string, type: string) => (
    <label className="users-field users-field--inline" key={key}>
      <span>{label}</span>
      <input type={type} value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.target.value })} data-testid={`audit-${key}`} />
    </label>
  );
  return (
    <div className="users-display">
      <h1 className="users-display__title">{t('title')}</h1>
      <form className="audit-filter" onSubmit={submit}>
        {FIELDS.map(([key, type]) => field(key, t(key), type))}
        <button type="submit" className="users-button users-button--primary" data-testid="audit-search">
          {t('search')}
        </button>
        <button
          type="button"
          className="users-button"
          data-testid="audit-export"
          onClick={() =>
            void command.run(
              t('exporting'),
              async () => saveCsv(EXPORT_FILE, (await client.call('audit.export', queryOf(filter))).csv),
              () => t('exported', { file: EXPORT_FILE }),
            )
          }
        >
          {t('export')}
        </button>
        <button
          type="button"
          className="users-button"
          data-testid="audit-verify"
          onClick={() =>
            void command.run(
              t('verifying'),
              async () => setVerification(await client.call('audit.verify', {})),
              () => '',
            )
          }
        >
          {t('verify')}
        </button>
      </form>
      {verification && (
        <Feedback state={verification.ok ? 'accepted' : 'refused'} testId="audit-verification" data={{ 'data-ok': String(verification.ok) }}>
          {verification.ok ? t('intact', { count: verification.records }) : t('broken', { seq: verification.firstBadSeq, problem: verification.problem })}
        </Feedback>
      )}
      {(command.feedback.state !== 'accepted' || command.feedback.text !== '') && <FeedbackLine feedback={command.feedback} />}
      <LoadProblem call={read} what={t('cannotSearch')} />
      <div className="audit-scroll">
        <table className="users-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('column.seq')}</th>
              <th>{t('column.time')}</th>
              <th>{t('column.user')}</th>
              <th>{t('column.station')}</th>
              <th>{t('column.action')}</th>
              <th>{t('column.target')}</th>
              <th>{t('column.old')}</th>
              <th>{t('column.new')}</th>
              <th>{t('column.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.seq} data-testid={`audit-row:${r.seq}`} data-action={r.action}>
                <td className="audit-table__num">{r.seq}</td>
                <td className="audit-table__time">{formatDateTime(r.at, timeZone)}</td>
                <td data-project-text="">
                  {r.user}
                  {r.role && <span className="audit-table__role"> {r.role}</span>}
                </td>
                <td data-project-text="">{r.station}</td>
                <td data-project-text="">{r.action}</td>
                <td data-project-text="">{r.target}</td>
                <td className="audit-table__value" data-project-text="">
                  {r.oldValue}
                </td>
                <td className="audit-table__value" data-project-text="">
                  {r.newValue}
                </td>
                <td data-project-text="">{[r.meaning, r.reason].filter(Boolean).join(': ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {more && <p className="users-card__note">{t('more')}</p>}
      </div>
    </div>
  );
}
