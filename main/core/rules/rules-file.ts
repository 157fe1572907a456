import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { RuleDefinitionSchema, RulesFileSchema, type RuleStatus } from '../../../common/rules.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import { formatJson, writeFilesAtomically } from '../config/project-files.ts';
import { readJson } from '../project/project-json.ts';
import { errorsOf, formatProblem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';
import type { WriteActor } from '../tags/tag-writer.ts';
import type { RuleEngine } from './rule-engine.ts';
import { checkRules, RULES_FILE } from './rules-loader.ts';

export interface RulesFileDeps {
  projectDir: string;
  engine: RuleEngine;
  /** The tags as configured now (rules are checked against them: conditions read them, writes go to them). */
  tags(): readonly TagDefinition[];
  audit: AuditSink;
  log?(message: string): void;
  /** Watch rules.json and apply edits made to it by hand (default on). */
  watch?: boolean;
}

/**
 * rules.json as engineers edit it: a rule saved or removed in the app is checked with the loader's
 * checks against the tags as they are now, written atomically, applied to the running rules and
 * audited with its old and new definition; an edit of the file by hand is read again and applied the
 * same way (or, when it has problems, logged and left out: the rules keep running as they were).
 */
export class RulesFile implements Disposable {
  private readonly deps: RulesFileDeps;
  /** The file's rules as written (each entry as it is in the file, defaults not filled in). */
  private entries: unknown[] = [];
  /** The text last read or written: a change event for the same text is our own write. */
  private text: string | undefined;
  private watcher: FSWatcher | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(deps: RulesFileDeps) {
    this.deps = deps;
  }

  static async open(deps: RulesFileDeps): Promise<RulesFile> {
    const file = new RulesFile(deps);
    await file.read();
    if (deps.watch !== false) file.startWatching();
    return file;
  }

  /** Adds a rule, or replaces the one with its id. */
  save(raw: unknown, by: WriteActor): Promise<Result<RuleStatus>> {
    return this.serially(async () => {
      const parsed = RuleDefinitionSchema.safeParse(raw);
      const id = parsed.success ? parsed.data.id : typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
      const at = id === undefined ? -1 : this.entries.findIndex((e) => idOf(e) === id);
      const next = [...this.entries];
      if (at >= 0) next[at] = raw;
      else next.push(raw);
      const index = at >= 0 ? at : next.length - 1;
      const old = at >= 0 ? this.entries[at] : undefined;
      const applied = await this.apply(next, index);
      if (!applied.ok) return applied;
      this.deps.audit.record({
        user: by.name,
        role: by.role,
        station: by.station,
        action: 'rules.save',
        target: id ?? '',
        ...(old === undefined ? {} : { oldValue: JSON.stringify(old) }),
        newValue: JSON.stringify(raw),
      });
      const status = this.deps.engine.list().find((r) => r.id === id);
      return status ? ok(status) : fail('internal', `rule ${id} was saved but is not running`);
    });
  }

  remove(id: string, by: WriteActor): Promise<Result<void>> {
    return this.serially(async () => {
      const at = this.entries.findIndex((e) => idOf(e) === id);
      if (at < 0) return fail('not-found', `no rule ${id}`, 'id');
      const old = this.entries[at];
      const applied = await this.apply(
        this.entries.filter((_, i) => i !== at),
        undefined,
      );
      if (!applied.ok) return applied;
      this.deps.audit.record({ user: by.name, role: by.role, station: by.station, action: 'rules.remove', target: id, oldValue: JSON.stringify(old) });
      return ok(undefined);
    });
  }

  /** rules.json again from disk (after an edit by hand). Problems leave the running rules as they are. */
  reload(): Promise<Result<void>> {
    return this.serially(async () => {
      const before = this.text;
      const read = await this.read();
      if (!read.ok) {
        this.deps.log?.(`rules.json changed but was not applied: ${read.error.message}`);
        return read;
      }
      if (this.text !== before) {
        this.deps.audit.record({ user: RULES_FILE, role: 'system', station: 'runtime', action: 'rules.reload', target: RULES_FILE, newValue: `${this.entries.length} rules` });
        this.deps.log?.(`rules.json changed: ${this.entries.length} rules applied`);
      }
      return ok(undefined);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.debounce) clearTimeout(this.debounce);
  }

  /** Checks the whole file as it would be, writes it, then runs it. `focus`: the entry being saved. */
  private async apply(next: unknown[], focus: number | undefined): Promise<Result<void>> {
    const problems: ProjectProblem[] = [];
    const rules = checkRules(next, this.deps.tags(), problems);
    const errors = errorsOf(problems);
    if (errors.length > 0) return fail('bad-request', errors.map((p) => describe(p, focus)).join('\n'), fieldOf(errors[0]!, focus));
    const text = formatJson({ rules: next });
    const written = await writeFilesAtomically(this.deps.projectDir, new Map([[RULES_FILE, text]]));
    if (!written.ok) return written;
    this.entries = next;
    this.text = text;
    this.deps.engine.replace(rules);
    return ok(undefined);
  }

  private async read(): Promise<Result<void>> {
    const path = join(this.deps.projectDir, RULES_FILE);
    if (!existsSync(path)) {
      this.entries = [];
      this.text = undefined;
      this.deps.engine.replace([]);
      return ok(undefined);
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === this.text) return ok(undefined);
    const problems: ProjectProblem[] = [];
    const json = await readJson(this.deps.projectDir, RULES_FILE, problems);
    const shape = json === undefined ? undefined : schemaProblems(RulesFileSchema, json, RULES_FILE);
    if (shape) problems.push(...shape.problems);
    const entries = shape?.value?.rules ?? [];
    const rules = checkRules(entries, this.deps.tags(), problems);
    const errors = errorsOf(problems);
    if (errors.length > 0) return fail('config-error', errors.map(formatProblem).join('\n'), RULES_FILE);
    this.entries = entries;
    this.text = text;
    this.deps.engine.replace(rules);
    return ok(undefined);
  }

  private startWatching(): void {
    try {
      // The folder, not the file: an atomic save replaces the file, which ends a watch on it.
      this.watcher = watch(this.deps.projectDir, (_event, name) => {
        if (name !== RULES_FILE || this.disposed) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload(), 150);
      });
      this.watcher.on('error', (error) => this.deps.log?.(`watching rules.json stopped: ${error.message}`));
    } catch (error) {
      this.deps.log?.(`cannot watch rules.json (edits by hand need a restart): ${(error as Error).message}`);
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function idOf(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
}

/** A problem of the entry being saved is named as the form names it (`rule.when`), others by their place in the file. */
function fieldOf(p: ProjectProblem, focus: number | undefined): string {
  const own = focus === undefined ? undefined : `rules[${focus}]`;
  if (own && p.field?.startsWith(own)) return `rule${p.field.slice(own.length)}`;
  return p.field ? `${RULES_FILE}#${p.field}` : RULES_FILE;
}

function describe(p: ProjectProblem, focus: number | undefined): string {
  const own = focus === undefined ? undefined : `rules[${focus}]`;
  if (own && p.field?.startsWith(own)) return `${fieldOf(p, focus)}: ${p.message}`;
  return formatProblem(p);
}
