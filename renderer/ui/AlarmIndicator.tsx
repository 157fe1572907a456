import type { AlarmPriority } from '../../common/alarms.ts';
import { useT } from '../i18n/i18n.ts';
import { PRIORITY_NUMBER } from './alarm-priority.ts';

const SHAPES: Readonly<Record<AlarmPriority, string>> = {
  critical: 'M2 2H22V22H2Z',
  high: 'M12 1.5L23 22H1Z',
  medium: 'M12 1L23 12L12 23L1 12Z',
  low: '',
};

/**
 * The ISA-101 alarm indicator: one colour per priority, always with its shape and number (critical
 * red square 1, high orange triangle 2, medium yellow diamond 3, low cyan circle 4). Unacknowledged
 * indicators blink slowly; only the indicator, never the row or the screen.
 */
export function AlarmIndicator({
  priority,
  acknowledged,
  size = 22,
  x,
  y,
}: {
  priority: AlarmPriority;
  acknowledged: boolean;
  size?: number;
  /** Where to draw it inside an enclosing SVG. */
  x?: number;
  y?: number;
}) {
  const { t } = useT('alarms');
  const label = t(acknowledged ? 'indicator.acknowledged' : 'indicator.unacknowledged', { priority: t(`priority.${priority}`) });
  return (
    <svg
      className={`alarm-ind alarm-ind--${priority}${acknowledged ? '' : ' alarm-ind--unack'}`}
      width={size}
      height={size}
      x={x}
      y={y}
      viewBox="0 0 24 24"
      role="img"
      aria-label={label}
      data-testid="alarm-indicator"
      data-priority={priority}
      data-acknowledged={String(acknowledged)}
    >
      <title>{label}</title>
      {priority === 'low' ? <circle className="alarm-ind__shape" cx="12" cy="12" r="10.5" /> : <path className="alarm-ind__shape" d={SHAPES[priority]} />}
      <text className="alarm-ind__text" x="12" y={priority === 'high' ? 18.5 : 16.5} textAnchor="middle">
        {PRIORITY_NUMBER[priority]}
      </text>
    </svg>
  );
}
