import type { DriverFactory } from '../../../drivers/api.ts';
import { ok, type Result } from '../../../common/result.ts';
import { DEFAULT_PROJECT_LANGUAGES } from '../../../common/project-texts.ts';
import type { ConnectorFactory } from '../mes/connector.ts';
import { builtinConnectorTypes } from '../mes/connector-types.ts';
import { loadMesConfig } from '../mes/mes-config-loader.ts';
import { SecretResolver, withConnectorSecrets } from '../secrets/secret-resolver.ts';
import { checkScreenFiles } from '../screens/screen-check.ts';
import { loadShiftsFile } from '../shifts/shifts-loader.ts';
import { loadNotifyFile } from '../notify/notify-loader.ts';
import { loadMaintenanceFile } from '../maintenance/maintenance-loader.ts';
import { oeeTagDefinitions } from '../oee/oee-tags.ts';
import { readJson } from './project-json.ts';
import { loadForwardFile } from '../forward/forward-config.ts';
import { migrateProjectFile } from './project-migrations.ts';
import { errorsOf, joinField, problem, refusal, schemaProblems, type ProjectProblem } from './project-problems.ts';
import { PROJECT_CHECKS, type ProjectCheck } from './project-checks.ts';
import { ProjectFileSchema, type DeviceDefinition, type ProjectFile } from './project-schema.ts';
import { checkDevice, type LoadedDevice } from './project-validation.ts';
import { loadTemplates } from './template-loader.ts';
import { loadAlarms, loadTags } from './tag-files-loader.ts';
import type { LoadedProject } from './loaded-project.ts';
import { shiftGaps } from '../shifts/shift-coverage.ts';
import { loadRules } from '../rules/rules-loader.ts';
import { checkProjectTexts } from '../texts/texts-check.ts';
import { readScreenDocuments, textSources } from '../texts/text-sources.ts';

export type { LoadedDevice } from './project-validation.ts';
export type { TagFileEntry, TagOrigin } from './tag-files-loader.ts';
export type { ProjectProblem } from './project-problems.ts';
export type { LoadedProject };

export interface CheckOptions {
  /** MES/ERP transports mes.json may name (default: the built-in ones). */
  mesConnectorTypes?: ReadonlyMap<string, ConnectorFactory<unknown>>;
  /** Checks of the whole project run after the loader's own (default: PROJECT_CHECKS). */
  checks?: readonly ProjectCheck[];
}

export interface ProjectCheckResult {
  /** The project, when nothing is an error. */
  project: LoadedProject | undefined;
  /** Every problem found, errors and warnings, in file order. */
  problems: ProjectProblem[];
}

/**
 * Reads a project folder and checks every file and every cross reference (project.json, tag templates,
 * tags, alarms, shifts.json, mes.json, screens and faceplates), collecting every problem rather than
 * stopping at the first: an engineer fixes them all in one go. `npm run check` prints this list.
 */
export async function checkProject(dir: string, drivers: ReadonlyMap<string, DriverFactory<unknown>>, options: CheckOptions = {}): Promise<ProjectCheckResult> {
  const problems: ProjectProblem[] = [];
  const projectJson = await readJson(dir, 'project.json', problems);
  let project: ProjectFile | undefined;
  let migratedJson: Record<string, unknown> | undefined;
  if (projectJson !== undefined) {
    const migrated = migrateProjectFile(projectJson);
    if (!migrated.ok) problems.push(problem('project.json', migrated.error.message, migrated.error.path));
    else {
      migratedJson = migrated.value as Record<string, unknown>;
      const parsed = schemaProblems(ProjectFileSchema, migrated.value, 'project.json');
      problems.push(...parsed.problems);
      project = parsed.value;
    }
  }
  // Without a readable device list, a tag's device cannot be checked: say so once, not once per tag.
  const devices = project ? loadDevices(project.devices, drivers, problems) : undefined;

  const templates = await loadTemplates(dir);
  if (!templates.ok) problems.push(fromFileProblem(templates.error.message, templates.error.path, 'tag-templates'));
  const tags = await loadTags(dir, devices, templates.ok ? templates.value : undefined, problems);
  const alarms = await loadAlarms(dir, tags.tags, tags.broken, tags.generated, problems);

  const shifts = await loadShiftsFile(dir, tags.tags);
  if (!shifts.ok) problems.push(...shifts.error.problems.map((p) => problem('shifts.json', p.message, p.field)));
  // Shifts need not cover the whole week (a line may stand still at weekends), but the loader says so.
  if (shifts.ok && shifts.value) {
    const gaps = shiftGaps(shifts.value.shifts);
    if (gaps.length > 0)
      problems.push(problem('shifts.json', `no shift covers ${gaps.slice(0, 5).join('; ')}${gaps.length > 5 ? `; and ${gaps.length - 5} more` : ''} (that time belongs to no shift and no shift report)`, 'shifts', 'warning'));
  }
  const allTags = [...tags.tags, ...oeeTagDefinitions(shifts.ok ? (shifts.value?.lines ?? []) : [])];
  const mes = await loadMesConfig(dir, allTags, options.mesConnectorTypes ?? checkedWithoutSecrets());
  if (!mes.ok) problems.push(fromFileProblem(mes.error.message, mes.error.path, 'mes.json'));

  const rules = await loadRules(dir, allTags, problems);
  const notify = await loadNotifyFile(dir, shifts.ok ? shifts.value?.shifts.map((s) => s.name) : undefined);
  problems.push(...notify.problems);
  const maintenance = await loadMaintenanceFile(dir, (path) => allTags.find((t) => t.path === path)?.dataType);
  problems.push(...maintenance.problems);
  const forward = await loadForwardFile(dir, allTags);
  problems.push(...forward.problems);

  const known = new Set([...allTags.map((t) => t.path), ...tags.broken]);
  problems.push(...(await checkScreenFiles(dir, known)));
  const documents = await readScreenDocuments(dir);
  const sources = textSources({ alarms, tags: tags.tags, tagOrigins: tags.origins, documents, shifts: shifts.ok ? shifts.value : undefined });
  const texts = await checkProjectTexts(dir, project?.languages ?? DEFAULT_PROJECT_LANGUAGES, sources, problems);

  if (errorsOf(problems).length > 0 || !project || !devices || !migratedJson || !templates.ok || !shifts.ok) return { project: undefined, problems };
  const loaded: LoadedProject = {
    dir,
    project,
    devices,
    tags: tags.tags,
    tagOrigins: tags.origins,
    tagFiles: tags.files,
    templates: templates.value,
    projectJson: migratedJson,
    alarms,
    shifts: shifts.value,
    rules,
    notify: notify.value,
    maintenance: maintenance.value,
    forward: forward.value,
    texts,
    warnings: [],
  };
  for (const check of options.checks ?? PROJECT_CHECKS) problems.push(...check(loaded));
  loaded.warnings = problems.filter((p) => p.severity === 'warning');
  return { project: errorsOf(problems).length > 0 ? undefined : loaded, problems };
}

/**
 * The project, or every error in it (one per line, naming the file and the field). It never returns
 * part of a project: the runtime starts with all of it or not at all. Warnings come with the project.
 */
export async function loadProject(dir: string, drivers: ReadonlyMap<string, DriverFactory<unknown>>, options: CheckOptions = {}): Promise<Result<LoadedProject>> {
  const checked = await checkProject(dir, drivers, options);
  return checked.project ? ok(checked.project) : refusal(checked.problems);
}

/** A loader's `file: field: message` problem (path `file#field`) as a list entry. */
function fromFileProblem(message: string, path: string | undefined, fallback: string): ProjectProblem {
  const [file = fallback, field] = (path ?? fallback).split('#');
  const prefix = field ? `${file}: ${field}: ` : `${file}: `;
  return problem(file, message.startsWith(prefix) ? message.slice(prefix.length) : message, field || undefined);
}

function loadDevices(definitions: DeviceDefinition[], drivers: ReadonlyMap<string, DriverFactory<unknown>>, problems: ProjectProblem[]): LoadedDevice[] {
  const seen = new Set<string>();
  const devices: LoadedDevice[] = [];
  for (const [i, definition] of definitions.entries()) {
    const where = `devices[${i}]`;
    if (seen.has(definition.name)) {
      problems.push(problem('project.json', `device name "${definition.name}" is used twice`, `${where}.name`));
      continue;
    }
    seen.add(definition.name);
    const checked = checkDevice(definition, drivers);
    if (!checked.ok) problems.push(problem('project.json', checked.error.message, joinField(where, checked.error.field)));
    else devices.push(checked.value);
  }
  return devices;
}

/**
 * The built-in MES transports for a check made without a station's secrets (no data folder given):
 * a reference to a secret is checked as if it were set, the rest of each connector as it is.
 */
function checkedWithoutSecrets(): Map<string, ConnectorFactory<unknown>> {
  return withConnectorSecrets(builtinConnectorTypes(), new SecretResolver({ get: () => undefined }, '(no data folder)', 'placeholder'));
}
