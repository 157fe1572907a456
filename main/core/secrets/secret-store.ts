import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../../common/result.ts';
import { SECRET_VALUE_MAX, SecretNameSchema } from '../../../common/secrets.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';

/** The secrets file in a station's data folder (mode 600). */
export const SECRETS_FILE = 'secrets.json';
const FORMAT = 1;
const PRIVATE = process.platform !== 'win32';

const SecretsFileSchema = z.strictObject({
  format: z.literal(FORMAT, { message: `this Lineside reads secrets files of format ${FORMAT}` }),
  secrets: z.record(z.string(), z.string().max(SECRET_VALUE_MAX)).superRefine((secrets, ctx) => {
    for (const name of Object.keys(secrets)) {
      const checked = SecretNameSchema.safeParse(name);
      if (!checked.success) ctx.addIssue({ code: 'custom', path: [name], message: checked.error.issues[0]!.message });
    }
  }),
});

/** A change to several secrets at once: a value sets, null deletes. */
export type SecretChanges = ReadonlyMap<string, string | null>;

/** What secret lookups need (the store, or a store with pending changes laid over it). */
export interface SecretLookup {
  get(name: string): string | undefined;
}

/**
 * A station's secrets: name → value, in `<dataDir>/secrets.json` (mode 600, the folder 700), apart from
 * the project so that a project can be shared or kept in git without them. Values never leave through
 * a call, an export or a log: callers show `has(name)` only. Every change rewrites the file atomically
 * (a temporary 600 file, fsync, rename, fsync of the folder), so a crash leaves the old or the new file.
 * The file is read again when it changed on disk (`npm run secrets -- set` while the runtime runs).
 * Synchronous: the file is small, and validation (zod) that resolves references is synchronous.
 */
export class SecretStore implements SecretLookup {
  readonly dir: string;
  readonly file: string;
  private values = new Map<string, string>();
  private seen: string | undefined;

  private constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, SECRETS_FILE);
  }

  /**
   * Opens the secrets file of a data folder (none yet: an empty store, the file is written on the first
   * `set`). A file that cannot be read or parsed refuses, naming the file and what to do.
   */
  static open(dataDir: string): Result<SecretStore> {
    const store = new SecretStore(dataDir);
    const loaded = store.reload();
    return loaded.ok ? ok(store) : loaded;
  }

  get(name: string): string | undefined {
    this.refresh();
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The names (never the values), sorted. */
  names(): string[] {
    this.refresh();
    return [...this.values.keys()].sort();
  }

  set(name: string, value: string): Result<void> {
    return this.update(new Map([[name, value]]));
  }

  /** Deletes one secret; true when it existed. */
  delete(name: string): Result<boolean> {
    const existed = this.has(name);
    if (!existed) return ok(false);
    const done = this.update(new Map([[name, null]]));
    return done.ok ? ok(true) : done;
  }

  /** Sets and deletes several secrets in one write of the file: all or none. */
  update(changes: SecretChanges): Result<void> {
    for (const [name, value] of changes) {
      const checked = SecretNameSchema.safeParse(name);
      if (!checked.success) return fail('bad-request', `secret name "${name}": ${checked.error.issues[0]!.message}`, 'name');
      if (value !== null && (value.length === 0 || value.length > SECRET_VALUE_MAX)) {
        return fail('bad-request', `secret ${name}: a value has 1 to ${SECRET_VALUE_MAX} characters`, 'value');
      }
    }
    // Read first: another process (the secrets CLI) may have changed the file since.
    const current = this.reload();
    if (!current.ok) return current;
    const next = new Map(this.values);
    for (const [name, value] of changes) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    const text = `${JSON.stringify({ format: FORMAT, secrets: Object.fromEntries([...next].sort(([a], [b]) => a.localeCompare(b))) }, null, 2)}\n`;
    try {
      writePrivateFileAtomically(this.dir, this.file, text);
    } catch (error) {
      return fail('internal', `cannot write ${this.file}: ${(error as Error).message}`, SECRETS_FILE);
    }
    this.values = next;
    this.seen = signature(this.file);
    return ok(undefined);
  }

  /** Re-reads the file when it changed on disk since the last read or write. */
  private refresh(): void {
    if (signature(this.file) === this.seen) return;
    // A file broken while running keeps the last good values; the next start refuses it by name.
    this.reload();
  }

  private reload(): Result<void> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.values = new Map();
        this.seen = undefined;
        return ok(undefined);
      }
      return this.problem(`cannot be read: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return this.problem(`is not valid JSON (${(error as Error).message})`);
    }
    const parsed = SecretsFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return this.problem(`${formatFieldPath(issue.path) || 'the file'}: ${issue.message}`);
    }
    if (PRIVATE) {
      try {
        if ((statSync(this.file).mode & 0o777) !== 0o600) chmodSync(this.file, 0o600);
      } catch (error) {
        return this.problem(`cannot be made private (mode 600): ${(error as Error).message}`);
      }
    }
    this.values = new Map(Object.entries(parsed.data.secrets));
    this.seen = signature(this.file);
    return ok(undefined);
  }

  private problem(why: string): Result<never> {
    return fail(
      'config-error',
      `the secrets file ${this.file} ${why}. Restore it from the station's backup (it is kept apart from the project), or move it away and set the secrets again (npm run secrets -- --data ${this.dir} set NAME).`,
      SECRETS_FILE,
    );
  }
}

function signature(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/**
 * Writes `file` in `dir` as a new 600 file: a temporary file first (created 600, written, fsynced), then
 * renamed over the old one, then the folder fsynced, so a crash leaves either the old or the new file.
 */
export function writePrivateFileAtomically(dir: string, file: string, text: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  if (PRIVATE) {
    const folder = openSync(dir, 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  }
}
