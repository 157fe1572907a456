import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a file so a reader never sees half of it: the bytes go to a dot-named `.tmp` file in the
 * same folder (same file system, so the rename is atomic), are flushed to disk, then renamed into
 * place; the folder is flushed too so the rename survives a power cut.
 */
export async function writeFileAtomic(dir: string, name: string, contents: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}

/** A file name from an id: the safe id alphabet, with `:` (refused on Windows shares) replaced. */
export function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
