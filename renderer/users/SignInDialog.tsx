import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { OwnPassword } from './OwnPassword.tsx';

/**
 * Sign-in, and the quick user switch of a shared station: another person signs in over the current
 * one without the displays being closed or reloaded. It covers the display area, never the alarm banner.
 */
export function SignInDialog() {
  const { users } = useServices();
  const open = useCell(users.dialogOpen);
  const current = useCell(users.user);
  const because = useCell(users.signedOutBecause);
  const why = useCell(users.signedOutMessage);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [ownPassword, setOwnPassword] = useState(false);
  if (!open) return null;

  const close = () => {
    setPassword('');
    setError(undefined);
    setOwnPassword(false);
    users.dialogOpen.set(false);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await users.login(name.trim(), password);
      setName('');
      close();
    } catch (failure) {
      setError((failure as Error).message);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const title = current ? 'Switch user' : 'Sign in';
  if (current && ownPassword) {
    return (
      <Dialog className="users-overlay" modal label="Your password" testId="login-dialog" onClose={close}>
        <div className="users-card">
          <p className="users-card__note">
            Signed in: <strong>{current.name}</strong> ({current.role}).
          </p>
          <OwnPassword />
          <div className="users-card__actions">
            <button type="button" className="users-button" onClick={() => setOwnPassword(false)} data-testid="own-password-back">
              Back
            </button>
            <button type="button" className="users-button" onClick={close}>
              Close
            </button>
          </div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog className="users-overlay" modal label={title} testId="login-dialog" onClose={close}>
      <form className="users-card" onSubmit={(e) => void submit(e)}>
        <h2 className="users-card__title">{title}</h2>
        {current && (
          <p className="users-card__note">
            Signed in: <strong>{current.name}</strong> ({current.role}). Signing in as someone else keeps every display as it is.
          </p>
        )}
        {current && (
          <button type="button" className="users-button users-card__aside" onClick={() => setOwnPassword(true)} data-testid="own-password">
            Change my password…
          </button>
        )}
        {!current && because === 'inactivity' && !why && (
          <p className="users-card__note" data-testid="login-timeout">
            You were signed out after a time without activity.
          </p>
        )}
        {!current && why && (
          <p className="users-card__note users-card__note--signed-out" role="status" data-testid="login-signed-out" data-reason={because}>
            {why}
          </p>
        )}
        <label className="users-field">
          <span>User name</span>
          <input autoFocus autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} data-testid="login-name" required />
        </label>
        <label className="users-field">
          <span>Password</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" required />
        </label>
        {error && (
          <p className="users-card__error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <div className="users-card__actions">
          {current && (
            <button
              type="button"
              className="users-button users-card__left"
              onClick={() => {
                close();
                void users.logout('user');
              }}
              data-testid="sign-out"
            >
              Sign out
            </button>
          )}
          <button type="button" className="users-button" onClick={close} data-testid="login-cancel">
            {current ? 'Cancel' : 'View only'}
          </button>
          <button type="submit" className="users-button users-button--primary" disabled={busy || name.trim() === '' || password === ''} data-testid="login-submit">
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
