import { useTag } from '../store/use-tag.ts';
import { rangeFraction, shown } from './format.ts';
import { codeBoxWidth, SvgQualityBox, SvgUncertainMark } from './SvgQualityBox.tsx';

export interface SvgReadoutProps {
  path: string;
  /** Baseline-left of the readout's text row. */
  x: number;
  y: number;
  label: string;
  width?: number;
  /** Draw a bar over TagInfo.range under the number. */
  bar?: boolean;
  /** A target drawn as a tick on the bar (e.g. the speed setpoint). */
  target?: number | undefined;
}

const UNITS_WIDTH = 34;

/**
 * One analog or discrete value in a mimic: label, right-aligned number with tabular digits, units,
 * and optionally a bar over the engineering range. Bad quality replaces the number with a hatched
 * code box; uncertain dims it and adds a marker.
 */
export function SvgReadout({ path, x, y, label, width = 190, bar = false, target }: SvgReadoutProps) {
  const state = useTag(path);
  const view = shown(state);
  const valueRight = width - UNITS_WIDTH - 4;
  const barWidth = width;
  const fraction = view.severity === 'bad' ? undefined : rangeFraction(state.info, state.value.value);
  const targetFraction = target === undefined ? undefined : rangeFraction(state.info, target);
  return (
    <g transform={`translate(${x} ${y})`} className="ro" data-testid={`value:${path}`} data-quality={view.severity}>
      <title>{`${path}${state.info?.description ? ` — ${state.info.description}` : ''}`}</title>
      <text className="ro__label" x={0} y={0}>
        {label}
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={valueRight - codeBoxWidth(view.code)} y={-14} width={codeBoxWidth(view.code)} height={18} code={view.code} />
      ) : (
        <text className={`ro__value ro__value--${view.severity}`} x={valueRight} y={0} textAnchor="end" data-testid="value-text">
          {view.text}
        </text>
      )}
      <text className="ro__units" x={valueRight + 4} y={0}>
        {view.units}
      </text>
      {/* Above the units, inside the readout's own column, so it never runs into a neighbour. */}
      {view.severity === 'uncertain' && <SvgUncertainMark right={width} y={-17} code={view.code} />}
      {bar && state.info?.range && (
        <g className="ro__bar" transform="translate(0 6)">
          <rect className="ro__bar-track" width={barWidth} height={5} />
          {fraction !== undefined && <rect className={`ro__bar-fill ro__bar-fill--${view.severity}`} width={barWidth * fraction} height={5} />}
          {targetFraction !== undefined && (
            <path className="ro__bar-target" d={`M ${barWidth * targetFraction} 5 l -4 6 h 8 z`} data-testid="bar-target" />
          )}
        </g>
      )}
    </g>
  );
}
