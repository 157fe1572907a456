import { ScreenNavigator } from '../screens/runtime/ScreenNavigator.tsx';
import { useScreenLibrary } from '../screens/runtime/use-screen-library.ts';

/**
 * The Overview tab: the project's level 1 screen (its first `overview` screen document, else its first
 * screen), drawn by the screen runtime with the same navigation, faceplates and write dialogs as the
 * Screens tab. A project without screen documents gets told where to make one.
 */
export function OverviewDisplay({ visible }: { visible: boolean }) {
  const state = useScreenLibrary();
  if (state.state === 'loading') return <p className="scr-message">Loading the overview…</p>;
  if (state.state === 'failed')
    return (
      <p className="scr-message" role="alert">
        The overview could not be loaded: {state.reason}
      </p>
    );
  if (state.library.screens.size === 0) {
    return (
      <div className="scr-message" data-testid="overview-empty">
        <h1 className="display__title">No overview screen yet</h1>
        <p>
          This project has no screen documents. Create a level 1 (overview) screen in the <a href="#/editor">Editor</a>.
        </p>
      </div>
    );
  }
  return <ScreenNavigator library={state.library} visible={visible} />;
}
