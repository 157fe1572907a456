import { useEffect, useRef } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { themes, useTheme, type Theme } from '../ui/theme.ts';

const THEME_NAMES: Record<Theme, string> = { day: 'Day', night: 'Night' };

/**
 * Day or night theme from the frame, at once and remembered: for the station (everyone who has no
 * choice of their own), or, signed in, for the person only.
 */
export function ThemeSwitch() {
  const { users } = useServices();
  const user = useCell(users.user);
  const theme = useTheme();
  const menu = useRef<HTMLDetailsElement>(null);
  const name = user?.name;
  useEffect(() => themes.setUser(name), [name]);
  const own = name !== undefined && themes.userTheme() !== undefined;

  function choose(next: Theme, scope: 'station' | 'user') {
    themes.choose(next, scope);
    if (menu.current) menu.current.open = false;
  }

  return (
    <details className="theme-switch" ref={menu} data-testid="theme-switch" data-theme={theme}>
      <summary className="theme-switch__summary" title="Day or night theme">
        <span className="theme-switch__mark" aria-hidden="true" data-theme={theme} />
        {THEME_NAMES[theme]}
      </summary>
      <div className="theme-switch__popup" role="group" aria-label="Theme">
        <p className="theme-switch__heading">Theme for this station</p>
        <div className="theme-switch__row">
          {(['day', 'night'] as const).map((option) => (
            <button key={option} type="button" className="button" aria-pressed={!own && theme === option} onClick={() => choose(option, 'station')} data-testid={`theme-station-${option}`}>
              {THEME_NAMES[option]}
            </button>
          ))}
        </div>
        {name !== undefined && (
          <>
            <p className="theme-switch__heading">Only for {name}</p>
            <div className="theme-switch__row">
              {(['day', 'night'] as const).map((option) => (
                <button key={option} type="button" className="button" aria-pressed={own && theme === option} onClick={() => choose(option, 'user')} data-testid={`theme-user-${option}`}>
                  {THEME_NAMES[option]}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </details>
  );
}
