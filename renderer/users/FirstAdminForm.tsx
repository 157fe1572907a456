import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useT } from '../i18n/i18n.ts';
import { problemText } from '../ui/texts.ts';

export const MIN_PASSWORD = 12;

/**
 * First start: no account exists, and there is no default password. Whoever installs the station
 * creates the administrator here, with the one-time setup code Lineside printed on the console where
 * it started (reaching the URL with the station token is not enough); the runtime accepts this only
 * while no user exists. The desktop app fills the code in itself.
 */
export function FirstAdminForm() {
  const { users } = useServices();
  const { t } = useT('users');
  const firstStart = useCell(users.firstStart);
  const why = useCell(users.signedOutMessage);
  const [setupCode, setSetupCode] = useState(users.setupCode ?? '');
  const [name, setName] = useState('admin');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (!firstStart) return null;

  const problem = password.length > 0 && password.length < MIN_PASSWORD ? t('firstAdmin.tooShort', { min: MIN_PASSWORD }) : repeat.length > 0 && repeat !== password ? t('firstAdmin.differ') : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await users.createFirstAdmin(name.trim(), fullName.trim(), password, setupCode.trim());
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog className="users-overlay users-overlay--first" modal label={t('firstAdmin.title')} testId="first-admin">
      <form className="users-card" onSubmit={(e) => void submit(e)}>
        <h2 className="users-card__title">{t('firstAdmin.title')}</h2>
        {why && (
          <p className="users-card__note users-card__note--signed-out" role="status" data-testid="login-signed-out">
            {why}
          </p>
        )}
        <p className="users-card__note">{t('firstAdmin.note')}</p>
        <label className="users-field">
          <span>{t('firstAdmin.setupCode')}</span>
          <input className="users-field__code" autoComplete="off" spellCheck={false} placeholder="XXXX-XXXX-XXXX" value={setupCode} onChange={(e) => setSetupCode(e.target.value)} data-testid="first-admin-setup-code" required />
        </label>
        <label className="users-field">
          <span>{t('firstAdmin.name')}</span>
          <input autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} data-testid="first-admin-name" required />
        </label>
        <label className="users-field">
          <span>{t('firstAdmin.fullName')}</span>
          <input value={fullName} onChange={(e) => setFullName(e.target.value)} data-testid="first-admin-full-name" />
        </label>
        <label className="users-field">
          <span>{t('firstAdmin.password', { min: MIN_PASSWORD })}</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="first-admin-password" required />
        </label>
        <label className="users-field">
          <span>{t('firstAdmin.repeat')}</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="first-admin-repeat" required />
        </label>
        {(problem ?? error) && (
          <p className="users-card__error" role="alert" data-testid="first-admin-error">
            {problem ?? error}
          </p>
        )}
        <div className="users-card__actions">
          <button
            type="submit"
            className="users-button users-button--primary"
            disabled={busy || problem !== undefined || password.length < MIN_PASSWORD || repeat !== password || name.trim() === '' || setupCode.trim() === ''}
            data-testid="first-admin-submit"
          >
            {busy ? t('firstAdmin.creating') : t('firstAdmin.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
