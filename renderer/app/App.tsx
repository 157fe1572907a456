import { OverviewDisplay } from '../displays/overview/OverviewDisplay.tsx';
import { TagsDisplay } from '../displays/tags/TagsDisplay.tsx';
import { TopBar } from '../frame/TopBar.tsx';
import { useDisplayRoute } from './route.ts';

/**
 * The fixed HMI frame: top bar, then a slot for the alarm banner (a later issue; it stays empty
 * rather than showing a fake one), then the display area. Displays stay mounted while hidden so
 * they keep their scroll position, filter and selection across navigation.
 */
export function App() {
  const active = useDisplayRoute();
  return (
    <div className="hmi">
      <TopBar active={active} />
      <div className="hmi__banner-slot" aria-hidden="true" />
      <main className="hmi__display">
        <section className="display" hidden={active !== 'overview'} aria-label="Overview">
          <OverviewDisplay />
        </section>
        <section className="display" hidden={active !== 'tags'} aria-label="Tags">
          <TagsDisplay />
        </section>
      </main>
    </div>
  );
}
