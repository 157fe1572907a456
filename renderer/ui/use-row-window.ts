import { useLayoutEffect, useState, type RefObject } from 'react';

export interface RowWindow {
  /** The first row to render and one past the last. */
  readonly first: number;
  readonly last: number;
  /** Tell the window the element was scrolled by code, so it need not wait for the scroll event. */
  readonly scrolledTo: (top: number) => void;
}

/**
 * The one windowing of the renderer: which rows of a long, fixed-row-height list are in view of a
 * scrolling element (plus a margin), so a list of thousands of live rows keeps only a screenful in the
 * DOM. A hidden display has no height and renders only the margin: it costs nothing while an operator
 * looks elsewhere. Tables use it directly (spacer rows); other lists through `VirtualList`.
 */
export function useRowWindow(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 8): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => setScrollTop(element.scrollTop);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    element.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(element);
    setHeight(element.clientHeight);
    setScrollTop(element.scrollTop);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scroller]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last: Math.max(first, last), scrolledTo: setScrollTop };
}
