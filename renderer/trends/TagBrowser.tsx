import { useMemo, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useTagPaths } from '../store/use-tag.ts';
import { isTrendable, MAX_PENS } from './pens.ts';

interface Props {
  selected: readonly string[];
  onAdd(path: string): void;
}

/** Tags that can be trended, with a filter over path and description; a click adds a pen. */
export function TagBrowser({ selected, onAdd }: Props) {
  const { tags } = useServices();
  const paths = useTagPaths();
  const [filter, setFilter] = useState('');
  const { t } = useT('trends');
  const full = selected.length >= MAX_PENS;
  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return paths
      .map((path) => tags.get(path).info)
      .filter((info) => info !== undefined && isTrendable(info))
      .filter((info) => words.every((word) => `${info!.path} ${info!.description}`.toLowerCase().includes(word)));
  }, [paths, tags, filter]);
  return (
    <aside className="trend__browser" aria-label={t('browser.label')}>
      <input className="tags__filter trend__filter" type="search" placeholder={t('browser.filter')} aria-label={t('browser.filter')} value={filter} onChange={(event) => setFilter(event.target.value)} data-testid="trend-tag-filter" />
      <ul className="trend__tag-list">
        {shown.map((info) => {
          const added = selected.includes(info!.path);
          return (
            <li key={info!.path}>
              <button
                type="button"
                className="trend__tag"
                disabled={added || full}
                aria-pressed={added}
                data-testid={`trend-add:${info!.path}`}
                onClick={() => onAdd(info!.path)}
                title={full && !added ? t('browser.full', { count: MAX_PENS }) : undefined}
              >
                <span className="trend__tag-path" title={info!.description} data-project-text="">
                  {info!.path}
                </span>
                <span className="trend__tag-meta">
                  {info!.units ? <span data-project-text="">{info!.units}</span> : info!.states ? t('browser.states') : info!.dataType}
                  {!info!.history && <span title={t('browser.liveOnlyTitle')}>{t('browser.liveOnly')}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
