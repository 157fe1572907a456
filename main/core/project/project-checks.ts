import type { LoadedProject } from './loaded-project.ts';
import type { ProjectProblem } from './project-problems.ts';
import { driverWarnings } from './device-warnings.ts';
import { expressionChecks } from './expression-checks.ts';

/**
 * A check of the whole project, run after the loader's own checks pass: it adds problems to the same
 * list (`npm run check`, the runtime's start). Warnings let the project start; an error stops it.
 * `project.tagOrigins` names the file and field of each tag, so a problem can point at it.
 */
export type ProjectCheck = (project: LoadedProject) => ProjectProblem[];

/** The hook: checks that belong to a driver or another area (Modbus address overlaps...) are listed here. */
export const PROJECT_CHECKS: readonly ProjectCheck[] = [driverWarnings, expressionChecks];
