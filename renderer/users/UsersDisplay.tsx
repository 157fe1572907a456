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
import { useT } from '../i18n/i18n.ts';
import { problemText } from '../ui/texts.ts';

/** Administration (permission users.manage): accounts, role permission sets, API tokens, and the administrator's own password (everyone else changes theirs in the user dialog). */
export function UsersDisplay({ visible }: { visible: boolean }) {
  const { users } = useServices();
  const me = useCell(users.user);
  const mayManage = useAccess().may('users.manage');
  const { t } = useT('users');
  return (
    <div className="users-display">
      <h1 className="users-display__title">{t('display.title')}</h1>
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
  const { t } = useT('users');
  const signed = useSignedCall();
  const read = useCall('users.list', {});
  const list = read.data ?? [];
  const reload = read.retry;
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const act = (text: string, run: () => Promise<unknown>) =>
    run().then(
      () => (setMessage({ state: 'accepted', text }), reload()),
      (e: Error) => setMessage({ state: 'refused', text: problemText(e) }),
    );
  return (
    <section className="users-section" aria-label={t('accounts.title')}>
      <h2>{t('accounts.title')}</h2>
      <table className="users-table" data-testid="users-table">
        <thead>
          <tr>
            <th>{t('accounts.user')}</th>
            <th>{t('accounts.fullName')}</th>
            <th>{t('accounts.role')}</th>
            <th>{t('accounts.status')}</th>
            <th>{t('accounts.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.name} data-testid={`user-row:${u.name}`}>
              <td data-project-text="">{u.name}</td>
              <td data-project-text="">{u.fullName}</td>
              <td>
                <select
                  value={u.role}
                  aria-label={t('accounts.roleOf', { name: u.name })}
                  onChange={(e) => void act(t('accounts.nowRole', { name: u.name, role: e.target.value }), () => signed.call('users.update', { name: u.name, role: e.target.value as RoleName }, t('accounts.signRole', { name: u.name })))}
                >
                  {ROLE_NAMES.map((r) => (
                    <option key={r} data-project-text="">
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? t('accounts.disabled') : u.delayedUntil ? t('accounts.delayed', { count: u.failedAttempts, time: formatClock(u.delayedUntil) }) : u.mustChangePassword ? t('accounts.mustChange') : t('accounts.active')}</td>
              <td className="users-table__actions">
                <button
                  type="button"
                  className="users-button"
                  onClick={() =>
                    void act(u.disabled ? t('accounts.enabledMessage', { name: u.name }) : t('accounts.disabledMessage', { name: u.name }), () =>
                      signed.call('users.update', { name: u.name, disabled: !u.disabled }, u.disabled ? t('accounts.signEnable', { name: u.name }) : t('accounts.signDisable', { name: u.name })),
                    )
                  }
                >
                  {u.disabled ? t('accounts.enable') : t('accounts.disable')}
                </button>
                <ResetPassword name={u.name} onDone={(text) => setMessage({ state: 'accepted', text })} onError={(text) => setMessage({ state: 'refused', text })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUser onCreated={(name) => (setMessage({ state: 'accepted', text: t('accounts.created', { name }) }), reload())} onError={(text) => setMessage({ state: 'refused', text })} />
      <LoadProblem call={read} what={t('accounts.cannotList')} />
      <FeedbackLine feedback={message} testId="users-message" />
      {signed.dialog}
    </section>
  );
}

function NewUser({ onCreated, onError }: { onCreated: (name: string) => void; onError: (text: string) => void }) {
  const { client } = useServices();
  const { t } = useT('users');
  const [name, setName] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<RoleName>('operator');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.create', { name: name.trim(), fullName: fullName.trim(), role, password }).then(
      (u) => (setName(''), setFullName(''), setPassword(''), onCreated(u.name)),
      (e: Error) => onError(problemText(e)),
    );
  };
  return (
    <form className="users-inline-form" onSubmit={submit} aria-label={t('accounts.newUser')} data-testid="new-user">
      <input placeholder={t('accounts.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} data-testid="new-user-name" aria-label={t('accounts.name')} />
      <input placeholder={t('accounts.fullNamePlaceholder')} value={fullName} onChange={(e) => setFullName(e.target.value)} data-testid="new-user-full-name" aria-label={t('accounts.fullName')} />
      <select value={role} onChange={(e) => setRole(e.target.value as RoleName)} data-testid="new-user-role" aria-label={t('accounts.role')}>
        {ROLE_NAMES.map((r) => (
          <option key={r} data-project-text="">
            {r}
          </option>
        ))}
      </select>
      <input type="password" placeholder={t('accounts.passwordPlaceholder')} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-user-password" aria-label={t('accounts.password')} />
      <button type="submit" className="users-button users-button--primary" disabled={name.trim() === '' || password === ''} data-testid="new-user-submit">
        {t('accounts.create')}
      </button>
    </form>
  );
}

function ResetPassword({ name, onDone, onError }: { name: string; onDone: (text: string) => void; onError: (text: string) => void }) {
  const { client } = useServices();
  const { t } = useT('users');
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!open) {
    return (
      <button type="button" className="users-button" onClick={() => setOpen(true)}>
        {t('accounts.resetPassword')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.resetPassword', { name, password }).then(
      () => (setOpen(false), setPassword(''), onDone(t('accounts.passwordSet', { name }))),
      (e: Error) => onError(problemText(e)),
    );
  };
  return (
    <form className="users-inline-form" onSubmit={submit}>
      <input type="password" aria-label={t('accounts.newPasswordFor', { name })} value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <button type="submit" className="users-button users-button--primary">
        {t('accounts.set')}
      </button>
      <button type="button" className="users-button" onClick={() => setOpen(false)}>
        {t('accounts.cancel')}
      </button>
    </form>
  );
}
