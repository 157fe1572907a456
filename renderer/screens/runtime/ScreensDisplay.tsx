import { useT } from '../../i18n/i18n.ts';
import { ScreenNavigator } from './ScreenNavigator.tsx';
import { useScreenLibrary } from './use-screen-library.ts';
import '../../styles/screens.css';

/** The project's screens, drawn from their documents, with back/forward, breadcrumbs and popups. */
export function ScreensDisplay({ visible }: { visible: boolean }) {
  const state = useScreenLibrary();
  const { t } = useT('screens');
  if (state.state === 'loading') return <p className="scr-message">{t('display.loading')}</p>;
  if (state.state === 'failed')
    return (
      <p className="scr-message" role="alert">
        {t('display.failed', { reason: state.reason })}
      </p>
    );
  if (state.library.screens.size === 0) return <p className="scr-message">{t('display.empty')}</p>;
  return <ScreenNavigator library={state.library} followHash visible={visible} tree />;
}
