import type { TagDefinition } from '../../../common/tag.ts';
import type { RuleDefinition } from '../../../common/rules.ts';
import type { AlarmFileEntry } from '../alarms/alarm-validation.ts';
import type { ShiftsFile } from '../shifts/production-schema.ts';
import type { NotifyFile } from '../notify/notify-schema.ts';
import type { MaintenanceFile } from '../maintenance/maintenance-schema.ts';
import type { ForwardFile } from '../forward/forward-config.ts';
import type { ProjectProblem } from './project-problems.ts';
import type { ProjectTexts } from '../texts/texts-check.ts';
import type { ProjectFile } from './project-schema.ts';
import type { LoadedDevice } from './project-validation.ts';
import type { LoadedTemplate } from './template-loader.ts';
import type { TagFileEntry, TagOrigin } from './tag-files-loader.ts';

/** A project folder as the loader read and checked it (`loadProject`, `checkProject`). */
export interface LoadedProject {
  dir: string;
  project: ProjectFile;
  devices: LoadedDevice[];
  tags: TagDefinition[];
  /** Where each tag is defined (file and field), for checks that name it. */
  tagOrigins: ReadonlyMap<string, TagOrigin>;
  /** tags/*.json as written, for the configuration editor. */
  tagFiles: TagFileEntry[];
  /** templates/*.json by name. */
  templates: Map<string, LoadedTemplate>;
  /** project.json as read (migrated to the current format), for the configuration editor. */
  projectJson: Record<string, unknown>;
  /** alarms/*.json, checked against the tags. */
  alarms: AlarmFileEntry[];
  /** shifts.json (shift calendar, OEE lines, report settings), when the project has one. */
  shifts?: ShiftsFile | undefined;
  /** rules.json's event rules (none without the file). */
  rules: RuleDefinition[];
  /** notify.json (alarm notification rules, rosters, channels), when the project has one. */
  notify?: NotifyFile | undefined;
  /** maintenance.json (equipment counters, maintenance intervals, the CMMS), when the project has one. */
  maintenance?: MaintenanceFile | undefined;
  /** forward.json (store-and-forward to the central PostgreSQL historian), when the project has one. */
  forward?: ForwardFile | undefined;
  /** Translations of the project's texts (texts/<lang>.json), checked. */
  texts: ProjectTexts;
  /** What is not right but does not stop the project (screens naming missing tags...). */
  warnings: ProjectProblem[];
}
