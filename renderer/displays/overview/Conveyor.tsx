import { useTag } from '../../store/use-tag.ts';
import { shown } from '../../values/format.ts';
import { isAbnormal, machineState } from '../../values/machine-state.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';

export interface ConveyorProps {
  statePath: string;
  x: number;
  y: number;
  width: number;
}

const BELT = 14;

/** The belt under the machines: solid when running, outlined when stopped, coloured outline when abnormal. */
export function ConveyorBelt({ statePath, x, y, width }: ConveyorProps) {
  const state = machineState(useTag(statePath));
  return (
    <g className={`conveyor machine--${state.look}`} data-look={state.look}>
      <rect className="conveyor__belt" x={x} y={y} width={width} height={BELT} rx={BELT / 2} />
      {[x + BELT / 2, x + width - BELT / 2].map((cx) => (
        <circle key={cx} className="conveyor__roller" cx={cx} cy={y + BELT / 2} r={3} />
      ))}
    </g>
  );
}

/** The conveyor's name and state text, at its infeed end. */
export function ConveyorLabel({ name, statePath, x, y }: { name: string; statePath: string; x: number; y: number }) {
  const stateTag = useTag(statePath);
  const view = shown(stateTag);
  const state = machineState(stateTag);
  return (
    <g className={`conveyor machine--${state.look}`} data-testid={`value:${statePath}`} data-quality={view.severity} data-look={state.look}>
      <title>{`${name} ${statePath}`}</title>
      <text className="equip__name" x={x} y={y}>
        {name}
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={x + 110} y={y - 14} width={60} height={18} code={view.code} />
      ) : (
        <text
          className={`equip__state equip__state--${view.severity}${isAbnormal(state.look) ? ' equip__state--abnormal' : ''}`}
          x={x + 110}
          y={y}
          data-testid="machine-state"
        >
          {state.label}
        </text>
      )}
    </g>
  );
}
