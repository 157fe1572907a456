import { qualityShortCode, severityOf, type Quality } from '../../../common/quality.ts';
import { useTag } from '../../store/use-tag.ts';
import { formatNumber } from '../../values/format.ts';
import { ValueText } from '../../values/ValueText.tsx';
import { LINE1 } from './line-tags.ts';

const RANK = { good: 0, uncertain: 1, bad: 2 } as const;

function worse(a: Quality, b: Quality): Quality {
  return RANK[severityOf(b)] > RANK[severityOf(a)] ? b : a;
}

/** Good and rejected bottles and the reject ratio, whose quality is the worse of its two inputs. */
export function ProductionKpis() {
  const good = useTag(LINE1.goodCount);
  const rejected = useTag(LINE1.rejectedCount);
  const quality = worse(good.value.quality, rejected.value.quality);
  const severity = severityOf(quality);
  const g = good.value.value;
  const r = rejected.value.value;
  const ratio = typeof g === 'number' && typeof r === 'number' ? (g + r === 0 ? 0 : (100 * r) / (g + r)) : undefined;
  const bad = severity === 'bad' || ratio === undefined;
  return (
    <section className="kpis" aria-label="Production">
      <div className="kpi">
        <div className="kpi__label">Good</div>
        <ValueText state={good} className="kpi__value" />
      </div>
      <div className="kpi">
        <div className="kpi__label">Rejected</div>
        <ValueText state={rejected} className="kpi__value" />
      </div>
      <div className="kpi">
        <div className="kpi__label">Reject ratio</div>
        <span className={`value value--${bad ? 'bad' : severity} kpi__value`} data-testid="value:reject-ratio" data-quality={bad ? 'bad' : severity}>
          {bad ? (
            <span className="value__bad" data-testid="quality-marker">
              {qualityShortCode(quality) || 'BAD'}
            </span>
          ) : (
            <span className="value__number" data-testid="value-text">
              {formatNumber(ratio, 2)}
            </span>
          )}
          <span className="value__units">%</span>
          {!bad && severity === 'uncertain' && (
            <span className="value__uncertain" data-testid="quality-marker">
              {qualityShortCode(quality)}
            </span>
          )}
        </span>
      </div>
    </section>
  );
}
