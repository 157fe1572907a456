import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';

/** The top bar's person: name and role and the switch button (the dialog also signs out); signed out, a Sign in button. */
export function UserMenu() {
  const { users } = useServices();
  const user = useCell(users.user);
  if (!user) {
    return (
      <div className="topbar__user topbar__user--menu" data-testid="user" data-role="">
        <span className="topbar__who">
          <span className="topbar__user-name">Not signed in</span>
          <span className="topbar__muted">view only</span>
        </span>
        <button type="button" className="topbar__button" onClick={() => users.dialogOpen.set(true)} data-testid="sign-in">
          Sign in
        </button>
      </div>
    );
  }
  return (
    <div className="topbar__user topbar__user--menu" data-testid="user" data-role={user.role} data-name={user.name}>
      <span className="topbar__who">
        <span className="topbar__user-name" title={user.fullName || undefined}>
          {user.name}
        </span>
        <span className="topbar__user-role">{user.role}</span>
      </span>
      <button type="button" className="topbar__button" onClick={() => users.dialogOpen.set(true)} data-testid="switch-user" title="Switch user or sign out">
        Switch
      </button>
    </div>
  );
}
