import { useCallback, useSyncExternalStore } from 'react';
import type { AlarmInfo, AlarmPriority, AlarmStateName, AlarmSummary } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';

/** Every alarm not in normal; a new array at most once per animation frame. */
export function useAlarmList(): readonly AlarmInfo[] {
  const { alarms } = useServices();
  return useSyncExternalStore(alarms.subscribe, alarms.list);
}

export function useAlarmSummary(): AlarmSummary | undefined {
  return useCell(useServices().alarms.summary);
}

/** What a screen symbol shows for its tag: the worst annunciated alarm on it, or undefined while none. */
export interface TagAlarmState {
  readonly id: string;
  readonly priority: AlarmPriority;
  readonly state: AlarmStateName;
  readonly acknowledged: boolean;
  readonly message: string;
}

/**
 * The worst active alarm state and priority of one tag (highest priority, unacknowledged first), for
 * an alarm indicator beside a symbol. The component re-renders only when that alarm changes.
 */
export function useAlarmState(tagPath: string): TagAlarmState | undefined {
  const { alarms } = useServices();
  const getSnapshot = useCallback(() => alarms.worstForTag(tagPath), [alarms, tagPath]);
  const worst = useSyncExternalStore(alarms.subscribe, getSnapshot);
  return worst;
}
