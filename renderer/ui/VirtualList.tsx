import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useRowWindow } from './use-row-window.ts';
import './ui.css';

interface VirtualListProps<T> {
  readonly items: readonly T[];
  /** Every row has this height in px; only the rows in view (plus a few) are in the DOM. */
  readonly rowHeight: number;
  readonly getKey: (item: T) => string;
  readonly renderRow: (item: T, index: number) => ReactNode;
  /** Scrolled into view when it changes (keyboard selection). */
  readonly focusIndex?: number | undefined;
  readonly className?: string;
  readonly label: string;
  readonly empty?: ReactNode;
  readonly testId?: string;
}

const OVERSCAN = 6;

/**
 * A windowed list with fixed row height (the window from `useRowWindow`). While scrolled away from the top, the row at the top of the
 * view stays there when rows are added or removed above it, so nothing jumps under the operator's
 * eyes or pointer; at the very top new rows appear in view.
 */
export function VirtualList<T>({ items, rowHeight, getKey, renderRow, focusIndex, className, label, empty, testId }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const { first, last, scrolledTo } = useRowWindow(ref, items.length, rowHeight, OVERSCAN);
  const anchor = useRef<{ key: string; offset: number } | undefined>(undefined);

  const remember = (top: number) => {
    const first = Math.floor(top / rowHeight);
    const item = items[first];
    anchor.current = top > 0 && item !== undefined ? { key: getKey(item), offset: top - first * rowHeight } : undefined;
  };

  // Keep the anchored row where it was when the items change. At the top there is no anchor and
  // nothing to do (reading scrollTop here would force a layout on every update).
  useLayoutEffect(() => {
    const held = anchor.current;
    const element = ref.current;
    if (!held || !element) return;
    const index = items.findIndex((item) => getKey(item) === held.key);
    if (index < 0) return;
    const target = index * rowHeight + held.offset;
    element.scrollTop = target;
    scrolledTo(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new list moves the anchor
  }, [items]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || focusIndex === undefined || focusIndex < 0) return;
    const top = focusIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
  }, [focusIndex, rowHeight]);

  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    const item = items[index]!;
    rows.push(
      <div key={getKey(item)} className="vlist__row" style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}>
        {renderRow(item, index)}
      </div>,
    );
  }
  return (
    <div ref={ref} className={`vlist ${className ?? ''}`} role="listbox" aria-label={label} aria-multiselectable="true" data-testid={testId} data-rows={items.length} onScroll={(event) => remember(event.currentTarget.scrollTop)}>
      <div className="vlist__space" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
      {items.length === 0 && empty}
    </div>
  );
}
