import { useState } from 'react';
import { useTagPaths } from '../../store/use-tag.ts';
import { useT } from '../../i18n/i18n.ts';

/** All tags of the project by folder, filtered as you type; picking one inserts `{path}`. */
export function TagBrowser({ onPick }: { onPick: (path: string) => void }) {
  const paths = useTagPaths();
  const [filter, setFilter] = useState('');
  const { t } = useT('editor');
  const f = filter.toLowerCase();
  const shown = paths.filter((p) => p.toLowerCase().includes(f)).slice(0, 200);
  return (
    <div className="editor-tag-browser" data-testid="tag-browser">
      <input type="search" placeholder={t('tags.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} onKeyDown={(e) => e.stopPropagation()} aria-label={t('tags.filter')} autoFocus />
      <ul>
        {shown.map((p) => (
          <li key={p}>
            <button type="button" onClick={() => onPick(p)} data-testid={`tag-pick:${p}`} data-project-text="">
              {p}
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="editor-muted">{t('tags.none')}</li>}
      </ul>
    </div>
  );
}
