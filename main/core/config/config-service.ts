import type { ConfigChange, ConfigDevice, ConfigTag, CsvPreview } from '../../../common/config-contract.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { DriverFactory } from '../../../drivers/api.ts';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { TagFileEntry } from '../project/project-loader.ts';
import { parseTag, type LoadedDevice } from '../project/project-validation.ts';
import { instanceAlarmFile, type LoadedTemplate } from '../project/template-loader.ts';
import type { AlarmDefinition } from '../../../common/alarms.ts';
import type { TemplateInfo } from '../../../common/templates.ts';
import type { SecretField } from '../../../common/secrets.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import { checkAlarms, validateCandidate, type Candidate, type Focus, type RawEntry, type ValidCandidate } from './config-candidate.ts';
import { formatJson, writeFilesAtomically } from './project-files.ts';
import { PROJECT_FORMAT_VERSION } from '../project/project-schema.ts';
import { exportTagsCsv, parseTagsCsv, readTagsCsv } from './tag-csv.ts';
import { previewRows } from './tag-csv-preview.ts';
import { DeviceSecrets } from './device-secrets.ts';
import { derivedProblem, type DerivedProblem } from '../tags/expression-graph.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import type { SecretChanges, SecretStore } from '../secrets/secret-store.ts';

export interface ConfigServiceOptions {
  projectDir: string;
  drivers: ReadonlyMap<string, DriverFactory<unknown>>;
  /** The station's secrets: device secret fields are references into it (main/core/secrets). */
  secrets: { store: SecretStore; resolver: SecretResolver };
  /** project.json as loaded (migrated); its other fields are written back unchanged. */
  projectJson: Record<string, unknown>;
  devices: readonly LoadedDevice[];
  tagFiles: readonly TagFileEntry[];
  templates: ReadonlyMap<string, LoadedTemplate>;
  engine: TagEngine;
  deviceManager: DeviceManager;
  alarms: AlarmService;
  /** Tags the runtime adds of its own (the live OEE tags): expressions may read them. */
  builtInTags?: readonly TagDefinition[];
}

const DEFAULT_TAG_FILE = 'tags';
const DEFAULT_IMPORT_FILE = 'imported';
const DEFAULT_INSTANCE_FILE = 'instances';

/**
 * The device and tag configuration as engineers edit it in the app. Each edit builds the project as
 * it would be, validates all of it with the loader's checks and against the alarms, writes the
 * changed files atomically, and only then applies it to the running engine and devices: a refused or
 * failed edit changes neither the files nor the runtime. Edits run one at a time.
 */
export class ConfigService implements Disposable {
  private readonly changeEmitter = new Emitter<ConfigChange>();
  /** Fires after every applied edit. */
  readonly onDidChange = this.changeEmitter.event;
  private projectJson: Record<string, unknown>;
  private current: Candidate;
  private valid: ValidCandidate;
  private revision = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly options: ConfigServiceOptions;
  private readonly secrets: DeviceSecrets;

  constructor(options: ConfigServiceOptions) {
    this.options = options;
    this.secrets = new DeviceSecrets(options.secrets, options.drivers);
    this.projectJson = options.projectJson;
    const devices = Array.isArray(options.projectJson['devices']) ? (options.projectJson['devices'] as RawEntry[]) : [];
    this.current = {
      devices: [...devices],
      tagFiles: new Map(options.tagFiles.map((f) => [f.file, [...(f.raw as RawEntry[])]])),
      instances: new Map(options.tagFiles.filter((f) => f.instances.length > 0).map((f) => [f.file, [...(f.instances as RawEntry[])]])),
      templates: options.templates,
    };
    // The project loaded with the same checks, so this cannot fail; the loader's result is the fallback.
    const valid = validateCandidate(this.current, options.drivers, undefined);
    this.valid = valid.ok ? valid.value : { devices: [...options.devices], tags: [], instances: [] };
  }

  drivers(): string[] {
    return [...this.options.drivers.keys()];
  }

  /** Driver → the fields of its config that hold secrets (write-only: listed as set / not set). */
  secretFields(): Record<string, SecretField[]> {
    return this.secrets.fields();
  }

  /** The device as the audit trail records a save of it: secret fields say what was asked, never a value. */
  deviceForAudit(raw: RawEntry): RawEntry {
    return this.secrets.describe(raw);
  }

  /** Devices as written, except secret fields: those read `{ set, name }`, never a value. */
  listDevices(): ConfigDevice[] {
    return this.current.devices.map((definition) => ({
      definition: this.secrets.redact(definition),
      tagCount: this.valid.tags.filter((t) => t.def.source.device === definition['name']).length,
    }));
  }

  listTags(device?: string): ConfigTag[] {
    return this.valid.tags.filter((t) => device === undefined || t.def.source.device === device).map((t) => (t.raw ? { file: t.file, definition: t.raw } : { file: t.file, definition: { ...t.def }, instance: t.instance! }));
  }

  listTemplates(): TemplateInfo[] {
    return [...this.options.templates.values()].map(({ file, template }) => ({
      name: template.name,
      description: template.description,
      file,
      parameters: template.parameters,
      members: template.tags.map((m) => String(m['path'])),
      alarms: template.alarms.map((m) => String(m['id'])),
      instances: this.valid.instances.filter((i) => i.expanded.instance.template === template.name).map((i) => ({ path: i.expanded.instance.path, file: i.file, parameters: i.expanded.instance.parameters })),
    }));
  }

  instantiate(raw: RawEntry, fileName?: string): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const path = typeof raw['path'] === 'string' ? raw['path'] : '';
      if (this.valid.instances.some((i) => i.expanded.instance.path === path)) {
        return Promise.resolve(fail('bad-request', `instance.path: ${path} is already an instance; delete it first`, 'instance.path'));
      }
      const file = `tags/${fileName ?? DEFAULT_INSTANCE_FILE}.json`;
      const instances = new Map(this.current.instances);
      instances.set(file, [...(instances.get(file) ?? []), raw]);
      const tagFiles = this.current.tagFiles.has(file) ? this.current.tagFiles : new Map([...this.current.tagFiles, [file, []]]);
      return this.apply({ ...this.current, tagFiles, instances }, { kind: 'instance', path }, 'instance');
    });
  }

  deleteInstance(path: string): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const existing = this.valid.instances.find((i) => i.expanded.instance.path === path);
      if (!existing) return Promise.resolve(fail('not-found', `no template instance ${path}`, 'path'));
      const instances = new Map(this.current.instances);
      instances.set(
        existing.file,
        instances.get(existing.file)!.filter((e) => e !== existing.raw),
      );
      return this.apply({ ...this.current, instances }, undefined, 'path');
    });
  }

  /** A member of a template instance is changed through its template or instance, never by itself. */
  private memberProblem(path: string, field: string): Result<never> | undefined {
    const member = this.valid.tags.find((t) => t.def.path === path && t.instance !== undefined);
    if (!member) return undefined;
    const instance = this.valid.instances.find((i) => i.expanded.instance.path === member.instance);
    return fail('bad-request', `${field}: ${path} belongs to ${member.instance} (template ${instance?.expanded.instance.template}): change the template or delete the instance`, field);
  }

  /** Secret fields take `{ value }`, `{ keep: true }` (or the status as listed), `{ clear: true }` (common/secrets.ts). */
  saveDevice(sent: RawEntry): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const name = typeof sent['name'] === 'string' ? sent['name'] : '';
      const devices = [...this.current.devices];
      const at = devices.findIndex((d) => d['name'] === name);
      const prepared = this.secrets.prepare(sent, at >= 0 ? devices[at] : undefined);
      if (!prepared.ok) return Promise.resolve(prepared);
      const raw = prepared.value.raw;
      if (at >= 0) devices[at] = raw;
      else devices.push(raw);
      const changes = this.secrets.sparingShared(
        prepared.value.changes,
        devices.filter((d) => d !== raw),
      );
      return this.apply({ ...this.current, devices }, { kind: 'device', name }, 'device', changes);
    });
  }

  deleteDevice(name: string, withTags: boolean): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      if (!this.current.devices.some((d) => d['name'] === name)) return Promise.resolve(fail('not-found', `no device ${name}`, 'name'));
      const used = this.valid.tags.filter((t) => t.def.source.device === name);
      if (used.length > 0 && !withTags) {
        const shown = used
          .slice(0, 5)
          .map((t) => t.def.path)
          .join(', ');
        return Promise.resolve(fail('bad-request', `name: device ${name} still has ${used.length} tag(s) (${shown}${used.length > 5 ? ', ...' : ''}): delete them first, or delete the device with its tags`, 'name'));
      }
      const members = used.filter((t) => t.instance !== undefined);
      if (members.length > 0) {
        return Promise.resolve(fail('bad-request', `name: template instance ${members[0]!.instance} uses device ${name}: delete the instance first`, 'name'));
      }
      const gone = new Set(used.map((t) => t.raw));
      const tagFiles = new Map([...this.current.tagFiles].map(([file, entries]) => [file, entries.filter((e) => !gone.has(e))]));
      const devices = this.current.devices.filter((d) => d['name'] !== name);
      const released = this.secrets.released(
        this.current.devices.find((d) => d['name'] === name)!,
        devices,
      );
      return this.apply({ ...this.current, devices, tagFiles }, undefined, 'name', released);
    });
  }

  saveTag(raw: RawEntry, fileName?: string): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const path = typeof raw['path'] === 'string' ? raw['path'] : '';
      const member = this.memberProblem(path, 'tag.path');
      if (member) return Promise.resolve(member);
      const existing = this.valid.tags.find((t) => t.def.path === path);
      const file = existing?.file ?? `tags/${fileName ?? DEFAULT_TAG_FILE}.json`;
      if (existing && fileName !== undefined && existing.file !== `tags/${fileName}.json`) {
        return Promise.resolve(fail('bad-request', `tag.path: ${path} is defined in ${existing.file}; save it there or delete it first`, 'tag.path'));
      }
      const tagFiles = new Map(this.current.tagFiles);
      const entries = [...(tagFiles.get(file) ?? [])];
      const at = existing?.raw ? entries.indexOf(existing.raw) : -1;
      if (at >= 0) entries[at] = raw;
      else entries.push(raw);
      tagFiles.set(file, entries);
      return this.apply({ ...this.current, tagFiles }, { kind: 'tag', path }, 'tag');
    });
  }

  deleteTag(path: string): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const member = this.memberProblem(path, 'path');
      if (member) return Promise.resolve(member);
      const existing = this.valid.tags.find((t) => t.def.path === path);
      if (!existing) return Promise.resolve(fail('not-found', `no tag ${path}`, 'path'));
      const tagFiles = new Map(this.current.tagFiles);
      tagFiles.set(
        existing.file,
        tagFiles.get(existing.file)!.filter((e) => e !== existing.raw),
      );
      return this.apply({ ...this.current, tagFiles }, undefined, 'path');
    });
  }

  exportCsv(device?: string): { csv: string; rows: number } {
    // Members of template instances come from their template: they are not rows of their own.
    const tags = this.valid.tags.filter((t) => t.raw !== undefined && (device === undefined || t.def.source.device === device));
    return { csv: exportTagsCsv(tags.map((t) => t.raw!)), rows: tags.length };
  }

  importCsv(csv: string, fileName?: string): Promise<Result<ConfigChange>> {
    return this.serially(() => {
      const byName = new Map(this.valid.devices.map((d) => [d.definition.name, d]));
      const rows = parseTagsCsv(csv, byName);
      return rows.ok ? this.upsertTags(rows.value, fileName, 'csv') : Promise.resolve(rows);
    });
  }

  /** What importing `csv` would do (added, changed, unchanged, refused rows; tags not in the file), applying nothing. */
  previewCsv(csv: string): Result<CsvPreview> {
    const byName = new Map(this.valid.devices.map((d) => [d.definition.name, d]));
    const read = readTagsCsv(csv, byName);
    if (!read.ok) return read;
    return ok(previewRows(read.value, this.valid.tags, (path) => this.memberProblem(path, 'path')));
  }

  /** Several tags as one change; a bad one refuses all, naming it (`tags[2].source.address`). */
  importTags(entries: readonly RawEntry[], fileName?: string): Promise<Result<ConfigChange>> {
    return this.serially(async () => {
      const byName = new Map(this.valid.devices.map((d) => [d.definition.name, d]));
      const seen = new Set<string>();
      for (const [i, raw] of entries.entries()) {
        const parsed = parseTag(raw, byName);
        if (!parsed.ok) {
          const field = parsed.error.field ? `tags[${i}].${parsed.error.field}` : `tags[${i}]`;
          return fail('bad-request', `${field}: ${parsed.error.message}`, field);
        }
        if (seen.has(parsed.value.path)) return fail('bad-request', `tags[${i}].path: ${parsed.value.path} is given twice`, `tags[${i}].path`);
        seen.add(parsed.value.path);
      }
      return this.upsertTags(entries, fileName, 'tags');
    });
  }

  private upsertTags(entries: readonly RawEntry[], fileName: string | undefined, field: string): Promise<Result<ConfigChange>> {
    for (const [i, raw] of entries.entries()) {
      const member = this.memberProblem(String(raw['path']), field === 'csv' ? `csv: row ${i + 2}, column path` : `tags[${i}].path`);
      if (member) return Promise.resolve(member);
    }
    const tagFiles = new Map(this.current.tagFiles);
    const target = `tags/${fileName ?? DEFAULT_IMPORT_FILE}.json`;
    for (const raw of entries) {
      const existing = this.valid.tags.find((t) => t.def.path === raw['path']);
      const file = existing?.file ?? target;
      const list = [...(tagFiles.get(file) ?? [])];
      const at = existing?.raw ? list.indexOf(existing.raw) : -1;
      if (at >= 0) list[at] = raw;
      else list.push(raw);
      tagFiles.set(file, list);
    }
    return this.apply({ ...this.current, tagFiles }, undefined, field);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  /** Validate all → check alarms → keep the secrets → write the changed files → apply live. */
  private async apply(next: Candidate, focus: Focus, field: string, secrets: SecretChanges = new Map()): Promise<Result<ConfigChange>> {
    const checked = this.secrets.validating(secrets, () => validateCandidate(next, this.options.drivers, focus));
    if (!checked.ok) return checked;
    const defs = checked.value.tags.map((t) => t.def);
    const derived = derivedProblem(defs, this.options.builtInTags);
    if (derived) return refuseDerived(derived, focus);
    const own = this.options.alarms.definitions
      .list()
      .filter((e) => e.file.startsWith('alarms/'))
      .map((e) => e.definition);
    const generated = checked.value.instances.flatMap((i) => i.expanded.alarms);
    const alarms = checkAlarms([...own, ...generated], defs, field);
    if (!alarms.ok) return alarms;
    const files = this.changedFiles(next);
    // Secrets first: project.json never refers to a value that is not stored.
    const kept = this.secrets.commit(secrets);
    if (!kept.ok) return kept;
    const written = await writeFilesAtomically(this.options.projectDir, files);
    if (!written.ok) {
      kept.value();
      return written;
    }
    const before = new Map(this.valid.instances.flatMap((i) => i.expanded.alarms).map((a) => [a.id, a]));
    const change = await this.applyLive(checked.value);
    this.current = next;
    this.valid = checked.value;
    if (files.has('project.json')) this.projectJson = { ...this.projectJson, devices: next.devices };
    this.options.alarms.updateTags(defs);
    this.applyTemplateAlarms(before, checked.value);
    this.changeEmitter.fire(change);
    return ok(change);
  }

  /** Template alarms follow their instances: new and changed ones are upserted, gone ones removed. */
  private applyTemplateAlarms(before: ReadonlyMap<string, AlarmDefinition>, next: ValidCandidate): void {
    const engine = this.options.alarms.engine;
    const after = new Map(next.instances.flatMap((i) => i.expanded.alarms).map((a) => [a.id, a]));
    for (const [id] of before) if (!after.has(id)) engine.remove(id);
    for (const [id, def] of after) if (!sameJson(before.get(id), def)) engine.upsert(def);
    this.options.alarms.definitions.setGenerated(next.instances.filter((i) => i.expanded.alarms.length > 0).map((i) => ({ file: instanceAlarmFile(i.expanded.instance.path), alarms: i.expanded.alarms })));
  }

  private changedFiles(next: Candidate): Map<string, string> {
    const files = new Map<string, string>();
    if (next.devices !== this.current.devices) {
      files.set('project.json', formatJson({ ...this.projectJson, formatVersion: PROJECT_FORMAT_VERSION, devices: next.devices }));
    }
    for (const file of new Set([...next.tagFiles.keys(), ...next.instances.keys()])) {
      const tags = next.tagFiles.get(file) ?? [];
      const instances = next.instances.get(file) ?? [];
      if (this.current.tagFiles.get(file) === next.tagFiles.get(file) && this.current.instances.get(file) === next.instances.get(file)) continue;
      files.set(file, formatJson(instances.length > 0 ? { tags, instances } : { tags }));
    }
    return files;
  }

  /** Swaps what changed into the engine, then lets the device manager restart or resubscribe only the devices it touches. */
  private async applyLive(next: ValidCandidate): Promise<ConfigChange> {
    const engine = this.options.engine;
    const oldDevices = new Map(this.valid.devices.map((d) => [d.definition.name, d]));
    const newDevices = new Map(next.devices.map((d) => [d.definition.name, d]));
    const restart = new Set<string>();
    for (const name of new Set([...oldDevices.keys(), ...newDevices.keys()])) {
      const before = oldDevices.get(name);
      const after = newDevices.get(name);
      // The parsed config holds the secrets' values: a changed password reconnects, though project.json did not change.
      if (!before || !after || !sameJson(before.definition, after.definition) || !sameJson(before.config, after.config)) restart.add(name);
    }
    const oldTags = new Map(this.valid.tags.map((t) => [t.def.path, t.def]));
    const newTags = new Map(next.tags.map((t) => [t.def.path, t.def]));
    const retag = new Set<string>();
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    const touch = (def: TagDefinition) => retag.add(def.source.device);
    for (const [path, def] of oldTags) {
      if (newTags.has(path)) continue;
      engine.removeTag(path);
      removed.push(path);
      touch(def);
    }
    for (const [path, def] of newTags) {
      const before = oldTags.get(path);
      if (!before) {
        engine.addTag(def);
        added.push(path);
        touch(def);
      } else if (!sameJson(before, def)) {
        engine.replaceTag(def);
        changed.push(path);
        touch(before);
        touch(def);
      }
    }
    for (const name of restart) retag.delete(name);
    await this.options.deviceManager.reconfigure(next.devices, restart, retag);
    this.revision++;
    return { revision: this.revision, devices: [...restart], retagged: [...retag].filter((n) => newDevices.has(n)), added, changed, removed };
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An expression that does not parse, reads a missing tag or closes a cycle: named as the loader names it. */
function refuseDerived(problem: DerivedProblem, focus: Focus): Result<never> {
  if (focus?.kind === 'tag' && focus.path === problem.path) return fail('bad-request', `tag.${problem.field}: ${problem.message}`, `tag.${problem.field}`);
  return fail('bad-request', `${problem.path}: ${problem.field}: ${problem.message}`, problem.path);
}
