import { useEffect } from 'react';
import { mayLeaveKiosk } from '../../common/kiosk.ts';
import { kiosk, openInNewWindow } from '../app/kiosk.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';

/**
 * The station's window controls in the frame: open the display shown here in a new window (another
 * monitor), and kiosk mode's state with the way out for an engineer. Locked, the new-window button is
 * one of the hidden exits.
 */
export function StationControls() {
  const { users, token } = useServices();
  const { t } = useT('frame');
  const user = useCell(users.user);
  const state = useCell(kiosk.state);
  const problem = useCell(kiosk.problem);
  const allowed = user !== null && mayLeaveKiosk(user.permissions);

  // Whoever unlocked it signed out, or the person now here may not: kiosk mode again.
  useEffect(() => {
    if (state === 'unlocked' && !allowed) void kiosk.lock();
  }, [state, allowed]);

  return (
    <div className="station-controls">
      <button type="button" className="topbar__button" data-kiosk-exit="" onClick={() => openInNewWindow(window.location.hash.replace(/^#/, '') || '/overview', token)} title={t('station.newWindowTitle')} data-testid="new-window">
        {t('station.newWindow')}
      </button>
      {state !== 'off' && (
        <span className="station-controls__kiosk" data-testid="kiosk" data-state={state}>
          {state === 'locked' ? (
            <button
              type="button"
              className="topbar__button"
              disabled={!allowed}
              title={allowed ? t('station.leaveKioskTitle') : t('station.leaveKioskNeeds')}
              onClick={() => void kiosk.unlock(user, users.resumeToken)}
              data-testid="kiosk-leave"
            >
              {t('station.leaveKiosk')}
            </button>
          ) : (
            <button type="button" className="topbar__button" title={t('station.kioskAgainTitle')} onClick={() => void kiosk.lock()} data-testid="kiosk-lock">
              {t('station.kioskAgain')}
            </button>
          )}
          {problem !== undefined && (
            <span className="station-controls__problem" role="alert">
              {problem}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
