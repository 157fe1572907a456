import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditRecord, AuditVerification } from '../../common/audit.ts';
import { saveCsv } from '../ui/save-file.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';

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
  const { client, users, plant } = useServices();
  const me = useCell(users.user);
  const timeZone = useCell(plant.session)?.timeZone;
  const allowed = me?.permissions.includes('audit.view') ?? false;
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [more, setMore] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | undefined>();
  const [error, setError] = useState<string | undefined>();
  const search = useCallback(
    (f: Filter) => {
      client.call('audit.search', { ...queryOf(f), limit: 200 }).then(
        (page) => (setRecords(page.records), setMore(page.more), setError(undefined)),
        (e: Error) => setError(e.message),
      );
    },
    [client],
  );
  useEffect(() => {
    if (visible && allowed) search(filter);
    // The filter applies on submit, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `filter` is left out on purpose: typing must not search
  }, [visible, allowed, search]);
  if (!allowed) {
    return (
      <div className="users-display">
        <h1 className="users-display__title">Audit trail</h1>
        <p className="users-card__note">The audit trail needs the permission audit.view (engineers, supervisors, admins). Sign in.</p>
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search(filter);
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
            client.call('audit.export', queryOf(filter)).then(
              ({ csv }) => saveCsv('audit-trail.csv', csv),
              (e: Error) => setError(e.message),
            )
          }
        >
          Export CSV
        </button>
        <button type="button" className="users-button" data-testid="audit-verify" onClick={() => client.call('audit.verify', {}).then(setVerification, (e: Error) => setError(e.message))}>
          Verify chain
        </button>
      </form>
      {verification && (
        <p className={`users-message users-message--${verification.ok ? 'ok' : 'refused'}`} role="status" data-testid="audit-verification" data-ok={String(verification.ok)}>
          {verification.ok ? `Intact: ${verification.records} records, each chained to the one before.` : `NOT intact at record ${verification.firstBadSeq}: ${verification.problem}`}
        </p>
      )}
      {error && <p className="users-message users-message--refused">{error}</p>}
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
                <td className="audit-table__time">{new Date(r.at).toLocaleString('en-GB', { timeZone })}</td>
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
