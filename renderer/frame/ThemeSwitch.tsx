import { useRef } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { usePersonTheme } from '../ui/use-person-settings.ts';
import { THEMES, themes, useTheme, type Theme } from '../ui/theme.ts';

/**
 * Day or night theme from the frame, at once and remembered: for the station (everyone who has no
 * choice of their own), or, signed in, for the person only.
 */
export function ThemeSwitch() {
  const { users } = useServices();
  const { t } = useT('frame');
  const user = useCell(users.user);
  const theme = useTheme();
  const menu = useRef<HTMLDetailsElement>(null);
  const name = user?.name;
  usePersonTheme();
  const own = name !== undefined && themes.userTheme() !== undefined;

  function choose(next: Theme, scope: 'station' | 'user') {
    themes.choose(next, scope);
    if (menu.current) menu.current.open = false;
  }

  return (
    <details className="theme-switch" ref={menu} data-testid="theme-switch" data-theme={theme}>
      <summary className="theme-switch__summary" title={t('theme.title')}>
        <span className="theme-switch__mark" aria-hidden="true" data-theme={theme} />
        {t(`theme.${theme}`)}
      </summary>
      <div className="theme-switch__popup" role="group" aria-label={t('theme.label')}>
        <p className="theme-switch__heading">{t('theme.station')}</p>
        <div className="theme-switch__row">
          {THEMES.map((option) => (
            <button key={option} type="button" className="button" aria-pressed={!own && theme === option} onClick={() => choose(option, 'station')} data-testid={`theme-station-${option}`}>
              {t(`theme.${option}`)}
            </button>
          ))}
        </div>
        {name !== undefined && (
          <>
            <p className="theme-switch__heading">{t('theme.onlyFor', { name })}</p>
            <div className="theme-switch__row">
              {THEMES.map((option) => (
                <button key={option} type="button" className="button" aria-pressed={own && theme === option} onClick={() => choose(option, 'user')} data-testid={`theme-user-${option}`}>
                  {t(`theme.${option}`)}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </details>
  );
}
