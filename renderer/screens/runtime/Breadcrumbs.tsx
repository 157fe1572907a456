import type { Screen } from '../../../screens/screen-schema.ts';
import { useT } from '../../i18n/i18n.ts';
import { LEVEL_NUMBER } from './navigation.ts';

/** Where the operator is in the display hierarchy (1 overview → 4 detail); every crumb is a link up. */
export function Breadcrumbs({ chain, onGo }: { chain: readonly Screen[]; onGo(id: string): void }) {
  const { t } = useT('screens');
  return (
    <nav className="scr-crumbs" aria-label={t('crumbs.label')} data-testid="screen-breadcrumbs">
      <ol>
        {chain.map((screen, i) => {
          const last = i === chain.length - 1;
          return (
            <li key={screen.id}>
              <button type="button" className="scr-crumbs__item" aria-current={last ? 'page' : undefined} disabled={last} onClick={() => onGo(screen.id)} data-testid={`crumb:${screen.id}`}>
                <span className="scr-crumbs__level" aria-label={t('crumbs.level', { level: LEVEL_NUMBER[screen.level] })}>
                  {LEVEL_NUMBER[screen.level]}
                </span>
                <span data-project-text="">{screen.name}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
