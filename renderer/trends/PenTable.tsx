import { severityOf } from '../../common/quality.ts';
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

/** The legend and the cursor readout in one: every pen's value, units and quality at the cursor. */
export function PenTable({ pens, samples, cursor, to, problems, onRemove, timeZone }: Props) {
  const at = cursor ?? to;
  // By night the swatch takes the pen's night colour, as its line on the chart does (echarts.ts).
  const theme = useTheme();
  return (
    <table className="trend__pens" data-testid="trend-pens">
      <caption className="trend__readout-time" data-testid="trend-cursor-time">
        {cursor === undefined ? 'Latest' : 'Cursor'} · {formatTime(at, timeZone)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Pen</th>
          <th scope="col" className="trend__num">
            Value
          </th>
          <th scope="col">Units</th>
          <th scope="col">Quality</th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {pens.map((pen) => {
          const point = sampleAt(samples.get(pen.path) ?? { time: [], value: [], quality: [] }, at);
          const quality = point?.quality ?? null;
          const severity = quality === null ? 'gap' : severityOf(quality);
          const problem = problems.get(pen.path);
          const text = point && point.value !== null ? formatValue(pen.info, pen.info.dataType === 'bool' ? point.value === 1 : point.value) : '';
          return (
            <tr key={pen.path} data-testid={`trend-pen:${pen.path}`} data-severity={severity}>
              <th scope="row" className="trend__pen-name" title={pen.info.description}>
                <span className="trend__swatch" style={{ background: penColour(pen.colour, theme) }} aria-hidden="true" />
                <span className="trend__pen-path">{pen.path}</span>
                {problem && (
                  <span className="trend__problem" title={problem}>
                    no history
                  </span>
                )}
              </th>
              <td className="trend__num" data-testid="trend-readout-value">
                {text}
              </td>
              <td>{pen.info.units}</td>
              <td className={`trend__quality trend__quality--${severity}`} title={quality ? qualityText(quality) : 'no data'}>
                {quality === null ? 'no data' : severity === 'good' ? 'good' : qualityShortCode(quality)}
              </td>
              <td>
                <button type="button" className="button trend__remove" aria-label={`Remove ${pen.path}`} onClick={() => onRemove(pen.path)}>
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
