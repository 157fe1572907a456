import type { TagInfo } from '../../../common/tag.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';
import { formatNumber, formatTime } from '../../values/format.ts';
import type { WriteStep } from './use-setpoint-write.ts';

export interface WriteFeedbackProps {
  step: WriteStep;
  info: TagInfo | undefined;
  current: number | undefined;
  actual: number | undefined;
}

/** Close enough to call the actual value "at setpoint": 1 % of the tag's span, at least one shown digit. */
export function agreeTolerance(info: TagInfo | undefined): number {
  const span = info?.writeLimits ?? info?.range;
  const digit = 10 ** -(info?.decimals ?? 1);
  return Math.max(digit, span ? (span.max - span.min) * 0.01 : digit);
}

/** Pending / accepted / refused, and after acceptance commanded vs actual until they agree. */
export function WriteFeedback({ step, info, current, actual }: WriteFeedbackProps) {
  const timeZone = useCell(useServices().plant.session)?.timeZone;
  const units = info?.units ?? '';
  const d = info?.decimals ?? 1;
  const fmt = (value: number) => `${formatNumber(value, d)} ${units}`;
  switch (step.step) {
    case 'idle':
    case 'confirm':
      return null;
    case 'invalid':
      return (
        <div className="feedback feedback--refused" role="status" data-testid="setpoint-feedback" data-state="invalid">
          <strong>Not sent.</strong> {step.reason}
        </div>
      );
    case 'pending':
      return (
        <div className="feedback feedback--pending" role="status" data-testid="setpoint-feedback" data-state="pending">
          Writing {fmt(step.value)}…
        </div>
      );
    case 'refused':
      return (
        <div className="feedback feedback--refused" role="status" data-testid="setpoint-feedback" data-state="refused">
          <strong>Refused: {fmt(step.value)}.</strong> {step.reason}
        </div>
      );
    case 'accepted': {
      const agree = actual !== undefined && Math.abs(actual - step.value) <= agreeTolerance(info);
      const superseded = current !== undefined && Math.abs(current - step.value) > 10 ** -d / 2;
      return (
        <div className="feedback feedback--accepted" role="status" data-testid="setpoint-feedback" data-state="accepted" data-agree={agree}>
          <div>
            <strong>Accepted</strong> {fmt(step.value)} at {formatTime(step.at, timeZone)}
          </div>
          <dl className="setpoint__compare">
            <dt>Commanded</dt>
            <dd>{fmt(step.value)}</dd>
            <dt>Actual</dt>
            <dd data-testid="setpoint-feedback-actual">{actual === undefined ? '—' : fmt(actual)}</dd>
          </dl>
          <div className="feedback__progress" data-testid="setpoint-progress">
            {superseded
              ? 'Setpoint has since been changed elsewhere.'
              : actual === undefined
                ? 'Actual speed not known (no good value).'
                : agree
                  ? 'Actual speed at setpoint.'
                  : 'Actual speed moving toward setpoint…'}
          </div>
        </div>
      );
    }
  }
}
