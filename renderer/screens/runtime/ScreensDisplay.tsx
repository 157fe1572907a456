import { ScreenNavigator } from './ScreenNavigator.tsx';
import { useScreenLibrary } from './use-screen-library.ts';
import '../../styles/screens.css';

/** The project's screens, drawn from their documents, with back/forward, breadcrumbs and popups. */
export function ScreensDisplay({ visible }: { visible: boolean }) {
  const state = useScreenLibrary();
  if (state.state === 'loading') return <p className="scr-message">Loading screens…</p>;
  if (state.state === 'failed')
    return (
      <p className="scr-message" role="alert">
        The screens could not be loaded: {state.reason}
      </p>
    );
  if (state.library.screens.size === 0) return <p className="scr-message">This project has no screens yet (screens/*.json in the project folder).</p>;
  return <ScreenNavigator library={state.library} followHash visible={visible} tree />;
}
