import type { LoadedProject } from './loaded-project.ts';
import type { ProjectProblem } from './project-problems.ts';
import { deviceWarnings } from './project-validation.ts';

/**
 * The drivers' warnings about their devices' tags (Modbus: two tags reading the same registers as
 * different types), each at its device in project.json and naming the tags. A whole-project check
 * (PROJECT_CHECKS): the loader adds them to its list, the runtime logs them, the Devices view shows
 * them per device.
 */
export function driverWarnings(project: Pick<LoadedProject, 'devices' | 'tags'>): ProjectProblem[] {
  return project.devices.flatMap((device, i) => deviceWarnings(device, project.tags).map((message): ProjectProblem => ({ file: 'project.json', field: `devices[${i}]`, message, severity: 'warning' })));
}
