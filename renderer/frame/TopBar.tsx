import { useRef, type ReactNode } from 'react';
import { DISPLAY_GROUPS, DISPLAYS, displayHref, displayNeeds, type DisplayId } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { useAccess } from '../ui/access.tsx';
import { ConnectionHealth } from './ConnectionHealth.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PlantClock } from './PlantClock.tsx';
import { StationControls } from './StationControls.tsx';
import { ThemeSwitch } from './ThemeSwitch.tsx';
import { useFitTabs } from './use-fit-tabs.ts';

/** The product's name, shown until the session names the plant: a name, not a word to translate. */
const PRODUCT = 'Lineside';

/** `userMenu`: the signed-in person's menu, from the users feature; `search`: the global search (the app puts them here; the frame imports no feature). */
export function TopBar({ active, userMenu, search }: { active: DisplayId; userMenu: ReactNode; search?: ReactNode }) {
  const { plant } = useServices();
  const { t } = useT('frame');
  const session = useCell(plant.session);
  // Only the displays this person (or a signed-out station) may see: the same permissions the runtime checks.
  const access = useAccess();
  const shown = DISPLAYS.filter((display) => access.may(displayNeeds(display.id)));
  const tabs = useRef<HTMLElement>(null);
  useFitTabs(tabs);
  return (
    <header className="topbar">
      <div className="topbar__plant" data-testid="plant-name" data-project-text="" title={session ? t('topbar.project', { project: session.project }) : undefined}>
        {session?.plant ?? PRODUCT}
      </div>
      <div className="topbar__spacer" />
      <nav ref={tabs} className="topbar__tabs" aria-label={t('topbar.displays')}>
        {DISPLAY_GROUPS.filter((group) => shown.some((display) => display.group === group)).map((group) => (
          <div key={group} className="topbar__group" role="group" aria-label={t(`groups.${group}`)}>
            <span className="topbar__group-name">{t(`groups.${group}`)}</span>
            {shown
              .filter((display) => display.group === group)
              .map((display) => (
                <a key={display.id} className="topbar__tab" href={displayHref(display.id)} aria-current={display.id === active ? 'page' : undefined} data-testid={`tab-${display.id}`}>
                  {t(`displays.${display.id}`)}
                </a>
              ))}
          </div>
        ))}
      </nav>
      {search}
      <ConnectionHealth />
      <ThemeSwitch />
      <LanguageSwitch />
      <StationControls />
      {userMenu}
      <PlantClock />
    </header>
  );
}
