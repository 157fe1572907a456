import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { useDisplayParam } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useTagPaths } from '../store/use-tag.ts';
import { TagTable } from '../ui/TagTable.tsx';
import { TagDetail } from './TagDetail.tsx';

/** Every tag with its live value, filtered by path or description; scroll and selection stay put while values update; a row opens the tag's detail beside the table. */
export function TagsDisplay() {
  const { tags } = useServices();
  const paths = useTagPaths();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // The tag whose detail is open beside the table: a click on a row, or Enter on the focused row.
  const [open, setOpen] = useState<string | undefined>(undefined);
  // A link to one tag (`#/tags?tag=<path>`, from the global search) opens its detail.
  const linked = useDisplayParam('tags', 'tag');
  useEffect(() => {
    if (linked === undefined) return;
    setSelected(linked);
    setOpen(linked);
    window.history.replaceState(null, '', '#/tags');
  }, [linked]);
  const deferredFilter = useDeferredValue(filter);
  const filterId = useId();
  const visible = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    if (!needle) return paths;
    return paths.filter((path) => {
      const info = tags.get(path).info;
      return path.toLowerCase().includes(needle) || (info?.description.toLowerCase().includes(needle) ?? false);
    });
  }, [paths, deferredFilter, tags]);

  return (
    <div className="tags">
      <div className="tags__toolbar">
        <h1 className="display__title">Tags</h1>
        <label className="tags__filter-label" htmlFor={filterId}>
          Filter
        </label>
        <input id={filterId} className="tags__filter" type="search" placeholder="path or description" value={filter} onChange={(event) => setFilter(event.target.value)} data-testid="tags-filter" />
        <span className="tags__count" data-testid="tags-count">
          {visible.length === paths.length ? `${paths.length} tags` : `${visible.length} of ${paths.length} tags`}
        </span>
      </div>
      <div className="tags__body">
        <TagTable
          paths={visible}
          selected={selected}
          onSelect={(path) => {
            setSelected(path);
            setOpen(path);
          }}
          label="All tags"
          scrollTestId="tags-scroll"
        />
        {open !== undefined && <TagDetail key={open} path={open} onClose={() => setOpen(undefined)} />}
      </div>
      {visible.length === 0 && <p className="tags__empty">{paths.length === 0 ? 'Waiting for tags…' : 'No tag matches the filter.'}</p>}
    </div>
  );
}
