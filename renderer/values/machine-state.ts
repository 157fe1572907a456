import { severityOf } from '../../common/quality.ts';
import type { TagState } from '../store/tag-store.ts';
import { formatValue } from './format.ts';

/**
 * How a machine state is drawn (ISA-101): running solid, stopped outlined, colour only for the
 * abnormal ones. 'unknown' is for bad quality: the state is not known and must not look normal.
 */
export type StateLook = 'stopped' | 'starting' | 'running' | 'starved' | 'blocked' | 'faulted' | 'unknown';

const LOOKS: Record<string, StateLook> = {
  stopped: 'stopped',
  idle: 'stopped',
  starting: 'starting',
  stopping: 'starting',
  running: 'running',
  starved: 'starved',
  blocked: 'blocked',
  faulted: 'faulted',
  fault: 'faulted',
};

export interface MachineState {
  readonly look: StateLook;
  /** The state's name from TagInfo.states (e.g. "Running"), or the quality code when bad. */
  readonly label: string;
}

export function machineState(state: TagState): MachineState {
  const { value, quality } = state.value;
  if (severityOf(quality) === 'bad') return { look: 'unknown', label: '' };
  const label = formatValue(state.info, value);
  return { look: LOOKS[label.toLowerCase()] ?? 'stopped', label };
}

export function isAbnormal(look: StateLook): boolean {
  return look === 'starved' || look === 'blocked' || look === 'faulted';
}
