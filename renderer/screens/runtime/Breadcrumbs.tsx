import type { Screen } from '../../../screens/screen-schema.ts';
import { LEVEL_NUMBER } from './navigation.ts';

/** Where the operator is in the display hierarchy (1 overview → 4 detail); every crumb is a link up. */
export function Breadcrumbs({ chain, onGo }: { chain: readonly Screen[]; onGo(id: string): void }) {
  return (
    <nav className="scr-crumbs" aria-label="Display hierarchy" data-testid="screen-breadcrumbs">
      <ol>
        {chain.map((screen, i) => {
          const last = i === chain.length - 1;
          return (
            <li key={screen.id}>
              <button type="button" className="scr-crumbs__item" aria-current={last ? 'page' : undefined} disabled={last} onClick={() => onGo(screen.id)} data-testid={`crumb:${screen.id}`}>
                <span className="scr-crumbs__level" aria-label={`level ${LEVEL_NUMBER[screen.level]}`}>
                  {LEVEL_NUMBER[screen.level]}
                </span>
                {screen.name}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
