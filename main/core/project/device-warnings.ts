import type { TagDefinition } from '../../../common/tag.ts';
import { deviceWarnings, type LoadedDevice } from './project-validation.ts';

/** A problem that lets the project start, shaped like the loader's problems: file, field, message, severity. */
export interface ProjectWarning {
  file: string;
  field?: string;
  message: string;
  severity: 'warning';
}

/**
 * The drivers' warnings about their devices' tags (Modbus: two tags reading the same registers as
 * different types), each at its device in project.json and naming the tags. A whole-project check:
 * the loader adds them to its list, the runtime logs them, the Devices view shows them per device.
 */
export function driverWarnings(project: { devices: readonly LoadedDevice[]; tags: readonly TagDefinition[] }): ProjectWarning[] {
  return project.devices.flatMap((device, i) =>
    deviceWarnings(device, project.tags).map((message): ProjectWarning => ({ file: 'project.json', field: `devices[${i}]`, message, severity: 'warning' })),
  );
}
