import { useT } from '../../i18n/i18n.ts';
import { MAX_ZOOM, MIN_ZOOM, stepZoom, zoomLabel } from '../model/viewport.ts';

/** − / zoom level / + / Fit / 100 %; Ctrl+wheel zooms about the pointer, space+drag or middle-drag pans. */
export function ZoomControls({ zoom, fit, onZoom, onFit }: { zoom: number; fit: boolean; onZoom: (zoom: number) => void; onFit: () => void }) {
  const { t } = useT('editor');
  return (
    <div className="editor-toolbar__group editor-zoom" aria-label={t('zoom.label')} title={t('zoom.title')}>
      <button type="button" className="button editor-tool" aria-label={t('zoom.out')} title={t('zoom.out')} disabled={zoom <= MIN_ZOOM} onClick={() => onZoom(stepZoom(zoom, 'out'))} data-testid="zoom-out">
        −
      </button>
      <output className="editor-zoom__level" data-testid="zoom-level" data-zoom={zoom} aria-label={t('zoom.level')}>
        {zoomLabel(zoom)}
      </output>
      <button type="button" className="button editor-tool" aria-label={t('zoom.in')} title={t('zoom.in')} disabled={zoom >= MAX_ZOOM} onClick={() => onZoom(stepZoom(zoom, 'in'))} data-testid="zoom-in">
        +
      </button>
      <button type="button" className="button editor-tool" title={t('zoom.fitTitle')} aria-pressed={fit} onClick={onFit} data-testid="zoom-fit">
        {t('zoom.fit')}
      </button>
      <button type="button" className="button editor-tool" title={t('zoom.actualSize')} aria-pressed={!fit && zoom === 1} onClick={() => onZoom(1)} data-testid="zoom-100">
        100 %
      </button>
    </div>
  );
}
