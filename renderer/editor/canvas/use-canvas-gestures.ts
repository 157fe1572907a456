import { useCallback, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { EditorStore } from '../editor-store.ts';
import { selectedElements } from '../model/elements.ts';
import { boxFromCorners, centreOf, unionBox, type Box, type Point } from '../model/geometry.ts';
import { clickSelection } from '../model/selection.ts';
import { snapMove, type SnapOptions } from '../model/snapping.ts';
import { pointerAngle, type ResizeHandle } from '../model/transform.ts';
import { clientToDoc } from '../model/viewport.ts';
import type { GestureStore } from './gesture-store.ts';

type Gesture =
  | { kind: 'move'; start: Point; bounds: Box; others: Box[]; moved: boolean; dx: number; dy: number; pressed: string; shift: boolean }
  | { kind: 'resize'; start: Point; handle: ResizeHandle }
  | { kind: 'rotate'; centre: Point; startAngle: number }
  | { kind: 'marquee'; start: Point; shift: boolean };

/** Pointer travel (screen px) before a press on an element becomes a drag rather than a click. */
const DRAG_START_PX = 3;

/** A pointer position over the canvas in document px, at the canvas's zoom (model/viewport.ts `clientToDoc`). */
export function docPoint(svg: SVGSVGElement, clientX: number, clientY: number, zoom: number): Point {
  return clientToDoc({ x: clientX, y: clientY }, svg.getBoundingClientRect(), zoom);
}

/**
 * Select, move, resize, rotate and marquee on the canvas. A move never touches the document until
 * the pointer is released: the selected elements (and their outline) follow the pointer by a CSS
 * transform set on the SVG root, so dragging 100 of 1,000 elements re-renders nothing; on release
 * the move is one transaction (begin, update, commit) and one undo step.
 */
export function useCanvasGestures(store: EditorStore, gestures: GestureStore, svgRef: RefObject<SVGSVGElement | null>, editable: boolean, snap: SnapOptions, scale: number) {
  const gesture = useRef<Gesture | undefined>(undefined);

  const setDragOffset = useCallback(
    (dx: number, dy: number) => {
      const style = svgRef.current?.style;
      style?.setProperty('--drag-dx', `${dx}px`);
      style?.setProperty('--drag-dy', `${dy}px`);
    },
    [svgRef],
  );

  const onPointerDown = useCallback(
    (event: ReactPointerEvent<SVGSVGElement>) => {
      const svg = svgRef.current;
      if (!svg || event.button !== 0) return;
      const at = docPoint(svg, event.clientX, event.clientY, scale);
      const target = event.target as Element;
      const handle = target.closest('[data-gesture]');
      const state = store.state;
      svg.setPointerCapture?.(event.pointerId);
      if (handle && editable) {
        store.dispatch({ type: 'begin' });
        if (handle.getAttribute('data-gesture') === 'resize') {
          gesture.current = { kind: 'resize', start: at, handle: handle.getAttribute('data-handle') as ResizeHandle };
        } else {
          const picked = selectedElements(state.doc.elements, state.selection);
          const centre = centreOf(picked.length === 1 ? picked[0]! : unionBox(picked)!);
          gesture.current = { kind: 'rotate', centre, startAngle: pointerAngle(centre, at) };
        }
        return;
      }
      const id = target.closest('[data-element-id]')?.getAttribute('data-element-id') ?? undefined;
      if (id === undefined) {
        if (!event.shiftKey) store.dispatch({ type: 'select', ids: [] });
        gesture.current = { kind: 'marquee', start: at, shift: event.shiftKey };
        return;
      }
      const already = state.selection.includes(id);
      if (event.shiftKey || !already) store.dispatch({ type: 'select', ids: clickSelection(state.selection, id, event.shiftKey) });
      const selection = store.state.selection;
      if (!editable || !selection.includes(id)) return;
      const moving = new Set(selection);
      const elements = store.state.doc.elements;
      gesture.current = {
        kind: 'move',
        start: at,
        bounds: unionBox(elements.filter((e) => moving.has(e.id)))!,
        others: elements.filter((e) => !moving.has(e.id)),
        moved: false,
        dx: 0,
        dy: 0,
        pressed: id,
        shift: event.shiftKey,
      };
    },
    [store, svgRef, editable, scale],
  );

  const onPointerMove = useCallback(
    (event: ReactPointerEvent<SVGSVGElement>) => {
      const g = gesture.current;
      const svg = svgRef.current;
      if (!g || !svg) return;
      const at = docPoint(svg, event.clientX, event.clientY, scale);
      switch (g.kind) {
        case 'move': {
          const rawX = at.x - g.start.x;
          const rawY = at.y - g.start.y;
          if (!g.moved && Math.hypot(rawX, rawY) * scale < DRAG_START_PX) return;
          g.moved = true;
          const snapped = snapMove(g.bounds, g.others, rawX, rawY, event.altKey ? { threshold: 0, toElements: false } : snap);
          g.dx = snapped.dx;
          g.dy = snapped.dy;
          setDragOffset(g.dx, g.dy);
          gestures.set({ guides: snapped.guides });
          return;
        }
        case 'resize':
          store.dispatch({ type: 'update', command: { type: 'resize', handle: g.handle, dx: at.x - g.start.x, dy: at.y - g.start.y, ...(snap.grid ? { grid: snap.grid } : {}) } });
          return;
        case 'rotate':
          store.dispatch({ type: 'update', command: { type: 'rotate', by: pointerAngle(g.centre, at) - g.startAngle, snap: event.shiftKey } });
          return;
        case 'marquee':
          gestures.set({ marquee: boxFromCorners(g.start, at) });
          return;
      }
    },
    [store, gestures, svgRef, snap, scale, setDragOffset],
  );

  const finish = useCallback(
    (cancelled: boolean) => {
      const g = gesture.current;
      gesture.current = undefined;
      if (!g) return;
      if (g.kind === 'move') {
        if (g.moved && !cancelled) {
          // The document must hold the new places before the drag offset goes, or the selection jumps back for a frame.
          flushSync(() => {
            store.dispatch({ type: 'begin' });
            store.dispatch({ type: 'update', command: { type: 'move', dx: g.dx, dy: g.dy } });
            store.dispatch({ type: 'commit' });
          });
        }
        setDragOffset(0, 0);
        // A plain click (no drag) on one of several selected elements selects just that one.
        if (!g.moved && !g.shift && !cancelled && store.state.selection.length > 1) store.dispatch({ type: 'select', ids: [g.pressed] });
      } else if (g.kind === 'marquee') {
        const box = gestures.get().marquee;
        if (box && !cancelled) store.dispatch({ type: 'marqueeSelect', box, shift: g.shift });
      } else store.dispatch({ type: cancelled ? 'cancel' : 'commit' });
      gestures.clear();
    },
    [store, gestures, setDragOffset],
  );

  return {
    onPointerDown,
    onPointerMove,
    onPointerUp: useCallback(() => finish(false), [finish]),
    onPointerCancel: useCallback(() => finish(true), [finish]),
  };
}
