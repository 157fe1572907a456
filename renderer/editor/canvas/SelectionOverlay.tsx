import { useSyncExternalStore } from 'react';
import type { ScreenElement } from '../../../screens/screen-schema.ts';
import { centreOf, unionBox } from '../model/geometry.ts';
import { RESIZE_HANDLES, type ResizeHandle } from '../model/transform.ts';
import type { GestureStore } from './gesture-store.ts';

/** Where each handle sits on the box, as fractions of width and height. */
const HANDLE_AT: Record<ResizeHandle, [number, number]> = { nw: [0, 0], n: [0.5, 0], ne: [1, 0], e: [1, 0.5], se: [1, 1], s: [0.5, 1], sw: [0, 1], w: [0, 0.5] };
const CURSOR: Record<ResizeHandle, string> = { nw: 'nwse-resize', se: 'nwse-resize', ne: 'nesw-resize', sw: 'nesw-resize', n: 'ns-resize', s: 'ns-resize', e: 'ew-resize', w: 'ew-resize' };

/**
 * Outlines of the selected elements, the selection box with 8 resize handles and a rotation handle.
 * `scale` is screen px per document px, so handles keep a generous size whatever the zoom.
 */
export function SelectionOverlay({ selected, scale, editable }: { selected: readonly ScreenElement[]; scale: number; editable: boolean }) {
  const only = selected.length === 1 ? selected[0] : undefined;
  // One turned element gets its handles turned with it (resize works in its frame, model/transform.ts).
  const box = only ? { x: only.x, y: only.y, width: only.width, height: only.height } : unionBox(selected);
  if (!box) return null;
  const turn = only?.rotation ? `rotate(${only.rotation} ${box.x + box.width / 2} ${box.y + box.height / 2})` : undefined;
  const h = 12 / scale;
  const hit = 28 / scale;
  const rotateY = box.y - 28 / scale;
  return (
    <g className="editor-overlay editor-overlay--drag" data-testid="selection-overlay">
      {selected.map((e) => {
        const c = centreOf(e);
        return <rect key={e.id} className="editor-outline" x={e.x} y={e.y} width={e.width} height={e.height} transform={e.rotation ? `rotate(${e.rotation} ${c.x} ${c.y})` : undefined} strokeWidth={1.5 / scale} />;
      })}
      {selected.length > 1 && <rect className="editor-outline editor-outline--box" x={box.x} y={box.y} width={box.width} height={box.height} strokeWidth={1 / scale} strokeDasharray={`${4 / scale} ${3 / scale}`} />}
      {editable && (
        <g transform={turn}>
          <line className="editor-rotate-stem" x1={box.x + box.width / 2} y1={box.y} x2={box.x + box.width / 2} y2={rotateY} strokeWidth={1 / scale} />
          <g data-gesture="rotate" data-testid="rotate-handle" style={{ cursor: 'grab' }}>
            <circle cx={box.x + box.width / 2} cy={rotateY} r={hit / 2} className="editor-hit" />
            <circle cx={box.x + box.width / 2} cy={rotateY} r={h / 2} className="editor-handle" strokeWidth={1.5 / scale} />
          </g>
          {RESIZE_HANDLES.map((handle) => {
            const [fx, fy] = HANDLE_AT[handle];
            const x = box.x + box.width * fx;
            const y = box.y + box.height * fy;
            return (
              <g key={handle} data-gesture="resize" data-handle={handle} data-testid={`handle-${handle}`} style={{ cursor: CURSOR[handle] }}>
                <rect x={x - hit / 2} y={y - hit / 2} width={hit} height={hit} className="editor-hit" />
                <rect x={x - h / 2} y={y - h / 2} width={h} height={h} className="editor-handle" strokeWidth={1.5 / scale} />
              </g>
            );
          })}
        </g>
      )}
    </g>
  );
}

/** Snapping guides and the marquee: the only things that redraw on every pointer move. */
export function GestureOverlay({ gestures, scale }: { gestures: GestureStore; scale: number }) {
  const view = useSyncExternalStore(gestures.subscribe, gestures.get);
  return (
    <g className="editor-gesture" pointerEvents="none">
      {view.guides.map((g, i) =>
        g.axis === 'x' ? (
          <line key={i} className="editor-guide" data-testid="snap-guide" x1={g.at} x2={g.at} y1={g.from} y2={g.to} strokeWidth={1 / scale} />
        ) : (
          <line key={i} className="editor-guide" data-testid="snap-guide" y1={g.at} y2={g.at} x1={g.from} x2={g.to} strokeWidth={1 / scale} />
        ),
      )}
      {view.marquee && <rect className="editor-marquee" data-testid="marquee" {...view.marquee} strokeWidth={1 / scale} />}
    </g>
  );
}
