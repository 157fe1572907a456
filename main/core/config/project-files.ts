import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../../../common/result.ts';

/** How project files are written: 2-space JSON with a trailing newline, as engineers keep them in git. */
export function formatJson(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Writes several project files as one change: every file goes to a temporary file first (a full disk
 * or a read-only folder fails here, with nothing changed), then each is renamed over the old one.
 */
export async function writeFilesAtomically(projectDir: string, files: ReadonlyMap<string, string>): Promise<Result<void>> {
  const temps: Array<{ temp: string; path: string }> = [];
  try {
    for (const [file, text] of files) {
      const path = join(projectDir, file);
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await mkdir(dirname(path), { recursive: true });
      temps.push({ temp, path });
      await writeFile(temp, text, 'utf8');
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t.temp, { force: true })));
    return fail('internal', `cannot write the project files: ${(error as Error).message}`);
  }
  for (const { temp, path } of temps) await rename(temp, path);
  return ok(undefined);
}
