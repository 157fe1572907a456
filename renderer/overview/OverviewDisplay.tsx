import { ScreenNavigator } from '../screens/runtime/ScreenNavigator.tsx';
import { useScreenLibrary } from '../screens/runtime/use-screen-library.ts';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../i18n/i18n.ts';

/**
 * The Overview tab: the project's level 1 screen (its first `overview` screen document, else its first
 * screen), drawn by the screen runtime with the same navigation, faceplates and write dialogs as the
 * Screens tab. A project without screen documents gets told where to make one.
 */
export function OverviewDisplay({ visible }: { visible: boolean }) {
  const { t } = useT('overview');
  const state = useScreenLibrary();
  if (state.state === 'loading') return <p className="scr-message">{t('loading')}</p>;
  if (state.state === 'failed')
    return (
      <p className="scr-message" role="alert">
        {t('failed', { reason: state.reason })}
      </p>
    );
  if (state.library.screens.size === 0) {
    return (
      <div className="scr-message" data-testid="overview-empty">
        <h1 className="display__title">{t('empty.title')}</h1>
        <p>
          <Trans i18n={i18n} t={t} i18nKey="empty.text" components={{ 1: <a href="#/editor" /> }} />
        </p>
      </div>
    );
  }
  return <ScreenNavigator library={state.library} visible={visible} />;
}
