import { useMemo, useRef } from 'react';
import { useT } from '../i18n/i18n.ts';
import { useRowWindow } from './use-row-window.ts';
import { TagRow } from './TagRow.tsx';

/** Height of a row in px; matches `.tags__row` in tags.css. */
const ROW_HEIGHT = 35;

export interface TagTableProps {
  paths: readonly string[];
  selected: string | undefined;
  onSelect: (path: string) => void;
  label: string;
  /** Extra class of the scrolling element and the table (layout of the display it sits in). */
  className?: string;
  scrollTestId?: string;
}

/**
 * Tags with their live values in a table that scrolls. Rows are keyed by path in the given order, so
 * value updates re-render single rows and never reorder them; only the rows in view are rendered
 * (spacer rows stand for the rest), so ten thousand tags cost a screenful.
 */
export function TagTable({ paths, selected, onSelect, label, className = '', scrollTestId }: TagTableProps) {
  const { t } = useT('ui');
  const scroller = useRef<HTMLDivElement>(null);
  const { first, last } = useRowWindow(scroller, paths.length, ROW_HEIGHT);
  const selectedShown = useMemo(() => selected !== undefined && paths.includes(selected), [paths, selected]);
  return (
    <div className={`tags__scroll ${className}`} data-testid={scrollTestId} ref={scroller}>
      <table className="tags__table" aria-label={label}>
        <colgroup>
          <col className="tags__col-path" />
          <col className="tags__col-description" />
          <col className="tags__col-value" />
          <col className="tags__col-quality" />
          <col className="tags__col-time" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('tagTable.path')}</th>
            <th scope="col">{t('tagTable.description')}</th>
            <th scope="col" className="tags__num">
              {t('tagTable.value')}
            </th>
            <th scope="col">{t('tagTable.quality')}</th>
            <th scope="col">{t('tagTable.sourceTime')}</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr className="tags__spacer" aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
          {paths.slice(first, last).map((path, index) => (
            <TagRow key={path} path={path} selected={path === selected} tabbable={selectedShown ? path === selected : index === 0} onSelect={onSelect} />
          ))}
          {last < paths.length && <tr className="tags__spacer" aria-hidden="true" style={{ height: (paths.length - last) * ROW_HEIGHT }} />}
        </tbody>
      </table>
    </div>
  );
}
