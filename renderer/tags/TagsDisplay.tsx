import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { useDisplayParam } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useTagPaths } from '../store/use-tag.ts';
import { TagTable } from '../ui/TagTable.tsx';
import { TagDetail } from './TagDetail.tsx';
import { useT } from '../i18n/i18n.ts';

/** Every tag with its live value, filtered by path or description; scroll and selection stay put while values update; a row opens the tag's detail beside the table. */
export function TagsDisplay() {
  const { tags } = useServices();
  const { t } = useT('tags');
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
        <h1 className="display__title">{t('title')}</h1>
        <label className="tags__filter-label" htmlFor={filterId}>
          {t('filter')}
        </label>
        <input id={filterId} className="tags__filter" type="search" placeholder={t('filterPlaceholder')} value={filter} onChange={(event) => setFilter(event.target.value)} data-testid="tags-filter" />
        <span className="tags__count" data-testid="tags-count">
          {visible.length === paths.length ? t('count', { count: paths.length }) : t('countOf', { shown: visible.length, count: paths.length })}
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
          label={t('all')}
          scrollTestId="tags-scroll"
        />
        {open !== undefined && <TagDetail key={open} path={open} onClose={() => setOpen(undefined)} />}
      </div>
      {visible.length === 0 && <p className="tags__empty">{paths.length === 0 ? t('waiting') : t('noMatch')}</p>}
    </div>
  );
}
