import type { Screen, Template } from '../../screens/screen-schema.ts';
import { SvgDefs } from '../values/SvgDefs.tsx';
import { ElementView } from './ElementView.tsx';
import { cssColor } from './palette.ts';
import type { ScreenScope } from './screen-scope.ts';
import '../styles/screens.css';

export interface ScreenCanvasProps {
  /** A screen or a template (a faceplate): whatever has a size and elements. */
  document: Pick<Screen, 'id' | 'size' | 'elements'> & { background?: Screen['background'] } | Template;
  scope: ScreenScope;
  /** Scale to the available width (the default) or draw at 1:1. */
  fit?: 'width' | 'none';
  testId?: string;
  label?: string;
}

/**
 * A whole screen document as one SVG: background, then the elements in z-order (array order, last on
 * top). The same canvas draws run mode (live values, actions) and design mode (the editor).
 */
export function ScreenCanvas({ document, scope, fit = 'width', testId, label }: ScreenCanvasProps) {
  const { width, height } = document.size;
  const background = 'background' in document ? document.background : undefined;
  return (
    <svg
      className={`scr-canvas scr-canvas--${scope.mode}${fit === 'width' ? ' scr-canvas--fit' : ''}`}
      viewBox={`0 0 ${width} ${height}`}
      width={fit === 'none' ? width : undefined}
      height={fit === 'none' ? height : undefined}
      preserveAspectRatio="xMidYMin meet"
      role="img"
      aria-label={label ?? document.id}
      data-testid={testId ?? `screen:${document.id}`}
      data-mode={scope.mode}
    >
      <SvgDefs />
      <rect className="scr-canvas__bg" width={width} height={height} style={{ fill: cssColor(background ?? 'background', 'var(--bg)') }} />
      {document.elements.map((element) => (
        <ElementView key={element.id} element={element} scope={scope} />
      ))}
    </svg>
  );
}
