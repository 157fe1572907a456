import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { Point } from '../model/geometry.ts';
import { scrollForZoom, wheelZoom } from '../model/viewport.ts';

/**
 * Zoom and pan of the canvas's scrolling area: Ctrl+wheel zooms about the pointer, + / − / fit / 100 %
 * come from the toolbar (`zoomTo`, about the centre), space+drag or a middle-button drag pans by
 * scrolling (so the scrollbars always tell where you are). The zoom itself lives with the caller.
 */
export function usePanZoom(areaRef: RefObject<HTMLDivElement | null>, zoom: number, onZoom: (zoom: number) => void, active: boolean) {
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const pending = useRef<{ left: number; top: number } | undefined>(undefined);
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;

  /** Changes the zoom keeping the document point under `anchor` (client px; default the area's centre) in place. */
  const zoomTo = useCallback(
    (next: number, anchor?: Point) => {
      const area = areaRef.current;
      const from = zoomRef.current;
      if (!area || next === from) {
        onZoom(next);
        return;
      }
      const areaBox = area.getBoundingClientRect();
      const canvas = area.querySelector('svg.editor-canvas, .editor__run')?.getBoundingClientRect();
      const at = anchor ?? { x: areaBox.left + area.clientWidth / 2, y: areaBox.top + area.clientHeight / 2 };
      const offset = canvas ? { x: canvas.left - areaBox.left + area.scrollLeft, y: canvas.top - areaBox.top + area.scrollTop } : { x: 0, y: 0 };
      pending.current = scrollForZoom({ left: area.scrollLeft, top: area.scrollTop }, at, areaBox, offset, from, next);
      onZoom(next);
    },
    [areaRef, onZoom],
  );

  // The new scroll position goes in once the canvas has its new size.
  useLayoutEffect(() => {
    const area = areaRef.current;
    const target = pending.current;
    pending.current = undefined;
    if (area && target) {
      area.scrollLeft = target.left;
      area.scrollTop = target.top;
    }
  }, [zoom, areaRef]);

  useEffect(() => {
    const area = areaRef.current;
    if (!area || !active) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      // Otherwise the browser zooms the whole page.
      event.preventDefault();
      zoomTo(wheelZoom(zoomRef.current, event.deltaY), { x: event.clientX, y: event.clientY });
    };
    area.addEventListener('wheel', onWheel, { passive: false });
    return () => area.removeEventListener('wheel', onWheel);
  }, [areaRef, active, zoomTo]);

  useEffect(() => {
    const area = areaRef.current;
    if (!active || !area) return;
    let over = false;
    const enter = () => (over = true);
    const leave = () => (over = false);
    area.addEventListener('pointerenter', enter);
    area.addEventListener('pointerleave', leave);
    const typing = (target: EventTarget | null) => target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null;
    // Space pans while the pointer is over the canvas (even with a toolbar button focused, which space would otherwise press).
    const down = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || typing(event.target)) return;
      if (!over && event.target instanceof HTMLElement && event.target.closest('button')) return;
      event.preventDefault();
      setSpaceHeld(true);
    };
    const up = (event: KeyboardEvent) => {
      if (event.code !== 'Space') return;
      // The keyup would press a focused button.
      if (over) event.preventDefault();
      setSpaceHeld(false);
    };
    const blur = () => setSpaceHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      area.removeEventListener('pointerenter', enter);
      area.removeEventListener('pointerleave', leave);
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [active, areaRef]);

  /** Capture phase, so a pan never starts a selection or a move on the canvas underneath. */
  const onPointerDownCapture = useCallback(
    (event: ReactPointerEvent<HTMLDivElement>) => {
      const area = areaRef.current;
      if (!area || !active || !(event.button === 1 || (event.button === 0 && spaceHeld))) return;
      event.preventDefault();
      event.stopPropagation();
      const start = { x: event.clientX, y: event.clientY, left: area.scrollLeft, top: area.scrollTop };
      const id = event.pointerId;
      area.setPointerCapture?.(id);
      setPanning(true);
      const move = (e: PointerEvent) => {
        if (e.pointerId !== id) return;
        area.scrollLeft = start.left - (e.clientX - start.x);
        area.scrollTop = start.top - (e.clientY - start.y);
      };
      const end = (e: PointerEvent) => {
        if (e.pointerId !== id) return;
        setPanning(false);
        area.removeEventListener('pointermove', move);
        area.removeEventListener('pointerup', end);
        area.removeEventListener('pointercancel', end);
      };
      area.addEventListener('pointermove', move);
      area.addEventListener('pointerup', end);
      area.addEventListener('pointercancel', end);
    },
    [areaRef, active, spaceHeld],
  );

  return { zoomTo, onPointerDownCapture, spaceHeld, panning };
}
