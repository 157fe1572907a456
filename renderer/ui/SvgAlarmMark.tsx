import { useCallback, useSyncExternalStore } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { worseAlarm } from './alarm-priority.ts';
import { AlarmIndicator } from './AlarmIndicator.tsx';

/**
 * An alarm indicator beside a symbol on a mimic (inside its SVG): the worst annunciated alarm of the
 * given tags, shape and priority colour, blinking while unacknowledged; nothing while none is in alarm.
 * Clicking it opens the alarm summary.
 */
export function SvgAlarmMark({ tags, x, y, size = 22 }: { tags: readonly string[]; x: number; y: number; size?: number }) {
  const { alarms } = useServices();
  const key = tags.join('\n');
  const getSnapshot = useCallback(() => {
    let worst: AlarmInfo | undefined;
    for (const tag of key.split('\n')) {
      const alarm = alarms.worstForTag(tag);
      if (alarm) worst = worst ? worseAlarm(worst, alarm) : alarm;
    }
    return worst;
  }, [alarms, key]);
  const worst = useSyncExternalStore(alarms.subscribe, getSnapshot);
  if (!worst) return null;
  return (
    <a href="#/alarms" className="mimic-alarm" data-testid={`alarm-mark:${tags[0]}`} data-priority={worst.priority}>
      <title>{worst.message}</title>
      <AlarmIndicator priority={worst.priority} acknowledged={worst.acknowledged} size={size} x={x} y={y} />
    </a>
  );
}
