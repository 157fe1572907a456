import type { OeeResult } from '../../common/reports-contract.ts';
import { mins, pct } from './report-format.ts';

/** OEE and its three factors as bars over 0–100 %, grey; an undefined factor shows a dash, not an empty bar. */
export function OeeTiles({ oee, testId }: { oee: OeeResult; testId?: string }) {
  const factors: Array<[string, number | null, string]> = [
    ['OEE', oee.oee, 'availability × performance × quality'],
    ['Availability', oee.availability, `run ${mins(oee.runMs)} of ${mins(oee.plannedMs)} planned`],
    ['Performance', oee.performance, `${oee.total} made at ideal ${oee.idealRatePerMinute}/min`],
    ['Quality', oee.quality, `${oee.good} good, ${oee.reject} rejected`],
  ];
  return (
    <div className="oee-tiles" data-testid={testId}>
      {factors.map(([label, v, note]) => (
        <div key={label} className={`oee-tile${label === 'OEE' ? ' oee-tile--main' : ''}`} data-testid={`oee-${label.toLowerCase()}`}>
          <div className="oee-tile__label">{label}</div>
          <div className="oee-tile__value">{pct(v)}</div>
          <div className="oee-tile__bar" aria-hidden="true">
            {v !== null && <div className="oee-tile__fill" style={{ width: `${Math.min(100, Math.max(0, v * 100))}%` }} />}
          </div>
          <div className="oee-tile__note">{note}</div>
        </div>
      ))}
      {!oee.complete && (
        <div className="oee-incomplete" data-testid="oee-incomplete">
          <span className="report-quality">DATA</span> part of the shift has no good history; it counts as downtime "No data"
        </div>
      )}
    </div>
  );
}
