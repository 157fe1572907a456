import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';

/** The top bar's person: name and role and the switch button (the dialog also signs out); signed out, a Sign in button. */
export function UserMenu() {
  const { users } = useServices();
  const { t } = useT('frame');
  const user = useCell(users.user);
  if (!user) {
    return (
      <div className="topbar__user topbar__user--menu" data-testid="user" data-role="">
        <span className="topbar__who">
          <span className="topbar__user-name">{t('user.notSignedIn')}</span>
          <span className="topbar__muted">{t('user.viewOnly')}</span>
        </span>
        <button type="button" className="topbar__button" onClick={() => users.dialogOpen.set(true)} data-testid="sign-in">
          {t('user.signIn')}
        </button>
      </div>
    );
  }
  return (
    <div className="topbar__user topbar__user--menu" data-testid="user" data-role={user.role} data-name={user.name}>
      <span className="topbar__who">
        <span className="topbar__user-name" title={user.fullName || undefined} data-project-text="">
          {user.name}
        </span>
        <span className="topbar__user-role" data-project-text="">
          {user.role}
        </span>
      </span>
      <button type="button" className="topbar__button" onClick={() => users.dialogOpen.set(true)} data-testid="switch-user" title={t('user.switchTitle')}>
        {t('user.switch')}
      </button>
    </div>
  );
}
