import { useTag } from '../../store/use-tag.ts';
import { isOn, shown } from '../../values/format.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';
import { SvgReadout } from '../../values/SvgReadout.tsx';

export interface PumpProps {
  name: string;
  runningPath: string;
  speedPath: string;
  /** Centre of the pump symbol; flow is left to right. */
  cx: number;
  cy: number;
}

/** A centrifugal pump: solid when running, outlined when stopped; its speed beside it. */
export function Pump({ name, runningPath, speedPath, cx, cy }: PumpProps) {
  const running = useTag(runningPath);
  const view = shown(running);
  const on = isOn(running);
  const look = view.severity === 'bad' ? 'bad' : on ? 'running' : 'stopped';
  const stateText = running.info?.states ? view.text : on ? 'Running' : 'Stopped';
  return (
    <g className="pump">
      <g data-testid={`value:${runningPath}`} data-quality={view.severity} data-running={on}>
      <title>{`${name} ${runningPath}`}</title>
      <circle className={`pump__body pump__body--${look}`} cx={cx} cy={cy} r={15} />
      <path className={`pump__mark pump__mark--${look}`} d={`M ${cx - 6} ${cy - 9} L ${cx + 10} ${cy} L ${cx - 6} ${cy + 9} Z`} />
      <text className="equip__name" x={cx + 28} y={cy - 20}>
        {name}
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={cx + 70} y={cy - 33} width={56} height={16} code={view.code} />
      ) : (
        <text className={`equip__state equip__state--${view.severity}`} x={cx + 70} y={cy - 20}>
          {stateText}
        </text>
      )}
      </g>
      <SvgReadout path={speedPath} x={cx + 28} y={cy + 30} label="Speed" width={130} bar />
    </g>
  );
}
