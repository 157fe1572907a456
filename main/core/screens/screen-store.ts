import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail, ok, type Problem, type Result } from '../../../common/result.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { SavedScreen, ScreenChange, ScreenSummary, StoredScreen } from '../../../common/screens-contract.ts';
import { loadScreenDocument } from '../../../screens/screen-document.ts';
import { migrateScreenDocument } from '../../../screens/screen-migrations.ts';
import type { Screen, ScreenDocument, Template } from '../../../screens/screen-schema.ts';
import { screenWarnings } from './screen-warnings.ts';

export type DocumentKind = 'screen' | 'template';

interface Entry {
  /** As written (current format, defaults left out): what is stored and handed out. */
  json: Record<string, unknown>;
  /** Validated, defaults filled in: what the cross-document checks read. */
  doc: ScreenDocument;
  revision: string;
}

const FOLDER: Record<DocumentKind, string> = { screen: 'screens', template: 'templates' };

/**
 * The project's screens (`screens/<id>.json`) and templates (`templates/<id>.json`). Every document
 * is validated whole before it is written, and written atomically (a temporary file renamed over the
 * old one), so a refused or failed edit leaves the files as they were. Each document has a revision
 * (a hash of its file); a change must name the revision it started from, so an edit made elsewhere
 * in the meantime is refused as a conflict instead of being overwritten. Edits run one at a time.
 */
export class ScreenStore {
  private readonly entries: Record<DocumentKind, Map<string, Entry>> = { screen: new Map(), template: new Map() };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changes = new Emitter<ScreenChange>();
  /** Every stored change, after its file is written (the gateway pushes it as `screens.changed`). */
  readonly onDidChange: (listener: (change: ScreenChange) => void) => Disposable = this.changes.event;
  private readonly projectDir: string;
  private readonly tags: ReadonlySet<string>;

  private constructor(projectDir: string, tags: ReadonlySet<string>) {
    this.projectDir = projectDir;
    this.tags = tags;
  }

  /** Reads both folders; a file that is not a valid document fails the whole load, naming the file. */
  static async open(projectDir: string, tagPaths: Iterable<string>): Promise<Result<ScreenStore>> {
    const store = new ScreenStore(projectDir, new Set(tagPaths));
    for (const kind of ['template', 'screen'] as const) {
      const folder = FOLDER[kind];
      let names: string[];
      try {
        names = (await readdir(join(projectDir, folder))).filter((n) => n.endsWith('.json')).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        return fail('config-error', `${folder}: cannot read the folder: ${(error as Error).message}`, folder);
      }
      for (const name of names) {
        const file = `${folder}/${name}`;
        let text: string;
        let json: unknown;
        try {
          text = await readFile(join(projectDir, file), 'utf8');
          json = JSON.parse(text);
        } catch (error) {
          return fail('config-error', `${file}: ${(error as Error).message}`, file);
        }
        const checked = validate(kind, json, '');
        if (!checked.ok) return fail('config-error', `${file}: ${checked.error.message}`, `${file}#${checked.error.path ?? ''}`);
        if (`${checked.value.doc.id}.json` !== name) return fail('config-error', `${file}: id "${checked.value.doc.id}" does not match the file name`, `${file}#id`);
        store.entries[kind].set(checked.value.doc.id, { ...checked.value, revision: revisionOf(text) });
      }
    }
    return ok(store);
  }

  list(kind: DocumentKind): ScreenSummary[] {
    return [...this.entries[kind].values()].map((e) => summaryOf(e)).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Validated documents for the runtime's own use (defaults filled in). */
  documents(kind: 'screen'): Screen[];
  documents(kind: 'template'): Template[];
  documents(kind: DocumentKind): ScreenDocument[] {
    return [...this.entries[kind].values()].map((e) => e.doc);
  }

  get(kind: DocumentKind, id: string): Result<StoredScreen> {
    const entry = this.entries[kind].get(id);
    if (!entry) return fail('not-found', `no ${kind} "${id}"`, 'id');
    return ok({ summary: summaryOf(entry), document: entry.json, warnings: this.warningsOf(entry) });
  }

  save(kind: DocumentKind, document: unknown, baseRevision: string): Promise<Result<SavedScreen>> {
    return this.serially(async () => {
      const checked = validate(kind, document);
      if (!checked.ok) return checked;
      const id = checked.value.doc.id;
      const current = this.entries[kind].get(id);
      if (!current) return fail('not-found', `document.id: no ${kind} "${id}" to save over (create it first)`, 'document.id');
      const stale = checkRevision(kind, id, current, baseRevision);
      if (!stale.ok) return stale;
      return this.announce(await this.write(kind, checked.value), kind, id, 'saved');
    });
  }

  create(kind: DocumentKind, document: unknown): Promise<Result<SavedScreen>> {
    return this.serially(async () => {
      const checked = validate(kind, document);
      if (!checked.ok) return checked;
      const id = checked.value.doc.id;
      if (this.entries[kind].has(id)) return fail('conflict', `document.id: a ${kind} "${id}" already exists`, 'document.id');
      return this.announce(await this.write(kind, checked.value), kind, id, 'created');
    });
  }

  rename(kind: DocumentKind, id: string, newId: string, name: string | undefined, baseRevision: string): Promise<Result<SavedScreen>> {
    return this.serially(async () => {
      const current = this.entries[kind].get(id);
      if (!current) return fail('not-found', `no ${kind} "${id}"`, 'id');
      const stale = checkRevision(kind, id, current, baseRevision);
      if (!stale.ok) return stale;
      if (newId !== id && this.entries[kind].has(newId)) return fail('conflict', `newId: a ${kind} "${newId}" already exists`, 'newId');
      const checked = validate(kind, { ...current.json, id: newId, ...(name === undefined ? {} : { name }) });
      if (!checked.ok) return checked;
      const written = await this.write(kind, checked.value);
      if (!written.ok) return written;
      if (newId === id) return this.announce(written, kind, id, 'saved');
      const removed = await this.remove(kind, id);
      if (!removed.ok) return removed;
      this.changes.fire({ kind, id, change: 'renamed', newId, revision: written.value.summary.revision });
      return written;
    });
  }

  duplicate(kind: DocumentKind, id: string, newId: string, name: string | undefined): Promise<Result<SavedScreen>> {
    return this.serially(async () => {
      const current = this.entries[kind].get(id);
      if (!current) return fail('not-found', `no ${kind} "${id}"`, 'id');
      if (this.entries[kind].has(newId)) return fail('conflict', `newId: a ${kind} "${newId}" already exists`, 'newId');
      const checked = validate(kind, { ...current.json, id: newId, name: name ?? `${String(current.json['name'])} (copy)`.slice(0, 80) });
      if (!checked.ok) return checked;
      return this.announce(await this.write(kind, checked.value), kind, newId, 'created');
    });
  }

  delete(kind: DocumentKind, id: string, baseRevision: string): Promise<Result<{ id: string }>> {
    return this.serially(async () => {
      const current = this.entries[kind].get(id);
      if (!current) return fail('not-found', `no ${kind} "${id}"`, 'id');
      const stale = checkRevision(kind, id, current, baseRevision);
      if (!stale.ok) return stale;
      const removed = await this.remove(kind, id);
      if (!removed.ok) return removed;
      this.changes.fire({ kind, id, change: 'deleted' });
      return ok({ id });
    });
  }

  private announce(written: Result<SavedScreen>, kind: DocumentKind, id: string, change: 'saved' | 'created'): Result<SavedScreen> {
    if (written.ok) this.changes.fire({ kind, id, change, revision: written.value.summary.revision });
    return written;
  }

  private warningsOf(entry: Pick<Entry, 'json' | 'doc'>): SavedScreen['warnings'] {
    return screenWarnings(entry.json, entry.doc, { tags: this.tags, screens: this.documents('screen'), templates: this.documents('template') });
  }

  private async write(kind: DocumentKind, checked: { json: Record<string, unknown>; doc: ScreenDocument }): Promise<Result<SavedScreen>> {
    const file = fileOf(kind, checked.doc.id);
    const path = join(this.projectDir, file);
    const text = `${JSON.stringify(checked.json, null, 2)}\n`;
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      return fail('internal', `cannot write ${file}: ${(error as Error).message}`, file);
    }
    const entry: Entry = { ...checked, revision: revisionOf(text) };
    this.entries[kind].set(checked.doc.id, entry);
    return ok({ summary: summaryOf(entry), warnings: this.warningsOf(entry) });
  }

  private async remove(kind: DocumentKind, id: string): Promise<Result<void>> {
    const file = fileOf(kind, id);
    try {
      await rm(join(this.projectDir, file), { force: true });
    } catch (error) {
      return fail('internal', `cannot delete ${file}: ${(error as Error).message}`, file);
    }
    this.entries[kind].delete(id);
    return ok(undefined);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Migrated, then validated; the error names the path inside `document`. */
function validate(kind: DocumentKind, input: unknown, at = 'document'): Result<{ json: Record<string, unknown>; doc: ScreenDocument }> {
  const migrated = migrateScreenDocument(input);
  if (!migrated.ok) return inDocument(migrated.error, at);
  const loaded = loadScreenDocument(migrated.value);
  if (!loaded.ok) return inDocument(loaded.error, at);
  const kindPath = at ? `${at}.kind` : 'kind';
  if (loaded.value.kind !== kind) return fail('bad-request', `${kindPath}: expected a ${kind}, got a ${loaded.value.kind}`, kindPath);
  return ok({ json: migrated.value, doc: loaded.value });
}

/** A problem of the document, re-pathed under `document` (what the caller sent). */
function inDocument(problem: Problem, at: string): Result<never> {
  if (!at) return fail('bad-request', problem.message, problem.path);
  if (problem.path === undefined) return fail('bad-request', `${at}: ${problem.message}`, at);
  return fail('bad-request', `${at}.${problem.message}`, `${at}.${problem.path}`);
}

function checkRevision(kind: DocumentKind, id: string, current: Entry, baseRevision: string): Result<void> {
  if (current.revision === baseRevision) return ok(undefined);
  return fail('conflict', `baseRevision: ${kind} "${id}" was changed elsewhere since revision ${baseRevision} (now ${current.revision}); reload it and apply the change again`, 'baseRevision');
}

function summaryOf(entry: Entry): ScreenSummary {
  const { doc } = entry;
  const screen = doc.kind === 'screen' ? { level: doc.level, ...(doc.parent === undefined ? {} : { parent: doc.parent }), ...(doc.area === undefined ? {} : { area: doc.area }) } : {};
  return { id: doc.id, name: doc.name, kind: doc.kind, ...screen, file: fileOf(doc.kind, doc.id), revision: entry.revision };
}

function fileOf(kind: DocumentKind, id: string): string {
  return `${FOLDER[kind]}/${id}.json`;
}

function revisionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
