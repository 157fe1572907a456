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

interface Filter {
  user: string;
  action: string;
  text: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { user: '', action: '', text: '', from: '', to: '' };

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
        <h1 className="users-display__title">Audit trail</h1>
        <NotAllowedNote needs="audit.view" />
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(filter);
    read.retry();
  };
  const field = (key: keyof Filter, label: string, type = 'text') => (
    <label className="users-field users-field--inline">
      <span>{label}</span>
      <input type={type} value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.target.value })} data-testid={`audit-${key}`} />
    </label>
  );
  return (
    <div className="users-display">
      <h1 className="users-display__title">Audit trail</h1>
      <form className="audit-filter" onSubmit={submit}>
        {field('user', 'User')}
        {field('action', 'Action (or prefix.)')}
        {field('text', 'Text')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit" className="users-button users-button--primary" data-testid="audit-search">
          Search
        </button>
        <button
          type="button"
          className="users-button"
          data-testid="audit-export"
          onClick={() =>
            void command.run(
              'Exporting…',
              async () => saveCsv('audit-trail.csv', (await client.call('audit.export', queryOf(filter))).csv),
              () => 'Exported audit-trail.csv',
            )
          }
        >
          Export CSV
        </button>
        <button
          type="button"
          className="users-button"
          data-testid="audit-verify"
          onClick={() =>
            void command.run(
              'Verifying…',
              async () => setVerification(await client.call('audit.verify', {})),
              () => '',
            )
          }
        >
          Verify chain
        </button>
      </form>
      {verification && (
        <Feedback state={verification.ok ? 'accepted' : 'refused'} testId="audit-verification" data={{ 'data-ok': String(verification.ok) }}>
          {verification.ok ? `Intact: ${verification.records} records, each chained to the one before.` : `NOT intact at record ${verification.firstBadSeq}: ${verification.problem}`}
        </Feedback>
      )}
      {(command.feedback.state !== 'accepted' || command.feedback.text !== '') && <FeedbackLine feedback={command.feedback} />}
      <LoadProblem call={read} what="Could not search the audit trail" />
      <div className="audit-scroll">
        <table className="users-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>User</th>
              <th>Station</th>
              <th>Action</th>
              <th>Target</th>
              <th>Old</th>
              <th>New</th>
              <th>Reason / meaning</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.seq} data-testid={`audit-row:${r.seq}`} data-action={r.action}>
                <td className="audit-table__num">{r.seq}</td>
                <td className="audit-table__time">{formatDateTime(r.at, timeZone)}</td>
                <td>
                  {r.user}
                  {r.role && <span className="audit-table__role"> {r.role}</span>}
                </td>
                <td>{r.station}</td>
                <td>{r.action}</td>
                <td>{r.target}</td>
                <td className="audit-table__value">{r.oldValue}</td>
                <td className="audit-table__value">{r.newValue}</td>
                <td>{[r.meaning, r.reason].filter(Boolean).join(': ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {more && <p className="users-card__note">Showing the newest 200; narrow the search or export CSV for all.</p>}
      </div>
    </div>
  );
}
