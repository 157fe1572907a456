import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';
import { useTag } from '../../store/use-tag.ts';
import { numericValue, shown } from '../../values/format.ts';
import { HtmlBar } from '../../values/HtmlBar.tsx';
import { machineState, isAbnormal } from '../../values/machine-state.ts';
import { ValueText } from '../../values/ValueText.tsx';
import { LINE1 } from './line-tags.ts';
import { SetpointEntry } from './SetpointEntry.tsx';

/** The conveyor's faceplate: state, actual vs setpoint, and the setpoint entry. Escape or × closes it. */
export function ConveyorFaceplate({ onClose }: { onClose: () => void }) {
  const { plant } = useServices();
  const link = useCell(plant.link);
  const setpoint = useTag(LINE1.conveyorSetpoint);
  const speed = useTag(LINE1.conveyorSpeed);
  const stateTag = useTag(LINE1.conveyorState);
  const state = machineState(stateTag);
  const stateView = shown(stateTag);
  const current = numericValue(setpoint);
  const unavailable =
    link.state !== 'open'
      ? 'Not available: no connection to the gateway.'
      : setpoint.info && !setpoint.info.writable
        ? 'This setpoint is read-only.'
        : setpoint.info === undefined
          ? 'Waiting for tag information…'
          : undefined;

  return (
    <aside
      className="faceplate"
      role="dialog"
      aria-label="Conveyor C101 faceplate"
      data-testid="conveyor-faceplate"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) onClose();
      }}
    >
      <header className="faceplate__header">
        <h2 className="faceplate__title">Conveyor C101</h2>
        {stateView.severity === 'bad' ? (
          <ValueText state={stateTag} />
        ) : (
          <span className={`faceplate__state machine--${state.look}`} data-abnormal={isAbnormal(state.look) || undefined}>
            {state.label}
          </span>
        )}
        <button type="button" className="faceplate__close" onClick={onClose} aria-label="Close faceplate" data-testid="faceplate-close">
          ×
        </button>
      </header>
      <dl className="faceplate__values">
        <dt>Actual speed</dt>
        <dd>
          <ValueText state={speed} />
        </dd>
        <dt>Setpoint</dt>
        <dd>
          <ValueText state={setpoint} />
        </dd>
      </dl>
      <HtmlBar state={speed} target={current} />
      <SetpointEntry path={LINE1.conveyorSetpoint} info={setpoint.info} current={current} actual={numericValue(speed)} unavailable={unavailable} />
    </aside>
  );
}
