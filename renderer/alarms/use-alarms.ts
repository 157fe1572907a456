import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { AlarmInfo, AlarmPriority, AlarmStateName, AlarmSummary } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { useProjectTexts } from '../ui/project-texts.ts';

/** Every alarm not in normal, its message and help in the reader's language; a new array at most once per animation frame. */
export function useAlarmList(): readonly AlarmInfo[] {
  const { alarms } = useServices();
  const texts = useProjectTexts();
  const list = useSyncExternalStore(alarms.subscribe, alarms.list);
  return useMemo(() => list.map((a) => texts.alarm(a)), [list, texts]);
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
  const texts = useProjectTexts();
  return useMemo(() => (worst ? texts.alarm(worst) : undefined), [worst, texts]);
}
