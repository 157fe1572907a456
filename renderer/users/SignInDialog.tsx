import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useServices } from '../app/services.tsx';
import { i18n, useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { OwnPassword } from './OwnPassword.tsx';
import { problemText } from '../ui/texts.ts';

/**
 * Sign-in, and the quick user switch of a shared station: another person signs in over the current
 * one without the displays being closed or reloaded. It covers the display area, never the alarm banner.
 */
export function SignInDialog() {
  const { users } = useServices();
  const { t } = useT('users');
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
      setError(problemText(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const title = current ? t('signIn.switchTitle') : t('signIn.title');
  // "Signed in: <strong>name</strong> (role)." — the name and the role (a name of the project's) as they are.
  const signedIn = current && <Trans i18n={i18n} t={t} i18nKey="signIn.signedIn" values={{ name: current.name, role: current.role }} components={{ 1: <strong /> }} />;
  if (current && ownPassword) {
    return (
      <Dialog className="users-overlay" modal label={t('signIn.ownPassword')} testId="login-dialog" onClose={close}>
        <div className="users-card">
          <p className="users-card__note">{signedIn}</p>
          <OwnPassword />
          <div className="users-card__actions">
            <button type="button" className="users-button" onClick={() => setOwnPassword(false)} data-testid="own-password-back">
              {t('signIn.back')}
            </button>
            <button type="button" className="users-button" onClick={close}>
              {t('signIn.close')}
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
            {signedIn} {t('signIn.keepsDisplays')}
          </p>
        )}
        {current && (
          <button type="button" className="users-button users-card__aside" onClick={() => setOwnPassword(true)} data-testid="own-password">
            {t('signIn.changePassword')}
          </button>
        )}
        {!current && because === 'inactivity' && !why && (
          <p className="users-card__note" data-testid="login-timeout">
            {t('signIn.timedOut')}
          </p>
        )}
        {!current && why && (
          <p className="users-card__note users-card__note--signed-out" role="status" data-testid="login-signed-out" data-reason={because}>
            {why}
          </p>
        )}
        <label className="users-field">
          <span>{t('signIn.name')}</span>
          <input autoFocus autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} data-testid="login-name" required />
        </label>
        <label className="users-field">
          <span>{t('signIn.password')}</span>
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
              {t('signIn.signOut')}
            </button>
          )}
          <button type="button" className="users-button" onClick={close} data-testid="login-cancel">
            {current ? t('signIn.cancel') : t('signIn.viewOnly')}
          </button>
          <button type="submit" className="users-button users-button--primary" disabled={busy || name.trim() === '' || password === ''} data-testid="login-submit">
            {busy ? t('signIn.checking') : t('signIn.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
