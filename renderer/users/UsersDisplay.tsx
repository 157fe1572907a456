import { useState, type FormEvent } from 'react';
import { ROLE_NAMES, type RoleName } from '../../common/permissions.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { formatClock } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { useAccess, NotAllowedNote } from '../ui/access.tsx';
import { OwnPassword } from './OwnPassword.tsx';
import { RolesPanel } from './RolesPanel.tsx';
import { TokensPanel } from './TokensPanel.tsx';
import { useSignedCall } from '../ui/use-signed-call.tsx';
import { FeedbackLine, type FeedbackValue } from '../ui/Feedback.tsx';

/** Administration (permission users.manage): accounts, role permission sets, API tokens, and the administrator's own password (everyone else changes theirs in the user dialog). */
export function UsersDisplay({ visible }: { visible: boolean }) {
  const { users } = useServices();
  const me = useCell(users.user);
  const mayManage = useAccess().may('users.manage');
  return (
    <div className="users-display">
      <h1 className="users-display__title">Users</h1>
      <NotAllowedNote needs="users.manage" />
      {mayManage && visible && (
        <>
          <Accounts />
          <RolesPanel />
          <TokensPanel />
        </>
      )}
      {me && <OwnPassword />}
    </div>
  );
}

function Accounts() {
  const signed = useSignedCall();
  const read = useCall('users.list', {});
  const list = read.data ?? [];
  const reload = read.retry;
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const act = (text: string, run: () => Promise<unknown>) =>
    run().then(
      () => (setMessage({ state: 'accepted', text }), reload()),
      (e: Error) => setMessage({ state: 'refused', text: e.message }),
    );
  return (
    <section className="users-section" aria-label="Accounts">
      <h2>Accounts</h2>
      <table className="users-table" data-testid="users-table">
        <thead>
          <tr>
            <th>User</th>
            <th>Full name</th>
            <th>Role</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.name} data-testid={`user-row:${u.name}`}>
              <td>{u.name}</td>
              <td>{u.fullName}</td>
              <td>
                <select
                  value={u.role}
                  aria-label={`Role of ${u.name}`}
                  onChange={(e) => void act(`${u.name} is now ${e.target.value}`, () => signed.call('users.update', { name: u.name, role: e.target.value as RoleName }, `Change the role of ${u.name}`))}
                >
                  {ROLE_NAMES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? 'disabled' : u.delayedUntil ? `${u.failedAttempts} failed sign-ins · next try after ${formatClock(u.delayedUntil)}` : u.mustChangePassword ? 'active · must choose a password' : 'active'}</td>
              <td className="users-table__actions">
                <button
                  type="button"
                  className="users-button"
                  onClick={() => void act(`${u.name} ${u.disabled ? 'enabled' : 'disabled'}`, () => signed.call('users.update', { name: u.name, disabled: !u.disabled }, `${u.disabled ? 'Enable' : 'Disable'} ${u.name}`))}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
                <ResetPassword name={u.name} onDone={(text) => setMessage({ state: 'accepted', text })} onError={(text) => setMessage({ state: 'refused', text })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUser onCreated={(name) => (setMessage({ state: 'accepted', text: `${name} created` }), reload())} onError={(text) => setMessage({ state: 'refused', text })} />
      <LoadProblem call={read} what="Could not list the accounts" />
      <FeedbackLine feedback={message} testId="users-message" />
      {signed.dialog}
    </section>
  );
}

function NewUser({ onCreated, onError }: { onCreated: (name: string) => void; onError: (text: string) => void }) {
  const { client } = useServices();
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<RoleName>('operator');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.create', { name: name.trim(), fullName: fullName.trim(), role, password }).then(
      (u) => (setName(''), setFullName(''), setPassword(''), onCreated(u.name)),
      (e: Error) => onError(e.message),
    );
  };
  return (
    <form className="users-inline-form" onSubmit={submit} aria-label="New user" data-testid="new-user">
      <input placeholder="user name" value={name} onChange={(e) => setName(e.target.value)} data-testid="new-user-name" aria-label="User name" />
      <input placeholder="full name" value={fullName} onChange={(e) => setFullName(e.target.value)} data-testid="new-user-full-name" aria-label="Full name" />
      <select value={role} onChange={(e) => setRole(e.target.value as RoleName)} data-testid="new-user-role" aria-label="Role">
        {ROLE_NAMES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <input type="password" placeholder="initial password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-user-password" aria-label="Initial password" />
      <button type="submit" className="users-button users-button--primary" disabled={name.trim() === '' || password === ''} data-testid="new-user-submit">
        Create user
      </button>
    </form>
  );
}

function ResetPassword({ name, onDone, onError }: { name: string; onDone: (text: string) => void; onError: (text: string) => void }) {
  const { client } = useServices();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!open) {
    return (
      <button type="button" className="users-button" onClick={() => setOpen(true)}>
        Reset password
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.resetPassword', { name, password }).then(
      () => (setOpen(false), setPassword(''), onDone(`new password set for ${name}`)),
      (e: Error) => onError(e.message),
    );
  };
  return (
    <form className="users-inline-form" onSubmit={submit}>
      <input type="password" aria-label={`New password for ${name}`} value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <button type="submit" className="users-button users-button--primary">
        Set
      </button>
      <button type="button" className="users-button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
