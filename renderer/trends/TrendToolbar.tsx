import { useState } from 'react';
import { useT } from '../i18n/i18n.ts';
import { PRESETS, type TimeRange } from './time-range.ts';

interface Props {
  range: TimeRange;
  onPreset(span: number): void;
  onCustom(from: number, to: number): void;
  onZoom(factor: number): void;
  onPan(fraction: number): void;
  onLive(): void;
  onCsv(): void;
  onPng(): void;
  canExport: boolean;
}

/** `2026-11-22T04:15` in local time, for datetime-local inputs. */
function localInput(t: number): string {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Presets, custom range, zoom and pan buttons, live mode, export. All targets ≥ 36 px. */
export function TrendToolbar({ range, onPreset, onCustom, onZoom, onPan, onLive, onCsv, onPng, canExport }: Props) {
  const [custom, setCustom] = useState<{ from: string; to: string } | undefined>(undefined);
  const span = range.to - range.from;
  const { t } = useT('trends');
  return (
    <div className="trend__toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="trend__group" role="group" aria-label={t('toolbar.presets')}>
        {PRESETS.map((preset) => (
          <button key={preset.id} type="button" className="button trend__preset" aria-pressed={Math.abs(span - preset.span) < 1000} data-testid={`trend-preset-${preset.id}`} onClick={() => onPreset(preset.span)}>
            {t(`presets.${preset.id}`)}
          </button>
        ))}
        <button type="button" className="button trend__preset" aria-pressed={custom !== undefined} data-testid="trend-custom" onClick={() => setCustom(custom ? undefined : { from: localInput(range.from), to: localInput(range.to) })}>
          {t('toolbar.custom')}
        </button>
      </div>
      {custom && (
        <form
          className="trend__group trend__custom"
          onSubmit={(event) => {
            event.preventDefault();
            const from = new Date(custom.from).getTime();
            const to = new Date(custom.to).getTime();
            if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
              onCustom(from, to);
              setCustom(undefined);
            }
          }}
        >
          <label>
            {t('toolbar.from')} <input type="datetime-local" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} data-testid="trend-custom-from" />
          </label>
          <label>
            {t('toolbar.to')} <input type="datetime-local" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} data-testid="trend-custom-to" />
          </label>
          <button type="submit" className="button">
            {t('toolbar.apply')}
          </button>
        </form>
      )}
      <div className="trend__group" role="group" aria-label={t('toolbar.zoomAndPan')}>
        <button type="button" className="button trend__icon" title={t('toolbar.backInTime')} aria-label={t('toolbar.panBack')} data-testid="trend-pan-back" onClick={() => onPan(-0.5)}>
          ◀
        </button>
        <button type="button" className="button trend__icon" title={t('toolbar.zoomIn')} aria-label={t('toolbar.zoomIn')} data-testid="trend-zoom-in" onClick={() => onZoom(0.5)}>
          +
        </button>
        <button type="button" className="button trend__icon" title={t('toolbar.zoomOut')} aria-label={t('toolbar.zoomOut')} data-testid="trend-zoom-out" onClick={() => onZoom(2)}>
          −
        </button>
        <button type="button" className="button trend__icon" title={t('toolbar.forwardInTime')} aria-label={t('toolbar.panForward')} data-testid="trend-pan-forward" onClick={() => onPan(0.5)} disabled={range.live}>
          ▶
        </button>
        <button type="button" className="button trend__live" aria-pressed={range.live} data-testid="trend-live" data-live={range.live} onClick={onLive}>
          {range.live ? t('toolbar.liveOn') : t('toolbar.liveOff')}
        </button>
      </div>
      <div className="trend__group trend__group--end" role="group" aria-label={t('toolbar.export')}>
        <button type="button" className="button" data-testid="trend-export-csv" onClick={onCsv} disabled={!canExport} title={t('toolbar.csvTitle')}>
          CSV
        </button>
        <button type="button" className="button" data-testid="trend-export-png" onClick={onPng} disabled={!canExport} title={t('toolbar.pngTitle')}>
          PNG
        </button>
      </div>
    </div>
  );
}
