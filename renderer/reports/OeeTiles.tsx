import { qualityShortCode, severityOf, type Severity } from '../../common/quality.ts';
import type { OeeResult } from '../../common/reports-contract.ts';
import { useT } from '../i18n/i18n.ts';
import { formatDateTime } from '../ui/format.ts';
import { qualityText } from '../ui/value-format.ts';
import { mins, pct } from './report-format.ts';

/**
 * OEE and its three factors as bars over 0–100 %, grey; an undefined factor shows a dash, not an empty
 * bar. The live OEE carries its inputs' quality: bad inputs (links down) replace the numbers by the
 * hatched code box every value uses, uncertain ones dim them with a marker, and the age is said.
 */
export function OeeTiles({ oee, testId }: { oee: OeeResult; testId?: string }) {
  const { t } = useT('reports');
  // The first of each: the factor's name in English (its test id) and its key in the catalogue's `tiles.*`.
  const factors: Array<[string, number | null, string]> = [
    ['OEE', oee.oee, t('tiles.oeeNote')],
    ['Availability', oee.availability, t('tiles.availabilityNote', { run: mins(oee.runMs), known: mins(oee.plannedMs - (oee.unknownMs ?? 0)) })],
    ['Performance', oee.performance, t('tiles.performanceNote', { total: oee.total, rate: oee.idealRatePerMinute })],
    ['Quality', oee.quality, t('tiles.qualityNote', { good: oee.good, reject: oee.reject })],
  ];
  const inputs = oee.inputs;
  const severity: Severity = inputs ? severityOf(inputs.quality) : 'good';
  const code = inputs ? qualityShortCode(inputs.quality) : '';
  return (
    <div className="oee-tiles" data-testid={testId} data-quality={severity}>
      {factors.map(([label, v, note]) => (
        <div key={label} className={`oee-tile oee-tile--${severity}${label === 'OEE' ? ' oee-tile--main' : ''}`} data-testid={`oee-${label.toLowerCase()}`} data-quality={severity}>
          <div className="oee-tile__label">{t(`tiles.${label}`)}</div>
          <div className={`oee-tile__value value value--${severity}`}>
            {severity === 'bad' ? (
              <span className="value__bad" data-testid="quality-marker" data-code={code}>
                {code}
              </span>
            ) : (
              <span className="value__number">{pct(v)}</span>
            )}
            {severity === 'uncertain' && (
              <span className="value__uncertain" data-testid="quality-marker" data-code={code}>
                {code}
              </span>
            )}
          </div>
          <div className="oee-tile__bar" aria-hidden="true">
            {v !== null && severity !== 'bad' && <div className="oee-tile__fill" style={{ width: `${Math.min(100, Math.max(0, v * 100))}%` }} />}
          </div>
          <div className="oee-tile__note">{note}</div>
        </div>
      ))}
      {inputs && severity !== 'good' && (
        <div className="oee-inputs" role="status" data-testid="oee-inputs">
          <span className="report-quality">{code}</span> {t('tiles.notLive', { quality: qualityText(inputs.quality), time: formatDateTime(inputs.sourceTime) })}
        </div>
      )}
      {!oee.complete && (
        <div className="oee-incomplete" data-testid="oee-incomplete">
          <span className="report-quality">{t('tiles.dataCode')}</span> {oee.unknownMs === undefined ? t('tiles.noHistory') : t('tiles.unknownTime', { duration: mins(oee.unknownMs) })}
        </div>
      )}
    </div>
  );
}
