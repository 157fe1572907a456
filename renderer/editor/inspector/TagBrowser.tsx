import { useState } from 'react';
import { useTagPaths } from '../../store/use-tag.ts';

/** All tags of the project by folder, filtered as you type; picking one inserts `{path}`. */
export function TagBrowser({ onPick }: { onPick: (path: string) => void }) {
  const paths = useTagPaths();
  const [filter, setFilter] = useState('');
  const f = filter.toLowerCase();
  const shown = paths.filter((p) => p.toLowerCase().includes(f)).slice(0, 200);
  return (
    <div className="editor-tag-browser" data-testid="tag-browser">
      <input type="search" placeholder="Filter tags" value={filter} onChange={(e) => setFilter(e.target.value)} onKeyDown={(e) => e.stopPropagation()} aria-label="Filter tags" autoFocus />
      <ul>
        {shown.map((p) => (
          <li key={p}>
            <button type="button" onClick={() => onPick(p)} data-testid={`tag-pick:${p}`}>
              {p}
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="editor-muted">No tag matches.</li>}
      </ul>
    </div>
  );
}
