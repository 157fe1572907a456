import type { TagState } from '../store/tag-store.ts';
import { formatNumber, rangeFraction, shown } from './format.ts';

/** A horizontal bar of a value over its engineering range, with an optional target tick. */
export function HtmlBar({ state, target }: { state: TagState; target?: number | undefined }) {
  const range = state.info?.range;
  if (!range) return null;
  const view = shown(state);
  const fraction = view.severity === 'bad' ? undefined : rangeFraction(state.info, state.value.value);
  const targetFraction = target === undefined ? undefined : rangeFraction(state.info, target);
  const d = state.info?.decimals ?? 0;
  return (
    <div className="hbar" aria-hidden="true">
      <div className={`hbar__track${view.severity === 'bad' ? ' hbar__track--bad' : ''}`}>
        {fraction !== undefined && <div className={`hbar__fill hbar__fill--${view.severity}`} style={{ width: `${fraction * 100}%` }} />}
        {targetFraction !== undefined && <div className="hbar__target" style={{ left: `${targetFraction * 100}%` }} />}
      </div>
      <div className="hbar__scale">
        <span>{formatNumber(range.min, d > 0 ? 0 : d)}</span>
        <span>{formatNumber(range.max, d > 0 ? 0 : d)}</span>
      </div>
    </div>
  );
}
