import type { TagState } from '../store/tag-store.ts';
import { shown } from './value-format.ts';

/**
 * One value in HTML (tables, faceplates, KPIs): right-aligned tabular digits with units; bad quality
 * replaces the number with a hatched code box, uncertain dims it and adds a dashed code marker.
 */
export function ValueText({ state, className = '' }: { state: TagState; className?: string }) {
  const view = shown(state);
  return (
    <span className={`value value--${view.severity} ${className}`} data-testid={`value:${state.path}`} data-quality={view.severity}>
      {view.severity === 'bad' ? (
        <span className="value__bad" data-testid="quality-marker" data-code={view.code}>
          {view.code}
        </span>
      ) : (
        <span className="value__number" data-testid="value-text">
          {view.text}
        </span>
      )}
      <span className="value__units">{view.units}</span>
      {view.severity === 'uncertain' && (
        <span className="value__uncertain" data-testid="quality-marker" data-code={view.code}>
          {view.code}
        </span>
      )}
    </span>
  );
}
