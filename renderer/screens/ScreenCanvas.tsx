import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Screen, Template } from '../../screens/screen-schema.ts';
import { SvgDefs } from '../ui/SvgDefs.tsx';
import { alarmMarks } from './alarm-marks.ts';
import { clearOfLater, layersOf } from './canvas-layers.ts';
import { ElementView } from './ElementView.tsx';
import { cssColor } from './palette.ts';
import { ReadoutPainter } from './readout-painter.ts';
import type { ScreenScope } from './screen-scope.ts';
import '../styles/screens.css';

const NONE: ReadonlySet<string> = new Set();

export interface ScreenCanvasProps {
  /** A screen or a template (a faceplate): whatever has a size and elements. */
  document: (Pick<Screen, 'id' | 'size' | 'elements'> & { background?: Screen['background'] }) | Template;
  scope: ScreenScope;
  /** Scale to the available width (the default) or draw at 1:1. */
  fit?: 'width' | 'none';
  testId?: string;
  label?: string;
}

/**
 * A whole screen document: background, then the elements in z-order (array order, last on top),
 * drawn as a stack of same-sized `<svg>` layers of `LAYER_ELEMENTS` (canvas-layers.ts) elements each (the first
 * also has the background and the shared patterns). The same canvas draws run mode (live values,
 * actions) and design mode. In run mode a readout canvas over the layers draws the value readouts of
 * the elements nothing later covers (readout-painter.ts); if it cannot draw, the SVG texts show.
 */
export function ScreenCanvas({ document, scope, fit = 'width', testId, label }: ScreenCanvasProps) {
  const { width, height } = document.size;
  const background = 'background' in document ? document.background : undefined;
  const layers = useMemo(() => layersOf(document.elements), [document.elements]);
  const viewBox = `0 0 ${width} ${height}`;
  const run = scope.mode === 'run';
  const clear = useMemo(() => (run ? clearOfLater(document.elements) : NONE), [run, document.elements]);
  const canvasScope = useMemo(() => (run ? { ...scope, alarmMarks: alarmMarks(document.elements, scope.templates) } : scope), [run, scope, document.elements]);
  const root = useRef<HTMLDivElement>(null);
  const readouts = useRef<HTMLDivElement>(null);
  // Drawn on the canvas from the first frame; back to SVG text if the canvas cannot draw.
  const [painted, setPainted] = useState(true);
  useLayoutEffect(() => {
    if (!run || !painted || !root.current || !readouts.current) return;
    const painter = ReadoutPainter.attach(root.current, readouts.current, () => setPainted(false));
    if (!painter) {
      setPainted(false);
      return;
    }
    return () => painter.dispose();
  }, [run, painted]);
  return (
    <div
      ref={root}
      className={`scr-canvas scr-canvas--${scope.mode}${fit === 'width' ? ' scr-canvas--fit' : ''}${run && painted ? ' scr-canvas--painted' : ''}`}
      style={fit === 'none' ? { width, height } : { aspectRatio: `${width} / ${height}` }}
      role="img"
      aria-label={label ?? document.id}
      data-testid={testId ?? `screen:${document.id}`}
      data-mode={scope.mode}
    >
      {layers.map((elements, index) => (
        <svg key={index} className="scr-canvas__layer" viewBox={viewBox} preserveAspectRatio="xMidYMin meet">
          {index === 0 && <SvgDefs />}
          {index === 0 && <rect className="scr-canvas__bg" width={width} height={height} style={{ fill: cssColor(background ?? 'background', 'var(--bg)') }} />}
          {elements.map((element) => (
            <ElementView key={element.id} element={element} scope={canvasScope} readoutCanvas={clear.has(element.id)} />
          ))}
        </svg>
      ))}
      {run && painted && <div ref={readouts} className="scr-canvas__readouts" aria-hidden="true" />}
    </div>
  );
}
