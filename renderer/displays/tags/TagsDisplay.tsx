import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { useServices } from '../../app/services.tsx';
import { useTagPaths } from '../../store/use-tag.ts';
import { useRowWindow } from '../../layout/use-row-window.ts';
import { TagRow } from './TagRow.tsx';

/** Height of a row in px; matches `.tags__row` in tags.css. */
const ROW_HEIGHT = 35;

/**
 * Every tag with its live value. Rows are keyed by path and the order is the sorted path list, so
 * value updates re-render single rows and never reorder them; scroll and selection stay put. Only the
 * rows in view are rendered (spacer rows stand for the rest), so ten thousand tags cost a screenful.
 */
export function TagsDisplay() {
  const { tags } = useServices();
  const paths = useTagPaths();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | undefined>(undefined);
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
  const scroller = useRef<HTMLDivElement>(null);
  const { first, last } = useRowWindow(scroller, visible.length, ROW_HEIGHT);

  return (
    <div className="tags">
      <div className="tags__toolbar">
        <h1 className="display__title">Tags</h1>
        <label className="tags__filter-label" htmlFor={filterId}>
          Filter
        </label>
        <input
          id={filterId}
          className="tags__filter"
          type="search"
          placeholder="path or description"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          data-testid="tags-filter"
        />
        <span className="tags__count" data-testid="tags-count">
          {visible.length === paths.length ? `${paths.length} tags` : `${visible.length} of ${paths.length} tags`}
        </span>
      </div>
      <div className="tags__scroll" data-testid="tags-scroll" ref={scroller}>
        <table className="tags__table" aria-label="All tags">
          <colgroup>
            <col className="tags__col-path" />
            <col className="tags__col-description" />
            <col className="tags__col-value" />
            <col className="tags__col-quality" />
            <col className="tags__col-time" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Description</th>
              <th scope="col" className="tags__num">
                Value
              </th>
              <th scope="col">Quality</th>
              <th scope="col">Source time</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr className="tags__spacer" aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
            {visible.slice(first, last).map((path) => (
              <TagRow key={path} path={path} selected={path === selected} onSelect={setSelected} />
            ))}
            {last < visible.length && <tr className="tags__spacer" aria-hidden="true" style={{ height: (visible.length - last) * ROW_HEIGHT }} />}
          </tbody>
        </table>
        {visible.length === 0 && <p className="tags__empty">{paths.length === 0 ? 'Waiting for tags…' : 'No tag matches the filter.'}</p>}
      </div>
    </div>
  );
}
