import { useState } from 'react';
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
  return (
    <div className="trend__toolbar" role="toolbar" aria-label="Trend range">
      <div className="trend__group" role="group" aria-label="Presets">
        {PRESETS.map((preset) => (
          <button key={preset.id} type="button" className="button trend__preset" aria-pressed={Math.abs(span - preset.span) < 1000} data-testid={`trend-preset-${preset.id}`} onClick={() => onPreset(preset.span)}>
            {preset.label}
          </button>
        ))}
        <button type="button" className="button trend__preset" aria-pressed={custom !== undefined} data-testid="trend-custom" onClick={() => setCustom(custom ? undefined : { from: localInput(range.from), to: localInput(range.to) })}>
          Custom…
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
            From <input type="datetime-local" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} data-testid="trend-custom-from" />
          </label>
          <label>
            To <input type="datetime-local" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} data-testid="trend-custom-to" />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
        </form>
      )}
      <div className="trend__group" role="group" aria-label="Zoom and pan">
        <button type="button" className="button trend__icon" title="Back in time" aria-label="Pan back" data-testid="trend-pan-back" onClick={() => onPan(-0.5)}>
          ◀
        </button>
        <button type="button" className="button trend__icon" title="Zoom in" aria-label="Zoom in" data-testid="trend-zoom-in" onClick={() => onZoom(0.5)}>
          +
        </button>
        <button type="button" className="button trend__icon" title="Zoom out" aria-label="Zoom out" data-testid="trend-zoom-out" onClick={() => onZoom(2)}>
          −
        </button>
        <button type="button" className="button trend__icon" title="Forward in time" aria-label="Pan forward" data-testid="trend-pan-forward" onClick={() => onPan(0.5)} disabled={range.live}>
          ▶
        </button>
        <button type="button" className="button trend__live" aria-pressed={range.live} data-testid="trend-live" data-live={range.live} onClick={onLive}>
          {range.live ? '● Live' : '○ Live'}
        </button>
      </div>
      <div className="trend__group trend__group--end" role="group" aria-label="Export">
        <button type="button" className="button" data-testid="trend-export-csv" onClick={onCsv} disabled={!canExport}>
          CSV
        </button>
        <button type="button" className="button" data-testid="trend-export-png" onClick={onPng} disabled={!canExport}>
          PNG
        </button>
      </div>
    </div>
  );
}
