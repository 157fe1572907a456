import { DISPLAYS, displayHref, type DisplayId } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { ConnectionHealth } from './ConnectionHealth.tsx';
import { PlantClock } from './PlantClock.tsx';
import { UserMenu } from '../users/UserMenu.tsx';

export function TopBar({ active }: { active: DisplayId }) {
  const { plant } = useServices();
  const session = useCell(plant.session);
  return (
    <header className="topbar">
      <div className="topbar__plant" data-testid="plant-name" title={session ? `Project ${session.project}` : undefined}>
        {session?.plant ?? 'Lineside'}
      </div>
      <nav className="topbar__tabs" aria-label="Displays">
        {DISPLAYS.map((display) => (
          <a
            key={display.id}
            className="topbar__tab"
            href={displayHref(display.id)}
            aria-current={display.id === active ? 'page' : undefined}
            data-testid={`tab-${display.id}`}
          >
            {display.title}
          </a>
        ))}
      </nav>
      <div className="topbar__spacer" />
      <ConnectionHealth />
      <UserMenu />
      <PlantClock />
    </header>
  );
}
