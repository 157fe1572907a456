import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AlarmDefinitionSchema, type AlarmDefinition } from '../../../common/alarms.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { problemFromZod } from '../../../common/zod-problem.ts';
import { checkLimitOrder } from '../../../common/alarm-limits.ts';
import { checkAlarmAgainstTags, type AlarmFileEntry } from './alarm-validation.ts';

export interface DefinitionEntry {
  file: string;
  definition: AlarmDefinition;
}

/**
 * The project's alarm definitions as files: edits are validated whole, written atomically (a temporary
 * file renamed over the old one) and only then handed back for the engine to apply, so a refused or
 * failed edit changes neither the files nor the running alarms. Edits run one at a time.
 */
export class AlarmDefinitionStore {
  private readonly files = new Map<string, AlarmDefinition[]>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly projectDir: string;
  private tags: ReadonlyMap<string, TagDefinition>;

  constructor(projectDir: string, files: readonly AlarmFileEntry[], tags: ReadonlyMap<string, TagDefinition>) {
    this.projectDir = projectDir;
    this.tags = tags;
    for (const f of files) this.files.set(f.file, [...f.alarms]);
  }

  /** The tags definitions are checked against, after the tag configuration changed. */
  setTags(tags: ReadonlyMap<string, TagDefinition>): void {
    this.tags = tags;
  }

  /** Alarms generated from template instances (their "file" is `instance:<path>`), replaced whole when instances change. */
  setGenerated(entries: readonly { file: string; alarms: readonly AlarmDefinition[] }[]): void {
    for (const file of [...this.files.keys()]) if (!file.startsWith('alarms/')) this.files.delete(file);
    for (const entry of entries) this.files.set(entry.file, [...entry.alarms]);
  }

  list(): DefinitionEntry[] {
    return [...this.files].flatMap(([file, defs]) => defs.map((definition) => ({ file, definition })));
  }

  all(): AlarmDefinition[] {
    return [...this.files.values()].flat();
  }

  /** Adds or replaces a definition (by id) in `alarms/<fileName>.json`; an existing one stays in its file. */
  save(input: unknown, fileName?: string): Promise<Result<DefinitionEntry>> {
    return this.serially(async () => {
      const parsed = AlarmDefinitionSchema.safeParse(input);
      if (!parsed.success) return { ok: false, error: problemFromZod(parsed.error, 'definition') };
      const def = parsed.data;
      const problem = checkAlarmAgainstTags(def, this.tags);
      if (problem) return fail('bad-request', `definition.${problem.field}: ${problem.message}`, `definition.${problem.field}`);
      const order = checkLimitOrder(def, this.all());
      if (order) return fail('bad-request', `${order.message.charAt(0).toUpperCase()}${order.message.slice(1)}.`, `definition.${order.field}`);
      const current = this.fileOf(def.id);
      if (current !== undefined && !current.startsWith('alarms/')) {
        return fail('bad-request', `definition.id: alarm ${def.id} comes from a template (${current}): change the template instead`, 'definition.id');
      }
      const file = fileName !== undefined ? `alarms/${fileName}.json` : (current ?? 'alarms/alarms.json');
      if (current !== undefined && current !== file) {
        return fail('bad-request', `definition.id: alarm ${def.id} is defined in ${current}; save it there or delete it first`, 'definition.id');
      }
      const next = [...(this.files.get(file) ?? [])];
      const at = next.findIndex((d) => d.id === def.id);
      if (at >= 0) next[at] = def;
      else next.push(def);
      const written = await this.writeFile(file, next);
      if (!written.ok) return written;
      this.files.set(file, next);
      return ok({ file, definition: def });
    });
  }

  delete(id: string): Promise<Result<{ id: string; file: string }>> {
    return this.serially(async () => {
      const file = this.fileOf(id);
      if (file === undefined) return fail('not-found', `no alarm definition ${id}`, 'id');
      if (!file.startsWith('alarms/')) return fail('bad-request', `id: alarm ${id} comes from a template (${file}): delete the instance or change the template`, 'id');
      const next = this.files.get(file)!.filter((d) => d.id !== id);
      const written = await this.writeFile(file, next);
      if (!written.ok) return written;
      this.files.set(file, next);
      return ok({ id, file });
    });
  }

  private fileOf(id: string): string | undefined {
    for (const [file, defs] of this.files) if (defs.some((d) => d.id === id)) return file;
    return undefined;
  }

  private async writeFile(file: string, alarms: readonly AlarmDefinition[]): Promise<Result<void>> {
    const path = join(this.projectDir, file);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, `${JSON.stringify({ alarms }, null, 2)}\n`, 'utf8');
      await rename(temp, path);
      return ok(undefined);
    } catch (error) {
      await rm(temp, { force: true });
      return fail('internal', `cannot write ${file}: ${(error as Error).message}`, file);
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
