import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { MIN_PASSWORD } from './FirstAdminForm.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../i18n/i18n.ts';
import { problemText } from '../ui/texts.ts';

/**
 * A person signed in with a password an administrator set (a new account, or after a reset) chooses
 * their own before doing anything else: until then the runtime lets them only view. The displays stay
 * visible behind it; signing out instead is offered.
 */
export function ChangePasswordForm() {
  const { users } = useServices();
  const { t } = useT('users');
  const user = useCell(users.user);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (!user?.mustChangePassword) return null;

  const problem = next.length > 0 && next.length < MIN_PASSWORD ? t('changePassword.tooShort', { min: MIN_PASSWORD }) : repeat.length > 0 && repeat !== next ? t('changePassword.differ') : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await users.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog className="users-overlay" modal label={t('changePassword.title')} testId="change-password">
      <form className="users-card" onSubmit={(e) => void submit(e)}>
        <h2 className="users-card__title">{t('changePassword.title')}</h2>
        <p className="users-card__note">
          <Trans i18n={i18n} t={t} i18nKey="changePassword.note" values={{ name: user.name, min: MIN_PASSWORD }} components={{ 0: <strong data-project-text="" /> }} />
        </p>
        <label className="users-field">
          <span>{t('changePassword.given')}</span>
          <input type="password" autoFocus autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="change-password-current" required />
        </label>
        <label className="users-field">
          <span>{t('changePassword.next')}</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="change-password-next" required />
        </label>
        <label className="users-field">
          <span>{t('changePassword.repeat')}</span>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="change-password-repeat" required />
        </label>
        {(problem ?? error) && (
          <p className="users-card__error" role="alert" data-testid="change-password-error">
            {problem ?? error}
          </p>
        )}
        <div className="users-card__actions">
          <button type="button" className="users-button users-card__left" onClick={() => void users.logout('user')} data-testid="change-password-sign-out">
            {t('changePassword.signOut')}
          </button>
          <button type="submit" className="users-button users-button--primary" disabled={busy || problem !== undefined || current === '' || next.length < MIN_PASSWORD || repeat !== next} data-testid="change-password-submit">
            {busy ? t('changePassword.saving') : t('changePassword.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
