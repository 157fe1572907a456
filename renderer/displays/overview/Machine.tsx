import { useTag } from '../../store/use-tag.ts';
import { shown } from '../../values/format.ts';
import { isAbnormal, machineState } from '../../values/machine-state.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';

export interface MachineProps {
  name: string;
  statePath: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A packaging machine as a box: solid dark grey when running, outlined when stopped, dashed while
 * starting; starved, blocked and faulted get colour together with their name, so the abnormal
 * machine is the one thing on the screen that stands out.
 */
export function Machine({ name, statePath, x, y, width, height }: MachineProps) {
  const stateTag = useTag(statePath);
  const view = shown(stateTag);
  const state = machineState(stateTag);
  const abnormal = isAbnormal(state.look);
  return (
    <g className={`machine machine--${state.look}`} data-testid={`value:${statePath}`} data-quality={view.severity} data-look={state.look}>
      <title>{`${name} ${statePath}`}</title>
      <rect className="machine__body" x={x} y={y} width={width} height={height} rx={4} />
      <text className="machine__name" x={x + width / 2} y={y + 26} textAnchor="middle">
        {name}
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={x + width / 2 - 30} y={y + height - 34} width={60} height={20} code={view.code} />
      ) : (
        <g>
          {abnormal && <rect className="machine__state-plate" x={x + 8} y={y + height - 36} width={width - 16} height={24} rx={3} />}
          <text
            className={`machine__state machine__state--${view.severity}`}
            x={x + width / 2}
            y={y + height - 19}
            textAnchor="middle"
            data-testid="machine-state"
          >
            {state.label.toUpperCase()}
          </text>
        </g>
      )}
    </g>
  );
}
