import { MAX_ZOOM, MIN_ZOOM, stepZoom, zoomLabel } from '../model/viewport.ts';

/** − / zoom level / + / Fit / 100 %; Ctrl+wheel zooms about the pointer, space+drag or middle-drag pans. */
export function ZoomControls({ zoom, fit, onZoom, onFit }: { zoom: number; fit: boolean; onZoom: (zoom: number) => void; onFit: () => void }) {
  return (
    <div className="editor-toolbar__group editor-zoom" aria-label="Zoom" title="Ctrl+wheel zooms; space+drag or middle-drag pans">
      <button type="button" className="button editor-tool" aria-label="Zoom out" title="Zoom out" disabled={zoom <= MIN_ZOOM} onClick={() => onZoom(stepZoom(zoom, 'out'))} data-testid="zoom-out">
        −
      </button>
      <output className="editor-zoom__level" data-testid="zoom-level" data-zoom={zoom} aria-label="Zoom level">
        {zoomLabel(zoom)}
      </output>
      <button type="button" className="button editor-tool" aria-label="Zoom in" title="Zoom in" disabled={zoom >= MAX_ZOOM} onClick={() => onZoom(stepZoom(zoom, 'in'))} data-testid="zoom-in">
        +
      </button>
      <button type="button" className="button editor-tool" title="Fit the whole document in view" aria-pressed={fit} onClick={onFit} data-testid="zoom-fit">
        Fit
      </button>
      <button type="button" className="button editor-tool" title="Actual size" aria-pressed={!fit && zoom === 1} onClick={() => onZoom(1)} data-testid="zoom-100">
        100 %
      </button>
    </div>
  );
}
