import { memo, useMemo, useRef, type DragEvent } from 'react';
import type { ScreenElement, Template } from '../../../screens/screen-schema.ts';
import { SYMBOLS } from '../../../screens/symbols/symbol-registry.ts';
import { ElementView } from '../../screens/ElementView.tsx';
import { cssColor } from '../../screens/palette.ts';
import type { ScreenScope } from '../../screens/screen-scope.ts';
import { SvgDefs } from '../../ui/SvgDefs.tsx';
import { useEditor, type EditorStore } from '../editor-store.ts';
import { collectIds, selectedElements } from '../model/elements.ts';
import { newSymbolElement, newTemplateInstance } from '../model/new-element.ts';
import { readImageFile } from '../inspector/ImageSourceField.tsx';
import type { SnapOptions } from '../model/snapping.ts';
import { GestureStore } from './gesture-store.ts';
import { GestureOverlay, SelectionOverlay } from './SelectionOverlay.tsx';
import { docPoint, useCanvasGestures } from './use-canvas-gestures.ts';
import { useT } from '../../i18n/i18n.ts';

/** dataTransfer type of a palette drag: `symbol:tank` or `template:pump-tile`. */
export const PALETTE_MIME = 'application/x-lineside-palette';

/** One element in design mode; memoised so only elements whose object or selection changed redraw. */
const CanvasElement = memo(function CanvasElement({ element, selected, scope }: { element: ScreenElement; selected: boolean; scope: ScreenScope }) {
  return (
    <g className={selected ? 'editor-el editor-el--selected' : 'editor-el'} data-element-id={element.id} data-selected={selected || undefined}>
      <ElementView element={element} scope={scope} />
    </g>
  );
});

export interface EditorCanvasProps {
  store: EditorStore;
  templates: ReadonlyMap<string, Template>;
  editable: boolean;
  snap: SnapOptions;
  /** Screen px per document px: the zoom (model/viewport.ts). */
  scale: number;
  /** A dropped file that is not an image the editor takes (named, with the reason). */
  onImageError: (message: string | undefined) => void;
}

/**
 * The document in design mode (drawn by the runtime's ElementView), with the selection, handles,
 * marquee and snapping guides on top, and palette items dropped in.
 */
export function EditorCanvas({ store, templates, editable, snap, scale, onImageError }: EditorCanvasProps) {
  const { t } = useT('editor');
  const doc = useEditor(store, (s) => s.doc);
  const selection = useEditor(store, (s) => s.selection);
  const svgRef = useRef<SVGSVGElement>(null);
  const gestures = useMemo(() => new GestureStore(), []);
  const scope = useMemo<ScreenScope>(() => ({ mode: 'design', templates }), [templates]);
  const handlers = useCanvasGestures(store, gestures, svgRef, editable, snap, scale);
  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const selected = useMemo(() => selectedElements(doc.elements, selection), [doc.elements, selection]);
  const { width, height } = doc.size;
  const background = doc.kind === 'screen' ? doc.background : 'panel';

  const onDragOver = (event: DragEvent) => {
    if (editable && (event.dataTransfer.types.includes(PALETTE_MIME) || event.dataTransfer.types.includes('Files'))) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (event: DragEvent) => {
    const item = event.dataTransfer.getData(PALETTE_MIME);
    const svg = svgRef.current;
    const file = event.dataTransfer.files[0];
    if (editable && svg && !item && file) {
      event.preventDefault();
      void placeImageFile(store, file, docPoint(svg, event.clientX, event.clientY, scale), snap.grid ?? 0, onImageError);
      return;
    }
    if (!editable || !item || !svg) return;
    event.preventDefault();
    placeItem(store, templates, item, docPoint(svg, event.clientX, event.clientY, scale), snap.grid);
  };

  return (
    <svg
      ref={svgRef}
      className="editor-canvas"
      viewBox={`0 0 ${width} ${height}`}
      width={width * scale}
      height={height * scale}
      data-testid="editor-canvas"
      aria-label={t('canvas.label', { name: doc.name })}
      onDragOver={onDragOver}
      onDrop={onDrop}
      {...handlers}
    >
      <SvgDefs />
      <defs>
        <pattern id="editor-grid" width={snap.grid || 10} height={snap.grid || 10} patternUnits="userSpaceOnUse">
          <path d={`M ${snap.grid || 10} 0 L 0 0 0 ${snap.grid || 10}`} className="editor-grid-line" strokeWidth={1 / scale} />
        </pattern>
      </defs>
      <rect width={width} height={height} style={{ fill: cssColor(background, 'var(--bg)') }} />
      {snap.grid ? <rect width={width} height={height} fill="url(#editor-grid)" pointerEvents="none" /> : null}
      <g className="editor-elements">
        {doc.elements.map((element) => (
          <CanvasElement key={element.id} element={element} selected={selectedSet.has(element.id)} scope={scope} />
        ))}
      </g>
      <SelectionOverlay selected={selected} scale={scale} editable={editable} />
      <GestureOverlay gestures={gestures} scale={scale} />
    </svg>
  );
}

/** Largest side of an image dropped from a file, in document px (it can be resized after). */
const DROPPED_IMAGE_MAX = 400;

/** A picture file dropped on the canvas: a new image element at its natural size (at most 400 px a side), centred where it fell. */
export async function placeImageFile(store: EditorStore, file: File, at: { x: number; y: number }, grid: number, onError: (message: string | undefined) => void): Promise<void> {
  const read = await readImageFile(file);
  if (!read.ok) {
    onError(read.error);
    return;
  }
  onError(undefined);
  const definition = SYMBOLS.get('image')!;
  let { width, height } = definition.defaultSize;
  const picture = new Image();
  picture.src = read.src;
  try {
    await picture.decode();
    if (picture.naturalWidth > 0 && picture.naturalHeight > 0) {
      const fit = Math.min(1, DROPPED_IMAGE_MAX / Math.max(picture.naturalWidth, picture.naturalHeight));
      width = Math.max(1, Math.round(picture.naturalWidth * fit));
      height = Math.max(1, Math.round(picture.naturalHeight * fit));
    }
  } catch {
    // An SVG without a size: the default box.
  }
  const element = newSymbolElement(definition, at, collectIds(store.state.doc.elements));
  const step = grid > 0 ? grid : 1;
  store.dispatch({
    type: 'add',
    element: { ...element, width, height, x: Math.round((at.x - width / 2) / step) * step, y: Math.round((at.y - height / 2) / step) * step, props: { ...('props' in element ? element.props : {}), src: read.src } } as ScreenElement,
  });
}

/** Adds a palette item (`symbol:tank`, `template:pump-tile`) centred at `at`, its corner on the grid (whole px without one). */
export function placeItem(store: EditorStore, templates: ReadonlyMap<string, Template>, item: string, at: { x: number; y: number }, grid = 0): void {
  const [kind, name = ''] = item.split(':', 2) as [string, string | undefined];
  const taken = collectIds(store.state.doc.elements);
  let element: ScreenElement | undefined;
  if (kind === 'symbol') {
    const definition = SYMBOLS.get(name);
    if (definition) element = newSymbolElement(definition, at, taken);
  } else if (kind === 'template') {
    const template = templates.get(name);
    if (template) element = newTemplateInstance(template, at, taken);
  }
  if (!element) return;
  const step = grid > 0 ? grid : 1;
  store.dispatch({ type: 'add', element: { ...element, x: Math.round(element.x / step) * step, y: Math.round(element.y / step) * step } });
}
