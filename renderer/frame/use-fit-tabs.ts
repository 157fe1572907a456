import { useLayoutEffect, type RefObject } from 'react';

/** How close the tabs sit: 0 roomy, 1 closer, 2 to 4 in smaller type and closer still (frame.css `.topbar__tabs[data-fit]`). */
const TIGHTEST = 4;

/** Whether the tab groups take more than one row (a group wraps whole, so one lower than the first is a second row). */
function wraps(nav: HTMLElement): boolean {
  const groups = nav.children;
  if (groups.length < 2) return false;
  const first = groups[0]!.getBoundingClientRect();
  const last = groups[groups.length - 1]!.getBoundingClientRect();
  return last.top >= first.bottom - 1;
}

/**
 * Keeps the display tabs on one row: as the window narrows, or a language with longer words or more
 * displays need more room, the tabs sit closer and then in smaller type (at least 12 px), never in a
 * second row (which would take the mimic's height at 720) while the tightest step fits. Every tab stays
 * in view and one click away. Measured before paint, again when the bar's width changes.
 */
export function useFitTabs(nav: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = nav.current;
    if (!element) return;
    const fit = () => {
      let step = 0;
      element.dataset['fit'] = '0';
      while (step < TIGHTEST && wraps(element)) element.dataset['fit'] = String(++step);
    };
    fit();
    let width = element.getBoundingClientRect().width;
    const observer = new ResizeObserver(() => {
      const now = element.getBoundingClientRect().width;
      if (now === width) return;
      width = now;
      fit();
    });
    observer.observe(element);
    return () => observer.disconnect();
  });
}
