import { severityOf } from '../../common/quality.ts';
import { useT } from '../i18n/i18n.ts';
import { formatTime, formatValue, qualityText } from '../ui/value-format.ts';
import type { Pen } from './pens.ts';
import { sampleAt, type Samples } from './samples.ts';
import { qualityShortCode } from '../../common/quality.ts';
import { penColour } from './echarts.ts';
import { useTheme } from '../ui/theme.ts';

interface Props {
  pens: readonly Pen[];
  samples: ReadonlyMap<string, Samples>;
  /** The cursor's time, or undefined: then the latest shown value. */
  cursor: number | undefined;
  to: number;
  problems: ReadonlyMap<string, string>;
  onRemove(path: string): void;
  timeZone?: string | undefined;
}

/** A pen's look at the cursor: its quality's severity, or a gap where there was no data. */
function severityAt(quality: Parameters<typeof severityOf>[0] | null): ReturnType<typeof severityOf> | 'gap' {
  return quality === null ? 'gap' : severityOf(quality);
}

/** The legend and the cursor readout in one: every pen's value, units and quality at the cursor. */
export function PenTable({ pens, samples, cursor, to, problems, onRemove, timeZone }: Props) {
  const at = cursor ?? to;
  const { t } = useT('trends');
  // By night the swatch takes the pen's night colour, as its line on the chart does (echarts.ts).
  const theme = useTheme();
  return (
    <table className="trend__pens" data-testid="trend-pens">
      <caption className="trend__readout-time" data-testid="trend-cursor-time">
        {cursor === undefined ? t('pens.latest', { time: formatTime(at, timeZone) }) : t('pens.cursor', { time: formatTime(at, timeZone) })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('pens.pen')}</th>
          <th scope="col" className="trend__num">
            {t('pens.value')}
          </th>
          <th scope="col">{t('pens.units')}</th>
          <th scope="col">{t('pens.quality')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('pens.remove')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {pens.map((pen) => {
          const point = sampleAt(samples.get(pen.path) ?? { time: [], value: [], quality: [] }, at);
          const quality = point?.quality ?? null;
          const severity = severityAt(quality);
          const problem = problems.get(pen.path);
          const noData = t('pens.noData');
          const text = point && point.value !== null ? formatValue(pen.info, pen.info.dataType === 'bool' ? point.value === 1 : point.value) : '';
          return (
            <tr key={pen.path} data-testid={`trend-pen:${pen.path}`} data-severity={severity}>
              <th scope="row" className="trend__pen-name">
                <span className="trend__swatch" style={{ background: penColour(pen.colour, theme) }} aria-hidden="true" />
                {/* The tag's path and description are project data; the description shows on hover. */}
                <span className="trend__pen-path" title={pen.info.description} data-project-text="">
                  {pen.path}
                </span>
                {problem !== undefined && (
                  <span className="trend__problem" title={problem || t('pens.noHistoryTitle')}>
                    {t('pens.noHistory')}
                  </span>
                )}
              </th>
              <td className="trend__num" data-testid="trend-readout-value">
                {text}
              </td>
              <td data-project-text="">{pen.info.units}</td>
              <td className={`trend__quality trend__quality--${severity}`} title={quality ? qualityText(quality) : noData}>
                {quality === null ? noData : severity === 'good' ? t('pens.good') : qualityShortCode(quality)}
              </td>
              <td>
                <button type="button" className="button trend__remove" aria-label={t('pens.removePen', { path: pen.path })} onClick={() => onRemove(pen.path)}>
                  ✕
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
